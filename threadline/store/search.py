"""Faceted search over the store: full text, identifiers and filters, one row per matching ad.

The full-text part uses the store's own index (FTS5 on SQLite, the GIN expression index on
PostgreSQL: the expression here is the indexed one, so the planner can use it); identifiers are
looked up through ``ix_extraction_kind_value``. Both give candidate versions; filters (site, city,
dates, indicator, network size) then narrow them in SQL, and each ad appears once, under its newest
matching version. Facet counts are over the same matched ads, so a facet never offers a value that
leads nowhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from threadline.store.schema import ad, ad_version, extraction, indicator_hit, network_member, site

_WORD = re.compile(r"\w+", re.UNICODE)
PG_DOC = "to_tsvector('simple', coalesce(title, '') || ' ' || body || ' ' || coalesce(location, ''))"
SIZE_BUCKETS = ((1, 1, "1"), (2, 4, "2-4"), (5, 19, "5-19"), (20, 10**9, "20+"))


@dataclass(frozen=True, slots=True)
class SearchFilter:
    """What an analyst asked for. ``identifiers`` are normalised (kind, value) pairs."""

    words: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()
    site: str | None = None
    city: str | None = None  # "Name, RG" as the gazetteer writes it
    since: datetime | None = None
    until: datetime | None = None
    indicator: str | None = None
    min_network: int | None = None
    max_network: int | None = None


@dataclass(frozen=True, slots=True)
class AdMatch:
    ad_id: int
    version_id: int
    site: str
    site_ad_id: str
    title: str | None
    body: str
    location: str | None
    first_seen: datetime
    network_id: int
    network_size: int


@dataclass(slots=True)
class Facets:
    sites: dict[str, int] = field(default_factory=dict)
    cities: dict[str, int] = field(default_factory=dict)
    indicators: dict[str, int] = field(default_factory=dict)
    network_sizes: dict[str, int] = field(default_factory=dict)
    months: dict[str, int] = field(default_factory=dict)


def words_of(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text))


def _text_versions(conn: Connection, words: Sequence[str]) -> sa.Subquery:
    """Version ids whose text holds every word (all quoted: user text is never query syntax)."""
    if conn.dialect.name == "sqlite":
        q = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        sql = sa.text("SELECT rowid AS id FROM ad_version_fts WHERE ad_version_fts MATCH :fts").bindparams(fts=q)
    else:
        sql = sa.text(f"SELECT id FROM ad_version WHERE {PG_DOC} @@ plainto_tsquery('simple', :fts)").bindparams(
            fts=" ".join(words)
        )
    return sql.columns(sa.column("id", sa.Integer)).subquery("text_match")


def _ident_versions(identifiers: Sequence[tuple[str, str]]) -> sa.Subquery:
    pairs = [sa.and_(extraction.c.kind == k, extraction.c.value == v) for k, v in identifiers]
    return sa.select(extraction.c.ad_version_id.label("id")).where(sa.or_(*pairs)).distinct().subquery("ident_match")


def _sizes() -> sa.Subquery:
    return (
        sa.select(network_member.c.network_id, sa.func.count().label("size"))
        .group_by(network_member.c.network_id)
        .subquery("sizes")
    )


def _matched(conn: Connection, f: SearchFilter) -> sa.Select[tuple[int, int, int, int]]:
    """(version id, ad id, network id, network size) of every version passing the filter."""
    sizes = _sizes()
    net = sa.func.coalesce(network_member.c.network_id, ad.c.id)
    size = sa.func.coalesce(sizes.c.size, 1)
    frm = (
        ad_version.join(ad, ad.c.id == ad_version.c.ad_id)
        .outerjoin(network_member, network_member.c.ad_id == ad.c.id)
        .outerjoin(sizes, sizes.c.network_id == network_member.c.network_id)
    )
    where: list[sa.ColumnElement[bool]] = []
    if f.words:
        text = _text_versions(conn, f.words)
        frm = frm.join(text, text.c.id == ad_version.c.id)
    if f.identifiers:
        ident = _ident_versions(f.identifiers)
        frm = frm.join(ident, ident.c.id == ad_version.c.id)
    if f.site:
        where.append(ad.c.site_id == sa.select(site.c.id).where(site.c.name == f.site).scalar_subquery())
    if f.city:
        where.append(
            sa.exists().where(
                extraction.c.ad_version_id == ad_version.c.id,
                extraction.c.rule == "place:location",
                extraction.c.value == f.city,
            )
        )
    if f.since:
        where.append(ad_version.c.first_seen >= f.since)
    if f.until:
        where.append(ad_version.c.first_seen < f.until)
    if f.indicator:
        where.append(sa.exists().where(indicator_hit.c.ad_id == ad.c.id, indicator_hit.c.name == f.indicator))
    if f.min_network:
        where.append(size >= f.min_network)
    if f.max_network:
        where.append(size <= f.max_network)
    cols = (ad_version.c.id.label("version_id"), ad.c.id.label("ad_id"), net.label("network_id"), size.label("size"))
    return sa.select(*cols).select_from(frm).where(*where)


def search_ads(conn: Connection, f: SearchFilter, limit: int = 50, offset: int = 0) -> tuple[list[AdMatch], int]:
    """A page of matching ads (newest first) and how many ads match in all."""
    matched = _matched(conn, f).subquery("m")
    per_ad = (
        sa.select(
            matched.c.ad_id,
            sa.func.max(matched.c.version_id).label("version_id"),
            sa.func.max(matched.c.network_id).label("network_id"),
            sa.func.max(matched.c.size).label("size"),
        )
        .group_by(matched.c.ad_id)
        .subquery("per_ad")
    )
    total = int(conn.scalar(sa.select(sa.func.count()).select_from(per_ad)) or 0)
    q = (
        sa.select(
            per_ad,
            site.c.name.label("site"),
            ad.c.site_ad_id,
            ad_version.c.title,
            ad_version.c.body,
            ad_version.c.location,
            ad_version.c.first_seen,
        )
        .select_from(
            per_ad.join(ad_version, ad_version.c.id == per_ad.c.version_id)
            .join(ad, ad.c.id == per_ad.c.ad_id)
            .join(site, site.c.id == ad.c.site_id)
        )
        .order_by(ad_version.c.first_seen.desc(), per_ad.c.ad_id)
        .limit(limit)
        .offset(offset)
    )
    rows = [
        AdMatch(r.ad_id, r.version_id, r.site, r.site_ad_id, r.title, r.body, r.location, r.first_seen,
                int(r.network_id), int(r.size))
        for r in conn.execute(q)
    ]  # fmt: skip
    return rows, total


def facets(conn: Connection, f: SearchFilter, top: int = 12) -> Facets:
    """Counts of matching ads per site, city, indicator, network size and month."""
    matched = _matched(conn, f).subquery("m")
    ads = sa.select(matched.c.ad_id, sa.func.max(matched.c.size).label("size")).group_by(matched.c.ad_id)
    ads_sq = ads.subquery("ads")
    out = Facets()
    q_site = (
        sa.select(site.c.name, sa.func.count())
        .select_from(ads_sq.join(ad, ad.c.id == ads_sq.c.ad_id).join(site, site.c.id == ad.c.site_id))
        .group_by(site.c.name)
        .order_by(sa.func.count().desc())
    )
    out.sites = {name: int(n) for name, n in conn.execute(q_site)}
    q_city = (
        sa.select(extraction.c.value, sa.func.count(sa.distinct(matched.c.ad_id)).label("n"))
        .select_from(matched.join(extraction, extraction.c.ad_version_id == matched.c.version_id))
        .where(extraction.c.rule == "place:location")
        .group_by(extraction.c.value)
        .order_by(sa.text("n DESC"))
        .limit(top)
    )
    out.cities = {city: int(n) for city, n in conn.execute(q_city)}
    q_ind = (
        sa.select(indicator_hit.c.name, sa.func.count(sa.distinct(indicator_hit.c.ad_id)).label("n"))
        .select_from(ads_sq.join(indicator_hit, indicator_hit.c.ad_id == ads_sq.c.ad_id))
        .group_by(indicator_hit.c.name)
        .order_by(sa.text("n DESC"))
    )
    out.indicators = {name: int(n) for name, n in conn.execute(q_ind)}
    for low, high, label in SIZE_BUCKETS:
        n = conn.scalar(sa.select(sa.func.count()).select_from(ads_sq).where(ads_sq.c.size.between(low, high)))
        if n:
            out.network_sizes[label] = int(n)
    firsts = sa.select(sa.func.min(ad_version.c.first_seen).label("t")).select_from(
        matched.join(ad_version, ad_version.c.id == matched.c.version_id)
    )
    months: dict[str, int] = {}
    for (t,) in conn.execute(firsts.group_by(matched.c.ad_id)):
        if t is not None:
            key = str(t)[:7]
            months[key] = months.get(key, 0) + 1
    out.months = dict(sorted(months.items()))
    return out


def size_range(label: str) -> tuple[int, int] | None:
    """A network-size facet label back to its bounds."""
    for low, high, name in SIZE_BUCKETS:
        if name == label:
            return low, high
    return None
