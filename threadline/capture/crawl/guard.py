"""SSRF guard: the crawler connects only to public addresses, or to networks the config allows.

Ad pages are hostile input: a link (or a redirect, or a DNS answer) pointing at 127.0.0.1, the
cloud metadata service or the office LAN must not make the analyst's machine fetch it. Two layers:

* :meth:`Guard.check_url` refuses before any I/O: non-HTTP schemes, missing hosts, and hosts that
  are IP literals in any spelling the C resolver would accept (``2130706433``, ``0177.0.0.1``,
  ``0x7f.1``, ``127.1``, ``[::ffff:127.0.0.1]``) when the address is not allowed.
* :class:`GuardedBackend` is the network layer under httpx: every TCP connection, including those
  made for redirects and keep-alive replacements, resolves the host itself, refuses if *any* answer
  is not allowed (no DNS-rebinding window), and connects to the address it checked.

An address is allowed when it is globally routable (``ipaddress``'s ``is_global``; IPv4-mapped IPv6
is judged as its IPv4 address) or inside a network of the config's ``allow_networks``. Through a
proxy the proxy resolves names (a Tor client must, for onion services), so only IP-literal targets
can be checked; the proxy's own address is checked like any other.
"""

from __future__ import annotations

import asyncio
import fnmatch
import ipaddress
import socket
import typing
from collections.abc import Awaitable, Callable, Iterable, Mapping
from urllib.parse import urlsplit

import httpcore

from threadline.errors import RefusedAddress

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Awaitable[list[str]]]
SCHEMES = frozenset({"http", "https"})
MAX_URL = 2000
_SOCKET_OPTION = typing.Any  # httpcore's SOCKET_OPTION union, passed through untouched


def ip_literal(host: str) -> IPAddress | None:
    """The address ``host`` names literally, in any inet_aton spelling, or None for a name."""
    text = host.strip("[]").rstrip(".")
    try:
        return ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        pass
    parts = text.split(".")
    if not 1 <= len(parts) <= 4 or not all(parts):
        return None
    values = []
    for part in parts:
        try:
            if part.lower().startswith("0x"):
                values.append(int(part[2:] or "0", 16))
            elif len(part) > 1 and part.startswith("0"):
                values.append(int(part, 8))
            else:
                values.append(int(part, 10) if part.isdigit() else -1)
        except ValueError:
            return None
    if any(v < 0 for v in values):
        return None
    # a.b.c.d, a.b.c (c fills 16 bits), a.b (b fills 24), a (32 bits): inet_aton's rules.
    *head, last = values
    if any(v > 255 for v in head) or last >= 1 << (8 * (5 - len(values))):
        return None
    number = 0
    for v in head:
        number = number << 8 | v
    number = number << (8 * (5 - len(values))) | last
    return ipaddress.IPv4Address(number)


async def system_resolver(host: str, port: int) -> list[str]:
    """Addresses of ``host`` from the operating system's resolver."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise httpcore.ConnectError(f"cannot resolve {host}: {exc.strerror}") from None
    return [str(info[4][0]) for info in infos]


def static_resolver(table: Mapping[str, str], fallback: Resolver = system_resolver) -> Resolver:
    """Names of ``table`` (``*.example`` patterns allowed) answer its address; others ``fallback``."""

    async def resolve(host: str, port: int) -> list[str]:
        name = host.lower().rstrip(".")
        for pattern, address in table.items():
            if name == pattern or fnmatch.fnmatchcase(name, pattern):
                return [address]
        return await fallback(host, port)

    return resolve


class Guard:
    """The address policy and the URL check."""

    def __init__(self, allow: Iterable[str] = ()) -> None:
        self.allow: tuple[IPNetwork, ...] = tuple(ipaddress.ip_network(n, strict=False) for n in allow)

    def allowed(self, address: IPAddress) -> bool:
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if any(address in net for net in self.allow):
            return True
        return address.is_global and not address.is_multicast

    def check_address(self, text: str, what: str) -> IPAddress:
        address = ipaddress.ip_address(text.split("%", 1)[0])
        if not self.allowed(address):
            raise RefusedAddress(f"{what} resolves to {address}, a non-public address the config does not allow")
        return address

    def check_url(self, url: str) -> None:
        """Raise RefusedAddress unless ``url`` may be fetched (as far as can be told without DNS)."""
        if len(url) > MAX_URL:
            raise RefusedAddress(f"URL longer than {MAX_URL} characters")
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").rstrip(".")
            _ = parts.port
        except ValueError as exc:
            raise RefusedAddress(f"malformed URL {url!r}: {exc}") from None
        if parts.scheme.lower() not in SCHEMES:
            raise RefusedAddress(f"scheme {parts.scheme or '(none)'!r} is not http or https: {url!r}")
        if not host:
            raise RefusedAddress(f"URL without a host: {url!r}")
        if host == "localhost" or host.endswith(".localhost"):
            raise RefusedAddress(f"{host} is the local machine")
        literal = ip_literal(host)
        if literal is not None and not self.allowed(literal):
            raise RefusedAddress(f"{host} is the non-public address {literal}, which the config does not allow")


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend with every connection resolved, checked and pinned by the guard."""

    def __init__(self, guard: Guard, resolver: Resolver, inner: httpcore.AsyncNetworkBackend | None = None):
        self.guard = guard
        self.resolver = resolver
        self.inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[_SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        literal = ip_literal(host)
        answers = [str(literal)] if literal is not None else await self.resolver(host, port)
        if not answers:
            raise httpcore.ConnectError(f"no address for {host}")
        checked = [self.guard.check_address(a, host) for a in answers]  # every answer, not just the first
        return await self.inner.connect_tcp(str(checked[0]), port, timeout, local_address, socket_options)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[_SOCKET_OPTION] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise RefusedAddress("unix sockets are never crawled")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)
