"""The network page, its JSON, and analysts' labels (form and JSON)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from threadline.accounts.users import Role
from threadline.casework.cases import list_cases
from threadline.web.auth import Principal, audit, require_user
from threadline.web.context import Web, web
from threadline.web.logic.ads import vars_of
from threadline.web.logic.networks import NetworkPage, label_network, network_page
from threadline.web.pages import render

router = APIRouter()
MAX_CASES = 8  # "add to case" buttons shown on a network page (the newest open cases)


class LabelIn(BaseModel):
    label: str = Field(description="trafficking | independent | spa | spam | not-relevant")
    note: str | None = Field(default=None, max_length=2000)


def _network(ctx: Web, principal: Principal, network_id: int) -> NetworkPage:
    page = network_page(ctx.store, network_id)
    audit(ctx, principal, "view-network", f"network:{network_id}")
    return page


@router.get("/networks/{network_id}", response_class=HTMLResponse)
def network_view(
    request: Request,
    network_id: int,
    ctx: Annotated[Web, Depends(web)],
    principal: Annotated[Principal, Depends(require_user())],
) -> HTMLResponse:
    page = _network(ctx, principal, network_id)
    # The graph's data travels in an attribute (escaped like any text); the page script parses it.
    elements = json.dumps(page.graph.elements(), separators=(",", ":"))
    can_label = principal.user.role >= Role.analyst
    open_cases = [c for c in list_cases(ctx.store, principal.user) if c.status != "closed"][:MAX_CASES]
    return render(
        request, ctx, "network.html", principal, net=page, elements=elements, can_label=can_label, cases=open_cases
    )


@router.get("/api/v1/networks/{network_id}", tags=["networks"])
def network_json(
    network_id: int,
    ctx: Annotated[Web, Depends(web)],
    principal: Annotated[Principal, Depends(require_user())],
) -> dict[str, Any]:
    """One network: ads, identifiers, links with reasons, graph elements, movement, templates,
    indicators with evidence, risk with its terms and M.O., labels."""
    page = _network(ctx, principal, network_id)
    return {**page.to_json(), "graph": page.graph.elements()}


@router.post("/networks/{network_id}/labels")
def label_form(
    network_id: int,
    ctx: Annotated[Web, Depends(web)],
    principal: Annotated[Principal, Depends(require_user(Role.analyst))],
    label: Annotated[str, Form()],
    note: Annotated[str, Form(max_length=2000)] = "",
) -> RedirectResponse:
    label_network(ctx.store, network_id, label, principal.user.name, note)
    audit(ctx, principal, "label", f"network:{network_id}={label}")
    return RedirectResponse(f"/networks/{network_id}#labels", status_code=303)


@router.post("/api/v1/networks/{network_id}/labels", tags=["networks"])
def label_json(
    network_id: int,
    body: LabelIn,
    ctx: Annotated[Web, Depends(web)],
    principal: Annotated[Principal, Depends(require_user(Role.analyst))],
) -> dict[str, Any]:
    """Label a network (analyst role; send the session's CSRF token as ``X-CSRF-Token``)."""
    stored = label_network(ctx.store, network_id, body.label, principal.user.name, body.note)
    audit(ctx, principal, "label", f"network:{network_id}={body.label}")
    return vars_of(stored)
