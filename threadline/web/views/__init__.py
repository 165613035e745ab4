"""Part B's pages and API routes (search, ad, network, screening), thin over ``threadline.web.logic``.
Each module exposes ``router``; :data:`ROUTERS` is what ``threadline.web.routes`` includes."""

from __future__ import annotations

from fastapi import APIRouter

from threadline.web.views import ads, networks, screening, search

ROUTERS: list[APIRouter] = [search.router, ads.router, networks.router, screening.router]
