"""Identifier hubs: values that sit in many ads of unrelated posters and would merge them all.

A site's own support phone printed in every ad, a spam link pasted everywhere, a stock photo: each
links thousands of ads that have nothing else in common. Degree alone cannot tell such a hub from a
big network's phone (a network's phone is in many ads too), so the rule looks at *contexts*:

    An identifier is reviewed once it is in ``hub_min_ads`` ads (and again each time its degree
    doubles). Its *contexts* are the connected components its ads fall into when the identifier
    itself — and every other identifier under review or already a hub — links nothing. Only ads with
    other evidence count: another identifier (even one held by that ad alone, like an independent's
    own phone) or a template link; an ad with nothing else says nothing either way. The identifier is
    a hub when its contexts number at least ``hub_min_contexts`` and make up at least
    ``hub_min_context_share`` of its ads with evidence.

A network's phone fails the rule: its ads share templates, rotating phones and handles, so without the
phone they still fall into a few contexts. A support phone passes: its ads belong to hundreds of
posters whose own phones and texts are mutually unlinked. Limitation (accepted, precision first): a
network whose ads share a single identifier and nothing else — no template, every other identifier
used once — looks exactly like a hub and is not linked through it.

Reviews run in rounds: identifiers found not to be hubs start linking, which can only lower the
contexts of the others, so the remaining candidates are judged again until nothing changes.
Boilerplate text is the template side of the same problem: :mod:`threadline.link.boilerplate`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from threadline.link.identifiers import IdentifierIndex
from threadline.link.settings import LinkSettings
from threadline.link.unionfind import components

I64 = np.int64


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of reviewing one identifier, with the figures that decided it."""

    ident: int
    hub: bool
    ads: int
    evidenced: int
    contexts: int
    cities: int

    def reason(self, settings: LinkSettings) -> str:
        share = self.contexts / self.evidenced if self.evidenced else 0.0
        return (
            f"in {self.ads:,} ads across {self.cities:,} cities; without it their {self.evidenced:,} ads with "
            f"other evidence fall into {self.contexts:,} unrelated contexts ({share:.0%}); hub rule: "
            f">= {settings.hub_min_contexts} contexts and >= {settings.hub_min_context_share:.0%}"
        )


@dataclass(frozen=True, slots=True)
class Edges:
    """Every link edge of an engine as ad-index pairs, identifier memberships kept apart."""

    tpl_u: NDArray[np.int64]
    tpl_v: NDArray[np.int64]
    near_a: NDArray[np.int64]  # identifier ids of near-equal images
    near_b: NDArray[np.int64]


def linked_components(n: int, idents: IdentifierIndex, edges: Edges, excluded: NDArray[np.bool_]) -> NDArray[np.int64]:
    """Component label of every ad when identifiers in ``excluded`` link nothing."""
    mi = idents.member_ident.view.astype(I64)
    ma = idents.member_ad.view.astype(I64)
    first = idents.first.view.astype(I64)
    active = ~excluded[mi]
    near = ~excluded[edges.near_a] & ~excluded[edges.near_b]
    u = np.concatenate([ma[active], edges.tpl_u, first[edges.near_a[near]]])
    v = np.concatenate([first[mi[active]], edges.tpl_v, first[edges.near_b[near]]])
    return components(n, u, v)


def review(
    candidates: NDArray[np.int64],
    n: int,
    idents: IdentifierIndex,
    edges: Edges,
    ad_city: NDArray[np.int32],
    settings: LinkSettings,
) -> tuple[list[Verdict], NDArray[np.int64]]:
    """Judge ``candidates``; return the verdicts and the component labels of all ads under the final
    hub set (known hubs plus the candidates found to be hubs)."""
    mi = idents.member_ident.view.astype(I64)
    ma = idents.member_ad.view.astype(I64)
    excluded = idents.hub.view.copy()
    excluded[candidates] = True
    template_degree = np.bincount(edges.tpl_u, minlength=n) + np.bincount(edges.tpl_v, minlength=n)
    pending = np.unique(candidates)
    verdicts: dict[int, Verdict] = {}
    while True:
        labels = linked_components(n, idents, edges, excluded)
        evidence = (np.bincount(ma[~excluded[mi]], minlength=n) > 0) | (template_degree > 0)
        judged = _judge(pending, mi, ma, labels, evidence, ad_city, settings)
        verdicts.update((v.ident, v) for v in judged)
        cleared = np.array([v.ident for v in judged if not v.hub], dtype=I64)
        if not len(cleared):
            return [verdicts[int(c)] for c in np.unique(candidates)], labels
        excluded[cleared] = False
        pending = np.setdiff1d(pending, cleared)
        if not len(pending):
            labels = linked_components(n, idents, edges, excluded)
            return [verdicts[int(c)] for c in np.unique(candidates)], labels


def _judge(
    pending: NDArray[np.int64],
    mi: NDArray[np.int64],
    ma: NDArray[np.int64],
    labels: NDArray[np.int64],
    evidence: NDArray[np.bool_],
    ad_city: NDArray[np.int32],
    settings: LinkSettings,
) -> list[Verdict]:
    sel = np.isin(mi, pending)
    ci, ca = mi[sel], ma[sel]
    slot = np.searchsorted(pending, ci)  # candidate -> 0..len(pending)-1
    k = len(pending)
    ads = np.bincount(slot, minlength=k)
    ev = evidence[ca]
    evidenced = np.bincount(slot[ev], minlength=k)
    pairs = np.unique((slot[ev] << 32) | labels[ca[ev]])
    contexts = np.bincount(pairs >> 32, minlength=k)
    city = ad_city[ca].astype(I64)
    with_city = city >= 0
    cities = np.bincount(np.unique((slot[with_city] << 32) | city[with_city]) >> 32, minlength=k)
    out = []
    for s in range(k):
        c, e = int(contexts[s]), int(evidenced[s])
        hub = c >= settings.hub_min_contexts and c >= settings.hub_min_context_share * e
        out.append(Verdict(int(pending[s]), hub, int(ads[s]), e, c, int(cities[s])))
    return out
