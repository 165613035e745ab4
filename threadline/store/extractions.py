"""Store access for the extract stage: which versions still need extracting, and writing results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from threadline.store.records import ExtractionRow, VersionText
from threadline.store.schema import ad_version, extracted_version, extraction

_pending = (
    sa.select(ad_version.c.id, ad_version.c.title, ad_version.c.body, ad_version.c.location, ad_version.c.extra)
    .outerjoin(extracted_version, extracted_version.c.ad_version_id == ad_version.c.id)
    .where(extracted_version.c.ad_version_id.is_(None))
)


def count_pending(conn: Connection) -> int:
    return int(conn.scalar(sa.select(sa.func.count()).select_from(_pending.subquery())) or 0)


def pending(conn: Connection, after_id: int, limit: int) -> list[VersionText]:
    """Versions not yet extracted, by id, after ``after_id`` (keyset paging: no OFFSET scans)."""
    q = _pending.where(ad_version.c.id > after_id).order_by(ad_version.c.id).limit(limit)
    return [VersionText(r.id, r.title, r.body, r.location, list(r.extra)) for r in conn.execute(q)]


def write(conn: Connection, version_ids: Sequence[int], rows: Sequence[ExtractionRow], extractor: str) -> None:
    """Store the values of a batch of versions and mark the versions done, in the caller's transaction."""
    if rows:
        conn.execute(extraction.insert(), [asdict(r) for r in rows])
    now = datetime.now(UTC)
    conn.execute(
        extracted_version.insert(),
        [{"ad_version_id": v, "extracted_at": now, "extractor": extractor} for v in version_ids],
    )


def for_version(conn: Connection, version_id: int) -> list[ExtractionRow]:
    q = (
        sa.select(extraction)
        .where(extraction.c.ad_version_id == version_id)
        .order_by(extraction.c.start, extraction.c.id)
    )
    return [
        ExtractionRow(r.ad_version_id, r.kind, r.value, r.raw, r.start, r.end, r.rule, dict(r.attrs))
        for r in conn.execute(q)
    ]
