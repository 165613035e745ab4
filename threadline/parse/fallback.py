"""The adapter of last resort: keep the page text when no site adapter knows the layout.

An unknown site's page still becomes an ad (site = host name, ad id = URL path and query) so its
text is searchable and its identifiers extractable; nothing captured is dropped for lack of a parser.
"""

from __future__ import annotations

from urllib.parse import SplitResult

from threadline.capture.records import Capture
from threadline.parse.records import PageKind, PageResult, ParsedAd
from threadline.parse.select import first
from threadline.parse.text import node_text, normalise_text, parse_html

_TEXTUAL = ("text/html", "application/xhtml", "text/plain")


def site_of(parts: SplitResult) -> str:
    host = parts.hostname or "unknown"  # hostname is lower-case already
    return host.removeprefix("www.")


def ad_id_of(parts: SplitResult) -> str:
    path = parts.path.rstrip("/") or "/"
    return path + (f"?{parts.query}" if parts.query else "")


class FallbackAdapter:
    name = "fallback"

    def matches(self, host: str) -> bool:
        return True

    def parse(self, capture: Capture) -> PageResult:
        site = site_of(capture.parts)  # raises ValueError on a URL that cannot be split, as urlsplit does
        ad_id = ad_id_of(capture.parts)
        if capture.http_status in (404, 410):
            return PageResult(PageKind.REMOVED, site=site, ad_id=ad_id, note=f"HTTP {capture.http_status}")
        ctype = (capture.content_type or "text/html").lower()
        if capture.http_status not in (None, 200) or not ctype.startswith(_TEXTUAL):
            return PageResult(PageKind.OTHER, site=site, note=f"not a text page ({ctype}, {capture.http_status})")
        if ctype.startswith("text/plain"):
            title, body = None, normalise_text(capture.payload.decode("utf-8", "replace"))
        else:
            tree = parse_html(capture.payload, capture.content_type)
            title_node = first(tree, "title")
            title = node_text(title_node) or None
            body = node_text(tree.body)
        if not body:
            return PageResult(PageKind.OTHER, site=site, note="page has no text")
        ad = ParsedAd(site=site, ad_id=ad_id, url=capture.url, title=title, body=body, adapter=self.name)
        return PageResult(PageKind.AD, ad=ad, site=site)
