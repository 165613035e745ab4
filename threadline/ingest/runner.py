"""Run an ingest: find the inputs, prepare them in worker processes, write batches in one writer.

One writer keeps SQLite happy (it allows one writer at a time) and keeps the store logic free of
locking; the workers do the CPU work. A file that fails as a whole (cannot be opened, or an
unexpected error) is recorded with its error and the run goes on with the other files.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import queue
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from threadline.capture.detect import InputFile, find_inputs
from threadline.config import Config
from threadline.errors import ThreadlineError
from threadline.ingest.prepare import PreparedBatch, prepare_file
from threadline.parse.registry import Parser
from threadline.store.records import BatchCounts
from threadline.store.store import Store

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]  # (records just written, files finished so far)
# ("batch", file index, PreparedBatch) or ("done", file index, error or None); workers send the
# batch encoded (bytes) and the parent decodes it.
Message = tuple[str, int, Any]
# Batches the writer stores in one transaction: each commit rewrites the index pages its rows touched
# (the SHA-256 keys land all over their indexes), so four batches per commit write about half the
# pages four single commits would. The writer waits for the group to fill (or the last file to end).
GROUP_BATCHES = 4


@dataclass(slots=True)
class FileReport:
    path: str
    format: str
    records: int = 0
    captures: int = 0
    skipped: int = 0
    rejected: int = 0
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


@dataclass(slots=True)
class IngestReport:
    run_id: int
    files: list[FileReport]
    counts: BatchCounts = field(default_factory=BatchCounts)
    seconds: float = 0.0

    @property
    def records(self) -> int:
        return sum(f.records for f in self.files)

    @property
    def skipped(self) -> int:
        return sum(f.skipped for f in self.files)

    def totals(self) -> dict[str, int]:
        return {
            "records": self.records,
            "skipped": self.skipped,
            **self.counts.as_dict(),
            "files": len(self.files),
            "files_failed": sum(1 for f in self.files if f.error),
        }


def _worker(tasks: Any, results: Any, config: Config) -> None:
    parser = Parser.from_config(config)
    while True:
        task = tasks.get()
        if task is None:
            return
        index, source = task
        try:
            for batch in prepare_file(source, config, parser):
                results.put(("batch", index, batch.encode()))
            results.put(("done", index, None))
        except ThreadlineError as exc:
            results.put(("done", index, str(exc)))
        except Exception as exc:  # a bug must cost one file, never the run
            log.exception("unexpected error reading %s", source.path)
            results.put(("done", index, f"unexpected error: {type(exc).__name__}: {exc}"))


def _receive(results: Any, procs: Sequence[Any]) -> Message:
    """The next message of the workers; ThreadlineError when they all died before sending it."""
    while True:
        try:
            message: Message = results.get(timeout=5)
            return message
        except queue.Empty:
            if not any(p.is_alive() for p in procs):
                raise ThreadlineError("ingest workers died unexpectedly") from None


def _parallel(inputs: Sequence[InputFile], config: Config, workers: int) -> Iterator[list[Message]]:
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context("spawn")
    tasks = ctx.Queue()
    results = ctx.Queue(maxsize=workers * 4)  # back-pressure: workers wait while the writer catches up
    for item in enumerate(inputs):
        tasks.put(item)
    for _ in range(workers):
        tasks.put(None)
    procs = [ctx.Process(target=_worker, args=(tasks, results, config), daemon=True) for _ in range(workers)]
    for p in procs:
        p.start()
    pending = len(inputs)
    try:
        while pending:
            group: list[Message] = []
            batches = done = 0
            # Fill the group before writing it, so one transaction stores GROUP_BATCHES batches.
            while batches < GROUP_BATCHES and done < pending:
                message = _receive(results, procs)
                group.append(message)
                if message[0] == "batch":
                    batches += 1
                else:
                    done += 1
            pending -= done
            yield [(kind, index, PreparedBatch.decode(p) if kind == "batch" else p) for kind, index, p in group]
    finally:
        for p in procs:
            p.join(timeout=5)
            if p.is_alive():
                p.terminate()


def _serial(inputs: Sequence[InputFile], config: Config) -> Iterator[list[Message]]:
    parser = Parser.from_config(config)
    for index, source in enumerate(inputs):
        try:
            for batch in prepare_file(source, config, parser):
                yield [("batch", index, batch)]
            yield [("done", index, None)]
        except ThreadlineError as exc:
            yield [("done", index, str(exc))]


def _write(
    store: Store,
    run_id: int,
    batches: list[PreparedBatch],
    report: IngestReport,
    progress: Progress | None,
    files_done: int,
) -> None:
    """Store ``batches`` in one transaction: fewer, larger commits rewrite fewer index pages."""
    if not batches:
        return
    items = [it for b in batches for it in b.items]
    rejected = [q for b in batches for q in b.rejected]
    report.counts.add(store.write_batch(run_id, items, rejected))
    if progress is not None:
        progress(sum(b.records for b in batches), files_done)


def ingest(store: Store, paths: Sequence[Path], config: Config, progress: Progress | None = None) -> IngestReport:
    """Ingest files and folders into ``store``; never stops on a bad record or a bad file."""
    inputs = find_inputs(paths)
    started = time.perf_counter()
    run_id = store.start_run([str(p) for p in paths])
    report = IngestReport(run_id, [FileReport(str(i.path), i.format) for i in inputs])
    workers = config.workers or os.cpu_count() or 1
    workers = min(workers, len(inputs))
    stream = _parallel(inputs, config, workers) if workers > 1 else _serial(inputs, config)
    files_done = 0
    status = "failed"
    try:
        with store.bulk_load():
            for group in stream:
                batches: list[PreparedBatch] = []
                for kind, index, payload in group:
                    if kind == "batch":
                        file_report = report.files[index]
                        file_report.records += payload.records
                        file_report.skipped += payload.skipped
                        file_report.captures += len(payload.items)
                        file_report.rejected += len(payload.rejected)
                        batches.append(payload)
                _write(store, run_id, batches, report, progress, files_done)
                for kind, index, payload in group:  # after the write: a file's report follows its batches
                    if kind == "done":
                        files_done += 1
                        file_report = report.files[index]
                        file_report.error = payload
                        store.record_file(run_id, file_report.path, file_report.format, file_report.as_dict(), payload)
                        if progress is not None:
                            progress(0, files_done)
        status = "finished"
    finally:
        report.seconds = time.perf_counter() - started
        store.finish_run(run_id, status, report.totals(), report.seconds)
    return report
