"""Watchlists pages and their JSON under /api/v1 (being written: part A of issue 6)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
