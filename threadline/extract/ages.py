"""Stated ages: "22 yrs", "age: 19", "19yo", "19 y/o", "I'm 21", "21 years old", "tengo 20 años".

An age is a number tied to an age word, on either side: a unit after it (yrs, yo, y/o, years old,
años) or a label before it (age, aged, edad, I'm, I am, tengo, turned). A label alone is weak
("I'm 5'6", "I'm 120 lbs", "I'm 100% real"), so what follows the number must not be a height,
weight, measurement, money or time unit. Only plausible human ages count (12 to 70); an age under
18 is kept with ``minor=True`` because a stated minor is the one fact an analyst must never miss.
Ages written in words ("twenty one years old", "I'm nineteen") are read too, and so are ages
written next to a name with no age word ("Kiki 25 / Tasha 26", "Britney is 24": see
:mod:`threadline.extract.namedages`), which then say whose age it is (``Age.name``).
"""

from __future__ import annotations

import re

from threadline.extract.namedages import NamedHit, named_ages
from threadline.extract.normalize import Doc, occurrences, phrases, prepare, triggers, wordset
from threadline.extract.records import Age, Found

KIND = "ages"
MIN_AGE, MAX_AGE, ADULT = 12, 70, 18

_WORD_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9,
}  # fmt: skip
_WORD_TEENS = {
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "doce": 12, "trece": 13, "catorce": 14, "quince": 15,
    "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20,
    "veintiuno": 21, "veintidos": 22, "veintitres": 23, "veinticuatro": 24, "veinticinco": 25,
    "veintiseis": 26, "veintisiete": 27, "veintiocho": 28, "veintinueve": 29, "treinta": 30,
}  # fmt: skip
_WORD_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
_WORD_NUM = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty)(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|" + "|".join(sorted(_WORD_TEENS, key=len, reverse=True)) + r"|treinta y (?:uno|dos|tres|cuatro|cinco))"
)
_NUM = rf"(?P<n>[1-9][0-9])(?![0-9])|(?P<w>{_WORD_NUM})(?![a-z])"
_WORD_AGES = frozenset([*_WORD_TEENS, *_WORD_TENS])
_UNIT = (
    r"(?:years?[ -]?old|yrs?[ -]?old|y/o|y\.o\.?|yo(?![a-z])|yrs?(?![a-z])|years?(?![a-z])"
    r"|anos(?![a-z])|anitos|ans(?![a-z]))"
)
_LABEL = r"(?:age[ds]?(?:[ \t]is)?|edad|i'?m|i am|soy|tengo|turned|turning|just turned)"
# Digits first (a fast scan for a digit), number words only when the text has any.
_BY_UNIT = re.compile(rf"(?P<n>[1-9][0-9])(?![0-9])(?P<w>)?[ \t-]?(?P<unit>{_UNIT})")
_BY_UNIT_WORDS = re.compile(rf"[^a-z](?P<w>{_WORD_NUM})(?![a-z])(?P<n>)?[ \t-]?(?P<unit>{_UNIT})")
# Matched only where a label word starts (see normalize.occurrences).
_BY_LABEL = re.compile(rf"(?P<label>{_LABEL})[ \t]{{0,2}}[:=\-]?[ \t]{{0,2}}(?:{_NUM})")
# After "I'm 21": heights, weights, measurements, money, times and percentages are not ages.
_NOT_AGE_AFTER = re.compile(
    r"[ \t]?(?:['\"’”]|ft|feet|foot|lbs?|pounds|kg|cm|in(?:ch)?(?:es)?(?![a-z])|%|/|:|\.[0-9]|-[0-9]|\+"
    r"|[a-h]{1,3}(?![a-z])|hrs?|hours?|min|mins|minutes|pm|am(?![a-z])|miles?|mi(?![a-z])|k(?![a-z])"
    r"|\$|roses|usd|dollars|x(?![a-z])|th(?![a-z])|st(?![a-z])|nd(?![a-z])|rd(?![a-z])|percent)"
)
# "20 years of experience", "for 15 years": years that are a duration, not an age.
_DURATION_AFTER = re.compile(r"[ \t]+(?:of|in|exp|experience|ago|later|together|since|from|now|running)(?![a-z])")
_DURATION_BEFORE = re.compile(r"(?:for|over|past|last|since|after|about|almost|nearly|within)[ \t]+\Z")
_LABEL_WORDS = phrases("age", "aged", "ages", "edad", "i m", "i am", "im", "soy", "tengo", "turned", "turning")
_UNIT_WORDS = wordset("y yo yr yrs year years anos ans")  # the words a _UNIT can be (see _worded)
_AGE_WORDS = wordset("yrs yr yo y years year anos anitos ans age aged ages edad i im m am soy tengo turned turning")


def _value(m: re.Match[str]) -> int:
    if m.group("n"):
        return int(m.group("n"))
    words = re.split(r"[ -]+(?:y[ ]+)?", m.group("w"))
    if words[0] in _WORD_TEENS:
        return _WORD_TEENS[words[0]] + (_WORD_UNITS.get(words[-1], 0) if len(words) > 1 else 0)
    return _WORD_TENS.get(words[0], 0) + (_WORD_UNITS.get(words[-1], 0) if len(words) > 1 else 0)


def find(doc: Doc, found: Found | None = None) -> list[Age]:
    hits = named_ages(doc)
    if not doc.words.isdisjoint(_AGE_WORDS):
        _worded(doc, hits)
    return _merge(doc, hits)


def _worded(doc: Doc, hits: list[NamedHit]) -> None:
    """Ages tied to an age word: a unit after the number or a label before it."""
    low = doc.lower
    # A digit unit starts a word in _UNIT_WORDS or one of the glued forms ("21yearsold"); most
    # texts have neither, and the set test is far cheaper than the scan.
    digit_units = not doc.words.isdisjoint(_UNIT_WORDS) or "old" in low or "anitos" in low
    matches = list(_BY_UNIT.finditer(low)) if digit_units else []
    if not doc.words.isdisjoint(_WORD_AGES):
        matches += _BY_UNIT_WORDS.finditer(" " + low)
    for m in matches:
        start = m.start("n") if m.group("n") else m.start("w") - 1
        end = m.end() if m.group("n") else m.end() - 1
        if start > 0 and (low[start - 1].isalnum() or low[start - 1] in "$#.'/-"):
            continue  # part of a longer number, a price, an id or a measurement
        unit = m.group("unit")
        if not unit.endswith(("old", "o", "o.", "anos", "anitos", "ans")) and (
            _DURATION_AFTER.match(low, end) or _DURATION_BEFORE.search(low, max(0, start - 12), start)
        ):
            continue
        hits.append((start, end, _value(m), "age:unit", None))
    for pos in sorted(p for word in triggers(doc, _LABEL_WORDS) for p in occurrences(low, word)):
        lm = _BY_LABEL.match(low, pos)
        if lm is not None:
            start, end = lm.start(), lm.end()
            if lm.group("n") and _NOT_AGE_AFTER.match(low, end):
                continue
            if lm.group("label").startswith("age") and low[end : end + 2].strip().startswith("+"):
                continue  # "ages 18+": a policy, not an age
            hits.append((start, end, _value(lm), "age:label", None))


def _start_longest_first(hit: NamedHit) -> tuple[int, int]:
    return hit[0], -hit[1]


def _merge(doc: Doc, hits: list[NamedHit]) -> list[Age]:
    hits.sort(key=_start_longest_first)
    merged: list[NamedHit] = []
    for hit in hits:
        if merged and hit[0] < merged[-1][1]:
            prev = merged[-1]
            if hit[1] > prev[1] and hit[2] == prev[2]:  # "I'm 21" + "21 years old": one span
                merged[-1] = (prev[0], hit[1], prev[2], f"{prev[3]}+unit", prev[4] or hit[4])
            continue
        merged.append(hit)
    out: list[Age] = []
    for start, end, value, rule, name in merged:
        if MIN_AGE <= value <= MAX_AGE:
            raw, s, e = doc.raw(start, end)
            out.append(Age(value, raw, s, e, rule, value < ADULT, name))
    return out


def normalise(raw: str) -> int | None:
    found = find(prepare(raw))
    return found[0].value if found else None


def validate(value: int) -> bool:
    return MIN_AGE <= value <= MAX_AGE
