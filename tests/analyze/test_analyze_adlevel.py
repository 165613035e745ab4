"""Ad-level indicators: each hit's span shows exactly the text it fired on."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from threadline.analyze.adlevel import VersionFacts, text_hits, version_hits
from threadline.analyze.rules import load_rules

RULES = load_rules()


def test_text_indicators_fire_with_their_spans() -> None:
    text = "Ask for Star & Ruby\nStar is 19. Young and new to this. No law enforcement. New in town."
    hits = text_hits(text, RULES)
    names = {h[0] for h in hits}
    assert {"third_person", "youth_language", "restriction_language", "movement_language"} <= names
    for _, start, end, matched in hits:
        assert text[start:end] == matched


def test_first_person_ads_are_not_third_person() -> None:
    text = "Hi gentlemen, I'm Brooke.\nClassy and discreet companion. Call me at 702-555-0101."
    assert "third_person" not in {h[0] for h in text_hits(text, RULES)}


@given(
    st.text(alphabet=st.characters(categories=["L", "Zs"]), max_size=40),
    st.sampled_from(["No law enforcement", "cash only", "Fresh face", "100% real"]),
    st.text(alphabet=st.characters(categories=["L", "Zs"]), max_size=40),
)
def test_a_phrase_is_found_wherever_it_sits(before: str, phrase: str, after: str) -> None:
    text = f"{before}\n{phrase}.\n{after}"
    hits = text_hits(text, RULES)
    start = len(before) + 1
    assert any(s <= start and e >= start + len(phrase) - 1 for _, s, e, _ in hits)
    for _, s, e, matched in hits:
        assert text[s:e] == matched


def test_facts_give_minor_obscured_phone_and_far_area_code() -> None:
    facts = VersionFacts(
        phones={"+17025550101": (True, "seven 0 two 555 oh one oh one", 30, 59)},
        ages=[(17, "Amber (17)", 5, 15), (21, "21", 70, 72)],
        names={"amber"},
        location=("Boston, MA", 42.36, -71.06),
        area_codes={"702": ("Las Vegas, NV", 36.17, -115.14)},
    )
    hits = {h.name: h for h in version_hits(1, 10, "x" * 80, facts, RULES, 800.0)}
    assert hits["possible_minor"].evidence.startswith("stated age 17") and hits["possible_minor"].start == 5
    assert "+17025550101" in hits["obscured_phone"].evidence
    assert "702" in hits["area_code_far"].evidence and "Boston" in hits["area_code_far"].evidence
    assert hits["stated_age_under_23"].evidence.startswith("stated age 21")
