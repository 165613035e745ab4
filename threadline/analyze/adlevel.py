"""Indicators of one ad version, each with the evidence it fired on.

Text indicators come from the patterns of the indicators file (one scan of the version text); the
others read what extraction already stored: an obfuscated phone, a stated age (under 18 is the
"possible minor" flag, 18-22 is recorded but not scored), and a phone whose area code lies far from
the advertised city. Spans index into ``version_text()``, the string extraction spans index into,
so a highlighter can show every hit in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from threadline.analyze.rules import Rules
from threadline.gazetteer import distance_km
from threadline.store.analysis import HitRow

EVIDENCE_CHARS = 200  # a hit's evidence is the matched text, cut to this length


@dataclass(slots=True)
class VersionFacts:
    """What extraction found in one version, in the shape the indicators need."""

    phones: dict[str, tuple[bool, str | None, int | None, int | None]]  # E.164 -> (obfuscated, raw, start, end)
    ages: list[tuple[int, str | None, int | None, int | None]]  # (age, raw, start, end)
    names: set[str]
    location: tuple[str, float, float] | None  # advertised city and its coordinates
    area_codes: dict[str, tuple[str, float, float]]  # area code -> its home city and coordinates


def facts_by_version(rows: Sequence[Any]) -> dict[int, VersionFacts]:
    """Group extraction rows (phone, age, place, name) by version."""
    out: dict[int, VersionFacts] = {}
    for r in rows:
        f = out.get(r.ad_version_id)
        if f is None:
            f = out[r.ad_version_id] = VersionFacts({}, [], set(), None, {})
        a = r.attrs
        if r.kind == "phone":
            f.phones[r.value] = (bool(a.get("obfuscated")), r.raw, r.start, r.end)
        elif r.kind == "age":
            f.ages.append((int(r.value), r.raw, r.start, r.end))
        elif r.kind == "name":
            f.names.add(r.value.lower())
        elif r.kind == "place" and "lat" in a:
            if r.rule == "place:location":
                f.location = (r.value, float(a["lat"]), float(a["lon"]))
            elif r.rule.startswith("place:area_code:"):
                f.area_codes[r.rule.rsplit(":", 1)[1]] = (r.value, float(a["lat"]), float(a["lon"]))
    return out


def text_hits(text: str, rules: Rules) -> list[tuple[str, int, int, str]]:
    """(indicator, start, end, matched text) of every pattern match, in text order."""
    out = [
        (name, m.start(), m.end(), m.group()[:EVIDENCE_CHARS]) for name, rx in rules.scanners for m in rx.finditer(text)
    ]
    return sorted(out, key=lambda h: (h[1], h[0]))


def version_hits(
    ad_id: int, version_id: int, text: str, facts: VersionFacts | None, rules: Rules, area_code_km: float
) -> list[HitRow]:
    """Every ad-level indicator of one version, with its evidence."""
    names = set(rules.names)
    hits = [HitRow(ad_id, version_id, n, s, e, t) for n, s, e, t in text_hits(text, rules)]
    if facts is None:
        return hits
    if "obscured_phone" in names:
        for phone, (obfuscated, raw, start, end) in facts.phones.items():
            if obfuscated:
                hits.append(HitRow(ad_id, version_id, "obscured_phone", start, end, f"{raw!r} read as {phone}"))
    for age, raw, start, end in facts.ages:
        if age < 18 and "possible_minor" in names:
            hits.append(HitRow(ad_id, version_id, "possible_minor", start, end, f"stated age {age}: {raw!r}"))
        elif age < 23 and "stated_age_under_23" in names:
            hits.append(HitRow(ad_id, version_id, "stated_age_under_23", start, end, f"stated age {age}: {raw!r}"))
    if "area_code_far" in names and facts.location is not None:
        city, lat, lon = facts.location
        for code, (home, hlat, hlon) in facts.area_codes.items():
            km = distance_km(lat, lon, hlat, hlon)
            if km > area_code_km:
                hits.append(
                    HitRow(
                        ad_id,
                        version_id,
                        "area_code_far",
                        None,
                        None,
                        f"area code {code} ({home}) is {km:,.0f} km from {city}",
                    )
                )
    return hits
