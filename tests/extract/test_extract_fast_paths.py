"""The speed-ups must not change a single value: every fast path against the plain way it replaces.

Cheap pre-checks that skip a regex (prices, places), ages visited from the phone scan's numbers
instead of a full scan (namedages), the flat worker-to-parent packing (api) and the span index.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from threadline.extract import api, namedages, numwords, places, prices
from threadline.extract.normalize import prepare
from threadline.extract.records import SpanIndex

_NAMES = ["Kiki", "Tasha", "Roxy", "McKay", "Britney", "Abcdefghijklmno", "Abcdefghijklmnop", "Is", "De", "Zo", "X"]
_FORMS = [" ", "  ", "\t", " is ", " de ", "(", " (", " ( ", ", ", ",", " is", "  is  ", " , "]
_AGES = ["25", "19", "05", "250", "7", "30yo", "22)", "21 yrs", "18/", "99 &"]
_ENDS = ["", " ", "\n", ")", " & ", " / ", "x", ".", "!", " - "]


def _named_texts(n: int) -> list[str]:
    rng = random.Random(11)
    return [
        "".join(rng.choice(_NAMES) + rng.choice(_FORMS) + rng.choice(_AGES) + rng.choice(_ENDS) for _ in range(4))
        for _ in range(n)
    ]


def test_named_ages_from_the_phone_scan_equal_a_full_scan() -> None:
    for text in [*_named_texts(3000), "Kiki 25 / Tasha 26 & Zoe is 20", "Roxy (22)", "  25 Mia 19"]:
        plain = namedages.named_ages(prepare(text))  # no scan recorded: the full regex scan
        doc = prepare(text)
        numwords.scan(doc)
        assert numwords.digit_starts(doc) is not None
        assert namedages.named_ages(doc) == plain, text


_PIECES = ["per", "all", "media", "in ", "visiting ", "fee ", "dep", "1/2"]
_ALPHABET = st.sampled_from([*"ab1234567890 \t/.:-,$anrlmin", *_PIECES])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=20).map("".join), st.data())
def test_regex_pre_checks_never_skip_a_match(low: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, len(low)))
    if prices._UNIT_PREFIX.search(low, max(0, pos - 8), pos) is not None:
        assert prices._may_prefix(low, pos)
    if places._CONTEXT.search(low, max(0, pos - 16), pos) is not None:
        assert places._after_context_word(low, pos)
    if prices._NOT_A_RATE.search(low, max(0, pos - 16), pos) is not None:
        assert prices._fee_before(prices._fee_words(low), pos)


def test_pack_unpack_round_trip() -> None:
    texts = [
        "Ask for Mia, 21 yrs, $150 hr / 100 hh, call 702-555-0143 or mia_21@example.com, snap: mia_21, "
        "cashapp $mia21, in Las Vegas, NV, t.me/mia21",
        "",
        "nothing here",
        "seven oh two five five five zero one four three, I'm Kiki 25 / Tasha 26",
    ]
    results = [api.extract(t, location="Reno, NV" if i % 2 else None) for i, t in enumerate(texts * 3)]
    assert api._unpack(api._pack(results)) == results
    assert api._unpack(api._pack([])) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 10)), max_size=12), st.integers(0, 60), st.integers(1, 10))
def test_span_index_matches_a_plain_scan(spans: list[tuple[int, int]], start: int, width: int) -> None:
    pairs = [(s, s + w) for s, w in spans]
    index = SpanIndex(pairs)
    end = start + width
    assert index.overlaps(start, end) == any(s < end and start < e for s, e in pairs)
