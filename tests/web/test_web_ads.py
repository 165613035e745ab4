"""The ad page: versions with diffs, highlighted evidence, capture hash; the sandboxed content frame."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from web_helpers import WebClient
from web_world import build

from threadline.config import Config
from threadline.store import pages as store_pages
from threadline.store.store import Store
from threadline.web.logic.ads import ad_page
from threadline.web.logic.sanitize import clean_html, content_document
from threadline.web.logic.text import Mark, segments, word_diff


@pytest.fixture
def world(store: Store, web_config: Config, tmp_path: Path) -> Store:
    build(store, web_config, tmp_path)
    return store


def test_segments_cut_at_every_boundary() -> None:
    segs = segments("call 702 now", [Mark(5, 8, "phone", "+1702"), Mark(0, 8, "indicator", "x")])
    assert [(s.text, s.kinds) for s in segs] == [
        ("call ", "hl-indicator"), ("702", "hl-indicator hl-phone"), (" now", ""),
    ]  # fmt: skip


def test_word_diff_rebuilds_the_new_text() -> None:
    parts = word_diff("she is 22, call me", "call me")
    assert "".join(p.text for p in parts if p.op != "delete") == "call me"
    assert any(p.op == "delete" and "22" in p.text for p in parts)


def test_sanitiser_leaves_nothing_active() -> None:
    dirty = '<p onclick="x()">hi<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:x">l</a>'
    clean = clean_html(dirty + "<iframe src=//evil></iframe><svg onload=alert(1)><style>*{}</style>")
    for bad in ("script", "onerror", "onclick", "javascript", "iframe", "svg", "style", "href"):
        assert bad not in clean
    doc = content_document("<b>t</b>", "plain <text>", ["http://127.0.0.1/x.jpg", "https://img.example/1.jpg"])
    assert "&lt;b&gt;t&lt;/b&gt;" in doc and "127.0.0.1" not in doc and 'tabindex="0"' in doc


def test_ad_page_shows_every_version_with_evidence(world: Store) -> None:
    with world.connect() as conn:
        ad_id = store_pages.ad_id_of(conn, "pagelist", "a2")
    page = ad_page(world, ad_id)
    first, second = page.versions
    assert first.diff is None and second.diff is not None
    assert any(p.op == "delete" and "22" in p.text for p in second.diff)
    assert len(first.capture_sha256) == 64
    marked = {m.kind for s in first.text for m in s.marks}
    assert {"phone", "indicator"} <= marked
    assert any(i.name == "obscured_phone" for i in first.indicators)


def test_ad_routes(world: Store, login: Callable[[str], WebClient]) -> None:
    with world.connect() as conn:
        ad_id = store_pages.ad_id_of(conn, "pagelist", "a1")
    client = login("viewer")
    page = client.get(f"/ads/{ad_id}")
    assert page.status_code == 200 and "SHA-256" in page.text and '<iframe class="adframe" sandbox' in page.text
    version = client.get(f"/api/v1/ads/{ad_id}").json()["versions"][0]
    frame = client.get(f"/ads/{ad_id}/versions/{version['id']}/content")
    assert frame.status_code == 200
    assert frame.headers["content-security-policy"].startswith("sandbox; default-src 'none'")
    assert client.get(f"/ads/{ad_id}/versions/999999/content").status_code == 404
    assert client.get("/api/v1/ads/999999").status_code == 404
