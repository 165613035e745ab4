"""The write side of the evidence store: one batch of prepared captures in one transaction.

Every step works on whole batches (one SELECT to find what exists, one executemany for what is new)
because ingest speed is set by round trips and by this single writer's Python, not by the workers.
New rows get ids reserved up front, so nothing is read back after an insert. The rules it keeps:

* blobs and captures are insert-only; a capture already stored (same bytes, URL and time) is
  counted as known and changes nothing, which makes re-ingesting the same input idempotent;
* an ad's version is its parsed content; seeing known content again only widens the version's
  ``first_seen``/``last_seen`` (and ``capture_id`` follows ``first_seen``), in any arrival order;
* ``ad.deleted_at`` is recomputed from sightings: the first removal seen after the last live sighting.

The ad and version rules live in :mod:`threadline.store.ads`.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.engine import Connection

from threadline.parse.records import PageKind
from threadline.store import ads
from threadline.store.ads import SiteCache
from threadline.store.bulk import insert_rows, select_in, time_key
from threadline.store.dialects import begin_write, reserve_ids
from threadline.store.records import BatchCounts
from threadline.store.rows import FAILED, PreparedCapture, QuarantineItem
from threadline.store.schema import blob, capture, quarantine, sighting

BLOB_COLUMNS = ("sha256", "size", "compression", "data")
CAPTURE_COLUMNS = (
    "id",
    "sha256",
    "url",
    "captured_at",
    "content_type",
    "http_status",
    "http_headers",
    "origin",
    "run_id",
)
QUARANTINE_COLUMNS = ("run_id", "origin", "kind", "reason", "sample")
QuarantineRow = tuple[int, str, str, str, bytes | None]
_OTHER = PageKind.OTHER.value


def _store_captures(
    conn: Connection, run_id: int, items: Sequence[PreparedCapture], counts: BatchCounts
) -> list[tuple[int, PreparedCapture]]:
    """Insert what is new; return (capture id, item) for the captures this batch added, in input order."""
    shas = sorted({it.sha256 for it in items})
    existing: set[tuple[str, str, str | None]] = set()
    stored_shas: set[str] = set()
    for sha, url, at in select_in(conn, "SELECT sha256, url, captured_at FROM capture WHERE sha256 IN ({in})", shas):
        existing.add((sha, url, time_key(at)))
        stored_shas.add(sha)
    fresh: dict[tuple[str, str, str], PreparedCapture] = {}
    for it in items:
        key = (it.sha256, it.url, it.captured_at)
        if key in existing or key in fresh:
            counts.captures_known += 1
        else:
            fresh[key] = it
    if not fresh:
        return []
    # A blob is stored once per SHA-256; with a capture of it already stored it surely exists, and the
    # rare blob kept without one (or shared inside this batch) is skipped by the unique key.
    new_blobs = {it.sha256: it for it in fresh.values() if it.sha256 not in stored_shas}
    blob_rows = [(it.sha256, it.size, it.compression, it.data) for it in new_blobs.values()]
    insert_rows(conn, blob, BLOB_COLUMNS, blob_rows, skip_conflicts=True)
    out = list(zip(reserve_ids(conn, capture, len(fresh)), fresh.values(), strict=True))
    insert_rows(
        conn,
        capture,
        CAPTURE_COLUMNS,
        [
            (
                cid,
                it.sha256,
                it.url,
                it.captured_at,
                it.content_type,
                it.http_status,
                it.http_headers,
                it.origin,
                run_id,
            )
            for cid, it in out
        ],
    )
    counts.captures_new += len(out)
    return out


def write_batch(
    conn: Connection,
    run_id: int,
    items: Sequence[PreparedCapture],
    rejected: Sequence[QuarantineItem],
    sites: SiteCache,
) -> BatchCounts:
    """Store one batch; the caller owns the transaction (and commits it)."""
    counts = BatchCounts()
    begin_write(conn)
    fresh = _store_captures(conn, run_id, items, counts) if items else []
    quarantine_rows = [(run_id, q.origin, q.kind, q.reason, q.sample or None) for q in rejected]
    pages: list[tuple[int, PreparedCapture]] = []
    sightings: list[ads.SightingRow] = []
    for capture_id, it in fresh:
        if it.kind == FAILED:
            counts.parse_failures += 1
            kind = it.failure or "parse-failure"
            quarantine_rows.append((run_id, it.origin, kind, it.note, None))
        elif it.kind == _OTHER:
            counts.other_pages += 1
            sightings.append((capture_id, _OTHER, None, None, it.captured_at, it.note))
        else:
            pages.append((capture_id, it))
    touched: list[int] = []
    if pages:
        touched = ads.store_pages(conn, pages, sites, counts, sightings)
    insert_rows(conn, sighting, ads.SIGHTING_COLUMNS, sightings)
    if touched:
        ads.recompute_deleted(conn, touched)
    if quarantine_rows:
        counts.quarantined += _store_quarantine(conn, quarantine_rows)
    return counts


def _store_quarantine(conn: Connection, rows: list[QuarantineRow]) -> int:
    """Insert the quarantine records not stored yet (the same damage met twice is one record); return
    how many were new. Found by a lookup rather than counted from the insert, because executemany's
    rowcount differs between drivers; the conflict clause still covers a concurrent writer."""
    wanted: dict[tuple[str, str, str], QuarantineRow] = {}
    for row in rows:
        wanted.setdefault((row[1], row[2], row[3]), row)
    origins = sorted({key[0] for key in wanted})
    sql = "SELECT origin, kind, reason FROM quarantine WHERE origin IN ({in})"
    stored = {(origin, kind, reason) for origin, kind, reason in select_in(conn, sql, origins)}
    new = [row for key, row in wanted.items() if key not in stored]
    insert_rows(conn, quarantine, QUARANTINE_COLUMNS, new, skip_conflicts=True)
    return len(new)
