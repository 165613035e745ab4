"""Ages written next to a name, with no age word: "Kiki 25 / Tasha 26", "Britney is 24",
"Roxy (22)", "Karla de 22", "Verified and discreet - Kim 24", "Ivy - sweet and friendly - 25".

Ads for two or more people list each with her age, and titles end with the advertised name and
age; a stated age under 18 written this way must not be missed. A bare "<Word> 24" is also how
suites, routes, sizes and dates are written, so the bare form counts only when the word is a name
the ad advertises (see :mod:`threadline.extract.names`, or a pair "Kiki & Tasha") or when the name
and number stand alone as a line or list item. The explicit forms ("is", "de", brackets) need only
a capitalised word that is not a known non-name. Helper of :mod:`threadline.extract.ages`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadline.extract.names import STOP as NAME_STOP
from threadline.extract.names import introduced
from threadline.extract.normalize import Doc, wordset
from threadline.extract.numwords import digit_starts

_NAMED = re.compile(
    r"(?P<name>[A-Z][a-z]{1,14}+)(?P<form>[ \t]+(?:is|de)[ \t]+|[ \t]*\([ \t]*|,?[ \t]+)(?P<n>[1-9][0-9])(?![0-9])"
    r"(?P<close>[ \t]*\))?"
)
_PAIR = re.compile(r"(?P<a>[A-Z][a-z]{1,14}+)[ \t]*+(?:&|\+|and|y)[ \t]*+(?P<b>[A-Z][a-z]{1,14}+)(?![A-Za-z])")
# What may follow the age: the end of the item (line end, "/", "|", "&", ",", emoji...).
_ITEM_END = re.compile(
    r"[ \t]*(?:\n|\Z|[/|&,;!)\]*~]|\.(?![0-9])|[^\x00-\x7f]|-[ \t]|(?:and|y|or|o)[ \t]"
    r"|(?:years?|yrs?|y/?o|a[nñ]os)(?![a-z]))"
)
_NOT_AFTER = re.compile(r"[ \t]*(?:/[ \t]*[0-9]|[0-9]|['\"%$:]|\.[0-9])")
# What may precede a bare "<Name> NN" that stands alone: the start of a line or list item.
_ITEM_START = re.compile(r"(?:\A|[\n/|:•*~]|-[ \t]|[^\x00-\x7f])[ \t]*\Z")
_TWO_DIGITS = re.compile(r"[1-9][0-9]")
_DIGITS = frozenset("0123456789")
_DASHED = re.compile(r"[ \t]+[-–—|][ \t]+")
_LEAD = re.compile(r"\W+")
_TAIL_AGE = re.compile(r"([1-9][0-9])(?![0-9])\W*\Z")
_NOT_NAMES = NAME_STOP | wordset("""
    suite ste apt unit room rm floor fl building bldg lot route rt highway hwy interstate exit studio
    channel level gate pier box station bus line platform terminal bust waist hips hip size cup height
    weight shoe dress chest top day days week weeks year years page pic pics photo photos picture girl
    girls ad post item no number num part vol chapter grade class table seat row section zone ward
    district precinct ages age aged edad anos tengo soy turned turning about almost nearly under over
    open rates specials roses cash deposit price prices tel phone
    cell mobile ext code zip area model version series st ave blvd rd dr ln way ct pl pkwy fwy mr mrs ms
    jr sr january february march april may june july august september october november december jan feb
    mar apr jun jul aug sep sept oct nov dec hour hours min mins minutes hh hr qv am pm
    """)


def advertised(doc: Doc) -> set[str]:
    """Names the ad advertises: introduced ones ("Ask for Kiki"), and both halves of "Kiki & Tasha"."""
    names = {hit[2] for hit in introduced(doc)}
    if "&" in doc.text or " y " in doc.text or " and " in doc.text:
        for m in _PAIR.finditer(doc.text):
            for name in (m.group("a"), m.group("b")):
                if name.lower() not in _NOT_NAMES:
                    names.add(name)
    return names


def _dashed_title_age(doc: Doc, names: set[str] | None) -> list[NamedHit]:
    """"Ivy - sweet and friendly - 25": a dashed line led by an advertised name, ending in an age.
    ``names`` is :func:`advertised` (None: not worked out yet; done only for a line that needs it)."""
    out: list[NamedHit] = []
    next_start = 0
    for line in doc.text.split("\n", 3)[:3]:  # titles come first; later lines are body text
        line_start, next_start = next_start, next_start + len(line) + 1
        if len(line) > 120:
            continue  # a title is one short line
        if "-" not in line and "|" not in line and "–" not in line and "—" not in line:
            continue  # no dash to split at (cheaper than the split itself)
        parts = _DASHED.split(line)
        if len(parts) < 2:
            continue
        lead = _LEAD.match(parts[0])
        first = (parts[0][lead.end() :] if lead else parts[0]).split(None, 1)
        last = parts[-1].strip()
        tail = _TAIL_AGE.match(last)
        if not first or tail is None:
            continue
        if names is None:
            names = advertised(doc)
        if first[0] in names:
            start = line_start + line.rindex(last)
            out.append((start, start + 2, int(tail.group(1)), "age:name-title", None))
    return out


NamedHit = tuple[int, int, int, str, str | None]  # (start, end, age, rule, name), folded offsets


def _named(doc: Doc) -> Iterator[re.Match[str]]:
    """``_NAMED.finditer(doc.text)``, visiting only where a match can start when the phone scan has
    recorded the text's numbers (numwords.digit_starts): the age is a two-digit number after a
    space, tab or "(", and each such number leaves at most three places a name could start."""
    text = doc.text
    starts = digit_starts(doc)
    if starts is None:
        yield from _NAMED.finditer(text)
        return
    size = len(text)
    candidates: set[int] = set()
    for q in starts:  # q starts a run of digits (and letters); the age takes its first two digits
        if (
            q > 1 and text[q - 1] in " \t(" and text[q] != "0" and q + 1 < size and text[q + 1] in _DIGITS
            and (q + 2 == size or text[q + 2] not in _DIGITS)
        ):  # fmt: skip
            _name_starts(text, q, candidates)
    last = 0
    for s in sorted(candidates):  # leftmost first, none overlapping: what finditer would yield
        if s >= last and (m := _NAMED.match(text, s)) is not None:
            yield m
            last = m.end()


def _name_starts(text: str, q: int, out: set[int]) -> None:
    """Where a name can start whose _NAMED form ends at ``q`` (a superset: _NAMED then decides)."""
    j = q
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    if j > 0 and text[j - 1] == "(":  # "Roxy (22)"
        k = j - 1
        while k > 0 and text[k - 1] in " \t":
            k -= 1
        _name_ending(text, k, out)
    if j < q:  # "Kiki 25", "Kim, 24", "Britney is 24"
        _name_ending(text, j - 1 if j > 0 and text[j - 1] == "," else j, out)
        if text[j - 2 : j] in ("is", "de") and j > 2 and text[j - 3] in " \t":
            k = j - 2
            while k > 0 and text[k - 1] in " \t":
                k -= 1
            _name_ending(text, k, out)


def _name_ending(text: str, end: int, out: set[int]) -> None:
    """Add the start of the [A-Z][a-z]{1,14} that ends at ``end``, if there is one."""
    k = end
    while k > 0 and end - k < 15 and "a" <= text[k - 1] <= "z":
        k -= 1
    if 1 <= end - k <= 14 and k > 0 and "A" <= text[k - 1] <= "Z":
        out.add(k - 1)


def named_ages(doc: Doc) -> list[NamedHit]:
    """Every age written next to a name."""
    text = doc.text
    if _TWO_DIGITS.search(text) is None:
        return []
    names: set[str] | None = None  # advertised(doc): worked out only when a hit depends on it
    hits: list[NamedHit] = []
    for m in _named(doc):
        name, form, end = m.group("name"), m.group("form").strip(), m.end()
        if name.lower() in _NOT_NAMES or (form == "(" and not m.group("close")):
            continue
        if not _ITEM_END.match(text, end) or _NOT_AFTER.match(text, end):
            continue
        bare = form in ("", ",")
        alone = _ITEM_START.search(text, max(0, m.start() - 3), m.start()) is not None or m.start() == 0
        if bare and not alone:
            if names is None:
                names = advertised(doc)
            if name not in names:
                continue
        hits.append((m.start(), end, int(m.group("n")), "age:name", name))
    hits.extend(_dashed_title_age(doc, names))
    return hits
