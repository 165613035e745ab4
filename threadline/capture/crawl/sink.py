"""Ingest as the crawl goes: captures read back from the WARC are prepared and written in batches.

The path is ``threadline ingest``'s own: :func:`threadline.ingest.prepare.prepare_capture` (hash,
compress, parse with the site adapters) and :meth:`Store.write_batch` (versions, sightings,
deletions), under an ingest run that records the crawl. After each batch the crawl state is saved
(:func:`threadline.capture.crawl.state.save`) with the WARC offset the batch reaches, so the state
never runs ahead of the captures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from threadline.capture.crawl import state
from threadline.capture.crawl.frontier import Frontier
from threadline.capture.records import Capture
from threadline.ingest.prepare import prepare_capture
from threadline.parse.registry import Parser
from threadline.store.records import BatchCounts
from threadline.store.rows import PreparedCapture
from threadline.store.store import Store


@dataclass(slots=True)
class Sink:
    store: Store
    parser: Parser
    frontier: Frontier
    run_id: int
    batch: int
    counts: BatchCounts = field(default_factory=BatchCounts)
    pending: list[PreparedCapture] = field(default_factory=list)
    offsets: dict[str, int] = field(default_factory=dict)  # WARC path -> end of what ``pending`` covers

    def prepare(self, capture: Capture) -> PreparedCapture:
        """Parse one capture for the crawl's decisions and queue it for the store."""
        prepared = prepare_capture(capture, self.parser)
        self.pending.append(prepared)
        return prepared

    def covered(self, path: str, offset: int) -> None:
        """Everything of WARC ``path`` before ``offset`` is queued (or needed no ingest)."""
        self.offsets[path] = offset

    @property
    def full(self) -> bool:
        return len(self.pending) >= self.batch

    def flush(self) -> BatchCounts:
        """Write the queued captures, then the state that goes with them; returns the batch's counts."""
        counts = BatchCounts()
        if self.pending:
            counts = self.store.write_batch(self.run_id, self.pending, [])
            self.counts.add(counts)
            self.pending = []
        state.save(self.store, self.frontier.changed(), self.offsets)
        self.offsets = {}
        return counts
