"""Fetching: one httpx client per site behind the SSRF guard, per-host pacing and back-off, limits.

Engine: httpx's async client. A crawl of ad sites is many slow hosts with small pages, where one
event loop with a few connections per host is enough, and httpx lets the guard sit in the network
layer (every connection, redirect and proxy hop goes through :class:`GuardedBackend`), speaks
HTTP and SOCKS proxies (a local Tor client for onion services), and hands over the body still
content-encoded (``aiter_raw``), which is what a WARC must keep. Redirects are followed here, one
hop at a time, so every hop is checked, paced and archived.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from threadline.capture.crawl.guard import Guard, GuardedBackend, Resolver
from threadline.capture.crawl.warcfile import Exchange
from threadline.errors import CrawlError, RefusedAddress

REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_HOP_HEADERS = frozenset({"transfer-encoding", "connection", "keep-alive"})
BACKOFF_BASE = 1.0


class Clock(Protocol):
    """The crawl's time: epoch seconds, and a pause in the same seconds.

    Every schedule of the crawl (re-visits, listing rounds, pacing, back-off, robots.txt refresh)
    reads and waits on one clock, so a caller that simulates time (the simulated web runs days in
    seconds) can pass a clock it steps itself and the crawl keeps the same schedule in its seconds,
    however fast or loaded the machine is. Network time-outs are real time, never this clock.
    """

    def time(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock: wall-clock epoch seconds and asyncio's sleep."""

    def time(self) -> float:
        return time.time()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


@dataclass(slots=True)
class _HostState:
    next_at: float = 0.0
    failures: int = 0


@dataclass(slots=True)
class HostGate:
    """Per-host pacing: at most ``rate`` requests a second, and pauses after errors."""

    rate: float
    backoff_max: float
    clock: Clock = field(default_factory=SystemClock)
    hosts: dict[str, _HostState] = field(default_factory=dict)

    async def wait(self, host: str) -> None:
        state = self.hosts.setdefault(host, _HostState())
        # Looked at again after every nap: an error answered meanwhile (a 429 to a request already
        # under way) may have pushed the host's next slot later than when this nap began.
        while (now := self.clock.time()) < state.next_at:
            await self.clock.sleep(state.next_at - now)
        state.next_at = now + (1.0 / self.rate if self.rate > 0 else 0.0)  # the slot is ours

    def failed(self, host: str, retry_after: float | None) -> float:
        """Note a failure; returns the pause before the host is asked again."""
        state = self.hosts.setdefault(host, _HostState())
        state.failures += 1
        pause = min(self.backoff_max, retry_after if retry_after is not None else BACKOFF_BASE * 2**state.failures)
        state.next_at = max(state.next_at, self.clock.time() + pause)
        return pause

    def succeeded(self, host: str) -> None:
        self.hosts.setdefault(host, _HostState()).failures = 0


def retry_after(value: str | None) -> float | None:
    """Seconds of a Retry-After header (delta seconds or an HTTP date), or None."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def guarded_transport(
    guard: Guard, resolver: Resolver, proxy: str | None, connections: int
) -> httpx.AsyncHTTPTransport:
    """httpx's transport with its connection pool rebuilt on the guarded network backend."""
    transport = httpx.AsyncHTTPTransport(retries=0)
    backend = GuardedBackend(guard, resolver)
    context = ssl.create_default_context()
    pool: httpcore.AsyncConnectionPool
    if proxy is None:
        pool = httpcore.AsyncConnectionPool(ssl_context=context, max_connections=connections, network_backend=backend)
    elif proxy.startswith(("socks5://", "socks5h://")):
        pool = httpcore.AsyncSOCKSProxy(
            proxy_url=proxy.replace("socks5h://", "socks5://"),
            ssl_context=context,
            max_connections=connections,
            network_backend=backend,
        )
    elif proxy.startswith(("http://", "https://")):
        pool = httpcore.AsyncHTTPProxy(
            proxy_url=proxy, ssl_context=context, max_connections=connections, network_backend=backend
        )
    else:
        raise CrawlError(f"proxy {proxy!r} is not http://, https:// or socks5://")
    transport._pool = pool  # httpx builds its own pool without a backend parameter; ours checks every connection
    return transport


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int
    timeout: float
    max_redirects: int
    user_agent: str


class Fetcher:
    """GETs (and the login POST) for one site: guarded, paced, size- and time-limited."""

    def __init__(self, guard: Guard, transport: httpx.AsyncHTTPTransport, gate: HostGate, limits: Limits) -> None:
        self.guard = guard
        self.gate = gate
        self.limits = limits
        self.client = httpx.AsyncClient(
            transport=transport,
            headers={"User-Agent": limits.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(limits.timeout),
            follow_redirects=False,
        )

    async def close(self) -> None:
        await self.client.aclose()

    async def fetch(
        self, url: str, headers: dict[str, str] | None = None, form: dict[str, str] | None = None
    ) -> list[Exchange]:
        """The exchanges of one fetch: redirect hops first, the final answer last.

        Raises RefusedAddress (guard) or CrawlError (network, limits); pacing and back-off are applied.
        """
        exchanges: list[Exchange] = []
        method = "POST" if form is not None else "GET"
        for _ in range(self.limits.max_redirects + 1):
            self.guard.check_url(url)
            host = urlsplit(url).netloc.lower()
            await self.gate.wait(host)
            try:
                async with asyncio.timeout(self.limits.timeout):
                    exchange = await self._one(method, url, headers or {}, form)
            except RefusedAddress:
                raise
            except (httpx.HTTPError, httpcore.NetworkError, OSError, TimeoutError) as exc:
                pause = self.gate.failed(host, None)
                raise CrawlError(f"{url}: {type(exc).__name__} {exc} (host paused {pause:.1f}s)") from None
            exchanges.append(exchange)
            if exchange.status in RETRY_STATUSES:
                self.gate.failed(host, retry_after(exchange.header("retry-after")))
                return exchanges
            self.gate.succeeded(host)
            location = exchange.header("location")
            if exchange.status not in REDIRECTS or not location:
                return exchanges
            url = urljoin(url, location)
            if exchange.status == 303 or (exchange.status in (301, 302) and method == "POST"):
                method, form = "GET", None
            headers = {}
        raise CrawlError(f"{url}: more than {self.limits.max_redirects} redirects")

    async def _one(self, method: str, url: str, headers: dict[str, str], form: dict[str, str] | None) -> Exchange:
        request = self.client.build_request(method, url, headers=headers, data=form)
        when = datetime.now(UTC)
        response = await self.client.send(request, stream=True)
        try:
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_raw():
                size += len(chunk)
                if size > self.limits.max_bytes:
                    raise CrawlError(f"{url}: response larger than {self.limits.max_bytes:,} bytes, abandoned")
                chunks.append(chunk)
        finally:
            await response.aclose()
        req_headers = tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw)
        # The body is kept as it came (content-encoded); chunked framing is already undone by h11.
        resp_headers = tuple(
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, v in response.headers.raw
            if k.decode("latin-1").lower() not in _HOP_HEADERS
        )
        target = request.url.raw_path.decode("ascii")
        return Exchange(
            url=url,
            when=when,
            request_line=f"{method} {target} HTTP/1.1",
            request_headers=req_headers,
            request_body=request.content if form is not None else b"",
            status_line=f"HTTP/1.1 {response.status_code} {response.reason_phrase or 'OK'}",
            status=response.status_code,
            headers=resp_headers,
            body=b"".join(chunks),
        )
