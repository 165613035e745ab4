"""Authorization for every route: who is asking (a session user or an API token), may they, and is
their form genuine (CSRF).

* ``Depends(require_user(Role.analyst))`` on a page or JSON route: a live session of at least that
  role, else 401 (JSON) / redirect to the login page (HTML), or 403 when the role is too low. On
  POST/PUT/PATCH/DELETE it also checks the session's CSRF token (form field ``csrf_token`` or header
  ``X-CSRF-Token``). API tokens are never accepted here.
* ``Depends(require_token("screen"))``: a live API token with that scope in ``Authorization: Bearer``;
  sessions are never accepted there. It is an ``async`` dependency that reads the app context
  directly (no sync sub-dependency), so a screening call never hops to the thread pool: a token seen
  live in the last ``TOKEN_TTL`` seconds is answered from :class:`~threadline.web.context.TokenCache`;
  anything else is checked against the store in the thread pool. A disabled token stops working
  within ``TOKEN_TTL`` (5) seconds.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from itsdangerous import BadSignature
from starlette.concurrency import run_in_threadpool

from threadline.accounts import sessions
from threadline.accounts.audit import Who, record
from threadline.accounts.sessions import Session
from threadline.accounts.tokens import PREFIX, check_token
from threadline.accounts.users import Role, User
from threadline.store.accounts import TokenRow
from threadline.web.context import Web, client_address, web

COOKIE = "tl_session"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class LoginRequired(Exception):
    """No live session; pages answer with the login page, the API with 401."""


@dataclass(frozen=True, slots=True)
class Principal:
    """A logged-in person on this request."""

    session: Session
    who: Who

    @property
    def user(self) -> User:
        return self.session.user

    @property
    def csrf(self) -> str:
        return self.session.csrf


def current_session(request: Request, ctx: Web) -> Session | None:
    # Looked up once per request: several dependencies (and the error pages) ask.
    if getattr(request.state, "tl_session_checked", False):
        cached: Session | None = request.state.tl_session
        return cached
    found: Session | None = None
    raw = request.cookies.get(COOKIE)
    if raw:
        try:
            session_id = ctx.signer.unsign(raw).decode()
        except BadSignature:
            session_id = ""
        if session_id:
            found = sessions.resume(ctx.store, session_id, ctx.clock(), ctx.config.web_idle_minutes)
    request.state.tl_session = found
    request.state.tl_session_checked = True
    return found


async def check_csrf(request: Request, session: Session) -> None:
    sent = request.headers.get("x-csrf-token", "")
    if not sent and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get("csrf_token", "")
        sent = value if isinstance(value, str) else ""
    if not sent or not hmac.compare_digest(sent.encode(), session.csrf.encode()):
        raise HTTPException(403, "CSRF token missing or wrong: reload the page and try again")


def require_user(role: Role = Role.viewer) -> Callable[..., Awaitable[Principal]]:
    async def dependency(request: Request, ctx: Annotated[Web, Depends(web)]) -> Principal:
        session = current_session(request, ctx)
        if session is None:
            raise LoginRequired()
        if request.method in UNSAFE:
            await check_csrf(request, session)
        if session.user.role < role:
            raise HTTPException(403, f"this needs the {role.name} role")
        return Principal(session, Who(session.user.name, client_address(request)))

    return dependency


def require_token(scope: str) -> Callable[..., Awaitable[TokenRow]]:
    async def dependency(request: Request) -> TokenRow:
        ctx = web(request)
        kind, _, secret = request.headers.get("authorization", "").partition(" ")
        secret = secret.strip()
        row: TokenRow | None = None
        if kind.lower() == "bearer" and secret.startswith(PREFIX):
            digest = hashlib.sha256(secret.encode()).hexdigest()
            row = ctx.tokens.get(scope, digest)
            if row is None:
                row = await run_in_threadpool(check_token, ctx.store, secret, scope)
                if row is not None:
                    ctx.tokens.put(scope, digest, row)
        if row is None:
            raise HTTPException(401, "a valid API token is required", headers={"WWW-Authenticate": "Bearer"})
        return row

    return dependency


def audit(ctx: Web, principal: Principal, action: str, obj: str, outcome: str = "ok") -> None:
    """One audit record for a read (view, search, export) in its own transaction."""
    record(ctx.store, principal.who, action, obj, outcome, ctx.clock())
