"""Masking: rotating values become slots, templates survive rotation, and the scan stays linear."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from threadline.link.masking import tokens


def test_values_become_slots() -> None:
    text = (
        "Call 702-555-0143 or (702) 555 0143, $200 roses. Email jess.x@gmail.com or visit "
        "www.example.com/verify today. Snap: jessy99 or @jessy_x, cashapp $JessPay."
    )
    toks = tokens(text)
    assert toks.count("{phone}") == 2
    assert "{email}" in toks and "{url}" in toks
    assert toks.count("{handle}") == 2
    assert "{pay}" in toks
    assert "{num}" in toks  # the price
    assert not any(c.isdigit() for t in toks for c in t)


def test_names_mid_sentence_are_masked_sentence_starts_and_titles_are_not() -> None:
    assert tokens("Hi gentlemen, I'm Jessica, new in Las Vegas.") == [
        "hi",
        "gentlemen",
        "i'm",
        "{name}",
        "new",
        "in",
        "{name}",
    ]
    assert tokens("Jessica here.")[0] == "jessica"  # a name starting a sentence stays a word
    assert tokens("Sweet Petite Latina Available Now") == ["sweet", "petite", "latina", "available", "now"]


def test_rotating_values_do_not_change_the_tokens() -> None:
    a = "Hello, my name is Amber. Visiting Phoenix tonight. Call 702-555-0143, $150 roses. Snap: amber_1"
    b = "Hello, my name is Crystal. Visiting Tucson tonight. Call (480) 555-0199, $200 roses. Snap: cryst4l"
    assert tokens(a) == tokens(b)


def test_sentence_break_after_emoji() -> None:
    assert tokens("Hey, it's Kylie :) Just arrived")[3:] == ["just", "arrived"]


def test_platform_cue_makes_next_chunk_a_handle() -> None:
    assert tokens("kik: bunny22 now") == ["kik", "{handle}", "now"]
    assert tokens("venmo @pay-me") == ["venmo", "{pay}"]


def _linear(make: object) -> None:
    assert callable(make)
    small, big = make(2_000), make(40_000)
    t0 = time.perf_counter()
    tokens(small)
    t_small = time.perf_counter() - t0
    t0 = time.perf_counter()
    tokens(big)
    t_big = time.perf_counter() - t0
    # 20x the input may cost at most ~60x the time (noise allowance); quadratic would be 400x.
    assert t_big < max(0.5, 60 * t_small), (t_small, t_big)


def test_adversarial_inputs_stay_linear() -> None:
    _linear(lambda n: "1" + " ." * n)
    _linear(lambda n: "a." * n + "com")
    _linear(lambda n: "@" * n)
    _linear(lambda n: "x" * n + "@" + "y." * n)
    _linear(lambda n: "Ab " * n)
    _linear(lambda n: "(1-" * n)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_tokenises(text: str) -> None:
    toks = tokens(text)
    assert all(isinstance(t, str) and t and t == t.lower() for t in toks)
