"""Store access for the link stage: reading ads for the engine, writing links, networks and hubs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from threadline.store.bulk import chunks, insert_dicts, insert_rows
from threadline.store.dialects import insert_ignore
from threadline.store.records import AdForLink, LinkRow
from threadline.store.schema import ad, ad_version, extraction, hub, link, link_run, linked_ad, network_member, site

LINK_KINDS = ("phone", "email", "handle", "payment", "image")


def ads_for_link(conn: Connection, after_id: int, limit: int, only_changed: bool) -> tuple[list[AdForLink], int]:
    """Ads with id > after_id (a page of ``limit`` ids); with ``only_changed`` just those whose newest
    version the engine has not seen. Returns the ads and the last ad id of the page (0 at the end)."""
    ids = list(
        conn.scalars(
            sa.select(ad.c.id).where(ad.c.id > after_id, ad.c.first_seen.is_not(None)).order_by(ad.c.id).limit(limit)
        )
    )
    if not ids:
        return [], 0
    newest: dict[int, Any] = {}
    q = (
        sa.select(ad_version.c.ad_id, ad_version.c.id, ad_version.c.title, ad_version.c.body, ad_version.c.location)
        .where(ad_version.c.ad_id.in_(ids))
        .order_by(ad_version.c.ad_id, ad_version.c.first_seen, ad_version.c.id)
    )
    for row in conn.execute(q):
        newest[row.ad_id] = row  # ordered by first_seen: the last one wins
    seen: dict[int, int] = {}
    if only_changed:
        for row in conn.execute(sa.select(linked_ad).where(linked_ad.c.ad_id.in_(ids))):
            seen[row.ad_id] = row.version_id
    wanted = [i for i in ids if i in newest and seen.get(i) != newest[i].id]
    if not wanted:
        return [], ids[-1]
    idents: dict[int, set[tuple[str, str]]] = defaultdict(set)
    q2 = (
        sa.select(ad_version.c.ad_id, extraction.c.kind, extraction.c.value)
        .select_from(extraction.join(ad_version, ad_version.c.id == extraction.c.ad_version_id))
        .where(ad_version.c.ad_id.in_(wanted), extraction.c.kind.in_(LINK_KINDS))
    )
    for ident in conn.execute(q2):
        idents[ident.ad_id].add((ident.kind, ident.value))
    meta = {
        row.id: row
        for row in conn.execute(
            sa.select(ad.c.id, ad.c.first_seen, site.c.name)
            .select_from(ad.join(site, site.c.id == ad.c.site_id))
            .where(ad.c.id.in_(wanted))
        )
    }
    out = [
        AdForLink(
            ad_id=i,
            version_id=newest[i].id,
            site=meta[i].name,
            first_seen=meta[i].first_seen,
            title=newest[i].title,
            body=newest[i].body,
            location=newest[i].location,
            identifiers=tuple(sorted(idents.get(i, ()))),
        )
        for i in wanted
    ]
    return out, ids[-1]


def start_run(conn: Connection, mode: str) -> int:
    result = conn.execute(link_run.insert().values(started_at=datetime.now(UTC), mode=mode, counts={}))
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def finish_run(conn: Connection, run_id: int, counts: dict[str, int], state_sha256: str) -> None:
    conn.execute(
        link_run.update()
        .where(link_run.c.id == run_id)
        .values(finished_at=datetime.now(UTC), counts=counts, state_sha256=state_sha256)
    )


def last_state_sha(conn: Connection) -> str | None:
    row = conn.execute(
        sa.select(link_run.c.state_sha256)
        .where(link_run.c.finished_at.is_not(None))
        .order_by(link_run.c.id.desc())
        .limit(1)
    ).first()
    return None if row is None else row.state_sha256


def clear(conn: Connection) -> None:
    """Forget every link, network and hub (before a rebuild)."""
    for table in (link, network_member, hub, linked_ad):
        conn.execute(table.delete())


def write_links(conn: Connection, run_id: int, links: Iterable[LinkRow]) -> int:
    rows = [(r.a, r.b, r.reason, r.evidence, float(r.score), run_id) for r in links]
    for part in chunks(rows, 20_000):
        insert_rows(conn, link, ("ad_a", "ad_b", "reason", "evidence", "score", "run_id"), part)
    return len(rows)


def retract_links(conn: Connection, links: Iterable[LinkRow]) -> int:
    n = 0
    for r in links:
        conn.execute(
            link.delete().where(
                link.c.ad_a == r.a, link.c.ad_b == r.b, link.c.reason == r.reason, link.c.evidence == r.evidence
            )
        )
        n += 1
    return n


def set_networks(conn: Connection, removed: Sequence[int], clusters: Sequence[tuple[int, Sequence[int]]]) -> None:
    """Drop networks that no longer exist and replace the membership of those that changed."""
    gone = list(removed) + [cid for cid, _ in clusters]
    for part in chunks(gone):
        conn.execute(network_member.delete().where(network_member.c.network_id.in_(part)))
    members = [m for _, ms in clusters for m in ms]
    for part in chunks(members):
        conn.execute(network_member.delete().where(network_member.c.ad_id.in_(part)))
    rows = [(m, cid) for cid, ms in clusters for m in ms]
    for part in chunks(rows, 20_000):
        insert_rows(conn, network_member, ("ad_id", "network_id"), part)


def record_hubs(conn: Connection, run_id: int, hubs: Iterable[tuple[str, str, int, str]]) -> None:
    rows = [{"kind": k, "value": v, "ads": n, "reason": why, "run_id": run_id} for k, v, n, why in hubs]
    if rows:
        conn.execute(insert_ignore(conn, hub), rows)


def mark_linked(conn: Connection, pairs: Sequence[tuple[int, int]]) -> None:
    for part in chunks(list(pairs)):
        conn.execute(linked_ad.delete().where(linked_ad.c.ad_id.in_([a for a, _ in part])))
        insert_dicts(conn, linked_ad, [{"ad_id": a, "version_id": v} for a, v in part])


def list_networks(conn: Connection, sort: str, limit: int) -> list[dict[str, Any]]:
    """Multi-ad networks with size and time span, largest or most recent first."""
    size = sa.func.count().label("ads")
    q = (
        sa.select(
            network_member.c.network_id,
            size,
            sa.func.min(ad.c.first_seen).label("first_seen"),
            sa.func.max(ad.c.last_seen).label("last_seen"),
            sa.func.count(sa.distinct(ad.c.site_id)).label("sites"),
        )
        .select_from(network_member.join(ad, ad.c.id == network_member.c.ad_id))
        .group_by(network_member.c.network_id)
    )
    order = [size.desc(), network_member.c.network_id] if sort == "size" else [sa.text("last_seen DESC"), size.desc()]
    return [dict(r._mapping) for r in conn.execute(q.order_by(*order).limit(limit))]


def network_ads(conn: Connection, network_id: int) -> list[int]:
    """Member ad ids; an ad in no multi-ad network is a network of one under its own id."""
    members = list(
        conn.scalars(
            sa.select(network_member.c.ad_id)
            .where(network_member.c.network_id == network_id)
            .order_by(network_member.c.ad_id)
        )
    )
    if members:
        return members
    own = conn.execute(
        sa.select(ad.c.id, network_member.c.network_id)
        .select_from(ad.outerjoin(network_member, network_member.c.ad_id == ad.c.id))
        .where(ad.c.id == network_id)
    ).first()
    return [network_id] if own is not None and own.network_id is None else []


def network_of(conn: Connection, ad_ids: Sequence[int]) -> dict[int, int]:
    """ad id -> network id for the given ads (singletons map to themselves)."""
    out = {a: a for a in ad_ids}
    for part in chunks(list(ad_ids)):
        for row in conn.execute(sa.select(network_member).where(network_member.c.ad_id.in_(part))):
            out[row.ad_id] = row.network_id
    return out


def links_among(conn: Connection, ad_ids: Sequence[int]) -> list[LinkRow]:
    rows: list[LinkRow] = []
    for part in chunks(list(ad_ids)):
        q = sa.select(link).where(link.c.ad_b.in_(part)).order_by(link.c.id)
        rows.extend(LinkRow(r.ad_a, r.ad_b, r.reason, r.evidence, r.score) for r in conn.execute(q))
    return rows


def hubs(conn: Connection, limit: int = 1000) -> list[dict[str, Any]]:
    q = sa.select(hub.c.kind, hub.c.value, hub.c.ads, hub.c.reason).order_by(hub.c.ads.desc()).limit(limit)
    return [dict(r._mapping) for r in conn.execute(q)]


def member_rows(conn: Connection, ad_ids: Sequence[int]) -> tuple[list[Any], list[Any], list[Any]]:
    """(ads, versions, extraction values) of the given ads, for building a network record."""
    ads: list[Any] = []
    versions: list[Any] = []
    values: list[Any] = []
    for part in chunks(list(ad_ids)):
        ads.extend(
            conn.execute(
                sa.select(ad, site.c.name.label("site"))
                .select_from(ad.join(site, site.c.id == ad.c.site_id))
                .where(ad.c.id.in_(part))
            )
        )
        versions.extend(
            conn.execute(
                sa.select(
                    ad_version.c.id,
                    ad_version.c.ad_id,
                    ad_version.c.title,
                    ad_version.c.body,
                    ad_version.c.location,
                    ad_version.c.first_seen,
                    ad_version.c.last_seen,
                )
                .where(ad_version.c.ad_id.in_(part))
                .order_by(ad_version.c.ad_id, ad_version.c.first_seen)
            )
        )
        values.extend(
            conn.execute(
                sa.select(ad_version.c.ad_id, extraction.c.kind, extraction.c.value, extraction.c.attrs)
                .select_from(extraction.join(ad_version, ad_version.c.id == extraction.c.ad_version_id))
                .where(ad_version.c.ad_id.in_(part))
            )
        )
    return ads, versions, values


def export_page(conn: Connection, after_id: int, limit: int) -> tuple[list[dict[str, Any]], int]:
    """One page of the ads export: site, ad_id, url, network_id and the newest version's phones,
    emails and ages (ads only ever seen removed have no version and no values)."""
    rows = conn.execute(
        sa.select(ad.c.id, ad.c.site_ad_id, ad.c.url, site.c.name.label("site"), network_member.c.network_id)
        .select_from(
            ad.join(site, site.c.id == ad.c.site_id).outerjoin(network_member, network_member.c.ad_id == ad.c.id)
        )
        .where(ad.c.id > after_id)
        .order_by(ad.c.id)
        .limit(limit)
    ).all()
    if not rows:
        return [], 0
    ids = [r.id for r in rows]
    newest: dict[int, int] = {}
    q = (
        sa.select(ad_version.c.ad_id, ad_version.c.id)
        .where(ad_version.c.ad_id.in_(ids))
        .order_by(ad_version.c.ad_id, ad_version.c.first_seen, ad_version.c.id)
    )
    for v in conn.execute(q):
        newest[v.ad_id] = v.id
    values: dict[int, dict[str, list[Any]]] = defaultdict(lambda: {"phone": [], "email": [], "age": []})
    by_version = {v: a for a, v in newest.items()}
    for part in chunks(list(by_version)):
        q2 = (
            sa.select(extraction.c.ad_version_id, extraction.c.kind, extraction.c.value)
            .where(extraction.c.ad_version_id.in_(part), extraction.c.kind.in_(("phone", "email", "age")))
            .order_by(extraction.c.id)
        )
        for e in conn.execute(q2):
            bucket = values[by_version[e.ad_version_id]][e.kind]
            value = int(e.value) if e.kind == "age" else e.value
            if value not in bucket:
                bucket.append(value)
    return [
        {
            "site": r.site,
            "ad_id": r.site_ad_id,
            "url": r.url,
            "network_id": r.network_id if r.network_id is not None else r.id,
            "phones": values[r.id]["phone"],
            "emails": values[r.id]["email"],
            "ages": values[r.id]["age"],
        }
        for r in rows
    ], ids[-1]
