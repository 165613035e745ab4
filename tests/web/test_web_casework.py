"""Cases (member-only visibility, items, notes, status) and watchlists (a new ad matching a watched
identifier shows on the dashboard), through the web app on a real store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from web_helpers import WebClient
from web_world import ADS, build

from threadline.config import Config
from threadline.store.store import Store


def test_a_case_is_visible_to_its_members_only(
    store: Store, web_config: Config, tmp_path: Path, login: Callable[[str], WebClient]
) -> None:
    build(store, web_config, tmp_path)
    analyst, outsider, viewer = login("analyst"), login("analyst2"), login("viewer")
    assert analyst.form("/cases", {"title": "Vegas <script>alert(1)</script>"}).headers["location"] == "/cases/1"
    analyst.form("/cases/1/items", {"kind": "network", "ref": "1"})
    analyst.form("/cases/1/notes", {"text": "first note"})
    analyst.form("/cases/1/status", {"status": "active"})
    page = analyst.get("/cases/1")
    assert page.status_code == 200
    assert "<script>alert(1)" not in page.text and "&lt;script&gt;" in page.text
    assert "first note" in page.text and "network 1" in page.text and "active" in page.text
    assert outsider.get("/cases/1").status_code == 404
    assert outsider.get("/cases/999").status_code == 404
    assert outsider.get("/api/v1/cases/1").status_code == 404
    assert outsider.form("/cases/1/notes", {"text": "x"}).status_code == 404
    assert viewer.get("/cases/1").status_code == 404
    analyst.form("/cases/1/members", {"name": "viewer"})
    assert viewer.get("/api/v1/cases/1").json()["items"][0]["network_id"] == 1
    assert viewer.form("/cases/1/notes", {"text": "x"}).status_code == 403  # a member, but a viewer


def test_members_are_taken_off_a_case_but_never_the_last(
    store: Store, web_config: Config, tmp_path: Path, login: Callable[[str], WebClient]
) -> None:
    build(store, web_config, tmp_path)
    analyst, outsider, viewer = login("analyst"), login("analyst2"), login("viewer")
    analyst.form("/cases", {"title": "circuit"})
    analyst.form("/cases/1/members", {"name": "viewer"})
    assert viewer.get("/cases/1").status_code == 200
    page = analyst.get("/cases/1").text
    assert 'action="/cases/1/members/viewer/remove"' in page and 'action="/cases/1/members/analyst/remove"' in page
    assert 'action="/cases/1/members/' not in viewer.get("/cases/1").text  # viewers change nothing
    assert viewer.form("/cases/1/members/analyst/remove").status_code == 403
    assert outsider.form("/cases/1/members/viewer/remove").status_code == 404  # not a member: no such case
    assert analyst.form("/cases/1/members/viewer/remove").status_code == 303
    assert viewer.get("/cases/1").status_code == 404
    assert analyst.form("/cases/1/members/viewer/remove").status_code == 400  # not a member any more
    assert analyst.form("/cases/1/members/analyst/remove").status_code == 400  # the last member stays
    assert analyst.get("/cases/1").status_code == 200
    assert 'action="/cases/1/members/' not in analyst.get("/cases/1").text


def test_a_watched_phone_alerts_on_a_new_ad(
    store: Store, web_config: Config, tmp_path: Path, login: Callable[[str], WebClient]
) -> None:
    build(store, web_config, tmp_path)
    analyst = login("analyst")
    assert analyst.form("/watchlists", {"kind": "phone", "value": "four 8 oh 555 0199"}).status_code == 303
    assert analyst.get("/api/v1/dashboard").json()["watch_hits"] == []  # old ads are found by search
    new_ad = {**ADS[4], "ad_id": "b2", "body": "Back again, 480.555.0199", "captured_at": "2024-04-09T10:00:00Z"}
    build(store, web_config, tmp_path, [new_ad])
    board = analyst.get("/api/v1/dashboard").json()
    assert board["new_watch_hits"] == 1
    assert [(h["value"], h["site_ad_id"]) for h in board["watch_hits"]] == [("+14805550199", "b2")]
    page = analyst.get("/")
    assert "+14805550199" in page.text and "Possible minors awaiting review" in page.text
    assert login("analyst2").get("/api/v1/watchlists").json()["hits"] == []  # watches are personal
