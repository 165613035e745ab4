"""Search page and its JSON: full text, identifiers in any spelling, facets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from threadline.errors import UserError
from threadline.store import pages as store_pages
from threadline.store.search import size_range
from threadline.web.auth import Principal, audit, require_user
from threadline.web.context import Web, web
from threadline.web.logic.ads import vars_of
from threadline.web.logic.search import SearchPage, run_search
from threadline.web.pages import render

router = APIRouter()


@dataclass(frozen=True, slots=True)
class SearchForm:
    """The query string of a search (facets are optional and combine with AND)."""

    q: str = ""
    site: str | None = None
    city: str | None = None
    since: date | None = None
    until: date | None = None
    indicator: str | None = None
    size: str | None = None  # a network-size facet label: 1, 2-4, 5-19, 20+
    page: int = 1

    def facets(self) -> dict[str, Any]:
        bounds = size_range(self.size) if self.size else None
        return {
            "site": self.site or None,
            "city": self.city or None,
            "since": _day(self.since),
            "until": _day(self.until + timedelta(days=1)) if self.until else None,
            "indicator": self.indicator or None,
            "min_network": bounds[0] if bounds else None,
            "max_network": bounds[1] if bounds else None,
        }

    def params(self) -> dict[str, str]:
        """The non-empty fields but the page: facet links keep the rest of the query."""
        return {k: str(v) for k, v in vars_of(self).items() if v not in (None, "") and k != "page"}

    def linker(self) -> Callable[[str, object], str]:
        """``link(key, value)``: this search with one field set (a facet value toggles off again)."""
        base = self.params()

        def link(key: str, value: object) -> str:
            params = dict(base)
            if params.get(key) == str(value):
                del params[key]
            else:
                params[key] = str(value)
            return "/search?" + urlencode(params)

        return link


def _day(d: date | None) -> datetime | None:
    return None if d is None else datetime(d.year, d.month, d.day, tzinfo=UTC)


def search_form(
    q: Annotated[str, Query(max_length=500)] = "",
    site: str | None = None,
    city: str | None = None,
    since: Annotated[str, Query(description="YYYY-MM-DD, first seen on or after")] = "",
    until: Annotated[str, Query(description="YYYY-MM-DD, first seen on or before")] = "",
    indicator: str | None = None,
    size: str | None = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> SearchForm:
    # Dates arrive as text: the page's empty date fields send "" and mean "any".
    return SearchForm(q, site, city, _date(since, "since"), _date(until, "until"), indicator, size, page)


def _date(text: str, name: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"{name} must be a date like 2018-03-02, not {text!r}") from None


def _search(ctx: Web, principal: Principal, form: SearchForm) -> SearchPage:
    result = run_search(ctx.store, form.q, form.page, **form.facets())
    if result.searched:
        audit(ctx, principal, "search", f"search:{form.q}"[:500])
    return result


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    ctx: Annotated[Web, Depends(web)],
    principal: Annotated[Principal, Depends(require_user())],
    form: Annotated[SearchForm, Depends(search_form)],
) -> HTMLResponse:
    result = _search(ctx, principal, form)
    with ctx.store.connect() as conn:
        sites, indicators = store_pages.site_names(conn), store_pages.indicator_names(conn)
    return render(
        request, ctx, "search.html", principal, form=form, params=form.params(), link=form.linker(), result=result,
        sites=sites, indicators=indicators,
    )  # fmt: skip


@router.get("/api/v1/search", tags=["search"])
def search_json(
    ctx: Annotated[Web, Depends(web)],
    principal: Annotated[Principal, Depends(require_user())],
    form: Annotated[SearchForm, Depends(search_form)],
) -> dict[str, Any]:
    """Full text and identifiers in any spelling ("seven 0 two 555 0143"), one row per ad, with facets."""
    return _search(ctx, principal, form).to_json()
