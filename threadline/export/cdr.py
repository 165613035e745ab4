"""Memex CDR 3.1 JSON lines of an export's captures: one crawled document per line, readable by the
old DIG/Memex tools and by Threadline's own CDR importer (``threadline ingest x.cdr.jsonl``).

``raw_content`` is the page a parser reads: for a stored HTTP response, its body with chunking and
content encoding undone (decoded as UTF-8, or Latin-1 when it is not UTF-8); for a capture stored
as a text record (a JSONL or CDR line), the record itself. ``_id`` is the capture's SHA-256 in upper
case, as CDR 3 identifiers were, and the full capture provenance rides along in ``threadline``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy.engine import Connection

from threadline.capture.http import decode_body, parse_response
from threadline.errors import RecordError
from threadline.export.data import CaptureRef, raw_capture

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
