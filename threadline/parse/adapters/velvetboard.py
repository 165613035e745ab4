"""Adapter for velvetboard.example (modern markup, phone in the URL slug, chunked responses).

Ad pages: ``/{city}/{phone}-{title-slug}-{id}`` with an eight-character base-36 id at the end.
Content is ``article.listing``: ``h1.listing__title``, ``span.listing__city``, facts
``ul.listing__facts li[data-k]`` (value in ``<b>``), paragraphs in ``section.listing__body``,
lazy-loaded photos (real URL in ``data-src``), posting time in ``footer.listing__meta time[datetime]``
(the "posted 3 days ago" text changes per capture and is ignored). Removed ads answer HTTP 404.
"""

from __future__ import annotations

import re

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
from threadline.parse.select import every, first

SITE = "velvetboard"
_AD_PATH = re.compile(r"^/[a-z0-9]+/(?:[^/]+-)?([0-9a-z]{8})$")


class VelvetboardAdapter:
    name = SITE

    def matches(self, host: str) -> bool:
        return host == "velvetboard.example"

    def parse(self, capture: Capture) -> PageResult:
        found = _AD_PATH.match(capture.parts.path)
        ad_id = found.group(1) if found else None
        if (removed := gone(SITE, ad_id, capture)) is not None:
            return removed
        if ad_id is None:
            return PageResult(PageKind.OTHER, site=SITE, note="listing")
        tree = parse_html(capture)
        article = need(tree, "article.listing", capture, "listing article")
        title = clean(need(article, "h1.listing__title", capture, "ad title").text())
        body = block_text(need(article, "section.listing__body", capture, "ad body"))
        city = first(article, "span.listing__city")
        extra: list[tuple[str, str]] = []
        for li in every(article, "ul.listing__facts li"):
            key = li.attributes.get("data-k")
            shown = first_tag(li, "b")
            if key and shown is not None:
                extra.append((key, clean(shown.text())))
        posted_at = None
        stamp = first(article, "footer.listing__meta time")
        if stamp is not None:
            value = stamp.attributes.get("datetime")
            if not value:
                raise fail(capture, "posting <time> has no datetime attribute")
            posted_at = parse_iso(value, capture, "posting date")
        images = []
        for img in every(article, "figure.listing__gallery img"):
            src = img.attributes.get("data-src") or img.attributes.get("src") or ""
            if src and not src.startswith("data:"):  # lazy-loading placeholders are not photos
                images.append(join_url(capture, src))
        location = clean(city.text()) or None if city is not None else None
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
