"""Adapter for pagelist.example (Backpage-like; seized on the closure date).

Ad pages: ``/{city}/{category}/{id}.html``. Title ``h1#postingTitle``, body ``div.postingBody``
(``<br>``-separated), date ``span.postDate`` ("Tuesday, February 6, 2018 9:22 PM UTC"), location
``ul.locations li`` ("Location: Anaheim, CA"), age box ``div.posterAge``, photos in
``ul#viewAdPhotoLayout``. Removed ads: HTTP 200 with ``div.posting.removed``. After the closure
every URL answers the seizure banner (``#seizure-banner``): OTHER, note "seized".
"""

from __future__ import annotations

import re

from threadline.capture.records import Capture
from threadline.parse.adapters._html import ad_page, block_text, clean, gone, need, parse_html, parse_time
from threadline.parse.records import PageKind, PageResult
from threadline.parse.select import every, first

SITE = "pagelist"
_AD_PATH = re.compile(r"^/[a-z0-9]+/[a-z]+/(\d+)\.html$")


class PagelistAdapter:
    name = SITE

    def matches(self, host: str) -> bool:
        return host == "pagelist.example"

    def parse(self, capture: Capture) -> PageResult:
        found = _AD_PATH.match(capture.parts.path)
        ad_id = found.group(1) if found else None
        if (removed := gone(SITE, ad_id, capture)) is not None:
            return removed
        tree = parse_html(capture)
        if first(tree, "#seizure-banner") is not None:
            return PageResult(PageKind.OTHER, site=SITE, note="seized")
        if ad_id is None:
            return PageResult(PageKind.OTHER, site=SITE, note="listing" if first(tree, ".listing") else "page")
        if first(tree, "div.posting.removed") is not None:
            return PageResult(PageKind.REMOVED, site=SITE, ad_id=ad_id, note="removal notice")
        title = clean(need(tree, "#postingTitle", capture, "ad title").text())
        body = block_text(need(tree, "div.postingBody", capture, "ad body"))
        posted = first(tree, "span.postDate")
        posted_at = (
            parse_time(clean(posted.text()), "%A, %B %d, %Y %I:%M %p UTC", capture, "posting date")
            if posted is not None
            else None
        )
        location = None
        loc = first(tree, "ul.locations li")
        if loc is not None:
            location = clean(loc.text()).removeprefix("Location:").strip() or None
        extra: list[tuple[str, str]] = []
        age = first(tree, "div.posterAge")
        if age is not None:
            extra.append(("age", clean(age.text()).removeprefix("Poster's age:").strip()))
        images = tuple(src for img in every(tree, "#viewAdPhotoLayout img") if (src := img.attributes.get("src")))
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
