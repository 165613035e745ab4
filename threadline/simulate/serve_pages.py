"""The pages of the live simulated web: what one site answers for one path at one simulated second.

Ad, removal and listing pages come from the same layouts as the WARC world, so an adapter reads a
live page exactly as it reads an archived one. Around them the live web adds what a crawler meets
on real sites: a front page linking every city listing, listings split into pages of
:data:`~threadline.simulate.serve_world.PAGE_SIZE` with a ``rel="next"`` link, XML sitemaps on the
sites that have one, robots.txt, photos, a login form (velvetboard), and the seizure banner on every
pagelist URL once it is closed. Absolute ``https://*.example`` links are rewritten to
``http://*.example:PORT`` so they lead back to this server.
"""

from __future__ import annotations

import hashlib
import html
import re
import zlib
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from threadline.simulate.clock import http_date, iso
from threadline.simulate.layouts import LAYOUTS, Chrome, Listed
from threadline.simulate.layouts.base import SEIZED_HTML
from threadline.simulate.serve_world import PAGE_SIZE, LiveAd, LiveWorld

SITEMAP_SITES = frozenset({"citynights", "anuncioslatinos"})
LOGIN_SITE = "velvetboard"
DISALLOWED = "/admin/"  # every robots.txt forbids it; the crawler must never ask for it
_LINK = re.compile(rb"https://([a-z0-9.-]+\.example)")
_PAGE = re.compile(r"([?&])page=\d+")


@dataclass(slots=True)
class Page:
    """One response, before the transfer encoding the site applies."""

    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)
    kind: str = "other"  # ad, removed, listing, front, sitemap, robots, image, login, seized, missing
    ad_id: str | None = None
    version: int | None = None


def rewrite(body: bytes, port: int) -> bytes:
    """Absolute links of the simulated domains, pointed at this server's port over plain HTTP."""
    return _LINK.sub(rb"http://\1:%d" % port, body)


def _page_url(target: str, n: int) -> str:
    if "page=1" in target:
        return target.replace("page=1", f"page={n}")
    return f"{target}{'&' if '?' in target else '?'}page={n}"


def _page_number(query: str) -> int:
    values = parse_qs(query).get("page", ["1"])
    return int(values[0]) if values[0].isdigit() else 0


class Pages:
    """Renders pages of one world; keeps each version's template while the version is up."""

    def __init__(self, world: LiveWorld) -> None:
        self.world = world
        self._templates: dict[tuple[str, int], tuple[bytes, ...]] = {}
        self._related: dict[str, list[str]] = {}
        for site, ads in world.by_site.items():
            layout = LAYOUTS[site]
            self._related[site] = [layout.related_item(x.ad.url, x.ad.versions[0].content.title) for x in ads[:50]]

    def ad(self, live: LiveAd, t: int, token: str, etag: str | None) -> Page:
        layout = LAYOUTS[live.ad.site.name]
        v = live.version_at(t)
        if v is None:
            status, page = layout.removed_page(live.ad)
            return Page(status, layout.encode(page), layout.content_type, kind="removed", ad_id=live.ad.ad_id)
        tag = f'W/"{live.ad.ad_id}-{v}"'
        headers = [("ETag", tag), ("Last-Modified", http_date(live.starts[v]))]
        if etag == tag:
            return Page(304, b"", layout.content_type, headers, "ad", live.ad.ad_id, v)
        key = (live.ad.ad_id, v)
        template = self._templates.get(key)
        if template is None:
            template = self._templates[key] = layout.ad_template(live.ad, live.ad.versions[v].content)
        related = self._related[live.ad.site.name]
        picked = (
            tuple(related[(zlib.crc32(live.ad.ad_id.encode()) + i) % len(related)] for i in range(3)) if related else ()
        )
        views = 3 + max(0, t - live.ad.posted_at) // 97
        body = layout.ad_body(live.ad, template, Chrome(views, picked, t, token))
        return Page(200, body, layout.content_type, headers, "ad", live.ad.ad_id, v)

    def listing(self, host: str, path: str, query: str, t: int, token: str) -> Page | None:
        target = f"{path}?{query}" if query else path
        # The first page's URL either carries page=1 (citynights) or no page parameter at all.
        candidates = (target, _PAGE.sub(r"\1page=1", target), _PAGE.sub("", target))
        listing = next((x for c in candidates if (x := self.world.listings.get((host, c))) is not None), None)
        if listing is None:
            return None
        n = _page_number(query)
        rows = self.world.listed(listing, t)
        chunk = rows[(n - 1) * PAGE_SIZE : n * PAGE_SIZE] if n >= 1 else []
        if n < 1 or (n > 1 and not chunk):
            return Pages.missing()
        layout = LAYOUTS[listing.site]
        items = [Listed(x.ad.url, x.ad.versions[x.version_at(t) or 0].content.title, x.ad.posted_at) for x in chunk]
        ad = listing.ads[0].ad
        _, page = layout.listing(ad.place, ad.category, items, Chrome(len(rows), (), t, token))
        if len(rows) > n * PAGE_SIZE:
            nxt = html.escape(_page_url(listing.target, n + 1))
            page = page.replace("</body>", f'<a rel="next" class="next" href="{nxt}">next page</a>\n</body>', 1)
        return Page(200, layout.encode(page), layout.content_type, kind="listing")

    def front(self, site: str, domain: str) -> Page:
        links = "".join(
            f'<li><a class="city" href="https://{x.host}{html.escape(x.target)}">{html.escape(x.label)}</a></li>\n'
            for x in self.world.site_listings.get(site, ())
        )
        body = (
            f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{domain}</title></head>\n'
            f'<body><h1>{domain}</h1>\n<ul class="cities">\n{links}</ul>\n</body></html>\n'
        )
        return Page(200, body.encode(), kind="front")

    def sitemap(self, site: str, t: int) -> Page:
        rows = "".join(
            f"<url><loc>{html.escape(x.ad.url)}</loc><lastmod>{iso(x.starts[x.version_at(t) or 0])}</lastmod></url>\n"
            for x in self.world.live_on(site, t)
        )
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}</urlset>\n'
        )
        return Page(200, body.encode(), "application/xml", kind="sitemap")

    @staticmethod
    def robots(site: str, host: str) -> Page:
        lines = ["User-agent: *", f"Disallow: {DISALLOWED}"]
        if site in SITEMAP_SITES:
            lines.append(f"Sitemap: https://{host}/sitemap.xml")
        return Page(200, ("\n".join(lines) + "\n").encode(), "text/plain", kind="robots")

    @staticmethod
    def image(path: str) -> Page:
        # A stand-in JPEG: start and end markers around bytes that depend only on the path, so the
        # same photo is the same file on every page and every site that shows it.
        digest = hashlib.sha256(path.encode()).digest()
        return Page(200, b"\xff\xd8\xff\xe0" + digest * 8 + b"\xff\xd9", "image/jpeg", kind="image")

    @staticmethod
    def login_form(error: bool, nxt: str) -> Page:
        note = '<p class="error">Wrong user name or password.</p>' if error else ""
        body = (
            '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Log in · VelvetBoard</title></head>\n'
            f'<body><main class="login"><h1>Members only</h1>{note}\n<form method="post" action="/login">\n'
            f'<input type="hidden" name="next" value="{html.escape(nxt)}">\n'
            '<input name="username"> <input name="password" type="password">\n'
            '<button type="submit">Log in</button></form></main></body></html>\n'
        )
        return Page(200, body.encode(), kind="login")

    @staticmethod
    def seized() -> Page:
        return Page(200, SEIZED_HTML.encode(), kind="seized")

    @staticmethod
    def missing() -> Page:
        return Page(404, b"<html><body><h1>Not found</h1></body></html>\n", kind="missing")


def split_target(target: str) -> tuple[str, str]:
    parts = urlsplit(target)
    return parts.path or "/", parts.query
