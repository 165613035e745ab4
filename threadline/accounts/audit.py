"""Writing and reading the audit trail: who did what to which object, with what outcome, from where.

Every audited action calls :func:`record` exactly once, in the same transaction as the action when it
writes (so a rolled-back action leaves no record, and a record never lacks its action). The chain
itself lives in :mod:`threadline.store.audit`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Connection

from threadline.store import audit as store_audit
from threadline.store.audit import AuditEntry, AuditRecord, ChainProblem
from threadline.store.store import Store

__all__ = ["ACTIONS", "AuditRecord", "ChainProblem", "Who", "record", "record_in", "show", "verify"]

# Every action name the code writes; `threadline audit show --action` accepts these.
ACTIONS = (
    "login", "login-failed", "logout", "search", "view-ad", "view-network", "view-case", "export", "label",
    "case-create", "case-add", "case-note", "case-status", "case-member", "watch-add", "watch-remove",
    "user-add", "user-disable", "token-create", "screen",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Who:
    """The actor of an action and where it came from (a client address, or ``cli``)."""

    actor: str
    source: str


def record_in(conn: Connection, who: Who, action: str, obj: str, outcome: str, now: datetime) -> AuditRecord:
    """Append one record inside the caller's open transaction."""
    return store_audit.append(conn, AuditEntry(now, who.actor, action, obj, outcome, who.source))


def record(store: Store, who: Who, action: str, obj: str, outcome: str, now: datetime) -> AuditRecord:
    """Append one record in a transaction of its own (for reads: views, searches, failed attempts)."""
    with store.engine.begin() as conn:
        return record_in(conn, who, action, obj, outcome, now)


def verify(store: Store) -> tuple[int, list[ChainProblem]]:
    with store.connect() as conn:
        return store_audit.verify(conn)


def show(
    store: Store,
    *,
    actor: str | None = None,
    action: str | None = None,
    object_contains: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 100,
) -> list[AuditRecord]:
    with store.connect() as conn:
        return store_audit.entries(
            conn, actor=actor, action=action, object_contains=object_contains, since=since, until=until, limit=limit
        )
