"""HTTP responses inside WARC records: status line and headers, and the body as parsers need it.

The evidence is the block exactly as archived; this module only works out what a parser reads: the
body with chunked transfer encoding removed and gzip/deflate (and brotli, when the ``brotli``
package is installed) content encoding undone. Every inflation is bounded by ``max_payload_bytes``,
so a compressed bomb is refused after producing at most that much, never inflated in full.
"""

from __future__ import annotations

import importlib
import logging
import zlib
from dataclasses import dataclass, field
from typing import Any

from threadline.capture.values import quote
from threadline.capture.warc_headers import split_fields
from threadline.errors import InvalidField, RecordTooLarge, UnsupportedRecord

log = logging.getLogger(__name__)

_PIECE = 65536  # compressed bytes fed per inflate call, so the output stays bounded per call

try:
    _brotli: Any = importlib.import_module("brotli")
except ImportError:
    _brotli = None


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """Status and headers of an archived HTTP response; the body starts at ``body_offset``."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body_offset: int
    _named: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def header(self, name: str) -> str | None:
        """First value of the header ``name`` (any case), or None."""
        if not self._named and self.headers:
            self._named.update((key.lower(), value) for key, value in reversed(self.headers))
        return self._named.get(name.lower())


def _text(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("latin-1")


def parse_response(block: bytes) -> HttpResponse:
    """Status line and headers of ``block``; InvalidField when it is not an HTTP response."""
    if not block.startswith(b"HTTP/"):
        raise InvalidField(f"the block is not an HTTP response: it starts with {quote(block[:24])}")
    end = block.find(b"\r\n\r\n")
    body = end + 4
    lf_end = block.find(b"\n\n", 0, end if end >= 0 else len(block))
    if lf_end >= 0:
        end, body = lf_end, lf_end + 2
    if end < 0:  # headers only, cut before the blank line: keep what is there
        end = body = len(block)
    head = _text(block[:end])
    nl = head.find("\n")
    status_line = head if nl < 0 else head[:nl].rstrip("\r")
    parts = status_line.split(None, 2)
    if len(parts) < 2 or len(parts[1]) != 3 or not (parts[1].isascii() and parts[1].isdigit()):
        raise InvalidField(f"HTTP status line {quote(status_line[:80])} has no three-digit status code")
    headers = split_fields(head[nl + 1 :] + "\n", strict=False) if nl >= 0 else []
    return HttpResponse(int(parts[1]), tuple(headers), body)


def dechunk(body: bytes) -> bytes | None:
    """Remove chunked transfer encoding. None when ``body`` does not start as a chunked stream.

    A stream cut short (a crawl that lost its connection) yields the chunks that arrived.
    """
    out: list[bytes] = []
    pos = 0
    while pos < len(body):
        eol = body.find(b"\n", pos, pos + 1024)
        if eol < 0:
            break
        try:
            size = int(body[pos:eol].split(b";", 1)[0].strip(), 16)
        except ValueError:
            size = -1
        if size < 0:
            if pos == 0:
                return None
            break
        if size == 0:
            return b"".join(out)
        start = eol + 1
        out.append(body[start : start + size])
        pos = start + size
        if body.startswith(b"\r\n", pos):
            pos += 2
        elif body.startswith(b"\n", pos):
            pos += 1
    return b"".join(out) if pos else None


def _inflate(data: bytes, wbits: int, limit: int, coding: str) -> bytes | None:
    """Inflate at most ``limit`` bytes; None when ``data`` is not in this coding at all."""
    d = zlib.decompressobj(wbits)
    out: list[bytes] = []
    size = 0
    for i in range(0, len(data), _PIECE):
        try:
            piece = d.decompress(data[i : i + _PIECE], limit + 1 - size)
        except zlib.error:
            if size == 0:
                return None
            break  # damaged or cut-off body: keep what inflated, as a browser would show it
        size += len(piece)
        out.append(piece)
        if size > limit:
            what = f"HTTP body (Content-Encoding {coding})"
            raise RecordTooLarge(f"{what} inflates past max_payload_bytes {limit}")
        if d.eof:
            break
    return b"".join(out)


def _unbrotli(data: bytes, limit: int) -> bytes | None:
    """Brotli-decode at most about ``limit`` bytes; None when ``data`` is not brotli at all."""
    if _brotli is None:
        raise UnsupportedRecord("Content-Encoding br needs the 'brotli' package (pip install brotli)")
    d = _brotli.Decompressor()
    out: list[bytes] = []
    size = 0
    pending = data
    while True:
        try:
            piece = _brotli_step(d, pending, limit + 1 - size)
        except _brotli.error:
            if size == 0:
                return None
            break  # damaged or cut-off body: keep what decoded
        pending = b""
        size += len(piece)
        out.append(piece)
        if size > limit:
            raise RecordTooLarge(f"HTTP body (Content-Encoding br) inflates past max_payload_bytes {limit}")
        if d.is_finished() or d.can_accept_more_data():
            break  # done, or the input ran out (a truncated body)
    return b"".join(out)


def _brotli_step(d: Any, data: bytes, room: int) -> bytes:
    # The bound is spelt output_buffer_limit in brotli 1.2 releases and max_output_length in later
    # sources; brotli older than 1.2 has neither and cannot decode within limits at all.
    for keyword in ("output_buffer_limit", "max_output_length"):
        try:
            piece: bytes = d.process(data, **{keyword: room})
            return piece
        except TypeError:
            continue
    raise UnsupportedRecord("Content-Encoding br needs brotli >= 1.2 to decode within limits")


def decode_body(resp: HttpResponse, block: bytes, limit: int) -> bytes:
    """The body a parser reads: de-chunked and decoded, at most ``limit`` bytes."""
    body = block[resp.body_offset :]
    te = resp.header("transfer-encoding")
    if te and "chunked" in te.lower():
        plain = dechunk(body)
        if plain is None:
            log.debug("body declared chunked but is not; the writer already removed the chunking")
        else:
            body = plain
    ce = resp.header("content-encoding")
    codings = [c.strip().lower() for c in ce.split(",")] if ce else []
    for coding in reversed(codings):
        if coding in ("", "identity"):
            continue
        if coding in ("gzip", "x-gzip"):
            decoded = _inflate(body, 47, limit, coding)  # 47: gzip or zlib header, detected
        elif coding == "deflate":
            # "deflate" should carry a zlib header, but many servers send raw deflate.
            decoded = _inflate(body, 15, limit, coding)
            if decoded is None:
                decoded = _inflate(body, -15, limit, coding)
        elif coding == "br":
            decoded = _unbrotli(body, limit)
        else:
            raise UnsupportedRecord(f"Content-Encoding {quote(coding)} is not supported")
        if decoded is None:
            # Some writers store the decoded body but keep the header; the bytes are the page.
            log.debug("body is not really %s-encoded; kept as stored", coding)
            break
        body = decoded
    if len(body) > limit:
        raise RecordTooLarge(f"HTTP body of {len(body)} bytes is over max_payload_bytes {limit}")
    return body
