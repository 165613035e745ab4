"""Perceptual hashes survive re-encoding and resizing; the near-hash index finds exactly the near pairs."""

from __future__ import annotations

import io
from itertools import combinations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from threadline.errors import InvalidField
from threadline.link.images import ImageIndex, hamming, phash, popcount


def _picture(seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    img = Image.new("RGB", (320, 240), tuple(int(x) for x in rng.integers(0, 255, 3)))
    draw = ImageDraw.Draw(img)
    for _ in range(12):
        x, y = int(rng.integers(0, 300)), int(rng.integers(0, 220))
        w, h = int(rng.integers(20, 160)), int(rng.integers(20, 120))
        colour = tuple(int(c) for c in rng.integers(0, 255, 3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)([x, y, x + w, y + h], fill=colour)
    return img.filter(ImageFilter.GaussianBlur(2))


def _encode(img: Image.Image, fmt: str, **kw: int) -> bytes:
    out = io.BytesIO()
    img.save(out, fmt, **kw)
    return out.getvalue()


def test_reencoded_and_resized_copies_stay_close_unrelated_pictures_do_not() -> None:
    originals = []
    for seed in range(12):
        img = _picture(seed)
        base = phash(_encode(img, "PNG"))
        originals.append(base)
        copies = [_encode(img, "JPEG", quality=q) for q in (90, 60, 30)]
        copies += [_encode(img.resize((int(320 * f), int(240 * f))), "PNG") for f in (0.5, 1.5)]
        copies.append(_encode(img.resize((1600, 1200)), "JPEG", quality=80))  # big: decoded in draft mode
        assert max(hamming(base, phash(c)) for c in copies) <= 4
    assert min(hamming(a, b) for a, b in combinations(originals, 2)) > 12
    assert all(len(h) == 16 for h in originals)


def test_undecodable_bytes_are_an_invalid_field() -> None:
    with pytest.raises(InvalidField):
        phash(b"not an image")


def _brute(hashes: np.ndarray, t: int) -> set[tuple[int, int]]:
    out = set()
    for i, j in combinations(range(len(hashes)), 2):
        d = int(hashes[i] ^ hashes[j]).bit_count()
        if 0 < d <= t:
            out.add((j, i))
    return out


@pytest.mark.parametrize("t", [2, 3, 4])
def test_index_finds_exactly_the_near_pairs_in_bulk_and_one_by_one(t: int) -> None:
    rng = np.random.default_rng(t)
    base = rng.integers(0, 2**63, size=300, dtype=np.uint64) * np.uint64(2)
    flips = [
        np.uint64(sum(1 << int(b) for b in rng.choice(64, size=int(rng.integers(1, 6)), replace=False)))
        for _ in range(300)
    ]
    variants = base[rng.integers(0, 300, size=300)] ^ np.array(flips, dtype=np.uint64)
    hashes = np.unique(np.concatenate([base, variants]))
    expected = _brute(hashes, t)
    ids = np.arange(len(hashes), dtype=np.int64)
    bulk = ImageIndex(t)
    a, b, d = bulk.add(hashes, ids)
    assert set(zip(a.tolist(), b.tolist(), strict=True)) == expected
    assert np.array_equal(d, popcount(hashes[a] ^ hashes[b]))
    ImageIndex.OVERLAY_LIMIT, saved = 50, ImageIndex.OVERLAY_LIMIT  # exercise overlay merges
    try:
        one = ImageIndex(t)
        got = set()
        for i in range(0, len(hashes), 7):
            a, b, _ = one.add(hashes[i : i + 7], ids[i : i + 7])
            got |= set(zip(a.tolist(), b.tolist(), strict=True))
    finally:
        ImageIndex.OVERLAY_LIMIT = saved
    assert got == expected
