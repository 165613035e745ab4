"""Bulk statements that hand rows straight to the database driver.

SQLAlchemy's executemany runs its per-value type processing in Python for every row, which cost
more than the database itself during ingest. For the hot tables the writer passes values already in
their storage form (see :mod:`threadline.store.rows`; the same form SQLAlchemy would produce, so every
Core query reads them back unchanged) as plain tuples to ``cursor.executemany``, and reads keys back
as the driver returns them. Statements are written once with ``?`` marks, turned into the driver's
placeholder style here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from threadline.store.rows import json_text, stored_time
from threadline.store.types import UTCDateTime

CHUNK = 900  # bound parameters per IN list, far below every backend's limit
_PLACEHOLDER = {"qmark": "?", "format": "%s", "pyformat": "%s", "numeric": ":{}", "named": ":p{}"}


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def driver_sql(conn: Connection, text: str) -> str:
    """``text`` with every ``?`` replaced by the driver's placeholder (statements here quote no ``?``)."""
    style = conn.dialect.paramstyle
    if style == "qmark":
        return text
    pieces = text.split("?")
    mark = _PLACEHOLDER[style]
    out = [pieces[0]]
    for i, piece in enumerate(pieces[1:]):
        out.append(mark.format(i + 1))
        out.append(piece)
    return "".join(out)


def table_name(conn: Connection, table: sa.Table) -> str:
    return str(conn.dialect.identifier_preparer.format_table(table))


def insert_rows(
    conn: Connection,
    table: sa.Table,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    skip_conflicts: bool = False,
) -> None:
    """INSERT ``rows`` (tuples in ``columns`` order, values already converted) with one executemany.

    ``skip_conflicts`` drops rows that violate a unique constraint (SQLite and PostgreSQL spell it alike).
    """
    if not rows:
        return
    preparer = conn.dialect.identifier_preparer
    names = ", ".join(preparer.quote(c) for c in columns)
    marks = ", ".join("?" * len(columns))
    sql = f"INSERT INTO {table_name(conn, table)} ({names}) VALUES ({marks})"
    if skip_conflicts:
        sql += " ON CONFLICT DO NOTHING"
    conn.exec_driver_sql(driver_sql(conn, sql), list(rows))


def execute_rows(conn: Connection, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """One executemany of a ``?``-marked statement (UPDATEs of the writer)."""
    if rows:
        conn.exec_driver_sql(driver_sql(conn, sql), list(rows))


def select_in(conn: Connection, sql: str, values: Sequence[Any], before: Sequence[Any] = ()) -> Iterator[Sequence[Any]]:
    """Rows of ``sql`` (``?`` marks, then ``IN ({in})``) for ``values`` in chunks; ``before`` binds the
    marks that precede the IN list."""
    for part in chunks(values):
        text = driver_sql(conn, sql.format(**{"in": ", ".join("?" * len(part))}))
        yield from conn.exec_driver_sql(text, (*before, *part)).all()


def time_key(value: str | datetime | None) -> str | None:
    """A time read back by the driver in :func:`~threadline.store.rows.stored_time` form (SQLite already
    returns that text; PostgreSQL returns naive UTC datetimes)."""
    if value is None or isinstance(value, str):
        return value
    return stored_time(value.replace(tzinfo=UTC))


# -- dict rows through the column types (the less hot tables) --------------------------------------
def _naive_utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC).replace(tzinfo=None)


def _sqlite_time(value: datetime | None) -> str | None:
    return None if value is None else stored_time(value)


def _json(value: Any) -> str | None:
    return None if value is None else json_text(value)


def _identity(value: Any) -> Any:
    return value


def _converter(dialect: str, column: sa.Column[Any]) -> Callable[[Any], Any]:
    if isinstance(column.type, UTCDateTime):
        return _sqlite_time if dialect == "sqlite" else _naive_utc
    if isinstance(column.type, sa.JSON):
        return _json
    return _identity


def insert_dicts(conn: Connection, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT rows given as dicts of Python values (all with the same keys), converted per column type."""
    if not rows:
        return
    columns = list(rows[0])
    convert = [_converter(conn.dialect.name, table.c[name]) for name in columns]
    pairs = list(zip(columns, convert, strict=True))
    insert_rows(conn, table, columns, [tuple(f(row[name]) for name, f in pairs) for row in rows])
