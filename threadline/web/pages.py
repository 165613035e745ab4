"""Rendering pages: one call that fills the base layout's needs (user, CSRF token, navigation) and
adds the security headers every HTML answer carries.

Usage in a route: ``return render(request, ctx, "dashboard.html", principal, title="...", data=...)``.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from threadline.web.auth import Principal
from threadline.web.context import Web

NAV = (
    ("Dashboard", "/"),
    ("Search", "/search"),
    ("Cases", "/cases"),
    ("Watchlists", "/watchlists"),
)
ADMIN_NAV = (("Users", "/admin/users"), ("Audit", "/admin/audit"))


def render(
    request: Request,
    ctx: Web,
    template: str,
    principal: Principal | None,
    *,
    status_code: int = 200,
    **values: Any,
) -> HTMLResponse:
    nav = list(NAV)
    if principal is not None and principal.user.role.name == "admin":
        nav.extend(ADMIN_NAV)
    html = ctx.templates.get_template(template).render(
        request=request,
        user=principal.user if principal else None,
        csrf_token=principal.csrf if principal else "",
        nav=nav if principal else [],
        path=request.url.path,
        **values,
    )
    return HTMLResponse(html, status_code=status_code)
