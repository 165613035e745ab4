"""The store's narrow interface. Everything above the store (ingest, CLI, web) talks to this class,
so SQLite and PostgreSQL share all code above it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from threadline.store import ads, blobs, extractions, queries, writer
from threadline.store.dialects import SQLITE_BULK, SQLITE_EVERYDAY, set_pragmas
from threadline.store.engine import create_engine, migrate
from threadline.store.records import (
    AdView,
    BatchCounts,
    ExtractionRow,
    SearchHit,
    StoreStats,
    VersionText,
)
from threadline.store.rows import PreparedCapture, QuarantineItem
from threadline.store.schema import ingest_file, ingest_run

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BlobProblem:
    sha256: str
    problem: str


class Store:
    """An open evidence store. Create with :meth:`open`; close with :meth:`close` or ``with``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sites = ads.SiteCache()
        # The connection of a running bulk load, and the thread it belongs to (another thread, say a
        # web request, writes through a connection of its own meanwhile).
        self._bulk: Connection | None = None
        self._bulk_thread = 0

    @classmethod
    def open(cls, url: str) -> Store:
        engine = create_engine(url)
        migrate(engine)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    # -- ingest runs --------------------------------------------------------------------------
    def start_run(self, inputs: Sequence[str]) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(
                ingest_run.insert().values(
                    started_at=datetime.now(UTC), status="running", inputs=list(inputs), counts={}
                )
            )
            return int(result.inserted_primary_key[0])  # type: ignore[index]

    def finish_run(self, run_id: int, status: str, counts: dict[str, int], seconds: float) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                ingest_run.update()
                .where(ingest_run.c.id == run_id)
                .values(finished_at=datetime.now(UTC), status=status, counts=counts, seconds=round(seconds, 3))
            )

    def record_file(self, run_id: int, path: str, fmt: str, counts: dict[str, int], error: str | None) -> None:
        with self._writing() as conn:
            conn.execute(ingest_file.insert().values(run_id=run_id, path=path, format=fmt, counts=counts, error=error))

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A transaction on the bulk-load connection while one runs (another connection committing
        would checkpoint the bulk load's large WAL at its everyday threshold), else on any."""
        if self._bulk is not None and self._bulk_thread == threading.get_ident():
            with self._bulk.begin():
                yield self._bulk
        else:
            with self.engine.begin() as conn:
                yield conn

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Within this block :meth:`write_batch` uses one connection tuned for a long run of writes."""
        with self.engine.connect() as conn:
            set_pragmas(conn, SQLITE_BULK)
            conn.commit()
            self._bulk, self._bulk_thread = conn, threading.get_ident()
            try:
                yield
            finally:
                self._bulk = None
                conn.rollback()
                set_pragmas(conn, SQLITE_EVERYDAY)
                conn.commit()

    def write_batch(
        self, run_id: int, items: Sequence[PreparedCapture], rejected: Sequence[QuarantineItem] = ()
    ) -> BatchCounts:
        with self._writing() as conn:
            return writer.write_batch(conn, run_id, items, rejected, self._sites)

    def runs(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.select(ingest_run).order_by(ingest_run.c.id))]

    # -- reading -------------------------------------------------------------------------------
    def stats(self) -> StoreStats:
        with self.engine.connect() as conn:
            return queries.stats(conn)

    def ad(self, site: str, site_ad_id: str) -> AdView:
        with self.engine.connect() as conn:
            return queries.get_ad(conn, site, site_ad_id)

    def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        with self.engine.connect() as conn:
            return queries.search(conn, text, limit)

    def verify(self, progress: Callable[[int], None] | None = None) -> tuple[int, list[BlobProblem]]:
        """Recompute the SHA-256 of every stored capture; return (checked, problems)."""
        checked = 0
        problems: list[BlobProblem] = []
        with self.engine.connect() as conn:
            for sha, compression, data in queries.iter_blobs(conn):
                problem = blobs.check(sha, compression, data)
                if problem:
                    problems.append(BlobProblem(sha, problem))
                checked += 1
                if progress is not None and checked % 500 == 0:
                    progress(500)
        return checked, problems

    # -- extraction -----------------------------------------------------------------------------
    def count_unextracted(self) -> int:
        with self.engine.connect() as conn:
            return extractions.count_pending(conn)

    def unextracted(self, after_id: int, limit: int) -> list[VersionText]:
        with self.engine.connect() as conn:
            return extractions.pending(conn, after_id, limit)

    def write_extractions(self, version_ids: Sequence[int], rows: Sequence[ExtractionRow], extractor: str) -> None:
        with self.engine.begin() as conn:
            extractions.write(conn, version_ids, rows, extractor)

    def extractions(self, version_id: int) -> list[ExtractionRow]:
        with self.engine.connect() as conn:
            return extractions.for_version(conn, version_id)
