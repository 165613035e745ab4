"""The audit log: append-only, hash-chained records of who did what to which object, from where.

Record ``n`` stores ``sha256 = H(prev_sha256, seq, at, actor, action, object, outcome, source)`` with
``prev_sha256`` the hash of record ``n - 1`` (64 zeros for the first). ``audit_head`` holds the last
sequence number and hash. So any edited byte changes a hash, a deleted record leaves a gap in the
sequence or a head that points past the end, and a reordered pair breaks both links.

Appending takes the head row first (``UPDATE`` before any read): that is the write lock on SQLite and
a row lock on PostgreSQL, so concurrent writers queue instead of forking the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from threadline.store.webtables import audit_head, audit_log

GENESIS = "0" * 64
PAGE = 2000
HEAD = sa.select(audit_head.c.seq, audit_head.c.sha256).where(audit_head.c.id == 1)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """What happened; the chain fields are added when it is appended."""

    at: datetime
    actor: str
    action: str
    object: str
    outcome: str
    source: str


@dataclass(frozen=True, slots=True)
class AuditRecord:
    seq: int
    at: datetime
    actor: str
    action: str
    object: str
    outcome: str
    source: str
    prev_sha256: str
    sha256: str


@dataclass(frozen=True, slots=True)
class ChainProblem:
    seq: int
    problem: str


def record_hash(prev: str, seq: int, e: AuditEntry | AuditRecord) -> str:
    # JSON of a list is an unambiguous encoding: no separator inside a field can forge a boundary.
    fields = [prev, seq, e.at.isoformat(), e.actor, e.action, e.object, e.outcome, e.source]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()


def append(conn: Connection, entry: AuditEntry) -> AuditRecord:
    """Append one record inside the caller's transaction and return it."""
    conn.execute(audit_head.update().where(audit_head.c.id == 1).values(seq=audit_head.c.seq + 1))
    seq, prev_seq_hash = conn.execute(HEAD).one()
    digest = record_hash(prev_seq_hash, seq, entry)
    conn.execute(
        audit_log.insert().values(
            seq=seq,
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            object=entry.object,
            outcome=entry.outcome,
            source=entry.source,
            prev_sha256=prev_seq_hash,
            sha256=digest,
        )
    )
    conn.execute(audit_head.update().where(audit_head.c.id == 1).values(sha256=digest))
    return AuditRecord(seq, entry.at, entry.actor, entry.action, entry.object, entry.outcome, entry.source,
                       prev_seq_hash, digest)  # fmt: skip


def _records(conn: Connection) -> Iterator[AuditRecord]:
    after = 0
    while True:
        rows = conn.execute(sa.select(audit_log).where(audit_log.c.seq > after).order_by(audit_log.c.seq).limit(PAGE))
        page = [AuditRecord(**r._mapping) for r in rows]
        yield from page
        if len(page) < PAGE:
            return
        after = page[-1].seq


def verify(conn: Connection) -> tuple[int, list[ChainProblem]]:
    """Walk the whole chain; return (records checked, problems). No problems means intact."""
    problems: list[ChainProblem] = []
    prev, expected, checked = GENESIS, 1, 0
    for r in _records(conn):
        checked += 1
        if r.seq != expected:
            problems.append(ChainProblem(r.seq, f"expected record {expected}: records missing or reordered"))
        if r.prev_sha256 != prev:
            problems.append(ChainProblem(r.seq, "does not link to the record before it"))
        if record_hash(r.prev_sha256, r.seq, r) != r.sha256:
            problems.append(ChainProblem(r.seq, "content does not match its hash (edited)"))
        prev, expected = r.sha256, r.seq + 1
    head_seq, head_sha = conn.execute(HEAD).one()
    if head_seq != expected - 1 or head_sha != prev:
        problems.append(ChainProblem(head_seq, f"log ends at record {expected - 1} but its head says {head_seq}"))
    return checked, problems


def entries(
    conn: Connection,
    *,
    actor: str | None = None,
    action: str | None = None,
    object_contains: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 100,
) -> list[AuditRecord]:
    """Records matching every given filter, newest first."""
    q = sa.select(audit_log).order_by(audit_log.c.seq.desc()).limit(limit)
    if actor:
        q = q.where(audit_log.c.actor == actor)
    if action:
        q = q.where(audit_log.c.action == action)
    if object_contains:
        q = q.where(audit_log.c.object.contains(object_contains, autoescape=True))
    if since:
        q = q.where(audit_log.c.at >= since)
    if until:
        q = q.where(audit_log.c.at < until)
    return [AuditRecord(**r._mapping) for r in conn.execute(q)]
