"""pagelist.example: the dominant, Backpage-like site that is seized on the closure date.

URLs: ``https://pagelist.example/{city}/{category}/{id}.html`` (numeric ids). Old-style markup: the
body is ``<br>``-separated text in ``div.postingBody``; the only structured field is the poster's
age; the date is printed long-hand in UTC. A deleted ad answers HTTP 200 with a notice page.
"""

from __future__ import annotations

from typing import ClassVar

from threadline.simulate.clock import iso, long_date
from threadline.simulate.geo import Place
from threadline.simulate.layouts.base import Chrome, Layout, Listed, attr, esc, lines_with_breaks, scramble
from threadline.simulate.model import Ad, Content
from threadline.simulate.sites import PAGELIST


class PagelistLayout(Layout):
    site = PAGELIST
    boxes = frozenset({"age"})
    categories: ClassVar[dict[str, str]] = {
        "companions": "companions",
        "massage": "bodyrubs",
        "furniture": "furniture",
        "cars": "autos",
        "jobs": "jobs",
    }

    def ad_id(self, serial: int) -> str:
        return str(10_000_000 + scramble(serial, 99_999_989, 7_919_113))

    def ad_url(self, ad_id: str, place: Place, category: str, title: str, phone: str | None) -> str:
        return f"https://pagelist.example/{place.slug}/{self.categories[category]}/{ad_id}.html"

    def image_url(self, stem: str) -> str:
        return f"https://img.pagelist.example/photos/{stem[:2]}/{stem}.jpg"

    def photo_html(self, stem: str) -> str:
        return f'<li><img src="{attr(self.image_url(stem))}" alt=""></li>'

    def content_html(self, ad: Ad, content: Content) -> str:
        age = dict(content.boxes).get("age")
        photos = self.photos_html(content.images)
        place = ad.place
        return (
            '<div class="posting">\n'
            f'<div class="postingTitle"><h1 id="postingTitle">{esc(content.title)}</h1></div>\n'
            f'<div class="adInfo">Posted: <span class="postDate">{long_date(ad.posted_at)} UTC</span></div>\n'
            f'<div class="postingBody">\n{lines_with_breaks(content)}\n</div>\n'
            + (f'<div class="posterAge">Poster\'s age: {age}</div>\n' if age else "")
            + f'<ul class="locations"><li>Location: {esc(place.label)}</li></ul>\n'
            f'<ul id="viewAdPhotoLayout">{photos}</ul>\n'
            f'<div class="postingId">Post ID: {ad.ad_id} {place.slug}</div>\n</div>\n'
        )

    def _head(self, title: str, place: Place, category: str) -> str:
        return (
            '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>'
            f"{esc(title)}</title>\n"
            '<link rel="stylesheet" href="/css/pl.css?v=3"></head>\n<body>\n'
            '<div id="header"><a href="https://pagelist.example/">pagelist</a> &gt; '
            f'<a href="https://pagelist.example/{place.slug}/">{esc(place.label)}</a> &gt; '
            f"{self.categories[category]}</div>\n"
        )

    def ad_template(self, ad: Ad, content: Content) -> tuple[bytes, ...]:
        cat = self.categories[ad.category]
        head = self._head(f"{content.title[:60]} - {ad.place.city.name} {cat}", ad.place, ad.category)
        return (f'{head}<div id="mainCol">\n{self.content_html(ad, content)}'.encode(),)

    def ad_body(self, ad: Ad, template: tuple[bytes, ...], chrome: Chrome) -> bytes:
        views = chrome.views
        return template[0] + (
            f'<div id="viewCount">This ad has been viewed {views:,} times</div>\n</div>\n'
            f'<div id="sidebar"><h3>Related ads</h3><ul>{"".join(chrome.related)}</ul></div>\n'
            f'<div id="footer">Page generated {iso(chrome.rendered_at)} in 0.0{views % 90 + 10}s'
            f" &middot; session {chrome.token}</div>\n</body></html>\n"
        ).encode()

    def removed_page(self, ad: Ad) -> tuple[int, str]:
        return 200, (
            self._head("Ad removed - pagelist", ad.place, ad.category)
            + '<div id="mainCol"><div class="posting removed"><h1>This ad has been removed</h1>\n'
            f"<p>Post ID: {ad.ad_id} is no longer available. It was removed by its poster or it "
            "expired.</p></div></div>\n</body></html>\n"
        )

    def listing(self, place: Place, category: str, items: list[Listed], chrome: Chrome) -> tuple[str, str]:
        cat = self.categories[category]
        rows = (
            "".join(
                f'<div class="cat"><span class="date">{iso(x.posted_at)[:10]}</span> '
                f'<a href="{attr(x.url)}">{esc(x.title)}</a></div>\n'
                for x in items
            )
            or '<p class="empty">No ads found.</p>'
        )
        page = (
            self._head(f"{place.city.name} {cat} - pagelist", place, category)
            + f'<div id="mainCol"><h1>{esc(place.label)} {cat}</h1>\n<div class="listing">\n{rows}</div>'
            "</div>\n"
            f'<div id="footer">Page generated {iso(chrome.rendered_at)} &middot; session {chrome.token}</div>'
            "\n"
            "</body></html>\n"
        )
        return f"https://pagelist.example/{place.slug}/{cat}/", page
