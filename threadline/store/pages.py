"""Reads the web pages need that no pipeline stage does: an ad's key by its store id (and back), the
indicator hits and extractions of one ad's versions, the facet lists (sites, indicators) and a
capture's raw bytes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from threadline.errors import NotFound
from threadline.store.analysis import HitRow
from threadline.store.blobs import decompress
from threadline.store.cases import ad_by_site_id
from threadline.store.schema import ad, blob, capture, extraction, indicator_hit, site


def ad_key(conn: Connection, ad_id: int) -> tuple[str, str]:
    """(site name, site ad id) of the ad with store id ``ad_id``."""
    row = conn.execute(
        sa.select(site.c.name, ad.c.site_ad_id)
        .select_from(ad.join(site, site.c.id == ad.c.site_id))
        .where(ad.c.id == ad_id)
    ).first()
    if row is None:
        raise NotFound(f"no ad {ad_id}")
    return str(row.name), str(row.site_ad_id)


def ad_id_of(conn: Connection, site_name: str, site_ad_id: str) -> int:
    found = ad_by_site_id(conn, site_name, site_ad_id)
    if found is None:
        raise NotFound(f"no ad {site_ad_id!r} on site {site_name!r}")
    return found


def hits_of_versions(conn: Connection, version_ids: Sequence[int]) -> list[HitRow]:
    q = (
        sa.select(indicator_hit)
        .where(indicator_hit.c.ad_version_id.in_(list(version_ids)))
        .order_by(indicator_hit.c.ad_version_id, indicator_hit.c.start, indicator_hit.c.id)
    )
    return [HitRow(r.ad_id, r.ad_version_id, r.name, r.start, r.end, r.evidence) for r in conn.execute(q)]


def extractions_of_versions(conn: Connection, version_ids: Sequence[int]) -> list[Any]:
    q = (
        sa.select(extraction)
        .where(extraction.c.ad_version_id.in_(list(version_ids)))
        .order_by(extraction.c.ad_version_id, extraction.c.start, extraction.c.id)
    )
    return list(conn.execute(q))


def site_names(conn: Connection) -> list[str]:
    return [str(n) for n in conn.scalars(sa.select(site.c.name).order_by(site.c.name))]


def indicator_names(conn: Connection) -> list[str]:
    q = sa.select(indicator_hit.c.name).distinct().order_by(indicator_hit.c.name)
    return [str(n) for n in conn.scalars(q)]


def capture_raw(conn: Connection, capture_id: int) -> tuple[bytes, str | None, str]:
    """(raw evidence bytes, content type, origin) of one capture, decompressed."""
    row = conn.execute(
        sa.select(capture.c.content_type, capture.c.origin, blob.c.compression, blob.c.data)
        .select_from(capture.join(blob, blob.c.sha256 == capture.c.sha256))
        .where(capture.c.id == capture_id)
    ).first()
    if row is None:
        raise NotFound(f"no capture {capture_id}")
    return decompress(row.compression, row.data), row.content_type, str(row.origin)
