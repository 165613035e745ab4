"""Login and logout pages. A failed login says only "wrong name or password" (or that the account is
locked), never which part was wrong; lockout and auditing are decided by :mod:`threadline.accounts`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from threadline.accounts import sessions
from threadline.accounts.users import check_password
from threadline.web.auth import COOKIE, Principal, current_session, require_user
from threadline.web.context import Web, client_address, web
from threadline.web.pages import render

router = APIRouter()
MESSAGES = {
    "bad-credentials": "Wrong user name or password.",
    "locked": "Too many failed logins: this account is locked for a while. Try again later.",
    "disabled": "Wrong user name or password.",  # a disabled account is not confirmed to exist
}


def _safe_next(target: str) -> str:
    # Only paths on this site: "//evil.example" or "https://..." would make the login an open redirect.
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _secure(request: Request, ctx: Web) -> bool:
    setting = ctx.config.web_cookie_secure
    return setting == "yes" or (setting == "auto" and request.url.scheme == "https")


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, ctx: Annotated[Web, Depends(web)], next: str = "/") -> Response:
    if current_session(request, ctx) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, ctx, "login.html", None, next=_safe_next(next), message="")


@router.post("/login", response_class=HTMLResponse)
def login_submit(
    request: Request,
    ctx: Annotated[Web, Depends(web)],
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    # No CSRF token exists before login; SameSite=Strict cookies and the fresh session id per login
    # keep a forged login form from riding on, or fixing, anyone's session.
    c = ctx.config
    now = ctx.clock()
    result = check_password(
        ctx.store, client_address(request), username, password, now, c.web_lockout_failures, c.web_lockout_minutes
    )
    if result.user is None:
        message = MESSAGES[result.reason]
        return render(request, ctx, "login.html", None, status_code=401, next=_safe_next(next), message=message)
    session = sessions.start(ctx.store, result.user, client_address(request), now)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        COOKIE,
        ctx.signer.sign(session.id).decode(),
        httponly=True,
        samesite="strict",
        secure=_secure(request, ctx),
        path="/",
    )
    return response


@router.post("/logout")
def logout(
    request: Request, ctx: Annotated[Web, Depends(web)], principal: Annotated[Principal, Depends(require_user())]
) -> Response:
    sessions.end(ctx.store, principal.session, client_address(request), ctx.clock())
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
