"""Perceptual hashes of ad images and the search for near-equal hashes (the same photo re-encoded).

:func:`phash` is the classic DCT pHash, computed like ``imagehash.phash`` (grey 32×32 Lanczos, 2-D
DCT-II, the 8×8 lowest frequencies against their median, bits row-major, most significant first,
16 hex digits), so hashes made by either agree up to float rounding — no extra dependency.

:class:`ImageIndex` finds, for new hashes, the known hashes within ``max_distance`` bits. Multi-index
hashing: the 64 bits are cut into ``max_distance + 1`` segments; two hashes that differ in at most
``max_distance`` bits agree exactly on at least one segment (pigeonhole), so only hashes sharing a
segment value are compared. Equal segments are found by sorting, never by materialising buckets.
Known hashes sit in per-segment sorted arrays; recent ones in a small unsorted overlay merged in
when it grows, so one new image costs a few binary searches. A segment value shared by more than
``bucket_cap`` hashes (blank or logo images: a hub in the making) is only partly searched; such
images are caught as identifier hubs by their exact hash anyway.
"""

from __future__ import annotations

import io
import logging

import numpy as np
from numpy.typing import NDArray
from PIL import Image, UnidentifiedImageError

from threadline.errors import InvalidField

log = logging.getLogger(__name__)
U64, I64 = np.uint64, np.int64
_N = 32
_DCT = np.cos(np.pi * np.outer(np.arange(_N), 2 * np.arange(_N) + 1) / (2 * _N))
_POP8 = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def phash_image(image: Image.Image) -> int:
    """64-bit DCT perceptual hash of a decoded image."""
    if image.width >= 8 * _N and image.height >= 8 * _N:
        image.draft("L", (2 * _N, 2 * _N))  # JPEG: decode at reduced scale; the hash barely moves
    grey = image.convert("L").resize((_N, _N), Image.Resampling.LANCZOS)
    pixels = np.asarray(grey, dtype=np.float64)
    low = (_DCT @ pixels @ _DCT.T)[:8, :8]
    bits = (low > np.median(low)).ravel()
    return int.from_bytes(np.packbits(bits).tobytes(), "big")


def phash(data: bytes) -> str:
    """Perceptual hash of encoded image bytes (PNG, JPEG, GIF, WebP...) as 16 hex digits."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            return f"{phash_image(image):016x}"
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise InvalidField(f"image bytes cannot be decoded: {exc}") from None


def hamming(a: str | int, b: str | int) -> int:
    """Bits that differ between two hashes (ints or hex strings)."""
    x = (int(a, 16) if isinstance(a, str) else a) ^ (int(b, 16) if isinstance(b, str) else b)
    return x.bit_count()


def popcount(x: NDArray[np.uint64]) -> NDArray[np.int64]:
    """Set bits of each 64-bit value (numpy >= 2.0 has a native popcount; a byte table otherwise)."""
    native = getattr(np, "bitwise_count", None)
    if native is not None:
        counted: NDArray[np.int64] = native(x).astype(I64)
        return counted
    out: NDArray[np.int64] = _POP8[x.view(np.uint8)].reshape(-1, 8).sum(axis=1, dtype=I64)
    return out


def parse_hash(value: str) -> int | None:
    """A hex perceptual hash as an int, or None when the value is not 1..16 hex digits."""
    if not 0 < len(value) <= 16:
        return None
    try:
        return int(value, 16)
    except ValueError:
        return None


class ImageIndex:
    """Near-equal search over 64-bit hashes; every hash is stored with an integer id."""

    OVERLAY_LIMIT = 8192

    def __init__(self, max_distance: int, bucket_cap: int = 2000) -> None:
        self.max_distance, self.bucket_cap = max_distance, bucket_cap
        m = max_distance + 1
        widths = [64 // m + (1 if i < 64 % m else 0) for i in range(m)]
        shifts = np.cumsum([0, *widths[:-1]])
        self.segments = [(U64(s), U64((1 << w) - 1)) for s, w in zip(shifts, widths, strict=True)]
        self.base_hash = np.zeros(0, dtype=U64)
        self.base_id = np.zeros(0, dtype=I64)
        self.order: list[NDArray[np.int64]] = [np.zeros(0, dtype=I64) for _ in self.segments]
        self.keys: list[NDArray[np.uint64]] = [np.zeros(0, dtype=U64) for _ in self.segments]
        self.over_hash = np.zeros(0, dtype=U64)
        self.over_id = np.zeros(0, dtype=I64)

    def __len__(self) -> int:
        return len(self.base_hash) + len(self.over_hash)

    def add(
        self, hashes: NDArray[np.uint64], ids: NDArray[np.int64]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        """Insert (hash, id) pairs; return (new id, known id, distance) for every pair of a new hash and a
        known or earlier-new hash within ``max_distance`` bits and not equal."""
        if self.max_distance == 0 or len(hashes) == 0:
            self._append(hashes, ids)
            return np.zeros(0, I64), np.zeros(0, I64), np.zeros(0, I64)
        found = [self._against_base(hashes, ids)]
        pool_hash = np.concatenate([self.over_hash, hashes])
        pool_id = np.concatenate([self.over_id, ids])
        found.append(self._self_join(pool_hash, pool_id, len(self.over_hash)))
        self._append(hashes, ids)
        a = np.concatenate([f[0] for f in found])
        b = np.concatenate([f[1] for f in found])
        d = np.concatenate([f[2] for f in found])
        if len(a) == 0:
            return a, b, d
        _, first = np.unique(np.stack([a, b]), axis=1, return_index=True)
        return a[first], b[first], d[first]

    def _segment(self, h: NDArray[np.uint64], s: int) -> NDArray[np.uint64]:
        shift, mask = self.segments[s]
        return (h >> shift) & mask

    def _against_base(self, hashes: NDArray[np.uint64], ids: NDArray[np.int64]) -> tuple[NDArray[np.int64], ...]:
        out_a, out_b, out_d = [], [], []
        for s in range(len(self.segments)):
            keys = self.keys[s]
            if not len(keys):
                break
            q = self._segment(hashes, s)
            lo = np.searchsorted(keys, q, side="left")
            full = np.searchsorted(keys, q, side="right")
            hi = np.minimum(full, lo + self.bucket_cap)
            if np.any(full > hi):
                log.warning(
                    "near-image search capped at %d hashes for %d segment values",
                    self.bucket_cap,
                    int((full > hi).sum()),
                )
            sizes = hi - lo
            if not sizes.any():
                continue
            who = np.repeat(np.arange(len(q)), sizes)
            pos = np.repeat(lo - np.cumsum(sizes) + sizes, sizes) + np.arange(int(sizes.sum()))
            known = self.order[s][pos]
            dist = popcount(hashes[who] ^ self.base_hash[known])
            ok = (dist <= self.max_distance) & (dist > 0)
            out_a.append(ids[who[ok]])
            out_b.append(self.base_id[known[ok]])
            out_d.append(dist[ok])
        return _cat(out_a), _cat(out_b), _cat(out_d)

    def _self_join(
        self, h: NDArray[np.uint64], ids: NDArray[np.int64], first_new: int
    ) -> tuple[NDArray[np.int64], ...]:
        out_a, out_b, out_d = [], [], []
        for s in range(len(self.segments)):
            keys = self._segment(h, s)
            order = np.argsort(keys, kind="stable")
            k = keys[order]
            start = np.ones(len(k), dtype=bool)
            start[1:] = k[1:] != k[:-1]
            gend = np.append(np.flatnonzero(start)[1:], len(k))[np.cumsum(start) - 1]
            live = np.flatnonzero(gend - np.arange(len(k)) > 1)
            for d in range(1, self.bucket_cap + 1):
                live = live[gend[live] - live > d]
                if not len(live):
                    break
                i, j = order[live], order[live + d]
                newer, older = np.maximum(i, j), np.minimum(i, j)  # pool order: overlay, then new
                keep = newer >= first_new
                dist = popcount(h[newer[keep]] ^ h[older[keep]])
                ok = (dist <= self.max_distance) & (dist > 0)
                out_a.append(ids[newer[keep][ok]])
                out_b.append(ids[older[keep][ok]])
                out_d.append(dist[ok])
            if len(live) and gend[live].max() - live.min() > self.bucket_cap:
                log.warning("near-image self-join capped at %d hashes per segment value", self.bucket_cap)
        return _cat(out_a), _cat(out_b), _cat(out_d)

    def _append(self, hashes: NDArray[np.uint64], ids: NDArray[np.int64]) -> None:
        self.over_hash = np.concatenate([self.over_hash, hashes])
        self.over_id = np.concatenate([self.over_id, ids])
        if len(self.over_hash) > self.OVERLAY_LIMIT:
            self._merge()

    def _merge(self) -> None:
        self.base_hash = np.concatenate([self.base_hash, self.over_hash])
        self.base_id = np.concatenate([self.base_id, self.over_id])
        self.over_hash, self.over_id = np.zeros(0, dtype=U64), np.zeros(0, dtype=I64)
        for s in range(len(self.segments)):
            keys = self._segment(self.base_hash, s)
            self.order[s] = np.argsort(keys, kind="stable")
            self.keys[s] = keys[self.order[s]]

    def arrays(self) -> tuple[NDArray[np.uint64], NDArray[np.int64]]:
        """All (hash, id) pairs, for saving; :meth:`from_arrays` rebuilds the sorted segments."""
        return np.concatenate([self.base_hash, self.over_hash]), np.concatenate([self.base_id, self.over_id])

    @classmethod
    def from_arrays(
        cls, hashes: NDArray[np.uint64], ids: NDArray[np.int64], max_distance: int, bucket_cap: int
    ) -> ImageIndex:
        index = cls(max_distance, bucket_cap)
        index.base_hash, index.base_id = hashes.astype(U64), ids.astype(I64)
        index._merge()
        return index


def _cat(parts: list[NDArray[np.int64]]) -> NDArray[np.int64]:
    return np.concatenate(parts).astype(I64) if parts else np.zeros(0, dtype=I64)
