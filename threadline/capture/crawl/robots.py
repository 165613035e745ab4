"""robots.txt: fetched once per host (and again daily), obeyed unless the site's config says not.

Honouring robots.txt is the default. ``obey_robots = false`` (in ``[crawl]`` or one ``[[site]]``)
exists for investigators acting under legal authority, and is recorded in the crawl report. As
RFC 9309 has it: a missing robots.txt (4xx) allows everything; a server error (5xx) or an
unreachable host disallows everything until it can be read.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from threadline.capture.crawl.fetch import REDIRECTS
from threadline.capture.crawl.warcfile import Exchange
from threadline.errors import CrawlError

REFRESH = 86_400.0
RETRY_UNREACHABLE = 60.0
Fetch = Callable[[str], Awaitable[list[Exchange]]]


@dataclass(slots=True)
class _Rules:
    parser: RobotFileParser | None  # None: everything disallowed for now
    until: float


class Robots:
    """The robots rules of every host one site's crawl meets."""

    def __init__(self, user_agent: str, fetch: Fetch, clock: Callable[[], float] = time.time) -> None:
        self.user_agent = user_agent
        self.fetch = fetch
        self.clock = clock
        self.rules: dict[str, _Rules] = {}
        self.sitemaps: list[str] = []

    async def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        rules = self.rules.get(origin)
        if rules is None or rules.until <= self.clock():
            rules = self.rules[origin] = await self._load(origin)
        return rules.parser is not None and rules.parser.can_fetch(self.user_agent, url)

    async def _load(self, origin: str) -> _Rules:
        now = self.clock()
        try:
            exchanges = await self.fetch(f"{origin}/robots.txt")
        except CrawlError:
            return _Rules(None, now + RETRY_UNREACHABLE)
        final = exchanges[-1]
        parser = RobotFileParser()
        if final.status >= 500:
            return _Rules(None, now + RETRY_UNREACHABLE)
        if final.status >= 400 or final.status in REDIRECTS:
            parser.parse([])  # no rules: everything allowed
        else:
            parser.parse(final.body.decode("utf-8", "replace").splitlines())
            self.sitemaps.extend(s for s in parser.site_maps() or () if s not in self.sitemaps)
        return _Rules(parser, now + REFRESH)
