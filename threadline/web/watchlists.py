"""Watchlist page (``/watchlists``) and JSON (``/api/v1/watchlists``): watch an identifier typed in
any spelling; hits appear here and on the dashboard. Each user's watches are their own."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from threadline.accounts.users import Role
from threadline.casework import watchlists
from threadline.web.auth import Principal, require_user
from threadline.web.context import Web, web
from threadline.web.pages import render

router = APIRouter()
Ctx = Annotated[Web, Depends(web)]
Viewer = Annotated[Principal, Depends(require_user())]
Analyst = Annotated[Principal, Depends(require_user(Role.analyst))]


class NewWatch(BaseModel):
    kind: str = Field(pattern="^(phone|email|handle|payment)$")
    value: str = Field(max_length=300)
    note: str = Field(default="", max_length=1000)


@router.get("/watchlists", response_class=HTMLResponse)
def watchlists_page(request: Request, ctx: Ctx, principal: Viewer) -> HTMLResponse:
    watchlists.check(ctx.store, principal.user, ctx.clock())
    return render(
        request,
        ctx,
        "watchlists.html",
        principal,
        watches=watchlists.watches(ctx.store, principal.user),
        hits=watchlists.hits(ctx.store, principal.user, 100),
        kinds=watchlists.KINDS,
    )


@router.post("/watchlists")
def watch_add(
    ctx: Ctx,
    principal: Analyst,
    kind: Annotated[str, Form()],
    value: Annotated[str, Form(max_length=300)],
    note: Annotated[str, Form(max_length=1000)] = "",
) -> RedirectResponse:
    watchlists.add_watch(ctx.store, principal.user, principal.who, kind, value, note, ctx.clock())
    return RedirectResponse("/watchlists", status_code=303)


@router.post("/watchlists/{watch_id}/remove")
def watch_remove(ctx: Ctx, principal: Analyst, watch_id: int) -> RedirectResponse:
    watchlists.remove_watch(ctx.store, principal.user, principal.who, watch_id, ctx.clock())
    return RedirectResponse("/watchlists", status_code=303)


@router.get("/api/v1/watchlists", tags=["watchlists"])
def watchlists_json(ctx: Ctx, principal: Viewer) -> dict[str, Any]:
    new = watchlists.check(ctx.store, principal.user, ctx.clock())
    data: dict[str, Any] = jsonable_encoder(
        {
            "new_hits": new,
            "watches": watchlists.watches(ctx.store, principal.user),
            "hits": watchlists.hits(ctx.store, principal.user, 100),
        }
    )
    return data


@router.post("/api/v1/watchlists", tags=["watchlists"], status_code=201)
def watch_add_json(ctx: Ctx, principal: Analyst, body: NewWatch) -> dict[str, Any]:
    row = watchlists.add_watch(ctx.store, principal.user, principal.who, body.kind, body.value, body.note, ctx.clock())
    data: dict[str, Any] = jsonable_encoder(row)
    return data
