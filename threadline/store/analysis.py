"""Store access for the analyze stage: versions still to analyse, indicator hits, network risk,
analyst labels, and the flat per-ad columns hotspots, movement and displacement are computed from.

Reads return plain tuples in bulk (one query per table, keyset-paged where it can grow large), so
the analysis layer can vectorise with numpy instead of asking the database once per ad.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from threadline.store.schema import (
    ad,
    ad_version,
    analysis_run,
    analyzed_version,
    extraction,
    indicator_hit,
    link,
    network_label,
    network_member,
    network_risk,
    site,
)

CHUNK = 5000  # ids per IN (...) list: well below SQLite's and PostgreSQL's parameter limits
FACT_KINDS = ("phone", "age", "place", "name")


@dataclass(frozen=True, slots=True)
class HitRow:
    ad_id: int
    ad_version_id: int
    name: str
    start: int | None
    end: int | None
    evidence: str


@dataclass(frozen=True, slots=True)
class VersionRow:
    id: int
    ad_id: int
    title: str | None
    body: str
    extra: list[Any]
    first_seen: datetime


@dataclass(frozen=True, slots=True)
class PriceRow:
    ad_id: int
    ad_version_id: int
    value: str  # "150 USD/60"
    start: int | None
    end: int | None


@dataclass(frozen=True, slots=True)
class AdRow:
    """One ad as the analytics see it: where, when, in which network (site/city by name)."""

    ad_id: int
    network_id: int
    site: str
    first_seen: datetime
    last_seen: datetime
    city: str | None  # "Name, RG" of the advertised location, when the gazetteer knew it
    lat: float | None
    lon: float | None


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def pending_ads(conn: Connection, after_version: int, limit: int) -> tuple[list[int], list[int]]:
    """A page of versions not analysed yet (ids > ``after_version``): (version ids, their ad ids)."""
    q = (
        sa.select(ad_version.c.id, ad_version.c.ad_id)
        .outerjoin(analyzed_version, analyzed_version.c.ad_version_id == ad_version.c.id)
        .where(analyzed_version.c.ad_version_id.is_(None), ad_version.c.id > after_version)
        .order_by(ad_version.c.id)
        .limit(limit)
    )
    rows = conn.execute(q).all()
    return [r.id for r in rows], sorted({r.ad_id for r in rows})


def versions_of(conn: Connection, ad_ids: Sequence[int]) -> list[VersionRow]:
    """Every version of the given ads, oldest first within each ad (edits compare neighbours)."""
    out: list[VersionRow] = []
    for part in _chunks(ad_ids):
        q = (
            sa.select(
                ad_version.c.id,
                ad_version.c.ad_id,
                ad_version.c.title,
                ad_version.c.body,
                ad_version.c.extra,
                ad_version.c.first_seen,
            )
            .where(ad_version.c.ad_id.in_(part))
            .order_by(ad_version.c.ad_id, ad_version.c.first_seen, ad_version.c.id)
        )
        out.extend(VersionRow(r.id, r.ad_id, r.title, r.body, list(r.extra), r.first_seen) for r in conn.execute(q))
    return out


def facts_of(conn: Connection, version_ids: Sequence[int]) -> list[Any]:
    """Extracted phones, ages, places and names of the given versions (rows with the extraction columns)."""
    rows: list[Any] = []
    for part in _chunks(version_ids):
        q = sa.select(extraction).where(extraction.c.ad_version_id.in_(part), extraction.c.kind.in_(FACT_KINDS))
        rows.extend(conn.execute(q.order_by(extraction.c.ad_version_id, extraction.c.id)))
    return rows


def write_hits(conn: Connection, hits: Sequence[HitRow]) -> None:
    if hits:
        conn.execute(
            indicator_hit.insert(),
            [
                {
                    "ad_id": h.ad_id,
                    "ad_version_id": h.ad_version_id,
                    "name": h.name,
                    "start": h.start,
                    "end": h.end,
                    "evidence": h.evidence,
                }
                for h in hits
            ],
        )


def mark_analyzed(conn: Connection, version_ids: Sequence[int]) -> None:
    now = datetime.now(UTC)
    if version_ids:
        conn.execute(analyzed_version.insert(), [{"ad_version_id": v, "analyzed_at": now} for v in version_ids])


def clear(conn: Connection) -> None:
    """Forget every hit and analysed mark (before a rebuild); labels are never touched."""
    conn.execute(indicator_hit.delete())
    conn.execute(analyzed_version.delete())


def replace_named_hits(conn: Connection, name: str, hits: Sequence[HitRow]) -> None:
    """Indicators computed over the whole store each run (a city's median price moves) are replaced."""
    conn.execute(indicator_hit.delete().where(indicator_hit.c.name == name))
    write_hits(conn, hits)


def hourly_prices(conn: Connection) -> list[PriceRow]:
    """Every hourly price ("150 USD/60") with its ad, version and span."""
    q = (
        sa.select(
            ad_version.c.ad_id, extraction.c.ad_version_id, extraction.c.value, extraction.c.start, extraction.c.end
        )
        .select_from(extraction.join(ad_version, ad_version.c.id == extraction.c.ad_version_id))
        .where(extraction.c.kind == "price", extraction.c.value.like("%/60"))
    )
    return [PriceRow(r.ad_id, r.ad_version_id, r.value, r.start, r.end) for r in conn.execute(q)]


def ad_rows(conn: Connection, ad_ids: Sequence[int] | None = None) -> list[AdRow]:
    """Every ad seen live (or just ``ad_ids``), with its network (itself when linked to nothing) and
    advertised city."""
    if ad_ids is not None:
        return [r for part in _chunks(sorted(ad_ids)) for r in _ad_rows(conn, part)]
    return _ad_rows(conn, None)


def _ad_rows(conn: Connection, ad_ids: Sequence[int] | None) -> list[AdRow]:
    places: dict[int, tuple[str, float, float]] = {}
    q_place = (
        sa.select(ad_version.c.ad_id, extraction.c.value, extraction.c.attrs)
        .select_from(extraction.join(ad_version, ad_version.c.id == extraction.c.ad_version_id))
        .where(extraction.c.rule == "place:location")
    )
    q_place = q_place if ad_ids is None else q_place.where(ad_version.c.ad_id.in_(ad_ids))
    for p in conn.execute(q_place):
        places[p.ad_id] = (p.value, float(p.attrs["lat"]), float(p.attrs["lon"]))
    q = (
        sa.select(ad.c.id, ad.c.first_seen, ad.c.last_seen, site.c.name, network_member.c.network_id)
        .select_from(
            ad.join(site, site.c.id == ad.c.site_id).outerjoin(network_member, network_member.c.ad_id == ad.c.id)
        )
        .where(ad.c.first_seen.is_not(None))
        .order_by(ad.c.id)
    )
    q = q if ad_ids is None else q.where(ad.c.id.in_(ad_ids))
    out = []
    for r in conn.execute(q):
        city, lat, lon = places.get(r.id, (None, None, None))
        nid = r.network_id if r.network_id is not None else r.id
        out.append(AdRow(r.id, nid, r.name, r.first_seen, r.last_seen or r.first_seen, city, lat, lon))
    return out


def ad_values(conn: Connection) -> list[tuple[int, str, str]]:
    """Distinct (ad_id, kind, value) of phones, names and ages over all versions."""
    q = (
        sa.select(ad_version.c.ad_id, extraction.c.kind, extraction.c.value)
        .select_from(extraction.join(ad_version, ad_version.c.id == extraction.c.ad_version_id))
        .where(extraction.c.kind.in_(("phone", "name", "age")))
        .distinct()
    )
    return [(r.ad_id, r.kind, r.value) for r in conn.execute(q)]


def ad_hit_names(conn: Connection) -> list[tuple[int, str]]:
    """Distinct (ad_id, indicator) over all versions."""
    q = sa.select(indicator_hit.c.ad_id, indicator_hit.c.name).distinct()
    return [(r.ad_id, r.name) for r in conn.execute(q)]


def template_linked_ads(conn: Connection) -> list[int]:
    q = sa.union(
        sa.select(link.c.ad_a.label("a")).where(link.c.reason == "template"),
        sa.select(link.c.ad_b.label("a")).where(link.c.reason == "template"),
    )
    return [int(r.a) for r in conn.execute(q)]


def hits_of_ads(conn: Connection, ad_ids: Sequence[int]) -> list[HitRow]:
    out: list[HitRow] = []
    for part in _chunks(ad_ids):
        q = (
            sa.select(indicator_hit)
            .where(indicator_hit.c.ad_id.in_(part))
            .order_by(indicator_hit.c.ad_version_id, indicator_hit.c.start)
        )
        out.extend(HitRow(r.ad_id, r.ad_version_id, r.name, r.start, r.end, r.evidence) for r in conn.execute(q))
    return out


# -- runs and network risk ------------------------------------------------------------------------
def start_run(conn: Connection, mode: str) -> int:
    result = conn.execute(analysis_run.insert().values(started_at=datetime.now(UTC), mode=mode, counts={}))
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def finish_run(conn: Connection, run_id: int, counts: dict[str, int]) -> None:
    conn.execute(
        analysis_run.update().where(analysis_run.c.id == run_id).values(finished_at=datetime.now(UTC), counts=counts)
    )


def replace_risk(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Network ids change as networks grow, so the whole table is rewritten each run."""
    conn.execute(network_risk.delete())
    for i in range(0, len(rows), CHUNK):
        conn.execute(network_risk.insert(), list(rows[i : i + CHUNK]))


def risk_rows(conn: Connection, limit: int | None = None, min_ads: int = 1) -> list[Any]:
    q = sa.select(network_risk).where(network_risk.c.ads >= min_ads)
    q = q.order_by(network_risk.c.minors.desc(), network_risk.c.score.desc(), network_risk.c.network_id)
    return list(conn.execute(q.limit(limit) if limit else q))


def risk_of(conn: Connection, network_id: int) -> Any:
    return conn.execute(sa.select(network_risk).where(network_risk.c.network_id == network_id)).first()


# -- labels ---------------------------------------------------------------------------------------
def add_label(conn: Connection, ad_id: int, label: str, analyst: str, note: str | None) -> int:
    result = conn.execute(
        network_label.insert().values(
            ad_id=ad_id, label=label, analyst=analyst, labelled_at=datetime.now(UTC), note=note
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def labels(conn: Connection) -> list[Any]:
    """Every label with the network its ad belongs to now, oldest first (a later label overrides)."""
    net = sa.func.coalesce(network_member.c.network_id, network_label.c.ad_id).label("network_id")
    q = (
        sa.select(network_label, net)
        .select_from(network_label.outerjoin(network_member, network_member.c.ad_id == network_label.c.ad_id))
        .order_by(network_label.c.labelled_at, network_label.c.id)
    )
    return list(conn.execute(q))
