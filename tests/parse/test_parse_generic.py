"""TOML selector adapters and the fallback: a user adds a site without code; nothing is dropped."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from threadline.capture.records import AdFields, Capture, Origin
from threadline.config import load_config
from threadline.errors import ConfigError, ParseFailure
from threadline.parse.generic import SelectorAdapter, load_site_dir
from threadline.parse.records import PageKind
from threadline.parse.registry import Parser

SITE = """
name = "nightowl"
hosts = ["nightowl.example"]
ad_url = '^/ads/(?P<ad_id>\\d+)'
[selectors]
title = "h1.title"
body = "div.post-body"
location = ".location"
posted_at = "time.posted@datetime"
images = ".gallery img@src"
removed = ".removed-notice"
[extra]
age = ".age-box"
"""

PAGE = """<html><body><h1 class="title">New in town</h1>
<div class="location">Las Vegas, NV</div><time class="posted" datetime="2018-03-02T10:00:00Z">Mar 2</time>
<div class="post-body"><p>Sweet and friendly companionship.</p><p>Call 702 555 0143<script>alert(1)</script></p></div>
<div class="gallery"><img src="/i/1.jpg"><img src="/i/2.jpg"></div><div class="age-box"> 21 </div>
<aside class="views">viewed 88 times</aside></body></html>"""


def cap(url: str, payload: str, status: int = 200, ctype: str = "text/html") -> Capture:
    data = payload.encode()
    return Capture(url, datetime(2018, 3, 2, tzinfo=UTC), data, data, Origin("t"), ctype, status)


@pytest.fixture
def adapter(tmp_path: Path) -> SelectorAdapter:
    (tmp_path / "nightowl.toml").write_text(SITE)
    [a] = load_site_dir(tmp_path)
    return a


def test_selector_adapter_reads_every_field(adapter: SelectorAdapter) -> None:
    result = adapter.parse(cap("https://nightowl.example/ads/4411?ref=x", PAGE))
    assert result.kind is PageKind.AD and result.ad is not None
    ad = result.ad
    assert (ad.site, ad.ad_id, ad.title, ad.location) == ("nightowl", "4411", "New in town", "Las Vegas, NV")
    assert ad.body == "Sweet and friendly companionship.\nCall 702 555 0143"
    assert ad.posted_at == datetime(2018, 3, 2, 10, tzinfo=UTC)
    assert ad.images == ("/i/1.jpg", "/i/2.jpg") and ad.extra == (("age", "21"),)


def test_page_chrome_does_not_change_the_version(adapter: SelectorAdapter) -> None:
    a = adapter.parse(cap("https://nightowl.example/ads/1", PAGE)).ad
    b = adapter.parse(cap("https://nightowl.example/ads/1", PAGE.replace("viewed 88", "viewed 91"))).ad
    c = adapter.parse(cap("https://nightowl.example/ads/1", PAGE.replace(" 21 ", "23"))).ad
    assert a and b and c
    assert a.content_sha256 == b.content_sha256 != c.content_sha256


def test_removed_and_other_pages(adapter: SelectorAdapter) -> None:
    gone = adapter.parse(cap("https://nightowl.example/ads/5", "<p class='removed-notice'>gone</p>"))
    assert (gone.kind, gone.ad_id) == (PageKind.REMOVED, "5")
    assert adapter.parse(cap("https://nightowl.example/ads/6", "", status=410)).kind is PageKind.REMOVED
    assert adapter.parse(cap("https://nightowl.example/lasvegas/list", PAGE)).kind is PageKind.OTHER


def test_missing_element_is_a_precise_parse_failure(adapter: SelectorAdapter) -> None:
    with pytest.raises(ParseFailure, match=r"title selector 'h1\.title'"):
        adapter.parse(cap("https://nightowl.example/ads/7", "<div class='post-body'>x</div>"))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("name = 'x'", "missing key"),
        ("name='x'\nhosts=['a']\nad_url='(('\n[selectors]\ntitle='h1'\nbody='p'", "not a valid regex"),
        ("name='x'\nhosts=['a']\nad_url='/(\\d+)'\n[selectors]\ntitle='h1'\nbody='p'", "named group"),
        ("name='x'\nhosts=['a']\nad_url='/(?P<ad_id>\\d+)'\n[selectors]\ntitle='h1'", "needs 'body'"),
        ("name = ", "x.toml"),
    ],
)
def test_bad_site_files_name_the_problem(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "x.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=problem):
        SelectorAdapter.from_toml(path)


def test_parser_uses_user_site_folder_then_fallback(tmp_path: Path) -> None:
    (tmp_path / "nightowl.toml").write_text(SITE)
    parser = Parser.from_config(load_config({"site_configs": str(tmp_path)}, env={}))
    assert parser.parse(cap("https://nightowl.example/ads/4411", PAGE)).ad.adapter == "toml:nightowl"  # type: ignore[union-attr]
    other = parser.parse(cap("https://www.unknown-board.example/post/77?x=1", "<title>Sofa</title><p>Oak sofa</p>"))
    assert other.ad is not None
    assert (other.ad.site, other.ad.ad_id, other.ad.title, other.ad.body) == (
        "unknown-board.example",
        "/post/77?x=1",
        "Sofa",
        "Oak sofa",
    )
    image = parser.parse(cap("https://unknown-board.example/i.png", "\x89PNG", ctype="image/png"))
    assert image.kind is PageKind.OTHER


def test_imported_fields_need_no_adapter() -> None:
    parser = Parser([])
    c = cap("https://x.example/1", "")
    c.fields = AdFields("x", "1", title="Hi  there", body="<p>line one</p><p>line two</p>")
    ad = parser.parse(c).ad
    assert ad is not None and (ad.title, ad.body, ad.adapter) == ("Hi there", "line one\nline two", "import")
