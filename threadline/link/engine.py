"""The linking engine: incremental, explainable ad linking into clusters (candidate networks).

``LinkEngine.add(ads)`` takes any number of :class:`LinkAd` — a whole store at build time, or the few
new ads of a crawl — and returns a :class:`LinkResult` with the new links (each with reason and
evidence), links to retract, clusters that changed and hubs found. Adding ads later costs about what
adding them at first would: band tables, the identifier -> first ad map, signatures and the
union-find persist (:mod:`threadline.link.state`).

Cluster id rule: a cluster's id is the smallest ad id in it. It depends only on membership, so it is
the same whether the cluster was built in one call or many, and survives every add that leaves the
cluster unchanged; when clusters merge, the merged one keeps the smallest of their ids and the others
are reported as ``removed``. Only components of two or more ads are clusters.

Hubs found later: an identifier reaching a review level withholds its new links until it is judged
(:mod:`threadline.link.hubwatch`); found to be a hub, its earlier links are retracted and the
components recomputed from the stored edges (a *regroup*, vectorised). A phrase becoming boilerplate
after ads carrying it were fingerprinted only sets ``rebuild_advised``: :meth:`LinkEngine.build` over
the store's ads gives exact results again (a rebuild is the accepted cost, signatures being
recomputed from text); until then precision can only gain.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
from numpy.typing import NDArray

from threadline.link import clusters, linkout
from threadline.link.adtable import AdTable, batched, dedupe
from threadline.link.columns import GrowArray, extend_all
from threadline.link.hubs import Edges, linked_components, review
from threadline.link.hubwatch import HubWatch, Released
from threadline.link.identifiers import IdentifierIndex
from threadline.link.images import ImageIndex, parse_hash
from threadline.link.records import Hub, Link, LinkAd, LinkResult
from threadline.link.settings import LinkSettings
from threadline.link.shingles import ShingleBatch
from threadline.link.templatelink import TemplateLinker
from threadline.link.unionfind import UnionFind, components

log = logging.getLogger(__name__)
I32, I64 = np.int32, np.int64
REGROUP_EDGES = 20_000  # past this many new edges one vectorised pass beats Python-level unions
_EMPTY = np.zeros(0, dtype=I64)


class LinkEngine:
    """In-memory linking state of one store. Not thread-safe: one writer at a time."""

    def __init__(self, settings: LinkSettings | None = None) -> None:
        self.settings = s = settings or LinkSettings()
        self.ads = AdTable()
        self.idents = IdentifierIndex(s.hub_min_ads)
        self.images = ImageIndex(s.image_max_distance, s.image_bucket_cap)
        self.near = (GrowArray(I32), GrowArray(I32), GrowArray(np.uint8))  # ident a (newer), ident b, bits
        self.text = TemplateLinker(s)
        self.tpl = (GrowArray(I32), GrowArray(I32), GrowArray(np.float32))  # later ad, earlier ad, J
        self.watch = HubWatch(s.hub_review_every)
        self.uf = UnionFind()  # every link: clusters
        self.tuf = UnionFind()  # template links only: template clusters
        self.hubs: list[Hub] = []

    @classmethod
    def build(cls, ads: Iterable[LinkAd], settings: LinkSettings | None = None) -> tuple[LinkEngine, LinkResult]:
        """A fresh engine over ``ads``: the rebuild from the store."""
        engine = cls(settings)
        return engine, engine.add(ads)

    def __len__(self) -> int:
        return len(self.ads)

    def add(self, ads: Iterable[LinkAd]) -> LinkResult:
        """Link ``ads`` (new ones, or new versions of known ones) into the state."""
        return self._collect_later(ads, force_review=False)

    def review_hubs(self) -> LinkResult:
        """Judge pending hub candidates now (the store calls this before saving the state)."""
        return self._collect_later((), force_review=True)

    def _collect_later(self, ads: Iterable[LinkAd], force_review: bool) -> LinkResult:
        # A big add allocates millions of short-lived acyclic objects (tokens, arrays); with the caller
        # holding millions more (the ads), each generational collection would rescan them all and the
        # add would turn quadratic. Nothing here makes reference cycles, so collection can wait.
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._add(ads, force_review)
        finally:
            if enabled:
                gc.enable()

    def _add(self, ads: Iterable[LinkAd], force_review: bool) -> LinkResult:
        s, clock, stages = self.settings, time.perf_counter(), []
        n_before, idents_before, tpl_before = len(self), len(self.idents), len(self.tpl[0])
        chunks: list[tuple[NDArray[np.int64], ShingleBatch]] = []
        parts: list[tuple[NDArray[np.int64], NDArray[np.int64]]] = [(_EMPTY, _EMPTY)]
        found: list[Hub] = []
        for chunk in batched(ads, s.chunk_ads):
            idx, new_ids = self.ads.register(chunk)
            self.uf.grow(new_ids)
            self.tuf.grow(new_ids)
            parts.append(self.idents.intern(zip(idx.tolist(), (a.identifiers for a in chunk), strict=True)))
            batch, phrases = self.text.shingle([a.text for a in chunk])
            found.extend(phrases)
            chunks.append((idx, batch))
        n_ads = sum(len(c[0]) for c in chunks)
        stages.append(("shingle", time.perf_counter() - clock))
        ident, ad = dedupe(np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]))
        keep = ~self.idents.known(ident, ad, n_before)
        ident, ad = ident[keep], ad[keep]
        due = self.idents.record(ident, ad)
        na, nb, nd = self._near_images(idents_before)
        hub = self.idents.hub.view
        live, near_live = ~hub[ident], ~hub[na] & ~hub[nb]
        if s.suppress_hubs:
            self.watch.watch(due)
            live &= self.watch.hold(ident, ad)
            near_live &= self.watch.hold_near(na, nb, nd)
        ident, ad, na, nb, nd = ident[live], ad[live], na[near_live], nb[near_live], nd[near_live]
        stages.append(("identifiers", time.perf_counter() - clock))
        for idx, batch in chunks:
            pairs = self.text.link(batch, idx)
            extend_all(self.tpl, (pairs.u, pairs.v, pairs.j))
        tu, tv = self.tpl[0].view[tpl_before:].astype(I64), self.tpl[1].view[tpl_before:].astype(I64)
        tj = self.tpl[2].view[tpl_before:].copy()
        stages.append(("templates", time.perf_counter() - clock))
        labels: NDArray[np.int64] | None = None
        retracted: Sequence[Link] = ()
        if s.suppress_hubs and self.watch.due(n_ads, len(self), force_review):
            labels, retracted, released = self._review(found)
            ident, ad = np.concatenate([ident, released.ident]), np.concatenate([ad, released.ad])
            na, nb = np.concatenate([na, released.near_a]), np.concatenate([nb, released.near_b])
            nd = np.concatenate([nd, released.near_bits])
        stages.append(("hubs", time.perf_counter() - clock))
        first = self.idents.first.view.astype(I64)
        u = np.concatenate([ad, first[na], tu])
        v = np.concatenate([first[ident], first[nb], tv])
        if labels is None and len(u) > REGROUP_EDGES:
            labels = linked_components(len(self), self.idents, self.edges(), self._excluded())
        ad_ids = self.ads.ids.view
        if labels is not None:
            # The union-find still holds the partition before this add (new ads as singletons).
            old_cid, old_size = self.uf.cluster_ids()
            changes, removed = clusters.regroup_diff(old_cid, old_size, labels, ad_ids)
            self.uf.reset(labels, ad_ids)
            self.tuf.reset(components(len(self), *self._template_edges()), ad_ids)
        else:
            changes, removed = clusters.apply_unions(self.uf, u.tolist(), v.tolist(), ad_ids)
            for a, b in zip(tu.tolist(), tv.tolist(), strict=True):
                self.tuf.union(a, b)
        stages.append(("clusters", time.perf_counter() - clock))
        links = linkout.LinkColumns.concat(
            [
                linkout.identifier_links(self.idents, ident, ad, ad_ids),
                linkout.near_links(self.idents, na, nb, nd, ad_ids),
                linkout.template_links(self.idents, tu, tv, tj, self._template_ids(tu), ad_ids),
            ],
            linkout.reasons_of(self.idents),
            self.idents.values,
        )
        stages.append(("links", time.perf_counter() - clock))
        self.hubs.extend(found)
        return LinkResult(
            ads=n_ads,
            links=links,
            retracted=retracted,
            clusters=tuple(changes),
            removed=tuple(removed),
            hubs=tuple(found),
            rebuild_advised=any(h.kind == "template" for h in found) and n_before > 0,
            stages=tuple(stages),
        )

    def edges(self) -> Edges:
        """Every template and near-image edge (identifier memberships live in ``idents``)."""
        tu, tv = self._template_edges()
        return Edges(tu, tv, self.near[0].view.astype(I64), self.near[1].view.astype(I64))

    def _template_edges(self) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        return self.tpl[0].view.astype(I64), self.tpl[1].view.astype(I64)

    def _excluded(self) -> NDArray[np.bool_]:
        """Identifiers that link nothing now: hubs, and candidates pending review."""
        out = self.idents.hub.view.copy()
        out[self.watch.pending] = True
        return out

    def _template_ids(self, ads: NDArray[np.int64]) -> NDArray[np.int64]:
        """Template cluster id of each ad index (vectorised when many, one find each when few)."""
        if len(ads) > 1000:
            return self.tuf.minid[self.tuf.labels()[ads]]
        return np.array([self.tuf.minid[self.tuf.find(x)] for x in ads.tolist()], dtype=I64)

    def _near_images(self, idents_before: int) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.uint8]]:
        """Near-equal image edges for image identifiers new in this add (also stored)."""
        empty = (_EMPTY, _EMPTY, np.zeros(0, dtype=np.uint8))
        if "image" not in self.idents.kinds or self.settings.image_max_distance == 0:
            return empty
        code = self.idents.kinds.index("image")
        new = np.flatnonzero(self.idents.kind.view[idents_before:] == code) + idents_before
        parsed = [(i, h) for i in new.tolist() if (h := parse_hash(self.idents.values[i])) is not None]
        if not parsed:
            return empty
        ids = np.array([i for i, _ in parsed], dtype=I64)
        a, b, d = self.images.add(np.array([h for _, h in parsed], dtype=np.uint64), ids)
        bits = d.astype(np.uint8)
        extend_all(self.near, (a, b, bits))
        return a, b, bits

    def _review(self, found: list[Hub]) -> tuple[NDArray[np.int64] | None, Sequence[Link], Released]:
        """Judge the pending candidates; mark hubs; return (labels to regroup by, or None when no hub
        was found; the links new hubs retract; the withheld edges now released)."""
        s, idents = self.settings, self.idents
        verdicts, labels = review(self.watch.pending, len(self), idents, self.edges(), self.ads.city.view, s)
        hubs = np.array([v.ident for v in verdicts if v.hub], dtype=I64)
        idents.schedule_next_review(np.array([v.ident for v in verdicts if not v.hub], dtype=I64))
        for v in verdicts:
            if v.hub:
                kind = idents.kinds[int(idents.kind.view[v.ident])]
                found.append(Hub(kind, idents.values[v.ident], v.ads, v.reason(s)))
                log.info("hub %s %r suppressed: %s", kind, found[-1].value, found[-1].reason)
        idents.hub.set(hubs, True)
        held = self.watch.held_keys()
        held_near = _pair_keys(self.watch.near[0].view, self.watch.near[1].view)
        released = self.watch.release(idents.hub.view)
        if not len(hubs):
            return None, (), released
        # Links the new hubs made before they were withheld are retracted.
        mi, ma = idents.member_ident.view.astype(I64), idents.member_ad.view.astype(I64)
        mine = np.flatnonzero(np.isin(mi, hubs))
        prior = mine[~np.isin((mi[mine] << 32) | ma[mine], held)]
        na, nb = self.near[0].view.astype(I64), self.near[1].view.astype(I64)
        touched = np.flatnonzero(np.isin(na, hubs) | np.isin(nb, hubs))
        touched = touched[~np.isin(_pair_keys(na[touched], nb[touched]), held_near)]
        ad_ids = self.ads.ids.view
        retracted = linkout.LinkColumns.concat(
            [
                linkout.identifier_links(idents, mi[prior], ma[prior], ad_ids),
                linkout.near_links(idents, na[touched], nb[touched], self.near[2].view[touched], ad_ids),
            ],
            linkout.reasons_of(idents),
            idents.values,
        )
        return labels, retracted, released

    # -- reading -----------------------------------------------------------------------------------

    def clusters(self) -> Iterator[tuple[int, tuple[int, ...]]]:
        """Every cluster (2+ ads) as (cluster id, sorted ad ids)."""
        changes, _ = clusters.regroup_diff(
            np.full(len(self), -1, I64), np.zeros(len(self), I64), self.uf.labels(), self.ads.ids.view
        )
        for c in changes:
            yield c.cluster, c.members

    def cluster_of(self, ad: int) -> int | None:
        """Cluster id of an ad, None when it is linked to nothing (or unknown)."""
        i = self.ads.index.get(ad)
        if i is None:
            return None
        r = self.uf.find(i)
        return int(self.uf.minid[r]) if self.uf.size[r] >= 2 else None

    def members(self, ad: int, templates: bool = False) -> tuple[int, ...]:
        """Sorted ad ids of the cluster (or, with ``templates``, the template cluster) holding ``ad``."""
        i = self.ads.index.get(ad)
        if i is None:
            return ()
        uf = self.tuf if templates else self.uf
        return tuple(np.sort(self.ads.ids.view[np.array(uf.members(uf.find(i)), dtype=I64)]).tolist())

    def holders(self, kind: str, value: str) -> tuple[int, ...]:
        """Ad ids holding an identifier, first holder first (the explanation of identifier links)."""
        i = self.idents.lookup(kind, value)
        return () if i is None else tuple(self.ads.ids.view[self.idents.members(i)].tolist())


def _pair_keys(a: NDArray[np.generic], b: NDArray[np.generic]) -> NDArray[np.int64]:
    return (a.astype(I64) << 32) | b.astype(I64)
