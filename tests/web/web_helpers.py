"""Helpers of the web tests (importable by name: the tests folders are on sys.path, not packages)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi.testclient import TestClient

from threadline.accounts.users import Role

PASSWORD = "correct horse battery"
ROLES = {"admin": Role.admin, "analyst": Role.analyst, "analyst2": Role.analyst, "viewer": Role.viewer}
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]*)">')


class Clock:
    """The app's time; starts at a fixed instant and moves only when a test says so."""

    def __init__(self) -> None:
        self.now = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class WebClient(TestClient):
    csrf = ""

    def form(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> httpx.Response:
        return self.post(url, data={**(data or {}), "csrf_token": self.csrf}, follow_redirects=False, **kwargs)


def log_in(client: WebClient, name: str, password: str = PASSWORD) -> httpx.Response:
    response = client.post("/login", data={"username": name, "password": password}, follow_redirects=False)
    if response.status_code == 303:
        page = client.get("/login?next=/", follow_redirects=True)
        found = CSRF_META.search(page.text)
        client.csrf = found.group(1) if found else ""
    return response
