"""The engine's ad columns: ad id <-> dense ad index, and each ad's city, site and first day.

Everything else in the engine (memberships, edges, signatures, union-find) is indexed by the dense ad
index — the order in which ads first arrived — so store ids can be sparse or arrive in any order.
Re-adding a known ad id (a new version) maps to its existing index.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

import numpy as np
from numpy.typing import NDArray

from threadline.link.columns import GrowArray
from threadline.link.records import LinkAd

I32, I64 = np.int32, np.int64


class AdTable:
    """Ad columns and the id -> index map."""

    def __init__(self) -> None:
        self.index: dict[int, int] = {}
        self.ids = GrowArray(I64)
        self.city = GrowArray(I32)  # -1: no city
        self.site = GrowArray(I32)
        self.day = GrowArray(I32)
        self.cities: dict[str, int] = {}
        self.sites: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def register(self, chunk: list[LinkAd]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Ad indices of the chunk's ads (new ones appended), and the ad ids of the new ones."""
        idx = np.empty(len(chunk), dtype=I64)
        new_ids: list[int] = []
        cities: list[int] = []
        sites: list[int] = []
        days: list[int] = []
        index, n = self.index, len(self)
        for i, a in enumerate(chunk):
            j = index.get(a.ad)
            if j is None:
                j = index[a.ad] = n + len(new_ids)
                new_ids.append(a.ad)
                cities.append(-1 if a.city is None else self.cities.setdefault(a.city, len(self.cities)))
                sites.append(self.sites.setdefault(a.site, len(self.sites)))
                days.append(a.day)
            idx[i] = j
        ids = np.array(new_ids, dtype=I64)
        self.ids.extend(ids)
        self.city.extend(np.array(cities, dtype=I32))
        self.site.extend(np.array(sites, dtype=I32))
        self.day.extend(np.array(days, dtype=I32))
        return idx, ids

    def restore(
        self,
        ids: NDArray[np.int64],
        city: NDArray[np.int32],
        site: NDArray[np.int32],
        day: NDArray[np.int32],
        cities: list[str],
        sites: list[str],
    ) -> None:
        self.ids, self.city = GrowArray(I64, data=ids), GrowArray(I32, data=city)
        self.site, self.day = GrowArray(I32, data=site), GrowArray(I32, data=day)
        self.index = dict(zip(ids.tolist(), range(len(ids)), strict=True))
        self.cities = {c: i for i, c in enumerate(cities)}
        self.sites = {c: i for i, c in enumerate(sites)}


def batched(items: Iterable[LinkAd], size: int) -> Iterator[list[LinkAd]]:
    """Consecutive lists of ``size`` ads (the last shorter), consuming ``items`` lazily."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def dedupe(ident: NDArray[np.int64], ad: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Distinct (identifier, ad) memberships in first-seen order."""
    if not len(ident):
        return ident, ad
    _, first = np.unique((ident << 32) | ad, return_index=True)
    first.sort()
    return ident[first], ad[first]
