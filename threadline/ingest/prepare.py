"""Worker-side ingest: read one input file and turn its records into store-ready batches.

Everything here is CPU work that parallelises by file: decoding, SHA-256, compression, HTML parsing,
and putting every value in the form the store keeps it (see :mod:`threadline.store.rows`), so the
single writer has as little left to do as possible. A failure inside one record becomes a quarantine
item; nothing here touches the store. A batch crosses to the writer as one ``marshal`` string of
plain tuples, which costs the writer a fraction of unpickling objects.
"""

from __future__ import annotations

import logging
import marshal
from collections.abc import Iterator
from dataclasses import dataclass, field

from threadline.capture.detect import InputFile, read_input
from threadline.capture.records import Capture, Rejected, Skipped
from threadline.capture.values import excerpt
from threadline.config import Config
from threadline.errors import RecordError
from threadline.parse.records import PageResult
from threadline.parse.registry import Parser
from threadline.store.blobs import pack
from threadline.store.rows import PreparedCapture, QuarantineItem, prepared_capture

log = logging.getLogger(__name__)


@dataclass(slots=True)
class PreparedBatch:
    items: list[PreparedCapture] = field(default_factory=list)
    rejected: list[QuarantineItem] = field(default_factory=list)
    records: int = 0
    skipped: int = 0

    def __len__(self) -> int:
        return len(self.items) + len(self.rejected)

    def encode(self) -> bytes:
        """The batch as one byte string for the pipe to the writer (see :meth:`decode`)."""
        items = [tuple(it) for it in self.items]
        rejected = [tuple(q) for q in self.rejected]
        # marshal's format is only stable within one Python version: both ends are one process tree.
        return marshal.dumps((self.records, self.skipped, items, rejected))

    @classmethod
    def decode(cls, data: bytes) -> PreparedBatch:
        records, skipped, items, rejected = marshal.loads(data)
        return cls(
            [PreparedCapture._make(it) for it in items],
            [QuarantineItem._make(q) for q in rejected],
            records,
            skipped,
        )


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
    compression, data = pack(capture.raw, compressible=not precompressed(capture))
    return prepared_capture(capture, data, compression, page, failure)


# Media types whose bytes are compressed by their own format.
_PACKED_TYPES = ("image/", "video/", "audio/", "application/zip", "application/gzip", "application/pdf")


def precompressed(capture: Capture) -> bool:
    """Whether the capture's body is compressed already: content-encoded, or a compressed format."""
    for name, value in capture.http_headers:
        if name.lower() == "content-encoding" and value.strip().lower() not in ("", "identity"):
            return True
    return capture.content_type is not None and capture.content_type.lower().startswith(_PACKED_TYPES)


def quarantine_item(rejected: Rejected) -> QuarantineItem:
    return QuarantineItem(rejected.origin.describe(), rejected.kind, rejected.reason, excerpt(rejected.raw))


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
