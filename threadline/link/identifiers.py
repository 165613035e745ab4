"""Identifier index: interned (kind, value) pairs, their first ad, degree, hub flag and memberships.

Ads sharing an identifier are linked without materialising pairs: every later holder links to the
identifier's first holder (a star), which gives the same connected components as all pairs, with one
link per membership. The membership columns (identifier, ad) keep the whole bipartite graph, so any
identifier's member list can be listed for explanation and re-evaluated for hub suppression.

Degrees are watched: an identifier whose degree reaches its next review level (``hub_min_ads``, then
each doubling) is handed to :mod:`threadline.link.hubs` for review, so a growing hub is caught
during incremental adds, not only at a build.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

import numpy as np
from numpy.typing import NDArray

from threadline.link.columns import GrowArray

I32, I64 = np.int32, np.int64


class IdentifierIndex:
    """Interning and membership bookkeeping; hubs and reviews are decided elsewhere."""

    def __init__(self, hub_min_ads: int) -> None:
        self.hub_min_ads = hub_min_ads
        self.kinds: list[str] = []
        self.tables: list[dict[str, int]] = []  # per kind: value -> identifier id
        self.values: list[str] = []
        self.kind = GrowArray(np.uint8)
        self.first = GrowArray(I32)  # ad index of the first holder
        self.degree = GrowArray(I32)
        self.hub = GrowArray(np.bool_)
        self.review_at = GrowArray(I32)  # degree at which the identifier is next reviewed
        self.member_ident = GrowArray(I32)
        self.member_ad = GrowArray(I32)

    def __len__(self) -> int:
        return len(self.values)

    def kind_code(self, kind: str) -> int:
        try:
            return self.kinds.index(kind)
        except ValueError:
            if len(self.kinds) == 255:
                raise ValueError("more than 255 identifier kinds") from None
            self.kinds.append(kind)
            self.tables.append({})
            return len(self.kinds) - 1

    def intern(
        self, pairs: Iterable[tuple[int, Iterable[tuple[str, str]]]]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Identifier ids for (ad index, identifiers) items: returns (identifier ids, ad indices), one per
        distinct (identifier, ad) in input order; new identifiers get ids in first-seen order."""
        ids: array[int] = array("q")
        ads: array[int] = array("q")
        codes: dict[str, int] = {k: i for i, k in enumerate(self.kinds)}
        tables, values, new_kinds = self.tables, self.values, array("B")
        for ad, identifiers in pairs:
            for kind, value in identifiers:
                code = codes.get(kind)
                if code is None:
                    code = codes[kind] = self.kind_code(kind)
                table = tables[code]
                i = table.get(value)
                if i is None:
                    # NUL separates values in the saved state; normalised identifiers never hold one.
                    value = value.replace("\x00", "")
                    i = table.setdefault(value, len(values))
                    if i == len(values):
                        values.append(value)
                        new_kinds.append(code)
                ids.append(i)
                ads.append(ad)
        ident = np.frombuffer(ids, dtype=I64)
        ad_idx = np.frombuffer(ads, dtype=I64)
        if len(ident):  # an ad listing one identifier twice holds it once
            key = (ident << 32) | ad_idx
            _, first = np.unique(key, return_index=True)
            first.sort()
            ident, ad_idx = ident[first], ad_idx[first]
        self._grow(np.frombuffer(new_kinds, dtype=np.uint8), ident, ad_idx)
        return ident, ad_idx

    def _grow(self, new_kinds: NDArray[np.uint8], ident: NDArray[np.int64], ad_idx: NDArray[np.int64]) -> None:
        old = len(self.kind)
        n_new = len(new_kinds)
        if n_new:
            self.kind.extend(new_kinds)
            self.degree.extend(np.zeros(n_new, dtype=I32))
            self.hub.extend(np.zeros(n_new, dtype=bool))
            self.review_at.extend(np.full(n_new, self.hub_min_ads, dtype=I32))
            # First holder: the first membership of each new identifier in input order.
            is_new = ident >= old
            _, pos = np.unique(ident[is_new], return_index=True)
            first = np.empty(n_new, dtype=I32)
            first[np.unique(ident[is_new]) - old] = ad_idx[is_new][pos]
            self.first.extend(first)

    def record(self, ident: NDArray[np.int64], ad_idx: NDArray[np.int64]) -> NDArray[np.int64]:
        """Add new memberships; return identifiers whose degree reached their review level with this
        batch (and are not already hubs)."""
        self.member_ident.extend(ident.astype(I32))
        self.member_ad.extend(ad_idx.astype(I32))
        touched, counts = np.unique(ident, return_counts=True)  # O(batch), not O(identifiers)
        degree = self.degree.view
        degree[touched] += counts.astype(I32)
        due: NDArray[np.int64] = touched[(degree[touched] >= self.review_at.view[touched]) & ~self.hub.view[touched]]
        return due.astype(I64)

    def schedule_next_review(self, ident: NDArray[np.int64]) -> None:
        """After a review that kept ``ident`` linking: look again when its degree has doubled."""
        review = self.review_at.view
        degree = self.degree.view
        review[ident] = np.maximum(review[ident], 1) * 2
        while np.any(small := review[ident] <= degree[ident]):
            review[ident[small]] *= 2

    def members(self, ident: int) -> NDArray[np.int64]:
        """Ad indices holding the identifier, in membership order."""
        out: NDArray[np.int64] = self.member_ad.view[self.member_ident.view == ident].astype(I64)
        return out

    def known(self, ident: NDArray[np.int64], ad_idx: NDArray[np.int64], first_new_ad: int) -> NDArray[np.bool_]:
        """Which memberships already exist; only ads added before (``< first_new_ad``) can have any, and
        re-added ads are rare, so the full scan runs only when there is one."""
        out = np.zeros(len(ident), dtype=bool)
        old = ad_idx < first_new_ad
        if not old.any():
            return out
        mad = self.member_ad.view.astype(I64)
        sel = np.isin(mad, np.unique(ad_idx[old]))
        existing = (self.member_ident.view[sel].astype(I64) << 32) | mad[sel]
        out[old] = np.isin((ident[old] << 32) | ad_idx[old], existing)
        return out

    def lookup(self, kind: str, value: str) -> int | None:
        if kind not in self.kinds:
            return None
        return self.tables[self.kinds.index(kind)].get(value)
