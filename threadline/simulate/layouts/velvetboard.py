"""velvetboard.example: a modern layout with the phone number in the URL slug; sends chunked bodies.

URLs: ``https://velvetboard.example/{city}/{phone}-{title-slug}-{id}`` where ``id`` is eight base-36
characters and the phone (ten digits, first version's number) is left out when the ad has none.
Content lives in ``article.listing``: ``h1.listing__title``, ``span.listing__city``, facts in
``ul.listing__facts > li[data-k]``, paragraphs in ``section.listing__body``. Photos are lazy-loaded
(``data-src`` holds the real URL). The "posted 3 days ago" text changes per capture; the
``datetime`` attribute does not. Deleted ads answer HTTP 404.
"""

from __future__ import annotations

from json.encoder import encode_basestring
from typing import ClassVar

from threadline.simulate.clock import DAY, iso
from threadline.simulate.geo import Place
from threadline.simulate.layouts.base import (
    Chrome,
    Layout,
    Listed,
    attr,
    esc,
    lines_as_paragraphs,
    scramble,
    slugify,
)
from threadline.simulate.model import Ad, Content
from threadline.simulate.sites import VELVETBOARD

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_PIXEL = "data:image/gif;base64,R0lGODlhAQABAAAAACw="
_LABELS = {"age": "Age", "phone": "Phone", "address": "Address"}


def _base36(n: int, width: int) -> str:
    out = []
    for _ in range(width):
        n, r = divmod(n, 36)
        out.append(_DIGITS[r])
    return "".join(reversed(out))


class VelvetboardLayout(Layout):
    site = VELVETBOARD
    boxes = frozenset({"age", "phone", "address"})
    categories: ClassVar[dict[str, str]] = {"companions": "companions", "massage": "massage"}

    def ad_id(self, serial: int) -> str:
        return _base36(scramble(serial, 2_821_109_907_437, 1_103_515_245), 8)

    def ad_url(self, ad_id: str, place: Place, category: str, title: str, phone: str | None) -> str:
        lead = f"{phone}-" if phone else ""
        return f"https://velvetboard.example/{place.slug}/{lead}{slugify(title, 5)}-{ad_id}"

    def image_url(self, stem: str) -> str:
        return f"https://cdn.velvetboard.example/i/{stem}/800.jpg"

    def photo_html(self, stem: str) -> str:
        return f'<img loading="lazy" src="{_PIXEL}" data-src="{attr(self.image_url(stem))}" alt="">'

    def render_boxes(self, boxes: tuple[tuple[str, str], ...]) -> str:
        return "".join(f'<li data-k="{k}"><span>{_LABELS[k]}</span> <b>{esc(v)}</b></li>' for k, v in boxes)

    def content_html(self, ad: Ad, content: Content) -> str:
        facts = self.boxes_html(content.boxes)
        photos = self.photos_html(content.images)
        return (
            f'<article class="listing" data-ad-id="{ad.ad_id}">\n'
            f'<header><h1 class="listing__title">{esc(content.title)}</h1>'
            f'<span class="listing__city">{esc(ad.place.label)}</span></header>\n'
            f'<ul class="listing__facts">{facts}</ul>\n'
            f'<section class="listing__body">\n{lines_as_paragraphs(content)}</section>\n'
            f'<figure class="listing__gallery">{photos}</figure>\n'
        )

    def _open(self, title: str) -> str:
        return (
            '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)} · VelvetBoard</title>\n"
        )

    def _head(self, title: str) -> str:
        return self._open(title) + "</head>\n<body>\n"

    def ad_template(self, ad: Ad, content: Content) -> tuple[bytes, ...]:
        posted = iso(ad.posted_at)
        place = ad.place
        ld = (
            '<script type="application/ld+json">{"@context":"https://schema.org","@type":"Offer",'
            f'"identifier":"{ad.ad_id}","datePosted":"{posted[:-1]}+00:00",'
            f'"areaServed":{encode_basestring(place.label)}'  # = json.dumps(label, ensure_ascii=False)
            '}</script>\n<script>window.__vb={"session":"'
        )
        body = (
            '}</script>\n</head>\n<body>\n'
            f'<header class="top"><a class="logo" href="/">VelvetBoard</a><nav><a href="/{place.slug}/">'
            f"{esc(place.label)}</a></nav></header>\n<main>\n{self.content_html(ad, content)}"
            f'<footer class="listing__meta"><time datetime="{posted}">posted '
        )
        more = f'<aside class="more"><h2>More in {esc(place.city.name)}</h2><ul>'
        head = self._open(f"{content.title[:60]} · {place.city.name}") + ld
        return head.encode(), body.encode(), more.encode()

    def ad_body(self, ad: Ad, template: tuple[bytes, ...], chrome: Chrome) -> bytes:
        views, ts = chrome.views, chrome.rendered_at
        days = max(0, (ts - ad.posted_at) // DAY)
        ago = "today" if days == 0 else f"{days} day{'s' if days > 1 else ''} ago"
        # The session object sits inside the head's script: the template's first part ends in it.
        vb = f'{chrome.token}","views":{views},"ts":{ts}'
        meta = f'{ago}</time> · <span class="views">{views} views</span></footer>\n</article>\n'
        tail = (
            f'{"".join(chrome.related)}</ul></aside>\n</main>\n<footer class="site">© 2018 VelvetBoard · '
            f"rendered in {views % 80 + 5}ms · {iso(ts)}</footer>\n</body></html>\n"
        )
        head, body, more = template
        return b"".join((head, vb.encode(), body, meta.encode(), more, tail.encode()))

    def removed_page(self, ad: Ad) -> tuple[int, str]:
        return 404, (
            self._head("Not found")
            + '<main class="notfound"><h1>This listing is no longer available</h1></main>\n</body></html>\n'
        )

    def listing(self, place: Place, category: str, items: list[Listed], chrome: Chrome) -> tuple[str, str]:
        cards = "".join(f'<li class="card"><a href="{attr(x.url)}">{esc(x.title)}</a></li>\n' for x in items)
        page = (
            self._head(f"{place.city.name} companions")
            + f'<main class="city"><h1>{esc(place.label)}</h1>\n<ul class="cards">\n{cards}</ul></main>\n'
            f'<footer class="site">rendered {iso(chrome.rendered_at)} · {chrome.token}</footer>\n</body>'
            "</html>\n"
        )
        return f"https://velvetboard.example/{place.slug}/", page
