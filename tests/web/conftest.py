"""Fixtures of the web tests: an app on a real store (SQLite and PostgreSQL), a movable clock, one
user per role, and logged-in clients.

* ``login("analyst")`` -> a :class:`WebClient` with a live session of that user; ``client.csrf`` is the
  session's CSRF token and ``client.form(url, data)`` posts a form with it.
* ``anon`` -> a client with no session. ``clock.advance(minutes=31)`` moves the app's time.
* Users: admin, analyst, analyst2 (for membership tests), viewer — password :data:`PASSWORD`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from web_helpers import PASSWORD, ROLES, Clock, WebClient, log_in

from threadline.accounts.audit import Who
from threadline.accounts.users import User, add_user
from threadline.config import Config, load_config
from threadline.store.store import Store
from threadline.web.app import create_app


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def web_config(store_url: str, tmp_path: Any) -> Config:
    return load_config(
        {
            "db": store_url,
            "web_secret_file": str(tmp_path / "secret"),
            "link_state": str(tmp_path / "linkstate"),
            "workers": 1,
        },
        env={},
    )


@pytest.fixture
def app(store: Store, web_config: Config, clock: Clock) -> FastAPI:
    return create_app(store, web_config, clock)


@pytest.fixture
def users(store: Store, clock: Clock) -> dict[str, User]:
    who = Who("cli:test", "cli")
    return {name: add_user(store, who, name, role, PASSWORD, clock()) for name, role in ROLES.items()}


@pytest.fixture
def login(app: FastAPI, users: dict[str, User]) -> Iterator[Callable[[str], WebClient]]:
    clients: list[WebClient] = []

    def make(name: str) -> WebClient:
        client = WebClient(app, base_url="http://testserver")
        response = log_in(client, name)
        assert response.status_code == 303, response.text
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.close()


@pytest.fixture
def anon(app: FastAPI) -> Iterator[WebClient]:
    with WebClient(app, base_url="http://testserver") as client:
        yield client
