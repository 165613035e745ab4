"""HTTP/1.1 messages as the crawler received them, for the WARC ``response`` and ``request`` blocks.

Each site's server behaves its own way: citynights compresses bodies (``Content-Encoding: gzip``),
velvetboard streams them (``Transfer-Encoding: chunked``), the others send a plain
``Content-Length`` body. The WARC keeps these bytes as sent; readers must undo the encodings.
"""

from __future__ import annotations

import zlib
from urllib.parse import urlsplit

from threadline.simulate.clock import http_date
from threadline.simulate.sites import SiteSpec

REASONS = {200: "OK", 404: "Not Found", 410: "Gone"}
USER_AGENT = "Mozilla/5.0 (compatible; ThreadlineSim/0.1; +https://threadline.example/crawler)"
_CHUNK = 4096
_POWERED = {"citynights": "X-Powered-By: PHP/5.6.40\r\n", "anuncioslatinos": "X-Powered-By: PHP/5.4.45\r\n"}


def gzip_bytes(data: bytes, level: int = 1) -> bytes:
    """Deterministic gzip (zlib writes mtime 0). Level 1: on pages of a few kilobytes it compresses
    nearly as well as level 6 at a fraction of the cost, and compression is most of the writing time."""
    c = zlib.compressobj(level, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


def _chunked(body: bytes, first: int) -> bytes:
    # Servers flush the head of the page early, then the rest; sizes vary with the page.
    parts = [body[:first]] + [body[i : i + _CHUNK] for i in range(first, len(body), _CHUNK)]
    out = [b"%x\r\n%b\r\n" % (len(p), p) for p in parts if p]
    out.append(b"0\r\n\r\n")
    return b"".join(out)


def response_block(
    site: SiteSpec, status: int, body: bytes, ts: int, content_type: str, token: str
) -> tuple[bytes, int]:
    """The HTTP response as bytes, and the offset where its (still encoded) body starts."""
    head = (
        f"HTTP/1.1 {status} {REASONS[status]}\r\nDate: {http_date(ts)}\r\nServer: {site.server}\r\n"
        f"Content-Type: {content_type}\r\n{_POWERED.get(site.name, '')}"
    )
    if site.transfer == "gzip":
        body = gzip_bytes(body)
        head += f"Content-Encoding: gzip\r\nVary: Accept-Encoding\r\nContent-Length: {len(body)}\r\n"
    elif site.transfer == "chunked":
        body = _chunked(body, 512 + int(token[:3], 16) % 1024)
        head += "Transfer-Encoding: chunked\r\n"
    else:
        head += f"Content-Length: {len(body)}\r\n"
    head += f"Set-Cookie: sid={token}; Path=/; HttpOnly\r\nConnection: close\r\n\r\n"
    raw = head.encode("latin-1")
    return raw + body, len(raw)


def request_block(url: str) -> bytes:
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return (
        f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nUser-Agent: {USER_AGENT}\r\n"
        "Accept: text/html,application/xhtml+xml\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n"
    ).encode("latin-1")
