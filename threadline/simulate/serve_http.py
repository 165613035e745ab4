"""Minimal HTTP/1.1 framing for the simulated web: read one request, write one response.

The simulated web needs keep-alive, request bodies (the login form), chunked responses (velvetboard
streams its pages) and nothing else; a few dozen lines over asyncio streams do that with no
framework between the crawler and the bytes it is tested on, and serve a few thousand pages a second.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

MAX_HEAD = 16 * 1024
MAX_BODY = 64 * 1024
REASONS = {
    200: "OK",
    302: "Found",
    303: "See Other",
    304: "Not Modified",
    403: "Forbidden",
    404: "Not Found",
    410: "Gone",
    429: "Too Many Requests",
    503: "Service Unavailable",
}
_CHUNK = 4096


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    target: str
    headers: tuple[tuple[str, str], ...]  # names lower-cased
    body: bytes

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key == name:
                return value
        return None


async def read_request(reader: asyncio.StreamReader) -> Request | None:
    """The next request on a connection, or None when the client closed it between requests.

    Raises ValueError on a malformed or oversized head, IncompleteReadError on a cut-off body.
    """
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as exc:
        if not exc.partial:
            return None
        raise
    except asyncio.LimitOverrunError:
        raise ValueError("request head too large") from None
    if len(head) > MAX_HEAD:
        raise ValueError("request head too large")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _version = lines[0].split(" ", 2)
    headers = []
    for line in lines[1:]:
        if not line:
            continue
        name, _, value = line.partition(":")
        headers.append((name.strip().lower(), value.strip()))
    request = Request(method, target, tuple(headers), b"")
    length = int(request.header("content-length") or 0)
    if length > MAX_BODY:
        raise ValueError("request body too large")
    body = await reader.readexactly(length) if length else b""
    return Request(method, target, request.headers, body)


def _chunked(body: bytes) -> bytes:
    parts = [b"%x\r\n%b\r\n" % (len(body[i : i + _CHUNK]), body[i : i + _CHUNK]) for i in range(0, len(body), _CHUNK)]
    return b"".join(parts) + b"0\r\n\r\n"


async def write_response(
    writer: asyncio.StreamWriter,
    status: int,
    headers: list[tuple[str, str]],
    body: bytes,
    *,
    chunked: bool,
    keep_alive: bool,
) -> None:
    lines = [f"HTTP/1.1 {status} {REASONS.get(status, 'OK')}"]
    lines += [f"{k}: {v}" for k, v in headers]
    if status == 304:
        payload = b""
    elif chunked:
        lines.append("Transfer-Encoding: chunked")
        payload = _chunked(body)
    else:
        lines.append(f"Content-Length: {len(body)}")
        payload = body
    lines.append(f"Connection: {'keep-alive' if keep_alive else 'close'}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + payload)
    await writer.drain()
