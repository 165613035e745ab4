"""Numeric atoms of a text: digit runs, letter-for-digit runs, and number words read as digits.

Phone numbers are written digit by digit ("702 555 0143"), with letters for digits ("7O2 555 Ol43"),
in words ("seven oh two", "siete cero dos"), in leetspeak ("sev3n tw0"), or as spoken numbers
("five fifty five", "cincuenta y cinco", "eight hundred"). :func:`scan` turns a prepared text into
a list of :class:`Atom` (a span and the digits it stands for) that the phone finder chains together.
It only finds numbers; deciding what is a phone is :mod:`threadline.extract.phones`' job.

Spoken-number idioms are read only when the reading is unambiguous: "seven hundred fifty" is 750,
"eight hundred" is 800, but "seven hundred two five" (702-5 or 7002-5?) yields nothing, so a phone
cannot be formed across it.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Container
from typing import NamedTuple

from threadline.extract.normalize import Doc, occurrences

_UNITS = {
    "zero": 0, "oh": 0, "o": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9,
    # Spanish ("una" is left out: it is the article far more often than the number).
    "cero": 0, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9,
    # Misspellings seen in ads that are not also ordinary words.
    "zer": 0, "fiv": 5, "sevn": 7, "sevin": 7, "thre": 3, "eigth": 8, "nien": 9, "nueva": 9,
}  # fmt: skip
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciseis": 16,
    "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veintiuno": 21, "veintidos": 22,
    "veintitres": 23, "veinticuatro": 24, "veinticinco": 25, "veintiseis": 26, "veintisiete": 27,
    "veintiocho": 28, "veintinueve": 29,
}  # fmt: skip
_TENS = {
    "twenty": 2, "thirty": 3, "forty": 4, "fourty": 4, "fifty": 5, "sixty": 6, "seventy": 7,
    "eighty": 8, "ninety": 9, "veinte": 2, "treinta": 3, "cuarenta": 4, "cincuenta": 5,
    "sesenta": 6, "setenta": 7, "ochenta": 8, "noventa": 9,
}  # fmt: skip
_HUNDREDS = {  # Spanish words that are a whole hundreds digit
    "ciento": 1, "doscientos": 2, "trescientos": 3, "cuatrocientos": 4, "quinientos": 5,
    "seiscientos": 6, "setecientos": 7, "ochocientos": 8, "novecientos": 9,
}  # fmt: skip
_REPEAT = {"double": 2, "triple": 3, "doble": 2}
_NONZERO_UNITS = frozenset(w for w, v in _UNITS.items() if v)
_UNIT_DIGIT = {w: str(v) for w, v in _UNITS.items()}
# Unit words that may be run together with each other and with digits ("three6one fivefive5").
# "o"/"oh" and the misspellings are left out: glued, they would match inside ordinary words.
_MISSPELT = ("zer", "fiv", "sevn", "sevin", "thre", "eigth", "nien", "nueva")
_GLUED_UNITS = {w: v for w, v in _UNITS.items() if len(w) > 2 and w not in _MISSPELT}
_GLUED_ALT = "|".join(sorted(_GLUED_UNITS, key=len, reverse=True))
_GLUED = re.compile(rf"(?:{_GLUED_ALT}|[0-9])+")
_GLUED_PIECE = re.compile(rf"{_GLUED_ALT}|[0-9]")
_GLUED_PREFIXES = frozenset(w[:3] for w in _GLUED_UNITS)
_HUNDRED = {"hundred"}
_THOUSAND = {"thousand", "mil"}

NUMBER_WORDS = frozenset(
    [*_UNITS, *_TEENS, *_TENS, *_HUNDREDS, *_REPEAT, *_HUNDRED, *_THOUSAND, "cien"]
)
_DIGITY = re.compile(r"[0-9][a-z0-9]*+")
_DIGIT_RUN = re.compile(r"[0-9]+")
_LETTERS_FOR_DIGITS = str.maketrans("oil", "011")
# Stand-alone runs of O and l read as 0 and 1. "I" is left out of short runs (the pronoun, "oil"),
# but a four-letter run with an O in it is a phone's last group ("2I3-555-OIOO"), never a word here.
_OL_WORDS = (
    frozenset("".join(p) for n in (2, 3, 4) for p in itertools.product("ol", repeat=n))
    | frozenset(w for p in itertools.product("oli", repeat=4) if "i" in (w := "".join(p)) and "o" in w)
    | {"l"}
)
_LEET_I = str.maketrans("013457", "oieast")
_LEET_L = str.maketrans("013457", "oleast")
# Between the words of one spoken number: a space or hyphen, or "and"/"y" ("cincuenta y cinco").
_JOIN = re.compile(r"[ \t-]{1,3}|[ \t]{1,3}(?:and|y)[ \t]{1,3}")
_AND = re.compile(r"[ \t]{1,3}and[ \t]{1,3}")


class Atom(NamedTuple):
    """A span of the folded text that stands for ``digits`` (a tuple: ads have many, made fast)."""

    start: int
    end: int
    digits: str
    kind: str  # "digits", "letters" (7O2, Ol43) or "words" (seven, sev3n, fifty five)
    glued: bool = False  # digits glued to other letters ("call7025550143"): never chained


class _Word(NamedTuple):
    start: int
    end: int
    word: str


_START = operator.itemgetter(0)
_new = tuple.__new__  # builds an Atom or _Word from a full tuple of fields, skipping NamedTuple.__new__


def leet_word(token: str) -> str | None:
    """The number word a leetspeak token spells ("tw0" -> "two", "e1ght" -> "eight"), if any."""
    for table in (_LEET_I, _LEET_L):
        word = token.translate(table)
        if word in NUMBER_WORDS and word != "o":
            return word
    return None


def _digit_tokens(low: str, atoms: list[Atom], words: list[_Word], starts: list[int]) -> None:
    floor = 0
    append = atoms.append
    for m in _DIGITY.finditer(low):
        s, e = m.span()
        starts.append(s)
        if s > floor and "a" <= low[s - 1] <= "z":  # take the letters in front ("tw0", "ol43")
            s -= 1
            while s > floor and "a" <= low[s - 1] <= "z":
                s -= 1
            token = low[s:e]
        else:
            token = m.group()
        floor = e
        if token.isdigit():
            append(_new(Atom, (s, e, token, "digits", False)))  # tuple.__new__: no Python frame
            continue
        letters = token.strip("0123456789")
        if not token.translate(_LETTERS_FOR_DIGITS).isdigit() or not letters:
            word = leet_word(token)
            if word is not None:
                words.append(_Word(s, e, word))
                continue
            glued = _glued_digits(token)
            if glued is not None:  # "three6one", "015zero": digits and number words run together
                atoms.append(Atom(s, e, glued, "words"))
                continue
            # Digits glued to a unit or a word (34dd, 5pm, 19yo): only a whole phone-length run
            # inside it counts, and it stands alone.
            for run in _DIGIT_RUN.finditer(token):
                if run.end() - run.start() in (10, 11):
                    atoms.append(Atom(s + run.start(), s + run.end(), run.group(), "digits", glued=True))
            continue
        atoms.append(Atom(s, e, token.translate(_LETTERS_FOR_DIGITS), "letters"))


def _glued_digits(token: str) -> str | None:
    """Digits of a token made only of digits and unit words run together ("fivefive5",
    "zeroone1eight", "3zerothree"), or None. At least two pieces and one word are required."""
    if _GLUED.fullmatch(token) is None:
        return None
    pieces = _GLUED_PIECE.findall(token)
    if len(pieces) < 2 or "".join(pieces) != token or all(p.isdigit() for p in pieces):
        return None
    return "".join(p if p.isdigit() else str(_GLUED_UNITS[p]) for p in pieces)


# Words already found not to be glued number words: a set difference in C then leaves only the
# words this process has not met before (ad vocabulary repeats). Cleared if it grows too large.
_NOT_GLUED: set[str] = set()
_MAX_NOT_GLUED = 200_000


def _glued_words(low: str, doc_words: frozenset[str], atoms: list[Atom]) -> None:
    """Letter-only glued number words ("fivefivefive", "zeroonetwo"): cheap prefix test first."""
    for word in doc_words - _NOT_GLUED:
        digits = None
        if len(word) > 5 and word[:3] in _GLUED_PREFIXES and word not in NUMBER_WORDS:
            digits = _glued_digits(word)
        if digits is not None:
            atoms.extend(Atom(p, p + len(word), digits, "words") for p in occurrences(low, word))
        elif len(_NOT_GLUED) < _MAX_NOT_GLUED:
            _NOT_GLUED.add(word)
        else:
            _NOT_GLUED.clear()


def _joined(low: str, a: _Word, b: _Word) -> bool:
    return _JOIN.fullmatch(low, a.end, b.start) is not None


def _phrases(low: str, words: list[_Word], atoms: list[Atom]) -> None:
    """Read runs of number words as digits, one atom per spoken number."""
    i, n = 0, len(words)

    def joined_next(k: int, kinds: Container[str]) -> _Word | None:
        # The word after words[k], if it is of ``kinds`` and only a space/hyphen/"and" apart.
        # Checked kind first: the gap regex runs only when the pairing could matter.
        if k + 1 < n and words[k + 1].word in kinds and _joined(low, words[k], words[k + 1]):
            return words[k + 1]
        return None

    while i < n:
        w = words[i]
        word = w.word
        if word in _UNITS:
            # Most unit words stand alone ("seven two zero"): look at the next word's kind first.
            after = words[i + 1].word if i + 1 < n else ""
            if after in _HUNDRED and joined_next(i, _HUNDRED) is not None:
                i = _hundreds(low, words, i, i + 2, str(_UNITS[word]), atoms)
            elif after in _THOUSAND and (big := joined_next(i, _THOUSAND)) is not None:
                if joined_next(i + 1, NUMBER_WORDS) is None:  # "dos mil" is 2000; "two thousand five..." unread
                    atoms.append(Atom(w.start, big.end, f"{_UNITS[word]}000", "words"))
                i += 2
            else:
                atoms.append(_new(Atom, (w.start, w.end, _UNIT_DIGIT[word], "words", False)))
                i += 1
        elif word in _HUNDREDS:
            i = _hundreds(low, words, i, i + 1, str(_HUNDREDS[word]), atoms)
        elif word in _TEENS:
            atoms.append(Atom(w.start, w.end, str(_TEENS[word]), "words"))
            i += 1
        elif word in _TENS:
            unit = joined_next(i, _NONZERO_UNITS)
            if unit is not None:
                atoms.append(Atom(w.start, unit.end, f"{_TENS[word]}{_UNITS[unit.word]}", "words"))
                i += 2
            else:
                atoms.append(Atom(w.start, w.end, f"{_TENS[word]}0", "words"))
                i += 1
        elif word in _REPEAT and (unit := joined_next(i, _UNITS)) is not None:
            atoms.append(Atom(w.start, unit.end, str(_UNITS[unit.word]) * _REPEAT[word], "words"))
            i += 2
        elif word == "cien" and joined_next(i, NUMBER_WORDS) is None:
            atoms.append(Atom(w.start, w.end, "100", "words"))
            i += 1
        else:  # a lone "hundred", "thousand", "double": not a number we can read
            i += 1


def _hundreds(low: str, words: list[_Word], i: int, j: int, head: str, atoms: list[Atom]) -> int:
    """Read "<d> hundred [and] [tens [unit] | teen | and unit]" starting at words[i]; j is after it."""
    last = words[j - 1]
    nxt = words[j] if j < len(words) and _joined(low, last, words[j]) else None
    if nxt is None:
        atoms.append(Atom(words[i].start, last.end, head + "00", "words"))
        return j
    if nxt.word in _TENS:
        after = words[j + 1] if j + 1 < len(words) and _joined(low, nxt, words[j + 1]) else None
        if after is not None and after.word in _UNITS and _UNITS[after.word] > 0:
            atoms.append(Atom(words[i].start, after.end, f"{head}{_TENS[nxt.word]}{_UNITS[after.word]}", "words"))
            return j + 2
        atoms.append(Atom(words[i].start, nxt.end, f"{head}{_TENS[nxt.word]}0", "words"))
        return j + 1
    if nxt.word in _TEENS and _TEENS[nxt.word] < 20:
        atoms.append(Atom(words[i].start, nxt.end, f"{head}{_TEENS[nxt.word]}", "words"))
        return j + 1
    if nxt.word in _UNITS and (_AND.fullmatch(low, last.end, nxt.start) or last.word in _HUNDREDS):
        atoms.append(Atom(words[i].start, nxt.end, f"{head}0{_UNITS[nxt.word]}", "words"))
        return j + 1
    return j  # "seven hundred two five": ambiguous, read nothing so no phone forms across it


_DIGIT_STARTS = "numwords.digit_starts"


def digit_starts(doc: Doc) -> list[int] | None:
    """Where each run of digits and letters that starts with a digit begins in ``doc`` ("25yo",
    "702"), as :func:`scan` recorded it; None when scan has not read this document. Other kinds
    use it to visit numbers without scanning the text again."""
    starts: list[int] | None = doc.memo.get(_DIGIT_STARTS)
    return starts


def scan(doc: Doc) -> list[Atom]:
    """All numeric atoms of ``doc`` in text order (folded offsets)."""
    low = doc.lower
    atoms: list[Atom] = []
    words: list[_Word] = []
    starts: list[int] = []
    _digit_tokens(low, atoms, words, starts)
    doc.memo[_DIGIT_STARTS] = starts
    for word in doc.words & NUMBER_WORDS:
        size = len(word)
        words.extend([_new(_Word, (pos, pos + size, word)) for pos in occurrences(low, word)])
    _glued_words(low, doc.words, atoms)
    for word in doc.words & _OL_WORDS:  # "702 555 Ol 43": letters for digits standing alone
        digits, size = word.translate(_LETTERS_FOR_DIGITS), len(word)
        atoms.extend([_new(Atom, (p, p + size, digits, "letters", False)) for p in occurrences(low, word)])
    if words:
        words.sort(key=_START)
        _phrases(low, words, atoms)
    atoms.sort(key=_START)
    return atoms
