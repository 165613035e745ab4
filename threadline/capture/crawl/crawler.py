"""The crawl loop: workers per site take due URLs from the frontier, fetch, archive, ingest, decide.

Start: the state is loaded from the store, a crashed run's WARC tails are made whole and ingested
(:func:`warcfile.recover_tail`), start URLs and sitemaps are added. Then each site runs
``concurrency`` workers; a flusher writes the ingest batch (and the state after it) every second
or whenever it is full. A site whose pages show its ``closed_marker`` (a seizure banner) is closed:
its URLs leave the schedule, the time is recorded, and it is never asked again. The crawl stops
after ``duration`` seconds, when ``stop`` is set, or when every site is closed; a final flush
leaves nothing unsaved. Clock and resolver are parameters, so tests inject them rather than the
code knowing about tests: every due time, pause and back-off is read from and waited on the
``clock`` (:class:`~threadline.capture.crawl.fetch.Clock`), and a worker with nothing due waits on
it too, so a caller stepping a simulated clock sees each worker either working or asleep on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from threadline.capture.crawl import state
from threadline.capture.crawl.config import CrawlConfig, SiteConfig
from threadline.capture.crawl.fetch import (
    RETRY_STATUSES,
    Clock,
    Fetcher,
    HostGate,
    Limits,
    SystemClock,
    guarded_transport,
)
from threadline.capture.crawl.frontier import AD, GONE, LISTING, SITEMAP, START, Entry, Frontier
from threadline.capture.crawl.guard import Guard, Resolver, static_resolver, system_resolver
from threadline.capture.crawl.links import listing_links, sitemap_links
from threadline.capture.crawl.login import log_in, needs_login
from threadline.capture.crawl.report import CrawlReport, SiteStats
from threadline.capture.crawl.robots import Robots
from threadline.capture.crawl.sink import Sink
from threadline.capture.crawl.warcfile import Exchange, WarcFiles, recover_tail
from threadline.capture.records import Capture
from threadline.errors import CrawlError, RefusedAddress
from threadline.parse.records import PageKind
from threadline.parse.registry import Parser
from threadline.store.store import Store

log = logging.getLogger(__name__)
FLUSH_EVERY = 1.0
IDLE = 0.05  # longest nap of an idle worker: new URLs are found by the other workers
Progress = Callable[[CrawlReport], None]


@dataclass(slots=True)
class _Site:
    config: SiteConfig
    fetcher: Fetcher
    robots: Robots
    stats: SiteStats
    logged_in: bool = False


class Crawler:
    def __init__(
        self, cfg: CrawlConfig, store: Store, *, resolver: Resolver | None = None, clock: Clock | None = None
    ) -> None:
        self.cfg = cfg
        self.store = store
        self.time = clock or SystemClock()
        self.clock = self.time.time
        base = resolver or system_resolver
        self.resolver = static_resolver(dict(cfg.resolve), base) if cfg.resolve else base
        self.guard = Guard(cfg.allow_networks)
        s = cfg.settings
        self.limits = Limits(s.crawl_max_bytes, s.crawl_timeout, s.crawl_max_redirects, s.crawl_user_agent)
        self.frontier = Frontier()
        self.warc = WarcFiles(cfg.warc_dir, cfg.prefix, s.crawl_warc_bytes, s)
        self.report = CrawlReport({site.name: SiteStats() for site in cfg.sites})
        self.sites: dict[str, _Site] = {}
        self.sink = Sink(store, Parser.from_config(s), self.frontier, 0, s.crawl_batch)
        self.closed: dict[str, tuple[float, str]] = {}
        self._stop = asyncio.Event()
        self.workers: list[asyncio.Task[None]] = []  # running, so a caller can see who is busy
        self.last_error = ""

    def stop(self) -> None:
        self._stop.set()

    def _site(self, config: SiteConfig) -> _Site:
        gate = HostGate(config.rate, self.cfg.settings.crawl_backoff_max, self.time)
        transport = guarded_transport(self.guard, self.resolver, config.proxy, config.concurrency * 2)
        fetcher = Fetcher(self.guard, transport, gate, self.limits)
        stats = self.report.sites[config.name]
        self.report.robots[config.name] = config.obey_robots

        async def robots_fetch(url: str) -> list[Exchange]:
            exchanges = await fetcher.fetch(url)
            self._archive(exchanges)
            return exchanges

        return _Site(config, fetcher, Robots(self.limits.user_agent, robots_fetch, self.clock), stats)

    def _resume(self, sink: Sink) -> None:
        for entry in state.load_entries(self.store):
            self.frontier.load(entry)
        self.closed = state.closed_sites(self.store)
        for path, ingested in state.warcs(self.store):
            size, captures = recover_tail(self.cfg.warc_dir / path, ingested, self.cfg.settings)
            for capture in captures:
                sink.prepare(capture)
            self.report.recovered += len(captures)
            sink.covered(path, size)
        self.report.store.add(sink.flush())

    def _archive(self, exchanges: list[Exchange]) -> tuple[Capture | None, str]:
        """Write exchanges to the WARC and queue their captures; the final answer's capture and the
        kind of page the parser made of it (a 304 has no capture: its record is a revisit)."""
        last: tuple[Capture | None, str] = (None, "")
        for exchange in exchanges:
            path, new, captures = self.warc.write(exchange)
            if new:
                state.add_warc(self.store, path.name, self.clock())
                self.report.warc_files.append(str(path))
            last = (None, "")
            for capture in captures:
                last = (capture, self.sink.prepare(capture).kind)
            self.sink.covered(path.name, self.warc.size)
        return last

    async def run(self, duration: float | None = None, progress: Progress | None = None) -> CrawlReport:
        started = time.perf_counter()
        run_id = self.sink.run_id = self.store.start_run([f"crawl:{self.cfg.path}"])
        status = "failed"
        try:
            self._resume(self.sink)
            now = self.clock()
            for config in self.cfg.sites:
                if config.name in self.closed:
                    self.report.sites[config.name].closed = self.closed[config.name][1]
                    continue
                for url in config.start_urls:
                    self.frontier.add(url, config.name, START, now)
                for url in config.sitemaps:
                    self.frontier.add(url, config.name, SITEMAP, now)
                self.sites[config.name] = self._site(config)
            self.workers = [
                asyncio.create_task(self._worker(site))
                for site in self.sites.values()
                for _ in range(site.config.concurrency)
            ]
            self.report.stopped = await self._watch(started, duration, progress)
            self._stop.set()
            for task in self.workers:
                task.cancel()
            await asyncio.gather(*self.workers, return_exceptions=True)
            status = "finished"
        finally:
            self.report.store.add(self.sink.flush())
            self.warc.close()
            for site in self.sites.values():
                with contextlib.suppress(Exception):
                    await site.fetcher.close()
            self.report.seconds = time.perf_counter() - started
            self.store.finish_run(run_id, status, self.report.store.as_dict(), self.report.seconds)
        return self.report

    async def _watch(self, started: float, duration: float | None, progress: Progress | None) -> str:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), FLUSH_EVERY)
            self.report.store.add(self.sink.flush())
            self.report.seconds = time.perf_counter() - started
            if progress is not None:
                progress(self.report)
            if self._stop.is_set():
                return "stopped"
            if duration is not None and time.perf_counter() - started >= duration:
                return "duration reached"
            if all(name in self.closed for name in self.sites):
                return "every site closed"

    async def _worker(self, site: _Site) -> None:
        name = site.config.name
        while not self._stop.is_set() and name not in self.closed:
            now = self.clock()
            entry = self.frontier.pop_due(name, now)
            if entry is None:
                due = self.frontier.next_due(name)
                await self.time.sleep(IDLE if due is None else min(IDLE, max(0.005, due - now)))
                continue
            try:
                await self._visit(site, entry)
            except CrawlError as exc:
                site.stats.errors += 1
                entry.fails += 1
                self.frontier.schedule(entry, self.clock() + min(self._interval(site, entry), 2.0**entry.fails))
                self.last_error = str(exc)
            except Exception as exc:  # a bug or a hostile page must cost one URL, never the crawl
                log.exception("crawling %s failed", entry.url)
                site.stats.errors += 1
                entry.fails += 1
                self.frontier.schedule(entry, self.clock() + self._interval(site, entry))
                self.last_error = f"{type(exc).__name__}: {exc}"
            if self.sink.full:
                self.report.store.add(self.sink.flush())

    @staticmethod
    def _interval(site: _Site, entry: Entry) -> float:
        return site.config.revisit_interval if entry.kind == AD else site.config.listing_interval

    async def _visit(self, site: _Site, entry: Entry) -> None:
        config = site.config
        if config.obey_robots and not await site.robots.allowed(entry.url):
            site.stats.robots_blocked += 1
            self.frontier.finish(entry, "disallowed", self.clock())
            return
        for url in site.robots.sitemaps:
            self.frontier.add(url, config.name, SITEMAP, self.clock())
        headers: dict[str, str] = {}
        if entry.kind == AD and entry.etag:
            headers["If-None-Match"] = entry.etag
        if entry.kind == AD and entry.last_modified:
            headers["If-Modified-Since"] = entry.last_modified
        try:
            exchanges = await site.fetcher.fetch(entry.url, headers)
            if config.login is not None and needs_login(exchanges, config.login):
                site.logged_in = await log_in(site.fetcher, config.login)
                site.stats.login = "ok" if site.logged_in else "failed"
                exchanges = await site.fetcher.fetch(entry.url, headers)
        except RefusedAddress:
            site.stats.refused += 1
            self.frontier.finish(entry, "refused", self.clock())
            return
        capture, kind = self._archive(exchanges)
        self._decide(site, entry, exchanges[-1], capture, kind)

    def _decide(self, site: _Site, entry: Entry, final: Exchange, capture: Capture | None, kind: str) -> None:
        config, now = site.config, self.clock()
        entry.fetches += 1
        entry.last_fetched = now
        site.stats.pages += 1
        payload = capture.payload if capture is not None else b""
        if config.closed_marker and config.closed_marker.encode() in payload:
            self._close(site, now, f"closed marker seen at {final.url}")
            return
        if final.status in RETRY_STATUSES or final.status >= 500:
            site.stats.errors += 1
            self.frontier.schedule(entry, now + min(self._interval(site, entry), 2.0 ** min(entry.fails + 1, 10)))
            entry.fails += 1
            return
        entry.fails = 0
        if entry.kind == AD:
            if final.status == 304:
                site.stats.not_modified += 1
            elif kind == PageKind.REMOVED.value or final.status in (404, 410):
                site.stats.deletions += 1
                self.frontier.finish(entry, GONE, now)
                return
            elif final.status == 200:
                entry.etag = final.header("etag")
                entry.last_modified = final.header("last-modified")
            self.frontier.schedule(entry, now + config.revisit_interval)
            return
        if final.status in (404, 410) and entry.kind == LISTING:
            self.frontier.finish(entry, GONE, now)
            return
        if final.status == 200:
            found = (sitemap_links if entry.kind == SITEMAP else listing_links)(payload, final.url, config)
            for url in found.listings:
                self.frontier.add(url, config.name, LISTING, now)
            for url in found.sitemaps:
                self.frontier.add(url, config.name, SITEMAP, now)
            for url in found.ads:
                if self.frontier.add(url, config.name, AD, now) is not None:
                    site.stats.ads_found += 1
        self.frontier.schedule(entry, now + config.listing_interval)

    def _close(self, site: _Site, now: float, reason: str) -> None:
        name = site.config.name
        self.closed[name] = (now, reason)
        site.stats.closed = reason
        self.frontier.close_site(name, now)
        state.close_site(self.store, name, now, reason)
