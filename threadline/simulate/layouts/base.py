"""What every simulated site layout provides, and the pieces they share.

A layout knows its site's URL scheme and HTML. Pages are rendered in two steps for speed: once per
version, everything that only changes with the ad's content, already encoded
(:meth:`Layout.ad_template`, built around :meth:`Layout.content_html`); then once per capture the
page from that template and the :class:`Chrome` that changes from capture to capture (view
counter, related-ads sidebar, render timestamp, session token), see :meth:`Layout.ad_body`.
Sidebar items are rendered once per ad (:meth:`Layout.related_item`). Adapters must ignore the
chrome.
"""

from __future__ import annotations

import html
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from threadline.gazetteer import fold
from threadline.simulate.geo import Place
from threadline.simulate.model import Ad, Content
from threadline.simulate.sites import SiteSpec


class Chrome(NamedTuple):
    """Page furniture that differs between two captures of the same ad version."""

    views: int
    related: tuple[str, ...]  # sidebar items of other ads, from :meth:`Layout.related_item`
    rendered_at: int
    token: str


@dataclass(frozen=True, slots=True)
class Listed:
    """One row of a city listing page."""

    url: str
    title: str
    posted_at: int


_PHOTO_SETS = 1 << 14  # photo sets (and field blocks) a layout keeps rendered
_SLUG_WORD = re.compile("[0-9A-Za-z]+")  # exactly the characters with isascii() and isalnum()


def esc(text: str) -> str:
    # Most ad text needs no escaping; the membership tests are far cheaper than html.escape.
    if "&" in text or "<" in text or ">" in text:
        return html.escape(text, quote=False)
    return text


def attr(text: str) -> str:
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return html.escape(text, quote=True)
    return text


def slugify(text: str, words: int = 6) -> str:
    """URL slug of a title: ASCII letters and digits, hyphen-joined, at most ``words`` words."""
    # On ASCII text fold() is lower(): skip its per-character normalisation.
    found = _SLUG_WORD.findall(text.lower() if text.isascii() else fold(text))
    return "-".join(found[:words]) or "ad"


def scramble(serial: int, prime: int, multiplier: int) -> int:
    """A bijection on [0, prime): unique, non-sequential ad numbers from a shard-local serial."""
    if serial >= prime:
        raise ValueError(f"ad serial {serial} exceeds the id space {prime}")
    return serial * multiplier % prime


class Layout(ABC):
    """Base of the five site layouts; subclasses fill in URL scheme and markup."""

    site: SiteSpec
    boxes: frozenset[str] = frozenset()  # content boxes this layout displays
    categories: ClassVar[dict[str, str]] = {}  # internal category -> URL segment

    @abstractmethod
    def ad_id(self, serial: int) -> str:
        """The site's public id for the shard-local ad ``serial``."""

    @abstractmethod
    def ad_url(self, ad_id: str, place: Place, category: str, title: str, phone: str | None) -> str:
        """The ad's URL in the site's scheme (``phone`` is ten digits for slug schemes, or None)."""

    @abstractmethod
    def content_html(self, ad: Ad, content: Content) -> str:
        """The ad's own block of the page: what an adapter extracts."""

    @abstractmethod
    def ad_template(self, ad: Ad, content: Content) -> tuple[bytes, ...]:
        """The encoded parts of the ad page that only change when the ad's content changes."""

    @abstractmethod
    def ad_body(self, ad: Ad, template: tuple[bytes, ...], chrome: Chrome) -> bytes:
        """The encoded page of one capture: ``template`` filled in with this capture's chrome."""

    @abstractmethod
    def removed_page(self, ad: Ad) -> tuple[int, str]:
        """(HTTP status, page) the site answers for a deleted ad."""

    @abstractmethod
    def listing(self, place: Place, category: str, items: list[Listed], chrome: Chrome) -> tuple[str, str]:
        """(URL, page) of the city listing showing ``items``."""

    def __init__(self) -> None:
        self._photos: dict[tuple[str, ...], str] = {}
        self._boxes: dict[tuple[tuple[str, str], ...], str] = {}

    def render_boxes(self, boxes: tuple[tuple[str, str], ...]) -> str:
        """The block of structured fields (age, phone, ...) a site shows, for layouts that have one."""
        return ""

    def boxes_html(self, boxes: tuple[tuple[str, str], ...]) -> str:
        """:meth:`render_boxes`, kept per layout: a poster's ads show the same fields again and again."""
        cached = self._boxes.get(boxes)
        if cached is None:
            if len(self._boxes) >= _PHOTO_SETS:
                self._boxes.clear()
            cached = self._boxes[boxes] = self.render_boxes(boxes)
        return cached

    def photo_html(self, stem: str) -> str:
        """How one photo appears on this site's ad page."""
        return f'<img src="{attr(self.image_url(stem))}">'

    def photos_html(self, images: tuple[str, ...]) -> str:
        """The photos of a version. A person's photos recur in most of their ads: kept per layout."""
        cached = self._photos.get(images)
        if cached is None:
            if len(self._photos) >= _PHOTO_SETS:
                self._photos.clear()
            cached = self._photos[images] = "".join(map(self.photo_html, images))
        return cached

    def encode(self, page: str) -> bytes:
        return page.encode("utf-8")

    content_type = "text/html; charset=utf-8"

    def image_url(self, stem: str) -> str:
        return f"https://img.{self.site.domain}/{stem}.jpg"

    def related_item(self, url: str, title: str) -> str:
        """How another ad appears in this site's related-ads sidebar."""
        return f'<li><a href="{attr(url)}">{esc(title)}</a></li>'


def _escaped_text(content: Content) -> str | None:
    """The ad text escaped in one pass, or None if a line holds a newline of its own (then the
    newlines of the text are not all line breaks, and lines must be escaped one by one)."""
    lines = content.lines
    text = "\n".join(lines)
    return esc(text) if lines and text.count("\n") == len(lines) - 1 else None


def lines_as_paragraphs(content: Content) -> str:
    text = _escaped_text(content)
    if text is not None:
        return "<p>" + text.replace("\n", "</p>\n<p>") + "</p>\n"
    lines = content.lines
    return "<p>" + "</p>\n<p>".join(map(esc, lines)) + "</p>\n" if lines else ""


def lines_with_breaks(content: Content) -> str:
    """Old-style body: lines separated by ``<br>``, with a blank line between some of them."""
    text = _escaped_text(content)
    return text.replace("\n", "<br>\n") if text is not None else "<br>\n".join(map(esc, content.lines))


SEIZED_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>pagelist.example has been seized</title></head>
<body><div id="seizure-banner"><h1>THIS WEBSITE HAS BEEN SEIZED</h1>
<p>pagelist.example and affiliated websites have been seized as part of an enforcement action
by the agencies listed below.</p><ul class="agencies"><li>Agency One</li><li>Agency Two</li></ul>
<p class="case">Case reference SIM-2018-0406</p></div></body></html>
"""  # every pagelist URL answers this same page with HTTP 200 after the closure
