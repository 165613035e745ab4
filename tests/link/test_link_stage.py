"""The link stage over a real store, on every backend: networks, explanations, incremental runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from threadline.config import Config, load_config
from threadline.extract.stage import run_extract
from threadline.ingest.runner import ingest
from threadline.link.exports import export_ads
from threadline.link.networks import build_network
from threadline.link.stage import run_link, state_path
from threadline.store import links as store_links
from threadline.store.store import Store

TEMPLATE = (
    "Sweet and friendly {name}, new in town this week. Classy, discreet and always on time for you. Text {phone} now."
)


def ad_line(ad_id: str, body: str, day: int = 1, site: str = "boardx") -> str:
    return json.dumps(
        {
            "site": site,
            "ad_id": ad_id,
            "url": f"https://{site}.example/{ad_id}",
            "captured_at": f"2018-03-{day:02d}T10:00:00Z",
            "title": "Available now",
            "body": body,
        }
    )


@pytest.fixture
def config(store_url: str, tmp_path: Path) -> Config:
    return load_config({"db": store_url, "workers": 1, "link_state": str(tmp_path / "state.bin")}, env={})


def load(store: Store, config: Config, path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n")
    ingest(store, [path], config)
    run_extract(store, config)


def test_networks_from_identifiers_and_templates(store: Store, config: Config, tmp_path: Path) -> None:
    lines = [
        ad_line("1", TEMPLATE.format(name="Mia", phone="702-555-0101")),
        ad_line("2", TEMPLATE.format(name="Ivy", phone="702-555-0102")),  # same template, new phone
        ad_line("3", "Call 702 555 0101, ask for Mia. Incalls only."),  # same phone as ad 1
        ad_line("4", "Oak dining table with six chairs, pick up downtown, text 312-555-0199"),  # unrelated
    ]
    load(store, config, tmp_path / "a.jsonl", lines)
    report = run_link(store, config)
    assert report.mode == "rebuild" and report.ads == 4
    rows = {r["ad_id"]: r for r in export_ads(store)}
    assert rows["1"]["network_id"] == rows["2"]["network_id"] == rows["3"]["network_id"]
    assert rows["4"]["network_id"] != rows["1"]["network_id"]
    net = build_network(store, rows["1"]["network_id"])
    assert {m.site_ad_id for m in net.ads} == {"1", "2", "3"}
    assert set(net.link_reasons) == {"phone", "template"}
    phone_link = next(x for x in net.links if x.reason == "phone")
    assert phone_link.evidence == "+17025550101"
    assert net.templates and "{" in net.templates[0].text and "friendly" in net.templates[0].text
    assert net.phones == ["+17025550101", "+17025550102"]
    assert rows["1"]["phones"] == ["+17025550101"]


def test_incremental_run_links_only_new_ads_and_keeps_ids(store: Store, config: Config, tmp_path: Path) -> None:
    load(
        store,
        config,
        tmp_path / "a.jsonl",
        [ad_line("1", "Text 702-555-0101 for Mia"), ad_line("2", "Mia here: 702-555-0101")],
    )
    first = run_link(store, config)
    network = {r["ad_id"]: r["network_id"] for r in export_ads(store)}["1"]
    load(
        store,
        config,
        tmp_path / "b.jsonl",
        [ad_line("3", "Again 702.555.0101", day=3), ad_line("9", "Bike for sale 415-555-0177", day=3)],
    )
    second = run_link(store, config)
    assert (first.mode, second.mode, second.ads) == ("rebuild", "incremental", 2)
    rows = {r["ad_id"]: r["network_id"] for r in export_ads(store)}
    assert rows["1"] == rows["2"] == rows["3"] == network
    assert run_link(store, config).ads == 0  # nothing new
    # A state file that no longer matches the store is never trusted: the next run rebuilds.
    state_path(config).write_bytes(b"not a state")
    again = run_link(store, config)
    assert again.mode == "rebuild" and {r["ad_id"]: r["network_id"] for r in export_ads(store)} == rows
    with store.connect() as conn:
        assert store_links.list_networks(conn, "size", 10)[0]["ads"] == 3
