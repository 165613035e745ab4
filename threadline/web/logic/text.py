"""Ad text prepared for display without ever becoming markup: segments carrying highlight marks
(extracted identifiers, indicator evidence, search matches) and word diffs between versions.

Spans may overlap; the text is cut at every span boundary, so each segment carries every mark over
it and templates render it as escaped text with classes. A diff is runs of kept, inserted and deleted
text, whitespace kept as tokens so joining the kept and inserted parts gives the new text exactly.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    kind: str  # "phone", "email", ... or "indicator"
    label: str  # what a tooltip says: the normalised value or the indicator's name


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    marks: tuple[Mark, ...] = ()

    @property
    def kinds(self) -> str:
        """CSS classes of the marks (space-separated, sorted, unique)."""
        return " ".join(sorted({f"hl-{m.kind}" for m in self.marks}))

    @property
    def title(self) -> str:
        return "; ".join(f"{m.kind}: {m.label}" for m in self.marks)

    def to_json(self) -> dict[str, object]:
        return {"text": self.text, "marks": [{"kind": m.kind, "label": m.label} for m in self.marks]}


def segments(text: str, marks: Sequence[Mark]) -> list[Segment]:
    """``text`` cut at every mark boundary; spans outside the text are clipped, empty ones dropped."""
    usable = [m for m in marks if 0 <= m.start < m.end and m.start < len(text)]
    cuts = sorted({0, len(text), *(m.start for m in usable), *(min(m.end, len(text)) for m in usable)})
    out: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        covering = tuple(m for m in usable if m.start <= a and m.end >= b)
        out.append(Segment(text[a:b], covering))
    return out


def plain(text: str) -> list[Segment]:
    return [Segment(text)] if text else []


@dataclass(frozen=True, slots=True)
class DiffPart:
    op: str  # equal | insert | delete
    text: str

    def to_json(self) -> dict[str, str]:
        return {"op": self.op, "text": self.text}


def word_diff(old: str, new: str) -> list[DiffPart]:
    """``old`` -> ``new`` as runs of kept, inserted and deleted text (whitespace kept as tokens, so
    joining the equal and insert parts gives back ``new`` exactly)."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    out: list[DiffPart] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(DiffPart("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(DiffPart("delete", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(DiffPart("insert", "".join(b[j1:j2])))
    return out


def changed(parts: list[DiffPart]) -> bool:
    return any(p.op != "equal" for p in parts)
