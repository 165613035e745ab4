"""Shared helpers of the built-in site adapters: decoding, dates, failures.

Text extraction is :func:`threadline.parse.text.node_text`, the contract the simulator's truth file
is written against (``block_text`` here is that function).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from threadline.capture.records import Capture
from threadline.errors import ParseFailure
from threadline.parse import text
from threadline.parse.records import PageKind, PageResult, ParsedAd
from threadline.parse.select import first

# Photo links are mostly plain: a site-absolute path, or a full http(s) URL, made of word characters,
# "-", "~", and "/" or "." between them (so no "." or ".." segment, no "//", no query). For those
# urljoin's answer is known without its general machinery, which cost more than the HTML parse.
_PLAIN_PATH = re.compile(r"/[\w~-]+(?:[/.][\w~-]+)*", re.ASCII)
_PLAIN_URL = re.compile(r"https?://[\w.-]+/[\w~-]+(?:[/.][\w~-]+)*", re.ASCII)


def join_url(capture: Capture, ref: str) -> str:
    """``urljoin(capture.url, ref)``, the same string, with a fast path for plain links."""
    if _PLAIN_URL.fullmatch(ref):
        return ref
    base = capture.parts
    if base.netloc and base.scheme in ("http", "https") and _PLAIN_PATH.fullmatch(ref):
        return f"{base.scheme}://{base.netloc}{ref}"
    return urljoin(capture.url, ref)


def charset_of(capture: Capture) -> str:
    return text.charset_of(capture.content_type, capture.payload)


def parse_html(capture: Capture) -> LexborHTMLParser:
    return text.parse_html(capture.payload, capture.content_type)


def clean(text: str | None) -> str:
    """One line of text with whitespace runs collapsed."""
    return " ".join((text or "").split())


block_text = text.node_text


def fail(capture: Capture, reason: str) -> ParseFailure:
    return ParseFailure(reason, origin=capture.origin.describe())


def need(tree: LexborHTMLParser | LexborNode, selector: str, capture: Capture, what: str) -> LexborNode:
    """The first node matching ``selector``, or a ParseFailure naming what is missing."""
    node = first(tree, selector)
    if node is None:
        raise fail(capture, f"{what} not found (no element matches {selector!r}) on {capture.url}")
    return node


def first_tag(node: LexborNode, tag: str) -> LexborNode | None:
    """``first(node, tag)`` for a bare tag name (the node itself included, then its descendants in
    document order), by walking: compiling a selector costs more than the few nodes of a table row."""
    for found in node.traverse():
        if found.tag == tag:
            return found
    return None


def utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def parse_time(text: str, fmt: str, capture: Capture, what: str) -> datetime:
    try:
        return utc(datetime.strptime(text, fmt))
    except ValueError:
        raise fail(capture, f"{what} {text!r} does not match {fmt!r}") from None


def parse_iso(text: str, capture: Capture, what: str) -> datetime:
    try:
        return utc(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        raise fail(capture, f"{what} {text!r} is not an ISO-8601 time") from None


def is_gone(capture: Capture) -> bool:
    """HTTP 404/410 on an ad URL means the ad was removed."""
    return capture.http_status in (404, 410)


def gone(site: str, ad_id: str | None, capture: Capture) -> PageResult | None:
    """A removal result when an ad URL answers HTTP 404/410, else None."""
    if ad_id and is_gone(capture):
        return PageResult(PageKind.REMOVED, site=site, ad_id=ad_id, note=f"HTTP {capture.http_status}")
    return None


def ad_page(
    adapter: str,
    site: str,
    ad_id: str,
    capture: Capture,
    *,
    title: str,
    body: str,
    location: str | None,
    posted_at: datetime | None,
    images: Sequence[str],
    extra: Sequence[tuple[str, str]],
) -> PageResult:
    """The result of an ad page every adapter read: the fields it found, the capture's URL."""
    ad = ParsedAd(
        site=site,
        ad_id=ad_id,
        url=capture.url,
        title=title,
        body=body,
        location=location,
        posted_at=posted_at,
        images=tuple(images),
        extra=tuple(extra),
        adapter=adapter,
    )
    return PageResult(PageKind.AD, ad=ad, site=site, ad_id=ad_id)
