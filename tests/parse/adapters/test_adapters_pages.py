"""Adapter behaviour on hand-made pages: claims by host, precise failures, charsets, chrome."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from threadline.capture.records import Capture, Origin
from threadline.errors import ParseFailure
from threadline.parse.adapters import (
    BUILTIN_ADAPTERS,
    AnunciosAdapter,
    CitynightsAdapter,
    PagelistAdapter,
    SwapmeetAdapter,
    VelvetboardAdapter,
)
from threadline.parse.records import PageKind

WHEN = datetime(2018, 3, 1, tzinfo=UTC)


def cap(url: str, html: str | bytes, status: int = 200, content_type: str | None = "text/html") -> Capture:
    body = html.encode("utf-8") if isinstance(html, str) else html
    return Capture(
        url=url,
        captured_at=WHEN,
        raw=body,
        payload=body,
        origin=Origin("t.warc.gz", offset=0),
        content_type=content_type,
        http_status=status,
    )


def test_matches_by_host_only() -> None:
    urls = {
        "https://pagelist.example/x/companions/1.html": "pagelist",
        "https://citynights.example/ad.php?id=1": "citynights",
        "https://velvetboard.example/x/abc-12345678": "velvetboard",
        "https://anuncioslatinos.example/anuncio/1/x": "anuncioslatinos",
        "https://reno.swapmeet.example/fuo/d/x/1.html": "swapmeet",
        "https://elsewhere.example/pagelist.example": None,
    }
    for url, name in urls.items():
        claimed = [a.name for a in BUILTIN_ADAPTERS if a.matches(cap(url, "").host)]
        assert claimed == ([name] if name else []), url


def test_missing_title_is_a_precise_parse_failure() -> None:
    page = '<div class="posting"><div class="postingBody">Hello</div></div>'
    with pytest.raises(ParseFailure) as err:
        PagelistAdapter().parse(cap("https://pagelist.example/reno/companions/123.html", page))
    assert "#postingTitle" in err.value.reason and err.value.origin == "t.warc.gz@0"


def test_bad_date_is_a_parse_failure() -> None:
    page = (
        '<h1 id="postingTitle">T</h1><span class="postDate">yesterday</span><div class="postingBody">x</div>'
    )
    with pytest.raises(ParseFailure, match="posting date"):
        PagelistAdapter().parse(cap("https://pagelist.example/reno/companions/123.html", page))


def test_http_gone_and_notice_pages_are_removals() -> None:
    gone = CitynightsAdapter().parse(
        cap("https://citynights.example/ad.php?id=42&city=reno", "<h1>Gone</h1>", 410)
    )
    assert gone.kind is PageKind.REMOVED and gone.ad_id == "42"
    page = '<section class="body"><div class="removed"><h2>This posting has been deleted.</h2></div>'
    notice = SwapmeetAdapter().parse(cap("https://reno.swapmeet.example/fuo/d/desk/5000000001.html", page))
    assert notice.kind is PageKind.REMOVED and notice.ad_id == "5000000001"
    lost = VelvetboardAdapter().parse(cap("https://velvetboard.example/reno/7025550123-hi-abcd1234", "", 404))
    assert lost.kind is PageKind.REMOVED and lost.ad_id == "abcd1234"


def test_listing_and_seizure_pages_are_other() -> None:
    listing = CitynightsAdapter().parse(
        cap("https://citynights.example/list.php?city=reno&page=1", "<table/>")
    )
    assert listing.kind is PageKind.OTHER and listing.note == "listing"
    seized = PagelistAdapter().parse(
        cap(
            "https://pagelist.example/reno/companions/7.html",
            '<div id="seizure-banner"><h1>SEIZED</h1></div>',
        )
    )
    assert seized.kind is PageKind.OTHER and seized.note == "seized"


def test_latin1_page_uses_the_declared_charset() -> None:
    html = (
        '<h1 class="titulo">Nueva en la ciudad &#127801;</h1><dl class="datos"><dt>Teléfono</dt><dd>'
        "702-555-0123"
        "</dd><dt>Ciudad</dt><dd>Reno, NV</dd><dt>Publicado</dt><dd>05/03/2018 21:14 UTC</dd></dl>"
        '<div class="texto"><p>Tengo 23 años.</p><p>No policía.</p></div>'
    )
    body = html.encode("latin-1")
    for content_type in ("text/html; charset=ISO-8859-1", None):
        page = body if content_type else b'<meta charset="iso-8859-1">' + body
        result = AnunciosAdapter().parse(
            cap("https://anuncioslatinos.example/anuncio/77/x", page, 200, content_type)
        )
        assert result.ad is not None
        assert result.ad.title == "Nueva en la ciudad \U0001f339"
        assert result.ad.body == "Tengo 23 años.\nNo policía."
        assert result.ad.extra == (("phone", "702-555-0123"),)
        assert result.ad.posted_at == datetime(2018, 3, 5, 21, 14, tzinfo=UTC)


def test_chrome_does_not_change_content_hash() -> None:
    def page(views: int, ago: str) -> str:
        return (
            '<article class="listing"><h1 class="listing__title">Hi</h1><span class="listing__city">Reno, '
            "NV</span>"
            '<section class="listing__body"><p>Sweet  and\nfriendly</p><p>Call <b>702</b>-555-0123</p>'
            "</section>"
            f'<footer class="listing__meta"><time datetime="2018-03-05T21:14:00Z">posted {ago}</time>'
            f'<span class="views">{views} views</span></footer></article><aside>{views}</aside>'
        )

    url = "https://velvetboard.example/reno/hi-abcd1234"
    a = VelvetboardAdapter().parse(cap(url, page(3, "today"))).ad
    b = VelvetboardAdapter().parse(cap(url, page(99, "2 days ago"))).ad
    assert a is not None and b is not None
    assert a.body == "Sweet and friendly\nCall 702-555-0123"
    assert a.content_sha256 == b.content_sha256
