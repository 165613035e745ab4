"""POST /api/v1/screen: token only, fast path, recommendation, nothing stored unless asked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_helpers import WebClient
from web_world import PHONE, build

from threadline.accounts.audit import Who
from threadline.accounts.tokens import create_token
from threadline.config import Config
from threadline.store.store import Store
from threadline.web.logic.screening import Screener

AD: dict[str, Any] = {
    "site": "newsite", "ad_id": "n1", "url": "https://newsite.example/n1", "captured_at": "2024-05-01T00:00:00Z",
    "title": "Hello", "body": "<p>call seven 0 two 555 oh one four three</p>", "location": "Las Vegas, NV",
}  # fmt: skip


@pytest.fixture
def world(store: Store, web_config: Config, tmp_path: Path) -> Store:
    build(store, web_config, tmp_path)
    return store


@pytest.fixture
def token(store: Store, clock: Callable[[], datetime]) -> str:
    return create_token(store, Who("cli:test", "cli"), "platform", "screen", clock()).secret


def test_screener_links_to_known_network_and_flags_minor(world: Store, web_config: Config) -> None:
    screener = Screener(web_config)
    result = screener.screen(world, AD)
    assert result.identifiers["phones"][0]["value"] == PHONE
    assert any(i.name == "obscured_phone" for i in result.indicators)
    assert [k.value for k in result.known] == [PHONE]
    assert result.networks and result.networks[0].minors == 1
    assert result.action == "block-pending-review" and not result.possible_minor
    minor = screener.screen(world, {**AD, "body": "I am 16, no phone"})
    assert minor.possible_minor and minor.action == "block-pending-review" and not minor.networks
    plain = screener.screen(world, {**AD, "body": "Selling a blue bicycle, call 212-555-0123"})
    assert plain.action == "allow"


def test_screen_api(world: Store, app: FastAPI, token: str, login: Callable[[str], WebClient]) -> None:
    with TestClient(app) as client:  # runs the lifespan: the screener is warmed at startup
        assert app.state.screener is not None
        auth = {"Authorization": f"Bearer {token}"}
        r = client.post("/api/v1/screen", json=AD, headers=auth)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["action"] == "block-pending-review" and body["networks"][0]["minors"] == 1
        assert body["stored"] is False and world.stats().ads == 6
        assert client.post("/api/v1/screen", json={"site": "x"}, headers=auth).status_code == 400
        assert client.post("/api/v1/screen", json=AD).status_code == 401
        stored = client.post("/api/v1/screen", params={"store": "true"}, json=AD, headers=auth).json()
        assert stored["stored"] is True and world.stats().ads == 7
    analyst = login("analyst")  # a session never works on the token route
    assert analyst.post("/api/v1/screen", json=AD, headers={"X-CSRF-Token": analyst.csrf}).status_code == 401
