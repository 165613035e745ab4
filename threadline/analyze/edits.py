"""Edit flags from version history: what an edit took out of an ad.

Traffickers edit ads at any moment to hide details. Comparing each version with the one before it
makes that visible: a stated age raised (17 -> 19) or removed, a phone changed or removed, an
indicator phrase removed. Each flag lands on the later version and names both sides of the edit.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from threadline.store.analysis import HitRow

# Phrases whose removal is worth a flag: deleting them hides the ad from the keyword searches that
# look for them. Movement and trust phrases are rewritten all the time for ordinary reasons.
WATCHED_PHRASES = ("youth_language", "restriction_language", "third_person", "ethnicity_listed")


@dataclass(frozen=True, slots=True)
class VersionState:
    """The parts of one version an edit flag compares."""

    ad_id: int
    version_id: int
    ages: frozenset[int]
    phones: frozenset[str]
    phrases: dict[str, str]  # watched indicator -> the text it matched


def _show(values: frozenset[int] | frozenset[str]) -> str:
    return ", ".join(str(v) for v in sorted(values, key=str))


def edit_hits(before: VersionState, after: VersionState, enabled: set[str]) -> list[HitRow]:
    """Flags of the edit from ``before`` to ``after`` (two neighbouring versions of one ad)."""
    out: list[HitRow] = []

    def flag(name: str, evidence: str) -> None:
        if name in enabled:
            out.append(HitRow(after.ad_id, after.version_id, name, None, None, evidence))

    if before.ages and after.ages and before.ages != after.ages and min(after.ages) > min(before.ages):
        flag(
            "age_raised",
            f"stated age {_show(before.ages)} -> {_show(after.ages)} (version {before.version_id} -> "
            f"{after.version_id})",
        )
    elif before.ages and not after.ages:
        flag(
            "age_removed",
            f"stated age {_show(before.ages)} removed (version {before.version_id} -> {after.version_id})",
        )
    gone = before.phones - after.phones
    if gone and after.phones - before.phones:
        flag("phone_changed", f"phone {_show(gone)} -> {_show(after.phones - before.phones)}")
    elif gone:
        flag("phone_removed", f"phone {_show(gone)} removed")
    for name in WATCHED_PHRASES:
        if name in before.phrases and name not in after.phrases:
            flag("indicator_removed", f"{name} removed: {before.phrases[name]!r}")
    return out


def history_hits(states: Sequence[VersionState], wanted: set[int], enabled: set[str]) -> list[HitRow]:
    """Edit flags of the versions in ``wanted``; ``states`` are every version of some ads, ordered by
    ad and then by first seen, so each version is compared with its predecessor in the same ad."""
    out: list[HitRow] = []
    for prev, cur in itertools.pairwise(states):
        if prev.ad_id == cur.ad_id and cur.version_id in wanted:
            out.extend(edit_hits(prev, cur, enabled))
    return out
