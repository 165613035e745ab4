"""Typed records going into and coming out of the store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(slots=True)
class BatchCounts:
    """What one write did. Sums over a run give the ingest report."""

    captures_new: int = 0
    captures_known: int = 0
    ads_new: int = 0
    versions_new: int = 0
    versions_seen_again: int = 0
    removed: int = 0
    other_pages: int = 0
    parse_failures: int = 0
    quarantined: int = 0

    def add(self, other: BatchCounts) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class VersionView:
    id: int
    content_sha256: str
    title: str | None
    body: str
    location: str | None
    posted_at: datetime | None
    images: list[str]
    extra: list[list[str]]
    first_seen: datetime
    last_seen: datetime
    capture_id: int
    capture_sha256: str
    captured_at: datetime
    adapter: str


@dataclass(frozen=True, slots=True)
class AdView:
    id: int
    site: str
    site_ad_id: str
    url: str
    first_seen: datetime | None
    last_seen: datetime | None
    deleted_at: datetime | None
    versions: list[VersionView] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SearchHit:
    ad_version_id: int
    site: str
    site_ad_id: str
    title: str | None
    snippet: str
    first_seen: datetime
    rank: float


@dataclass(frozen=True, slots=True)
class StoreStats:
    sites: list[dict[str, Any]]
    ads: int
    versions: int
    captures: int
    blobs: int
    blob_bytes: int
    quarantined: int
    deleted_ads: int
    runs: int


@dataclass(frozen=True, slots=True)
class VersionText:
    """What the extract stage reads of one version."""

    id: int
    title: str | None
    body: str
    location: str | None
    extra: list[list[str]]

    @property
    def text(self) -> str:
        return version_text(self.title, self.body, self.extra)


@dataclass(frozen=True, slots=True)
class ExtractionRow:
    """One value found in one version's text, as stored."""

    ad_version_id: int
    kind: str
    value: str
    raw: str | None
    start: int | None
    end: int | None
    rule: str
    attrs: dict[str, Any]


def version_text(title: str | None, body: str, extra: Sequence[Sequence[str]] = ()) -> str:
    """The one string extractors read and spans index into: the title, the body, then each labelled
    box of the page ("age: 19", "phone: 702-555-0143") on its own line."""
    boxes = "".join(f"\n{label}: {value}" for label, value in extra)
    return f"{title or ''}\n{body}{boxes}"


@dataclass(frozen=True, slots=True)
class AdForLink:
    """What the link stage reads of one ad: its newest version and every identifier of all versions."""

    ad_id: int
    version_id: int
    site: str
    first_seen: datetime
    title: str | None
    body: str
    location: str | None
    identifiers: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class LinkRow:
    a: int
    b: int
    reason: str
    evidence: str
    score: float
