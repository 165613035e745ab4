"""The benchmark functions run end to end at toy sizes (the figures themselves come from make bench)."""

from __future__ import annotations

from pathlib import Path

import pytest

from threadline.link import bench


def test_small_figures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench, "OUT", tmp_path)
    build = bench.build_figures(ads=800, new=20)
    # Production thresholds on a toy world (the disclaimer is below the boilerplate threshold): only
    # check that every figure is there.
    assert build["ads"] == 800 and 0 < build["bcubed_precision"] <= 1 and build["state_mb"] > 0
    assert build["single_add_ms_per_ad"] > 0 and build["stage_links_s"] > 0
    assert bench.metrics_speed(items=10_000)["f1"] > 0.5
    assert bench.image_figures(hashes=2_000)["pairs"] > 0


def test_baselines() -> None:
    pytest.importorskip("rensa")
    pytest.importorskip("datasketch")
    assert bench.minhash_backends(ads=300)["numpy_us_per_ad"] > 0
    versus = bench.versus_datasketch(ads=300, repeat=1)
    assert versus["speedup"] > 1
