"""The dashboard: hotspots, highest-risk networks, possible-minor flags, hiding edits, watchlist hits."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from threadline.web.auth import Principal, require_user
from threadline.web.context import Web, web
from threadline.web.pages import render

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def dashboard_page(
    request: Request, ctx: Annotated[Web, Depends(web)], principal: Annotated[Principal, Depends(require_user())]
) -> HTMLResponse:
    return render(request, ctx, "dashboard.html", principal)
