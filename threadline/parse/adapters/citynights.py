"""Adapter for citynights.example (table layout, query-string ids, gzip-encoded responses).

Ad pages: ``/ad.php?id={id}&city={city}``. Title ``h2.ad-title``; ``table.ad-details`` rows
(Age, Phone, Address become extra fields; Location; Posted with ``<time datetime>``); body
``div.ad-text`` (``<br>``-separated); photos ``div.ad-photos img`` with site-relative ``src``,
resolved against the page URL. Removed ads answer HTTP 410. ``list.php`` pages are listings.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from threadline.capture.records import Capture
from threadline.parse.adapters._html import (
    ad_page,
    block_text,
    clean,
    fail,
    first_tag,
    gone,
    join_url,
    need,
    parse_html,
    parse_iso,
)
from threadline.parse.records import PageKind, PageResult
from threadline.parse.select import every

SITE = "citynights"
_EXTRA = {"age": "age", "phone": "phone", "address": "address"}


class CitynightsAdapter:
    name = SITE

    def matches(self, host: str) -> bool:
        return host == "citynights.example"

    def parse(self, capture: Capture) -> PageResult:
        parts = capture.parts
        ids = parse_qs(parts.query).get("id", []) if parts.path == "/ad.php" else []
        ad_id = ids[0] if ids and ids[0].isdigit() else None
        if (removed := gone(SITE, ad_id, capture)) is not None:
            return removed
        if ad_id is None:
            return PageResult(PageKind.OTHER, site=SITE, note="listing" if parts.path == "/list.php" else "page")
        tree = parse_html(capture)
        title = clean(need(tree, "h2.ad-title", capture, "ad title").text())
        body = block_text(need(tree, "div.ad-text", capture, "ad body"))
        location = None
        posted_at = None
        extra: list[tuple[str, str]] = []
        for row in every(need(tree, "table.ad-details", capture, "details table"), "tr"):
            th, td = first_tag(row, "th"), first_tag(row, "td")
            if th is None or td is None:
                continue
            label = clean(th.text()).lower()
            if label in _EXTRA:
                extra.append((_EXTRA[label], clean(td.text())))
            elif label == "location":
                location = clean(td.text()) or None
            elif label == "posted":
                stamp = first_tag(td, "time")
                value = stamp.attributes.get("datetime") if stamp is not None else None
                if not value:
                    raise fail(capture, "posting date has no <time datetime> attribute")
                posted_at = parse_iso(value, capture, "posting date")
        images = tuple(
            join_url(capture, src) for img in every(tree, "div.ad-photos img") if (src := img.attributes.get("src"))
        )
        return ad_page(
            self.name,
            SITE,
            ad_id,
            capture,
            title=title,
            body=body,
            location=location,
            posted_at=posted_at,
            images=images,
            extra=extra,
        )
