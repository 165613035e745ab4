"""Admin actions that undo others: a disabled or locked-out user enabled again, an API token revoked
(refused by the screening API once the token cache's copy expires), from the web and the CLI."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from fastapi import FastAPI
from typer.testing import CliRunner
from web_helpers import Clock, WebClient, log_in

from threadline.accounts.audit import Who
from threadline.accounts.tokens import create_token
from threadline.cli.main import app as cli
from threadline.store.store import Store

AD = {"site": "newsite", "ad_id": "n1", "url": "https://newsite.example/n1", "captured_at": "2024-05-01T00:00:00Z",
      "body": "new in town, appointment only"}  # fmt: skip


def db_args(store: Store) -> list[str]:
    return ["--db", store.engine.url.render_as_string(False)]


def test_a_disabled_user_is_enabled_again(login: Callable[[str], WebClient], anon: WebClient) -> None:
    admin, viewer = login("admin"), login("viewer")
    assert admin.form("/admin/users/viewer/disable").status_code == 303
    assert viewer.get("/", follow_redirects=False).status_code == 303  # the session ended with the account
    assert log_in(anon, "viewer").status_code == 401
    page = admin.get("/admin/users").text
    assert 'action="/admin/users/viewer/enable"' in page and 'action="/admin/users/viewer/disable"' not in page
    assert admin.form("/admin/users/viewer/enable").status_code == 303
    assert log_in(anon, "viewer").status_code == 303
    assert admin.form("/admin/users/nobody/enable").status_code == 404


def test_a_locked_out_user_is_let_in_before_the_lockout_ends(
    login: Callable[[str], WebClient], anon: WebClient, clock: Clock
) -> None:
    admin = login("admin")
    for _ in range(5):
        log_in(anon, "viewer", "wrong password!")
    assert log_in(anon, "viewer").status_code == 401  # locked
    assert 'action="/admin/users/viewer/enable"' in admin.get("/admin/users").text
    admin.form("/admin/users/viewer/enable")
    assert log_in(anon, "viewer").status_code == 303  # well before the ten minutes


def test_a_revoked_token_is_refused(
    store: Store, app: FastAPI, login: Callable[[str], WebClient], clock: Clock, anon: WebClient
) -> None:
    token = create_token(store, Who("cli:test", "cli"), "platform", "screen", clock()).secret
    admin = login("admin")
    app.state.web.tokens.ttl = 0.3  # the cache's lifetime (5 s in service), short for the test
    auth = {"Authorization": f"Bearer {token}"}
    assert anon.post("/api/v1/screen", json=AD, headers=auth).status_code == 200
    assert admin.form("/admin/tokens/platform/revoke").status_code == 303
    time.sleep(0.35)
    assert anon.post("/api/v1/screen", json=AD, headers=auth).status_code == 401
    page = admin.get("/admin/users").text
    assert "revoked" in page and 'action="/admin/tokens/platform/revoke"' not in page
    assert admin.form("/admin/tokens/nothing/revoke").status_code == 404


def test_cli_enables_users_and_lists_and_revokes_tokens(store: Store, users: object, clock: Clock) -> None:
    runner = CliRunner()
    create_token(store, Who("cli:test", "cli"), "a/platform", "screen", clock())
    assert runner.invoke(cli, ["user", "disable", "viewer", *db_args(store)]).exit_code == 0
    assert runner.invoke(cli, ["user", "enable", "viewer", *db_args(store)]).exit_code == 0
    listed = json.loads(runner.invoke(cli, ["user", "list", "--json", *db_args(store)]).stdout)
    assert {u["name"]: u["disabled"] for u in listed}["viewer"] is False
    assert runner.invoke(cli, ["token", "revoke", "a/platform", *db_args(store)]).exit_code == 0
    tokens = json.loads(runner.invoke(cli, ["token", "list", "--json", *db_args(store)]).stdout)
    assert [(t["name"], t["revoked"]) for t in tokens] == [("a/platform", True)]
    missing = runner.invoke(cli, ["token", "revoke", "nothing", *db_args(store)])
    assert missing.exit_code != 0 and "no token 'nothing'" in str(missing.exception)  # run() prints it


def test_names_with_a_slash_reach_their_routes(store: Store, login: Callable[[str], WebClient], clock: Clock) -> None:
    create_token(store, Who("cli:test", "cli"), "partner/eu", "screen", clock())
    admin = login("admin")
    assert 'action="/admin/tokens/partner/eu/revoke"' in admin.get("/admin/users").text
    assert admin.form("/admin/tokens/partner/eu/revoke").status_code == 303
    assert "revoked" in admin.get("/admin/users").text
