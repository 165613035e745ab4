"""The read side of the evidence store: counts, one ad with its versions, full-text search."""

from __future__ import annotations

import re
from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from threadline.errors import NotFound, UserError
from threadline.store.records import AdView, SearchHit, StoreStats, VersionView
from threadline.store.schema import ad, ad_version, blob, capture, ingest_run, quarantine, site
from threadline.store.types import UTCDateTime


def stats(conn: Connection) -> StoreStats:
    def count(table: sa.Table, *where: sa.ColumnElement[bool]) -> int:
        return int(conn.scalar(sa.select(sa.func.count()).select_from(table).where(*where)) or 0)

    per_site = (
        sa.select(
            site.c.name,
            site.c.domain,
            sa.func.count(sa.distinct(ad.c.id)).label("ads"),
            sa.func.count(ad_version.c.id).label("versions"),
        )
        .select_from(site.join(ad, ad.c.site_id == site.c.id).outerjoin(ad_version, ad_version.c.ad_id == ad.c.id))
        .group_by(site.c.name, site.c.domain)
        .order_by(site.c.name)
    )
    sites = [dict(row._mapping) for row in conn.execute(per_site)]
    return StoreStats(
        sites=sites,
        ads=count(ad),
        versions=count(ad_version),
        captures=count(capture),
        blobs=count(blob),
        blob_bytes=int(conn.scalar(sa.select(sa.func.coalesce(sa.func.sum(blob.c.size), 0))) or 0),
        quarantined=count(quarantine),
        deleted_ads=count(ad, ad.c.deleted_at.is_not(None)),
        runs=count(ingest_run),
    )


def get_ad(conn: Connection, site_name: str, site_ad_id: str) -> AdView:
    row = conn.execute(
        sa.select(ad, site.c.name.label("site_name"))
        .select_from(ad.join(site, site.c.id == ad.c.site_id))
        .where(site.c.name == site_name, ad.c.site_ad_id == site_ad_id)
    ).first()
    if row is None:
        raise NotFound(f"no ad {site_ad_id!r} on site {site_name!r}")
    q = (
        sa.select(ad_version, capture.c.sha256.label("capture_sha256"), capture.c.captured_at)
        .select_from(ad_version.join(capture, capture.c.id == ad_version.c.capture_id))
        .where(ad_version.c.ad_id == row.id)
        .order_by(ad_version.c.first_seen, ad_version.c.id)
    )
    versions = [
        VersionView(
            id=v.id,
            content_sha256=v.content_sha256,
            title=v.title,
            body=v.body,
            location=v.location,
            posted_at=v.posted_at,
            images=list(v.images),
            extra=list(v.extra),
            first_seen=v.first_seen,
            last_seen=v.last_seen,
            capture_id=v.capture_id,
            capture_sha256=v.capture_sha256,
            captured_at=v.captured_at,
            adapter=v.adapter,
        )
        for v in conn.execute(q)
    ]
    return AdView(
        id=row.id,
        site=row.site_name,
        site_ad_id=row.site_ad_id,
        url=row.url,
        first_seen=row.first_seen,
        last_seen=row.last_seen,
        deleted_at=row.deleted_at,
        versions=versions,
    )


_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """User text -> an FTS5 query of quoted terms (all must match); FTS syntax is never passed through."""
    words = _WORD.findall(text)
    if not words:
        raise UserError(f"search text {text!r} has no words to look for")
    return " ".join(f'"{w}"' for w in words)


def search(conn: Connection, text: str, limit: int = 20) -> list[SearchHit]:
    cols = "v.id, s.name AS site, a.site_ad_id, v.title, v.first_seen"
    base = "FROM ad_version v JOIN ad a ON a.id = v.ad_id JOIN site s ON s.id = a.site_id"
    if conn.dialect.name == "sqlite":
        sql = sa.text(
            f"SELECT {cols}, snippet(ad_version_fts, 1, '[', ']', ' … ', 12) AS snippet, bm25(ad_version_fts) AS rank "
            f"FROM ad_version_fts f JOIN ad_version v ON v.id = f.rowid JOIN ad a ON a.id = v.ad_id "
            f"JOIN site s ON s.id = a.site_id WHERE ad_version_fts MATCH :q ORDER BY rank LIMIT :limit"
        )
        params: dict[str, object] = {"q": fts_query(text), "limit": limit}
    else:
        doc = "to_tsvector('simple', coalesce(v.title, '') || ' ' || v.body || ' ' || coalesce(v.location, ''))"
        sql = sa.text(
            f"SELECT {cols}, ts_headline('simple', v.body, q, 'StartSel=[,StopSel=],MaxWords=24') AS snippet, "
            f"-ts_rank({doc}, q) AS rank {base}, plainto_tsquery('simple', :q) q WHERE {doc} @@ q "
            f"ORDER BY rank LIMIT :limit"
        )
        params = {"q": " ".join(_WORD.findall(text)), "limit": limit}
    typed = sql.columns(first_seen=UTCDateTime())
    return [
        SearchHit(row.id, row.site, row.site_ad_id, row.title, row.snippet, row.first_seen, float(row.rank))
        for row in conn.execute(typed, params)
    ]


def iter_blobs(conn: Connection, batch: int = 500) -> Iterator[tuple[str, str, bytes]]:
    """(sha256, compression, data) for every blob, streamed in key order."""
    last = ""
    while True:
        rows = conn.execute(
            sa.select(blob.c.sha256, blob.c.compression, blob.c.data)
            .where(blob.c.sha256 > last)
            .order_by(blob.c.sha256)
            .limit(batch)
        ).all()
        if not rows:
            return
        for r in rows:
            yield r.sha256, r.compression, r.data
        last = rows[-1].sha256
