"""The raw captures of an export: one WARC.gz file, and Memex CDR 3.1 JSON lines.

**WARC** (WARC/1.1, one gzip member per record): each capture's stored bytes are written unchanged as
the record block — an HTTP response block (as a WARC import or the crawler stored it) becomes a
``response`` record, anything else (a JSONL line, a CDR object) a ``resource`` record — so the block's
SHA-256 is the capture's SHA-256 printed in the report, and ``WARC-Block-Digest`` says so. Record ids
are derived from the capture and gzip members carry no time, so the same captures give the same file.

**CDR 3.1**: one crawled document per line, readable by the old DIG/Memex tools and by Threadline's
own CDR importer. ``raw_content`` is the page a parser reads: for a stored HTTP response, its body with
chunking and content encoding undone (UTF-8, or Latin-1 when it is not); for a capture stored as a
text record, the record itself. ``_id`` is the capture's SHA-256 in upper case, as CDR 3 ids were.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import uuid
from collections.abc import Iterable

from sqlalchemy.engine import Connection

from threadline.capture.http import decode_body, parse_response
from threadline.errors import RecordError
from threadline.export.data import CaptureRef, raw_capture

_NAMESPACE = uuid.UUID("2b1c1f4e-52c4-5a8d-9a4b-0f6a3c2e7d15")  # fixed: record ids must not vary per run


def _record(headers: list[tuple[str, str]], block: bytes) -> bytes:
    head = "WARC/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + f"Content-Length: {len(block)}\r\n\r\n"
    # mtime=0: a gzip member otherwise stamps the current time into its header.
    return gzip.compress(head.encode("utf-8") + block + b"\r\n\r\n", compresslevel=6, mtime=0)


def _digest(data: bytes) -> str:
    return "sha256:" + base64.b32encode(hashlib.sha256(data).digest()).decode()


def warcinfo(subject: str) -> bytes:
    body = f"software: threadline\r\nformat: WARC File Format 1.1\r\ndescription: raw captures of {subject}\r\n"
    block = body.encode()
    rid = uuid.uuid5(_NAMESPACE, f"warcinfo {subject}")
    headers = [
        ("WARC-Type", "warcinfo"),
        ("WARC-Record-ID", f"<urn:uuid:{rid}>"),
        ("WARC-Date", "1980-01-01T00:00:00Z"),
        ("Content-Type", "application/warc-fields"),
        ("WARC-Block-Digest", _digest(block)),
    ]
    return _record(headers, block)


def capture_record(ref: CaptureRef, raw: bytes) -> bytes:
    is_http = raw.startswith(b"HTTP/")
    rid = uuid.uuid5(_NAMESPACE, f"capture {ref.sha256} {ref.url} {ref.captured_at.isoformat()}")
    headers = [
        ("WARC-Type", "response" if is_http else "resource"),
        ("WARC-Record-ID", f"<urn:uuid:{rid}>"),
        ("WARC-Date", ref.captured_at.strftime("%Y-%m-%dT%H:%M:%SZ")),
        ("WARC-Target-URI", ref.url),
        ("Content-Type", "application/http;msgtype=response" if is_http else ref.content_type or "text/plain"),
        ("WARC-Block-Digest", _digest(raw)),
        ("WARC-Threadline-Capture", f"{ref.id} sha256:{ref.sha256}"),
    ]
    return _record(headers, raw)


def write_warc(conn: Connection, subject: str, captures: Iterable[CaptureRef]) -> bytes:
    parts = [warcinfo(subject)]
    parts += [capture_record(ref, raw_capture(conn, ref.sha256)) for ref in captures]
    return b"".join(parts)


VERSION = "3.1"
TEAM = "threadline"
LIMIT = 64 * 1024 * 1024


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def page_of(raw: bytes) -> tuple[str, str | None]:
    """(raw_content, content type) of a stored capture."""
    if raw.startswith(b"HTTP/"):
        try:
            resp = parse_response(raw)
            return _text(decode_body(resp, raw, LIMIT)), resp.header("content-type")
        except RecordError:
            pass  # a block the importer took but cannot decode now: hand over the block as it is
    return _text(raw), None


def cdr_line(ref: CaptureRef, raw: bytes) -> str:
    content, content_type = page_of(raw)
    doc = {
        "_id": ref.sha256.upper(),
        "url": ref.url,
        "timestamp_crawl": ref.captured_at.isoformat(),
        "raw_content": content,
        "content_type": content_type or ref.content_type or "text/html",
        "team": TEAM,
        "crawler": "threadline-export",
        "version": VERSION,
        "objects": [],
        "threadline": {"capture_id": ref.id, "sha256": ref.sha256, "http_status": ref.http_status},
    }
    return json.dumps(doc, sort_keys=True, ensure_ascii=False)


def cdr_jsonl(conn: Connection, captures: Iterable[CaptureRef]) -> bytes:
    return "".join(cdr_line(ref, raw_capture(conn, ref.sha256)) + "\n" for ref in captures).encode("utf-8")
