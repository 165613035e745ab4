"""Helpers of the crawler tests: the live simulated web (in a subprocess on the real clock, or in
the test's event loop on a stepped clock shared with the crawler), crawl files, truth files.

:class:`SteppedClock` makes a live crawl independent of the machine's speed: simulated time stands
still while any crawl worker has work in hand, and moves on (to the earliest wake-up anyone asked
for) only once every worker is asleep on the clock. A loaded machine makes the test slower, never
different: every listing round and re-visit happens at its simulated time.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from threadline.capture.crawl.config import load_crawl_config
from threadline.capture.crawl.crawler import Crawler
from threadline.capture.crawl.report import CrawlReport
from threadline.config import load_config
from threadline.simulate.clock import iso
from threadline.simulate.serve import Faults, serve_forever
from threadline.store.store import Store

STALL = 120.0  # real seconds a step may take before the test gives up (a hang, not a slow machine)

SITES = (  # name, CSS selector of ad links on its listings, sitemap
    ("pagelist", "div.cat a", False),
    ("citynights", "table.ad-list a", True),
    ("velvetboard", "li.card a", False),
    ("anuncioslatinos", "#lista a", True),
    ("swapmeet", "a.result-title", False),
)
USER, PASSWORD = "analyst", "sim-password"
CRAWL_ENV = {"VB_USER": USER, "VB_PASSWORD": PASSWORD}


@dataclass
class SimWeb:
    port: int
    out: Path
    proc: subprocess.Popen[bytes] | None = None

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)

    def served(self) -> list[dict[str, object]]:
        with (self.out / "served.jsonl").open(encoding="utf-8") as f:
            return [json.loads(line) for line in f]

    def schedule(self) -> list[dict[str, object]]:
        with (self.out / "schedule.jsonl").open(encoding="utf-8") as f:
            return [json.loads(line) for line in f]


def start_web(out: Path, *, ads: int, speed: float, start: int) -> SimWeb:
    """``threadline simulate --serve`` on a free loopback port; returns once it listens."""
    cmd = [sys.executable, "-m", "threadline", "simulate", "--serve", "--port", "0", "--ads", str(ads)]
    cmd += ["--seed", "7", "--speed", str(speed), "--start", iso(start), "--out", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = proc.stdout.readline().decode()
        if line.startswith("PORT "):
            return SimWeb(int(line.split()[1]), out, proc)
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise RuntimeError("the simulated web did not start")


def crawl_file(path: Path, port: int, *, listing: str = "2s", revisit: str = "1s", concurrency: int = 3) -> Path:
    parts = ['[crawl]\nwarc_dir = "warc"\nallow_networks = ["127.0.0.1/32"]\n\n[resolve]\n"*.example" = "127.0.0.1"\n']
    for name, ads, sitemap in SITES:
        parts.append(
            f'[[site]]\nname = "{name}"\nstart_urls = ["http://{name}.example:{port}/"]\n'
            f'follow = "a.city, a[rel=next]"\nads = "{ads}"\nlisting_interval = "{listing}"\n'
            f'revisit_interval = "{revisit}"\nrate = 0\nconcurrency = {concurrency}\n'
            'closed_marker = "THIS WEBSITE HAS BEEN SEIZED"\n'
        )
        if sitemap:
            parts.append(f'sitemaps = ["http://{name}.example:{port}/sitemap.xml"]\n')
        if name == "velvetboard":
            parts.append(
                f'[site.login]\nurl = "http://velvetboard.example:{port}/login"\n'
                'user_env = "VB_USER"\npassword_env = "VB_PASSWORD"\n'
            )
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def served_count(out: Path) -> int:
    """Responses the simulated web has logged so far (its log is line-buffered)."""
    try:
        with (out / "served.jsonl").open("rb") as f:
            return sum(1 for _ in f)
    except FileNotFoundError:
        return 0


class SteppedClock:
    """A virtual clock (epoch seconds) that tasks sleep on and a driver steps."""

    def __init__(self, start: float) -> None:
        self.now = start
        self._sleeping: dict[asyncio.Task[object], tuple[float, asyncio.Future[None]]] = {}
        self._changed: asyncio.Event | None = None

    def time(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        task = asyncio.current_task()
        assert task is not None
        woken: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._sleeping[task] = (self.now + max(0.0, seconds), woken)
        self._event().set()
        try:
            await woken
        finally:
            self._sleeping.pop(task, None)  # cancelled while asleep: no longer waiting

    def _event(self) -> asyncio.Event:
        if self._changed is None:
            self._changed = asyncio.Event()
        return self._changed

    async def _settled(self, workers: Callable[[], list[asyncio.Task[None]]], running: asyncio.Task[object]) -> None:
        """Until every live worker sleeps on this clock (or the crawl ended): all due work is done."""
        deadline = time.monotonic() + STALL
        while not running.done():
            live = [t for t in workers() if not t.done()]
            if live and all(t in self._sleeping for t in live):
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"the crawl did not settle at {self.now} in {STALL:.0f} s")
            self._event().clear()
            with contextlib.suppress(TimeoutError):  # a worker that ends sets nothing: look again soon
                await asyncio.wait_for(self._event().wait(), 0.05)

    async def run_until(
        self, end: float, workers: Callable[[], list[asyncio.Task[None]]], running: asyncio.Task[object]
    ) -> int:
        """Step to ``end``, letting the workers finish all that is due at each step; returns the steps."""
        steps = 0
        while not running.done():
            await self._settled(workers, running)
            if not self._sleeping:
                break
            wake = min(when for when, _ in self._sleeping.values())
            if wake > end:
                self.now = end
                break
            self.now = max(self.now, wake)
            for task, (when, woken) in list(self._sleeping.items()):
                if when <= self.now:
                    del self._sleeping[task]
                    woken.set_result(None)
            steps += 1
        return steps


async def stepped_crawl(
    store: Store,
    tmp_path: Path,
    *,
    speed: float,
    start: int,
    seconds: float,
    faults: Faults | None = None,
    ads: int = 3000,
    listing: str = "2s",
    revisit: str = "1s",
) -> tuple[SimWeb, CrawlReport]:
    """The simulated web and a crawl of it in this event loop, on one stepped clock, for ``seconds``
    of that clock (``speed`` simulated seconds each); returns the web's truth and the crawl report."""
    clock = SteppedClock(time.time())
    out = tmp_path / "web"
    ready: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    server = asyncio.create_task(
        serve_forever(
            ads, 7, port=0, start=start, speed=speed, out=out, ready=ready, clock=clock.time, faults=faults or Faults()
        )
    )
    try:
        port = await asyncio.wait_for(asyncio.shield(ready), STALL)
        settings = load_config({"db": "sqlite://"}, env={})
        crawl = crawl_file(tmp_path / "crawl.toml", port, listing=listing, revisit=revisit)
        cfg = load_crawl_config(crawl, settings, env=CRAWL_ENV)
        crawler = Crawler(cfg, store, clock=clock)
        running = asyncio.create_task(crawler.run())
        await clock.run_until(clock.now + seconds, lambda: crawler.workers, running)
        crawler.stop()
        report = await asyncio.wait_for(running, STALL)
    finally:
        server.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await server
    return SimWeb(port, out), report
