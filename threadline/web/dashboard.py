"""The dashboard page (``/``) and its JSON (``/api/v1/dashboard``): hotspots, highest-risk networks,
possible-minor flags awaiting review, hiding edits and the user's watchlist hits."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse

from threadline.casework.dashboard import dashboard
from threadline.web.auth import Principal, require_user
from threadline.web.context import Web, web
from threadline.web.pages import render

router = APIRouter()
Ctx = Annotated[Web, Depends(web)]
Viewer = Annotated[Principal, Depends(require_user())]


def _heat_class(count: int, peak: int) -> str:
    if not count or not peak:
        return ""
    return f"h{min(4, 1 + (4 * count) // (peak + 1))}"


@router.get("/", response_class=HTMLResponse)
def dashboard_page(request: Request, ctx: Ctx, principal: Viewer) -> HTMLResponse:
    board = dashboard(ctx.store, principal.user, ctx.clock())
    peak = max((c for row in board.heat for c in row.counts), default=0)
    return render(request, ctx, "dashboard.html", principal, board=board, peak=peak, heat_class=_heat_class)


@router.get("/api/v1/dashboard")
def dashboard_json(ctx: Ctx, principal: Viewer) -> dict[str, Any]:
    data: dict[str, Any] = jsonable_encoder(dashboard(ctx.store, principal.user, ctx.clock()))
    return data
