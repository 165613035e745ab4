"""The case page's evidence package download: members who are analysts get the signed ZIP (the same
package `threadline export case` writes), audited once as a dissemination; others get 403 or 404."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from web_helpers import WebClient
from web_world import ADS, build

from threadline.config import Config
from threadline.export.custody import disseminations
from threadline.export.package import verify_package
from threadline.store.store import Store


def test_members_download_a_verifiable_package_and_it_is_recorded(
    store: Store, web_config: Config, tmp_path: Path, login: Callable[[str], WebClient]
) -> None:
    build(store, web_config, tmp_path)
    analyst, outsider, viewer = login("analyst"), login("analyst2"), login("viewer")
    analyst.form("/cases", {"title": "Vegas"})
    analyst.form("/cases/1/items", {"kind": "network", "ref": "1"})
    analyst.form("/cases/1/members", {"name": "viewer"})
    got = analyst.get("/cases/1/evidence.zip", params={"to": "County DA", "reason": "grand jury subpoena"})
    assert got.status_code == 200 and got.headers["content-type"] == "application/zip"
    path = tmp_path / "case.zip"
    path.write_bytes(got.content)
    assert verify_package(path).ok
    again = analyst.get("/cases/1/evidence.zip")
    assert again.content == got.content  # unchanged data, same bytes
    records = disseminations(store)
    assert len(records) == 2
    record, d = records[-1]  # newest first: the last is the first download
    assert (record.actor, d.recipient, d.reason, d.format, d.subject) == (
        "analyst", "County DA", "grand jury subpoena", "package", "case:1")  # fmt: skip
    assert json.loads(record.object)["sha256"] == d.sha256
    assert outsider.get("/cases/1/evidence.zip").status_code == 404
    assert outsider.get("/cases/99/evidence.zip").status_code == 404
    assert viewer.get("/cases/1/evidence.zip").status_code == 403  # a member, but viewers do not export
    assert len(disseminations(store)) == 2


CANARIES = [f"zephyr{i:02d}quokka" for i in range(50)]


def test_error_pages_never_show_ad_text(
    store: Store, web_config: Config, tmp_path: Path, login: Callable[[str], WebClient]
) -> None:
    ads = [{**a, "body": a["body"] + " " + " ".join(CANARIES[i * 5 : i * 5 + 5])} for i, a in enumerate(ADS)]
    build(store, web_config, tmp_path, ads)
    analyst, outsider = login("analyst"), login("analyst2")
    analyst.form("/cases", {"title": "Canaries"})
    analyst.form("/cases/1/items", {"kind": "network", "ref": "1"})
    assert any(c in analyst.get("/ads/1").text for c in CANARIES)  # the planted text is there to leak
    errors = [
        outsider.get("/cases/1/evidence.zip"),
        analyst.get("/cases/2/evidence.zip"),
        analyst.get("/cases/1/evidence.zip", params={"to": "x" * 400}),
        analyst.get("/cases/abc/evidence.zip"),
        analyst.get("/networks/999"),
        analyst.get("/ads/999"),
    ]
    assert all(r.status_code >= 400 for r in errors)
    for r in errors:
        assert not [c for c in CANARIES if c in r.text]


def test_case_page_offers_the_package_to_analysts_only(
    store: Store, web_config: Config, tmp_path: Path, login: Callable[[str], WebClient]
) -> None:
    analyst, viewer = login("analyst"), login("viewer")
    analyst.form("/cases", {"title": "Reno"})
    analyst.form("/cases/1/members", {"name": "viewer"})
    assert 'action="/cases/1/evidence.zip"' in analyst.get("/cases/1").text
    assert "evidence.zip" not in viewer.get("/cases/1").text
