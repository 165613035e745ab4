"""Watchlists: an analyst watches an identifier (a phone in any spelling, an e-mail, a handle, a
payment tag) and is alerted when a new ad carries it.

Design: matching happens when the watcher's dashboard or watchlist page loads (:func:`check`), not in
ingest. Each watch remembers the newest extraction id it has compared (``checked_upto``), so a check
reads only extractions added since, through the ``(kind, value)`` index — cheap on every page load,
and ingest and extraction stay untouched. A watch alerts on ads extracted after it was created;
what the store already held is found by search.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from threadline.accounts.audit import Who, record_in
from threadline.accounts.users import User
from threadline.errors import NotFound, UserError
from threadline.extract.api import extract
from threadline.extract.stage import rows_for
from threadline.store import cases as sc
from threadline.store.cases import HitRow, WatchRow
from threadline.store.store import Store

KINDS = ("phone", "email", "handle", "payment")


@dataclass(frozen=True, slots=True)
class Watch:
    row: WatchRow
    hits: int


def normalise(kind: str, text: str, region: str = "US") -> str:
    """The stored form of an identifier typed any way ("seven 0 two 555 0143" -> "+17025550143")."""
    if kind not in KINDS:
        raise UserError(f"a watch is on a {', '.join(KINDS)}, not {kind!r}")
    text = text.strip()
    if not text or len(text) > 300:
        raise UserError("type the identifier to watch (at most 300 characters)")
    found = extract(text, region=region)
    values = [r.value for r in rows_for(0, found) if r.kind == kind]  # the extraction table's own form
    if values:
        return values[0]
    if kind == "phone":
        raise UserError(f"no valid phone number in {text!r}")
    return text.lower()


def add_watch(store: Store, user: User, who: Who, kind: str, text: str, note: str, now: datetime) -> WatchRow:
    value = normalise(kind, text)
    with store.engine.begin() as conn:
        if sc.watch_exists(conn, user.id, kind, value):
            raise UserError(f"you already watch {kind} {value}")
        watch_id = sc.add_watch(
            conn, user.id, kind, value, note.strip()[:1000] or None, now, sc.max_extraction_id(conn)
        )
        record_in(conn, who, "watch-add", f"watch:{watch_id} {kind}:{value}", "ok", now)
        return next(w for w in sc.watches(conn, user.id) if w.id == watch_id)


def remove_watch(store: Store, user: User, who: Who, watch_id: int, now: datetime) -> None:
    with store.engine.begin() as conn:
        if not sc.remove_watch(conn, user.id, watch_id):
            raise NotFound(f"no watch {watch_id}")
        record_in(conn, who, "watch-remove", f"watch:{watch_id}", "ok", now)


def check(store: Store, user: User, now: datetime) -> int:
    """Compare the user's watches with extractions added since their last check; return new hits."""
    found = 0
    with store.engine.begin() as conn:
        upto = sc.max_extraction_id(conn)
        for w in sc.watches(conn, user.id):
            if w.checked_upto >= upto:
                continue
            versions = sc.new_matches(conn, w, upto)
            sc.record_hits(conn, w.id, versions, upto, now)
            found += len(versions)
    return found


def watches(store: Store, user: User) -> list[Watch]:
    with store.connect() as conn:
        rows = sc.watches(conn, user.id)
        counts: dict[int, int] = {}
        for h in sc.hits_of(conn, user.id, limit=10_000):
            counts[h.watch_id] = counts.get(h.watch_id, 0) + 1
    return [Watch(r, counts.get(r.id, 0)) for r in rows]


def hits(store: Store, user: User, limit: int = 50) -> list[HitRow]:
    with store.connect() as conn:
        return sc.hits_of(conn, user.id, limit)
