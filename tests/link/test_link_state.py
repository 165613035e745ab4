"""Saving and restoring the engine: a restored engine continues exactly like the original."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

from threadline.errors import ConfigError
from threadline.link.engine import LinkEngine
from threadline.link.records import LinkResult
from threadline.link.settings import LinkSettings
from threadline.link.state import LinkState, capture, restore
from threadline.link.synth import SynthConfig, population


def _summary(engine: LinkEngine, result: object) -> tuple[object, ...]:
    assert isinstance(result, LinkResult)
    return (
        sorted(engine.clusters()),
        sorted((x.a, x.b, x.reason, x.evidence) for x in result.links),
        result.clusters,
        result.removed,
        [(h.kind, h.value) for h in result.hubs],
    )


def test_restored_engine_continues_like_the_original() -> None:
    ads, _ = population(SynthConfig(ads=1200, seed=5))
    settings = LinkSettings(boilerplate_min_ads=80, hub_review_every=300)
    original, _ = LinkEngine.build(ads[:800], settings)
    blob = capture(original).to_bytes()
    restored = restore(LinkState.from_bytes(blob))
    assert sorted(restored.clusters()) == sorted(original.clusters())
    for lo in range(800, 1200, 100):
        chunk = ads[lo : lo + 100]
        assert _summary(restored, restored.add(chunk)) == _summary(original, original.add(chunk))
    assert _summary(restored, restored.review_hubs()) == _summary(original, original.review_hubs())


def test_hashing_settings_cannot_change_thresholds_can() -> None:
    ads, _ = population(SynthConfig(ads=100, seed=6))
    engine, _ = LinkEngine.build(ads)
    state = capture(engine)
    with pytest.raises(ConfigError, match="num_perm"):
        restore(state, LinkSettings(num_perm=64))
    with pytest.raises(ConfigError, match="bands_rows"):
        restore(state, LinkSettings(template_threshold=0.8))
    again = restore(state, LinkSettings(template_threshold=0.8, lsh_bands=18, hub_min_contexts=5))
    assert again.settings.hub_min_contexts == 5


def test_foreign_bytes_are_refused() -> None:
    out = io.BytesIO()
    np.savez(out, x=np.zeros(3))
    with pytest.raises(ValueError, match="threadline-link-state"):
        LinkState.from_bytes(out.getvalue())


def test_state_file_roundtrip(tmp_path: Path) -> None:
    ads, _ = population(SynthConfig(ads=300, seed=8))
    engine, _ = LinkEngine.build(ads)
    path = tmp_path / "link.state"
    with path.open("wb") as fh:
        capture(engine).write(fh)
    with path.open("rb") as fh:
        again = restore(LinkState.read(fh))
    assert sorted(again.clusters()) == sorted(engine.clusters())
    assert [(h.kind, h.value, h.ads, h.reason) for h in again.hubs] == [
        (h.kind, h.value, h.ads, h.reason) for h in engine.hubs
    ]
