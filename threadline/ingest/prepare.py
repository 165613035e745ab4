"""Worker-side ingest: read one input file and turn its records into store-ready batches.

Everything here is CPU work that parallelises by file: decoding, SHA-256, compression and HTML
parsing. A failure inside one record becomes a quarantine item; nothing here touches the store.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

from threadline.capture.detect import InputFile, read_input
from threadline.capture.records import Capture, Rejected, Skipped
from threadline.config import Config
from threadline.errors import RecordError
from threadline.parse.records import PageResult
from threadline.parse.registry import Parser
from threadline.store.blobs import COMPRESSION, compress
from threadline.store.records import PreparedCapture, QuarantineItem

log = logging.getLogger(__name__)
SAMPLE_BYTES = 4096


@dataclass(slots=True)
class PreparedBatch:
    items: list[PreparedCapture] = field(default_factory=list)
    rejected: list[QuarantineItem] = field(default_factory=list)
    records: int = 0
    skipped: int = 0

    def __len__(self) -> int:
        return len(self.items) + len(self.rejected)


def prepare_capture(capture: Capture, parser: Parser) -> PreparedCapture:
    """Hash, compress and parse one capture. Parsing problems never lose the capture itself."""
    page: PageResult | None = None
    failure: tuple[str, str] | None = None
    try:
        page = parser.parse(capture)
    except RecordError as exc:
        failure = (exc.kind, exc.reason)
    except Exception as exc:  # ad pages are hostile input: an adapter bug must cost one record, not the run
        log.warning("adapter crashed on %s: %r", capture.origin.describe(), exc)
        failure = ("parse-failure", f"adapter error {type(exc).__name__}: {exc}")
    return PreparedCapture(
        sha256=capture.sha256,
        size=len(capture.raw),
        compression=COMPRESSION,
        data=compress(capture.raw),
        url=capture.url,
        captured_at=capture.captured_at,
        origin=capture.origin.describe(),
        content_type=capture.content_type,
        http_status=capture.http_status,
        http_headers=[list(h) for h in capture.http_headers] or None,
        page=page,
        failure=failure,
    )


def quarantine_item(rejected: Rejected) -> QuarantineItem:
    return QuarantineItem(rejected.origin.describe(), rejected.kind, rejected.reason, rejected.raw[:SAMPLE_BYTES])


def prepare_file(source: InputFile, config: Config, parser: Parser) -> Iterator[PreparedBatch]:
    """Batches of at most ``config.ingest_batch`` records, in file order."""
    batch = PreparedBatch()
    for item in read_input(source, config):
        batch.records += 1
        if isinstance(item, Capture):
            batch.items.append(prepare_capture(item, parser))
        elif isinstance(item, Rejected):
            batch.rejected.append(quarantine_item(item))
        elif isinstance(item, Skipped):
            batch.skipped += 1
        if batch.records >= config.ingest_batch:
            yield batch
            batch = PreparedBatch()
    if batch.records:
        yield batch
