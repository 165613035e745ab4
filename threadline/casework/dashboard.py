"""What the dashboard shows, gathered in one place for the page and its JSON twin:

* hotspots: ads per city and week for the busiest cities of the last weeks (analyze.hotspots);
* the highest-risk networks (network_risk, possible minors first as everywhere);
* "possible minor" flags awaiting review: networks with a stated age under 18 and no analyst label;
* recent edits that hid details (an age or phone removed or changed, an indicator phrase dropped);
* the user's watchlist hits, after checking their watches against what was extracted since.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from threadline.accounts.users import User
from threadline.analyze.hotspots import hotspots
from threadline.analyze.labels import current_labels
from threadline.casework import watchlists
from threadline.store import analysis as store_analysis
from threadline.store import dashboard as store_dashboard
from threadline.store.cases import HitRow
from threadline.store.dashboard import EditRow
from threadline.store.store import Store

HIDING_EDITS = ("age_removed", "age_raised", "phone_removed", "phone_changed", "indicator_removed")
WEEKS = 6
CITIES = 12


@dataclass(frozen=True, slots=True)
class RiskLine:
    network_id: int
    ads: int
    score: float
    mo: str
    minors: int
    label: str | None


@dataclass(frozen=True, slots=True)
class HeatRow:
    city: str
    counts: list[int]  # ads active per week, oldest week first
    total: int


@dataclass(frozen=True, slots=True)
class Dashboard:
    weeks: list[str]  # Mondays, oldest first
    heat: list[HeatRow]
    top: list[RiskLine]
    minors: list[RiskLine]
    edits: list[EditRow]
    watch_hits: list[HitRow]
    new_watch_hits: int


def _line(r: Any, labels: dict[int, str]) -> RiskLine:
    nid = int(r.network_id)
    return RiskLine(nid, int(r.ads), round(float(r.score), 2), str(r.mo), int(r.minors), labels.get(nid))


def _heat(ad_rows: list[store_analysis.AdRow], scores: dict[int, float]) -> tuple[list[str], list[HeatRow]]:
    if not ad_rows:
        return [], []
    spots = hotspots(ad_rows, scores, days=7, top=CITIES)
    weeks = sorted({c.week for c in spots.cells})[-WEEKS:]
    per: dict[str, dict[str, int]] = {}
    for c in spots.cells:
        if c.week in weeks:
            per.setdefault(c.city, {}).setdefault(c.week, 0)
            per[c.city][c.week] += c.ads
    wanted = [t.city for t in spots.cities] or sorted(per, key=lambda k: -sum(per[k].values()))[:CITIES]
    rows = [
        HeatRow(city, [per.get(city, {}).get(w, 0) for w in weeks], sum(per.get(city, {}).values())) for city in wanted
    ]
    return weeks, rows


def dashboard(store: Store, user: User, now: datetime, top: int = 10) -> Dashboard:
    new_hits = watchlists.check(store, user, now)
    labels = {k: v.label for k, v in current_labels(store).items()}
    with store.connect() as conn:
        risks = store_analysis.risk_rows(conn, None, min_ads=1)
        ad_rows = store_analysis.ad_rows(conn)
        edits = store_dashboard.recent_edits(conn, HIDING_EDITS, 15)
    weeks, heat = _heat(ad_rows, {int(r.network_id): float(r.score) for r in risks})
    ranked = sorted(risks, key=lambda r: (-float(r.score), int(r.network_id)))
    return Dashboard(
        weeks=weeks,
        heat=heat,
        top=[_line(r, labels) for r in ranked if int(r.ads) >= 2][:top],
        minors=[_line(r, labels) for r in risks if int(r.minors) > 0 and int(r.network_id) not in labels][:top],
        edits=edits,
        watch_hits=watchlists.hits(store, user, 20),
        new_watch_hits=new_hits,
    )
