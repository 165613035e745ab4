"""Store access for accounts: users, web sessions and API tokens (tables of migration 0006).

Plain functions over a connection, called by :mod:`threadline.accounts` inside its transactions.
Session ids and tokens arrive here already hashed: the clear values live only in the browser's
cookie and the API client's configuration.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from threadline.store.webtables import api_token, app_user, web_session


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    name: str
    role: str
    password_hash: str
    disabled: bool
    failed_logins: int
    locked_until: datetime | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SessionRow:
    id_sha256: str
    user_id: int
    csrf: str
    created_at: datetime
    last_seen: datetime


@dataclass(frozen=True, slots=True)
class TokenRow:
    id: int
    name: str
    scope: str
    created_by: str
    created_at: datetime
    disabled: bool


def _user(row: sa.Row[tuple[object, ...]] | None) -> UserRow | None:
    return None if row is None else UserRow(**row._mapping)


def add_user(conn: Connection, name: str, role: str, password_hash: str, now: datetime) -> int:
    result = conn.execute(
        app_user.insert().values(
            name=name, role=role, password_hash=password_hash, disabled=False, failed_logins=0, created_at=now
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def user_by_name(conn: Connection, name: str) -> UserRow | None:
    return _user(conn.execute(sa.select(app_user).where(app_user.c.name == name)).first())


def user_by_id(conn: Connection, user_id: int) -> UserRow | None:
    return _user(conn.execute(sa.select(app_user).where(app_user.c.id == user_id)).first())


def users(conn: Connection) -> list[UserRow]:
    return [UserRow(**r._mapping) for r in conn.execute(sa.select(app_user).order_by(app_user.c.name))]


def update_user(conn: Connection, user_id: int, **values: object) -> None:
    conn.execute(app_user.update().where(app_user.c.id == user_id).values(**values))


def add_session(conn: Connection, id_sha256: str, user_id: int, csrf: str, now: datetime, source: str) -> None:
    conn.execute(
        web_session.insert().values(
            id_sha256=id_sha256, user_id=user_id, csrf=csrf, created_at=now, last_seen=now, source=source
        )
    )


def session(conn: Connection, id_sha256: str) -> SessionRow | None:
    cols = [web_session.c[k] for k in ("id_sha256", "user_id", "csrf", "created_at", "last_seen")]
    row = conn.execute(sa.select(*cols).where(web_session.c.id_sha256 == id_sha256)).first()
    return None if row is None else SessionRow(**row._mapping)


def touch_session(conn: Connection, id_sha256: str, now: datetime) -> None:
    conn.execute(web_session.update().where(web_session.c.id_sha256 == id_sha256).values(last_seen=now))


def end_session(conn: Connection, id_sha256: str) -> None:
    conn.execute(web_session.delete().where(web_session.c.id_sha256 == id_sha256))


def end_user_sessions(conn: Connection, user_id: int) -> None:
    conn.execute(web_session.delete().where(web_session.c.user_id == user_id))


def _token_cols() -> list[sa.Column[object]]:
    """The columns of a :class:`TokenRow` (the secret's hash stays in the table)."""
    return [api_token.c[k] for k in ("id", "name", "scope", "created_by", "created_at", "disabled")]


def add_token(conn: Connection, name: str, scope: str, token_sha256: str, created_by: str, now: datetime) -> int:
    result = conn.execute(
        api_token.insert().values(
            name=name, scope=scope, token_sha256=token_sha256, created_by=created_by, created_at=now, disabled=False
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def token_by_hash(conn: Connection, token_sha256: str) -> TokenRow | None:
    row = conn.execute(sa.select(*_token_cols()).where(api_token.c.token_sha256 == token_sha256)).first()
    return None if row is None else TokenRow(**row._mapping)


def tokens(conn: Connection) -> list[TokenRow]:
    return [TokenRow(**r._mapping) for r in conn.execute(sa.select(*_token_cols()).order_by(api_token.c.name))]


def token_by_name(conn: Connection, name: str) -> TokenRow | None:
    row = conn.execute(sa.select(*_token_cols()).where(api_token.c.name == name)).first()
    return None if row is None else TokenRow(**row._mapping)


def update_token(conn: Connection, token_id: int, **values: object) -> None:
    conn.execute(api_token.update().where(api_token.c.id == token_id).values(**values))


def token_name_taken(conn: Connection, name: str) -> bool:
    return conn.execute(sa.select(api_token.c.id).where(api_token.c.name == name)).first() is not None
