"""Every router of the web app, in one list: to add pages or API routes, write a module exposing
``router = APIRouter()`` and add it below. The route x role matrix test walks whatever is listed here.
"""

from __future__ import annotations

from fastapi import APIRouter

from threadline.web import admin, cases, dashboard, evidence, login, views, watchlists

ROUTERS: list[APIRouter] = [
    login.router,
    dashboard.router,
    cases.router,
    evidence.router,  # download evidence package (issue 8)
    watchlists.router,
    admin.router,
    *views.ROUTERS,  # search, ads, networks, screening (part B)
]
