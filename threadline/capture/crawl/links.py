"""Discovery: links to listing pages and ad pages in a listing, ``<loc>`` entries of a sitemap.

A site's config names two CSS selectors (``follow`` for more listing pages — city pages, the next
page — and ``ads`` for ad pages, kept only when they match ``ad_pattern``). Links are resolved
against the page URL, stripped of fragments, and kept only on the site's own hosts (and their
sub-domains): a crawl of one site never wanders into the rest of the web.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from threadline.capture.crawl.config import SiteConfig
from threadline.parse.select import every

_LOC = re.compile(rb"<loc>\s*([^<\s]+)\s*</loc>")
_SITEMAP_INDEX = re.compile(rb"<sitemapindex[\s>]")


@dataclass(frozen=True, slots=True)
class Found:
    listings: tuple[str, ...]
    ads: tuple[str, ...]
    sitemaps: tuple[str, ...] = ()


def on_site(url: str, site: SiteConfig) -> bool:
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return False
    if parts.scheme not in ("http", "https"):
        return False
    return any(host == h or host.endswith("." + h) for h in site.hosts)


def _absolute(base: str, href: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if href.startswith(("javascript:", "mailto:", "tel:", "data:")):
        return None
    return urldefrag(urljoin(base, href))[0]


def _unique(urls: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(urls))


def listing_links(html: bytes, url: str, site: SiteConfig) -> Found:
    """Listing and ad links of one listing page."""
    tree = LexborHTMLParser(html)
    pattern = re.compile(site.ad_pattern) if site.ad_pattern else None
    follow = [
        u
        for node in every(tree, site.follow)
        if (u := _absolute(url, node.attributes.get("href"))) is not None and on_site(u, site)
    ]
    ads = [
        u
        for node in every(tree, site.ads)
        if (u := _absolute(url, node.attributes.get("href"))) is not None
        and on_site(u, site)
        and (pattern is None or pattern.search(u) is not None)
    ]
    ad_set = set(ads)
    return Found(_unique([u for u in follow if u not in ad_set]), _unique(ads))


def sitemap_links(xml: bytes, url: str, site: SiteConfig) -> Found:
    """Ad URLs of a sitemap (or further sitemaps of a sitemap index)."""
    locs = [unescape(m.group(1).decode("utf-8", "replace")) for m in _LOC.finditer(xml)]
    locs = [u for u in locs if on_site(u, site)]
    if _SITEMAP_INDEX.search(xml[:2048]):
        return Found((), (), _unique(locs))
    pattern = re.compile(site.ad_pattern) if site.ad_pattern else None
    return Found((), _unique([u for u in locs if pattern is None or pattern.search(u)]))
