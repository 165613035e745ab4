"""Text folding shared by every kind, with a map back to the original character offsets.

Ads hide identifiers behind look-alike characters: fullwidth and mathematical-bold digits and
letters, circled digits, Arabic-Indic digits, emoji keycaps (7️⃣), zero-width joiners, Cyrillic
letters that look Latin. :func:`prepare` folds all of that into plain ASCII *one code point for one
code point*, except for invisible marks (variation selectors, keycap enclosers, zero-width and
combining characters), which are deleted. Kinds match on the folded text and call
:meth:`Doc.span` to turn a folded span into a span of the original text, so every ``raw`` is
``text[start:end]`` of what the ad really said. Most ads are pure ASCII and take the fast path: no
folding and an identity offset map.

Number words ("seven oh two") are read by :mod:`threadline.extract.numwords` on top of this.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from threadline.extract.records import fast_init

# The runs of a-z of a lower-cased text, as a set: encoded to ASCII (anything else becomes "?"),
# every byte but a-z turned into a space, split. Several times faster than a regex findall.
_WORD_BYTES = bytes(c if 0x61 <= c <= 0x7A else 0x20 for c in range(256))
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

# Look-alike letters that NFKD does not fold (Cyrillic and Greek capitals and small letters).
_CONFUSABLE = dict(
    zip(
        "АВЕКМНОРСТХУаеорсхуіјѕһԁӏΑΒΕΖΗΙΚΜΝΟΡΤΥΧοιν",
        "ABEKMHOPCTXYaeopcxyijshdlABEZHIKMNOPTYXoiv",
        strict=True,
    )
)
_CONFUSABLE.update({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})
_DELETE = "\u00ad\u034f\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\ufe0e\ufe0f"


@lru_cache(maxsize=8192)
def fold_char(ch: str) -> str:
    """The folded form of one non-ASCII character: one character, or "" when it is invisible."""
    if ch in _DELETE:
        return ""
    cat = unicodedata.category(ch)
    if cat in ("Mn", "Me", "Cf"):  # combining accents, the keycap encloser U+20E3, format chars
        return ""
    digit = unicodedata.digit(ch, None)
    if digit is not None:  # Arabic-Indic, fullwidth, mathematical, circled, superscript digits
        return str(digit)
    if ch in _CONFUSABLE:
        return _CONFUSABLE[ch]
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if len(base) == 1 and base.isascii() and base.isprintable() and base != " ":
        return base  # é -> e, ｓ -> s, 𝐒 -> S, ℓ -> l, ＠ -> @
    return ch


# fold_char's answers by character: a plain dict is cheaper to consult than the lru_cache wrapper.
_FOLDS: dict[str, str] = {}
_MAX_FOLDS = 65536


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    # A handful of characters lower-case to two code points (İ); keep those as they are so the
    # lower-case view stays aligned with the folded text.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


@fast_init
@dataclass(frozen=True, slots=True)
class Doc:
    """One ad text prepared for extraction. Kinds read ``text``/``lower``; spans map via ``span``."""

    original: str
    text: str  # folded, case kept (for names and places)
    lower: str  # folded and lower-cased, same length as ``text``
    words: frozenset[str]  # the ASCII letter runs of ``lower``: a cheap pre-filter for every kind
    region: str = "US"
    location: str | None = None
    # Folded index of the kept character that each run of deleted characters follows (-1 for a
    # run at the very start), and the running count of deletions up to and including that run.
    cut_at: tuple[int, ...] = ()
    cut_total: tuple[int, ...] = ()
    # Intermediate results one kind computes and another reuses (names for ages), per text.
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def orig(self, pos: int) -> int:
        """Original offset of the folded character at ``pos`` (``len(text)`` maps to the end)."""
        if not self.cut_at:
            return pos
        i = bisect_left(self.cut_at, pos)  # deletions that sit after kept characters before pos
        return pos + (self.cut_total[i - 1] if i else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of a folded span; invisible marks after its last character (the
        keycap encloser of a final 7️⃣) are included, marks before its first character are not."""
        if not self.cut_at:
            return start, end
        return self.orig(start), self.orig(end)

    def raw(self, start: int, end: int) -> tuple[str, int, int]:
        """(original text, original start, original end) of a folded span."""
        if not self.cut_at:  # nothing deleted: offsets are the same in both texts
            return self.original[start:end], start, end
        s, e = self.orig(start), self.orig(end)
        return self.original[s:e], s, e

    def changed(self, start: int, end: int) -> bool:
        """True when folding altered anything inside the folded span (Unicode digits, keycaps...)."""
        if self.text is self.original:  # the pure-ASCII fast path: nothing was folded
            return False
        s, e = self.span(start, end)
        return self.original[s:e] != self.text[start:end]


def _words(low: str) -> frozenset[str]:
    return frozenset(low.encode("ascii", "replace").translate(_WORD_BYTES).decode("ascii").split())


def wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``: how kinds write their long word lists."""
    return frozenset(text.split())


class Phrases(NamedTuple):
    """Trigger phrases ("call me", "ask for") indexed by first word, with all the words each needs."""

    firsts: frozenset[str]
    needs: dict[str, tuple[frozenset[str], ...]]
    alone: frozenset[str]  # first words that are a whole phrase by themselves
    others: dict[str, frozenset[str]]  # first word -> every other word of its phrases


def phrases(*texts: str | tuple[str, ...]) -> Phrases:
    """Build a :class:`Phrases` from phrase texts (or already split word tuples)."""
    out: dict[str, set[frozenset[str]]] = {}
    for text in texts:
        words = re.findall(r"[a-z]+", text) if isinstance(text, str) else list(text)
        out.setdefault(words[0], set()).add(frozenset(words))
    alone = frozenset(first for first, sets in out.items() if frozenset([first]) in sets)
    others = {first: frozenset().union(*sets) - {first} for first, sets in out.items()}
    return Phrases(frozenset(out), {first: tuple(sets) for first, sets in out.items()}, alone, others)


def triggers(doc: Doc, index: Phrases) -> list[str]:
    """First words of the phrases in ``index`` whose every word occurs somewhere in ``doc``: only
    these are worth locating (a lone "only" cannot start "only fans")."""
    words = doc.words
    hits = words & index.firsts
    if not hits:
        return []
    alone, needs, others, has_all = index.alone, index.needs, index.others, words.issuperset
    # A phrase of several words needs one of its other words: one set test rules most out.
    return [w for w in hits if w in alone or (not words.isdisjoint(others[w]) and any(map(has_all, needs[w])))]


def _word_pattern(word: str, letters_only: bool) -> re.Pattern[str]:
    # The word comes first so the regex engine can jump between its literal occurrences; the
    # fixed-width look-behind then checks the character before it.
    w, edge = re.escape(word), "[a-z]" if letters_only else "[a-z0-9]"
    return re.compile(rf"{w}(?<!{edge}{w})(?!{edge})")


# word -> the bound finditer of its pattern, one dict per ``letters_only`` (plain dicts: cheaper
# than an lru_cache keyed on two arguments; cleared if text-made words ever fill them).
_FINDERS: tuple[dict[str, Callable[[str], Iterator[re.Match[str]]]], ...] = ({}, {})
_MAX_FINDERS = 8192


def occurrences(low: str, word: str, *, letters_only: bool = False) -> list[int]:
    """Start offsets of ``word`` in ``low`` as a whole word (no letter or digit on either side;
    with ``letters_only`` a digit may touch it, as in "100hh").

    Kinds look up their trigger words in ``Doc.words`` first and then visit only these offsets,
    which is much cheaper than running a regex that starts with a look-behind at every character.
    """
    cache = _FINDERS[letters_only]
    finditer = cache.get(word)
    if finditer is None:
        if len(cache) >= _MAX_FINDERS:
            cache.clear()
        finditer = cache[word] = _word_pattern(word, letters_only).finditer
    return [m.start() for m in finditer(low)]


def prepare(text: str, *, region: str = "US", location: str | None = None) -> Doc:
    """Fold ``text`` for matching; cheap for pure ASCII, one pass over the non-ASCII characters else."""
    if text.isascii():
        low = text.lower()
        return Doc(text, text, low, _words(low), region, location)
    pieces: list[str] = []
    cut_at: list[int] = []
    cut_total: list[int] = []
    deleted = 0
    last = 0
    folds = _FOLDS
    for m in _NON_ASCII.finditer(text):
        ch = m.group()
        folded = folds.get(ch)
        if folded is None:
            folded = fold_char(ch)
            if len(folds) < _MAX_FOLDS:
                folds[ch] = folded
        if folded == ch:
            continue
        i = m.start()
        pieces.append(text[last:i])
        last = i + 1
        if folded:
            pieces.append(folded)
            continue
        deleted += 1
        pos = i - deleted  # folded offset of the kept character before the deleted one
        if cut_at and cut_at[-1] == pos:
            cut_total[-1] = deleted
        else:
            cut_at.append(pos)
            cut_total.append(deleted)
    if last == 0 and not pieces:
        folded_text = text
    else:
        pieces.append(text[last:])
        folded_text = "".join(pieces)
    low = _lower(folded_text)
    return Doc(text, folded_text, low, _words(low), region, location, tuple(cut_at), tuple(cut_total))
