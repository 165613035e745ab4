"""Hub suppression: support phones and spam links stop linking, networks' identifiers keep linking."""

from __future__ import annotations

from threadline.link.engine import LinkEngine
from threadline.link.records import LinkAd
from threadline.link.settings import LinkSettings

SUPPORT = ("phone", "+18005550100")
NETWORK_TEXT = (
    "Hello there, my name is {n}. Visiting {c} this week only. Classy and relaxed companion for dinner "
    "dates and quiet evenings. I adore punctual clients and polite texts. Deposits accepted ahead of your "
    "appointment. Text me with your name and time, no blocked calls please."
)


def _independent(i: int, *extra: tuple[str, str]) -> LinkAd:
    # Each independent writes her own short text and uses her own phone.
    return LinkAd(
        1000 + i,
        f"Poster {i} writes word{i} and thing{i}.",
        (("phone", f"+1702555{i:04d}"), *extra),
        "support-site",
        f"city{i % 30}",
        19_000,
    )


def _network(i: int) -> LinkAd:
    text = NETWORK_TEXT.replace("{n}", ["Amber", "Jade", "Mia"][i % 3]).replace("{c}", ["Reno", "Boise"][i % 2])
    return LinkAd(
        5000 + i, text, (("phone", "+14805550111"), ("phone", f"+1480555{2000 + i:04d}")), "velvet", "Reno", 19_000
    )


def test_support_phone_is_a_hub_network_phone_is_not() -> None:
    ads = [_independent(i, SUPPORT) for i in range(60)] + [_network(i) for i in range(40)]
    engine, result = LinkEngine.build(ads)
    hubs = {(h.kind, h.value) for h in result.hubs}
    assert hubs == {SUPPORT}
    assert "60 ads" in result.hubs[0].reason and "60 unrelated contexts" in result.hubs[0].reason
    assert all(x.evidence != SUPPORT[1] for x in result.links)
    assert engine.cluster_of(1000) is None  # independents stay alone
    assert engine.members(5000) == tuple(range(5000, 5040))


def test_hub_found_later_retracts_its_links_and_dissolves_the_cluster() -> None:
    engine = LinkEngine(LinkSettings(hub_min_ads=25, hub_review_every=1))
    for i in range(24):
        engine.add([_independent(i, SUPPORT)])
    assert engine.members(1000) == tuple(range(1000, 1024))  # linked through the phone so far
    result = engine.add([_independent(24, SUPPORT)])
    assert [(h.kind, h.value) for h in result.hubs] == [SUPPORT]
    assert len(result.retracted) == 23 and all(x.evidence == SUPPORT[1] for x in result.retracted)
    assert result.removed == (1000,) and result.clusters == ()
    assert engine.cluster_of(1000) is None


def test_candidate_links_are_withheld_until_review_then_released() -> None:
    engine = LinkEngine(LinkSettings(hub_min_ads=25, hub_review_every=1000))
    engine.add([_independent(i) for i in range(400)] + [_network(i) for i in range(24)])
    assert len(engine.members(5000)) == 24
    held = engine.add([_network(24), _network(25)])  # the shared phone reaches 25 ads: pending
    assert [x.b for x in held.links if x.reason == "phone"] == []
    assert {x.b for x in held.links} == {5024, 5025}  # still template-linked meanwhile
    released = engine.review_hubs()
    assert released.hubs == ()
    assert {x.b for x in released.links if x.reason == "phone"} == {5024, 5025}
    assert len(engine.members(5000)) == 26


def test_boilerplate_is_ignored_by_templates_and_reported() -> None:
    disclaimer = (
        "All advertisers on this site confirm they are adults and every ad is placed for companionship "
        "and time only. Report abuse to the site team at any time, we review every report within a day."
    )
    ads = [
        LinkAd(i, f"Poster {i} says hi{i} there{i}. " + disclaimer, (("phone", f"p{i}"),), "boiler", "Reno", 1)
        for i in range(60)
    ]
    plain, _ = LinkEngine.build(ads, LinkSettings(suppress_hubs=False))
    assert max(len(m) for _, m in plain.clusters()) == 60  # the disclaimer alone links everyone
    engine, result = LinkEngine.build(ads, LinkSettings(boilerplate_min_ads=30))
    assert list(engine.clusters()) == []
    phrases = [h for h in result.hubs if h.kind == "template"]
    assert phrases and "report abuse to the site team" in phrases[0].value and phrases[0].ads >= 30
    assert not result.rebuild_advised
    later = engine.add(
        [LinkAd(100, "Another poster. " + disclaimer.replace("Report", "Please report"), (), "boiler", "Reno", 2)]
    )
    assert later.hubs == () and not later.rebuild_advised


def test_boilerplate_crossing_later_advises_a_rebuild() -> None:
    footer = "Verified provider badge issued by the listing team for members in good standing this month."
    engine = LinkEngine(LinkSettings(boilerplate_min_ads=10))
    engine.add([LinkAd(i, f"Text {i} alpha{i} beta{i}. {footer}", (), "s", None, 1) for i in range(6)])
    result = engine.add([LinkAd(10 + i, f"Text {i} gamma{i} delta{i}. {footer}", (), "s", None, 1) for i in range(6)])
    assert any(h.kind == "template" for h in result.hubs) and result.rebuild_advised
