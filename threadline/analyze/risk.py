"""Network risk score and modus-operandi guess, each with the facts behind it.

The score is a sum of points, one term per indicator of the indicators file, so it can always be
taken apart: an ad-level or edit indicator adds ``weight x share of the network's ads carrying it``;
a network indicator adds ``weight x min(1, (value - threshold) / (saturate - threshold))`` once the
value passes its threshold. Weights are log-odds, so points read as "how much more likely than the
average ad", never as a probability that someone is trafficked.

The M.O. guess is a short, ordered list of readable rules over the same facts (scam wording -> spam,
massage wording -> spa, no people advertised -> not relevant, third-person language or several
phones and people -> trafficking, else independent); the rule that decided is stated with its facts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from threadline.analyze.features import NetworkTable
from threadline.analyze.rules import Rules

MO_LABELS = ("trafficking", "independent", "spa", "spam", "not-relevant")
F64 = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class NetworkRisk:
    network_id: int
    ads: int
    score: float
    mo: str
    minors: int
    contributions: dict[str, float]  # indicator -> points, non-zero only, largest first
    features: dict[str, float]
    facts: list[str]  # why the M.O. guess and the largest terms of the score, in words


def indicator_value(table: NetworkTable, rules: Rules, name: str) -> F64:
    """The 0..1 strength of one indicator per network (before its weight)."""
    ind = rules.get(name)
    if ind.level in ("ad", "edit"):
        return table.columns.get(f"share_{name}", np.zeros(len(table.ids)))
    value = table.columns.get(name, np.zeros(len(table.ids)))
    span = max(1e-9, ind.saturate - ind.threshold)
    return np.asarray(np.clip((value - ind.threshold) / span, 0.0, 1.0), dtype=np.float64)


def contributions(table: NetworkTable, rules: Rules) -> dict[str, F64]:
    return {i.name: i.weight * indicator_value(table, rules, i.name) for i in rules.indicators if i.weight}


def _share(table: NetworkTable, name: str) -> F64:
    return table.columns.get(f"share_{name}", np.zeros(len(table.ids)))


def guess_mo(table: NetworkTable) -> list[str]:
    """The M.O. guess per network (vectorised; the order of the rules is the precedence)."""
    c = table.columns
    third = _share(table, "third_person")
    people_cues = np.maximum(c["share_with_name"], c["share_with_age"])
    trafficking = (third >= 0.5) | ((c["phones"] >= 3) & (c["people"] >= 2)) | ((c["minors"] > 0) & (third > 0))
    conditions = [
        _share(table, "scam_language") >= 0.5,
        _share(table, "massage_language") >= 0.5,
        (people_cues < 0.3) & (third < 0.3),
        trafficking,
    ]
    picked = np.select(conditions, [3, 2, 4, 0], default=1)
    order = ("trafficking", "independent", "spa", "spam", "not-relevant")
    return [order[int(k)] for k in picked]


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def explain(features: dict[str, float], mo: str, parts: dict[str, float]) -> list[str]:
    """The facts behind a guess and a score, in words an analyst can check against the ads."""
    ads = int(features["ads"])
    facts: list[str] = []
    if features.get("minors", 0) > 0:
        facts.append(f"POSSIBLE MINOR: a stated age under 18 in {int(features['minors'])} of {ads} ads")
    cue = {
        "spam": f"scam wording in {_pct(features.get('share_scam_language', 0))} of {ads} ads",
        "spa": f"massage-business wording in {_pct(features.get('share_massage_language', 0))} of {ads} ads",
        "not-relevant": f"names or ages in {_pct(max(features['share_with_name'], features['share_with_age']))} "
        f"of {ads} ads: no one is advertised",
        "trafficking": f"third-person language in {_pct(features.get('share_third_person', 0))} of {ads} ads, "
        f"{int(features['phones'])} phones, {int(features['people'])} names",
        "independent": f"first-person ads, {int(features['phones'])} phone(s), {int(features['people'])} name(s)",
    }
    facts.append(f"M.O. {mo}: {cue[mo]}")
    for name, points in sorted(parts.items(), key=lambda kv: -abs(kv[1]))[:6]:
        if name in features:
            what = f"{name} = {features[name]:.1f}"
        else:
            what = f"{name} in {_pct(features.get(f'share_{name}', 0))} of ads"
        facts.append(f"{points:+.2f} {what}")
    return facts


def score_networks(table: NetworkTable, rules: Rules) -> list[NetworkRisk]:
    parts = contributions(table, rules)
    total = np.sum(list(parts.values()), axis=0) if parts else np.zeros(len(table.ids))
    mos = guess_mo(table)
    out = []
    for i, nid in enumerate(table.ids.tolist()):
        mine = {k: round(float(v[i]), 4) for k, v in parts.items() if abs(v[i]) > 1e-9}
        mine = dict(sorted(mine.items(), key=lambda kv: -abs(kv[1])))
        features = {k: round(v, 4) for k, v in table.row(i).items()}
        out.append(
            NetworkRisk(
                int(nid),
                int(features["ads"]),
                round(float(total[i]), 4),
                mos[i],
                int(features["minors"]),
                mine,
                features,
                explain(features, mos[i], mine),
            )
        )
    return out
