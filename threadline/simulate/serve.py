"""``threadline simulate --serve``: the synthetic world as live websites on one loopback port.

One asyncio HTTP/1.1 server (keep-alive) routes by the ``Host`` header: ``pagelist.example:PORT``,
``img.pagelist.example:PORT``, ``lasvegas.swapmeet.example:PORT`` ... each answer as their site. A
crawler reaches them by resolving ``*.example`` to 127.0.0.1 (the crawl config's ``[resolve]``
table, like curl's ``--resolve``). One port keeps the set-up to one number and lets one process
serve sub-domains without a DNS server.

The simulated clock starts at ``start`` and runs ``speed`` simulated seconds per real second, so
new ads appear, edits go live, ads are deleted or expire, and pagelist is seized at its closure
while a crawler watches. Velvetboard is members-only: every page but ``/login`` and robots.txt
redirects to the login form until the user logs in with the credentials of ``THREADLINE_SIM_USER``
and ``THREADLINE_SIM_PASSWORD``. Every response is appended to ``served.jsonl`` (real and
simulated time, host, path, status, what it was, which ad and version): the truth of what was served
when. ``schedule.jsonl`` holds every ad's timeline.

Faults, to test a crawler's politeness: ``THREADLINE_SIM_FAULT_RATE`` (0 to 1, default 0) is the
share of page requests (robots.txt and the login form excepted) answered with an error instead,
half ``429 Too Many Requests`` with ``Retry-After: THREADLINE_SIM_RETRY_AFTER`` seconds (default 2),
half ``503 Service Unavailable`` without it (the client must back off on its own). They are drawn
from a generator seeded with the world's seed and logged as kind ``fault``.

The clock reads real time by default; ``serve_forever(clock=...)`` takes any source of seconds, so
a caller that steps time itself (a test driving crawler and web on one simulated clock) serves
exactly the simulated moment its crawler sees.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import os
import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import parse_qs, quote

from threadline.simulate.clock import http_date
from threadline.simulate.serve_http import Request, read_request, write_response
from threadline.simulate.serve_pages import DISALLOWED, LOGIN_SITE, SITEMAP_SITES, Page, Pages, rewrite, split_target
from threadline.simulate.serve_world import LiveWorld, generate_ads, site_domains
from threadline.simulate.sites import SITE_BY_NAME

SESSION_COOKIE = "vb_session"
DEFAULT_USER = "analyst"
DEFAULT_PASSWORD = "sim-password"  # a simulated members area, not a secret: tests and the README use it


@dataclass(frozen=True, slots=True)
class SimClock:
    """Simulated seconds: ``start`` at real (monotonic) time ``origin``, ``speed`` times faster."""

    start: int
    speed: float
    origin: float
    source: Callable[[], float] = time.monotonic  # seconds; any clock a caller steps itself

    def now(self) -> int:
        return self.start + int((self.source() - self.origin) * self.speed)


@dataclass(slots=True)
class Faults:
    """Which requests get an error instead of their page (``rate`` of them, seeded, reproducible)."""

    rate: float = 0.0
    retry_after: int = 2
    seed: int = 0
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def pick(self, path: str) -> Page | None:
        if self.rate <= 0 or path in ("/robots.txt", "/login") or self.rng.random() >= self.rate:
            return None
        if self.rng.random() < 0.5:
            body = b"<html><body>Too many requests</body></html>\n"
            return Page(429, body, headers=[("Retry-After", str(self.retry_after))], kind="fault")
        return Page(503, b"<html><body>Service unavailable</body></html>\n", kind="fault")


class SimWeb:
    """The request handler: routes a request to its site and page, and logs what it served."""

    def __init__(
        self,
        world: LiveWorld,
        clock: SimClock,
        port: int,
        log: IO[str] | None,
        credentials: tuple[str, str],
        faults: Faults | None = None,
    ):
        self.world = world
        self.pages = Pages(world)
        self.clock = clock
        self.port = port
        self.log = log
        self.credentials = credentials
        self.faults = faults or Faults()
        self.sessions: set[str] = set()
        self.domains = site_domains()
        self.served = 0

    def site_of(self, host: str) -> tuple[str, str] | None:
        name = host.rsplit(":", 1)[0].lower()
        for domain, site in self.domains.items():
            if name == domain or name.endswith("." + domain):
                return site, name
        return None

    def handle(self, req: Request) -> tuple[Page, str | None]:
        """The page for ``req`` and the site it was routed to (None: no simulated site has its host)."""
        t = self.clock.now()
        found = self.site_of(req.header("host") or "")
        if found is None:
            return Pages.missing(), None
        site, host = found
        page = self.faults.pick(split_target(req.target)[0]) or self._route(site, host, req, t)
        if page.kind != "image":
            page.body = rewrite(page.body, self.port)
        self.served += 1
        if self.log is not None:
            self.log.write(
                json.dumps(
                    {
                        "real": round(time.time(), 3),
                        "t": t,
                        "site": site,
                        "host": host,
                        "method": req.method,
                        "target": req.target,
                        "status": page.status,
                        "kind": page.kind,
                        "ad_id": page.ad_id,
                        "version": page.version,
                    }
                )
                + "\n"
            )
        return page, site

    def _route(self, site: str, host: str, req: Request, t: int) -> Page:
        path, query = split_target(req.target)
        spec = SITE_BY_NAME[site]
        if spec.closure is not None and t >= spec.closure:
            return Pages.seized()
        if path == "/robots.txt":
            return Pages.robots(site, host)
        if path.endswith(".jpg"):
            return Pages.image(path)
        if path.startswith(DISALLOWED):
            return Page(403, b"<html><body>Forbidden</body></html>\n", kind="forbidden")
        if site == LOGIN_SITE:
            if path == "/login":
                return self._login(req)
            if not self._signed_in(req):
                return Page(302, b"", headers=[("Location", f"/login?next={quote(req.target)}")], kind="redirect")
        if path == "/sitemap.xml" and site in SITEMAP_SITES:
            return self.pages.sitemap(site, t)
        if path == "/" and not query and host == spec.domain:
            return self.pages.front(site, spec.domain)
        live = self.world.by_target.get((host, req.target))
        if live is not None and t >= live.starts[0]:
            return self.pages.ad(live, t, secrets.token_hex(8), req.header("if-none-match"))
        listing = self.pages.listing(host, path, query, t, secrets.token_hex(8))
        return listing if listing is not None else Pages.missing()

    def _signed_in(self, req: Request) -> bool:
        for part in (req.header("cookie") or "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == SESSION_COOKIE and value in self.sessions:
                return True
        return False

    def _login(self, req: Request) -> Page:
        form = parse_qs(req.body.decode("utf-8", "replace")) if req.method == "POST" else {}
        nxt = (form.get("next") or parse_qs(split_target(req.target)[1]).get("next") or ["/"])[0]
        if not nxt.startswith("/"):
            nxt = "/"  # never an open redirect, even on a simulated site
        if req.method != "POST":
            return Pages.login_form(False, nxt)
        given = ((form.get("username") or [""])[0], (form.get("password") or [""])[0])
        if given != self.credentials:
            return Pages.login_form(True, nxt)
        token = secrets.token_hex(16)
        self.sessions.add(token)
        cookie = f"{SESSION_COOKIE}={token}; Path=/; HttpOnly"
        return Page(303, b"", headers=[("Location", nxt), ("Set-Cookie", cookie)], kind="login-ok")

    def respond(self, page: Page, site: str | None, req: Request) -> tuple[list[tuple[str, str]], bytes, bool]:
        """Headers and body as the site sends them (gzip for citynights, chunked for velvetboard)."""
        headers = [("Date", http_date(self.clock.now())), ("Content-Type", page.content_type), *page.headers]
        body = page.body
        spec = SITE_BY_NAME.get(site or "")
        chunked = False
        if spec is not None and page.status != 304 and body:
            server = spec.server
            headers.append(("Server", server))
            if spec.transfer == "gzip" and "gzip" in (req.header("accept-encoding") or ""):
                body = gzip.compress(body, 1, mtime=0)
                headers += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
            chunked = spec.transfer == "chunked"
        return headers, body, chunked


async def _connection(web: SimWeb, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            req = await read_request(reader)
            if req is None:
                break
            page, site = web.handle(req)
            headers, body, chunked = web.respond(page, site, req)
            keep = (req.header("connection") or "").lower() != "close"
            await write_response(writer, page.status, headers, body, chunked=chunked, keep_alive=keep)
            if not keep:
                break
    except (ConnectionError, asyncio.IncompleteReadError, ValueError):
        pass  # a client that hangs up or sends garbage ends its own connection only
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()


async def serve_forever(
    ads: int,
    seed: int,
    *,
    port: int,
    start: int,
    speed: float,
    out: Path | None,
    ready: asyncio.Future[int] | None = None,
    host: str = "127.0.0.1",
    clock: Callable[[], float] = time.monotonic,
    faults: Faults | None = None,
) -> None:
    """Serve the world until cancelled; ``ready`` receives the bound port (``port`` 0 picks one).

    ``clock`` is the source of real seconds the simulated time runs from (``speed`` times faster);
    ``faults`` default to the ``THREADLINE_SIM_FAULT_*`` environment (none when unset).
    """
    world = LiveWorld(generate_ads(ads, seed))
    log: IO[str] | None = None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        with (out / "schedule.jsonl").open("w", encoding="utf-8") as f:
            f.writelines(json.dumps(row) + "\n" for row in world.schedule())
        log = (out / "served.jsonl").open("a", encoding="utf-8", buffering=1)
    user = os.environ.get("THREADLINE_SIM_USER", DEFAULT_USER)
    password = os.environ.get("THREADLINE_SIM_PASSWORD", DEFAULT_PASSWORD)
    if faults is None:
        rate = float(os.environ.get("THREADLINE_SIM_FAULT_RATE", "0"))
        faults = Faults(rate, int(os.environ.get("THREADLINE_SIM_RETRY_AFTER", "2")), seed)
    web = SimWeb(world, SimClock(start, speed, clock(), clock), port, log, (user, password), faults)

    async def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _connection(web, reader, writer)

    server = await asyncio.start_server(connected, host, port, backlog=512)
    web.port = server.sockets[0].getsockname()[1]
    if out is not None:
        (out / "clock.json").write_text(
            json.dumps({"start": start, "speed": speed, "port": web.port, "started_real": time.time()}) + "\n"
        )
    if ready is not None:
        ready.set_result(web.port)
    try:
        async with server:
            await server.serve_forever()
    finally:
        if log is not None:
            log.close()
