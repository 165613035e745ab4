"""Links as columns: what an add reports, without one Python object per link until it is read.

A build over a million ads makes millions of links; as frozen objects they would cost ~150 bytes and
over a microsecond each. :class:`LinkColumns` keeps them as arrays (ad ids, reason code, a reference
to the identifier or template cluster, score) and is a ``Sequence[Link]``: iterating or indexing
makes the :class:`Link` records, each carrying its own explanation. The store layer can iterate, or
read the columns directly for a bulk insert.

Evidence: an identifier link carries the identifier value (``values[ref]``); a near-image link
``"<hash b>~<hash a> d=<bits>"``; a template link ``"T<template cluster id> J=<estimate>"``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
from numpy.typing import NDArray

from threadline.link.identifiers import IdentifierIndex
from threadline.link.records import TEMPLATE, Link

I64 = np.int64
NEAR = "image"


@dataclass(frozen=True, slots=True, eq=False)
class LinkColumns(Sequence[Link]):
    """Links in columns; ``reason[i]`` indexes ``reasons``; ``ref2[i] >= 0`` marks a near-image link."""

    a: NDArray[np.int64]
    b: NDArray[np.int64]
    reason: NDArray[np.uint8]
    ref: NDArray[np.int64]
    ref2: NDArray[np.int64]
    score: NDArray[np.float32]
    reasons: tuple[str, ...]
    values: Sequence[str]  # the engine's identifier values: append-only, so references stay valid

    def __len__(self) -> int:
        return len(self.a)

    def __repr__(self) -> str:
        return f"LinkColumns({len(self)} links)"

    @overload
    def __getitem__(self, i: int) -> Link: ...
    @overload
    def __getitem__(self, i: slice) -> LinkColumns: ...
    def __getitem__(self, i: int | slice) -> Link | LinkColumns:
        if isinstance(i, slice):
            return LinkColumns(
                self.a[i],
                self.b[i],
                self.reason[i],
                self.ref[i],
                self.ref2[i],
                self.score[i],
                self.reasons,
                self.values,
            )
        return self._link(
            int(self.a[i]),
            int(self.b[i]),
            int(self.reason[i]),
            int(self.ref[i]),
            int(self.ref2[i]),
            float(self.score[i]),
        )

    def __iter__(self) -> Iterator[Link]:
        cols = (self.a.tolist(), self.b.tolist(), self.reason.tolist(), self.ref.tolist(), self.ref2.tolist())
        for a, b, r, ref, ref2, s in zip(*cols, self.score.tolist(), strict=True):
            yield self._link(a, b, r, ref, ref2, s)

    def _link(self, a: int, b: int, r: int, ref: int, ref2: int, score: float) -> Link:
        reason = self.reasons[r]
        if reason == TEMPLATE:
            return Link(a, b, reason, f"T{ref} J={score:.2f}", round(score, 4))
        if ref2 >= 0:
            bits = round((1.0 - score) * 64)
            return Link(a, b, NEAR, f"{self.values[ref2]}~{self.values[ref]} d={bits}", round(score, 4))
        return Link(a, b, reason, self.values[ref], 1.0)

    @classmethod
    def concat(cls, parts: Sequence[LinkColumns], reasons: tuple[str, ...], values: Sequence[str]) -> LinkColumns:
        def col(name: str, dtype: type) -> NDArray[np.generic]:
            return np.concatenate([np.zeros(0, dtype), *(getattr(p, name) for p in parts)])

        return cls(
            col("a", np.int64).astype(I64),
            col("b", np.int64).astype(I64),
            col("reason", np.uint8).astype(np.uint8),
            col("ref", np.int64).astype(I64),
            col("ref2", np.int64).astype(I64),
            col("score", np.float32).astype(np.float32),
            reasons,
            values,
        )


def reasons_of(idents: IdentifierIndex) -> tuple[str, ...]:
    """Reason names by code: the identifier kinds, then "template"."""
    return (*idents.kinds, TEMPLATE)


def identifier_links(
    idents: IdentifierIndex, ident: NDArray[np.int64], ad: NDArray[np.int64], ad_ids: NDArray[np.int64]
) -> LinkColumns:
    """Links of memberships (ident[i], ad[i]) to each identifier's first holder."""
    first = idents.first.view[ident].astype(I64)
    keep = first != ad
    ident, ad, first = ident[keep], ad[keep], first[keep]
    n = len(ident)
    return LinkColumns(
        ad_ids[first],
        ad_ids[ad],
        idents.kind.view[ident].astype(np.uint8),
        ident,
        np.full(n, -1, dtype=I64),
        np.ones(n, dtype=np.float32),
        reasons_of(idents),
        idents.values,
    )


def near_links(
    idents: IdentifierIndex,
    a: NDArray[np.int64],
    b: NDArray[np.int64],
    bits: NDArray[np.uint8],
    ad_ids: NDArray[np.int64],
) -> LinkColumns:
    """Links of near-equal image hashes: identifier ``a`` (newer) and ``b``, via their first holders."""
    first = idents.first.view
    fa, fb = first[a].astype(I64), first[b].astype(I64)
    keep = fa != fb  # one ad holding both images links nothing
    reasons = reasons_of(idents)
    code = reasons.index(NEAR) if NEAR in reasons else 0  # no "image" kind: there are no rows either
    return LinkColumns(
        ad_ids[fb[keep]],
        ad_ids[fa[keep]],
        np.full(int(keep.sum()), code, dtype=np.uint8),
        a[keep],
        b[keep],
        (1.0 - bits[keep].astype(np.float32) / 64.0).astype(np.float32),
        reasons,
        idents.values,
    )


def template_links(
    idents: IdentifierIndex,
    u: NDArray[np.int64],
    v: NDArray[np.int64],
    j: NDArray[np.float32],
    template_cluster: NDArray[np.int64],
    ad_ids: NDArray[np.int64],
) -> LinkColumns:
    """Links of verified template pairs (u later, v earlier); ``template_cluster`` is the template
    cluster id of each u."""
    reasons = reasons_of(idents)
    return LinkColumns(
        ad_ids[v],
        ad_ids[u],
        np.full(len(u), reasons.index(TEMPLATE), dtype=np.uint8),
        template_cluster.astype(I64),
        np.full(len(u), -1, dtype=I64),
        j.astype(np.float32),
        reasons,
        idents.values,
    )
