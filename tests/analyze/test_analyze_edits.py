"""Edit flags: what an edit took out of an ad becomes visible, with both sides of the edit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from threadline.analyze.edits import VersionState, edit_hits, history_hits

ALL = {"age_raised", "age_removed", "phone_changed", "phone_removed", "indicator_removed"}


def state(v: int, ages: set[int], phones: set[str], phrases: dict[str, str] | None = None, ad: int = 1) -> VersionState:
    return VersionState(ad, v, frozenset(ages), frozenset(phones), phrases or {})


def test_age_raised_phone_changed_phrase_removed() -> None:
    before = state(1, {17}, {"+17025550101"}, {"youth_language": "Fresh face"})
    after = state(2, {19}, {"+17025550102"})
    hits = {h.name: h for h in edit_hits(before, after, ALL)}
    assert set(hits) == {"age_raised", "phone_changed", "indicator_removed"}
    assert "17 -> 19" in hits["age_raised"].evidence and hits["age_raised"].ad_version_id == 2
    assert "+17025550101 -> +17025550102" in hits["phone_changed"].evidence
    assert "Fresh face" in hits["indicator_removed"].evidence


def test_removals() -> None:
    hits = {h.name for h in edit_hits(state(1, {20}, {"+1a", "+1b"}), state(2, set(), {"+1a"}), ALL)}
    assert hits == {"age_removed", "phone_removed"}


def test_disabled_flags_stay_silent() -> None:
    assert edit_hits(state(1, {17}, set()), state(2, {19}, set()), set()) == []


@given(st.lists(st.integers(18, 60), min_size=1, max_size=3), st.lists(st.integers(18, 60), min_size=1, max_size=3))
def test_age_raised_exactly_when_the_youngest_stated_age_goes_up(a: list[int], b: list[int]) -> None:
    hits = {h.name for h in edit_hits(state(1, set(a), set()), state(2, set(b), set()), ALL)}
    assert ("age_raised" in hits) == (set(a) != set(b) and min(b) > min(a))


def test_history_compares_neighbours_within_one_ad_only() -> None:
    states = [state(1, {17}, set(), ad=1), state(2, {19}, set(), ad=1), state(3, {25}, set(), ad=2)]
    assert [h.ad_version_id for h in history_hits(states, {2, 3}, ALL)] == [2]
