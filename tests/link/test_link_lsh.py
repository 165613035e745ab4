"""Band table: each bucket remembers its first and last ad; storage runs merge without changing answers."""

from __future__ import annotations

import numpy as np

from threadline.link.lsh import BandTable


def _pairs(u: np.ndarray, v: np.ndarray) -> set[tuple[int, int]]:
    return set(zip(u.tolist(), v.tolist(), strict=True))


def test_bucket_candidates_are_first_and_previous() -> None:
    table = BandTable()
    keys = np.array([[10], [10], [10], [11]], dtype=np.uint64)
    u, v = table.insert(keys, np.arange(4, dtype=np.int64))
    # Ad 1 meets the anchor 0; ad 2 meets the anchor 0 and its predecessor 1; ad 3 is alone.
    assert _pairs(u, v) == {(1, 0), (2, 0), (2, 1)}
    u, v = table.insert(np.array([[10]], dtype=np.uint64), np.array([4]))
    assert _pairs(u, v) == {(4, 0), (4, 2)}


def test_small_batches_give_the_same_pairs_as_one_big_batch() -> None:
    rng = np.random.default_rng(7)
    n, bands = 3000, 4
    keys = rng.integers(0, 400, size=(n, bands)).astype(np.uint64) + (
        np.arange(bands, dtype=np.uint64) << np.uint64(40)
    )
    ads = np.arange(n, dtype=np.int64)
    one = BandTable()
    expected = _pairs(*one.insert(keys, ads))
    many = BandTable()
    got: set[tuple[int, int]] = set()
    for lo in range(0, n, 37):
        got |= _pairs(*many.insert(keys[lo : lo + 37], ads[lo : lo + 37]))
    assert got == expected
    assert len(many.runs) < 12  # runs merge like a binary counter
    k1, f1, l1 = one.arrays()
    k2, f2, l2 = many.arrays()
    assert np.array_equal(k1, k2) and np.array_equal(f1, f2) and np.array_equal(l1, l2)


def test_arrays_roundtrip() -> None:
    table = BandTable()
    table.insert(np.array([[5, 6], [5, 7]], dtype=np.uint64), np.array([0, 1]))
    again = BandTable.from_arrays(*table.arrays())
    u, v = again.insert(np.array([[6, 9]], dtype=np.uint64), np.array([2]))
    assert _pairs(u, v) == {(2, 0)}
