"""Web sessions: started at login, ended at logout, by idle timeout, or when the account is disabled.

The browser holds a random session id in a signed cookie; the store keeps only its SHA-256, the user,
a per-session CSRF token and when it was last used. Every request re-reads the account, so a disabled
user or a changed role takes effect on the next click, not at the next login.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from threadline.accounts.audit import Who, record_in
from threadline.accounts.users import Role, User
from threadline.store import accounts as store_accounts
from threadline.store.store import Store


@dataclass(frozen=True, slots=True)
class Session:
    """A live session: its clear id (only ever sent back to its browser), user and CSRF token."""

    id: str
    user: User
    csrf: str


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def start(store: Store, user: User, source: str, now: datetime) -> Session:
    session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with store.engine.begin() as conn:
        store_accounts.add_session(conn, _digest(session_id), user.id, csrf, now, source[:100])
    return Session(session_id, user, csrf)


def resume(store: Store, session_id: str, now: datetime, idle_minutes: int) -> Session | None:
    """The session behind ``session_id`` if it is live (and mark it used), else None (and end it)."""
    digest = _digest(session_id)
    with store.engine.begin() as conn:
        row = store_accounts.session(conn, digest)
        if row is None:
            return None
        if now - row.last_seen > timedelta(minutes=idle_minutes):
            store_accounts.end_session(conn, digest)
            return None
        user_row = store_accounts.user_by_id(conn, row.user_id)
        if user_row is None or user_row.disabled:
            store_accounts.end_session(conn, digest)
            return None
        # One write per minute at most: the idle clock needs no finer grain, and reads stay reads.
        if now - row.last_seen >= timedelta(minutes=1):
            store_accounts.touch_session(conn, digest, now)
    user = User(user_row.id, user_row.name, Role[user_row.role], user_row.disabled, user_row.locked_until,
                user_row.created_at)  # fmt: skip
    return Session(session_id, user, row.csrf)


def end(store: Store, session: Session, source: str, now: datetime) -> None:
    """Log out: the session ends and the logout is audited."""
    with store.engine.begin() as conn:
        store_accounts.end_session(conn, _digest(session.id))
        record_in(conn, Who(session.user.name, source), "logout", f"user:{session.user.name}", "ok", now)
