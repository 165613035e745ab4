"""Value handling shared by every importer: timestamps, HTML sniffing and bounded excerpts.

Timestamps from all input formats end up as timezone-aware UTC datetimes; naive values are taken as
UTC because that is what crawlers and the public import format write. Excerpts keep rejection
reasons and quarantined bytes short, so one damaged multi-megabyte record cannot bloat the report.
"""

from __future__ import annotations

import logging
import math
import re
from datetime import UTC, datetime

log = logging.getLogger(__name__)

RAW_KEEP = 4096  # bytes of a damaged record kept in Rejected.raw for a human to look at
_QUOTE_MAX = 60  # characters of a bad value quoted in a reason

# Epoch numbers at or above this are milliseconds: 1e11 seconds is the year 5138, while 1e11
# milliseconds is March 1973, before any web crawl.
_MS_THRESHOLD = 100_000_000_000

_WARC14 = re.compile(r"\d{14}")
_TAG = re.compile(rb"<(?:!doctype|/?[a-z][a-z0-9]*[\s/>])", re.IGNORECASE)
_HTML_SNIFF = 65536


def quote(value: object) -> str:
    """``repr`` of a value, cut to a readable length, for use inside a reason."""
    text = repr(value)
    if len(text) > _QUOTE_MAX:
        text = text[: _QUOTE_MAX - 3] + "..."
    return text


def excerpt(data: bytes | bytearray | memoryview) -> bytes:
    """At most RAW_KEEP leading bytes of ``data``, as the quarantined copy of damaged input."""
    return bytes(data[:RAW_KEEP])


def as_utc(dt: datetime) -> datetime:
    """Attach UTC to a naive datetime, convert an aware one; raises ValueError when out of range."""
    if dt.tzinfo is UTC:  # the common case ("Z"), checked first because it is free
        return dt
    if dt.tzinfo is None or dt.tzinfo.utcoffset(dt) is None:
        return dt.replace(tzinfo=UTC)
    try:
        return dt.astimezone(UTC)
    except OverflowError:
        raise ValueError("out of range once converted to UTC") from None


def parse_iso(text: str) -> datetime:
    """Parse an ISO-8601 date or date-time (``Z``, offsets and fractions allowed) into UTC.

    Raises ValueError whose message completes "<field> is ...", e.g. "not ISO-8601"; callers add
    the field name and the value.
    """
    try:
        dt = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError("not ISO-8601") from None
    return as_utc(dt)


def parse_warc_date(text: str) -> datetime:
    """WARC-Date: ISO-8601 per the standard, or the 14-digit form some ARC-era writers still emit."""
    try:
        return as_utc(datetime.fromisoformat(text))
    except ValueError:
        pass
    text = text.strip()
    if _WARC14.fullmatch(text):
        try:
            return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        except ValueError:
            raise ValueError("not a valid 14-digit timestamp") from None
    return parse_iso(text)


def from_epoch(value: float) -> datetime:
    """Epoch seconds or milliseconds (told apart by magnitude) as a UTC datetime."""
    if isinstance(value, bool) or not math.isfinite(value):
        raise ValueError("not a finite epoch number")
    seconds = value / 1000 if abs(value) >= _MS_THRESHOLD else value
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        raise ValueError("an epoch value out of range") from None


def parse_timestamp(value: object) -> datetime:
    """A timestamp given either as an ISO-8601 string or as an epoch number (or digit string)."""
    if isinstance(value, bool):
        raise ValueError("a boolean, not a timestamp")
    if isinstance(value, int | float):
        return from_epoch(value)
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.isdigit() and len(stripped) > 8:  # 8 digits would be a basic ISO date, 20180102
            return from_epoch(int(stripped))
        return parse_iso(stripped)
    raise ValueError(f"{type_name(value)}, not a timestamp")


def type_name(value: object) -> str:
    """JSON-flavoured name of a value's type, for reasons read by people who wrote JSON."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def looks_like_html(data: bytes) -> bool:
    """True when the first 64 KiB hold something shaped like an HTML tag or a doctype."""
    return _TAG.search(data, 0, _HTML_SNIFF) is not None
