"""Search: identifiers in any spelling, full text, facets; the page and its JSON (both backends)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from web_helpers import WebClient
from web_world import PHONE, build

from threadline.config import Config
from threadline.store.store import Store
from threadline.web.logic.search import parse_query, run_search


@pytest.fixture
def world(store: Store, web_config: Config, tmp_path: Path) -> Store:
    build(store, web_config, tmp_path)
    return store


def test_query_reads_identifiers_in_any_spelling() -> None:
    parsed = parse_query("new in town seven 0 two 555 0143")
    assert parsed.identifiers == (("phone", PHONE),)
    assert parsed.words == ("new", "in", "town")
    assert parsed.readings == (("seven 0 two 555 0143", f"phone {PHONE}"),)


@pytest.mark.parametrize("spelling", ["seven 0 two 555 0143", "(702) 555-0143", "702.555.0143", "+1 702 555 0143"])
def test_obfuscated_phone_finds_every_ad_carrying_it(world: Store, spelling: str) -> None:
    page = run_search(world, spelling)
    assert {h.site_ad_id for h in page.hits} == {"a1", "a2", "a3"}
    assert page.facets.sites == {"pagelist": 3}
    assert all(h.network_size == 3 for h in page.hits)


def test_full_text_and_facets_narrow(world: Store) -> None:
    assert {h.site_ad_id for h in run_search(world, "spa").hits} == {"c1", "c2"}
    page = run_search(world, "seven 0 two 555 0143", city="Phoenix, AZ")
    assert [h.site_ad_id for h in page.hits] == ["a3"]
    assert run_search(world, "", indicator="possible_minor").total == 1
    assert run_search(world, "spa", min_network=3).total == 0
    assert not run_search(world, "").searched


def test_search_page_and_json(world: Store, login: Callable[[str], WebClient]) -> None:
    client = login("viewer")
    page = client.get("/search", params={"q": "seven 0 two 555 0143"})
    assert page.status_code == 200
    assert "3 ads found" in page.text and f"phone {PHONE}" in page.text
    data = client.get("/api/v1/search", params={"q": "702-555-0143", "site": "pagelist"}).json()
    assert data["total"] == 3 and data["identifiers"] == [{"kind": "phone", "value": PHONE}]
    assert data["facets"]["network_size"] == {"2-4": 3}
