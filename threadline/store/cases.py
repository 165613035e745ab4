"""Store access for cases (membership, items, notes) and watchlists (watches and their hits).

Visibility is decided here in SQL: every read of a case takes the asking user and joins on
``case_member``, so a query can never return a case to someone outside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from threadline.store.schema import ad, ad_version, extraction, site
from threadline.store.webtables import app_user, case, case_item, case_member, case_note, watch, watch_hit


@dataclass(frozen=True, slots=True)
class CaseRow:
    id: int
    title: str
    status: str
    created_by: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ItemRow:
    id: int
    kind: str
    ad_id: int
    added_by: str
    added_at: datetime
    site: str
    site_ad_id: str


@dataclass(frozen=True, slots=True)
class NoteRow:
    id: int
    author: str
    at: datetime
    text: str


@dataclass(frozen=True, slots=True)
class WatchRow:
    id: int
    user_id: int
    kind: str
    value: str
    note: str | None
    created_at: datetime
    checked_upto: int


@dataclass(frozen=True, slots=True)
class HitRow:
    watch_id: int
    kind: str
    value: str
    ad_id: int
    site: str
    site_ad_id: str
    ad_version_id: int
    found_at: datetime


def add_case(conn: Connection, title: str, status: str, user_id: int, now: datetime) -> int:
    values = {"title": title, "status": status, "created_by": user_id, "created_at": now, "updated_at": now}
    case_id = int(conn.execute(case.insert().values(**values)).inserted_primary_key[0])  # type: ignore[index]
    conn.execute(case_member.insert().values(case_id=case_id, user_id=user_id))
    return case_id


def visible_case(conn: Connection, case_id: int, user_id: int) -> CaseRow | None:
    q = (
        sa.select(case)
        .join(case_member, case_member.c.case_id == case.c.id)
        .where(case.c.id == case_id, case_member.c.user_id == user_id)
    )
    row = conn.execute(q).first()
    return None if row is None else CaseRow(**row._mapping)


def cases_of(conn: Connection, user_id: int) -> list[CaseRow]:
    q = (
        sa.select(case)
        .join(case_member, case_member.c.case_id == case.c.id)
        .where(case_member.c.user_id == user_id)
        .order_by(case.c.updated_at.desc(), case.c.id.desc())
    )
    return [CaseRow(**r._mapping) for r in conn.execute(q)]


def touch_case(conn: Connection, case_id: int, now: datetime, **values: object) -> None:
    conn.execute(case.update().where(case.c.id == case_id).values(updated_at=now, **values))


def members(conn: Connection, case_id: int) -> list[str]:
    q = (
        sa.select(app_user.c.name)
        .join(case_member, case_member.c.user_id == app_user.c.id)
        .where(case_member.c.case_id == case_id)
        .order_by(app_user.c.name)
    )
    return list(conn.execute(q).scalars())


def add_member(conn: Connection, case_id: int, user_id: int) -> bool:
    exists = conn.execute(
        sa.select(case_member.c.user_id).where(case_member.c.case_id == case_id, case_member.c.user_id == user_id)
    ).first()
    if exists is None:
        conn.execute(case_member.insert().values(case_id=case_id, user_id=user_id))
    return exists is None


def remove_member(conn: Connection, case_id: int, user_id: int) -> bool:
    result = conn.execute(
        case_member.delete().where(case_member.c.case_id == case_id, case_member.c.user_id == user_id)
    )
    return bool(result.rowcount)


def add_item(conn: Connection, case_id: int, kind: str, ad_id: int, added_by: str, now: datetime) -> bool:
    exists = conn.execute(
        sa.select(case_item.c.id).where(
            case_item.c.case_id == case_id, case_item.c.kind == kind, case_item.c.ad_id == ad_id
        )
    ).first()
    if exists is None:
        conn.execute(
            case_item.insert().values(case_id=case_id, kind=kind, ad_id=ad_id, added_by=added_by, added_at=now)
        )
    return exists is None


def items(conn: Connection, case_id: int) -> list[ItemRow]:
    q = (
        sa.select(
            case_item.c.id,
            case_item.c.kind,
            case_item.c.ad_id,
            case_item.c.added_by,
            case_item.c.added_at,
            site.c.name.label("site"),
            ad.c.site_ad_id,
        )
        .join(ad, ad.c.id == case_item.c.ad_id)
        .join(site, site.c.id == ad.c.site_id)
        .where(case_item.c.case_id == case_id)
        .order_by(case_item.c.added_at, case_item.c.id)
    )
    return [ItemRow(**r._mapping) for r in conn.execute(q)]


def add_note(conn: Connection, case_id: int, author: str, text: str, now: datetime) -> None:
    conn.execute(case_note.insert().values(case_id=case_id, author=author, at=now, text=text))


def notes(conn: Connection, case_id: int) -> list[NoteRow]:
    q = sa.select(case_note.c.id, case_note.c.author, case_note.c.at, case_note.c.text).where(
        case_note.c.case_id == case_id
    )
    return [NoteRow(**r._mapping) for r in conn.execute(q.order_by(case_note.c.at, case_note.c.id))]


def ad_exists(conn: Connection, ad_id: int) -> bool:
    return conn.execute(sa.select(ad.c.id).where(ad.c.id == ad_id)).first() is not None


def ad_by_site_id(conn: Connection, site_name: str, site_ad_id: str) -> int | None:
    q = sa.select(ad.c.id).join(site, site.c.id == ad.c.site_id)
    row = conn.execute(q.where(site.c.name == site_name, ad.c.site_ad_id == site_ad_id)).first()
    return None if row is None else int(row.id)


# -- watchlists ---------------------------------------------------------------------------------------
def max_extraction_id(conn: Connection) -> int:
    return int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(extraction.c.id), 0))).scalar_one())


def add_watch(conn: Connection, user_id: int, kind: str, value: str, note: str | None, now: datetime, upto: int) -> int:
    values = {"user_id": user_id, "kind": kind, "value": value, "note": note, "created_at": now, "checked_upto": upto}
    return int(conn.execute(watch.insert().values(**values)).inserted_primary_key[0])  # type: ignore[index]


def watch_exists(conn: Connection, user_id: int, kind: str, value: str) -> bool:
    q = sa.select(watch.c.id).where(watch.c.user_id == user_id, watch.c.kind == kind, watch.c.value == value)
    return conn.execute(q).first() is not None


def watches(conn: Connection, user_id: int) -> list[WatchRow]:
    q = sa.select(watch).where(watch.c.user_id == user_id).order_by(watch.c.created_at, watch.c.id)
    return [WatchRow(**r._mapping) for r in conn.execute(q)]


def remove_watch(conn: Connection, user_id: int, watch_id: int) -> bool:
    owned = conn.execute(sa.select(watch.c.id).where(watch.c.id == watch_id, watch.c.user_id == user_id)).first()
    if owned is None:
        return False
    conn.execute(watch_hit.delete().where(watch_hit.c.watch_id == watch_id))
    conn.execute(watch.delete().where(watch.c.id == watch_id))
    return True


def new_matches(conn: Connection, w: WatchRow, upto: int) -> list[int]:
    """Versions whose extractions in (checked_upto, upto] carry the watched value (the kind/value index)."""
    q = sa.select(extraction.c.ad_version_id).distinct().where(
        extraction.c.kind == w.kind, extraction.c.value == w.value, extraction.c.id > w.checked_upto,
        extraction.c.id <= upto,
    )  # fmt: skip
    return sorted(int(v) for v in conn.execute(q).scalars())


def record_hits(conn: Connection, watch_id: int, version_ids: list[int], upto: int, now: datetime) -> None:
    for version_id in version_ids:
        conn.execute(watch_hit.insert().values(watch_id=watch_id, ad_version_id=version_id, found_at=now, seen=False))
    conn.execute(watch.update().where(watch.c.id == watch_id).values(checked_upto=upto))


def hits_of(conn: Connection, user_id: int, limit: int = 50) -> list[HitRow]:
    q = (
        sa.select(
            watch_hit.c.watch_id,
            watch.c.kind,
            watch.c.value,
            ad.c.id.label("ad_id"),
            site.c.name.label("site"),
            ad.c.site_ad_id,
            watch_hit.c.ad_version_id,
            watch_hit.c.found_at,
        )
        .join(watch, watch.c.id == watch_hit.c.watch_id)
        .join(ad_version, ad_version.c.id == watch_hit.c.ad_version_id)
        .join(ad, ad.c.id == ad_version.c.ad_id)
        .join(site, site.c.id == ad.c.site_id)
        .where(watch.c.user_id == user_id)
        .order_by(watch_hit.c.found_at.desc(), watch_hit.c.id.desc())
        .limit(limit)
    )
    return [HitRow(**r._mapping) for r in conn.execute(q)]
