"""Boilerplate: shingles in so many ads that they say nothing about who wrote the ad.

A site's disclaimer appended to every ad, a spam paragraph pasted everywhere and stock phrases all
make unrelated texts look alike; left in, they template-link unrelated posters into one giant
component. This is the template half of hub suppression (identifiers are in :mod:`threadline.link.hubs`):
a shingle whose document frequency reaches ``boilerplate_min_ads`` is boilerplate and is dropped
before MinHash, like a stop word. A template shared by a network's ads survives as long as the network
posts fewer ads than the threshold (1,000 by default; set it above the largest plausible network).

Document frequencies are kept in a count-min sketch (two rows of 2^22 counters, 32 MB): constant
memory however many distinct shingles arrive, incremental, saved with the state. It can only
over-count; a rare shingle is wrongly dropped only if both its counters collide with heavy shingles
(probability ~(heavy shingles / 4M)^2), which costs that ad one shingle.

Each phrase that becomes boilerplate is reported once as a :class:`Hub` of kind "template", its text
rebuilt from an ad of the batch in which it crossed the threshold.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from threadline.link.records import TEMPLATE, Hub
from threadline.link.shingles import U64, ShingleBatch, Shingler

WIDTH_BITS = 22
REPORT_LIMIT = 100  # phrases explained per batch; the rest are counted in the log, not named


class BoilerplateSketch:
    """Document-frequency sketch of shingles, and the rule that turns counts into boilerplate."""

    def __init__(self, min_ads: int, counts: NDArray[np.uint32] | None = None) -> None:
        self.min_ads = min_ads
        self.counts = np.zeros((2, 1 << WIDTH_BITS), dtype=np.uint32) if counts is None else counts
        self.mask = U64((1 << WIDTH_BITS) - 1)

    def _rows(self, values: NDArray[np.uint32]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        # Row 0 takes low bits; row 1 re-mixes with a multiply so the two rows collide independently.
        wide = values.astype(U64)
        r0 = (wide & self.mask).astype(np.int64)
        r1 = (((wide * U64(0x9E3779B97F4A7C15)) >> U64(64 - WIDTH_BITS)) & self.mask).astype(np.int64)
        return r0, r1

    def estimate(self, values: NDArray[np.uint32]) -> NDArray[np.uint32]:
        r0, r1 = self._rows(values)
        out: NDArray[np.uint32] = np.minimum(self.counts[0, r0], self.counts[1, r1])
        return out

    def is_boilerplate(self, values: NDArray[np.uint32]) -> NDArray[np.bool_]:
        return self.estimate(values) >= self.min_ads

    def add(self, batch: ShingleBatch) -> NDArray[np.uint32]:
        """Count each ad's distinct shingles once; return the shingles that became boilerplate now."""
        values = batch.values
        if not len(values):
            return values
        before = self.estimate(values)
        r0, r1 = self._rows(values)
        for row, idx in ((self.counts[0], r0), (self.counts[1], r1)):
            if len(idx) > 1 << 16:  # big batch: one dense pass beats scattered adds
                row += np.bincount(idx, minlength=1 << WIDTH_BITS).astype(np.uint32)
            else:
                np.add.at(row, idx, 1)
        crossed = (before < self.min_ads) & (self.estimate(values) >= self.min_ads)
        return np.unique(values[crossed])

    def phrases(
        self, crossed: NDArray[np.uint32], batch: ShingleBatch, texts: Sequence[str], shingler: Shingler
    ) -> list[Hub]:
        """Hubs naming the boilerplate phrases (maximal runs of boilerplate shingles) that contain the
        newly crossed shingles, each read from one ad of the batch holding it."""
        hubs: dict[str, Hub] = {}
        todo = set(crossed.tolist())
        ad_of = np.repeat(np.arange(len(texts)), batch.counts)
        hits = np.flatnonzero(np.isin(batch.values, crossed))
        for pos in hits:
            if not todo or len(hubs) >= REPORT_LIMIT:
                break
            if int(batch.values[pos]) not in todo:
                continue
            toks, starts = shingler.positions(texts[int(ad_of[pos])])
            boiler = self.is_boilerplate(starts)
            for lo, hi in _runs(boiler):
                run = starts[lo:hi]
                found = todo.intersection(run.tolist())
                if not found:
                    continue
                todo.difference_update(run.tolist())
                phrase = " ".join(toks[lo : hi + shingler.k - 1])
                ads = int(self.estimate(run).min())
                hubs.setdefault(
                    phrase,
                    Hub(
                        TEMPLATE,
                        phrase,
                        ads,
                        f"phrase in {ads:,} ads (boilerplate threshold {self.min_ads:,}): "
                        "ignored by template similarity",
                    ),
                )
        return list(hubs.values())


def _runs(mask: NDArray[np.bool_]) -> list[tuple[int, int]]:
    """[lo, hi) ranges of consecutive true values."""
    if not len(mask):
        return []
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(), strict=True))
