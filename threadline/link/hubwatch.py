"""Identifiers awaiting hub review, and the links they withhold until they are judged.

Judging a hub needs the connected components of the whole state without the candidate (see
:mod:`threadline.link.hubs`): a vectorised pass over every edge, about a second at a million ads. Run
for every identifier that reaches a review level during one-ad-at-a-time adds, it would dominate
incremental linking. So candidates are *pending*: their new memberships and near-image edges are
recorded but withheld — no link, no merge — and all pending candidates are judged together once
``hub_review_every`` ads (or a quarter of the state, if less) have arrived since the last review
(so at once for a build or a big add), or when the store calls :meth:`LinkEngine.review_hubs`, e.g.
before saving. Withholding is the precision-first
choice: an identifier that may be a hub links nothing until it is cleared; cleared, its withheld
links are released in that add's result.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from threadline.link.columns import GrowArray, extend_all

I32, I64 = np.int32, np.int64


@dataclass(frozen=True, slots=True)
class Released:
    """Withheld edges of identifiers found not to be hubs: memberships and near-image edges."""

    ident: NDArray[np.int64]
    ad: NDArray[np.int64]
    near_a: NDArray[np.int64]
    near_b: NDArray[np.int64]
    near_bits: NDArray[np.uint8]


class HubWatch:
    """Pending review candidates and their withheld memberships and near-image edges."""

    def __init__(self, every: int) -> None:
        self.every = every
        self.pending = np.zeros(0, dtype=I64)  # sorted identifier ids
        self.since = 0  # ads added while candidates were pending
        self.ident, self.ad = GrowArray(I32), GrowArray(I32)
        self.near = (GrowArray(I32), GrowArray(I32), GrowArray(np.uint8))

    def watch(self, due: NDArray[np.int64]) -> None:
        self.pending = np.union1d(self.pending, due)

    def hold(self, ident: NDArray[np.int64], ad: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Withhold memberships of pending identifiers; return which ones may link now."""
        held = np.isin(ident, self.pending)
        self.ident.extend(ident[held].astype(I32))
        self.ad.extend(ad[held].astype(I32))
        return ~held

    def hold_near(self, a: NDArray[np.int64], b: NDArray[np.int64], bits: NDArray[np.uint8]) -> NDArray[np.bool_]:
        held = np.isin(a, self.pending) | np.isin(b, self.pending)
        extend_all(self.near, (a[held], b[held], bits[held]))
        return ~held

    def due(self, ads: int, total: int, force: bool) -> bool:
        """Count ``ads`` more (of ``total`` ads held); true when the pending candidates should be judged
        now. A review costs O(total), so it waits for ``every`` new ads — or for a quarter of the state,
        whichever comes first: a small state (or a fresh build) is reviewed at once, and the cost per
        added ad stays bounded either way."""
        if not len(self.pending):
            self.since = 0  # counting starts with the first candidate waiting
            return False
        self.since += ads
        return force or self.since >= min(self.every, max(1, total // 4))

    def held_keys(self) -> NDArray[np.int64]:
        """(identifier << 32 | ad) of every withheld membership."""
        return (self.ident.view.astype(I64) << 32) | self.ad.view.astype(I64)

    def release(self, hub: NDArray[np.bool_]) -> Released:
        """After a review (``hub`` flags every identifier): hand back the withheld edges that may now
        link and forget the rest."""
        ident, ad = self.ident.view.astype(I64), self.ad.view.astype(I64)
        na, nb, bits = self.near[0].view.astype(I64), self.near[1].view.astype(I64), self.near[2].view.copy()
        keep = ~hub[ident]
        near_ok = ~hub[na] & ~hub[nb]
        out = Released(ident[keep], ad[keep], na[near_ok].astype(I64), nb[near_ok].astype(I64), bits[near_ok])
        self.pending = np.zeros(0, dtype=I64)
        self.since = 0
        self.ident, self.ad = GrowArray(I32), GrowArray(I32)
        self.near = (GrowArray(I32), GrowArray(I32), GrowArray(np.uint8))
        return out
