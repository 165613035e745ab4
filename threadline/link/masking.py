"""Mask the values that rotate between ads of one template, then split the text into word tokens.

A trafficking operation reuses one ad text while rotating the phone, the name, the city, the price and
the contact handles. Comparing raw texts would let that rotation hide the template, so every such value
becomes a slot token (``{phone}``, ``{email}``, ``{url}``, ``{handle}``, ``{pay}``, ``{num}``,
``{name}``) that is shingled like a word. :mod:`threadline.link.templates` shows the same slots.

Speed: a million ads must be tokenised in seconds, and running a dozen regular expressions over every
text costs ~90 µs an ad. So the text is split on whitespace and each chunk is classified once and
cached (ads reuse a small vocabulary); only chunks never seen before go through the regexes, and
chunks carrying values (digits, ``@``) are classified every time but never cached, so the cache stays
bounded by the vocabulary. Every regex is linear: no nested quantifiers, all repetitions bounded.

Rules a few chunks wide are applied in the scan loop:

* a run of numeric chunks (``(702) 555 0143``) is one ``{phone}`` when it holds 7+ digits, else ``{num}``;
* after a platform or payment cue (``sc:``, ``kik``, ``venmo``) the next chunk is a ``{handle}``/``{pay}``;
* names: one or two capitalised words that do not start a sentence (``I'm Jessica``, ``in Las Vegas``
  — cities rotate too) are one ``{name}``; a run of three or more is a Title Case heading and stays
  words; a name at the start of a sentence stays a word (it costs a shingle, not the template).
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple

SLOTS: Final = ("{email}", "{url}", "{handle}", "{pay}", "{phone}", "{num}", "{name}")

_PLATFORMS: Final = frozenset(
    [
        "snap",
        "snapchat",
        "sc",
        "ig",
        "insta",
        "instagram",
        "kik",
        "twitter",
        "telegram",
        "tg",
        "whatsapp",
        "wa",
        "onlyfans",
        "of",
        "tiktok",
        "fb",
        "facebook",
        "wechat",
        "skype",
        "discord",
        "line",
    ]
)
_PAYMENTS: Final = frozenset(["cashapp", "venmo", "paypal", "zelle", "chime", "applepay"])

_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}")
_URL = re.compile(
    r"(?:https?://|www\.)\S{1,300}|[a-z0-9][\w-]{0,62}(?:\.[\w-]{1,62}){0,3}"
    r"\.(?:com|net|org|info|biz|io|me|co|xxx|ly|us|tv|cc)(?:/\S{0,300})?",
    re.IGNORECASE,
)
_PIECES = re.compile(r"\d+(?:[.,:/-]\d+)*|[a-z]+(?:['\u2019][a-z]+)?")
_CAPWORD = re.compile(r"[A-Z][a-z]{1,20}(?:['\u2019]s)?")
_NUMBER = re.compile(r"[$+(]{0,2}\d[\d.,:/()-]{0,30}")
_DIGIT = re.compile(r"\d")
_ALPHA = re.compile(r"[^\W\d_]")
_STRIP = "\"'()[]{}<>*~_,;:.!?-|\u2019\u201c\u201d"

# Chunk kinds.
WORD, CAP, NUMERIC, SLOT, CUE_HANDLE, CUE_PAY = range(6)


class Chunk(NamedTuple):
    """What one whitespace-separated chunk contributes.

    ``ends``: the next chunk starts a sentence (this one ends with . ! ? or is bare punctuation/emoji);
    ``stop``: it closes a run of names or numbers (sentence end, or a trailing , ; :).
    """

    kind: int
    toks: tuple[str, ...]
    digits: int
    ends: bool
    stop: bool


_cache: dict[str, Chunk] = {}
CACHE_LIMIT: Final = 1_000_000  # beyond this the vocabulary is not a vocabulary; stop growing


def _words(core: str) -> tuple[str, ...]:
    return tuple("{num}" if p[0].isdigit() else p for p in _PIECES.findall(core.lower()))


def classify(chunk: str) -> Chunk:
    """Classify one chunk (the slow path, run once per distinct word)."""
    c = _classify(chunk)
    ends = c.ends or not (c.toks or c.digits)  # ":)", "-", "***" read as a sentence break
    return c._replace(ends=ends, stop=c.ends or chunk[-1] in ",;:")


def _classify(chunk: str) -> Chunk:
    core = chunk.strip(_STRIP)
    ends = chunk.rstrip("\"')]}\u2019\u201d").endswith((".", "!", "?"))
    lower = core.lower()
    if _NUMBER.fullmatch(core):  # the most common uncached chunk: a phone part, a price, a time
        return Chunk(NUMERIC, (), len(_DIGIT.findall(core)), ends, False)
    if "@" in core:
        if _EMAIL.fullmatch(core):
            return Chunk(SLOT, ("{email}",), 0, ends, False)
        if core.startswith("@") or chunk.startswith("@"):
            return Chunk(SLOT, ("{handle}",), 0, ends, False)
    if _URL.fullmatch(core):
        return Chunk(SLOT, ("{url}",), 0, ends, False)
    if core.startswith("$") and core[1:2].isalpha():
        return Chunk(SLOT, ("{pay}",), 0, ends, False)
    head, sep, tail = lower.partition(":")
    if sep and tail and head in _PLATFORMS:
        return Chunk(SLOT, (head, "{handle}"), 0, ends, False)
    if sep and tail and head.replace(" ", "") in _PAYMENTS:
        return Chunk(SLOT, (head, "{pay}"), 0, ends, False)
    bare = lower.rstrip(":=-")
    if bare in _PLATFORMS and (chunk.endswith((":", "-", "=")) or bare not in ("of", "line", "wa")):
        return Chunk(CUE_HANDLE, (bare,), 0, ends, False)
    if bare in _PAYMENTS:
        return Chunk(CUE_PAY, (bare,), 0, ends, False)
    digits = sum(c.isdigit() for c in core)
    if digits and not _ALPHA.search(core):
        return Chunk(NUMERIC, (), digits, ends, False)
    if _CAPWORD.fullmatch(core) and not core.startswith("I'"):
        return Chunk(CAP, (lower,), 0, ends, False)
    return Chunk(WORD, _words(core), digits, ends, False)


def _miss(chunk: str) -> Chunk:
    hit = classify(chunk)
    # Values (digits, @) would grow the cache without bound; short numbers are vocabulary.
    if hit.kind != SLOT and (not hit.digits or len(chunk) <= 5) and len(_cache) < CACHE_LIMIT:
        _cache[chunk] = hit
    return hit


def tokens(text: str) -> list[str]:
    """Lower-case word and slot tokens of ``text`` after masking, in order."""
    out: list[str] = []
    extend, get = out.extend, _cache.get
    digits = 0  # digits in the pending run of numeric chunks
    caps: list[str] = []  # pending run of capitalised words (not sentence-initial)
    start = True  # the next chunk starts a sentence
    cue: str | None = None  # slot the next chunk becomes, after a platform/payment cue
    for chunk in text.split():
        kind, toks, d, ends, stop = get(chunk) or _miss(chunk)
        if kind == WORD and cue is None and not digits and not caps:
            extend(toks)  # the common case: a plain word, nothing pending
            start = ends
            continue
        if cue is not None:
            if kind != SLOT or toks == ("{handle}",):  # "venmo @name": the cue decides the slot
                kind, toks = SLOT, (cue,)
            cue = None
        if kind != NUMERIC and digits:
            out.append("{phone}" if digits >= 7 else "{num}")
            digits = 0
        if kind == CAP and not start:
            caps.append(toks[0])
            if stop:
                _flush_caps(caps, out)
            start = ends
            continue
        if caps:
            _flush_caps(caps, out)
        if kind == NUMERIC:
            digits += d
            if stop:
                out.append("{phone}" if digits >= 7 else "{num}")
                digits = 0
        else:
            extend(toks)
            if kind == CUE_HANDLE:
                cue = "{handle}"
            elif kind == CUE_PAY:
                cue = "{pay}"
        start = ends
    if caps:
        _flush_caps(caps, out)
    if digits:
        out.append("{phone}" if digits >= 7 else "{num}")
    return out


def _flush_caps(caps: list[str], out: list[str]) -> None:
    # One or two capitalised words mid-sentence are a name or a place; three or more a Title Case line.
    if len(caps) <= 2:
        out.append("{name}")
    else:
        out.extend(caps)
    caps.clear()
