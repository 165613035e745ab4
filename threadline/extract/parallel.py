"""Fan-out of chunk functions to forked worker processes, results in input order.

:func:`parallel_map` runs ``fn(chunk, region)`` over chunks of a stream on ``workers`` processes, this
one included. Chunks are handed out as the workers free up rather than in a fixed rotation: a
chunk goes to the pool while fewer than two are queued per worker, and otherwise this process runs
it itself. This process also unpacks what the workers send back, so a fixed one-in-N share would
leave it the slowest; handing out on demand keeps every core busy whatever the split costs. At
most a few chunks per worker are in flight, so memory stays flat on an endless stream.

Workers are forked after ``warm_up`` with the heap frozen (``gc.freeze``): they inherit the built
tables instead of building their own, and their collector never re-scans them. While a run lasts,
the collector's first generation is roomier (see ``GC_FIRST_GENERATION``); both are undone after.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.pool import AsyncResult, Pool
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
ChunkFn = Callable[[list[T], str], list[R]]

QUEUED_PER_WORKER = 2  # a worker always has its next chunk waiting: no idle gap between chunks
IN_FLIGHT_PER_WORKER = 4  # chunks held in order per process before the oldest must be waited for
GC_FIRST_GENERATION = 50_000  # objects allocated (net) between young collections during a run


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _run(fn: ChunkFn[T, R], pack: Callable[[list[R]], Any] | None, chunk: list[T], region: str) -> Any:
    result = fn(chunk, region)
    return pack(result) if pack is not None else result


def _collect_less() -> tuple[int, ...]:
    """Freeze what exists and give the first generation room (see parallel_map); returns the
    thresholds to restore."""
    threshold = gc.get_threshold()
    gc.freeze()
    if threshold[0]:  # 0: collection is off, leave it so
        gc.set_threshold(max(threshold[0], GC_FIRST_GENERATION), *threshold[1:])
    return threshold


def _worker_init() -> None:
    _collect_less()  # what the worker inherited stays out of its collections


def parallel_map(
    fn: ChunkFn[T, R],
    items: Iterable[T],
    *,
    workers: int,
    region: str,
    chunk_size: int = 256,
    pack: Callable[[list[R]], Any] | None = None,
    unpack: Callable[[Any], list[R]] | None = None,
    warm_up: Callable[[], None] | None = None,
) -> Iterator[R]:
    """``fn(chunk, region)`` over chunks of ``items`` on ``workers`` processes (0 = one per core),
    flattened, in input order. One worker, or input that fits in one chunk, runs entirely here (no
    pool start-up, no packing). ``fn``, ``pack`` and ``unpack`` must be module-level functions;
    ``pack`` runs in the worker on its results and ``unpack`` here on what it sent."""
    workers = workers or os.cpu_count() or 1
    stream = chunks(items, chunk_size)
    first = next(stream, None)
    if first is None:
        return
    second = next(stream, None)
    if workers <= 1 or second is None:
        for chunk in itertools.chain([first], [second] if second else [], stream):
            yield from fn(chunk, region)
        return
    if warm_up is not None:
        warm_up()  # forked workers inherit built tables instead of each building its own
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    # Frozen for the whole run: forked workers neither copy nor re-scan the long-lived objects, and
    # neither does this process's collector. And a roomier first generation while results stream
    # through: they live a few chunks, and at the usual threshold the collector would walk each
    # unpacked record two or three times before it is dropped (as costly as building it).
    threshold = _collect_less()
    try:
        with ctx.Pool(workers - 1, initializer=_worker_init) as pool:  # this process is the last worker
            yield from _ordered(pool, fn, itertools.chain([first, second], stream), workers, region, pack, unpack)
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _ordered(
    pool: Pool,
    fn: ChunkFn[T, R],
    stream: Iterator[list[T]],
    workers: int,
    region: str,
    pack: Callable[[list[R]], Any] | None,
    unpack: Callable[[Any], list[R]] | None,
) -> Iterator[R]:
    """The chunks' results in input order: each chunk goes to the pool while fewer than
    QUEUED_PER_WORKER wait per worker, else this process runs it itself."""
    # In input order: results this process computed, or a worker's pending result.
    pending: deque[list[R] | AsyncResult[Any]] = deque()
    queued: deque[AsyncResult[Any]] = deque()  # sent to the pool, in order, not known to be done
    max_queued = QUEUED_PER_WORKER * (workers - 1)
    max_pending = IN_FLIGHT_PER_WORKER * workers

    def take(entry: list[R] | AsyncResult[Any]) -> list[R]:
        if isinstance(entry, list):
            return entry
        payload = entry.get()
        return unpack(payload) if unpack is not None else list(payload)

    for chunk in stream:
        while queued and queued[0].ready():
            queued.popleft()
        if len(queued) < max_queued:
            result: AsyncResult[Any] = pool.apply_async(_run, (fn, pack, chunk, region))
            queued.append(result)
            pending.append(result)
        else:  # every worker has work waiting: this process takes the chunk
            pending.append(fn(chunk, region))
        while pending and (isinstance(pending[0], list) or pending[0].ready() or len(pending) >= max_pending):
            yield from take(pending.popleft())
    while pending:
        yield from take(pending.popleft())
