"""Word-level differences between two versions of an ad, for the highlighted version history."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


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
