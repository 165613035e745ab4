"""Users and roles: adding, listing and disabling accounts, and checking a password with lockout.

Roles are ordered: a viewer reads, an analyst also writes (labels, cases, watchlists), an admin also
manages accounts, tokens and the audit log. Passwords are argon2id hashes (argon2-cffi defaults);
after ``web_lockout_failures`` consecutive failures an account refuses every login, even a correct
one, for ``web_lockout_minutes`` — so guessing stays slow without telling anyone which names exist.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from threadline.accounts.audit import Who, record_in
from threadline.errors import NotFound, UserError
from threadline.store import accounts as store_accounts
from threadline.store.store import Store

HASHER = PasswordHasher()
MIN_PASSWORD = 10
# Checked against when the name is unknown, so a failed login costs the same time either way.
_DUMMY_HASH = HASHER.hash("threadline-no-such-user")


class Role(enum.IntEnum):
    viewer = 1
    analyst = 2
    admin = 3


@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str
    role: Role
    disabled: bool
    locked_until: datetime | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class LoginResult:
    user: User | None  # set when the password was right and the account usable
    reason: str  # ok | bad-credentials | locked | disabled


def parse_role(text: str) -> Role:
    try:
        return Role[text]
    except KeyError:
        raise UserError(f"unknown role {text!r}: choose admin, analyst or viewer") from None


def _user(row: store_accounts.UserRow) -> User:
    return User(row.id, row.name, Role[row.role], row.disabled, row.locked_until, row.created_at)


def add_user(store: Store, who: Who, name: str, role: Role, password: str, now: datetime) -> User:
    name = name.strip()
    if not name or len(name) > 100 or any(c.isspace() for c in name):
        raise UserError("a user name is 1 to 100 characters without spaces")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters")
    with store.engine.begin() as conn:
        if store_accounts.user_by_name(conn, name) is not None:
            raise UserError(f"user {name!r} already exists")
        user_id = store_accounts.add_user(conn, name, role.name, HASHER.hash(password), now)
        record_in(conn, who, "user-add", f"user:{name} role:{role.name}", "ok", now)
        row = store_accounts.user_by_id(conn, user_id)
    assert row is not None
    return _user(row)


def list_users(store: Store) -> list[User]:
    with store.connect() as conn:
        return [_user(r) for r in store_accounts.users(conn)]


def get_user(store: Store, user_id: int) -> User | None:
    with store.connect() as conn:
        row = store_accounts.user_by_id(conn, user_id)
    return None if row is None else _user(row)


def disable_user(store: Store, who: Who, name: str, now: datetime) -> User:
    """Disable an account and end its sessions at once."""
    with store.engine.begin() as conn:
        row = store_accounts.user_by_name(conn, name)
        if row is None:
            raise NotFound(f"no user {name!r}")
        store_accounts.update_user(conn, row.id, disabled=True)
        store_accounts.end_user_sessions(conn, row.id)
        record_in(conn, who, "user-disable", f"user:{name}", "ok", now)
        row = store_accounts.user_by_id(conn, row.id)
    assert row is not None
    return _user(row)


def enable_user(store: Store, who: Who, name: str, now: datetime) -> User:
    """Let a disabled (or locked-out) account log in again; its password is unchanged."""
    with store.engine.begin() as conn:
        row = store_accounts.user_by_name(conn, name)
        if row is None:
            raise NotFound(f"no user {name!r}")
        store_accounts.update_user(conn, row.id, disabled=False, failed_logins=0, locked_until=None)
        record_in(conn, who, "user-enable", f"user:{name}", "ok", now)
        row = store_accounts.user_by_id(conn, row.id)
    assert row is not None
    return _user(row)


def check_password(
    store: Store, source: str, name: str, password: str, now: datetime, failures: int, lock_minutes: int
) -> LoginResult:
    """Check a login and write its one audit record (``login`` or ``login-failed``)."""
    who = Who(name[:100] or "-", source)
    with store.engine.begin() as conn:
        row = store_accounts.user_by_name(conn, name)
        if row is None:
            _verify(_DUMMY_HASH, password)
            record_in(conn, who, "login-failed", f"user:{name[:80]}", "bad-credentials", now)
            return LoginResult(None, "bad-credentials")
        if row.locked_until is not None and row.locked_until > now:
            record_in(conn, who, "login-failed", f"user:{name}", "locked", now)
            return LoginResult(None, "locked")
        if not _verify(row.password_hash, password):
            count = row.failed_logins + 1
            locked = now + timedelta(minutes=lock_minutes) if count >= failures else None
            store_accounts.update_user(conn, row.id, failed_logins=0 if locked else count, locked_until=locked)
            record_in(conn, who, "login-failed", f"user:{name}", "locked" if locked else "bad-credentials", now)
            return LoginResult(None, "bad-credentials")
        if row.disabled:
            record_in(conn, who, "login-failed", f"user:{name}", "disabled", now)
            return LoginResult(None, "disabled")
        store_accounts.update_user(conn, row.id, failed_logins=0, locked_until=None)
        if HASHER.check_needs_rehash(row.password_hash):
            store_accounts.update_user(conn, row.id, password_hash=HASHER.hash(password))
        record_in(conn, who, "login", f"user:{name}", "ok", now)
        return LoginResult(_user(row), "ok")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
