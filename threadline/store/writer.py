"""The write side of the evidence store: one batch of prepared captures in one transaction.

Every step works on whole batches (one SELECT to find what exists, one executemany for what is new)
because ingest speed is set by round trips, not by Python. The rules it keeps:

* blobs and captures are insert-only; a capture already stored (same bytes, URL and time) is
  counted as known and changes nothing, which makes re-ingesting the same input idempotent;
* an ad's version is its parsed content; seeing known content again only widens the version's
  ``first_seen``/``last_seen`` (and ``capture_id`` follows ``first_seen``), in any arrival order;
* ``ad.deleted_at`` is recomputed from sightings: the first removal seen after the last live sighting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from threadline.parse.records import PageKind
from threadline.store.bulk import insert_dicts
from threadline.store.dialects import insert_ignore
from threadline.store.records import BatchCounts, PreparedCapture, QuarantineItem
from threadline.store.schema import ad, ad_version, blob, capture, quarantine, sighting, site

CHUNK = 900  # bound parameters per IN list, far below every backend's limit


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _span(first: datetime | None, last: datetime | None, when: datetime) -> tuple[datetime, datetime]:
    return (when if first is None or when < first else first, when if last is None or when > last else last)


class SiteCache:
    """site name -> id, filled lazily; sites are few and never change id."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def resolve(self, conn: Connection, names: dict[str, str]) -> None:
        missing = [n for n in names if n not in self.ids]
        if not missing:
            return
        conn.execute(insert_ignore(conn, site), [{"name": n, "domain": names[n]} for n in missing])
        for row in conn.execute(sa.select(site.c.id, site.c.name).where(site.c.name.in_(missing))):
            self.ids[row.name] = row.id


def _store_blobs_and_captures(
    conn: Connection, run_id: int, items: Sequence[PreparedCapture], counts: BatchCounts
) -> list[tuple[int, PreparedCapture]]:
    """Insert what is new; return (capture id, item) for captures this batch added."""
    shas = sorted({it.sha256 for it in items})
    known_blobs: set[str] = set()
    existing: dict[tuple[str, str, datetime], int] = {}
    cols = (capture.c.id, capture.c.sha256, capture.c.url, capture.c.captured_at)
    for part in chunks(shas):
        known_blobs.update(conn.scalars(sa.select(blob.c.sha256).where(blob.c.sha256.in_(part))))
        for row in conn.execute(sa.select(*cols).where(capture.c.sha256.in_(part))):
            existing[(row.sha256, row.url, row.captured_at)] = row.id
    new_blobs: dict[str, dict[str, Any]] = {}
    fresh: dict[tuple[str, str, datetime], PreparedCapture] = {}
    for it in items:
        key = (it.sha256, it.url, it.captured_at)
        if key in existing or key in fresh:
            counts.captures_known += 1
            continue
        fresh[key] = it
        if it.sha256 not in known_blobs and it.sha256 not in new_blobs:
            new_blobs[it.sha256] = {
                "sha256": it.sha256,
                "size": it.size,
                "compression": it.compression,
                "data": it.data,
            }
    if new_blobs:
        insert_dicts(conn, blob, list(new_blobs.values()))
    if not fresh:
        return []
    insert_dicts(
        conn,
        capture,
        [
            {
                "sha256": it.sha256,
                "url": it.url,
                "captured_at": it.captured_at,
                "content_type": it.content_type,
                "http_status": it.http_status,
                "http_headers": it.http_headers,
                "origin": it.origin,
                "run_id": run_id,
            }
            for it in fresh.values()
        ],
    )
    counts.captures_new += len(fresh)
    out: list[tuple[int, PreparedCapture]] = []
    fresh_shas = sorted({k[0] for k in fresh})
    for part in chunks(fresh_shas):
        for row in conn.execute(sa.select(*cols).where(capture.c.sha256.in_(part), capture.c.run_id == run_id)):
            item = fresh.get((row.sha256, row.url, row.captured_at))
            if item is not None:
                out.append((row.id, item))
    return out


def _resolve_ads(
    conn: Connection, pages: list[tuple[int, PreparedCapture]], sites: SiteCache, counts: BatchCounts
) -> dict[tuple[int, str], int]:
    """Find or create the ad of every AD/REMOVED page; widen first/last seen from live sightings."""
    domains: dict[str, str] = {}
    for _, it in pages:
        assert it.page is not None and it.page.site is not None
        domains.setdefault(it.page.site, urlsplit(it.url).hostname or "")
    sites.resolve(conn, domains)
    wanted: dict[tuple[int, str], dict[str, Any]] = {}
    for _, it in pages:
        page = it.page
        assert page is not None and page.site is not None
        ad_key = page.ad.ad_id if page.ad is not None else page.ad_id
        assert ad_key is not None
        key = (sites.ids[page.site], ad_key)
        entry = wanted.setdefault(key, {"url": it.url, "first": None, "last": None})
        if page.kind is PageKind.AD:
            entry["first"], entry["last"] = _span(entry["first"], entry["last"], it.captured_at)
    found: dict[tuple[int, str], tuple[int, datetime | None, datetime | None]] = {}
    by_site: dict[int, list[str]] = {}
    for site_id, ad_key in wanted:
        by_site.setdefault(site_id, []).append(ad_key)

    def load() -> None:
        for site_id, keys in by_site.items():
            for part in chunks(keys):
                q = sa.select(ad.c.id, ad.c.site_ad_id, ad.c.first_seen, ad.c.last_seen).where(
                    ad.c.site_id == site_id, ad.c.site_ad_id.in_(part)
                )
                for row in conn.execute(q):
                    found[(site_id, row.site_ad_id)] = (row.id, row.first_seen, row.last_seen)

    load()
    new = [k for k in wanted if k not in found]
    if new:
        insert_dicts(
            conn,
            ad,
            [
                {
                    "site_id": k[0],
                    "site_ad_id": k[1],
                    "url": wanted[k]["url"],
                    "first_seen": wanted[k]["first"],
                    "last_seen": wanted[k]["last"],
                }
                for k in new
            ],
        )
        counts.ads_new += len(new)
        load()
    updates = []
    new_set = set(new)
    for key, entry in wanted.items():
        ad_id, first, last = found[key]
        if key in new_set or entry["first"] is None:
            continue
        f2, l2 = _span(first, last, entry["first"])
        f2, l2 = _span(f2, l2, entry["last"])
        if (f2, l2) != (first, last):
            updates.append({"b_id": ad_id, "b_first": f2, "b_last": l2})
    if updates:
        stmt = ad.update().where(ad.c.id == sa.bindparam("b_id"))
        conn.execute(stmt.values(first_seen=sa.bindparam("b_first"), last_seen=sa.bindparam("b_last")), updates)
    return {k: v[0] for k, v in found.items()}


def _resolve_versions(
    conn: Connection, live: list[tuple[int, int, PreparedCapture]], counts: BatchCounts
) -> dict[tuple[int, str], int]:
    """Find or create the version of every live sighting (ad id, capture id, item)."""
    wanted: dict[tuple[int, str], dict[str, Any]] = {}
    for ad_id, capture_id, it in live:
        assert it.page is not None and it.page.ad is not None
        key = (ad_id, it.page.ad.content_sha256)
        entry = wanted.get(key)
        if entry is None:
            wanted[key] = {"first": it.captured_at, "last": it.captured_at, "capture": capture_id, "item": it}
            continue
        counts.versions_seen_again += 1
        if it.captured_at < entry["first"]:
            entry["first"], entry["capture"] = it.captured_at, capture_id
        entry["last"] = max(entry["last"], it.captured_at)
    found: dict[tuple[int, str], tuple[int, datetime, datetime]] = {}
    ad_ids = sorted({k[0] for k in wanted})

    def load() -> None:
        cols = (
            ad_version.c.id,
            ad_version.c.ad_id,
            ad_version.c.content_sha256,
            ad_version.c.first_seen,
            ad_version.c.last_seen,
        )
        for part in chunks(ad_ids):
            for row in conn.execute(sa.select(*cols).where(ad_version.c.ad_id.in_(part))):
                found[(row.ad_id, row.content_sha256)] = (row.id, row.first_seen, row.last_seen)

    load()
    new = [k for k in wanted if k not in found]
    updates = []
    for key, entry in wanted.items():
        if key in found:
            counts.versions_seen_again += 1
            vid, first, last = found[key]
            if entry["first"] < first or entry["last"] > last:
                upd = {"b_id": vid, "b_first": min(first, entry["first"]), "b_last": max(last, entry["last"])}
                upd["b_capture"] = entry["capture"] if entry["first"] < first else None
                updates.append(upd)
    if new:
        rows = []
        for key in new:
            entry = wanted[key]
            parsed = entry["item"].page.ad
            rows.append(
                {
                    "ad_id": key[0],
                    "content_sha256": key[1],
                    "title": parsed.title,
                    "body": parsed.body,
                    "location": parsed.location,
                    "posted_at": parsed.posted_at,
                    "images": list(parsed.images),
                    "extra": [list(kv) for kv in parsed.extra],
                    "first_seen": entry["first"],
                    "last_seen": entry["last"],
                    "capture_id": entry["capture"],
                    "adapter": parsed.adapter,
                }
            )
        insert_dicts(conn, ad_version, rows)
        counts.versions_new += len(new)
        load()
    if updates:
        stmt = (
            ad_version.update()
            .where(ad_version.c.id == sa.bindparam("b_id"))
            .values(
                first_seen=sa.bindparam("b_first"),
                last_seen=sa.bindparam("b_last"),
                capture_id=sa.func.coalesce(sa.bindparam("b_capture"), ad_version.c.capture_id),
            )
        )
        conn.execute(stmt, updates)
    return {k: v[0] for k, v in found.items()}


def _recompute_deleted(conn: Connection, ad_ids: Sequence[int]) -> None:
    s = sighting.alias("s")
    first_removal = (
        sa.select(sa.func.min(s.c.seen_at))
        .where(
            s.c.ad_id == ad.c.id,
            s.c.kind == PageKind.REMOVED.value,
            sa.or_(ad.c.last_seen.is_(None), s.c.seen_at > ad.c.last_seen),
        )
        .scalar_subquery()
    )
    for part in chunks(list(ad_ids)):
        conn.execute(ad.update().where(ad.c.id.in_(part)).values(deleted_at=first_removal))


def write_batch(
    conn: Connection,
    run_id: int,
    items: Sequence[PreparedCapture],
    rejected: Sequence[QuarantineItem],
    sites: SiteCache,
) -> BatchCounts:
    """Store one batch; the caller owns the transaction."""
    counts = BatchCounts()
    fresh = _store_blobs_and_captures(conn, run_id, items, counts) if items else []
    quarantine_rows = [
        {"run_id": run_id, "origin": q.origin, "kind": q.kind, "reason": q.reason, "sample": q.sample or None}
        for q in rejected
    ]
    pages: list[tuple[int, PreparedCapture]] = []
    sightings: list[dict[str, Any]] = []
    for capture_id, it in fresh:
        if it.page is None:
            counts.parse_failures += 1
            kind, reason = it.failure or ("parse-failure", "unknown")
            quarantine_rows.append(
                {"run_id": run_id, "origin": it.origin, "kind": kind, "reason": reason, "sample": None}
            )
        elif it.page.kind is PageKind.OTHER:
            counts.other_pages += 1
            sightings.append(
                {
                    "capture_id": capture_id,
                    "kind": "other",
                    "ad_id": None,
                    "ad_version_id": None,
                    "seen_at": it.captured_at,
                    "adapter": it.page.note[:100],
                }
            )
        else:
            pages.append((capture_id, it))
    if pages:
        ad_ids = _resolve_ads(conn, pages, sites, counts)
        live: list[tuple[int, int, PreparedCapture]] = []
        for capture_id, it in pages:
            page = it.page
            assert page is not None and page.site is not None
            key = (sites.ids[page.site], page.ad.ad_id if page.ad is not None else page.ad_id or "")
            if page.kind is PageKind.AD:
                live.append((ad_ids[key], capture_id, it))
            else:
                counts.removed += 1
                sightings.append(
                    {
                        "capture_id": capture_id,
                        "kind": "removed",
                        "ad_id": ad_ids[key],
                        "ad_version_id": None,
                        "seen_at": it.captured_at,
                        "adapter": page.note[:100],
                    }
                )
        versions = _resolve_versions(conn, live, counts) if live else {}
        for ad_id, capture_id, it in live:
            assert it.page is not None and it.page.ad is not None
            sightings.append(
                {
                    "capture_id": capture_id,
                    "kind": "ad",
                    "ad_id": ad_id,
                    "ad_version_id": versions[(ad_id, it.page.ad.content_sha256)],
                    "seen_at": it.captured_at,
                    "adapter": it.page.ad.adapter,
                }
            )
    if sightings:
        insert_dicts(conn, sighting, sightings)
    if pages:
        _recompute_deleted(conn, sorted(set(ad_ids.values())))
    if quarantine_rows:
        # RETURNING counts exactly the rows that were new; executemany rowcount differs between drivers.
        stmt = insert_ignore(conn, quarantine).returning(quarantine.c.id)
        counts.quarantined += len(conn.execute(stmt, quarantine_rows).all())
    return counts
