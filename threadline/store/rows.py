"""Store-ready rows: what ingest workers make of a capture and the single writer stores.

Everything here is computed in the worker processes, so the writer (the one serial stage of ingest)
only matches keys and hands tuples to the driver. Values are already in their storage form: times as
the naive-UTC text SQLAlchemy's SQLite ``DateTime`` stores (which sorts like the times themselves and
PostgreSQL accepts for ``timestamp`` columns), JSON columns as the text the store writes. Rows are
flat named tuples of plain values, so a batch of them crosses the process boundary as one
``marshal`` string instead of a pickle of objects.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, NamedTuple

from threadline.capture.records import Capture
from threadline.parse.records import PageKind, PageResult

FAILED = "failed"  # PreparedCapture.kind of a capture whose page could not be parsed
NOTE_MAX = 100  # width of sighting.adapter

# The one JSON form of the store's JSON columns (what the bulk path has always written).
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def stored_time(value: datetime) -> str:
    """A time as the store keeps it: naive UTC text, fixed width, so text order is time order.

    A naive time is taken as UTC, the rule every importer follows (see ``capture.values``).
    """
    v = value.astimezone(UTC) if value.utcoffset() else value
    return v.isoformat(" ", "microseconds")[:26]  # "YYYY-MM-DD HH:MM:SS.ffffff" without the offset


def json_text(value: Any) -> str:
    return _JSON.encode(value)


class PreparedCapture(NamedTuple):
    """One capture, hashed, compressed and parsed, with the sighting and version it makes.

    ``kind`` is a :class:`PageKind` value or :data:`FAILED`. ``note`` is what ``sighting.adapter``
    records (the adapter of an ad, the parser's note on other pages) or, for a failed parse, the
    reason quarantined under ``failure``. The version fields are set for ``kind == "ad"`` only.
    """

    sha256: str
    size: int
    compression: str
    data: bytes  # compressed raw bytes
    url: str
    captured_at: str  # stored_time()
    origin: str
    content_type: str | None
    http_status: int | None
    http_headers: str | None  # JSON text
    kind: str
    site: str | None
    domain: str  # host of the URL: the site's domain when the site is new
    ad_key: str | None  # the site's id of the ad, for "ad" and "removed"
    note: str
    failure: str | None  # quarantine kind of a failed parse
    content_sha256: str
    title: str | None
    body: str
    location: str | None
    posted_at: str | None  # stored_time()
    images: str  # JSON text
    extra: str  # JSON text


_NO_VERSION = ("", None, "", None, None, "", "")


class QuarantineItem(NamedTuple):
    origin: str
    kind: str
    reason: str
    sample: bytes = b""


def prepared_capture(
    capture: Capture, data: bytes, compression: str, page: PageResult | None, failure: tuple[str, str] | None
) -> PreparedCapture:
    """The row of one capture; ``page`` None means parsing failed with ``failure`` (kind, reason)."""
    # Tuples encode as JSON arrays, the same text as the lists they are read back as.
    headers = json_text(capture.http_headers) if capture.http_headers else None
    base = (
        capture.sha256,
        len(capture.raw),
        compression,
        data,
        capture.url,
        stored_time(capture.captured_at),
        capture.origin.describe(),
        capture.content_type,
        capture.http_status,
        headers,
    )
    if page is None or (page.kind is PageKind.AD and page.ad is None):
        kind, reason = failure or ("parse-failure", "the adapter returned an ad page without the ad")
        return PreparedCapture(*base, FAILED, None, capture.host, None, reason, kind, *_NO_VERSION)
    ad = page.ad
    if page.kind is not PageKind.AD or ad is None:
        ad_key = (ad.ad_id if ad is not None else page.ad_id) if page.kind is PageKind.REMOVED else None
        note = page.note[:NOTE_MAX]
        return PreparedCapture(*base, page.kind.value, page.site, capture.host, ad_key, note, None, *_NO_VERSION)
    return PreparedCapture(
        *base,
        PageKind.AD.value,
        page.site,
        capture.host,
        ad.ad_id,
        ad.adapter,
        None,
        ad.content_sha256,
        ad.title,
        ad.body,
        ad.location,
        stored_time(ad.posted_at) if ad.posted_at is not None else None,
        json_text(ad.images),
        json_text(ad.extra),
    )
