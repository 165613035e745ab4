"""The raw captures of an export as one WARC.gz file (WARC/1.1, one gzip member per record).

Each capture's stored bytes are written unchanged as the record block: an HTTP response block (as a
WARC import or the crawler stored it) becomes a ``response`` record, anything else (a JSONL line, a
CDR object) a ``resource`` record. So the block's SHA-256 is the capture's SHA-256 printed in the
report, and ``WARC-Block-Digest`` says so. Record ids are derived from the capture and gzip members
carry no time, so the same captures give the same file.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import uuid
from collections.abc import Iterable

from sqlalchemy.engine import Connection

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
