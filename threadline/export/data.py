"""The evidence an export is made of: networks with every ad, every version and its capture, and the
identifiers with the sites and dates they were seen.

Every export format reads this one record, so a report, an FtM file and a tip about the same network
can never disagree. Everything is ordered by store ids, so the same data always gives the same bytes.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from threadline.errors import NotFound
from threadline.link.networks import Network, build_network
from threadline.store import analysis as store_analysis
from threadline.store import blobs
from threadline.store import cases as sc
from threadline.store import links as store_links
from threadline.store.schema import ad_version, blob, capture, extraction, indicator_hit
from threadline.store.store import Store
from threadline.store.webtables import case, case_item, case_note

# Identifier kinds a records request or a partner match can use; ages, prices and places are facts
# about an ad, not accounts held at a platform or a carrier.
IDENTIFIER_KINDS = ("phone", "email", "handle", "payment", "url", "image")
CHUNK = 500


@dataclass(frozen=True, slots=True)
class CaptureRef:
    id: int
    sha256: str
    url: str
    captured_at: datetime
    content_type: str | None
    http_status: int | None


@dataclass(frozen=True, slots=True)
class VersionRec:
    id: int
    ad_id: int
    title: str | None
    body: str
    location: str | None
    first_seen: datetime
    last_seen: datetime
    capture: CaptureRef


@dataclass(frozen=True, slots=True)
class IdentifierRec:
    kind: str
    value: str
    ads: tuple[int, ...]
    sites: tuple[str, ...]
    first_seen: datetime
    last_seen: datetime
    versions: int


@dataclass(frozen=True, slots=True)
class Hit:
    ad_id: int
    version_id: int
    name: str
    evidence: str


@dataclass(slots=True)
class NetworkEvidence:
    network: Network
    versions: dict[int, list[VersionRec]]  # ad id -> versions, oldest first
    identifiers: list[IdentifierRec]
    hits: list[Hit]
    risk: dict[str, Any] | None


@dataclass(slots=True)
class Bundle:
    """What one export covers: a case (its networks and notes) or a single network."""

    subject: str  # "case:3" or "network:12"
    title: str
    networks: list[NetworkEvidence]
    notes: list[tuple[str, datetime, str]] = field(default_factory=list)

    def captures(self) -> list[CaptureRef]:
        seen: dict[int, CaptureRef] = {}
        for n in self.networks:
            for versions in n.versions.values():
                for v in versions:
                    seen.setdefault(v.capture.id, v.capture)
        return [seen[k] for k in sorted(seen)]

    def as_of(self) -> datetime | None:
        """The newest evidence time: the report's date, so repeated exports carry no clock time."""
        times = [c.captured_at for c in self.captures()]
        return max(times) if times else None


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _versions(conn: Connection, ad_ids: Sequence[int]) -> dict[int, list[VersionRec]]:
    out: dict[int, list[VersionRec]] = defaultdict(list)
    c = capture.c
    for part in _chunks(ad_ids):
        q = (
            sa.select(
                ad_version.c.id,
                ad_version.c.ad_id,
                ad_version.c.title,
                ad_version.c.body,
                ad_version.c.location,
                ad_version.c.first_seen,
                ad_version.c.last_seen,
                c.id.label("cid"),
                c.sha256,
                c.url,
                c.captured_at,
                c.content_type,
                c.http_status,
            )
            .select_from(ad_version.join(capture, capture.c.id == ad_version.c.capture_id))
            .where(ad_version.c.ad_id.in_(part))
            .order_by(ad_version.c.ad_id, ad_version.c.first_seen, ad_version.c.id)
        )
        for r in conn.execute(q):
            ref = CaptureRef(r.cid, r.sha256, r.url, r.captured_at, r.content_type, r.http_status)
            out[r.ad_id].append(VersionRec(r.id, r.ad_id, r.title, r.body, r.location, r.first_seen, r.last_seen, ref))
    return dict(out)


def _identifiers(conn: Connection, ad_ids: Sequence[int], sites: dict[int, str]) -> list[IdentifierRec]:
    acc: dict[tuple[str, str], tuple[set[int], list[datetime], set[int]]] = {}
    for part in _chunks(ad_ids):
        q = (
            sa.select(
                extraction.c.kind,
                extraction.c.value,
                ad_version.c.ad_id,
                ad_version.c.id,
                ad_version.c.first_seen,
                ad_version.c.last_seen,
            )
            .select_from(extraction.join(ad_version, ad_version.c.id == extraction.c.ad_version_id))
            .where(ad_version.c.ad_id.in_(part), extraction.c.kind.in_(IDENTIFIER_KINDS))
        )
        for kind, value, ad_id, vid, first, last in conn.execute(q):
            ads, times, versions = acc.setdefault((kind, value), (set(), [], set()))
            ads.add(ad_id)
            times.extend((first, last))
            versions.add(vid)
    return [
        IdentifierRec(kind, value, tuple(sorted(ads)), tuple(sorted({sites[a] for a in ads})), min(t), max(t), len(v))
        for (kind, value), (ads, t, v) in sorted(acc.items())
    ]


def _hits(conn: Connection, ad_ids: Sequence[int]) -> list[Hit]:
    h = indicator_hit.c
    out: list[Hit] = []
    for part in _chunks(ad_ids):
        q = sa.select(h.ad_id, h.ad_version_id, h.name, h.evidence).where(h.ad_id.in_(part)).order_by(h.id)
        out.extend(Hit(*r) for r in conn.execute(q))
    return sorted(out, key=lambda x: (x.ad_id, x.version_id, x.name, x.evidence))


def network_evidence(store: Store, network_id: int) -> NetworkEvidence:
    network = build_network(store, network_id)
    ad_ids = [m.id for m in network.ads]
    sites = {m.id: m.site for m in network.ads}
    with store.connect() as conn:
        risk_row = store_analysis.risk_of(conn, network_id)
        risk = None
        if risk_row is not None:
            risk = {k: risk_row._mapping[k] for k in ("score", "mo", "minors", "contributions")}
        return NetworkEvidence(
            network,
            _versions(conn, sorted(ad_ids)),
            _identifiers(conn, sorted(ad_ids), sites),
            _hits(conn, ad_ids),
            risk,
        )


def network_bundle(store: Store, ref: int) -> Bundle:
    """A network by its id or by any ad in it (the network holding that ad now)."""
    with store.connect() as conn:
        network_id = store_links.network_of(conn, [ref]).get(ref, ref)
    ev = network_evidence(store, network_id)
    return Bundle(f"network:{network_id}", f"Network {network_id}", [ev])


def case_bundle(store: Store, case_id: int) -> Bundle:
    """Every network holding an item of the case, once each, by network id; and the case notes."""
    with store.connect() as conn:
        row = conn.execute(sa.select(case.c.title).where(case.c.id == case_id)).first()
        if row is None:
            raise NotFound(f"no case {case_id}")
        ad_ids = [r[0] for r in conn.execute(sa.select(case_item.c.ad_id).where(case_item.c.case_id == case_id))]
        held = store_links.network_of(conn, ad_ids)
        network_ids = sorted({held.get(a, a) for a in ad_ids})
        n = case_note.c
        notes = [
            (r.author, r.at, r.text)
            for r in conn.execute(sa.select(n.author, n.at, n.text).where(n.case_id == case_id).order_by(n.id))
        ]
    return Bundle(f"case:{case_id}", str(row.title), [network_evidence(store, i) for i in network_ids], notes)


def raw_capture(conn: Connection, sha256: str) -> bytes:
    """The capture's bytes exactly as stored (decompressed), checked against their SHA-256."""
    row = conn.execute(sa.select(blob.c.compression, blob.c.data).where(blob.c.sha256 == sha256)).one()
    problem = blobs.check(sha256, row.compression, row.data)
    if problem:
        raise NotFound(f"capture {sha256} fails its integrity check: {problem}")
    return blobs.decompress(row.compression, row.data)


def ad_bundle(store: Store, site_name: str, site_ad_id: str) -> Bundle:
    """One ad on its own (its network's record cut down to it): a tip about a single ad."""
    with store.connect() as conn:
        found = sc.ad_by_site_id(conn, site_name, site_ad_id)
        if found is None:
            raise NotFound(f"no ad {site_name}/{site_ad_id}")
        network_id = store_links.network_of(conn, [found]).get(found, found)
    ev = network_evidence(store, network_id)
    n = ev.network
    only = dataclasses.replace(
        n,
        ads=[m for m in n.ads if m.id == found],
        links=[],
        link_reasons={},
        templates=[],
        versions=len(ev.versions.get(found, [])),
    )
    cut = NetworkEvidence(
        only,
        {found: ev.versions.get(found, [])},
        [i for i in ev.identifiers if found in i.ads],
        [h for h in ev.hits if h.ad_id == found],
        None,
    )
    return Bundle(f"ad:{site_name}/{site_ad_id}", f"Ad {site_name}/{site_ad_id}", [cut])
