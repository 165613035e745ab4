"""Quality on a synthetic population with networks, independents, a spammer and hubs."""

from __future__ import annotations

from threadline.link.engine import LinkEngine
from threadline.link.metrics import score
from threadline.link.settings import LinkSettings
from threadline.link.synth import SynthConfig, population


def test_precision_and_f1_with_hubs_suppressed_and_giant_component_without() -> None:
    ads, truth = population(SynthConfig(ads=3000, seed=11))
    # Boilerplate threshold scaled to a 3,000-ad world: the site disclaimer (~600 ads) is boilerplate,
    # the largest network template (60 ads) is not.
    settings = LinkSettings(boilerplate_min_ads=150)
    engine, result = LinkEngine.build(ads, settings)
    s = score([m for _, m in engine.clusters()], truth)
    assert s.precision >= 0.98 and s.f1 >= 0.95, s
    hubs = {(h.kind, h.value) for h in result.hubs if h.kind != "template"}
    assert {("phone", "+18005550100"), ("url", "www.hotdates-verify.example/join")} <= hubs
    plain, _ = LinkEngine.build(ads, LinkSettings(boilerplate_min_ads=150, suppress_hubs=False))
    p = score([m for _, m in plain.clusters()], truth)
    assert p.largest > 0.3 * len(ads) and p.precision < 0.9, p
