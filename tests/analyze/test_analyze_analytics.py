"""Network facts, risk, hotspots, movement and displacement from hand-made ad rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadline.analyze.displacement import NOT_SEEN, displacement, shares
from threadline.analyze.features import network_table
from threadline.analyze.hotspots import hotspots
from threadline.analyze.labels import fit, predict
from threadline.analyze.movement import circuit
from threadline.analyze.risk import score_networks
from threadline.analyze.rules import load_rules
from threadline.errors import NotFound
from threadline.store.analysis import AdRow

T0 = datetime(2018, 3, 1, tzinfo=UTC)
CITIES = {"Houston, TX": (29.76, -95.36), "Dallas, TX": (32.78, -96.80), "Austin, TX": (30.27, -97.74)}


def row(ad: int, net: int, day: float, city: str | None = "Houston, TX", site: str = "pagelist") -> AdRow:
    lat, lon = CITIES[city] if city else (None, None)
    when = T0 + timedelta(days=day)
    return AdRow(ad, net, site, when, when + timedelta(hours=12), city, lat, lon)


def test_network_facts_and_score_explain_themselves() -> None:
    ads = [row(1, 1, 0), row(2, 1, 1, "Dallas, TX"), row(3, 1, 2, "Austin, TX"), row(4, 4, 0)]
    values = [
        (1, "phone", "+1a"),
        (2, "phone", "+1b"),
        (3, "phone", "+1c"),
        (1, "name", "Amber"),
        (2, "name", "Star"),
        (3, "name", "amber"),
        (4, "phone", "+1d"),
        (4, "name", "Mia"),
    ]
    hits = [(1, "third_person"), (2, "third_person"), (3, "third_person"), (2, "possible_minor")]
    rules = load_rules()
    names = [i.name for i in rules.indicators if i.level in ("ad", "edit")]
    table = network_table(ads, values, hits, [1, 2, 3], names)
    assert table.ids.tolist() == [1, 4]
    first = table.row(0)
    assert first["phones"] == 3 and first["people"] == 2 and first["cities"] == 3 and first["minors"] == 1
    assert first["share_third_person"] == 1.0 and first["template_across_phones"] == 3
    assert first["travel_km"] > 300
    risks = {r.network_id: r for r in score_networks(table, rules)}
    assert risks[1].score > risks[4].score
    assert risks[1].mo == "trafficking" and risks[4].mo == "independent"
    assert risks[1].facts[0].startswith("POSSIBLE MINOR")
    assert risks[1].score == pytest.approx(sum(risks[1].contributions.values()), abs=1e-3)


def test_circuit_orders_stops_and_counts_moves() -> None:
    ads = [row(1, 1, 0), row(2, 1, 1), row(3, 1, 3, "Dallas, TX"), row(4, 1, 5), row(5, 1, 6, None)]
    m = circuit(1, ads)
    assert [s.city for s in m.stops] == ["Houston, TX", "Dallas, TX", "Houston, TX"]
    assert m.stops[0].ads == 2 and m.ads_without_city == 1 and m.cities == 2
    assert {(x.origin, x.destination) for x in m.moves} == {
        ("Houston, TX", "Dallas, TX"),
        ("Dallas, TX", "Houston, TX"),
    }


def test_hotspots_weeks_and_trend() -> None:
    ads = [row(i, i, 10 + i % 3) for i in range(6)] + [row(10, 10, 2, "Dallas, TX")]
    h = hotspots(ads, {0: 2.0, 1: 1.0, 10: 5.0}, until=T0 + timedelta(days=13), days=7)
    assert h.cities[0].city == "Houston, TX" and h.cities[0].risk_weighted == 3.0 and h.cities[0].change is None
    assert sum(c.new_ads for c in h.cells) == 7
    assert all(c.networks <= c.ads for c in h.cells)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.floats(0, 60), st.sampled_from(list(CITIES))), max_size=40))
def test_hotspot_cells_count_every_new_ad_once(spec: list[tuple[int, float, str]]) -> None:
    ads = [row(i, net, day, city) for i, (net, day, city) in enumerate(spec)]
    h = hotspots(ads, {}, days=7)
    assert sum(c.new_ads for c in h.cells) == len(ads)


def test_displacement_shares_and_days() -> None:
    ads = [row(n, n, 30, site="pagelist") for n in range(1, 5)]
    ads += [row(11, 1, 33, "Dallas, TX", "citynights"), row(12, 2, 35, site="velvetboard")]
    ads += [row(13, 3, 10, site="citynights")]  # before the closure: not a reappearance
    d = displacement(ads, "pagelist", T0 + timedelta(days=31), 7)
    assert d.cohort == 4 and d.not_seen_again == 2 and not d.closure_detected
    assert shares(d) == {"citynights": 0.25, "velvetboard": 0.25, NOT_SEEN: 0.5}
    assert d.destinations[0].median_days == 2.0 and d.destinations[0].cities == [("Dallas, TX", 1)]
    detected = displacement(ads, "pagelist", None, 7)
    assert detected.closure_detected and detected.closure == T0 + timedelta(days=30, hours=12)
    with pytest.raises(NotFound):
        displacement(ads, "nosuch", None, 7)


def test_label_model_learns_a_feature_the_score_ignores() -> None:
    rng = np.random.default_rng(1)
    x = rng.random((200, 3))
    prior = rng.normal(size=200)
    y = (x[:, 2] > 0.5).astype(np.float64)
    model = fit(x, prior, y, ["a", "b", "c"])
    p = predict(model, x, prior, ["a", "b", "c"])
    assert model.coefs["c"] > 2 and abs(model.score_coef) < 1
    assert ((p > 0.5) == (y == 1)).mean() > 0.9
