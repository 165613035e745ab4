"""``run_analyze``: indicators of every version not analysed yet, then network risk for the store.

Ad-level indicators and edit flags are incremental (a version is analysed once; ``analyzed_version``
records it, so a killed run resumes). Two things are recomputed each run because they depend on
the whole store: the low-price flag (a city's median price moves as ads arrive) and the network
table (networks grow and merge). Both are vectorised over columns, so a run over 100,000 ads
costs seconds, not a round trip per ad.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy.engine import Connection

from threadline.analyze.adlevel import VersionFacts, facts_by_version, version_hits
from threadline.analyze.edits import WATCHED_PHRASES, VersionState, history_hits
from threadline.analyze.features import network_table
from threadline.analyze.risk import NetworkRisk, score_networks
from threadline.analyze.rules import Rules, load_rules
from threadline.config import Config
from threadline.store import analysis as sa_
from threadline.store.analysis import AdRow, HitRow, PriceRow
from threadline.store.records import version_text
from threadline.store.store import Store

PAGE = 2000  # versions per transaction
MIN_PRICED_ADS = 5  # a city needs this many priced ads before its median means anything
_PRICE = re.compile(r"^(\d+(?:\.\d+)?) ([A-Z]{3})/60$")


@dataclass(frozen=True, slots=True)
class AnalyzeReport:
    mode: str
    versions: int
    hits: int
    edit_flags: int
    low_price: int
    networks: int
    possible_minor_ads: int
    seconds: float


def _page(conn: Connection, version_ids: list[int], ad_ids: list[int], rules: Rules, km: float) -> list[HitRow]:
    wanted = set(version_ids)
    versions = sa_.versions_of(conn, ad_ids)
    facts = facts_by_version(sa_.facts_of(conn, [v.id for v in versions]))
    hits: list[HitRow] = []
    states: list[VersionState] = []
    for v in versions:
        f = facts.get(v.id)
        own = version_hits(v.ad_id, v.id, version_text(v.title, v.body, v.extra), f, rules, km)
        if v.id in wanted:
            hits.extend(own)
        states.append(_state(v.ad_id, v.id, f, own))
    enabled = {i.name for i in rules.of_level("edit")}
    return hits + history_hits(states, wanted, enabled)


def _state(ad_id: int, version_id: int, f: VersionFacts | None, hits: Sequence[HitRow]) -> VersionState:
    phrases = {h.name: h.evidence for h in reversed(hits) if h.name in WATCHED_PHRASES}
    ages = frozenset(a for a, *_ in f.ages) if f else frozenset()
    return VersionState(ad_id, version_id, ages, frozenset(f.phones) if f else frozenset(), phrases)


def low_price_hits(prices: Sequence[PriceRow], ads: Sequence[AdRow], ratio: float) -> list[HitRow]:
    """Hourly prices below ``ratio`` x the median of the ads of the same city and currency."""
    city = {a.ad_id: a.city for a in ads}
    lowest: dict[int, tuple[float, str, PriceRow]] = {}
    for p in prices:
        m = _PRICE.match(p.value)
        if m is None or city.get(p.ad_id) is None:
            continue
        amount = float(m.group(1))
        if p.ad_id not in lowest or amount < lowest[p.ad_id][0]:
            lowest[p.ad_id] = (amount, m.group(2), p)
    groups: dict[tuple[str, str], list[float]] = defaultdict(list)
    for ad_id, (amount, cur, _) in lowest.items():
        groups[(str(city[ad_id]), cur)].append(amount)
    medians = {k: (float(np.median(v)), len(v)) for k, v in groups.items() if len(v) >= MIN_PRICED_ADS}
    out = []
    for ad_id, (amount, cur, p) in lowest.items():
        key = (str(city[ad_id]), cur)
        if key in medians and amount < ratio * medians[key][0]:
            median, n = medians[key]
            out.append(
                HitRow(
                    ad_id,
                    p.ad_version_id,
                    "low_price",
                    p.start,
                    p.end,
                    f"{amount:g} {cur}/hour vs median {median:g} {cur} of {n} ads in {key[0]}",
                )
            )
    return out


def network_risks(store: Store, rules: Rules, ads: Sequence[AdRow]) -> list[NetworkRisk]:
    """Score every network from what the store holds now (``ads``: its ad rows, read by the caller)."""
    with store.connect() as conn:
        values = sa_.ad_values(conn)
        hits = sa_.ad_hit_names(conn)
        templates = sa_.template_linked_ads(conn)
    if not ads:
        return []
    names = [i.name for i in rules.indicators if i.level in ("ad", "edit")]
    table = network_table(ads, values, hits, templates, names)
    return score_networks(table, rules)


def run_analyze(
    store: Store, config: Config, *, rebuild: bool = False, progress: Callable[[int], None] | None = None
) -> AnalyzeReport:
    began = time.perf_counter()
    rules = load_rules(config.indicators_file)
    ad_levels = {i.name for i in rules.indicators if i.level != "network"}
    edit_levels = {i.name for i in rules.of_level("edit")}
    with store.engine.begin() as conn:
        run_id = sa_.start_run(conn, "rebuild" if rebuild else "incremental")
        if rebuild:
            sa_.clear(conn)
    versions = hits = edits = 0
    after = 0
    while True:
        with store.engine.begin() as conn:
            version_ids, ad_ids = sa_.pending_ads(conn, after, PAGE)
            if not version_ids:
                break
            found = [
                h for h in _page(conn, version_ids, ad_ids, rules, config.analyze_area_code_km) if h.name in ad_levels
            ]
            sa_.write_hits(conn, found)
            sa_.mark_analyzed(conn, version_ids)
        after = version_ids[-1]
        versions += len(version_ids)
        hits += len(found)
        edits += sum(1 for h in found if h.name in edit_levels)
        if progress:
            progress(len(version_ids))
    with store.connect() as conn:
        prices, ads = sa_.hourly_prices(conn), sa_.ad_rows(conn)
    low = low_price_hits(prices, ads, config.analyze_low_price_ratio) if "low_price" in ad_levels else []
    with store.engine.begin() as conn:
        sa_.replace_named_hits(conn, "low_price", low)
    risks = network_risks(store, rules, ads)
    with store.engine.begin() as conn:
        sa_.replace_risk(conn, [_risk_row(r, run_id) for r in risks])
        report = AnalyzeReport(
            "rebuild" if rebuild else "incremental",
            versions,
            hits,
            edits,
            len(low),
            len(risks),
            sum(r.minors for r in risks),
            round(time.perf_counter() - began, 3),
        )
        sa_.finish_run(conn, run_id, _counts(report))
    return report


def _counts(report: AnalyzeReport) -> dict[str, int]:
    return {
        "versions": report.versions,
        "hits": report.hits,
        "edit_flags": report.edit_flags,
        "low_price": report.low_price,
        "networks": report.networks,
        "possible_minor_ads": report.possible_minor_ads,
    }


def _risk_row(r: NetworkRisk, run_id: int) -> dict[str, object]:
    return {
        "network_id": r.network_id,
        "ads": r.ads,
        "score": r.score,
        "mo": r.mo,
        "minors": r.minors,
        "features": r.features,
        "contributions": r.contributions,
        "facts": r.facts,
        "run_id": run_id,
    }
