"""Ads and their versions, for the writer: find or create them for a batch of parsed pages.

Works on whole batches with times in their stored text form (which orders like the times), so the
writer compares and widens spans without converting anything. An ad is created on its first
sighting, live or removed; a version on the first capture of its content. Only ads that existed
before the batch can have stored versions or a ``deleted_at`` to revisit, so only those are read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from threadline.parse.records import PageKind
from threadline.store.bulk import chunks, execute_rows, insert_rows, select_in, time_key
from threadline.store.dialects import index_versions, insert_ignore, reserve_ids
from threadline.store.records import BatchCounts
from threadline.store.rows import PreparedCapture
from threadline.store.schema import ad, ad_version, sighting, site

# (capture_id, kind, ad_id, ad_version_id, seen_at, adapter)
SightingRow = tuple[int, str, int | None, int | None, str, str]
SIGHTING_COLUMNS = ("capture_id", "kind", "ad_id", "ad_version_id", "seen_at", "adapter")
AD_COLUMNS = ("id", "site_id", "site_ad_id", "url", "first_seen", "last_seen")
VERSION_COLUMNS = (
    "id",
    "ad_id",
    "content_sha256",
    "title",
    "body",
    "location",
    "posted_at",
    "images",
    "extra",
    "first_seen",
    "last_seen",
    "capture_id",
    "adapter",
)
_AD = PageKind.AD.value
_REMOVED = PageKind.REMOVED.value


class SiteCache:
    """site name -> id, filled lazily; sites are few and never change id."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def resolve(self, conn: Connection, names: dict[str, str]) -> None:
        """Make sure every site in ``names`` (name -> domain) has an id."""
        missing = [n for n in names if n not in self.ids]
        if not missing:
            return
        conn.execute(insert_ignore(conn, site), [{"name": n, "domain": names[n]} for n in missing])
        for row in conn.execute(sa.select(site.c.id, site.c.name).where(site.c.name.in_(missing))):
            self.ids[row.name] = row.id


@dataclass(slots=True)
class _AdSeen:
    """What one batch saw of one ad: its URL, its live span, whether a removal was among it."""

    url: str  # of the earliest capture in the batch
    url_at: str
    first: str | None = None
    last: str | None = None
    removed: bool = False


@dataclass(slots=True)
class _VersionSeen:
    first: str
    last: str
    capture_id: int
    item: PreparedCapture


def _resolve_ads(
    conn: Connection, pages: list[tuple[int, PreparedCapture]], site_ids: dict[str, int], counts: BatchCounts
) -> tuple[dict[tuple[int, str], int], set[int], list[int]]:
    """Find or create the ad of every page and widen first/last seen from live sightings.

    Returns the ad id per (site id, ad key), the ids of ads that existed before this batch, and the
    ads whose ``deleted_at`` may change: those with a removal in this batch, and stored deleted ads
    whose last live sighting moved (a later live sighting can undo a deletion, never cause one).
    """
    wanted: dict[tuple[int, str], _AdSeen] = {}
    for _, it in pages:
        key = (site_ids[it.site or ""], it.ad_key or "")
        seen = wanted.get(key)
        if seen is None:
            seen = wanted[key] = _AdSeen(it.url, it.captured_at)
        elif it.captured_at < seen.url_at:
            seen.url, seen.url_at = it.url, it.captured_at
        if it.kind == _AD:
            at = it.captured_at
            if seen.first is None or at < seen.first:
                seen.first = at
            if seen.last is None or at > seen.last:
                seen.last = at
        else:
            seen.removed = True
    by_site: dict[int, list[str]] = {}
    for site_id, ad_key in wanted:
        by_site.setdefault(site_id, []).append(ad_key)
    ids: dict[tuple[int, str], int] = {}
    touched: list[int] = []
    updates: list[tuple[str | None, str | None, int]] = []
    sql = "SELECT id, site_ad_id, first_seen, last_seen, deleted_at FROM ad WHERE site_id = ? AND site_ad_id IN ({in})"
    for site_id, keys in by_site.items():
        for ad_id, ad_key, first_raw, last_raw, deleted in select_in(conn, sql, keys, before=(site_id,)):
            key = (site_id, ad_key)
            ids[key] = ad_id
            seen = wanted[key]
            if seen.first is None:
                continue
            first, last = time_key(first_raw), time_key(last_raw)
            new_first = seen.first if first is None or seen.first < first else first
            new_last = seen.last if last is None or (seen.last or "") > last else last
            if (new_first, new_last) != (first, last):
                updates.append((new_first, new_last, ad_id))
                if deleted is not None and new_last != last:
                    touched.append(ad_id)
    existed = set(ids.values())
    new = [key for key in wanted if key not in ids]
    rows = []
    for ad_id, key in zip(reserve_ids(conn, ad, len(new)), new, strict=True):
        ids[key] = ad_id
        seen = wanted[key]
        rows.append((ad_id, key[0], key[1], seen.url, seen.first, seen.last))
    insert_rows(conn, ad, AD_COLUMNS, rows)
    counts.ads_new += len(new)
    execute_rows(conn, "UPDATE ad SET first_seen = ?, last_seen = ? WHERE id = ?", updates)
    touched.extend(ids[key] for key, seen in wanted.items() if seen.removed)
    return ids, existed, touched


def _resolve_versions(
    conn: Connection, live: list[tuple[int, int, PreparedCapture]], existed: set[int], counts: BatchCounts
) -> dict[tuple[int, str], int]:
    """Find or create the version of every live sighting (ad id, capture id, item)."""
    wanted: dict[tuple[int, str], _VersionSeen] = {}
    for ad_id, capture_id, it in live:
        key = (ad_id, it.content_sha256)
        seen = wanted.get(key)
        if seen is None:
            wanted[key] = _VersionSeen(it.captured_at, it.captured_at, capture_id, it)
            continue
        counts.versions_seen_again += 1
        if it.captured_at < seen.first:
            seen.first, seen.capture_id = it.captured_at, capture_id
        if it.captured_at > seen.last:
            seen.last = it.captured_at
    ids: dict[tuple[int, str], int] = {}
    updates: list[tuple[str, str, int | None, int]] = []
    old_ads = sorted({ad_id for ad_id, _ in wanted if ad_id in existed})
    sql = "SELECT id, ad_id, content_sha256, first_seen, last_seen FROM ad_version WHERE ad_id IN ({in})"
    for version_id, ad_id, content, first_raw, last_raw in select_in(conn, sql, old_ads):
        key = (ad_id, content)
        seen = wanted.get(key)
        if seen is None:
            continue
        ids[key] = version_id
        counts.versions_seen_again += 1
        first, last = str(time_key(first_raw)), str(time_key(last_raw))
        if seen.first < first or seen.last > last:
            earlier = seen.capture_id if seen.first < first else None
            updates.append((min(first, seen.first), max(last, seen.last), earlier, version_id))
    new = [key for key in wanted if key not in ids]
    rows = []
    for version_id, key in zip(reserve_ids(conn, ad_version, len(new)), new, strict=True):
        ids[key] = version_id
        seen = wanted[key]
        it = seen.item
        rows.append(
            (
                version_id,
                key[0],
                key[1],
                it.title,
                it.body,
                it.location,
                it.posted_at,
                it.images,
                it.extra,
                seen.first,
                seen.last,
                seen.capture_id,
                it.note,
            )
        )
    insert_rows(conn, ad_version, VERSION_COLUMNS, rows)
    index_versions(conn, [row[0] for row in rows])
    counts.versions_new += len(new)
    execute_rows(
        conn,
        "UPDATE ad_version SET first_seen = ?, last_seen = ?, capture_id = coalesce(?, capture_id) WHERE id = ?",
        updates,
    )
    return ids


def store_pages(
    conn: Connection,
    pages: list[tuple[int, PreparedCapture]],
    sites: SiteCache,
    counts: BatchCounts,
    sightings: list[SightingRow],
) -> list[int]:
    """Ads, versions and sightings (appended to ``sightings``) of AD and REMOVED pages (capture id,
    item); returns the ads whose ``deleted_at`` must be recomputed once the sightings are stored."""
    domains: dict[str, str] = {}
    for _, it in pages:
        domains.setdefault(it.site or "", it.domain)
    sites.resolve(conn, domains)
    ad_ids, existed, touched = _resolve_ads(conn, pages, sites.ids, counts)
    live: list[tuple[int, int, PreparedCapture]] = []
    for capture_id, it in pages:
        ad_id = ad_ids[(sites.ids[it.site or ""], it.ad_key or "")]
        if it.kind == _AD:
            live.append((ad_id, capture_id, it))
        else:
            counts.removed += 1
            sightings.append((capture_id, _REMOVED, ad_id, None, it.captured_at, it.note))
    versions = _resolve_versions(conn, live, existed, counts) if live else {}
    for ad_id, capture_id, it in live:
        sightings.append((capture_id, _AD, ad_id, versions[(ad_id, it.content_sha256)], it.captured_at, it.note))
    return sorted(set(touched))


def recompute_deleted(conn: Connection, ad_ids: Sequence[int]) -> None:
    """``deleted_at`` of ``ad_ids``: the first removal sighting after the last live one, else NULL."""
    s = sighting.alias("s")
    first_removal = (
        sa.select(sa.func.min(s.c.seen_at))
        .where(
            s.c.ad_id == ad.c.id,
            s.c.kind == _REMOVED,
            sa.or_(ad.c.last_seen.is_(None), s.c.seen_at > ad.c.last_seen),
        )
        .scalar_subquery()
    )
    for part in chunks(list(ad_ids)):
        conn.execute(ad.update().where(ad.c.id.in_(part)).values(deleted_at=first_removal))
