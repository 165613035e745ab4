"""What a crawl did, per site and in all: the live progress display and the final report.

The same :class:`CrawlReport` feeds the live display (rich, refreshed twice a second), the
closing table and ``--json``, so what an analyst watched is what the report says.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from rich.table import Table

from threadline.store.records import BatchCounts


@dataclass(slots=True)
class SiteStats:
    pages: int = 0  # final answers received (redirect hops not counted)
    not_modified: int = 0  # 304 answers to conditional re-visits
    ads_found: int = 0  # ad URLs discovered
    deletions: int = 0  # ads seen gone (removal page, 404 or 410)
    errors: int = 0  # network errors, 5xx and 429 answers, size and time limits
    refused: int = 0  # URLs the SSRF guard refused
    robots_blocked: int = 0  # URLs robots.txt disallowed
    login: str = "-"  # "-" (no login), "ok", "failed"
    closed: str | None = None  # why the crawl of this site stopped early (e.g. seizure banner)


@dataclass(slots=True)
class CrawlReport:
    sites: dict[str, SiteStats]
    store: BatchCounts = field(default_factory=BatchCounts)
    warc_files: list[str] = field(default_factory=list)
    recovered: int = 0  # captures of a crashed run's WARC tail ingested on resume
    seconds: float = 0.0
    stopped: str = ""
    robots: dict[str, bool] = field(default_factory=dict)  # site -> obeyed

    @property
    def pages(self) -> int:
        return sum(s.pages for s in self.sites.values())

    @property
    def rate(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "pages_per_second": round(self.rate, 1),
            "seconds": round(self.seconds, 2),
            "stopped": self.stopped,
            "recovered": self.recovered,
            "store": self.store.as_dict(),
            "warc_files": self.warc_files,
            "robots_obeyed": self.robots,
            "sites": {name: dataclasses.asdict(s) for name, s in self.sites.items()},
        }

    def table(self) -> Table:
        t = Table(title=f"crawl: {self.pages:,} pages, {self.rate:,.1f}/s, {self.seconds:,.0f}s", title_justify="left")
        for col in ("site", "pages", "304", "ads found", "deleted", "errors", "refused", "robots", "login", "closed"):
            t.add_column(col, justify="left" if col in ("site", "login", "closed") else "right")
        for name, s in self.sites.items():
            t.add_row(
                name,
                f"{s.pages:,}",
                f"{s.not_modified:,}",
                f"{s.ads_found:,}",
                f"{s.deletions:,}",
                f"{s.errors:,}",
                f"{s.refused:,}",
                f"{s.robots_blocked:,}",
                s.login,
                s.closed or "",
            )
        c = self.store
        t.caption = (
            f"store: {c.captures_new:,} new captures, {c.ads_new:,} new ads, {c.versions_new:,} new versions, "
            f"{c.removed:,} removals, {c.parse_failures:,} parse failures; {len(self.warc_files)} WARC file(s)"
        )
        return t
