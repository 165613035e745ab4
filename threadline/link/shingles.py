"""Turn a batch of ad texts into deduplicated word-shingle hashes, one vectorised pass per batch.

Tokens (masked, :mod:`threadline.link.masking`) get a stable 64-bit value from a keyed BLAKE2b, computed
once per distinct token (the vocabulary dict is the cache); Python's ``hash`` is salted per process and
would make saved LSH tables useless in the next run. Shingles of ``k`` consecutive tokens are then
hashed for the whole batch at once in numpy, never crossing an ad boundary, and deduplicated per ad by
one sort of ``(ad << 40) | shingle40``, then kept as 32 bits (half the memory of the largest array
of a build). A shingle is identified by those 32 bits: a given shingle shares them with another of a
corpus of 20 million distinct shingles with probability ~0.5%, which merges two document counts and
moves no Jaccard estimate measurably.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from threadline.link.masking import tokens

U64 = np.uint64
MASK32 = U64(0xFFFFFFFF)
_MULTIPLIERS = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93)


def mix64(z: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """splitmix64 finaliser, in place on a fresh array: spreads every input bit over all 64."""
    tmp = np.empty_like(z)  # one scratch array instead of a temporary per step
    for shift, mult in ((30, 0xBF58476D1CE4E5B9), (27, 0x94D049BB133111EB)):
        np.right_shift(z, U64(shift), out=tmp)
        z ^= tmp
        z *= U64(mult)
    np.right_shift(z, U64(31), out=tmp)
    z ^= tmp
    return z


class _Vocabulary(dict[str, int]):
    """token -> stable 64-bit value; misses are hashed once and remembered."""

    def __init__(self, seed: int) -> None:
        super().__init__()
        self._key = seed.to_bytes(8, "little")

    def __missing__(self, token: str) -> int:
        value = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8, key=self._key).digest(), "little")
        self[token] = value
        return value


@dataclass(frozen=True, slots=True)
class ShingleBatch:
    """Distinct shingles of each ad: ``values[offsets[i]:offsets[i+1]]`` for ad i."""

    values: NDArray[np.uint32]
    offsets: NDArray[np.int64]

    @property
    def counts(self) -> NDArray[np.int64]:
        return np.diff(self.offsets)

    def select(self, keep: NDArray[np.bool_]) -> ShingleBatch:
        """The same ads with only the shingles where ``keep`` is true."""
        ad = np.repeat(np.arange(len(self.offsets) - 1), np.diff(self.offsets))
        counts = np.bincount(ad[keep], minlength=len(self.offsets) - 1)
        offsets = np.zeros(len(counts) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        return ShingleBatch(self.values[keep], offsets)

    def take(self, ads: NDArray[np.bool_]) -> ShingleBatch:
        """Only the ads where ``ads`` is true, with all their shingles."""
        counts = self.counts[ads]
        offsets = np.zeros(len(counts) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        return ShingleBatch(self.values[np.repeat(ads, self.counts)], offsets)


class Shingler:
    """Masked word-shingle hashing with a persistent vocabulary cache."""

    VOCAB_LIMIT = 2_000_000  # past this, stop caching (pathological inputs); hashing stays correct

    def __init__(self, k: int, seed: int) -> None:
        self.k = k
        self.vocab = _Vocabulary(seed)

    def token_values(self, toks: list[str]) -> list[int]:
        vocab = self.vocab
        if len(vocab) > self.VOCAB_LIMIT:
            vocab.clear()
        return list(map(vocab.__getitem__, toks))

    def batch(self, texts: Sequence[str]) -> ShingleBatch:
        """Distinct shingle hashes of each text; the batch must hold fewer than 2^24 texts."""
        flat: array[int] = array("Q")
        lengths: array[int] = array("q")
        vocab = self.vocab
        for text in texts:
            toks = tokens(text)
            flat.extend(map(vocab.__getitem__, toks))
            lengths.append(len(toks))
        if len(vocab) > self.VOCAB_LIMIT:
            vocab.clear()
        return self.from_tokens(np.frombuffer(flat, dtype=U64), np.frombuffer(lengths, dtype=np.int64))

    def from_tokens(self, flat: NDArray[np.uint64], lengths: NDArray[np.int64]) -> ShingleBatch:
        n, k = len(lengths), self.k
        if n >= 1 << 24:
            raise ValueError("a shingle batch holds fewer than 2**24 texts")
        m = len(flat) - k + 1
        if m <= 0:
            return ShingleBatch(np.zeros(0, dtype=np.uint32), np.zeros(n + 1, dtype=np.int64))
        # A shingle may not start in the last k-1 tokens of its ad (it would cross into the next one).
        ends = np.cumsum(lengths)
        valid = np.ones(m, dtype=bool)
        for j in range(1, k):
            cut = ends - j
            valid[cut[(cut >= 0) & (cut < m)]] = False
        key = self._hash(flat, m)
        key >>= U64(24)
        key |= np.repeat(np.arange(n, dtype=U64) << U64(40), lengths)[:m]  # the owning ad on top
        key = key[valid]
        key.sort()
        first = np.ones(len(key), dtype=bool)
        first[1:] = key[1:] != key[:-1]
        key = key[first]
        counts = np.bincount((key >> U64(40)).astype(np.int64), minlength=n)
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        return ShingleBatch((key & MASK32).astype(np.uint32), offsets)

    def positions(self, text: str) -> tuple[list[str], NDArray[np.uint32]]:
        """Tokens of one text and the 32-bit value of the shingle starting at each position (for
        explaining which phrase is boilerplate); shorter than the tokens by ``k - 1``."""
        toks = tokens(text)
        flat = np.array(self.token_values(toks), dtype=U64)
        m = len(toks) - self.k + 1
        if m <= 0:
            return toks, np.zeros(0, dtype=np.uint32)
        return toks, ((self._hash(flat, m) >> U64(24)) & MASK32).astype(np.uint32)

    def _hash(self, flat: NDArray[np.uint64], m: int) -> NDArray[np.uint64]:
        # Position-dependent odd multipliers, so "a b c" and "c b a" differ; then a full mix.
        h = flat[:m] * U64(_MULTIPLIERS[0])
        tmp = np.empty_like(h)
        for j in range(1, self.k):
            np.multiply(flat[j : j + m], U64(_MULTIPLIERS[j % len(_MULTIPLIERS)] + 2 * j), out=tmp)
            h += tmp
        return mix64(h)
