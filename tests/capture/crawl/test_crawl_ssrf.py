"""SSRF guard: hostile targets are refused before any connection; a loopback listener the config
does not allow is never connected to, whatever spelling, DNS answer or redirect leads there."""

from __future__ import annotations

import asyncio
import socket

import pytest

from threadline.capture.crawl.fetch import Fetcher, HostGate, Limits, guarded_transport
from threadline.capture.crawl.guard import Guard, ip_literal, static_resolver
from threadline.errors import RefusedAddress

HOSTILE = [
    "http://127.0.0.1/",
    "http://127.1/",
    "http://127.0.1/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0x7f.0.0.1/",
    "http://0177.0.0.1/",
    "http://0177.0000.0000.0001/",
    "http://017700000001/",
    "http://127.000.000.001/",
    "http://0/",
    "http://0.0.0.0/",
    "http://[::1]/",
    "http://[::]/",
    "http://[0:0:0:0:0:0:0:1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::ffff:10.0.0.1]/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[fd12:3456::1]/",
    "http://10.0.0.1/",
    "http://10.255.255.255/",
    "http://172.16.0.1/",
    "http://172.31.255.254/",
    "http://192.168.0.1/",
    "http://192.168.1.1:8080/admin",
    "http://169.254.169.254/latest/meta-data/",
    "http://169.254.0.1/",
    "http://100.64.0.1/",
    "http://192.0.0.1/",
    "http://198.18.0.1/",
    "http://224.0.0.1/",
    "http://240.0.0.1/",
    "http://255.255.255.255/",
    "http://localhost/",
    "http://LOCALHOST./",
    "http://db.localhost/",
    "http://user:pass@127.0.0.1/",
    "http://127.0.0.1.:80/",
    "https://10.1.2.3/",
    "file:///etc/passwd",
    "gopher://127.0.0.1:70/",
    "ftp://example.com/",
    "dict://127.0.0.1:11211/",
    "javascript:alert(1)",
    "data:text/html,hi",
    "ldap://10.0.0.1/",
    "http:///nohost",
    "http://[::1/",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_urls_are_refused(url: str) -> None:
    with pytest.raises(RefusedAddress):
        Guard().check_url(url)


def test_public_urls_pass_and_allowed_networks_open_loopback() -> None:
    Guard().check_url("https://example.com/ad/1")
    Guard().check_url("http://93.184.216.34/")
    Guard(["127.0.0.1/32"]).check_url("http://127.0.0.1:8080/")
    with pytest.raises(RefusedAddress):
        Guard(["127.0.0.1/32"]).check_url("http://127.0.0.2/")


@pytest.mark.parametrize(
    ("spelling", "address"),
    [("2130706433", "127.0.0.1"), ("0x7f.1", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"), ("10.1", "10.0.0.1")],
)
def test_odd_ipv4_spellings_read_like_inet_aton(spelling: str, address: str) -> None:
    assert str(ip_literal(spelling)) == address
    assert socket.inet_ntoa(socket.inet_aton(spelling)) == address


class _Listener:
    """A loopback server counting connections; answers a redirect (to ``location``) if given."""

    def __init__(self, host: str, location: str | None = None) -> None:
        self.host, self.location, self.connections, self.port = host, location, 0, 0

    async def start(self) -> asyncio.Server:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            self.connections += 1
            await reader.readuntil(b"\r\n\r\n")
            head = f"HTTP/1.1 302 Found\r\nLocation: {self.location}\r\n" if self.location else "HTTP/1.1 200 OK\r\n"
            writer.write((head + "Content-Length: 0\r\nConnection: close\r\n\r\n").encode())
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(handle, self.host, 0)
        self.port = server.sockets[0].getsockname()[1]
        return server


def test_a_loopback_listener_not_allowed_receives_no_connection() -> None:
    async def scenario() -> tuple[int, int, list[str]]:
        secret = _Listener("127.0.0.1")
        secret_server = await secret.start()
        p = secret.port
        # An allowed server (127.0.0.2, which the config allows) that redirects to the secret one.
        bouncer = _Listener("127.0.0.2", f"http://127.0.0.1:{p}/")
        bouncer_server = await bouncer.start()
        guard = Guard(["127.0.0.2/32"])
        resolver = static_resolver({"rebind.example": "127.0.0.1", "bounce.example": "127.0.0.2"})
        transport = guarded_transport(guard, resolver, None, 4)
        fetcher = Fetcher(guard, transport, HostGate(0, 1), Limits(1 << 20, 5, 3, "test"))
        targets = [
            f"http://127.0.0.1:{p}/",
            f"http://2130706433:{p}/",
            f"http://0x7f.1:{p}/",
            f"http://0177.0.0.1:{p}/",
        ]
        targets += [f"http://localhost:{p}/", f"http://[::ffff:127.0.0.1]:{p}/", f"http://rebind.example:{p}/"]
        targets += [f"http://bounce.example:{bouncer.port}/", f"http://127.0.0.2:{bouncer.port}/"]
        refused = []
        for url in targets:
            try:
                await fetcher.fetch(url)
            except RefusedAddress:
                refused.append(url)
        await fetcher.close()
        for s in (secret_server, bouncer_server):
            s.close()
        return secret.connections, bouncer.connections, refused

    secret_hits, bounced, refused = asyncio.run(scenario())
    assert secret_hits == 0
    assert bounced == 2  # the allowed server was reached, its redirect to the secret one refused
    assert len(refused) == 9
