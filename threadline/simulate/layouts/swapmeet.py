"""swapmeet.example: a general classifieds site (furniture, cars, jobs, services) on city subdomains.

URLs: ``https://{city}.swapmeet.example/{category}/d/{title-slug}/{id}.html`` with ten-digit ids.
The title is ``span#titletextonly``; a price sits beside it; attributes are ``p.attrgroup`` spans
("condition: good"); the body is ``section#postingbody`` *including* a print-only QR-code notice
that is not ad text; the posting time carries a local UTC offset. A deleted posting answers HTTP
200 with a "deleted by its author" notice.
"""

from __future__ import annotations

from typing import ClassVar

from threadline.simulate.clock import iso, iso_local, local_clock
from threadline.simulate.geo import Place
from threadline.simulate.layouts.base import (
    Chrome,
    Layout,
    Listed,
    attr,
    esc,
    lines_with_breaks,
    scramble,
    slugify,
)
from threadline.simulate.model import Ad, Content
from threadline.simulate.sites import SWAPMEET

_ATTRS = ("condition", "make", "model", "year", "compensation", "employment")


class SwapmeetLayout(Layout):
    site = SWAPMEET
    boxes = frozenset({"price", *_ATTRS})
    categories: ClassVar[dict[str, str]] = {
        "furniture": "fuo",
        "cars": "cto",
        "jobs": "jjj",
        "companions": "ser",
        "massage": "thp",
    }

    def ad_id(self, serial: int) -> str:
        return str(5_000_000_000 + scramble(serial, 4_294_967_291, 2_246_822_519))

    def ad_url(self, ad_id: str, place: Place, category: str, title: str, phone: str | None) -> str:
        return f"https://{place.slug}.swapmeet.example/{self.categories[category]}/d/{slugify(title)}/{ad_id}.html"

    def image_url(self, stem: str) -> str:
        return f"https://images.swapmeet.example/{stem}_600x450.jpg"

    def photo_html(self, stem: str) -> str:
        url = self.image_url(stem)
        return f'<a href="{attr(url)}"><img src="{attr(url[:-11])}50x50c.jpg"></a>'

    def content_html(self, ad: Ad, content: Content) -> str:
        shown = dict(content.boxes)
        price = f'<span class="price">{esc(shown["price"])}</span>' if "price" in shown else ""
        attrs = "".join(f"<span>{k}: <b>{esc(shown[k])}</b></span><br>" for k in _ATTRS if k in shown)
        thumbs = self.photos_html(content.images)
        return (
            '<section class="body">\n<h2 class="postingtitle"><span class="postingtitletext">'
            f'<span id="titletextonly">{esc(content.title)}</span> {price}'
            f"<small> ({esc(ad.place.label)})</small></span></h2>\n"
            f'<div class="mapAndAttrs"><p class="attrgroup">{attrs}</p></div>\n'
            '<section id="postingbody">\n<div class="print-information print-qrcode-container">'
            '<p class="print-qrcode-label">QR Code Link to This Post</p></div>\n'
            f"{lines_with_breaks(content)}\n</section>\n"
            f'<div class="postinginfos"><p class="postinginfo">post id: {ad.ad_id}</p>'
            f'<p class="postinginfo reveal">posted: <time class="date timeago" '
            f'datetime="{iso_local(ad.posted_at, ad.place.utc_offset)}">'
            f"{local_clock(ad.posted_at, ad.place.utc_offset)}</time></p></div>\n"
            f'<div id="thumbs">{thumbs}</div>\n'
        )

    def _head(self, title: str, place: Place) -> str:
        return (
            f'<!DOCTYPE html>\n<html><head><meta charset="UTF-8"><title>{esc(title)}</title></head>\n<body>\n'
            '<header class="global-header"><a href="/">SM</a> &gt; <a '
            f'href="https://{place.slug}.swapmeet.example/">'
            f"{esc(place.city.name)}</a></header>\n"
        )

    def ad_template(self, ad: Ad, content: Content) -> tuple[bytes, ...]:
        head = self._head(f"{content.title[:70]} - {self.categories[ad.category]} - swapmeet", ad.place)
        return (f"{head}{self.content_html(ad, content)}</section>\n".encode(),)

    def ad_body(self, ad: Ad, template: tuple[bytes, ...], chrome: Chrome) -> bytes:
        return template[0] + (
            f'<ul class="related-postings">{"".join(chrome.related)}</ul>\n'
            f'<footer><span class="ip">{chrome.token}</span> &copy; 2018 swapmeet '
            f'<span class="rendered">{iso(chrome.rendered_at)}</span></footer>\n</body></html>\n'
        ).encode()

    def related_item(self, url: str, title: str) -> str:
        return f'<li class="related"><a href="{attr(url)}">{esc(title)}</a></li>'

    def removed_page(self, ad: Ad) -> tuple[int, str]:
        return 200, (
            self._head("swapmeet", ad.place)
            + '<section class="body"><div class="removed"><h2>This posting has been deleted by its '
            "author.</h2>"
            "</div></section>\n</body></html>\n"
        )

    def listing(self, place: Place, category: str, items: list[Listed], chrome: Chrome) -> tuple[str, str]:
        cat = self.categories[category]
        rows = "".join(
            f'<li class="result-row"><time datetime="{iso(x.posted_at)}"></time>'
            f'<a href="{attr(x.url)}" class="result-title">{esc(x.title)}</a></li>\n'
            for x in items
        )
        page = (
            self._head(f"{place.city.name} {cat} - swapmeet", place)
            + f'<section class="search"><ul class="rows">\n{rows}</ul></section>\n'
            f'<footer><span class="ip">{chrome.token}</span></footer>\n</body></html>\n'
        )
        return f"https://{place.slug}.swapmeet.example/search/{cat}", page
