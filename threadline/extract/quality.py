"""Scoring extraction against truth: precision, recall and F1 per kind, plus the list of misses.

Used by the hard-set test and by ``make quality`` against the synthetic world's truth. Each case
is a text with its expected values per kind; predictions are the ``Extraction.to_json()`` dicts.
Values are compared as multisets of *keys* per text, one key per item:

* phones, emails, urls, names: ``value`` ("+17025550143"); ages: the integer ``value``
* handles, payment: ``"service:value"`` ("snapchat:jaz_22", "cashapp:$jaz")
* prices: ``value`` ("150 USD/60", or "150 USD" with no time unit)
* places: ``value`` for a place named in the text, ``"value (source)"`` otherwise
  ("Las Vegas, NV (area_code)", "Reno, NV (location)")

A kind missing from a case counts as "expected nothing" when ``absent_is_empty`` (so its false
positives are charged) and as "not annotated" (skipped for that case) otherwise.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KINDS = ("phones", "emails", "urls", "handles", "payment", "ages", "prices", "places", "names")


def item_key(kind: str, item: Mapping[str, Any]) -> str | int:
    """The comparison key of one predicted item (a record's JSON form)."""
    if kind in ("handles", "payment"):
        return f"{item['service']}:{item['value']}"
    if kind == "places" and item.get("source", "text") != "text":
        return f"{item['value']} ({item['source']})"
    value = item["value"]
    return value if isinstance(value, int) else str(value)


@dataclass(frozen=True, slots=True)
class KindScore:
    kind: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class Miss:
    case: int  # index of the case in the input
    kind: str
    text: str
    missing: tuple[str | int, ...]  # expected, not found (false negatives)
    extra: tuple[str | int, ...]  # found, not expected (false positives)


@dataclass(frozen=True, slots=True)
class Report:
    scores: dict[str, KindScore]
    misses: tuple[Miss, ...] = field(default=())

    def format(self, *, max_misses: int = 200) -> str:
        lines = [
            f"{s.kind:8s} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f} (tp={s.tp} fp={s.fp} fn={s.fn})"
            for s in self.scores.values()
        ]
        for miss in self.misses[:max_misses]:
            found = f"missing={list(miss.missing)} extra={list(miss.extra)}"
            lines.append(f"  [{miss.case}] {miss.kind}: {found} :: {miss.text[:120]!r}")
        if len(self.misses) > max_misses:
            lines.append(f"  ... {len(self.misses) - max_misses} more")
        return "\n".join(lines)


def _keys(values: Iterable[Any]) -> Counter[str | int]:
    return Counter(v if isinstance(v, int) else str(v) for v in values)


def score(
    cases: Iterable[tuple[str, Mapping[str, Any], Mapping[str, Any]]],
    kinds: Sequence[str] = KINDS,
    *,
    absent_is_empty: bool = True,
    distinct: bool = False,
) -> Report:
    """Score (text, expected, predicted) triples. ``expected[kind]`` is a list of keys (see module
    doc); ``predicted`` is an ``Extraction.to_json()`` dict. With ``distinct`` each text's keys are
    compared as sets (a phone written twice counts once)."""
    totals = {k: [0, 0, 0] for k in kinds}
    misses: list[Miss] = []
    for index, (text, expected, predicted) in enumerate(cases):
        for kind in kinds:
            if kind not in expected and not absent_is_empty:
                continue
            want = _keys(expected.get(kind, ()))
            got = Counter(item_key(kind, item) for item in predicted.get(kind, ()))
            if distinct:
                want, got = Counter(set(want)), Counter(set(got))
            tp = sum((want & got).values())
            missing, extra = want - got, got - want
            totals[kind][0] += tp
            totals[kind][1] += sum(extra.values())
            totals[kind][2] += sum(missing.values())
            if missing or extra:
                misses.append(Miss(index, kind, text, tuple(missing.elements()), tuple(extra.elements())))
    scores = {k: KindScore(k, *totals[k]) for k in kinds}
    return Report(scores, tuple(misses))


def load_cases(path: Path) -> list[dict[str, Any]]:
    """Read a JSONL truth file: one object per line with ``text``, optional ``location``, and the
    expected keys per kind."""
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            case = json.loads(line)
            if not isinstance(case, dict) or not isinstance(case.get("text"), str):
                raise ValueError(f"{path}:{number}: expected an object with a text field")
            cases.append(case)
    return cases
