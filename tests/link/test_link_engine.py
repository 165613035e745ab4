"""The engine: identifier and template links with explanations, cluster ids, incremental = bulk."""

from __future__ import annotations

from threadline.link.engine import LinkEngine
from threadline.link.records import LinkAd
from threadline.link.settings import LinkSettings
from threadline.link.synth import SynthConfig, population

TEMPLATE = (
    "Hi gentlemen, I'm {name}. New in town and visiting {city} for a few days only. Sweet and discreet "
    "companion for dinner dates, good conversation and relaxing company. I love polite texts and punctual "
    "clients. Outcalls and incalls by appointment. Call or text {phone} for your appointment today."
)


def _ad(ad: int, text: str, *ids: tuple[str, str], city: str = "Reno") -> LinkAd:
    return LinkAd(ad, text, tuple(ids), "nightowl", city, 19_000)


def _fill(name: str, city: str, phone: str) -> str:
    return TEMPLATE.replace("{name}", name).replace("{city}", city).replace("{phone}", phone)


def test_shared_identifier_links_to_first_holder_with_evidence() -> None:
    engine = LinkEngine()
    result = engine.add(
        [
            _ad(30, "Quiet evening company in the old town.", ("phone", "+17025550143")),
            _ad(10, "Visiting for two days, text for details.", ("phone", "+17025550143"), ("email", "a@b.example")),
            _ad(20, "Weekend only, call ahead please.", ("email", "a@b.example")),
        ]
    )
    links = {(x.a, x.b, x.reason, x.evidence, x.score) for x in result.links}
    assert links == {
        (30, 10, "phone", "+17025550143", 1.0),
        (10, 20, "email", "a@b.example", 1.0),
    }
    assert [(c.cluster, c.members) for c in result.clusters] == [(10, (10, 20, 30))]
    assert engine.cluster_of(30) == 10
    assert engine.holders("phone", "+17025550143") == (30, 10)


def test_templates_link_across_rotating_values_and_short_texts_do_not() -> None:
    engine = LinkEngine()
    ads = [
        _ad(1, _fill("Amber", "Phoenix", "702-555-0143"), ("phone", "+17025550143")),
        _ad(2, _fill("Crystal", "Tucson", "(480) 555-0199"), ("phone", "+14805550199")),
        _ad(3, "Call me now, new in town.", ("phone", "+12085550100")),
        _ad(4, "Call me now, new in town.", ("phone", "+12085550111")),
    ]
    result = engine.add(ads)
    (link,) = list(result.links)
    assert (link.a, link.b, link.reason) == (1, 2, "template")
    assert link.evidence.startswith("T1 J=") and link.score >= 0.6
    assert engine.cluster_of(3) is None and engine.cluster_of(4) is None
    assert engine.members(2, templates=True) == (1, 2)


def test_cluster_merge_reports_absorbed_and_removed_ids() -> None:
    engine = LinkEngine()
    engine.add([_ad(5, "a", ("phone", "p1")), _ad(6, "b", ("phone", "p1"))])
    engine.add([_ad(3, "c", ("phone", "p2")), _ad(4, "d", ("phone", "p2"))])
    result = engine.add([_ad(9, "e", ("phone", "p1"), ("phone", "p2"))])
    assert [(c.cluster, c.members, c.absorbed) for c in result.clusters] == [(3, (3, 4, 5, 6, 9), (5,))]
    assert result.removed == (5,)


def test_readding_an_ad_adds_its_new_identifiers_only() -> None:
    engine = LinkEngine()
    engine.add([_ad(1, "x", ("phone", "p1")), _ad(2, "y", ("phone", "p2"))])
    result = engine.add([_ad(2, "y", ("phone", "p2"), ("phone", "p1"))])
    assert [(x.a, x.b, x.reason) for x in result.links] == [(1, 2, "phone")]
    assert len(engine) == 2
    assert list(engine.add([_ad(2, "y", ("phone", "p2"), ("phone", "p1"))]).links) == []


def test_incremental_adds_reach_the_bulk_partition() -> None:
    ads, _ = population(SynthConfig(ads=1500, seed=3))
    settings = LinkSettings(boilerplate_min_ads=100_000)  # no boilerplate: its timing differs by design
    bulk, _ = LinkEngine.build(ads, settings)
    step = LinkEngine(settings)
    for lo in range(0, len(ads), 97):
        step.add(ads[lo : lo + 97])
    step.review_hubs()
    assert sorted(step.clusters()) == sorted(bulk.clusters())
    assert {(h.kind, h.value) for h in step.hubs} == {(h.kind, h.value) for h in bulk.hubs}


def test_cluster_ids_do_not_depend_on_arrival_order() -> None:
    ads, _ = population(SynthConfig(ads=600, seed=4))
    settings = LinkSettings(boilerplate_min_ads=100_000)
    forward, _ = LinkEngine.build(ads, settings)
    backward, _ = LinkEngine.build(list(reversed(ads)), settings)
    assert sorted(forward.clusters()) == sorted(backward.clusters())


def test_near_equal_photos_link_with_both_hashes_as_evidence() -> None:
    engine = LinkEngine()
    result = engine.add(
        [
            _ad(1, "First poster text.", ("image", "8f326d484b7429cf")),
            _ad(2, "Second poster text.", ("image", "8f326d484b7429cc")),  # two bits away
            _ad(3, "Third poster text.", ("image", "0f326d484b7429cc")),  # one bit from 2, three from 1
            _ad(4, "Fourth poster text.", ("image", "70cd92b7b48bd630")),  # unrelated
        ]
    )
    near = sorted((x.a, x.b, x.evidence) for x in result.links)
    assert (1, 2, "8f326d484b7429cf~8f326d484b7429cc d=2") in near
    assert engine.members(3) == (1, 2, 3)
    assert all(4 not in (a, b) for a, b, _ in near)
    columns = result.links
    assert columns[0] == next(iter(columns)) and len(columns[1:]) == len(columns) - 1
