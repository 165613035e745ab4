"""The frontier: every URL the crawl knows, what it is, and when it is due to be fetched (again).

Listings (start URLs, pages they link to, sitemaps) are read every ``listing_interval`` to find new
ads; ads are fetched at once when found and then every ``revisit_interval`` to catch edits, until
the site says they are gone. A gone ad stays in the frontier with the time it was seen gone: the
store keeps it as deleted, never dropped. Times are epoch seconds of the crawl's clock (the real
one unless a caller passes its own, :class:`~threadline.capture.crawl.fetch.Clock`), so a schedule
saved by one process means the same to the next. Changed entries are collected for the state tables
(:mod:`threadline.capture.crawl.state`) and saved with the captures they belong to.
"""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass

START, LISTING, SITEMAP, AD = "start", "listing", "sitemap", "ad"
ACTIVE, GONE, CLOSED = "active", "gone", "closed"


@dataclass(slots=True)
class Entry:
    url: str
    site: str
    kind: str
    status: str = ACTIVE
    due: float = 0.0
    etag: str | None = None
    last_modified: str | None = None
    fails: int = 0
    fetches: int = 0
    first_seen: float = 0.0
    last_fetched: float | None = None
    gone_at: float | None = None


class Frontier:
    """Entries by URL and, per site, a heap of (due, sequence, url); stale heap rows are skipped."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self._heaps: dict[str, list[tuple[float, int, str]]] = {}
        self._seq = itertools.count()
        self._dirty: dict[str, Entry] = {}
        self._taken: set[str] = set()

    def load(self, entry: Entry) -> None:
        """Put a saved entry back (resuming); not marked as changed."""
        self.entries[entry.url] = entry
        if entry.status == ACTIVE:
            self._push(entry)

    def _push(self, entry: Entry) -> None:
        heapq.heappush(self._heaps.setdefault(entry.site, []), (entry.due, next(self._seq), entry.url))

    def touch(self, entry: Entry) -> None:
        self._dirty[entry.url] = entry

    def add(self, url: str, site: str, kind: str, now: float) -> Entry | None:
        """A newly found URL, due now; None when it is known already (a gone listing comes back)."""
        known = self.entries.get(url)
        if known is not None:
            if known.status == GONE and known.kind == LISTING:
                self.schedule(known, now)  # pages of a listing come and go with its length
                known.status = ACTIVE
            return None
        entry = Entry(url, site, kind, due=now, first_seen=now)
        self.entries[url] = entry
        self._push(entry)
        self.touch(entry)
        return entry

    def schedule(self, entry: Entry, due: float) -> None:
        entry.due = due
        self._taken.discard(entry.url)
        if entry.status == ACTIVE:
            self._push(entry)
        self.touch(entry)

    def finish(self, entry: Entry, status: str, now: float) -> None:
        """Take an entry off the schedule for good: the ad is gone or its site closed."""
        entry.status = status
        entry.gone_at = entry.gone_at or now
        self._taken.discard(entry.url)
        self.touch(entry)

    def pop_due(self, site: str, now: float) -> Entry | None:
        """The next entry of ``site`` due by ``now``, taken so no other worker fetches it too."""
        heap = self._heaps.get(site)
        while heap and heap[0][0] <= now:
            due, _, url = heapq.heappop(heap)
            entry = self.entries[url]
            if entry.status != ACTIVE or entry.due != due or url in self._taken:
                continue  # a stale row: the entry was re-scheduled or finished since
            self._taken.add(url)
            return entry
        return None

    def next_due(self, site: str) -> float | None:
        heap = self._heaps.get(site)
        while heap:
            due, _, url = heap[0]
            entry = self.entries[url]
            if entry.status == ACTIVE and entry.due == due and url not in self._taken:
                return due
            heapq.heappop(heap)
        return None

    def close_site(self, site: str, now: float) -> int:
        """Every active entry of a closed site off the schedule; returns how many."""
        closed = 0
        for entry in self.entries.values():
            if entry.site == site and entry.status == ACTIVE:
                self.finish(entry, CLOSED, now)
                closed += 1
        self._heaps.pop(site, None)
        return closed

    def changed(self) -> list[Entry]:
        """Entries changed since the last call (to be saved), in no particular order."""
        out = list(self._dirty.values())
        self._dirty.clear()
        return out

    def counts(self, site: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for entry in self.entries.values():
            if entry.site == site:
                key = f"{entry.kind}/{entry.status}"
                out[key] = out.get(key, 0) + 1
        return out
