"""citynights.example: a table-layout site with query-string ids that gzips its responses.

URLs: ``https://citynights.example/ad.php?id={id}&city={city}``. Structured fields sit in
``table.ad-details`` (Age, Phone, Address, Location, Posted with a ``<time datetime>``); the body is
``<br>``-separated in ``div.ad-text``; photos use site-relative URLs. Deleted ads answer HTTP 410.
The server sends ``Content-Encoding: gzip``.
"""

from __future__ import annotations

from typing import ClassVar

from threadline.simulate.clock import iso
from threadline.simulate.geo import Place
from threadline.simulate.layouts.base import Chrome, Layout, Listed, attr, esc, lines_with_breaks, scramble
from threadline.simulate.model import Ad, Content
from threadline.simulate.sites import CITYNIGHTS

_LABELS = (("age", "Age"), ("phone", "Phone"), ("address", "Address"))
_HEAD_AFTER = '</td>\n<td id="content" valign="top">\n'  # after the "Online now" counter


def _head_before(title: str, place: Place) -> str:
    """The page head up to its "Online now" counter, which changes per capture."""
    return (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        f"<title>{esc(title)} | CityNights {esc(place.city.name)}</title></head>\n"
        '<body bgcolor="#1a1a1a" text="#eeeeee">\n<table id="layout" width="100%"><tr>\n'
        '<td id="nav" valign="top" width="160"><a href="/">CityNights</a><br>\n'
        f'<a href="/list.php?city={place.slug}&amp;page=1">{esc(place.label)}</a><br>\nOnline now: '
    )


class CitynightsLayout(Layout):
    site = CITYNIGHTS
    boxes = frozenset({"age", "phone", "address"})
    categories: ClassVar[dict[str, str]] = {"companions": "companions", "massage": "massage"}

    def ad_id(self, serial: int) -> str:
        return str(1_000_000 + scramble(serial, 8_999_993, 2_654_435))

    def ad_url(self, ad_id: str, place: Place, category: str, title: str, phone: str | None) -> str:
        return f"https://citynights.example/ad.php?id={ad_id}&city={place.slug}"

    def image_url(self, stem: str) -> str:
        return f"/pics/{stem}_m.jpg"  # site-relative: adapters resolve it against the page URL

    def photo_html(self, stem: str) -> str:
        return f'<img src="{attr(self.image_url(stem))}" width="200">'

    def render_boxes(self, boxes: tuple[tuple[str, str], ...]) -> str:
        shown = dict(boxes)
        return "".join(
            f"<tr><th>{label}</th><td>{esc(shown[key])}</td></tr>\n" for key, label in _LABELS if key in shown
        )

    def content_html(self, ad: Ad, content: Content) -> str:
        rows = self.boxes_html(content.boxes)
        photos = self.photos_html(content.images)
        posted = iso(ad.posted_at)
        return (
            f'<h2 class="ad-title">{esc(content.title)}</h2>\n<table class="ad-details">\n{rows}'
            f"<tr><th>Location</th><td>{esc(ad.place.label)}</td></tr>\n"
            f'<tr><th>Posted</th><td><time datetime="{posted}">{posted[:10]}</time>'
            "</td></tr>\n"
            f'</table>\n<div class="ad-text">{lines_with_breaks(content)}</div>\n'
            f'<div class="ad-photos">{photos}</div>\n'
        )

    def _head(self, title: str, place: Place, online: int) -> str:
        return f"{_head_before(title, place)}{online}{_HEAD_AFTER}"

    def ad_template(self, ad: Ad, content: Content) -> tuple[bytes, ...]:
        before = _head_before(content.title[:50], ad.place)
        return before.encode(), f"{_HEAD_AFTER}{self.content_html(ad, content)}".encode()

    def ad_body(self, ad: Ad, template: tuple[bytes, ...], chrome: Chrome) -> bytes:
        views = chrome.views
        tail = (
            f'<div class="stats">Views: {views} &middot; Favorited {views // 37} times</div>\n'
            f'</td>\n<td id="side" valign="top"><div class="featured"><b>Featured</b>{"".join(chrome.related)}'
            f'</div></td>\n</tr></table>\n<div class="footer">Rendered at {iso(chrome.rendered_at)} by node-'
            f"{views % 9} | token {chrome.token}</div>\n</body></html>\n"
        )
        return b"%b%d%b%b" % (template[0], 200 + views % 700, template[1], tail.encode())

    def related_item(self, url: str, title: str) -> str:
        return f'<div class="feat"><a href="{attr(url)}">{esc(title)}</a></div>'

    def removed_page(self, ad: Ad) -> tuple[int, str]:
        return 410, (
            "<html><head><title>410 Gone</title></head><body><h1>Gone</h1>\n"
            "<p>This ad has expired or was deleted.</p></body></html>\n"
        )

    def listing(self, place: Place, category: str, items: list[Listed], chrome: Chrome) -> tuple[str, str]:
        rows = "".join(
            f'<tr><td>{iso(x.posted_at)[:10]}</td><td><a href="{attr(x.url)}">{esc(x.title)}</a></td></tr>\n'
            for x in items
        )
        page = (
            self._head(f"Companions in {place.city.name}", place, 300 + chrome.views % 500)
            + f'<h2 class="list-title">{esc(place.label)}</h2>\n<table class="ad-list">\n{rows}</table>\n'
            f'</td></tr></table>\n<div class="footer">Rendered at {iso(chrome.rendered_at)} | token '
            f"{chrome.token}"
            "</div>\n</body></html>\n"
        )
        return f"https://citynights.example/list.php?city={place.slug}&page=1", page
