"""Route x role matrix: every route of the app, called by nobody, an API token, a viewer, an analyst
and an admin. Below a route's minimum role the answer must be a refusal (401, 403, or the login
redirect); at or above it, never one. A route missing from :data:`MINIMUM` fails the test, so a new
route cannot ship without its rule."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from web_helpers import Clock, WebClient
from web_world import build

from threadline.accounts.audit import Who
from threadline.accounts.tokens import create_token
from threadline.accounts.users import Role, User, add_user, list_users
from threadline.casework import cases, watchlists
from threadline.config import Config
from threadline.store.store import Store
from threadline.web.routes import ROUTERS

PUBLIC, TOKEN = "public", "token"
# Minimum role per (method, path): "public", "token" (screening API only), or a Role name.
MINIMUM: dict[tuple[str, str], str] = {
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("GET", "/"): "viewer",
    ("GET", "/api/v1/dashboard"): "viewer",
    ("GET", "/cases"): "viewer",
    ("POST", "/cases"): "analyst",
    ("GET", "/cases/{case_id}"): "viewer",
    ("POST", "/cases/{case_id}/items"): "analyst",
    ("POST", "/cases/{case_id}/notes"): "analyst",
    ("POST", "/cases/{case_id}/status"): "analyst",
    ("POST", "/cases/{case_id}/members"): "analyst",
    ("POST", "/cases/{case_id}/members/{name:path}/remove"): "analyst",
    ("GET", "/cases/{case_id}/evidence.zip"): "analyst",
    ("GET", "/api/v1/cases"): "viewer",
    ("POST", "/api/v1/cases"): "analyst",
    ("GET", "/api/v1/cases/{case_id}"): "viewer",
    ("POST", "/api/v1/cases/{case_id}/items"): "analyst",
    ("GET", "/watchlists"): "viewer",
    ("POST", "/watchlists"): "analyst",
    ("POST", "/watchlists/{watch_id}/remove"): "analyst",
    ("GET", "/api/v1/watchlists"): "viewer",
    ("POST", "/api/v1/watchlists"): "analyst",
    ("GET", "/admin/users"): "admin",
    ("POST", "/admin/users"): "admin",
    ("POST", "/admin/users/{name:path}/disable"): "admin",
    ("POST", "/admin/users/{name:path}/enable"): "admin",
    ("POST", "/admin/tokens/{name:path}/revoke"): "admin",
    ("POST", "/admin/tokens"): "admin",
    ("GET", "/admin/audit"): "admin",
    ("GET", "/api/v1/admin/users"): "admin",
    ("GET", "/api/v1/admin/audit"): "admin",
    ("GET", "/search"): "viewer",
    ("GET", "/api/v1/search"): "viewer",
    ("GET", "/ads/{ad_id}"): "viewer",
    ("GET", "/ads/{ad_id}/versions/{version_id}/content"): "viewer",
    ("GET", "/api/v1/ads/{ad_id}"): "viewer",
    ("GET", "/networks/{network_id}"): "viewer",
    ("GET", "/api/v1/networks/{network_id}"): "viewer",
    ("POST", "/networks/{network_id}/labels"): "analyst",
    ("POST", "/api/v1/networks/{network_id}/labels"): "analyst",
    ("POST", "/api/v1/screen"): TOKEN,
    ("POST", "/logout"): "viewer",  # called last: it ends the session
}
PARAMS = {"case_id": "1", "watch_id": "1", "name": "target", "ad_id": "1", "version_id": "1", "network_id": "1"}
CALLERS = ("anon", "token", "viewer", "analyst", "admin")
JSON_BODY = {"title": "t", "kind": "network", "ref": "1", "value": "702 555 0143", "label": "spam", "site": "x",
             "ad_id": "1", "url": "https://x.example/1", "captured_at": "2024-01-01T00:00:00Z",
             "body": "hi"}  # fmt: skip
FORM_BODY = {"title": "t", "kind": "network", "ref": "1", "text": "n", "status": "active", "name": "viewer",
             "value": "702 555 0143", "role": "viewer", "password": "another long password", "label": "spam",
             "scope": "screen"}  # fmt: skip


def routes() -> list[tuple[str, str]]:
    found = {(m, r.path) for router in ROUTERS for r in router.routes for m in getattr(r, "methods", ()) if m != "HEAD"}
    return sorted(found, key=lambda k: (k == ("POST", "/logout"), k))


def refused(response: httpx.Response) -> bool:
    if response.status_code in (401, 403):
        return True
    return response.status_code == 303 and response.headers.get("location", "").startswith("/login?next=")


def call(client: WebClient, method: str, path: str, token: str) -> httpx.Response:
    url = re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: PARAMS[m.group(1)], path)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if method == "GET":
        return client.get(url, headers=headers, follow_redirects=False)
    if path.startswith("/api/"):
        headers["X-CSRF-Token"] = client.csrf
        return client.post(url, json=JSON_BODY, headers=headers, follow_redirects=False)
    data = {**FORM_BODY, "csrf_token": client.csrf}
    if path == "/login":
        data = {"username": "nobody", "password": "wrong password"}
    return client.post(url, data=data, headers=headers, follow_redirects=False)


def allowed(minimum: str, caller: str) -> bool:
    if minimum == PUBLIC:
        return True
    if minimum == TOKEN or caller == TOKEN:
        return minimum == caller
    return caller != "anon" and Role[caller] >= Role[minimum]


@pytest.mark.slow
def test_every_route_refuses_every_caller_below_its_role(
    store: Store,
    web_config: Config,
    tmp_path: Path,
    login: Callable[[str], WebClient],
    anon: WebClient,
    clock: Clock,
) -> None:
    build(store, web_config, tmp_path)
    now: datetime = clock()
    who = Who("cli:test", "cli")
    add_user(store, who, "target", Role.viewer, "target password 1", now)
    token = create_token(store, who, "platform", "screen", now).secret
    clients = {name: login(name) for name in ("viewer", "analyst", "admin")}
    analyst = clients["analyst"]
    user_of = {name: c.get("/api/v1/dashboard").status_code for name, c in clients.items()}
    assert set(user_of.values()) == {200}
    # A case every role is a member of (membership is tested on its own) and a watch.
    case = cases.create_case(store, _user(store, "analyst"), who, "matrix", now)
    for name in ("viewer", "admin"):
        cases.add_member(store, _user(store, "analyst"), who, case.id, name, now)
    watchlists.add_watch(store, _user(store, "analyst"), who, "phone", "702 555 0143", "", now)
    assert analyst.csrf

    missing = [k for k in routes() if k not in MINIMUM]
    assert not missing, f"routes without a rule in MINIMUM: {missing}"
    wrong: list[str] = []
    for method, path in routes():
        minimum = MINIMUM[(method, path)]
        for caller in CALLERS:
            client = anon if caller in ("anon", "token") else clients[caller]
            response = call(client, method, path, token if caller == "token" else "")
            if allowed(minimum, caller) == refused(response) and minimum != PUBLIC:
                wrong.append(f"{caller} {method} {path} -> {response.status_code} (minimum {minimum})")
    assert not wrong, "\n".join(wrong)


def _user(store: Store, name: str) -> User:
    return next(u for u in list_users(store) if u.name == name)
