"""Adapter for swapmeet.example (general classifieds on city subdomains).

Ad pages: ``{city}.swapmeet.example/{category}/d/{title-slug}/{id}.html``. Title
``span#titletextonly``; price ``span.price`` and ``p.attrgroup`` spans ("condition: good") become
extra fields; location is the ``<small>`` after the title without its parentheses; the body is
``section#postingbody`` minus its print-only QR-code notice; the posting time is a local time with
an offset in ``time[datetime]``; photos are the ``#thumbs`` links. Removed postings: HTTP 200 with
``div.removed``.
"""

from __future__ import annotations

import re

from threadline.capture.records import Capture
from threadline.parse.adapters._html import (
    ad_page,
    block_text,
    clean,
    fail,
    gone,
    join_url,
    need,
    parse_html,
    parse_time,
)
from threadline.parse.records import PageKind, PageResult
from threadline.parse.select import every, first

SITE = "swapmeet"
_AD_PATH = re.compile(r"^/[a-z]{3}/d/[^/]+/(\d+)\.html$")


class SwapmeetAdapter:
    name = SITE

    def matches(self, host: str) -> bool:
        return host.endswith(".swapmeet.example")

    def parse(self, capture: Capture) -> PageResult:
        found = _AD_PATH.match(capture.parts.path)
        ad_id = found.group(1) if found else None
        if (removed := gone(SITE, ad_id, capture)) is not None:
            return removed
        if ad_id is None:
            return PageResult(PageKind.OTHER, site=SITE, note="listing")
        tree = parse_html(capture)
        if first(tree, "section.body div.removed") is not None:
            return PageResult(PageKind.REMOVED, site=SITE, ad_id=ad_id, note="removal notice")
        title = clean(need(tree, "#titletextonly", capture, "ad title").text())
        body_node = need(tree, "section#postingbody", capture, "ad body")
        for junk in every(body_node, ".print-qrcode-container"):
            junk.decompose()  # printed-page furniture inside the body element, not ad text
        body = block_text(body_node)
        extra: list[tuple[str, str]] = []
        price = first(tree, "span.postingtitletext span.price")
        if price is not None:
            extra.append(("price", clean(price.text())))
        for span in every(tree, "p.attrgroup span"):
            key, sep, shown = clean(span.text()).partition(":")
            if sep:
                extra.append((key.strip(), shown.strip()))
        small = first(tree, "span.postingtitletext small")
        location = clean(small.text()).strip("()").strip() or None if small is not None else None
        posted_at = None
        stamp = first(tree, "p.postinginfo time")
        if stamp is not None:
            value = stamp.attributes.get("datetime")
            if not value:
                raise fail(capture, "posting <time> has no datetime attribute")
            posted_at = parse_time(value, "%Y-%m-%dT%H:%M:%S%z", capture, "posting date")
        images = tuple(join_url(capture, href) for a in every(tree, "#thumbs a") if (href := a.attributes.get("href")))
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
