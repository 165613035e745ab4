"""Template text: fixed words kept, rotating values and rewordings shown as slots."""

from __future__ import annotations

from threadline.link.templates import SLOT, template_text

BASE = (
    "Hi gentlemen, I'm {name}. New in town and visiting {city} tonight. Sweet and discreet companion "
    "for dinner dates and good conversation. Call or text {phone}. {extra} Serious gentlemen only."
)
FILL = [
    ("Amber", "Phoenix", "702-555-0143", "Kisses!"),
    ("Crystal", "Tucson", "(480) 555-0199", "Hygiene a must."),
    ("Jade", "Reno", "775.555.0102", "See you soon and don't be late."),
    ("Mia", "Boise", "208 555 0177", "No law enforcement."),
]


def _texts() -> list[str]:
    return [
        BASE.replace("{name}", n).replace("{city}", c).replace("{phone}", p).replace("{extra}", e)
        for n, c, p, e in FILL
    ]


def test_fixed_words_stay_and_variations_are_slots() -> None:
    t = template_text(7, _texts())
    assert t.cluster == 7 and t.members == 4
    text = t.text
    assert text.startswith("hi gentlemen i'm {name} new in town and visiting {name} tonight")
    assert "call or text {phone}" in text
    assert SLOT in t.tokens  # the closing sentence varies
    assert text.endswith("serious gentlemen only")
    assert len(t.support) == len(t.tokens)
    assert all(0.0 < s <= 1.0 for s in t.support)


def test_empty_and_single() -> None:
    assert template_text(1, []).tokens == ()
    single = template_text(2, [_texts()[0]])
    assert SLOT not in single.tokens and single.support[0] == 1.0
