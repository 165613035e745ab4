"""Store reads of the screening API: which known ads and networks carry given identifiers, and
their risk. Every query is an index lookup (``ix_extraction_kind_value``, primary keys), bounded by
``PER_IDENTIFIER``, so a screening request costs the same on a small store and a national one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from threadline.store.schema import ad_version, extraction, hub, network_member, network_risk

PER_IDENTIFIER = 200  # rows read per identifier: enough to name its networks, never a scan


@dataclass(frozen=True, slots=True)
class KnownIdentifier:
    kind: str
    value: str
    ads: int  # ads found carrying it (at most PER_IDENTIFIER)
    networks: tuple[int, ...]
    hub: bool  # a site's support phone or a spam link: it links nothing


@dataclass(frozen=True, slots=True)
class KnownNetwork:
    network_id: int
    ads: int
    score: float | None  # None: not scored yet (`threadline indicators` has not run since it formed)
    mo: str | None
    minors: int


# Built once: a screening request only binds values and runs them (building SQLAlchemy expressions
# per request cost more than the queries themselves).
_HOLDERS = (
    sa.select(ad_version.c.ad_id)
    .select_from(extraction.join(ad_version, ad_version.c.id == extraction.c.ad_version_id))
    .where(extraction.c.kind == sa.bindparam("kind"), extraction.c.value == sa.bindparam("value"))
    .limit(PER_IDENTIFIER)
    .subquery()
)
_ADS_OF = sa.select(
    _HOLDERS.c.ad_id, sa.func.coalesce(network_member.c.network_id, _HOLDERS.c.ad_id).label("net")
).select_from(_HOLDERS.outerjoin(network_member, network_member.c.ad_id == _HOLDERS.c.ad_id))
_IS_HUB = sa.select(hub.c.id).where(hub.c.kind == sa.bindparam("kind"), hub.c.value == sa.bindparam("value"))
_IDS: sa.BindParameter[list[int]] = sa.bindparam("ids", expanding=True)
_RISK = sa.select(
    network_risk.c.network_id, network_risk.c.ads, network_risk.c.score, network_risk.c.mo, network_risk.c.minors
).where(network_risk.c.network_id.in_(_IDS))
_SIZES = (
    sa.select(network_member.c.network_id, sa.func.count())
    .where(network_member.c.network_id.in_(_IDS))
    .group_by(network_member.c.network_id)
)


def known_identifiers(conn: Connection, pairs: Sequence[tuple[str, str]]) -> list[KnownIdentifier]:
    out: list[KnownIdentifier] = []
    for kind, value in pairs:
        rows = conn.execute(_ADS_OF, {"kind": kind, "value": value}).all()
        if not rows:
            continue
        is_hub = conn.execute(_IS_HUB, {"kind": kind, "value": value}).first() is not None
        nets = tuple(sorted({int(r.net) for r in rows}))
        out.append(KnownIdentifier(kind, value, len({r.ad_id for r in rows}), nets, is_hub))
    return out


def known_networks(conn: Connection, network_ids: Sequence[int]) -> list[KnownNetwork]:
    if not network_ids:
        return []
    ids = list(network_ids)
    risk = {r.network_id: r for r in conn.execute(_RISK, {"ids": ids})}
    sizes: dict[int, int] = {int(n): int(c) for n, c in conn.execute(_SIZES, {"ids": ids})}
    out = []
    for nid in ids:
        r = risk.get(nid)
        size = sizes.get(nid, 1)
        if r is None:
            out.append(KnownNetwork(nid, size, None, None, 0))
        else:
            out.append(KnownNetwork(nid, size, float(r.score), str(r.mo), int(r.minors)))
    return sorted(out, key=lambda n: (-n.minors, -(n.score or 0.0), n.network_id))
