"""The extract stage's public API: one text in, every identifier out, each with its evidence span.

``extract(text)`` runs every kind module in :data:`KINDS` over one prepared text; later kinds see
what earlier ones found (handles read URLs and phones, prices skip phone and age digits, places add
each phone's area-code city). ``extract_many`` does the same for a stream of texts on worker
processes (:mod:`threadline.extract.parallel`): results come back in input order, and they cross
the process boundary as ``marshal``-ed plain tuples, several times cheaper than pickled dataclasses.
"""

from __future__ import annotations

import dataclasses
import itertools
import marshal
import operator
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from threadline.extract import ages, emails, handles, names, payment, phones, places, prices, urls
from threadline.extract.normalize import Doc, prepare
from threadline.extract.parallel import parallel_map
from threadline.extract.records import Age, Email, Found, Handle, Name, Payment, Phone, Place, Price, Url, fast_init

Item = tuple[str, str | None]  # (text, location field)
__all__ = ["KINDS", "Extraction", "extract", "extract_many", "extract_pairs", "parallel_map", "warm_up"]


class Kind(Protocol):
    """What every kind module provides (its ``normalise``/``validate`` take kind-specific values)."""

    KIND: str

    def find(self, doc: Doc, found: Found | None = None) -> Sequence[object]: ...


# The JSON contract's order of kinds, which is also the order they run in: each kind may read what
# the kinds before it found (handles read URLs and phones, prices skip phone and age digits, places
# read phones, names read the names ages were written next to).
KINDS: tuple[Kind, ...] = (phones, emails, urls, handles, payment, ages, prices, places, names)


@fast_init
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
    for name, find in _STEPS:
        setattr(found, name, find(doc, found))
    return Extraction(*map(tuple, _GROUPS(found)))


_STEPS = tuple((kind.KIND, kind.find) for kind in KINDS)
_GROUPS = operator.attrgetter(*(kind.KIND for kind in KINDS))  # Found or Extraction -> its nine groups


def warm_up() -> None:
    """Build every lazily built table now (the gazetteer matcher), e.g. before forking workers."""
    places.matcher()
    extract("warm up: call 702-555-0143, I'm 21, $150 hr, in Las Vegas, NV", location="Las Vegas, NV")


_TYPES = (Phone, Email, Url, Handle, Payment, Age, Price, Place, Name)  # in KINDS order
_GETTERS = tuple(operator.attrgetter(*(f.name for f in dataclasses.fields(t))) for t in _TYPES)
_WIDTHS = tuple(len(dataclasses.fields(t)) for t in _TYPES)
_PICKS = tuple(operator.itemgetter(i) for i in range(len(_TYPES)))  # a text's nine groups -> one


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
    """A chunk's extractions as flat columns through marshal: far cheaper across processes than
    pickled dataclasses. Per kind, every field of every record of the chunk in one flat list, and
    how many records each text has per kind; the map/chain pipelines keep the work in C, and the
    other side rebuilds with few objects besides the records themselves (little for its collector)."""
    groups = list(map(_GROUPS, results))  # per text, its nine tuples of records
    counts = list(map(len, itertools.chain.from_iterable(groups)))
    columns = [
        list(itertools.chain.from_iterable(map(get, itertools.chain.from_iterable(map(pick, groups)))))
        for get, pick in zip(_GETTERS, _PICKS, strict=True)
    ]
    return marshal.dumps((len(results), counts, columns))


def _unpack(payload: bytes) -> list[Extraction]:
    n, counts, columns = marshal.loads(payload)
    # One iterator of rebuilt records per kind; each text then takes its share of each, in order.
    # zip(*[it] * width) cuts a flat column into records' fields (reusing one tuple as it goes).
    records = [
        iter(list(itertools.starmap(cls, zip(*[iter(column)] * width, strict=True))))
        for cls, width, column in zip(_TYPES, _WIDTHS, columns, strict=True)
    ]
    share, kinds = iter(counts), len(KINDS)
    return [Extraction(*map(tuple, map(itertools.islice, records, itertools.islice(share, kinds)))) for _ in range(n)]


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
