"""Importer for Memex CDR (Common Data Repository) 2.0 and 3.x JSON lines.

Each line is one crawled document: ``url``, ``raw_content`` (the page as text), a crawl time and some
provenance (``_id``, ``team``, ``crawler``, ``version``, ``content_type``, ``objects``...). CDR 2.0
gives the time as ``timestamp`` in epoch milliseconds; CDR 3.x as ``timestamp_crawl``, an ISO-8601
string or an epoch number. Both spellings are accepted whatever ``version`` says, since real dumps
mixed them. The page is parsed later by the site adapters, so no AdFields are set here.

``raw`` is the line's bytes, ``payload`` the ``raw_content`` encoded as UTF-8.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from threadline.capture.jsonl import json_captures, json_objects
from threadline.capture.records import Capture, ImportItem, Origin
from threadline.capture.values import parse_timestamp, quote, type_name
from threadline.config import Config
from threadline.errors import InvalidField, RecordTooLarge

log = logging.getLogger(__name__)

_TIME_FIELDS = ("timestamp_crawl", "timestamp")  # CDR 3.x first, then CDR 2.0
_OPTIONAL_TEXT = ("_id", "content_type", "team", "crawler")


def read_cdr(path: Path, limits: Config) -> Iterator[ImportItem]:
    """Every non-blank line of a CDR file as a Capture or a Rejected, in order.

    Raises UserError (at once, not on first iteration) only when the file cannot be opened.
    """
    # A CDR line is one crawled record, so it is bounded like a WARC record, not like an ad line.
    objects = json_objects(path, limits.max_record_bytes, "max_record_bytes")
    return json_captures(objects, str(path), partial(_capture, limits=limits))


def _capture(doc: dict[str, object], raw: bytes, origin: Origin, *, limits: Config) -> Capture:
    url = doc.get("url")
    if not isinstance(url, str) or not url.strip():
        raise InvalidField(_missing("url", url, doc))
    content = doc.get("raw_content")
    if not isinstance(content, str):
        raise InvalidField(_missing("raw_content", content, doc))
    for name in _OPTIONAL_TEXT:
        value = doc.get(name)
        if value is not None and not isinstance(value, str):
            raise InvalidField(f"field {name!r} must be a string, got {type_name(value)}")
    captured_at = None
    for name in _TIME_FIELDS:
        if doc.get(name) is not None:
            try:
                captured_at = parse_timestamp(doc[name])
            except ValueError as exc:
                raise InvalidField(f"field {name!r} is {exc}: {quote(doc[name])}") from None
            break
    if captured_at is None:
        raise InvalidField("no crawl time: neither 'timestamp_crawl' (CDR 3) nor 'timestamp' (CDR 2) is set")
    try:
        payload = content.encode("utf-8")
    except UnicodeEncodeError as exc:  # JSON can carry "\ud800", which no UTF-8 text can hold
        where = f"at character {exc.start}"
        raise InvalidField(f"field 'raw_content' holds an unpaired surrogate {where}") from None
    if len(payload) > limits.max_payload_bytes:
        raise RecordTooLarge(
            f"raw_content of {len(payload)} bytes is over max_payload_bytes {limits.max_payload_bytes}"
        )
    content_type = doc.get("content_type")
    return Capture(
        url=url,
        captured_at=captured_at,
        raw=raw,
        payload=payload,
        origin=origin,
        content_type=content_type if isinstance(content_type, str) else None,
    )


def _missing(name: str, value: object, doc: dict[str, object]) -> str:
    if name not in doc:
        return f"missing required field {name!r}"
    if isinstance(value, str):
        return f"field {name!r} is empty"
    return f"field {name!r} must be a string, got {type_name(value)}"
