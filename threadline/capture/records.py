"""Typed records that flow out of the capture stage into the store and the parsers."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import SplitResult, urlsplit


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record came from: a file plus byte offset or line number, or a crawl run."""

    source: str
    offset: int | None = None
    line: int | None = None

    def describe(self) -> str:
        if self.line is not None:
            return f"{self.source}:{self.line}"
        if self.offset is not None:
            return f"{self.source}@{self.offset}"
        return self.source


@dataclass(frozen=True, slots=True)
class AdFields:
    """Ad fields already known at import time (JSONL / CSV), so no HTML adapter is needed."""

    site: str
    ad_id: str
    title: str | None = None
    body: str = ""
    location: str | None = None
    posted_at: datetime | None = None
    images: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(slots=True)
class Capture:
    """One fetched or imported record, exactly as read.

    ``raw`` is the evidence: the bytes that are hashed and stored (a WARC record's HTTP block, a JSONL
    line, a CDR object). ``payload`` is what parsers read (the decoded HTTP body, or the HTML/text of an
    imported ad); it may be the same object as ``raw``.
    """

    url: str
    captured_at: datetime  # UTC, timezone-aware
    raw: bytes
    payload: bytes
    origin: Origin
    content_type: str | None = None
    http_status: int | None = None
    http_headers: tuple[tuple[str, str], ...] = ()
    fields: AdFields | None = None  # set by structured importers
    site_hint: str | None = None  # e.g. a WARC file named after a site, or a CDR "team"/"crawler" field
    _sha256: str | None = field(default=None, repr=False)
    _parts: SplitResult | None = field(default=None, repr=False)
    _host: str | None = field(default=None, repr=False)

    @property
    def sha256(self) -> str:
        if self._sha256 is None:
            self._sha256 = hashlib.sha256(self.raw).hexdigest()
        return self._sha256

    @property
    def parts(self) -> SplitResult:
        """``urlsplit(url)``, split once: adapters ask for the host, path and query of every page.

        Raises ValueError like ``urlsplit`` for a URL that cannot be split (a broken IPv6 literal).
        """
        if self._parts is None:
            self._parts = urlsplit(self.url)
        return self._parts

    @property
    def host(self) -> str:
        """The URL's host name, lower-case ("" when it has none); every adapter's ``matches`` asks."""
        if self._host is None:
            try:
                self._host = self.parts.hostname or ""
            except ValueError:  # e.g. a broken IPv6 literal: no host, and the fallback adapter says why
                self._host = ""
        return self._host


@dataclass(frozen=True, slots=True)
class Rejected:
    """A record that could not be read: kept with its origin and a precise reason, never silently lost."""

    origin: Origin
    kind: str  # RecordError.kind: corrupt, too-large, invalid-field, unsupported, ...
    reason: str
    raw: bytes = b""  # at most a bounded prefix, kept for a human to inspect

    def as_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["origin"] = self.origin.describe()
        d.pop("raw")
        return d


@dataclass(frozen=True, slots=True)
class Skipped:
    """A well-formed record that carries no page to parse (warcinfo, request, metadata, revisit, DNS).

    Counted in the per-file report so every record read is accounted for, but not stored.
    """

    origin: Origin
    reason: str


ImportItem = Capture | Rejected | Skipped
