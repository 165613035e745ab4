"""The extract stage's public API: one text in, every identifier out, each with its evidence span.

``extract(text)`` runs every kind module in :data:`KINDS` over one prepared text; later kinds see
what earlier ones found (handles read URLs and phones, prices skip phone and age digits, places add
each phone's area-code city). ``extract_many`` does the same for a stream of texts on worker
processes: chunks go out to a pool (this process doing its share), results come back in input order
with a bounded number of chunks in flight, so memory stays flat on an endless stream, and they cross
the process boundary as ``marshal``-ed plain tuples, several times cheaper than pickled dataclasses.
"""

from __future__ import annotations

import dataclasses
import gc
import itertools
import marshal
import multiprocessing
import operator
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from multiprocessing.pool import AsyncResult
from typing import Any, Protocol, TypeVar

from threadline.extract import ages, emails, handles, names, payment, phones, places, prices, urls
from threadline.extract.normalize import Doc, prepare
from threadline.extract.records import Age, Email, Found, Handle, Name, Payment, Phone, Place, Price, Url

Item = tuple[str, str | None]  # (text, location field)
T = TypeVar("T")
R = TypeVar("R")
ChunkFn = Callable[[list[T], str], list[R]]


class Kind(Protocol):
    """What every kind module provides (its ``normalise``/``validate`` take kind-specific values)."""

    KIND: str

    def find(self, doc: Doc, found: Found | None = None) -> Sequence[object]: ...


# The JSON contract's order of kinds, which is also the order they run in: each kind may read what
# the kinds before it found (handles read URLs and phones, prices skip phone and age digits, places
# read phones, names read the names ages were written next to).
KINDS: tuple[Kind, ...] = (phones, emails, urls, handles, payment, ages, prices, places, names)


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one text. Field names are the JSON contract."""

    phones: tuple[Phone, ...] = ()
    emails: tuple[Email, ...] = ()
    urls: tuple[Url, ...] = ()
    handles: tuple[Handle, ...] = ()
    payment: tuple[Payment, ...] = ()
    ages: tuple[Age, ...] = ()
    prices: tuple[Price, ...] = ()
    places: tuple[Place, ...] = ()
    names: tuple[Name, ...] = ()

    def to_json(self) -> dict[str, list[dict[str, Any]]]:
        return {kind.KIND: [r.to_json() for r in getattr(self, kind.KIND)] for kind in KINDS}

    def __reduce__(self) -> tuple[Any, ...]:
        return (Extraction, tuple(getattr(self, kind.KIND) for kind in KINDS))


def extract(text: str, *, region: str = "US", location: str | None = None) -> Extraction:
    """All identifiers in ``text``. ``region`` is the default phone region; ``location`` is the
    ad's location field, resolved as a place with ``source="location"``."""
    doc = prepare(text, region=region, location=location)
    found = Found()
    for kind in KINDS:
        setattr(found, kind.KIND, kind.find(doc, found))
    return Extraction(*(tuple(getattr(found, kind.KIND)) for kind in KINDS))


def warm_up() -> None:
    """Build every lazily built table now (the gazetteer matcher), e.g. before forking workers."""
    places.matcher()
    extract("warm up: call 702-555-0143, I'm 21, $150 hr, in Las Vegas, NV", location="Las Vegas, NV")


# --- fan-out to worker processes ---------------------------------------------------------------
def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _run(fn: ChunkFn[T, R], pack: Callable[[list[R]], Any] | None, chunk: list[T], region: str) -> Any:
    result = fn(chunk, region)
    return pack(result) if pack is not None else result


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
    flattened, in input order. This process counts as one of the workers and runs every
    ``workers``-th chunk itself while the others run in forked processes. One worker, or input that
    fits in one chunk, runs entirely here (no pool start-up, no packing). ``fn``, ``pack`` and
    ``unpack`` must be module-level functions."""
    workers = workers or os.cpu_count() or 1
    chunks = _chunks(items, chunk_size)
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    if workers <= 1 or second is None:
        for chunk in itertools.chain([first], [second] if second else [], chunks):
            yield from fn(chunk, region)
        return
    if warm_up is not None:
        warm_up()  # forked workers inherit built tables instead of each building its own
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    gc.freeze()  # forked workers then neither copy nor re-scan the parent's long-lived objects
    try:
        pool = ctx.Pool(workers - 1)  # this process is the last worker: no core sits waiting
    finally:
        gc.unfreeze()
    # In input order: a chunk this process will run itself, or a worker's pending result.
    pending: deque[tuple[list[T], None] | tuple[None, AsyncResult[Any]]] = deque()

    def results(entry: tuple[list[T], None] | tuple[None, AsyncResult[Any]]) -> list[R]:
        local, remote = entry
        if local is not None:
            return fn(local, region)
        assert remote is not None
        payload = remote.get()
        return unpack(payload) if unpack is not None else list(payload)

    with pool:
        for index, chunk in enumerate(itertools.chain([first, second], chunks)):
            if index % workers == workers - 1:
                pending.append((chunk, None))
            else:
                pending.append((None, pool.apply_async(_run, (fn, pack, chunk, region))))
            while len(pending) >= workers * 3:  # bounded in flight: flat memory on endless input
                yield from results(pending.popleft())
        while pending:
            yield from results(pending.popleft())


_TYPES = (Phone, Email, Url, Handle, Payment, Age, Price, Place, Name)  # in KINDS order
_GETTERS = tuple(operator.attrgetter(*(f.name for f in dataclasses.fields(t))) for t in _TYPES)


@lru_cache(maxsize=4096)
def _extract_repeated(text: str, region: str, location: str | None) -> Extraction:
    # Ad corpora repeat themselves (reposts, the same text under many ad ids: a third of the
    # synthetic world's versions); an Extraction is immutable, so a repeat can share the result.
    return extract(text, region=region, location=location)


def _extract_chunk(chunk: list[Item], region: str) -> list[Extraction]:
    return [
        _extract_repeated(text, region, loc) if len(text) <= 20_000 else extract(text, region=region, location=loc)
        for text, loc in chunk
    ]


def _pack(results: list[Extraction]) -> bytes:
    # Plain nested tuples through marshal: far cheaper across processes than pickled dataclasses.
    return marshal.dumps(
        [tuple(tuple(map(get, getattr(ex, k.KIND))) for get, k in zip(_GETTERS, KINDS, strict=True)) for ex in results]
    )


def _unpack(payload: bytes) -> list[Extraction]:
    return [
        Extraction(*(tuple(cls(*f) for f in items) if items else () for cls, items in zip(_TYPES, row, strict=True)))
        for row in marshal.loads(payload)
    ]


def extract_many(
    texts: Iterable[str], *, workers: int = 0, region: str = "US", chunk_size: int = 256
) -> Iterator[Extraction]:
    """``extract`` over many texts using worker processes (0 = one per core), in input order."""
    items: Iterator[Item] = ((t, None) for t in texts)
    return extract_pairs(items, workers=workers, region=region, chunk_size=chunk_size)


def extract_pairs(
    items: Iterable[Item], *, workers: int = 0, region: str = "US", chunk_size: int = 256
) -> Iterator[Extraction]:
    """Like :func:`extract_many` for (text, location) pairs."""
    return parallel_map(
        _extract_chunk, items, workers=workers, region=region, chunk_size=chunk_size,
        pack=_pack, unpack=_unpack, warm_up=warm_up,
    )  # fmt: skip
