"""Crawling through a proxy: real SOCKS5 and HTTP proxies on loopback carry the fetches, and the SSRF
guard still holds (the proxy's own address is checked, IP-literal targets are checked before any
connection; names are the proxy's to resolve, as a Tor client must for onion services)."""

from __future__ import annotations

import asyncio
import ipaddress
import struct
from dataclasses import dataclass, field

import pytest

from threadline.capture.crawl.fetch import Fetcher, HostGate, Limits, guarded_transport
from threadline.capture.crawl.guard import Guard, static_resolver
from threadline.errors import CrawlError, RefusedAddress

BODY = b"<html><body>appointment only</body></html>"


async def _relay(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


@dataclass
class Origin:
    """The site: answers every request with BODY and counts connections."""

    host: str = "127.0.0.2"
    port: int = 0
    connections: int = 0
    requests: list[bytes] = field(default_factory=list)

    async def start(self) -> asyncio.Server:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            self.connections += 1
            head = await reader.readuntil(b"\r\n\r\n")
            self.requests.append(head.split(b"\r\n", 1)[0])
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%b" % (len(BODY), BODY))
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(handle, self.host, 0)
        self.port = server.sockets[0].getsockname()[1]
        return server


@dataclass
class Socks5:
    """A SOCKS5 proxy (no authentication, CONNECT only) that resolves names from ``names``."""

    names: dict[str, str]
    port: int = 0
    asked: list[tuple[str, int]] = field(default_factory=list)  # (host as the client sent it, port)

    async def start(self) -> asyncio.Server:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            _, n = await reader.readexactly(2)
            await reader.readexactly(n)
            writer.write(b"\x05\x00")  # no authentication
            _, command, _, kind = await reader.readexactly(4)
            if kind == 1:
                host = str(ipaddress.IPv4Address(await reader.readexactly(4)))
            elif kind == 3:
                (length,) = await reader.readexactly(1)
                host = (await reader.readexactly(length)).decode()
            else:
                host = str(ipaddress.IPv6Address(await reader.readexactly(16)))
            (port,) = struct.unpack("!H", await reader.readexactly(2))
            self.asked.append((host, port))
            assert command == 1
            up_reader, up_writer = await asyncio.open_connection(self.names.get(host, host), port)
            writer.write(b"\x05\x00\x00\x01\x7f\x00\x00\x01" + struct.pack("!H", port))
            await writer.drain()
            await asyncio.gather(_relay(reader, up_writer), _relay(up_reader, writer))

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        return server


@dataclass
class HttpProxy:
    """A forwarding HTTP proxy for http:// URLs (absolute-form request lines)."""

    port: int = 0
    asked: list[str] = field(default_factory=list)  # request lines as received

    async def start(self) -> asyncio.Server:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            head = await reader.readuntil(b"\r\n\r\n")
            line, rest = head.split(b"\r\n", 1)
            method, target, version = line.decode().split(" ")
            self.asked.append(f"{method} {target}")
            hostport, _, path = target.removeprefix("http://").partition("/")
            host, _, port = hostport.partition(":")
            up_reader, up_writer = await asyncio.open_connection(host, int(port or 80))
            up_writer.write(f"{method} /{path} {version}\r\n".encode() + rest)
            await up_writer.drain()
            await _relay(up_reader, writer)
            up_writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        return server


def fetcher(guard: Guard, proxy: str) -> Fetcher:
    transport = guarded_transport(guard, static_resolver({}), proxy, 4)
    return Fetcher(guard, transport, HostGate(0, 1), Limits(1 << 20, 5, 3, "test"))


@pytest.mark.parametrize("scheme", ["socks5", "socks5h"])
def test_socks5_proxy_carries_fetches_and_resolves_names(scheme: str) -> None:
    async def scenario() -> tuple[list[bytes], Origin, Socks5]:
        origin = Origin()
        origin_server = await origin.start()
        socks = Socks5({"ads.example": origin.host})
        socks_server = await socks.start()
        f = fetcher(Guard(["127.0.0.0/8"]), f"{scheme}://127.0.0.1:{socks.port}")
        bodies = []
        for url in (f"http://{origin.host}:{origin.port}/ad/1", f"http://ads.example:{origin.port}/ad/2"):
            (exchange,) = await f.fetch(url)
            assert exchange.status == 200
            bodies.append(exchange.body)
        await f.close()
        origin_server.close()
        socks_server.close()
        return bodies, origin, socks

    bodies, origin, socks = asyncio.run(scenario())
    assert bodies == [BODY, BODY]
    assert socks.asked == [(origin.host, origin.port), ("ads.example", origin.port)]  # the name reached the proxy
    assert origin.connections == 2
    assert origin.requests == [b"GET /ad/1 HTTP/1.1", b"GET /ad/2 HTTP/1.1"]


def test_http_proxy_carries_fetches() -> None:
    async def scenario() -> tuple[bytes, Origin, HttpProxy]:
        origin = Origin()
        origin_server = await origin.start()
        proxy = HttpProxy()
        proxy_server = await proxy.start()
        f = fetcher(Guard(["127.0.0.0/8"]), f"http://127.0.0.1:{proxy.port}")
        (exchange,) = await f.fetch(f"http://{origin.host}:{origin.port}/ad/3")
        await f.close()
        origin_server.close()
        proxy_server.close()
        return exchange.body, origin, proxy

    body, origin, proxy = asyncio.run(scenario())
    assert body == BODY
    assert proxy.asked == [f"GET http://{origin.host}:{origin.port}/ad/3"]
    assert origin.requests == [b"GET /ad/3 HTTP/1.1"]


@pytest.mark.parametrize("kind", ["socks5", "http"])
def test_guard_holds_through_a_proxy(kind: str) -> None:
    """A proxy at an address the config does not allow gets no connection; an IP-literal target the
    config does not allow is refused before the proxy is asked."""

    async def scenario() -> tuple[int, int, int]:
        origin = Origin()
        origin_server = await origin.start()
        proxy: Socks5 | HttpProxy = Socks5({}) if kind == "socks5" else HttpProxy()
        proxy_server = await proxy.start()
        url = f"{kind}://127.0.0.1:{proxy.port}"
        refused = 0
        # 1. the proxy itself (127.0.0.1) is not allowed: only the origin's address is
        f = fetcher(Guard(["127.0.0.2/32"]), url)
        try:
            await f.fetch(f"http://{origin.host}:{origin.port}/")
        except RefusedAddress:
            refused += 1
        await f.close()
        # 2. the proxy is allowed, the IP-literal target (127.0.0.2) is not
        f = fetcher(Guard(["127.0.0.1/32"]), url)
        for target in (f"http://{origin.host}:{origin.port}/", "http://169.254.169.254/latest/meta-data/"):
            try:
                await f.fetch(target)
            except RefusedAddress:
                refused += 1
        await f.close()
        origin_server.close()
        proxy_server.close()
        return refused, len(proxy.asked), origin.connections

    refused, proxied, reached = asyncio.run(scenario())
    assert (refused, proxied, reached) == (3, 0, 0)


def test_an_unknown_proxy_scheme_is_a_clear_error() -> None:
    with pytest.raises(CrawlError, match="not http://, https:// or socks5://"):
        guarded_transport(Guard(), static_resolver({}), "ftp://127.0.0.1:21", 4)
