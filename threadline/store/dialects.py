"""The few statements that differ between SQLite and PostgreSQL, behind one function each."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.sql.dml import Insert

# SQLite settings for the connection of a bulk load, and their everyday values restored after it.
# Checkpointing the WAL every 4 MiB (the default) costs the single writer a copy and an fsync per
# few batches; every 64 MiB does the same work once for pages that several batches touched.
# WAL + synchronous=NORMAL stays: a crash loses at most the last transactions, never the file.
SQLITE_BULK = {"wal_autocheckpoint": 16384}
SQLITE_EVERYDAY = {"wal_autocheckpoint": 1000}


def insert_ignore(conn: Connection, table: sa.Table) -> Insert:
    """INSERT that silently skips rows violating a unique constraint (idempotent writes)."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    raise NotImplementedError(f"unsupported database backend: {conn.dialect.name}")


def begin_write(conn: Connection) -> None:
    """Take the write lock before the writer's first read, so what it reads stays true until commit.

    SQLite otherwise starts the transaction at the first INSERT, after the reads that decided what
    to insert and which ids to use. PostgreSQL needs nothing: ids come from sequences.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def reserve_ids(conn: Connection, table: sa.Table, n: int) -> list[int]:
    """``n`` fresh primary keys for ``table``, so rows can be inserted with their ids known up front
    (no read-back after the insert). Call inside the transaction begun by :func:`begin_write`."""
    if n <= 0:
        return []
    name = table.name
    if conn.dialect.name == "postgresql":
        sql = "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)"
        return sorted(int(row[0]) for row in conn.exec_driver_sql(sql, (name, n)))
    # SQLite gives a new row max(id) + 1 itself; the write lock held since begin_write makes it ours.
    top = conn.exec_driver_sql(f'SELECT max(id) FROM "{name}"').scalar()
    start = int(top or 0) + 1
    return list(range(start, start + n))


def index_versions(conn: Connection, ids: Sequence[int]) -> None:
    """Add new ``ad_version`` rows to SQLite's FTS5 index in one statement per contiguous run of ids
    (the writer's reserved ids are one run). PostgreSQL's GIN expression index keeps itself."""
    if conn.dialect.name != "sqlite" or not ids:
        return
    ordered = sorted(ids)
    start = prev = ordered[0]
    runs: list[tuple[int, int]] = []
    for i in ordered[1:]:
        if i != prev + 1:
            runs.append((start, prev))
            start = i
        prev = i
    runs.append((start, prev))
    sql = (
        "INSERT INTO ad_version_fts(rowid, title, body, location) "
        "SELECT id, title, body, location FROM ad_version WHERE id BETWEEN ? AND ?"
    )
    conn.exec_driver_sql(sql, runs)


def set_pragmas(conn: Connection, pragmas: dict[str, int]) -> None:
    if conn.dialect.name == "sqlite":
        for key, value in pragmas.items():
            conn.exec_driver_sql(f"PRAGMA {key}={int(value)}")
