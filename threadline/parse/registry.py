"""The parser: picks the adapter for each capture and turns it into a :class:`PageResult`.

Order: fields already known at import (JSONL/CSV) need no adapter; then the built-in code adapters,
then TOML selector adapters (packaged ones and the user's ``site_configs`` folder), then the fallback.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from threadline.capture.records import Capture
from threadline.config import Config
from threadline.parse.adapters import BUILTIN_ADAPTERS
from threadline.parse.base import Adapter
from threadline.parse.fallback import FallbackAdapter
from threadline.parse.generic import load_site_dir
from threadline.parse.records import PageKind, PageResult, ParsedAd
from threadline.parse.text import html_to_text, looks_like_html, normalise_text

PACKAGED_SITES = Path(__file__).parent / "sites"
_HOSTS_KEPT = 10_000


def from_fields(capture: Capture) -> PageResult:
    """An imported record whose fields are already known (JSONL / CSV import format)."""
    f = capture.fields
    assert f is not None
    body = html_to_text(f.body) if looks_like_html(f.body) else normalise_text(f.body)
    ad = ParsedAd(
        site=f.site,
        ad_id=f.ad_id,
        url=capture.url,
        title=normalise_text(f.title) if f.title else None,
        body=body,
        location=f.location,
        posted_at=f.posted_at,
        images=f.images,
        extra=f.extra,
        adapter="import",
    )
    return PageResult(PageKind.AD, ad=ad, site=f.site)


class Parser:
    """Holds the adapters; one instance per process, reused for every capture."""

    def __init__(self, adapters: Sequence[Adapter]) -> None:
        self.adapters = [*adapters, FallbackAdapter()]
        # The adapter of each host met: an archive holds a handful of hosts, met again and again
        # (a crawl of the open web can meet millions, hence the bound).
        self._by_host: dict[str, Adapter] = {}

    @classmethod
    def from_config(cls, config: Config) -> Parser:
        adapters: list[Adapter] = list(BUILTIN_ADAPTERS)
        if PACKAGED_SITES.is_dir():
            adapters.extend(load_site_dir(PACKAGED_SITES))
        if config.site_configs:
            adapters.extend(load_site_dir(Path(config.site_configs)))
        return cls(adapters)

    def adapter_for(self, capture: Capture) -> Adapter:
        host = capture.host
        adapter = self._by_host.get(host)
        if adapter is None:
            if len(self._by_host) >= _HOSTS_KEPT:
                self._by_host.clear()
            adapter = self._by_host[host] = next(a for a in self.adapters if a.matches(host))
        return adapter

    def parse(self, capture: Capture) -> PageResult:
        """Parse one capture; raises ParseFailure when the chosen adapter cannot read it."""
        if capture.fields is not None:
            return from_fields(capture)
        return self.adapter_for(capture).parse(capture)
