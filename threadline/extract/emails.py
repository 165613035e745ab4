"""E-mail addresses, including the spelled-out forms ads use to dodge filters.

Finds "name@example.com" and "name at example dot com", "name(at)example(dot)com",
"name [at] example . com", "name @ example [dot] com". The search starts at each "@"/"at" anchor and
reads outward with bounded patterns (never a regex that starts at every character and runs to the
end of a word), so hostile text such as 10 KB of "a.a.a.a" stays linear.

A bare " at " between two words is an anchor only when the domain side is written with a spelled
"dot" or names a webmail provider: "visiting at example.com" must not become an address.
"""

from __future__ import annotations

import re

from threadline.extract.normalize import Doc, occurrences, prepare, wordset
from threadline.extract.records import Email, Found

KIND = "emails"

# Around an "@" or an "at"/"arroba" word: brackets ("(at)", "[@]") or spaces on both sides.
_AT_SIGN = re.compile("@")
_OPEN = re.compile(r"[ \t]{0,2}(?P<b>[(\[{<])?[ \t]{0,2}\Z")
_CLOSE = re.compile(r"[ \t]{0,2}(?P<b>[)\]}>])?[ \t]{0,2}")
_LABEL = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
_SEP = re.compile(
    r"\.|[ \t]{0,2}[(\[{<][ \t]?(?:dot|\.|punto)[ \t]?[)\]}>][ \t]{0,2}"
    r"|[ \t]{1,2}(?:dot|punto)[ \t]{1,2}|[ \t]\.[ \t]?"
)
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._%+-")
_PROVIDERS = wordset("gmail yahoo hotmail outlook icloud aol protonmail proton live msn ymail gmx mail zoho example")
# Words before a bare " at " that are prose, not the local part of an address.
_PROSE = wordset("me us you him her them it here there located available found reach text call email mail "
    "contact message find see meet stay staying visit visiting look be am is are was")
_TIME = re.compile(r"[0-9]{1,2}(?:am|pm|h)?|[0-9]+")
_VALID = re.compile(r"[a-z0-9._%+-]{1,64}@(?:[a-z0-9-]{1,63}\.){1,4}[a-z]{2,24}")


def _local(low: str, end: int) -> int:
    """Start of the local part that ends at ``end`` (equal to ``end`` when there is none)."""
    start = end
    while start > 0 and end - start < 64 and low[start - 1] in _LOCAL_CHARS:
        start -= 1
    while start < end and not low[start].isalnum():  # ".name" -> "name"
        start += 1
    return start


def _anchors(doc: Doc) -> list[tuple[int, int, bool, bool]]:
    """(start, end, spelled, bare) of every "@" or "at" that could join a local part to a domain."""
    low = doc.lower
    spots = [(m.start(), 1) for m in _AT_SIGN.finditer(low)] if "@" in low else []
    spots += [(p, len(w)) for w in doc.words & {"at", "arroba"} for p in occurrences(low, w)]
    out = []
    for pos, size in sorted(spots):
        if size == 1 and (low[pos - 1 : pos] == "@" or low[pos + 1 : pos + 2] == "@"):
            continue  # "@@": never an address (and hostile runs of "@" stay cheap)
        before = _OPEN.search(low, max(0, pos - 5), pos)
        after = _CLOSE.match(low, pos + size)
        assert before is not None and after is not None  # both patterns match the empty string
        opened, closed = before.group("b"), after.group("b")
        if bool(opened) != bool(closed):
            continue
        spaced_before, spaced_after = before.start() < pos, after.end() > pos + size
        word = size > 1
        if not opened and (spaced_before != spaced_after or (word and not spaced_before)):
            continue  # "IG @name" is a handle; "that" or "cat" is not an anchor
        spelled = word or bool(opened) or spaced_before
        out.append((before.start(), after.end(), spelled, word and not opened))
    return out


def find(doc: Doc, found: Found | None = None) -> list[Email]:
    low = doc.lower
    if "@" not in low and doc.words.isdisjoint(("at", "arroba")):
        return []
    out: list[Email] = []
    floor = 0
    for a_start, a_end, spelled, bare in _anchors(doc):
        if a_start < floor:
            continue
        start = _local(low, a_start)
        if start == a_start:
            continue
        first = _LABEL.match(low, a_end)
        if first is None:
            continue
        labels, seps, ends = [first.group()], [], [first.end()]
        while len(labels) < 5:
            sep = _SEP.match(low, ends[-1])
            nxt = _LABEL.match(low, sep.end()) if sep is not None else None
            if sep is None or nxt is None:
                break
            seps.append(sep.group())
            labels.append(nxt.group())
            ends.append(nxt.end())
        while len(labels) > 1 and not (labels[-1].isalpha() and 2 <= len(labels[-1]) <= 24):
            labels.pop()  # "name@example.com.123": the address ends before the junk
            ends.pop()
            seps.pop()
        if len(labels) < 2:
            continue
        end = ends[-1]
        spelled = spelled or any(s.strip() != "." for s in seps)
        local = low[start:a_start]
        if spelled and len(local) < 2:
            continue  # "j a z @ example.com": a lone letter is the tail of spaced-out text
        if bare and (local in _PROSE or not (spelled or labels[-2] in _PROVIDERS) or _TIME.fullmatch(labels[0])):
            continue  # "meet me at example.com", "at the Bellagio at 10pm dot com"
        value = f"{local}@{'.'.join(labels)}"
        if not _VALID.fullmatch(value):
            continue
        raw, s, e = doc.raw(start, end)
        rule = "email:spelled" if spelled else "email:unicode" if doc.changed(start, end) else "email:plain"
        out.append(Email(value, raw, s, e, rule, rule != "email:plain"))
        floor = end
    return out


def normalise(raw: str) -> str | None:
    """Canonical (lower-case) address written in ``raw``, or None."""
    found = find(prepare(raw))
    return found[0].value if found else None


def validate(value: str) -> bool:
    return _VALID.fullmatch(value) is not None
