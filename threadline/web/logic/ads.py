"""The ad page: one ad with every version as evidence — its text with the extracted identifiers and
the indicator evidence highlighted in place, a word diff against the version before it, and the
capture it first came from (SHA-256 and capture time), so an analyst can cite exactly what was seen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from threadline.errors import NotFound
from threadline.store import links as store_links
from threadline.store import pages as store_pages
from threadline.store import queries
from threadline.store.records import VersionView, version_text
from threadline.store.store import Store
from threadline.web.logic.sanitize import captured_markup, content_document
from threadline.web.logic.text import DiffPart, Mark, Segment, segments, word_diff


@dataclass(frozen=True, slots=True)
class Identifier:
    kind: str
    value: str
    raw: str | None
    start: int | None
    end: int | None
    rule: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """One indicator hit: its name, what it fired on, and where (None: a fact, not a piece of text)."""

    name: str
    evidence: str
    start: int | None
    end: int | None


@dataclass(slots=True)
class VersionPage:
    id: int
    number: int
    first_seen: datetime
    last_seen: datetime
    captured_at: datetime
    capture_sha256: str
    capture_id: int
    location: str | None
    posted_at: datetime | None
    images: list[str]
    text: list[Segment]
    identifiers: list[Identifier] = field(default_factory=list)
    indicators: list[Evidence] = field(default_factory=list)
    diff: list[DiffPart] | None = None  # against the previous version; None for the first


@dataclass(slots=True)
class AdPage:
    id: int
    site: str
    site_ad_id: str
    url: str
    first_seen: datetime | None
    last_seen: datetime | None
    deleted_at: datetime | None
    network_id: int
    versions: list[VersionPage]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "site": self.site,
            "site_ad_id": self.site_ad_id,
            "url": self.url,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "deleted_at": self.deleted_at,
            "network_id": self.network_id,
            "versions": [
                {
                    "id": v.id,
                    "number": v.number,
                    "first_seen": v.first_seen,
                    "last_seen": v.last_seen,
                    "capture": {"id": v.capture_id, "sha256": v.capture_sha256, "captured_at": v.captured_at},
                    "location": v.location,
                    "posted_at": v.posted_at,
                    "images": v.images,
                    "text": [s.to_json() for s in v.text],
                    "identifiers": [vars_of(i) for i in v.identifiers],
                    "indicators": [vars_of(e) for e in v.indicators],
                    "diff": None if v.diff is None else [p.to_json() for p in v.diff],
                }
                for v in self.versions
            ],
        }


def vars_of(record: Any) -> dict[str, Any]:
    """A slotted record's fields as a dict (the web pages' JSON twins and forms use it)."""
    return {name: getattr(record, name) for name in record.__slots__}


def _text_of(v: VersionView) -> str:
    return version_text(v.title, v.body, v.extra)


def ad_page(store: Store, ad_id: int) -> AdPage:
    with store.connect() as conn:
        site_name, site_ad_id = store_pages.ad_key(conn, ad_id)
        view = queries.get_ad(conn, site_name, site_ad_id)
        ids = [v.id for v in view.versions]
        values = store_pages.extractions_of_versions(conn, ids) if ids else []
        hits = store_pages.hits_of_versions(conn, ids) if ids else []
        network_id = store_links.network_of(conn, [ad_id])[ad_id]
    idents: dict[int, list[Identifier]] = {}
    for r in values:
        idents.setdefault(r.ad_version_id, []).append(Identifier(r.kind, r.value, r.raw, r.start, r.end, r.rule))
    evidence: dict[int, list[Evidence]] = {}
    for h in hits:
        evidence.setdefault(h.ad_version_id, []).append(Evidence(h.name, h.evidence, h.start, h.end))
    versions: list[VersionPage] = []
    previous: str | None = None
    for n, v in enumerate(view.versions, start=1):
        text = _text_of(v)
        mine, found = idents.get(v.id, []), evidence.get(v.id, [])
        marks = [Mark(i.start, i.end, i.kind, i.value) for i in mine if i.start is not None and i.end is not None]
        marks += [Mark(e.start, e.end, "indicator", e.name) for e in found if e.start is not None and e.end is not None]
        versions.append(
            VersionPage(
                v.id, n, v.first_seen, v.last_seen, v.captured_at, v.capture_sha256, v.capture_id, v.location,
                v.posted_at, v.images, segments(text, marks), mine, found,
                None if previous is None else word_diff(previous, text),
            )
        )  # fmt: skip
        previous = text
    return AdPage(
        view.id, view.site, view.site_ad_id, view.url, view.first_seen, view.last_seen, view.deleted_at,
        network_id, versions,
    )  # fmt: skip


def version_document(store: Store, ad_id: int, version_id: int) -> str:
    """The sanitised document of one version, for the sandboxed iframe."""
    with store.connect() as conn:
        site_name, site_ad_id = store_pages.ad_key(conn, ad_id)
        view = queries.get_ad(conn, site_name, site_ad_id)
        version = next((v for v in view.versions if v.id == version_id), None)
        if version is None:
            raise NotFound(f"ad {ad_id} has no version {version_id}")
        raw, content_type, _origin = store_pages.capture_raw(conn, version.capture_id)
    markup = captured_markup(raw, content_type)
    return content_document(version.title, version.body, version.images, markup)
