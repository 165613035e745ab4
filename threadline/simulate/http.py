"""HTTP/1.1 messages as the crawler received them, for the WARC ``response`` and ``request`` blocks,
and the gzip members both the WARC and the gzip-encoding site are made of.

Each site's server behaves its own way: citynights compresses bodies (``Content-Encoding: gzip``),
velvetboard streams them (``Transfer-Encoding: chunked``), the others send a plain
``Content-Length`` body. The WARC keeps these bytes as sent; readers must undo the encodings.
A :class:`Server` prebuilds the header lines that never change for a site, so one response costs
one format call. Deflate is ISA-L's (``isal``): several times cheaper than zlib's on pages of a few
kilobytes, whose cost is mostly per-call set-up. Its output is standard deflate, but its exact
bytes are not zlib's: the same seed gives the same bytes with the same ``isal`` build.
"""

from __future__ import annotations

import struct
from urllib.parse import urlsplit

from isal import isal_zlib

from threadline.simulate.clock import http_date
from threadline.simulate.sites import SiteSpec

REASONS = {200: "OK", 404: "Not Found", 410: "Gone"}
USER_AGENT = "Mozilla/5.0 (compatible; ThreadlineSim/0.1; +https://threadline.example/crawler)"
_CHUNK = 4096
_POWERED = {"citynights": "X-Powered-By: PHP/5.6.40\r\n", "anuncioslatinos": "X-Powered-By: PHP/5.4.45\r\n"}

# Deflate levels 0-9 on zlib's scale, as the API takes them, to ISA-L's four: 0 stores (no deflate
# at all, see stored_gzip), 1 (zlib's "best speed") is ISA-L's fastest level, 2-3 are ISA-L 1 (about
# zlib level 1's ratio), 4-6 ISA-L 2 and 7-9 its best, 3.
_ISAL_LEVEL = (0, 0, 1, 1, 2, 2, 2, 3, 3, 3)
_SERVER_LEVEL = 0  # ISA-L's fastest: the gzip-encoding site compresses like a busy server would
_GZIP_HEAD = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # no name, mtime 0, OS unknown
_STORED_MAX = 0xFFFF
_stored_block = struct.Struct("<BHH").pack
_gzip_tail = struct.Struct("<II").pack
_crc32 = isal_zlib.crc32  # zlib.crc32's value, computed with carry-less multiplies: ten times faster


def stored_gzip(data: bytes) -> bytes:
    """A gzip member that stores ``data`` uncompressed: a few copies and a CRC, no deflate set-up."""
    n = len(data)
    if n <= _STORED_MAX:
        return b"".join((_GZIP_HEAD, _stored_block(1, n, n ^ 0xFFFF), data, _gzip_tail(_crc32(data), n)))
    parts = [_GZIP_HEAD]
    for i in range(0, n, _STORED_MAX):
        piece = data[i : i + _STORED_MAX]
        size = len(piece)
        parts += (_stored_block(1 if i + size >= n else 0, size, size ^ 0xFFFF), piece)
    parts.append(_gzip_tail(_crc32(data), n & 0xFFFFFFFF))
    return b"".join(parts)


def gzip_bytes(data: bytes, level: int = 1) -> bytes:
    """One deterministic gzip member (mtime 0). Level 0 stores; 1-9 deflate with ISA-L (see above)."""
    if level == 0:
        return stored_gzip(data)
    return isal_zlib.compress(data, _ISAL_LEVEL[level], 31)


def _chunked(body: bytes, first: int) -> bytes:
    # Servers flush the head of the page early, then the rest; sizes vary with the page.
    if len(body) <= first + _CHUNK:  # the usual page: two chunks at most
        rest = body[first:]
        if rest:
            return b"%x\r\n%b\r\n%x\r\n%b\r\n0\r\n\r\n" % (first, body[:first], len(rest), rest)
        return b"%x\r\n%b\r\n0\r\n\r\n" % (len(body), body) if body else b"0\r\n\r\n"
    parts = [body[:first]] + [body[i : i + _CHUNK] for i in range(first, len(body), _CHUNK)]
    out = [b"%x\r\n%b\r\n" % (len(p), p) for p in parts if p]
    out.append(b"0\r\n\r\n")
    return b"".join(out)


class Server:
    """How one site answers: its constant header lines, its body encoding."""

    __slots__ = ("_chunked", "_gzip", "_status", "_tail")

    def __init__(self, site: SiteSpec, content_type: str) -> None:
        self._gzip = site.transfer == "gzip"
        self._chunked = site.transfer == "chunked"
        tail = f"\r\nServer: {site.server}\r\nContent-Type: {content_type}\r\n{_POWERED.get(site.name, '')}"
        if self._gzip:
            tail += "Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n"
        elif self._chunked:
            tail += "Transfer-Encoding: chunked\r\n"
        self._tail = tail
        self._status = {s: f"HTTP/1.1 {s} {reason}\r\nDate: " for s, reason in REASONS.items()}

    def response(self, status: int, body: bytes, ts: int, token: str) -> tuple[bytes, bytes]:
        """The HTTP response head and its (still encoded) body, as the crawler stored them."""
        if self._chunked:
            body = _chunked(body, 512 + int(token[:3], 16) % 1024)
            length = ""
        else:
            if self._gzip:
                body = isal_zlib.compress(body, _SERVER_LEVEL, 31)
            length = f"Content-Length: {len(body)}\r\n"
        head = (
            f"{self._status[status]}{http_date(ts)}{self._tail}{length}"
            f"Set-Cookie: sid={token}; Path=/; HttpOnly\r\nConnection: close\r\n\r\n"
        )
        return head.encode("latin-1"), body


def request_block(url: str) -> bytes:
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return (
        f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nUser-Agent: {USER_AGENT}\r\n"
        "Accept: text/html,application/xhtml+xml\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n"
    ).encode("latin-1")
