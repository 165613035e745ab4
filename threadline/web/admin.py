"""Admin pages: users (add, disable, enable), API tokens (create, revoke) and the audit log (filter, verify), with
their JSON under ``/api/v1/admin``. Admins only; every change is audited by the logic layer."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, RedirectResponse

from threadline.accounts import audit as audit_log
from threadline.accounts.tokens import SCOPES, create_token, list_tokens, revoke_token
from threadline.accounts.users import Role, add_user, disable_user, enable_user, list_users, parse_role
from threadline.web.auth import Principal, require_user
from threadline.web.context import Web, web
from threadline.web.pages import render

router = APIRouter()
Ctx = Annotated[Web, Depends(web)]
Admin = Annotated[Principal, Depends(require_user(Role.admin))]


def _users_page(request: Request, ctx: Ctx, principal: Principal, new_token: str = "") -> HTMLResponse:
    return render(
        request, ctx, "admin_users.html", principal, users=list_users(ctx.store), tokens=list_tokens(ctx.store),
        roles=[r.name for r in Role], scopes=SCOPES, new_token=new_token, now=ctx.clock(),
    )  # fmt: skip


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, ctx: Ctx, principal: Admin) -> HTMLResponse:
    return _users_page(request, ctx, principal)


@router.post("/admin/users")
def user_add(
    ctx: Ctx,
    principal: Admin,
    name: Annotated[str, Form(max_length=100)],
    role: Annotated[str, Form()],
    password: Annotated[str, Form(max_length=1000)],
) -> RedirectResponse:
    add_user(ctx.store, principal.who, name, parse_role(role), password, ctx.clock())
    return RedirectResponse("/admin/users", status_code=303)


# Names may hold "/" (only spaces are refused): the path convertor takes them whole.
@router.post("/admin/users/{name:path}/disable")
def user_disable(ctx: Ctx, principal: Admin, name: str) -> RedirectResponse:
    disable_user(ctx.store, principal.who, name, ctx.clock())
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{name:path}/enable")
def user_enable(ctx: Ctx, principal: Admin, name: str) -> RedirectResponse:
    enable_user(ctx.store, principal.who, name, ctx.clock())
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/tokens/{name:path}/revoke")
def token_revoke(ctx: Ctx, principal: Admin, name: str) -> RedirectResponse:
    revoke_token(ctx.store, principal.who, name, ctx.clock())
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/tokens", response_class=HTMLResponse)
def token_create(
    request: Request,
    ctx: Ctx,
    principal: Admin,
    name: Annotated[str, Form(max_length=100)],
    scope: Annotated[str, Form()] = "screen",
) -> HTMLResponse:
    token = create_token(ctx.store, principal.who, name, scope, ctx.clock())
    # Shown once, in this answer only (no-store caching): only its hash is kept.
    return _users_page(request, ctx, principal, new_token=token.secret)


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    ctx: Ctx,
    principal: Admin,
    actor: str = "",
    action: str = "",
    object: str = "",
    since: datetime | None = None,
    verify: bool = False,
) -> HTMLResponse:
    rows = audit_log.show(ctx.store, actor=actor or None, action=action or None, object_contains=object or None,
                          since=since, limit=200)  # fmt: skip
    check = audit_log.verify(ctx.store) if verify else None
    return render(request, ctx, "admin_audit.html", principal, rows=rows, check=check, actions=audit_log.ACTIONS,
                  actor=actor, action=action, object=object)  # fmt: skip


@router.get("/api/v1/admin/users", tags=["admin"])
def users_json(ctx: Ctx, principal: Admin) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = jsonable_encoder(
        [
            {"name": u.name, "role": u.role.name, "disabled": u.disabled, "created_at": u.created_at}
            for u in list_users(ctx.store)
        ]
    )
    return rows


@router.get("/api/v1/admin/audit", tags=["admin"])
def audit_json(
    ctx: Ctx, principal: Admin, actor: str = "", action: str = "", object: str = "", limit: int = 200
) -> dict[str, Any]:
    rows = audit_log.show(ctx.store, actor=actor or None, action=action or None, object_contains=object or None,
                          limit=min(limit, 5000))  # fmt: skip
    checked, problems = audit_log.verify(ctx.store)
    data: dict[str, Any] = jsonable_encoder({"records": rows, "verified": checked, "problems": problems})
    return data
