"""Shingling, MinHash estimates and LSH parameters."""

from __future__ import annotations

import numpy as np
import pytest

from threadline.link.minhash import MinHasher, estimate_jaccard
from threadline.link.settings import LinkSettings, optimal_bands
from threadline.link.shingles import ShingleBatch, Shingler


def _batch(values: list[np.ndarray]) -> ShingleBatch:
    offsets = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum([len(v) for v in values], out=offsets[1:])
    return ShingleBatch(np.concatenate(values).astype(np.uint32), offsets)


def test_shingles_never_cross_ad_boundaries() -> None:
    sh = Shingler(3, seed=1)
    texts = ["one two three four five", "six seven", "eight nine ten eleven", ""]
    together = sh.batch(texts)
    for i, text in enumerate(texts):
        alone = sh.batch([text])
        assert np.array_equal(together.values[together.offsets[i] : together.offsets[i + 1]], alone.values)
    assert list(together.counts) == [3, 0, 2, 0]


def test_shingles_are_deduplicated_per_ad_and_stable_across_instances() -> None:
    a = Shingler(3, seed=5).batch(["call me now call me now call me now"])
    b = Shingler(3, seed=5).batch(["call me now call me now call me now"])
    assert a.counts[0] == 3  # "call me now", "me now call", "now call me"
    assert np.array_equal(a.values, b.values)


def test_jaccard_estimates_are_unbiased_with_binomial_spread() -> None:
    rng = np.random.default_rng(3)
    hasher = MinHasher(128, 18, 7, seed=1)
    errors = []
    for _ in range(300):
        common = rng.integers(0, 2**32, size=50, dtype=np.uint64)
        a = np.concatenate([common, rng.integers(0, 2**32, size=20, dtype=np.uint64)])
        b = np.concatenate([common, rng.integers(0, 2**32, size=20, dtype=np.uint64)])
        true = 50 / 90
        sig = hasher.signatures(_batch([np.unique(a), np.unique(b)]))
        rows = (sig.T & 0xFFFF).astype(np.uint16)
        est = estimate_jaccard(rows, np.array([0]), np.array([1]))[0]
        errors.append(est - true)
    assert abs(np.mean(errors)) < 0.01
    assert np.std(errors) < 1.3 * np.sqrt(true * (1 - true) / 128)


def test_identical_sets_share_every_band_and_disjoint_ones_none() -> None:
    hasher = MinHasher(128, 18, 7, seed=2)
    rng = np.random.default_rng(0)
    a = np.unique(rng.integers(0, 2**32, size=60, dtype=np.uint64))
    c = np.unique(rng.integers(0, 2**32, size=60, dtype=np.uint64))
    keys = hasher.band_keys(hasher.signatures(_batch([a, a.copy(), c])))
    assert np.array_equal(keys[0], keys[1])
    assert not np.intersect1d(keys[0], keys[2]).size


def test_optimal_bands_match_datasketch() -> None:
    lsh = pytest.importorskip("datasketch.lsh")
    for threshold, num_perm in ((0.6, 128), (0.5, 128), (0.8, 64)):
        assert optimal_bands(threshold, num_perm) == lsh._optimal_param(threshold, num_perm, 0.5, 0.5)
    assert LinkSettings().bands_rows == (18, 7)
