"""The crawl's state in the store (migration 0007): frontier entries, WARC files, closed sites.

Saved after every ingested batch, always *after* the batch's captures: a crash between the two
leaves captures whose frontier rows still say "due" (they are fetched again later, a new capture
at a new time) and a WARC checkpoint behind the file's end (its tail is re-ingested on resume and
the store recognises every capture it already holds). Nothing is lost and nothing counted twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from threadline.capture.crawl.frontier import Entry
from threadline.store.store import Store
from threadline.store.types import UTCDateTime

metadata = sa.MetaData()  # the crawler's own tables; the migration is the source of truth for the schema
crawl_url = sa.Table(
    "crawl_url",
    metadata,
    sa.Column("url", sa.String(2000), primary_key=True),
    sa.Column("site", sa.String(100), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("due", sa.Float, nullable=False),
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("fails", sa.Integer, nullable=False),
    sa.Column("fetches", sa.Integer, nullable=False),
    sa.Column("first_seen", UTCDateTime, nullable=False),
    sa.Column("last_fetched", UTCDateTime),
    sa.Column("gone_at", UTCDateTime),
)
crawl_warc = sa.Table(
    "crawl_warc",
    metadata,
    sa.Column("path", sa.String(1000), primary_key=True),
    sa.Column("ingested", sa.BigInteger, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
)
crawl_site = sa.Table(
    "crawl_site",
    metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("closed_at", UTCDateTime),
    sa.Column("reason", sa.Text),
)


def _time(epoch: float | None) -> datetime | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, tz=UTC)


def _epoch(value: datetime | None) -> float | None:
    return None if value is None else value.timestamp()


def _upsert(conn: Connection, table: sa.Table, rows: list[dict[str, object]], key: str) -> None:
    if not rows:
        return
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt = insert(table)
    update = {c.name: stmt.excluded[c.name] for c in table.columns if c.name != key}
    conn.execute(stmt.on_conflict_do_update(index_elements=[key], set_=update), rows)


def save(store: Store, entries: Iterable[Entry], warcs: dict[str, int]) -> None:
    """Entries changed and each WARC file's ingested offset, in one transaction."""
    rows: list[dict[str, object]] = [
        {
            "url": e.url,
            "site": e.site,
            "kind": e.kind,
            "status": e.status,
            "due": e.due,
            "etag": e.etag,
            "last_modified": e.last_modified,
            "fails": e.fails,
            "fetches": e.fetches,
            "first_seen": _time(e.first_seen),
            "last_fetched": _time(e.last_fetched),
            "gone_at": _time(e.gone_at),
        }
        for e in entries
    ]
    with store.engine.begin() as conn:
        _upsert(conn, crawl_url, rows, "url")
        for path, offset in warcs.items():
            conn.execute(crawl_warc.update().where(crawl_warc.c.path == path).values(ingested=offset))


def load_entries(store: Store) -> list[Entry]:
    with store.engine.connect() as conn:
        return [
            Entry(
                r.url,
                r.site,
                r.kind,
                r.status,
                r.due,
                r.etag,
                r.last_modified,
                r.fails,
                r.fetches,
                _epoch(r.first_seen) or 0.0,
                _epoch(r.last_fetched),
                _epoch(r.gone_at),
            )
            for r in conn.execute(sa.select(crawl_url))
        ]


def add_warc(store: Store, path: str, now: float) -> None:
    with store.engine.begin() as conn:
        conn.execute(crawl_warc.insert().values(path=path, ingested=0, created_at=_time(now)))


def warcs(store: Store) -> list[tuple[str, int]]:
    """Every WARC file this store's crawls wrote, with the offset ingested so far, oldest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(crawl_warc.c.path, crawl_warc.c.ingested).order_by(crawl_warc.c.created_at))
        return [(r.path, int(r.ingested)) for r in rows]


def close_site(store: Store, name: str, now: float, reason: str) -> None:
    with store.engine.begin() as conn:
        _upsert(conn, crawl_site, [{"name": name, "closed_at": _time(now), "reason": reason}], "name")


def closed_sites(store: Store) -> dict[str, tuple[float, str]]:
    with store.engine.connect() as conn:
        return {
            r.name: (_epoch(r.closed_at) or 0.0, r.reason or "")
            for r in conn.execute(sa.select(crawl_site)).fetchall()
            if r.closed_at is not None
        }
