"""The extract stage over the store: every version not yet extracted, in batches, on all cores.

Incremental by construction: a version is marked done in the same transaction that stores its
values, so re-running does nothing new and a killed run resumes where it stopped. Values are stored
with their kind, normalised value, raw text, span, rule and kind-specific facts (``attrs``), spans
indexing into :func:`threadline.store.records.version_text`.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from threadline.config import Config
from threadline.extract.api import KINDS, Extraction, extract_pairs
from threadline.store.records import ExtractionRow, VersionText
from threadline.store.store import Store

EXTRACTOR = "threadline-extract/1"
PAGE = 2000  # versions read per query and written per transaction
_SPAN_FIELDS = frozenset({"value", "raw", "start", "end", "rule"})
_QUALIFIED = {"handles": "service", "payment": "service"}  # value stored as "service:value"
KIND_NAMES = {
    "phones": "phone",
    "emails": "email",
    "urls": "url",
    "handles": "handle",
    "payment": "payment",
    "ages": "age",
    "prices": "price",
    "places": "place",
    "names": "name",
}


@dataclass(slots=True)
class ExtractReport:
    versions: int = 0
    values: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def rows_for(version_id: int, ex: Extraction) -> list[ExtractionRow]:
    """The stored form of one version's extraction."""
    rows: list[ExtractionRow] = []
    for kind in KINDS:
        name = kind.KIND
        for rec in getattr(ex, name):
            data: dict[str, Any] = rec.to_json()
            value = str(data["value"])
            if name in _QUALIFIED:
                value = f"{data[_QUALIFIED[name]]}:{value}"
            attrs = {k: v for k, v in data.items() if k not in _SPAN_FIELDS}
            rows.append(
                ExtractionRow(
                    version_id, KIND_NAMES[name], value, data["raw"], data["start"], data["end"], data["rule"], attrs
                )
            )
    return rows


def _pages(store: Store) -> Iterator[VersionText]:
    after = 0
    while page := store.unextracted(after, PAGE):
        yield from page
        after = page[-1].id


def run_extract(store: Store, config: Config, progress: Callable[[int], None] | None = None) -> ExtractReport:
    """Extract every version the store has not extracted yet."""
    started = time.perf_counter()
    report = ExtractReport()
    versions = _pages(store)
    pending_ids: list[int] = []
    pending_rows: list[ExtractionRow] = []

    def flush() -> None:
        store.write_extractions(pending_ids, pending_rows, EXTRACTOR)
        if progress is not None:
            progress(len(pending_ids))
        pending_ids.clear()
        pending_rows.clear()

    # The ids travel beside the texts: extract_pairs keeps input order, so a FIFO lines them up again.
    id_stream: deque[int] = deque()

    def texts() -> Iterator[tuple[str, str | None]]:
        for v in versions:
            id_stream.append(v.id)
            yield v.text, v.location

    results = extract_pairs(texts(), workers=config.workers, region=config.default_region)
    for ex in results:
        version_id = id_stream.popleft()
        rows = rows_for(version_id, ex)
        pending_ids.append(version_id)
        pending_rows.extend(rows)
        report.versions += 1
        report.values += len(rows)
        for row in rows:
            report.by_kind[row.kind] = report.by_kind.get(row.kind, 0) + 1
        if len(pending_ids) >= PAGE:
            flush()
    if pending_ids:
        flush()
    report.seconds = time.perf_counter() - started
    return report
