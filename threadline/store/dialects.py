"""The few statements that differ between SQLite and PostgreSQL, behind one function each."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.sql.dml import Insert


def insert_ignore(conn: Connection, table: sa.Table) -> Insert:
    """INSERT that silently skips rows violating a unique constraint (idempotent writes)."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    raise NotImplementedError(f"unsupported database backend: {conn.dialect.name}")
