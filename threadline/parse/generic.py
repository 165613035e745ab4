"""A site adapter configured by CSS selectors in a TOML file, so a user can add a site without code.

Example (``sites/nightowl.toml``)::

    name = "nightowl"
    hosts = ["nightowl.example"]
    ad_url = '^/ads/(?P<ad_id>\\d+)'          # regex on path+query; the ad_id group names the ad
    [selectors]
    title = "h1.title"
    body = "div.post-body"
    location = ".location"                     # optional
    posted_at = "time.posted@datetime"         # "@attr" reads an attribute instead of the text
    images = ".gallery img@src"                # every match
    removed = ".removed-notice"                # optional: a match means the ad was deleted
    [extra]                                    # optional labelled boxes kept with the version
    age = ".age-box"

A page whose URL matches ``ad_url`` but that has no ``title`` or ``body`` element is a
:class:`~threadline.errors.ParseFailure` naming the missing selector.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from threadline.capture.records import Capture
from threadline.errors import ConfigError, ParseFailure
from threadline.parse import select
from threadline.parse.records import PageKind, PageResult, ParsedAd
from threadline.parse.text import node_text, parse_html


@dataclass(frozen=True, slots=True)
class Selector:
    css: str
    attr: str | None

    @classmethod
    def parse(cls, spec: str) -> Selector:
        css, _, attr = spec.partition("@")
        return cls(css.strip(), attr.strip() or None)

    def first(self, tree: LexborHTMLParser) -> str | None:
        node = select.first(tree, self.css)
        if node is None:
            return None
        return (node.attributes.get(self.attr) or "").strip() if self.attr else node_text(node)

    def all(self, tree: LexborHTMLParser) -> tuple[str, ...]:
        nodes = select.every(tree, self.css)
        values = ((n.attributes.get(self.attr) or "").strip() if self.attr else node_text(n) for n in nodes)
        return tuple(v for v in values if v)


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


class SelectorAdapter:
    """An adapter built from one TOML site description."""

    def __init__(
        self,
        name: str,
        hosts: tuple[str, ...],
        ad_url: re.Pattern[str],
        selectors: dict[str, Selector],
        extra: dict[str, Selector],
    ) -> None:
        self.name = name
        self.hosts = hosts
        self.ad_url = ad_url
        self.selectors = selectors
        self.extra = extra

    @classmethod
    def from_toml(cls, path: Path) -> SelectorAdapter:
        try:
            doc = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"site adapter {path}: {exc}") from None
        try:
            name = str(doc["name"])
            hosts = tuple(str(h).lower() for h in doc["hosts"])
            pattern = re.compile(str(doc["ad_url"]))
            selectors = {k: Selector.parse(str(v)) for k, v in doc["selectors"].items()}
        except KeyError as exc:
            raise ConfigError(f"site adapter {path}: missing key {exc}") from None
        except re.error as exc:
            raise ConfigError(f"site adapter {path}: ad_url is not a valid regex: {exc}") from None
        if "ad_id" not in pattern.groupindex:
            raise ConfigError(f"site adapter {path}: ad_url needs a named group (?P<ad_id>...)")
        for required in ("title", "body"):
            if required not in selectors:
                raise ConfigError(f"site adapter {path}: [selectors] needs {required!r}")
        extra = {k: Selector.parse(str(v)) for k, v in doc.get("extra", {}).items()}
        return cls(name, hosts, pattern, selectors, extra)

    def matches(self, host: str) -> bool:
        return host in self.hosts

    def _ad_id(self, capture: Capture) -> str | None:
        parts = capture.parts
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        found = self.ad_url.search(target)
        return found.group("ad_id") if found else None

    def parse(self, capture: Capture) -> PageResult:
        ad_id = self._ad_id(capture)
        if ad_id is None:
            return PageResult(PageKind.OTHER, site=self.name, note="not an ad URL")
        if capture.http_status in (404, 410):
            return PageResult(PageKind.REMOVED, site=self.name, ad_id=ad_id, note=f"HTTP {capture.http_status}")
        tree = parse_html(capture.payload, capture.content_type)
        removed = self.selectors.get("removed")
        if removed is not None and select.first(tree, removed.css) is not None:
            return PageResult(PageKind.REMOVED, site=self.name, ad_id=ad_id, note="removal notice")
        title = self.selectors["title"].first(tree)
        body = self.selectors["body"].first(tree)
        for label, value in (("title", title), ("body", body)):
            if value is None:
                raise ParseFailure(f"{self.name}: no element matches {label} selector {self.selectors[label].css!r}")
        loc = self.selectors.get("location")
        posted = self.selectors.get("posted_at")
        images = self.selectors.get("images")
        extra = tuple((k, v) for k, sel in sorted(self.extra.items()) if (v := sel.first(tree)))
        ad = ParsedAd(
            site=self.name,
            ad_id=ad_id,
            url=capture.url,
            title=title,
            body=body or "",
            location=loc.first(tree) if loc else None,
            posted_at=parse_time(posted.first(tree)) if posted else None,
            images=images.all(tree) if images else (),
            extra=extra,
            adapter=f"toml:{self.name}",
        )
        return PageResult(PageKind.AD, ad=ad, site=self.name)


def load_site_dir(folder: Path) -> list[SelectorAdapter]:
    """Every ``*.toml`` adapter in a folder, in name order."""
    if not folder.is_dir():
        raise ConfigError(f"site adapter folder {folder} does not exist")
    return [SelectorAdapter.from_toml(p) for p in sorted(folder.glob("*.toml"))]
