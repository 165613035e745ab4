"""Hostile input: extraction never crashes, every span is evidence, and 10 KB never takes long."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threadline.extract.api import extract, warm_up

# Text biased towards what the extractors react to, mixed with arbitrary Unicode.
_PIECES = st.sampled_from(
    [
        "702", "555", "0143", " ", "-", ".", "(", ")", "+1", "seven", "oh", "cinco", "hundred", "fifty",
        "7️⃣", "𝟕", "٧", "①", "\u200b", "💋", "@", " at ", " dot ", "$", "hh", "qv", "roses", "I'm ", "yrs",
        "age:", "sc:", "snap", "👻", "IG @", "t.me/", "venmo", "cashapp", "Las Vegas, NV", "in ", "Mobile",
        "example.com/", "http://", "O", "l", "tw0", "'", "/", "\n", "ñ", "İ", "ß", "ﬁ",
    ]
)  # fmt: skip
TEXTS = st.one_of(st.text(max_size=300), st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=80).map("".join))


def _check_spans(text: str) -> None:
    doc = extract(text, location=text[:40] or None).to_json()
    for items in doc.values():
        for item in items:
            if item["start"] is None:
                assert item["end"] is None
                continue
            assert 0 <= item["start"] <= item["end"] <= len(text)
            assert text[item["start"] : item["end"]] == item["raw"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_spans_are_always_evidence(text: str) -> None:
    _check_spans(text)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=0, max_size=2000))
def test_never_crashes_on_arbitrary_unicode(text: str) -> None:
    _check_spans(text)


_WORDS = ["seven", "oh", "two", "cinco", "fifty", "hundred", "double"]


def _adversarial() -> dict[str, str]:
    rng = random.Random(5)
    n = 10_000
    return {
        "digits and separators": "".join(rng.choice("0123456789-. ()/+") for _ in range(n)),
        "spaced digits": " ".join(rng.choice("0123456789") for _ in range(n // 2)),
        "one one one": ("one " * n)[:n],
        "number words": " ".join(rng.choice(_WORDS) for _ in range(n // 5))[:n],
        "at signs": "@" * n,
        "at words": ("a at b dot " * n)[:n],
        "long word": "a" * n,
        "long alnum word": "a1" * (n // 2),
        "dots": "a." * (n // 2),
        "dollars": ("$1 " * n)[:n],
        "rate lists": ("hh 100 " * n)[:n],
        "age labels": ("I'm 21 " * n)[:n],
        "capitalised cities": ("New York Salt Lake City St. " * n)[:n],
        "phones": ("702-555-0143 " * n)[:n],
        "keycaps": "7️⃣" * (n // 3),
        "zero width": "7\u200b" * (n // 2),
        "emoji": "💋👻" * (n // 2),
        "urls": "example.com/" * (n // 12),
        "labels": ("snap: sc: IG @ venmo cashapp " * n)[:n],
        "letters for digits": ("o l ol lo " * n)[:n],
        "names": ("Jasmine here I'm Mia " * n)[:n],
        "named ages": ("Kiki 25 / Tasha 26 & Zoe is 20 " * n)[:n],
        "name pairs": ("Kiki & Tasha and Zoe y Mia " * n)[:n],
        "glued number words": ("fivefivefive3zero " * n)[:n],
        "long title": "Ivy - " + "sweet - " * (n // 8),
        "capitalised words": ("Aaaaaaaaaaaaaaaaaaaaa " * n)[:n],
    }  # fmt: skip


@pytest.mark.parametrize("name", sorted(_adversarial()))
def test_10kb_of_hostile_text_is_fast(name: str) -> None:
    warm_up()
    text = _adversarial()[name]
    best = float("inf")
    for _ in range(3):  # best of three: a shared CI machine has noisy neighbours
        start = time.perf_counter()
        extract(text)
        best = min(best, time.perf_counter() - start)
    assert best < 0.050, f"{name}: {best * 1000:.1f} ms for {len(text)} characters"
