"""Search as an analyst types it: free text plus identifiers in any spelling, with facets.

The query text goes through the extractor first, so "seven 0 two 555 0143", "(702) 555-0143" and
"702.555.0143" all become the identifier +17025550143 and are looked up in the extraction table
(every version that ever carried it, however it was written there). The words outside the
identifiers' spans are searched as full text. Results are one row per ad with a short snippet around
the first word found, cut into segments (never markup) for the template to escape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from threadline.extract.api import extract
from threadline.extract.stage import rows_for
from threadline.store import search as store_search
from threadline.store.search import AdMatch, Facets, SearchFilter
from threadline.store.store import Store
from threadline.web.logic.text import Mark, Segment, segments

IDENTIFIER_KINDS = ("phone", "email", "handle", "payment")
SNIPPET_CHARS = 220
PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    words: tuple[str, ...]
    identifiers: tuple[tuple[str, str], ...]  # (kind, normalised value)
    readings: tuple[tuple[str, str], ...]  # (raw text, what it was read as), shown back to the analyst


@dataclass(frozen=True, slots=True)
class Hit:
    ad_id: int
    site: str
    site_ad_id: str
    title: str | None
    location: str | None
    first_seen: datetime
    network_id: int
    network_size: int
    snippet: list[Segment]


@dataclass(slots=True)
class SearchPage:
    query: str
    parsed: ParsedQuery
    filters: SearchFilter
    total: int
    hits: list[Hit]
    facets: Facets
    page: int
    pages: int
    searched: bool = True
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "words": list(self.parsed.words),
            "identifiers": [{"kind": k, "value": v} for k, v in self.parsed.identifiers],
            "total": self.total,
            "page": self.page,
            "pages": self.pages,
            "hits": [
                {
                    "ad_id": h.ad_id,
                    "site": h.site,
                    "site_ad_id": h.site_ad_id,
                    "title": h.title,
                    "location": h.location,
                    "first_seen": h.first_seen,
                    "network_id": h.network_id,
                    "network_size": h.network_size,
                    "snippet": [s.to_json() for s in h.snippet],
                }
                for h in self.hits
            ],
            "facets": {
                "site": self.facets.sites,
                "city": self.facets.cities,
                "indicator": self.facets.indicators,
                "network_size": self.facets.network_sizes,
                "month": self.facets.months,
            },
        }


def parse_query(text: str) -> ParsedQuery:
    """Identifiers in the text (normalised as extraction stores them) and the remaining words."""
    found = [r for r in rows_for(0, extract(text)) if r.kind in IDENTIFIER_KINDS and r.start is not None]
    idents = tuple(dict.fromkeys((r.kind, r.value) for r in found))
    readings = tuple(dict.fromkeys((r.raw or "", f"{r.kind} {r.value}") for r in found))
    rest = list(text)
    for r in found:
        assert r.start is not None and r.end is not None  # filtered above
        rest[r.start : r.end] = " " * (r.end - r.start)
    return ParsedQuery(store_search.words_of("".join(rest)), idents, readings)


def snippet(title: str | None, body: str, words: tuple[str, ...]) -> list[Segment]:
    """About SNIPPET_CHARS of the body around the first query word, the words marked."""
    lower = body.lower()
    spots = [(lower.find(w.lower()), w) for w in words]
    spots = [(i, w) for i, w in spots if i >= 0]
    start = max(0, min(i for i, _ in spots) - SNIPPET_CHARS // 3) if spots else 0
    text = body[start : start + SNIPPET_CHARS].replace("\n", " ")
    text = ("… " if start else "") + text + ("…" if start + SNIPPET_CHARS < len(body) else "")
    low = text.lower()
    marks = []
    for w in words:
        at = low.find(w.lower())
        while at >= 0:
            marks.append(Mark(at, at + len(w), "match", w))
            at = low.find(w.lower(), at + len(w))
    return segments(text, marks)


def _hit(m: AdMatch, words: tuple[str, ...]) -> Hit:
    return Hit(
        m.ad_id, m.site, m.site_ad_id, m.title, m.location, m.first_seen, m.network_id, m.network_size,
        snippet(m.title, m.body, words),
    )  # fmt: skip


def filter_for(parsed: ParsedQuery, **facets: Any) -> SearchFilter:
    return SearchFilter(words=parsed.words, identifiers=parsed.identifiers, **facets)


def run_search(store: Store, query: str, page: int = 1, **facets: Any) -> SearchPage:
    """One page of results for ``query`` narrowed by the facet values given (see SearchFilter)."""
    parsed = parse_query(query)
    f = filter_for(parsed, **facets)
    page = max(1, page)
    if not (f.words or f.identifiers or any(v is not None for v in facets.values())):
        return SearchPage(query, parsed, f, 0, [], Facets(), 1, 1, searched=False)
    with store.connect() as conn:
        matches, total = store_search.search_ads(conn, f, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        counts = store_search.facets(conn, f)
    hits = [_hit(m, f.words) for m in matches]
    pages = max(1, -(-total // PAGE_SIZE))
    return SearchPage(query, parsed, f, total, hits, counts, page, pages)
