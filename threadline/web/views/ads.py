"""The ad page, its JSON, and the sandboxed frame that shows the sanitised captured content."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from threadline.web.auth import Principal, audit, require_user
from threadline.web.context import Web, web
from threadline.web.logic.ads import AdPage, ad_page, version_document
from threadline.web.logic.sanitize import CONTENT_HEADERS
from threadline.web.pages import render

router = APIRouter()


def _ad(ctx: Web, principal: Principal, ad_id: int) -> AdPage:
    page = ad_page(ctx.store, ad_id)
    audit(ctx, principal, "view-ad", f"ad:{page.site}/{page.site_ad_id}")
    return page


@router.get("/ads/{ad_id}", response_class=HTMLResponse)
def ad_view(
    request: Request,
    ad_id: int,
    ctx: Annotated[Web, Depends(web)],
    principal: Annotated[Principal, Depends(require_user())],
) -> HTMLResponse:
    return render(request, ctx, "ad.html", principal, ad=_ad(ctx, principal, ad_id))


@router.get("/ads/{ad_id}/versions/{version_id}/content", response_class=HTMLResponse)
def ad_content(
    ad_id: int,
    version_id: int,
    ctx: Annotated[Web, Depends(web)],
    principal: Annotated[Principal, Depends(require_user())],
) -> Response:
    """The captured content, sanitised, for ``<iframe sandbox>`` only (its own strict CSP).
    Not audited apart: it is part of the ad view that embeds it."""
    return HTMLResponse(version_document(ctx.store, ad_id, version_id), headers=CONTENT_HEADERS)


@router.get("/api/v1/ads/{ad_id}", tags=["ads"])
def ad_json(
    ad_id: int,
    ctx: Annotated[Web, Depends(web)],
    principal: Annotated[Principal, Depends(require_user())],
) -> dict[str, Any]:
    """One ad: every version with its capture (SHA-256, time), identifiers, indicators and word diff."""
    return _ad(ctx, principal, ad_id).to_json()
