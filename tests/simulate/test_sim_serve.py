"""The live simulated web serves the same world ``threadline simulate`` writes, on a timeline."""

from __future__ import annotations

import json
from pathlib import Path

from threadline.simulate import simulate
from threadline.simulate.serve_pages import Pages
from threadline.simulate.serve_world import LiveWorld, generate_ads


def test_served_world_is_the_warc_world(tmp_path: Path) -> None:
    simulate(tmp_path, 300, 7, workers=1)
    truth = {(r["site"], r["ad_id"]) for r in map(json.loads, (tmp_path / "truth.jsonl").open())}
    world = LiveWorld(generate_ads(300, 7))
    assert {(x.ad.site.name, x.ad.ad_id) for x in world.ads} == truth


def test_versions_go_live_in_order_and_pages_show_them() -> None:
    world = LiveWorld(generate_ads(300, 7))
    pages = Pages(world)
    edited = next(x for x in world.ads if len(x.starts) > 1)
    assert list(edited.starts) == sorted(edited.starts) and edited.ends_at > edited.starts[-1]
    assert edited.version_at(edited.starts[0] - 1) is None
    assert edited.version_at(edited.starts[1]) == 1
    page = pages.ad(edited, edited.starts[1], "tok", None)
    assert page.status == 200 and page.version == 1
    assert pages.ad(edited, edited.starts[1], "tok", page.headers[0][1]).status == 304  # same ETag
    assert pages.ad(edited, edited.ends_at, "tok", None).kind == "removed"
