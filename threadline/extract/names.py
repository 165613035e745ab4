"""The name an ad offers ("I'm Jasmine", "ask for Mia", "my name is Ana", "Jasmine here").

A lower-precision field: advertised names are reused, invented and shared, so they support a link
but never make one alone. The name must be capitalised (or the whole word in capitals) right after
an introduction phrase, and must not be one of the adjectives and ad words that follow the same
phrases ("I'm new", "I'm Available", "ask for Specials").
"""

from __future__ import annotations

import re

from threadline.extract.normalize import Doc, occurrences, phrases, triggers, wordset
from threadline.extract.records import Found, Name

KIND = "names"

_NAME = r"(?P<name>[A-Z][a-z]{1,14}|[A-Z]{2,15})(?![A-Za-z0-9'’])"
# Matched only where a trigger word starts (see normalize.occurrences).
_INTRO = re.compile(
    r"(?P<intro>(?i:i'?m|i am|my name is|my name's|name is|names?:|call me|ask for|it'?s|this is|me llamo|"
    r"mi nombre es|soy|xoxo,?|pregunta por|now with|(?:new )?staff:|our team:|featuring|available now:))[ \t]{1,2}"
    + _NAME
)
# "Ask for Bella & Tiffany", "Now with Coco, Anna and Kelly": the names after the first one.
_MORE = re.compile(r"[ \t]*(?:,[ \t]*(?:and[ \t]|y[ \t])?|&|\+|[ \t]and[ \t]|[ \t]y[ \t])[ \t]*" + _NAME)
# "<Name> here" is an introduction, "arrived in Waukesha, here until Friday" is not.
_PLACE_BEFORE = re.compile(r"(?i:\b(?:in|at|to|from|near|around|visiting|en)[ \t]+)\Z")
_HERE = re.compile(_NAME + r"[ \t]{0,2},?[ \t]{1,2}(?P<here>here|aqui)(?![A-Za-z])")
_HERE_WORDS = frozenset({"here", "aqui"})
_BEFORE_HERE = re.compile(r"(?:[A-Z][a-z]{1,14}|[A-Z]{2,15})[ \t]{0,2},?[ \t]{1,2}\Z")
_TRIGGERS = phrases(
    "i'm",
    "im",
    "i am",
    "my name",
    "name is",
    "names",
    "call me",
    "ask for",
    "it's",
    "its",
    "this is",
    "me llamo",
    "mi nombre",
    "soy",
    "xoxo",
    "pregunta por",
    "now with",
    "staff",
    "new staff",
    "our team",
    "featuring",
    "available now",
)
STOP = wordset("""
    new here available back in visiting ready your sweet young real not only the a an very
    independent fun friendly open always so just classy petite latina asian blonde brunette
    redhead curvy tall short cute beautiful gorgeous stunning discreet clean safe out up on at going
    looking waiting there now today tonight free down ur every all also still staying located text
    call please no yes sorry happy glad currently mature bilingual mexican colombian italian
    brazilian russian english spanish french american canadian native black white thick slim fit
    athletic natural genuine top best number first last generous well in back visiting passing
    monday tuesday wednesday thursday friday saturday sunday weekend time me my you him her your our
    their what who how that this true legit verified certified single married bored alone lonely
    twenty thirty eighteen nineteen hot sexy naughty busy interested serious easy laid relaxed
    upscale elite vip special specials incall outcall donation donations rates rate ok okay sure
    definitely really totally here hablo tu su muy nueva nuevo una un la el disponible
    """)


Hit = tuple[int, int, str, str]  # (start, end, name, rule) in folded offsets


def introduced(doc: Doc) -> list[Hit]:
    """Names after an introduction ("I'm Jasmine", "Ask for Bella & Tiffany", "Jasmine here").
    Memoised on the document: the ages kind uses them too, to read "Kiki 25" as an age."""
    cached: list[Hit] | None = doc.memo.get("names.introduced")
    if cached is not None:
        return cached
    text, low = doc.text, doc.lower
    hits: list[Hit] = []
    intro = _INTRO.match
    for word in triggers(doc, _TRIGGERS):
        for pos in occurrences(low, word):
            m = intro(text, pos)
            if m is None or (m.group("intro").lower() == "soy" and not m.group("name")[1:].islower()):
                continue  # "soy" is also plain Spanish "I am": only a name written as a name
            hits.append((m.start(), m.end(), m.group("name"), "name:intro"))
            more = _MORE.match(text, m.end())
            while more is not None and more.group("name").lower() not in STOP:
                hits.append((more.start("name"), more.end(), more.group("name"), "name:list"))
                more = _MORE.match(text, more.end())
    for word in doc.words & _HERE_WORDS:
        for pos in occurrences(low, word):
            before = _BEFORE_HERE.search(text, max(0, pos - 22), pos)
            if before is None or (before.start() > 0 and text[before.start() - 1].isalnum()):
                continue
            if _PLACE_BEFORE.search(text, max(0, before.start() - 14), before.start()) is None:
                m = _HERE.match(text, before.start())
                if m is not None:
                    hits.append((m.start(), m.end(), m.group("name"), "name:here"))
    hits = [h for h in hits if h[2].lower() not in STOP]
    doc.memo["names.introduced"] = hits
    return hits


def find(doc: Doc, found: Found | None = None) -> list[Name]:
    hits = list(introduced(doc))
    for age in found.ages if found is not None else ():
        if age.name is not None and age.start is not None:  # "Kiki 25": the name starts the evidence
            start = doc.text.find(age.name, _folded(doc, age.start))
            if start >= 0:
                hits.append((start, start + len(age.name), age.name, "name:age"))
    hits.sort()
    out: list[Name] = []
    last_end = -1
    for start, end, name, rule in hits:
        if start < last_end:
            continue
        raw, s, e = doc.raw(start, end)
        out.append(Name(name.capitalize(), raw, s, e, rule))
        last_end = end
    return out


def _folded(doc: Doc, original: int) -> int:
    """Folded offset at or before an original offset (the inverse of ``Doc.orig``)."""
    pos = min(original, len(doc.text))
    while pos > 0 and doc.orig(pos) > original:
        pos -= 1
    return pos


def normalise(raw: str) -> str | None:
    name = raw.strip()
    return name.capitalize() if validate(name.capitalize()) else None


def validate(value: str) -> bool:
    return re.fullmatch(r"[A-Z][a-z]{1,14}", value) is not None and value.lower() not in STOP
