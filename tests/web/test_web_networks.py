"""The network page: graph with reasons, movement, indicators, risk, labels (both backends)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from web_helpers import WebClient
from web_world import PHONE, build

from threadline.analyze.labels import current_labels
from threadline.config import Config
from threadline.store import pages as store_pages
from threadline.store.store import Store
from threadline.web.logic.charts import on_map, outline_path, project
from threadline.web.logic.networks import network_page


@pytest.fixture
def world(store: Store, web_config: Config, tmp_path: Path) -> tuple[Store, int]:
    build(store, web_config, tmp_path)
    with store.connect() as conn:
        return store, store_pages.ad_id_of(conn, "pagelist", "a1")


def test_map_projection_is_offline_and_in_frame() -> None:
    assert outline_path().startswith("M")
    assert on_map(project(36.17, -115.14)) and not on_map(project(51.5, -0.13))


def test_network_page_takes_the_network_apart(world: tuple[Store, int]) -> None:
    store, net_id = world
    page = network_page(store, net_id)
    kinds = {n.kind for n in page.graph.nodes}
    assert kinds == {"ad", "phone"}
    phone = next(n for n in page.graph.nodes if n.kind == "phone")
    assert phone.label == PHONE and sum(e.target == phone.id for e in page.graph.edges) == 3
    assert [s.city for s in page.movement.stops] == ["Las Vegas, NV", "Phoenix, AZ"]
    assert page.map.path and len(page.timeline.dots) == 3
    assert page.indicators[0].name == "possible_minor"
    assert page.risk is not None and page.risk.minors == 1


def test_network_routes_and_labels(world: tuple[Store, int], login: Callable[[str], WebClient]) -> None:
    store, net_id = world
    viewer = login("viewer")
    page = viewer.get(f"/networks/{net_id}")
    assert page.status_code == 200 and 'data-elements="[{' in page.text and "label-form" not in page.text
    analyst = login("analyst")
    assert analyst.form(f"/networks/{net_id}/labels", {"label": "trafficking", "note": "n"}).status_code == 303
    assert current_labels(store)[net_id].label == "trafficking"
    r = analyst.post(
        f"/api/v1/networks/{net_id}/labels", json={"label": "spam"}, headers={"X-CSRF-Token": analyst.csrf}
    )
    assert r.status_code == 200 and r.json()["analyst"] == "analyst"
    assert analyst.form(f"/networks/{net_id}/labels", {"label": "nonsense"}).status_code == 400
    data = viewer.get(f"/api/v1/networks/{net_id}").json()
    assert data["label"]["label"] == "spam" and data["graph"] and data["risk"]["minors"] == 1
