"""Cases: an analyst opens a case, adds networks and ads, writes notes, sets its status, and adds
colleagues. Only members see a case; to anyone else it does not exist (callers answer 404, never 403,
so a case's existence is not disclosed). Every write and every view is audited once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Connection

from threadline.accounts.audit import Who, record, record_in
from threadline.accounts.users import User
from threadline.errors import NotFound, UserError
from threadline.store import accounts as store_accounts
from threadline.store import cases as sc
from threadline.store import links as store_links
from threadline.store.cases import CaseRow, ItemRow, NoteRow
from threadline.store.store import Store

STATUSES = ("open", "active", "closed")
KINDS = ("network", "ad")


@dataclass(frozen=True, slots=True)
class CaseItem:
    item: ItemRow
    network_id: int  # the network holding the item's ad now (networks merge; the ad stays)


@dataclass(frozen=True, slots=True)
class CaseView:
    case: CaseRow
    members: list[str]
    items: list[CaseItem]
    notes: list[NoteRow]


def _not_found(case_id: int) -> NotFound:
    return NotFound(f"no case {case_id}")


def _check_member(conn: Connection, case_id: int, user: User) -> None:
    """NotFound unless ``user`` is a member of the case (a case one may not see does not exist)."""
    if sc.visible_case(conn, case_id, user.id) is None:
        raise _not_found(case_id)


def create_case(store: Store, user: User, who: Who, title: str, now: datetime) -> CaseRow:
    title = title.strip()
    if not title or len(title) > 300:
        raise UserError("a case title is 1 to 300 characters")
    with store.engine.begin() as conn:
        case_id = sc.add_case(conn, title, "open", user.id, now)
        record_in(conn, who, "case-create", f"case:{case_id}", "ok", now)
        row = sc.visible_case(conn, case_id, user.id)
    assert row is not None
    return row


def list_cases(store: Store, user: User) -> list[CaseRow]:
    with store.connect() as conn:
        return sc.cases_of(conn, user.id)


def view_case(store: Store, user: User, who: Who, case_id: int, now: datetime) -> CaseView:
    """The case if ``user`` is a member (audited ``view-case``), else NotFound (audited ``not-found``)."""
    with store.connect() as conn:
        row = sc.visible_case(conn, case_id, user.id)
        if row is not None:
            members = sc.members(conn, case_id)
            items = sc.items(conn, case_id)
            networks = store_links.network_of(conn, [i.ad_id for i in items])
            notes = sc.notes(conn, case_id)
    record(store, who, "view-case", f"case:{case_id}", "ok" if row else "not-found", now)
    if row is None:
        raise _not_found(case_id)
    return CaseView(row, members, [CaseItem(i, networks.get(i.ad_id, i.ad_id)) for i in items], notes)


def _resolve_ad(store: Store, kind: str, ref: str) -> int:
    """An item reference to the ad id it is kept by: a network id, an ad id, or ``site/ad id``."""
    with store.connect() as conn:
        if "/" in ref and kind == "ad":
            site_name, _, site_ad_id = ref.partition("/")
            found = sc.ad_by_site_id(conn, site_name.strip(), site_ad_id.strip())
            if found is None:
                raise NotFound(f"no ad {ref!r}")
            return found
        try:
            ad_id = int(ref)
        except ValueError:
            raise UserError(f"not a {kind} id: {ref!r}") from None
        if not sc.ad_exists(conn, ad_id):
            raise NotFound(f"no {kind} {ad_id}")
        if kind == "network":
            # A network's id is its smallest ad id, which is the ad it is kept by.
            members = store_links.network_ads(conn, ad_id)
            if not members:
                raise NotFound(f"no network {ad_id}")
            return min(members)
        return ad_id


def add_item(store: Store, user: User, who: Who, case_id: int, kind: str, ref: str, now: datetime) -> bool:
    if kind not in KINDS:
        raise UserError(f"a case holds networks or ads, not {kind!r}")
    ad_id = _resolve_ad(store, kind, ref.strip())
    with store.engine.begin() as conn:
        _check_member(conn, case_id, user)
        added = sc.add_item(conn, case_id, kind, ad_id, user.name, now)
        sc.touch_case(conn, case_id, now)
        record_in(conn, who, "case-add", f"case:{case_id} {kind}:{ad_id}", "ok" if added else "already-there", now)
    return added


def add_note(store: Store, user: User, who: Who, case_id: int, text: str, now: datetime) -> None:
    text = text.strip()
    if not text or len(text) > 20_000:
        raise UserError("a note is 1 to 20,000 characters")
    with store.engine.begin() as conn:
        _check_member(conn, case_id, user)
        sc.add_note(conn, case_id, user.name, text, now)
        sc.touch_case(conn, case_id, now)
        record_in(conn, who, "case-note", f"case:{case_id}", "ok", now)


def set_status(store: Store, user: User, who: Who, case_id: int, status: str, now: datetime) -> None:
    if status not in STATUSES:
        raise UserError(f"a case status is one of {', '.join(STATUSES)}")
    with store.engine.begin() as conn:
        _check_member(conn, case_id, user)
        sc.touch_case(conn, case_id, now, status=status)
        record_in(conn, who, "case-status", f"case:{case_id} status:{status}", "ok", now)


def add_member(store: Store, user: User, who: Who, case_id: int, name: str, now: datetime) -> None:
    with store.engine.begin() as conn:
        _check_member(conn, case_id, user)
        other = store_accounts.user_by_name(conn, name.strip())
        if other is None or other.disabled:
            raise UserError(f"no active user {name!r}")
        sc.add_member(conn, case_id, other.id)
        sc.touch_case(conn, case_id, now)
        record_in(conn, who, "case-member", f"case:{case_id} user:{other.name}", "ok", now)


def remove_member(store: Store, user: User, who: Who, case_id: int, name: str, now: datetime) -> None:
    """Take someone off a case (oneself included). The last member stays: a case nobody is a member
    of could never be seen again."""
    with store.engine.begin() as conn:
        _check_member(conn, case_id, user)
        names = sc.members(conn, case_id)
        name = name.strip()
        if name not in names:
            raise UserError(f"{name!r} is not a member of case {case_id}")
        if len(names) == 1:
            raise UserError(f"{name!r} is the last member of case {case_id}: add someone else first")
        other = store_accounts.user_by_name(conn, name)
        assert other is not None  # members are users
        sc.remove_member(conn, case_id, other.id)
        sc.touch_case(conn, case_id, now)
        record_in(conn, who, "case-member-remove", f"case:{case_id} user:{name}", "ok", now)
