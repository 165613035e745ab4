"""API tokens for platforms: scoped (today only ``screen``), shown once at creation, stored hashed.

A token authenticates machine calls to the screening API and nothing else: it is never accepted
where a logged-in person is expected, so a leaked token cannot browse the evidence.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from threadline.accounts.audit import Who, record_in
from threadline.errors import NotFound, UserError
from threadline.store import accounts as store_accounts
from threadline.store.accounts import TokenRow
from threadline.store.store import Store

SCOPES = ("screen",)
PREFIX = "tl_"  # recognisable in logs and secret scanners


@dataclass(frozen=True, slots=True)
class NewToken:
    name: str
    scope: str
    secret: str  # the clear token; printed once, never stored


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(store: Store, who: Who, name: str, scope: str, now: datetime) -> NewToken:
    if scope not in SCOPES:
        raise UserError(f"unknown token scope {scope!r}: choose {', '.join(SCOPES)}")
    name = name.strip()
    if not name or len(name) > 100:
        raise UserError("a token name is 1 to 100 characters")
    secret = PREFIX + secrets.token_urlsafe(32)
    with store.engine.begin() as conn:
        if store_accounts.token_name_taken(conn, name):
            raise UserError(f"a token named {name!r} already exists")
        store_accounts.add_token(conn, name, scope, _digest(secret), who.actor, now)
        record_in(conn, who, "token-create", f"token:{name} scope:{scope}", "ok", now)
    return NewToken(name, scope, secret)


def check_token(store: Store, secret: str, scope: str) -> TokenRow | None:
    """The token row when ``secret`` is a live token carrying ``scope``, else None."""
    if not secret.startswith(PREFIX):
        return None
    with store.connect() as conn:
        row = store_accounts.token_by_hash(conn, _digest(secret))
    if row is None or row.disabled or row.scope != scope:
        return None
    return row


def revoke_token(store: Store, who: Who, name: str, now: datetime) -> TokenRow:
    """Disable a token for good: every server stops accepting it within the token cache's lifetime
    (``web.context.TOKEN_TTL``). A revoked token is kept (its name and history stay in the audit log)."""
    with store.engine.begin() as conn:
        row = store_accounts.token_by_name(conn, name.strip())
        if row is None:
            raise NotFound(f"no token {name!r}")
        if not row.disabled:
            store_accounts.update_token(conn, row.id, disabled=True)
        record_in(conn, who, "token-revoke", f"token:{row.name}", "ok" if not row.disabled else "already-revoked", now)
        revoked = store_accounts.token_by_name(conn, row.name)
    assert revoked is not None
    return revoked


def list_tokens(store: Store) -> list[TokenRow]:
    with store.connect() as conn:
        return store_accounts.tokens(conn)
