"""Typed results of the extract stage: one frozen dataclass per identifier kind.

Every record carries the evidence for its value: ``raw`` is exactly ``text[start:end]`` of the ad text
it came from, and ``rule`` names the rule that produced it, so an analyst (or a court) can see why a
value was extracted. Values that come from outside the text (the ad's location field, a phone's area
code) have ``start``/``end`` of ``None`` and say where they came from in ``source``.
"""

from __future__ import annotations

import dataclasses
import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


_UNSET: Any = object()  # a default_factory field's parameter default: build the default


def fast_init(cls: type[T]) -> type[T]:
    """Give a frozen dataclass a cheaper ``__init__``: the generated one looks ``object.__setattr__``
    up afresh for every field; this one binds it once, as a keyword-only default (about a third
    faster, and every extracted value is built here, then rebuilt once more after crossing from a
    worker process). Behaviour is otherwise the same: positional or keyword fields, defaults."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    params, body = [], []
    namespace: dict[str, Any] = {"_object_setattr": object.__setattr__, "_UNSET": _UNSET}
    for f in fields:
        value = f.name
        if f.default is not dataclasses.MISSING:
            params.append(f"{f.name}=_default_{f.name}")
            namespace[f"_default_{f.name}"] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            params.append(f"{f.name}=_UNSET")
            namespace[f"_factory_{f.name}"] = f.default_factory
            value = f"_factory_{f.name}() if {f.name} is _UNSET else {f.name}"
        else:
            params.append(f.name)
        body.append(f"    _set(self, {f.name!r}, {value})\n")
    exec(f"def __init__(self, {', '.join(params)}, *, _set=_object_setattr):\n{''.join(body)}", namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


class _Record:
    """Mixin giving every record the same JSON form (a flat dict of its fields)."""

    __slots__ = ()

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _field_names(type(self))}

    def __reduce__(self) -> tuple[Any, ...]:
        # Records cross process boundaries in extract_many; positional reconstruction is several
        # times faster to unpickle than the generic slots state protocol.
        return (type(self), tuple(getattr(self, n) for n in _field_names(type(self))))


@fast_init
@dataclass(frozen=True, slots=True)
class Phone(_Record):
    value: str  # E.164, e.g. "+17025550143"
    raw: str
    start: int
    end: int
    rule: str
    obfuscated: bool  # the digits are not written as a plain digit-and-separator run
    country: str  # ISO region phonenumbers assigns ("US", "CA", "GB"...)


@fast_init
@dataclass(frozen=True, slots=True)
class Email(_Record):
    value: str  # lower-cased local@domain
    raw: str
    start: int
    end: int
    rule: str
    obfuscated: bool  # written with "at"/"dot" words or brackets


@fast_init
@dataclass(frozen=True, slots=True)
class Url(_Record):
    value: str  # host (lower-case, no scheme, no "www.") plus path, without a trailing slash
    raw: str
    start: int
    end: int
    rule: str
    domain: str


@fast_init
@dataclass(frozen=True, slots=True)
class Handle(_Record):
    service: str  # snapchat, instagram, twitter, telegram, whatsapp, kik, onlyfans
    value: str  # lower-case handle without "@"; for WhatsApp numbers the E.164 phone
    raw: str
    start: int
    end: int
    rule: str


@fast_init
@dataclass(frozen=True, slots=True)
class Payment(_Record):
    service: str  # cashapp, venmo, paypal
    value: str  # "$tag" for Cash App, "@name" for Venmo, the PayPal.me name or email for PayPal
    raw: str
    start: int
    end: int
    rule: str


@fast_init
@dataclass(frozen=True, slots=True)
class Age(_Record):
    value: int
    raw: str
    start: int
    end: int
    rule: str
    minor: bool  # a stated age under 18: always surfaced to the analyst
    name: str | None = None  # whose age, when written next to a name ("Kiki 25 / Tasha 26")


@fast_init
@dataclass(frozen=True, slots=True)
class Price(_Record):
    value: str  # compact key, e.g. "150 USD/60"
    raw: str
    start: int
    end: int
    rule: str
    amount: int
    currency: str  # ISO 4217; "$" and "roses" are the local dollar: CAD for ads placed in Canada
    per_minutes: int | None  # None when no time unit is attached


@fast_init
@dataclass(frozen=True, slots=True)
class Place(_Record):
    value: str  # "Las Vegas, NV"
    raw: str
    start: int | None
    end: int | None
    rule: str
    name: str
    region: str
    country: str
    geonameid: int
    lat: float
    lon: float
    source: str  # "text", "location" or "area_code"


@fast_init
@dataclass(frozen=True, slots=True)
class Name(_Record):
    value: str  # the advertised name, title-cased
    raw: str
    start: int
    end: int
    rule: str


@dataclass(slots=True)
class Found:
    """What the kinds found so far while one text is extracted; later kinds read earlier ones.

    Deliberately mutable: it is the working accumulator of :func:`threadline.extract.api.extract`,
    which freezes it into an :class:`Extraction` at the end.
    """

    phones: list[Phone] = dataclasses.field(default_factory=list)
    emails: list[Email] = dataclasses.field(default_factory=list)
    urls: list[Url] = dataclasses.field(default_factory=list)
    handles: list[Handle] = dataclasses.field(default_factory=list)
    payment: list[Payment] = dataclasses.field(default_factory=list)
    ages: list[Age] = dataclasses.field(default_factory=list)
    prices: list[Price] = dataclasses.field(default_factory=list)
    places: list[Place] = dataclasses.field(default_factory=list)
    names: list[Name] = dataclasses.field(default_factory=list)


class SpanIndex:
    """Spans [start, end) answering "does this span overlap any of them?" in O(log n).

    Hostile text can hold thousands of candidates; a linear scan per candidate would make
    extraction quadratic, so every kind that skips spans taken by another uses this.
    """

    __slots__ = ("_ends", "_max_end", "_starts")

    def __init__(self, spans: Collection[tuple[int | None, int | None]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._max_end: list[int] = []  # running maximum of ends, in start order
        if spans:
            ordered = sorted([(s, e) for s, e in spans if s is not None and e is not None])
            self._starts = [s for s, _ in ordered]
            self._ends = [e for _, e in ordered]
            self._max_end = list(itertools.accumulate(self._ends, max))

    def add(self, start: int, end: int) -> None:
        if self._starts and start < self._starts[-1]:  # out of order: rare, rebuild
            i = bisect_right(self._starts, start)
            self._starts.insert(i, start)
            self._ends.insert(i, end)
            self._max_end = list(itertools.accumulate(self._ends, max))
            return
        self._starts.append(start)
        self._ends.append(end)
        self._max_end.append(max(end, self._max_end[-1]) if self._max_end else end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._starts, end)  # spans starting before ``end``
        return i > 0 and self._max_end[i - 1] > start
