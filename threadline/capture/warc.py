"""Importer for WARC and WARC.gz files: pages become Captures, damage is quarantined, the rest skipped.

Framing is Threadline's own (see :mod:`warc_framing` and :mod:`gzip_members`) because warcio's
ArchiveIterator stops at the first damaged record and loses every record after it, and damaged
archives are the normal case for this material. Compression is detected from the first bytes, not
the file name: per-record gzip members (the standard), one gzip stream for the whole file, and
plain uncompressed WARC are all read.

What becomes what:

* ``response`` with an HTTP block → :class:`Capture` (``raw`` is the HTTP block exactly as stored,
  ``payload`` the de-chunked, decoded body); a response whose block is not HTTP → Rejected.
* ``resource`` with an HTML content type → Capture whose payload is the block itself.
* ``warcinfo``, ``request``, ``metadata``, ``revisit``, other resources and anything about a
  ``dns:`` URI → :class:`Skipped`, with the reason.
* a WARC-Block-Digest (or, without one, a WARC-Payload-Digest) that does not match → Rejected.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

from threadline.capture.gzip_members import GzipSource
from threadline.capture.http import dechunk, decode_body, parse_response
from threadline.capture.lines import open_input
from threadline.capture.records import Capture, ImportItem, Origin, Rejected, Skipped
from threadline.capture.tape import PlainSource, Source, Tape
from threadline.capture.values import excerpt, looks_like_html, parse_warc_date, quote
from threadline.capture.warc_framing import Damage, FramedRecord, iter_framed
from threadline.capture.warc_headers import WarcHeader, digest_problem, parse_header
from threadline.config import Config
from threadline.errors import CorruptRecord, InvalidField, RecordError, RecordTooLarge

log = logging.getLogger(__name__)

_SKIPPED = {
    "warcinfo": "describes the crawl, holds no page",
    "request": "what the crawler sent, not a page",
    "metadata": "crawler notes, not a page",
    "revisit": "the page was unchanged; its content is in an earlier record",
    "conversion": "a derived format, not an archived page",
    "continuation": "segmented records are not supported",
}
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_SNIFF_SPAN = 16 << 20  # how far to look for evidence of the archive's compression


def read_warc(path: Path, limits: Config) -> Iterator[ImportItem]:
    """Every record of a WARC / WARC.gz file, in file order, as Capture, Rejected or Skipped.

    Raises UserError (at once, not on first iteration) only when the file cannot be opened.
    """
    return _read(open_input(path), str(path), limits)


def read_warc_bytes(data: bytes, name: str, limits: Config) -> Iterator[ImportItem]:
    """The records of WARC bytes held in memory (the crawler reads back what it just wrote), with
    offsets relative to ``data``; ``name`` is reported as their origin."""
    return _read(io.BufferedReader(io.BytesIO(data)), name, limits)


def _read(f: io.BufferedReader, name: str, limits: Config) -> Iterator[ImportItem]:
    with f:
        gzipped = _is_gzipped(f, name.lower().endswith(".gz"))
        source: Source = GzipSource(f) if gzipped else PlainSource(f)
        for item in iter_framed(Tape(source), limits):
            if isinstance(item, Damage):
                yield Rejected(Origin(name, offset=item.offset), item.kind, item.reason, item.raw)
            else:
                yield _convert(item, name, limits)


def _is_gzipped(f: io.BufferedReader, name_says_gzip: bool) -> bool:
    """Whether the archive is gzip-compressed, judged on evidence that survives a damaged start.

    Evidence for gzip is a member that inflates to a WARC header; for plain, a record whose framing
    checks out completely. Stray bytes rarely fake either, so the first piece of evidence in the
    first 16 MiB decides; with none, the file name does.
    """
    head = f.read(1 << 16)
    f.seek(0)
    gzip = GzipSource(f)
    if head.startswith(b"WARC/") and _plain_record_at(head, 0):
        return False  # the usual cases, settled by the first bytes
    if gzip.find_member(0, 1) == 0:
        f.seek(0)
        return True
    member = gzip.find_member(0, _SNIFF_SPAN)
    f.seek(0)
    window = f.read(_SNIFF_SPAN if member is None else member)
    f.seek(0)
    at = window.find(b"WARC/1.")
    while at >= 0:
        if _plain_record_at(window, at):
            return False
        at = window.find(b"WARC/1.", at + 1)
    return member is not None or name_says_gzip


def _plain_record_at(window: bytes, at: int) -> bool:
    hend = window.find(b"\r\n\r\n", at, at + 65536)
    if hend < 0:
        return False
    try:
        header = parse_header(window[at : hend + 4])
    except ValueError:
        return False
    length = header.content_length or ""
    if not (length.isascii() and length.isdigit()):
        return False
    end = hend + 4 + int(length)
    return end + 4 > len(window) or window.startswith(b"\r\n\r\n", end)


def _convert(rec: FramedRecord, name: str, limits: Config) -> ImportItem:
    h = rec.header
    origin = Origin(name, offset=rec.offset)
    rtype = (h.record_type or "").strip().lower()
    uri = h.target_uri or ""
    if not rtype:
        return Rejected(origin, InvalidField.kind, f"{_label(rec)}: no WARC-Type", excerpt(rec.block))
    if uri.startswith("dns:"):
        return Skipped(origin, f"{_label(rec)}: a DNS lookup, not a page")
    if rtype not in ("response", "resource"):
        return Skipped(origin, f"{_label(rec)}: {_SKIPPED.get(rtype, 'unknown WARC-Type, not read')}")
    try:
        return _capture(rec, h, rtype, uri, origin, limits)
    except RecordError as exc:
        return Rejected(origin, exc.kind, f"{_label(rec)}: {exc.reason}", excerpt(rec.block))


def _label(rec: FramedRecord) -> str:
    """How a reason names a record: its type, its URI, and where it sits in a long gzip member."""
    h = rec.header
    text = f"{(h.record_type or 'untyped').strip()} record"
    if h.target_uri:
        text += f" for {h.target_uri}"
    if rec.inner:  # records inside one long gzip member share its offset; say how far in it starts
        text += f" (inflated byte {rec.inner} of the gzip member)"
    return text


def _capture(rec: FramedRecord, h: WarcHeader, rtype: str, uri: str, origin: Origin, limits: Config) -> ImportItem:
    block = rec.block
    if rtype == "resource":
        ctype = h.content_type
        mime = (ctype or "").split(";", 1)[0].strip().lower()
        if mime not in _HTML_TYPES and not (ctype is None and looks_like_html(block)):
            return Skipped(origin, f"{_label(rec)}: its content is {mime or 'untyped'}, not a page")
    if not uri:
        raise InvalidField("no WARC-Target-URI")
    if h.date is None:
        raise InvalidField("no WARC-Date")
    try:
        captured_at = parse_warc_date(h.date)
    except ValueError as exc:
        raise InvalidField(f"WARC-Date {quote(h.date)} is {exc}") from None
    if h.block_digest:
        problem = digest_problem("WARC-Block-Digest", h.block_digest, "block", block)
        if problem:
            raise CorruptRecord(problem)
    if rtype == "resource":
        if len(block) > limits.max_payload_bytes:
            limit = limits.max_payload_bytes
            raise RecordTooLarge(f"block of {len(block)} bytes is over max_payload_bytes {limit}")
        return Capture(uri, captured_at, block, block, origin, content_type=h.content_type)
    resp = parse_response(block)
    if h.payload_digest and not h.block_digest:
        # Writers disagree on whether the payload digest covers the chunked or de-chunked body.
        body = block[resp.body_offset :]
        plain = dechunk(body) or body
        problem = digest_problem("WARC-Payload-Digest", h.payload_digest, "payload", body, plain)
        if problem:
            raise CorruptRecord(problem)
    payload = decode_body(resp, block, limits.max_payload_bytes)
    return Capture(
        uri,
        captured_at,
        block,
        payload,
        origin,
        content_type=resp.header("content-type"),
        http_status=resp.status,
        http_headers=resp.headers,
    )
