"""The public import format (one ad version per JSONL line or CSV row), validated into a Capture.

Fields: ``site``, ``ad_id``, ``url``, ``captured_at`` (ISO-8601) and ``body`` (text or HTML) are
required; ``posted_at`` (ISO-8601), ``title``, ``location``, ``images`` (list of strings) and
``extra`` (object) are optional and may be null. Unknown fields are refused rather than dropped, so a
misspelt ``posted_at`` is noticed; additional data belongs in ``extra``. Naive datetimes are UTC.
Every problem raises InvalidField naming the field and the bad value.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from threadline.capture.records import AdFields, Capture, Origin
from threadline.capture.values import looks_like_html, parse_iso, quote, type_name
from threadline.errors import InvalidField

log = logging.getLogger(__name__)

REQUIRED = ("site", "ad_id", "url", "captured_at", "body")
OPTIONAL = ("posted_at", "title", "location", "images", "extra")
COLUMNS = REQUIRED + OPTIONAL
_NONEMPTY = ("site", "ad_id", "url")


@dataclass(frozen=True, slots=True)
class AdRow:
    """A row that passed validation, before it is wrapped with its evidence bytes and origin."""

    url: str
    captured_at: datetime
    body: bytes
    fields: AdFields


def _optional_text(row: Mapping[str, object], name: str) -> str | None:
    value = row.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidField(f"field {name!r} must be a string or null, got {type_name(value)}")
    return value


def _text(row: Mapping[str, object], name: str) -> str:
    value = row.get(name)
    if not isinstance(value, str):
        raise InvalidField(f"field {name!r} must be a string, got {type_name(value)}")
    if name in _NONEMPTY and not value.strip():
        raise InvalidField(f"field {name!r} is empty")
    return value


def _date(name: str, value: str) -> datetime:
    try:
        return parse_iso(value)
    except ValueError as exc:
        raise InvalidField(f"field {name!r} is {exc}: {quote(value)}") from None


def _images(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise InvalidField(f"field 'images' must be an array of strings, got {type_name(value)}")
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise InvalidField(f"field 'images' item {i} must be a string, got {type_name(item)}")
    return tuple(value)


def _extra(value: object) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise InvalidField(f"field 'extra' must be an object, got {type_name(value)}")
    pairs = []
    for key, item in value.items():
        # Non-string values are kept as their JSON text, so nothing the producer sent is lost.
        text = item if isinstance(item, str) else json.dumps(item, ensure_ascii=False, sort_keys=True)
        pairs.append((str(key), text))
    return tuple(sorted(pairs))


def _check_utf8(name: str, text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # JSON can carry "\ud800", which no UTF-8 text can hold
        bad = text[exc.start : exc.end].encode("unicode_escape").decode("ascii")
        where = f"at character {exc.start}"
        raise InvalidField(f"field {name} holds an unpaired surrogate {bad} {where}") from None


def validate_row(row: Mapping[str, object]) -> AdRow:
    """Check one record of the public format; InvalidField names the first problem found."""
    unknown = sorted(k for k in row if k not in COLUMNS)
    if unknown:
        raise InvalidField(f"unknown field {quote(unknown[0])} (put additional data in 'extra')")
    for name in REQUIRED:
        if name not in row:
            raise InvalidField(f"missing required field {name!r}")
    site, ad_id, url, body = _text(row, "site"), _text(row, "ad_id"), _text(row, "url"), _text(row, "body")
    captured_text = _text(row, "captured_at")
    title, location = _optional_text(row, "title"), _optional_text(row, "location")
    posted_text = _optional_text(row, "posted_at")
    posted_at = None if posted_text is None else _date("posted_at", posted_text)
    captured_at = _date("captured_at", captured_text)
    images, extra = _images(row.get("images")), _extra(row.get("extra"))
    texts = [
        ("'site'", site),
        ("'ad_id'", ad_id),
        ("'url'", url),
        ("'body'", body),
        ("'title'", title),
        ("'location'", location),
    ]
    texts += [(f"'images' item {i}", image) for i, image in enumerate(images)]
    texts += [(f"'extra' entry {i}", key + value) for i, (key, value) in enumerate(extra)]
    for name, text in texts:
        if text is not None:
            _check_utf8(name, text)
    fields = AdFields(site, ad_id, title, body, location, posted_at, images, extra)
    return AdRow(url, captured_at, body.encode("utf-8"), fields)


def ad_capture(row: AdRow, raw: bytes, origin: Origin) -> Capture:
    """The Capture of a validated row; ``raw`` is the evidence (the line, or the canonical row)."""
    return Capture(
        url=row.url,
        captured_at=row.captured_at,
        raw=raw,
        payload=row.body,
        origin=origin,
        content_type="text/html" if looks_like_html(row.body) else "text/plain",
        fields=row.fields,
        site_hint=row.fields.site,
    )
