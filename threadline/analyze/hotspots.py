"""Hotspots: ads, new ads and networks per city x site x week; top cities by risk-weighted activity
in a period, with the trend against the period before it.

An ad is active in every week from its first to its last sighting; it is new in the week of its
first. Risk weighting adds each active ad's network score (negative scores count as zero), so a
city full of high-scoring networks outranks one with the same number of low-scoring ads. Weeks start
on Monday (UTC). Grouping is ``np.unique`` over encoded keys: no loop per ad.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

from threadline.store.analysis import AdRow

WEEK = 7 * 86_400
MONDAY = datetime(1970, 1, 5, tzinfo=UTC).timestamp()  # the first Monday of the epoch


@dataclass(frozen=True, slots=True)
class Cell:
    city: str
    site: str
    week: str  # the Monday, YYYY-MM-DD
    ads: int  # active that week
    new_ads: int
    networks: int


@dataclass(frozen=True, slots=True)
class CityTrend:
    city: str
    risk_weighted: float  # sum of network scores over the ads active in the period
    ads: int  # active in the period
    new_ads: int
    previous_ads: int  # active in the period before
    change: float | None  # (ads - previous) / previous; None when nothing before


@dataclass(frozen=True, slots=True)
class Hotspots:
    period_start: datetime
    period_end: datetime
    previous_start: datetime
    cities: list[CityTrend]  # top cities by risk-weighted activity
    cells: list[Cell]  # every city x site x week with activity, newest week first


def _day(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d")


def hotspots(
    ads: Sequence[AdRow], scores: Mapping[int, float], *, until: datetime | None = None, days: int = 7, top: int = 20
) -> Hotspots:
    located = [a for a in ads if a.city is not None]
    first = np.array([a.first_seen.timestamp() for a in located], dtype=np.float64)
    last = np.array([a.last_seen.timestamp() for a in located], dtype=np.float64)
    end = until.timestamp() if until else (float(last.max()) if len(last) else 0.0)
    start, prev = end - days * 86_400, end - 2 * days * 86_400
    cities, city_code = np.unique(np.array([a.city for a in located], dtype=object).astype(str), return_inverse=True)
    sites, site_code = np.unique(np.array([a.site for a in located], dtype=object).astype(str), return_inverse=True)
    nets = np.array([a.network_id for a in located], dtype=np.int64)
    weight = np.array([max(0.0, scores.get(a.network_id, 0.0)) for a in located], dtype=np.float64)

    # city x site x week cells: one row per (ad, active week)
    w0 = ((first - MONDAY) // WEEK).astype(np.int64)
    w1 = np.maximum(w0, ((last - MONDAY) // WEEK).astype(np.int64))
    span = w1 - w0 + 1
    idx = np.repeat(np.arange(len(located)), span)
    week = w0[idx] + (np.arange(len(idx)) - np.repeat(np.cumsum(span) - span, span))
    cell = (city_code[idx].astype(np.int64) * len(sites) + site_code[idx]) * (int(week.max(initial=0)) + 1) + week
    keys, inverse, active = np.unique(cell, return_inverse=True, return_counts=True)
    new = np.bincount(inverse, weights=(week == w0[idx]).astype(np.float64), minlength=len(keys))
    pairs = np.unique(inverse.astype(np.int64) * (int(nets.max(initial=0)) + 1) + nets[idx])
    networks = np.bincount(pairs // (int(nets.max(initial=0)) + 1), minlength=len(keys))
    n_weeks = int(week.max(initial=0)) + 1
    cells = [
        Cell(
            str(cities[k // n_weeks // len(sites)]),
            str(sites[k // n_weeks % len(sites)]),
            _day(MONDAY + (k % n_weeks) * WEEK),
            int(a),
            int(b),
            int(c),
        )
        for k, a, b, c in zip(keys.tolist(), active, new, networks, strict=True)
    ]
    cells.sort(key=lambda c: (c.week, c.ads), reverse=True)

    now = (first <= end) & (last >= start)
    before = (first <= start) & (last >= prev)
    n_c = len(cities)
    risk = np.bincount(city_code[now], weights=weight[now], minlength=n_c)
    ads_now = np.bincount(city_code[now], minlength=n_c)
    new_now = np.bincount(city_code[now & (first >= start)], minlength=n_c)
    ads_before = np.bincount(city_code[before], minlength=n_c)
    order = np.lexsort((-ads_now, -risk))[:top]
    trends = [
        CityTrend(
            str(cities[i]),
            round(float(risk[i]), 2),
            int(ads_now[i]),
            int(new_now[i]),
            int(ads_before[i]),
            round((ads_now[i] - ads_before[i]) / ads_before[i], 3) if ads_before[i] else None,
        )
        for i in order.tolist()
        if ads_now[i]
    ]
    dt = datetime.fromtimestamp(end, UTC)
    return Hotspots(dt - timedelta(days=days), dt, dt - timedelta(days=2 * days), trends, cells)
