"""Typed records produced by the parse stage."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

# What the content hash covers, as JSON: json.dumps(..., ensure_ascii=False) with its encoder built
# once (tuples encode as the arrays lists would; the hash of known content must never change).
_CONTENT_JSON = json.JSONEncoder(ensure_ascii=False)


class PageKind(StrEnum):
    AD = "ad"  # a live ad
    REMOVED = "removed"  # the ad's page says it was deleted (or answers 404/410 on a known ad URL)
    OTHER = "other"  # listing, seizure banner, login page: kept as a capture, not an ad


@dataclass(frozen=True, slots=True)
class ParsedAd:
    """One ad as one capture shows it. Its ``content_sha256`` decides whether it is a new version."""

    site: str
    ad_id: str
    url: str
    title: str | None
    body: str
    location: str | None = None
    posted_at: datetime | None = None
    images: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()  # adapter-specific labelled fields (poster age, phone box)
    adapter: str = ""
    # Hash of what an analyst would call the ad's content (page chrome excluded on purpose); it decides
    # whether a capture is a new version. Computed once, at construction, in the parsing process.
    content_sha256: str = field(init=False, default="")

    def __post_init__(self) -> None:
        doc = (
            self.title or "",
            self.body,
            self.location or "",
            self.posted_at.isoformat() if self.posted_at else "",
            self.images,
            self.extra,
        )
        digest = hashlib.sha256(_CONTENT_JSON.encode(doc).encode("utf-8")).hexdigest()
        object.__setattr__(self, "content_sha256", digest)


@dataclass(frozen=True, slots=True)
class PageResult:
    """What an adapter made of a page: an ad, a removal notice for an ad, or some other page."""

    kind: PageKind
    ad: ParsedAd | None = None
    site: str | None = None
    ad_id: str | None = None  # set for REMOVED
    note: str = ""
