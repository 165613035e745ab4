"""Vectorised MinHash signatures and LSH band keys, in numpy.

Why numpy and not rensa: measured in the same run (:func:`threadline.link.bench.minhash_backends`),
rensa's Rust batch API computes a signature in ~1.2 µs, but its digest matrix only comes out as Python
lists (``to_rows``), and turning those into an array costs ~13 µs an ad; this module, which keeps
everything in arrays, costs ~3 µs an ad, and the engine needs the arrays (LSH keys, verification,
saved state).

The permutations are ``h_j(x) = a_j·x + b_j mod 2^32`` with odd ``a_j`` over 32-bit shingle values
that are already fully mixed: bijections of the 32-bit space. On mixed inputs their Jaccard estimates
are unbiased with the binomial spread of ideal permutations (checked in tests). The work layout is
(permutation, shingle): each permutation is one contiguous row, so ``minimum.reduceat`` along a row
runs at memory speed — five times faster than the (shingle, permutation) layout.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from threadline.link.shingles import U64, ShingleBatch, mix64

U32 = np.uint32
_BLOCK = 4096  # shingles per step: the (num_perm, block) work array stays in the L2 cache


class MinHasher:
    """Signatures of ``num_perm`` permutations, and the band keys of an LSH index over them."""

    def __init__(self, num_perm: int, bands: int, rows: int, seed: int) -> None:
        if bands * rows > num_perm:
            raise ValueError("bands * rows must not exceed num_perm")
        rng = np.random.default_rng(seed)
        self.num_perm, self.bands, self.rows = num_perm, bands, rows
        self.a = (rng.integers(0, 1 << 32, size=num_perm, dtype=np.uint64).astype(U32) | U32(1))[:, None]
        self.b = rng.integers(0, 1 << 32, size=num_perm, dtype=np.uint64).astype(U32)[:, None]
        self.salt = rng.integers(0, 1 << 63, size=bands, dtype=np.uint64)

    def signatures(self, batch: ShingleBatch) -> NDArray[np.uint32]:
        """(num_perm, n) signature matrix of the batch's ads; every ad must have a shingle."""
        offsets = batch.offsets
        n = len(offsets) - 1
        if n and int(np.diff(offsets).min()) <= 0:
            raise ValueError("every ad passed to signatures() needs at least one shingle")
        x = batch.values
        out = np.empty((self.num_perm, n), dtype=U32)
        work = np.empty((self.num_perm, _BLOCK), dtype=U32)
        ad = 0
        while ad < n:
            # Whole ads per step, as many as fit in a block (an ad longer than a block gets its own).
            end = int(np.searchsorted(offsets, offsets[ad] + _BLOCK, side="right")) - 1
            end = max(end, ad + 1)
            lo, hi = int(offsets[ad]), int(offsets[end])
            buf = work[:, : hi - lo] if hi - lo <= _BLOCK else np.empty((self.num_perm, hi - lo), dtype=U32)
            np.multiply(self.a, x[None, lo:hi], out=buf)
            np.add(buf, self.b, out=buf)
            out[:, ad:end] = np.minimum.reduceat(buf, offsets[ad:end] - lo, axis=1)
            ad = end
        return out

    def band_keys(self, sig: NDArray[np.uint32]) -> NDArray[np.uint64]:
        """(n, bands) 64-bit keys, one per band of ``rows`` signature values; the band number is
        salted in, so keys of different bands never meet in the shared table."""
        n = sig.shape[1]
        rows = sig[: self.bands * self.rows].reshape(self.bands, self.rows, n)
        h = np.repeat(self.salt[:, None], n, axis=1)  # (bands, n): all bands at once, row by row
        for r in range(self.rows):
            h ^= rows[:, r, :]
            h *= U64(0x9E3779B97F4A7C15)
        return np.ascontiguousarray(mix64(h).T)


def estimate_jaccard(sig: NDArray[np.uint16], u: NDArray[np.int64], v: NDArray[np.int64]) -> NDArray[np.float64]:
    """Estimated Jaccard of ad pairs (u[i], v[i]) from stored 16-bit signature rows.

    Stored rows keep the low 16 bits of each minimum (the high bits of a minimum are mostly zero); two
    different minima agree on them by chance with probability 2^-16, a bias below 1e-5.
    """
    out = np.empty(len(u), dtype=np.float64)
    step = 1 << 15
    for lo in range(0, len(u), step):
        hi = min(lo + step, len(u))
        out[lo:hi] = (sig[u[lo:hi]] == sig[v[lo:hi]]).mean(axis=1)
    return out
