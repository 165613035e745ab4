"""Phone numbers, plain or obfuscated, normalised to E.164 and validated with ``phonenumbers``.

Numeric atoms (:mod:`threadline.extract.numwords`) are chained while only separators stand between
them (spaces, dots, dashes, brackets, emoji, at most a few characters, never a letter or a line
break), so a phone must be one contiguous written number, not numbers glued across a sentence.
Inside a chain, windows of exactly 10 digits (11 with a leading 1, or any length after a "+") are
candidates; a candidate must have a phone's grouping (3-3-4, 3-7, 10, or digits spelled out one or
two at a time), pass ``phonenumbers.is_valid_number``, and not be a counting run or an id. A false
phone links strangers, so every doubt rejects.
"""

from __future__ import annotations

import itertools
import logging
import operator
import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumber

from threadline.extract.normalize import Doc, prepare
from threadline.extract.numwords import Atom, scan
from threadline.extract.records import Found, Phone, fast_init

KIND = "phones"
log = logging.getLogger(__name__)

NANP_REGIONS = frozenset(phonenumbers.COUNTRY_CODE_TO_REGION_CODE[1])
_GAP = re.compile(r"(?:[^\w\n]|_){0,6}")  # between atoms: separators only, no letters/digits
_PLAIN_GAP = re.compile(r"[ .\-/()]{0,3}")  # what an ordinary phone format puts between groups
_PLAIN_SHAPES = frozenset({(10,), (3, 7), (3, 3, 4), (6, 4)})
_ID_BEFORE = re.compile(r"(?:\b(?:id|ref|order|invoice|zip|sku|ticket|post|ad|item)\s?(?:#|no\.?|num)?\W{0,3})\Z")
_MAX_VALIDATIONS = 400  # per text; hostile input with thousands of candidates stops here


def _counting(digits: str) -> bool:
    """True for runs that mostly count up or down by one (2345678910, 9876543210)."""
    steps = [(int(b) - int(a)) % 10 for a, b in itertools.pairwise(digits)]
    return max(steps.count(1), steps.count(9)) >= 6


@lru_cache(maxsize=65536)
def _nanp_region(national: str) -> str | None:
    """phonenumbers' region of a 10-digit NANP number, or None when it is not a valid number."""
    if national[0] in "01" or national[3] in "01" or national[1:3] == "11" or national[4:6] == "11":
        return None
    if len(set(national)) <= 2 or _counting(national):  # 7777777777, "one two three ... ten"
        return None
    number = PhoneNumber(country_code=1, national_number=int(national))
    if not phonenumbers.is_valid_number(number):
        return None
    region: str | None = phonenumbers.region_code_for_number(number)
    return region


@lru_cache(maxsize=16384)
def _other(digits: str, region: str | None) -> tuple[str, str] | None:
    """(E.164, region) of an international ("+" digits) or national non-NANP number, if valid."""
    try:
        number = phonenumbers.parse(digits if region else "+" + digits, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return e164, phonenumbers.region_code_for_number(number) or ""


@fast_init
@dataclass(frozen=True, slots=True)
class _Candidate:
    score: float
    first: int  # index range [first, last] of atoms in the chain
    last: int
    value: str
    country: str


def _best_first(cand: _Candidate) -> tuple[float, int]:
    return -cand.score, cand.first


_START = operator.attrgetter("start")


def _chains(doc: Doc, atoms: list[Atom]) -> list[tuple[list[Atom], int]]:
    """Runs of atoms with only separators between them, each with its total digit count."""
    chains: list[tuple[list[Atom], int]] = []
    low = doc.lower
    gap = _GAP.fullmatch
    chain: list[Atom] = []
    total = 0
    prev_end = -100
    prev_glued = False
    for atom in atoms:
        start, end, digits, _, glued = atom
        if start - prev_end <= 6 and not glued and not prev_glued and gap(low, prev_end, start) is not None:
            chain.append(atom)
            total += len(digits)
        else:
            if chain:
                chains.append((chain, total))
            chain, total = [atom], len(digits)
        prev_end, prev_glued = end, glued
    if chain:
        chains.append((chain, total))
    return chains


def _merged_shape(sizes: list[int]) -> tuple[int, ...]:
    """Group sizes with runs of one- and two-digit groups added up ("7 0 2 555 0143" -> 3,3,4)."""
    out: list[int] = []
    small = False
    for size in sizes:
        if size <= 2 and small:
            out[-1] += size
        else:
            out.append(size)
        small = size <= 2
    return tuple(out)


def _window(doc: Doc, i: int, j: int, sizes: list[int], last: bool, digits: str, plus: bool) -> _Candidate | None:
    """The candidate of atoms i..j of a chain (``sizes``: their digit counts; ``last``: j ends it)."""
    nanp = doc.region in NANP_REGIONS or (plus and digits[0] == "1")
    # A leading 1 is a country code only where a number starts: at the start of the chain or after
    # a "+"; inside a chain it is the last digit of something else ("... 0 1 / 3 1 7 ...").
    trunk = len(digits) == 11 and digits[0] == "1" and (i == 0 or plus)
    if nanp and ((len(digits) == 10 and not plus) or trunk):
        national = digits[-10:]
        if len(digits) == 11:  # the leading 1 is the country code, not part of the first group
            sizes = sizes.copy()
            sizes[0] -= 1
            if sizes[0] == 0:
                sizes.pop(0)
        shape = _merged_shape(sizes)
        if shape not in _PLAIN_SHAPES:
            return None
        country = _nanp_region(national)
        if country is None:
            return None
        value = "+1" + national
    elif plus or (not nanp and digits[0] == "0"):
        found = _other(digits, None if plus else doc.region)
        if found is None:
            return None
        value, country = found
    else:
        return None
    score = 2.0 if tuple(sizes) in _PLAIN_SHAPES else 1.0
    score += (i == 0) + last + 0.5 * (len(digits) > 10)
    return _Candidate(score, i, j, value, country)


def _plus_before(low: str, pos: int) -> bool:
    if "+" not in low:
        return False
    k = pos - 1
    while k >= 0 and low[k] in " (":
        k -= 1
    return k >= 0 and low[k] == "+"


def _candidates(doc: Doc, chain: list[Atom], budget: list[int]) -> list[_Candidate]:
    out: list[_Candidate] = []
    low = doc.lower
    nanp_region = doc.region in NANP_REGIONS
    sizes = [len(a.digits) for a in chain]
    n = len(sizes)
    # Fewer digits than any window needs from here on: no later start can give a candidate.
    least = 10 if nanp_region and "+" not in low else 8
    left = sum(sizes)
    for i in range(n):
        if left < least:
            break
        left -= sizes[i]
        plus = _plus_before(low, chain[i].start)
        total = 0
        for j in range(i, n):
            total += sizes[j]
            if total > 15 or (total > 11 and not plus):
                break
            if (total < 10 and nanp_region and not plus) or total < 8:
                continue
            if budget[0] <= 0:
                return out
            budget[0] -= 1
            digits = "".join([a.digits for a in chain[i : j + 1]])
            cand = _window(doc, i, j, sizes[i : j + 1], j == n - 1, digits, plus)
            if cand is not None:
                out.append(cand)
    return out


def _tricks(doc: Doc, atoms: list[Atom]) -> list[str]:
    """How a phone departs from a plain digit-and-separator run; empty when it is plain."""
    kinds = {a.kind for a in atoms}
    kinds.discard("digits")
    tricks = sorted(kinds) if kinds else []
    if doc.changed(atoms[0].start, atoms[-1].end):
        tricks.append("unicode")
    low, plain = doc.lower, _PLAIN_GAP.fullmatch
    for a, b in itertools.pairwise(atoms):
        if plain(low, a.end, b.start) is None:
            tricks.append("symbols")
            break
    sizes = [len(a.digits) for a in atoms]
    total = sum(sizes)
    if total == 11:
        sizes[0] -= 1
    if (total == 10 or total == 11) and tuple(s for s in sizes if s) not in _PLAIN_SHAPES:
        tricks.append("spaced")
    return tricks


def find(doc: Doc, found: Found | None = None) -> list[Phone]:
    """Every phone number written in ``doc``, in text order."""
    atoms = scan(doc)
    if len(atoms) < 4 and sum(len(a.digits) for a in atoms) < 8:
        return []
    budget = [_MAX_VALIDATIONS]
    phones: list[Phone] = []
    short = 10 if doc.region in NANP_REGIONS else 8
    for chain, total in _chains(doc, atoms):
        if total < short and not _plus_before(doc.lower, chain[0].start):
            continue  # prices, ages, measurements: too few digits for any phone
        cands = _candidates(doc, chain, budget)
        taken: list[tuple[int, int]] = []
        for cand in sorted(cands, key=_best_first) if len(cands) > 1 else cands:
            if any(cand.first <= b and a <= cand.last for a, b in taken):
                continue
            group = chain[cand.first : cand.last + 1]
            start, end = group[0].start, group[-1].end
            if _ID_BEFORE.search(doc.lower, max(0, start - 16), start):
                continue
            while start > 0 and doc.lower[start - 1] in "+(":
                start -= 1  # "+1 (702)": the evidence starts at the "+" or the bracket
            taken.append((cand.first, cand.last))
            raw, s, e = doc.raw(start, end)
            tricks = _tricks(doc, group)
            rule = "phone:" + ("+".join(tricks) if tricks else "plain")
            phones.append(Phone(cand.value, raw, s, e, rule, bool(tricks), cand.country))
    if budget[0] <= 0:
        log.debug("phone candidate budget exhausted on a %d-character text", len(doc.original))
    phones.sort(key=_START)
    return phones


def normalise(raw: str, region: str = "US") -> str | None:
    """E.164 form of a phone written in a structured field (a site's "phone" box), or None."""
    found = find(prepare(raw, region=region))
    return found[0].value if found else None


def validate(value: str) -> bool:
    """True when ``value`` is a valid E.164 phone number."""
    if not value.startswith("+") or not value[1:].isdigit():
        return False
    if value.startswith("+1") and len(value) == 12:
        return _nanp_region(value[2:]) is not None
    return _other(value[1:], None) is not None
