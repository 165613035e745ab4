"""Displacement after a site closure: where did its posters go?

Given a site and a closure date (or, without one, the last time any of its ads was seen: the date
its ads stop), the cohort is every network with an ad on that site seen in the ``lookback_days``
before the closure. For each, the first ad first seen after the closure on another site is where
it reappeared (site, city, days later); a network with none is "not seen again". A network is the
unit because a poster's ads on the new site link back to the old ones through phones and templates:
that is how a displaced poster is recognised at all.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from threadline.errors import NotFound
from threadline.store.analysis import AdRow

NOT_SEEN = "not seen again"


@dataclass(frozen=True, slots=True)
class Reappearance:
    network_id: int
    site: str | None  # None: not seen again
    city: str | None
    days: float | None  # from the closure to the first ad elsewhere


@dataclass(frozen=True, slots=True)
class Destination:
    site: str
    networks: int
    share: float  # of the cohort
    median_days: float | None
    cities: list[tuple[str, int]]  # where they reappeared on that site, most first


@dataclass(frozen=True, slots=True)
class Displacement:
    site: str
    closure: datetime
    closure_detected: bool  # True when the date is where the site's ads stop, not given
    lookback_days: int
    cohort: int  # networks active on the site before the closure
    not_seen_again: int
    share_not_seen_again: float
    destinations: list[Destination]  # most networks first
    networks: list[Reappearance]


def displacement(ads: Sequence[AdRow], site: str, closure: datetime | None, lookback_days: int) -> Displacement:
    on_site = [a for a in ads if a.site == site]
    if not on_site:
        known = ", ".join(sorted({a.site for a in ads})) or "none"
        raise NotFound(f"no ads of site {site!r} in the store (sites: {known})")
    detected = closure is None
    when = closure if closure is not None else max(a.last_seen for a in on_site)
    since = when - timedelta(days=lookback_days)
    cohort = sorted({a.network_id for a in on_site if a.last_seen >= since and a.first_seen <= when})
    members = set(cohort)
    first_after: dict[int, AdRow] = {}
    for a in ads:
        if a.network_id in members and a.site != site and a.first_seen > when:
            best = first_after.get(a.network_id)
            if best is None or (a.first_seen, a.ad_id) < (best.first_seen, best.ad_id):
                first_after[a.network_id] = a
    rows = []
    for nid in cohort:
        found = first_after.get(nid)
        if found is None:
            rows.append(Reappearance(nid, None, None, None))
        else:
            days = round((found.first_seen - when).total_seconds() / 86_400, 2)
            rows.append(Reappearance(nid, found.site, found.city, days))
    by_site: dict[str, list[Reappearance]] = defaultdict(list)
    for r in rows:
        if r.site is not None:
            by_site[r.site].append(r)
    n = max(1, len(cohort))
    destinations = [
        Destination(
            s,
            len(rs),
            round(len(rs) / n, 4),
            round(median(r.days for r in rs if r.days is not None), 2),
            Counter(r.city for r in rs if r.city).most_common(10),
        )
        for s, rs in sorted(by_site.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]
    gone = sum(1 for r in rows if r.site is None)
    return Displacement(site, when, detected, lookback_days, len(cohort), gone, round(gone / n, 4), destinations, rows)


def shares(d: Displacement) -> dict[str, float]:
    """Share of the cohort per destination site, plus "not seen again"."""
    out = {x.site: x.share for x in d.destinations}
    out[NOT_SEEN] = d.share_not_seen_again
    return out
