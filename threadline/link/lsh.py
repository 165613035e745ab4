"""LSH band table: band key -> (first ad, last ad) of its bucket, kept in sorted numpy runs.

Only two ads per bucket are remembered. A new ad that lands in a bucket becomes a candidate of the
bucket's first ad (the template's anchor) and of its last ad (the newest variant; templates drift),
then becomes the bucket's last. Candidates are verified by estimated Jaccard before they link, so a
bucket never materialises all its pairs — a template posted 10,000 times costs 2 candidates an ad.

Storage is a log-structured set of sorted runs (binary-counter merging: a run is merged into the
previous one once it is at least half its size), so a bulk build of millions of keys is
O(n log n) and adding one ad touches a few small arrays. Each key lives in exactly one run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

I64 = np.int64


@dataclass(slots=True)
class _Run:
    keys: NDArray[np.uint64]
    first: NDArray[np.int32]
    last: NDArray[np.int32]


def _argsort_keeping_ties_in_order(keys: NDArray[np.uint64]) -> NDArray[np.int64]:
    """A stable argsort, ~6x faster than numpy's for 64-bit keys: sort unstably, then re-sort only the
    runs of equal keys (rare: shared buckets) by position — batch order within a bucket matters."""
    order = np.argsort(keys)
    k = keys[order]
    tie = np.zeros(len(k), dtype=bool)
    same = k[1:] == k[:-1]
    tie[1:] |= same
    tie[:-1] |= same
    if tie.any():
        # Runs are contiguous and already in key order, so sorting the tied positions by (key, position)
        # and writing them back in place keeps the whole order sorted.
        sub = order[tie]
        order[tie] = sub[np.lexsort((sub, k[tie]))]
    return order


def _merge(a: _Run, b: _Run) -> _Run:
    keys = np.concatenate([a.keys, b.keys])
    order = np.argsort(keys, kind="stable")  # two sorted runs: timsort merges them in linear time
    return _Run(keys[order], np.concatenate([a.first, b.first])[order], np.concatenate([a.last, b.last])[order])


class BandTable:
    """Buckets of every band in one table (band keys are salted per band)."""

    def __init__(self) -> None:
        self.runs: list[_Run] = []

    def __len__(self) -> int:
        return sum(len(r.keys) for r in self.runs)

    def insert(self, keys: NDArray[np.uint64], ads: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Insert ads (in order) under their band keys ``keys[i, :]``; return candidate pairs
        (ad, other ad) that share a bucket, deduplicated, ``ad`` being the later-inserted one."""
        bands = keys.shape[1]
        flat = keys.ravel()
        ad = np.repeat(ads.astype(I64), bands)
        order = _argsort_keeping_ties_in_order(flat)
        k, a = flat[order], ad[order]
        start = np.ones(len(k), dtype=bool)
        start[1:] = k[1:] != k[:-1]
        starts = np.flatnonzero(start)
        group = np.cumsum(start) - 1
        ukeys = k[starts]
        ex_first, ex_last, where = self._lookup(ukeys)
        rep = np.where(ex_first >= 0, ex_first, a[starts])[group]
        prev = np.empty(len(a), dtype=I64)
        prev[1:] = a[:-1]
        prev[starts] = ex_last
        pairs_u = np.concatenate([a, a])
        pairs_v = np.concatenate([rep, prev])
        ok = (pairs_v >= 0) & (pairs_v != pairs_u)
        # The chain pair duplicates the anchor pair when the previous ad is the anchor.
        ok[len(a) :] &= prev != rep
        u, v = pairs_u[ok], pairs_v[ok]
        ends = np.append(starts[1:], len(a)) - 1
        self._update(ukeys, rep[starts], a[ends], where)
        if len(u) == 0:
            return u, v
        both = np.unique((u << 32) | v)  # ad indices < 2**31
        return both >> 32, both & 0xFFFFFFFF

    def _lookup(
        self, ukeys: NDArray[np.uint64]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], list[NDArray[np.int64]]]:
        first = np.full(len(ukeys), -1, dtype=I64)
        last = np.full(len(ukeys), -1, dtype=I64)
        where: list[NDArray[np.int64]] = []
        for run in self.runs:
            pos = np.searchsorted(run.keys, ukeys)
            pos[pos == len(run.keys)] = 0
            hit = run.keys[pos] == ukeys if len(run.keys) else np.zeros(len(ukeys), dtype=bool)
            first[hit] = run.first[pos[hit]]
            last[hit] = run.last[pos[hit]]
            where.append(np.where(hit, pos, -1))
        return first, last, where

    def _update(
        self,
        ukeys: NDArray[np.uint64],
        first: NDArray[np.int64],
        last: NDArray[np.int64],
        where: list[NDArray[np.int64]],
    ) -> None:
        known = np.zeros(len(ukeys), dtype=bool)
        for run, pos in zip(self.runs, where, strict=True):
            hit = pos >= 0
            run.last[pos[hit]] = last[hit]
            known |= hit
        fresh = ~known
        if fresh.any():  # ukeys is sorted, so the new run is too
            self.runs.append(_Run(ukeys[fresh].copy(), first[fresh].astype(np.int32), last[fresh].astype(np.int32)))
            self._compact()

    def _compact(self) -> None:
        runs = self.runs
        while len(runs) >= 2 and 2 * len(runs[-1].keys) >= len(runs[-2].keys):
            runs.append(_merge(runs.pop(-2), runs.pop()))

    def arrays(self) -> tuple[NDArray[np.uint64], NDArray[np.int32], NDArray[np.int32]]:
        """The whole table as one sorted run (keys, first, last), for saving."""
        while len(self.runs) > 1:
            self.runs.append(_merge(self.runs.pop(-2), self.runs.pop()))
        if not self.runs:
            return np.zeros(0, np.uint64), np.zeros(0, np.int32), np.zeros(0, np.int32)
        r = self.runs[0]
        return r.keys, r.first, r.last

    @classmethod
    def from_arrays(cls, keys: NDArray[np.uint64], first: NDArray[np.int32], last: NDArray[np.int32]) -> BandTable:
        table = cls()
        if len(keys):
            if np.any(keys[1:] <= keys[:-1]):
                raise ValueError("band table keys must be strictly increasing")
            table.runs.append(_Run(keys, first, last))
        return table
