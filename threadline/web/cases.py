"""Case pages (``/cases``, ``/cases/{id}``) and their JSON under ``/api/v1/cases``.

Viewers may read the cases they are members of; analysts and admins create and change them. A case
the user is not a member of answers 404 exactly like a case that does not exist.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from threadline.accounts.users import Role
from threadline.casework import cases
from threadline.web.auth import Principal, require_user
from threadline.web.context import Web, web
from threadline.web.pages import render

router = APIRouter()
Ctx = Annotated[Web, Depends(web)]
Viewer = Annotated[Principal, Depends(require_user())]
Analyst = Annotated[Principal, Depends(require_user(Role.analyst))]
Text = Annotated[str, Form(max_length=20_000)]


class NewCase(BaseModel):
    title: str = Field(max_length=300)


class NewItem(BaseModel):
    kind: str = Field(pattern="^(network|ad)$")
    ref: str = Field(max_length=400, description="network id, ad id, or site/site ad id")


def _back(case_id: int) -> RedirectResponse:
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.get("/cases", response_class=HTMLResponse)
def cases_page(request: Request, ctx: Ctx, principal: Viewer) -> HTMLResponse:
    rows = cases.list_cases(ctx.store, principal.user)
    return render(request, ctx, "cases.html", principal, cases=rows)


@router.post("/cases")
def case_create(ctx: Ctx, principal: Analyst, title: Annotated[str, Form(max_length=300)]) -> RedirectResponse:
    row = cases.create_case(ctx.store, principal.user, principal.who, title, ctx.clock())
    return _back(row.id)


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, ctx: Ctx, principal: Viewer, case_id: int) -> HTMLResponse:
    view = cases.view_case(ctx.store, principal.user, principal.who, case_id, ctx.clock())
    can_write = principal.user.role >= Role.analyst
    return render(request, ctx, "case.html", principal, view=view, can_write=can_write, statuses=cases.STATUSES)


@router.post("/cases/{case_id}/items")
def case_add_item(
    ctx: Ctx, principal: Analyst, case_id: int, kind: Annotated[str, Form()], ref: Annotated[str, Form(max_length=400)]
) -> RedirectResponse:
    cases.add_item(ctx.store, principal.user, principal.who, case_id, kind, ref, ctx.clock())
    return _back(case_id)


@router.post("/cases/{case_id}/notes")
def case_add_note(ctx: Ctx, principal: Analyst, case_id: int, text: Text) -> RedirectResponse:
    cases.add_note(ctx.store, principal.user, principal.who, case_id, text, ctx.clock())
    return _back(case_id)


@router.post("/cases/{case_id}/status")
def case_status(ctx: Ctx, principal: Analyst, case_id: int, status: Annotated[str, Form()]) -> RedirectResponse:
    cases.set_status(ctx.store, principal.user, principal.who, case_id, status, ctx.clock())
    return _back(case_id)


@router.post("/cases/{case_id}/members")
def case_member(
    ctx: Ctx, principal: Analyst, case_id: int, name: Annotated[str, Form(max_length=100)]
) -> RedirectResponse:
    cases.add_member(ctx.store, principal.user, principal.who, case_id, name, ctx.clock())
    return _back(case_id)


@router.post("/cases/{case_id}/members/{name:path}/remove")
def case_member_remove(ctx: Ctx, principal: Analyst, case_id: int, name: str) -> RedirectResponse:
    cases.remove_member(ctx.store, principal.user, principal.who, case_id, name, ctx.clock())
    return _back(case_id)


# -- JSON -------------------------------------------------------------------------------------------
@router.get("/api/v1/cases", tags=["cases"])
def cases_json(ctx: Ctx, principal: Viewer) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = jsonable_encoder(cases.list_cases(ctx.store, principal.user))
    return rows


@router.post("/api/v1/cases", tags=["cases"], status_code=201)
def case_create_json(ctx: Ctx, principal: Analyst, body: NewCase) -> dict[str, Any]:
    row: dict[str, Any] = jsonable_encoder(
        cases.create_case(ctx.store, principal.user, principal.who, body.title, ctx.clock())
    )
    return row


@router.get("/api/v1/cases/{case_id}", tags=["cases"])
def case_json(ctx: Ctx, principal: Viewer, case_id: int) -> dict[str, Any]:
    view: dict[str, Any] = jsonable_encoder(
        cases.view_case(ctx.store, principal.user, principal.who, case_id, ctx.clock())
    )
    return view


@router.post("/api/v1/cases/{case_id}/items", tags=["cases"])
def case_add_item_json(ctx: Ctx, principal: Analyst, case_id: int, body: NewItem) -> dict[str, bool]:
    added = cases.add_item(ctx.store, principal.user, principal.who, case_id, body.kind, body.ref, ctx.clock())
    return {"added": added}
