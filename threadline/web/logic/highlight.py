"""Text cut into segments for highlighting: each segment is plain text plus the marks covering it.

Spans (extracted identifiers, indicator evidence) may overlap; the text is cut at every span
boundary, so each segment carries every mark over it and templates render it as escaped text with
classes, never as markup built from ad content.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass


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
