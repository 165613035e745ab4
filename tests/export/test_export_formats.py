"""Every export format from a generated world, read back by its own library or a schema check, on
SQLite and PostgreSQL; each export leaves a dissemination record in an intact audit chain."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import sqlalchemy as sa
from export_world import config_for, networks_by_size
from followthemoney import model
from lxml import etree
from tests_time import NOW
from warcio.archiveiterator import ArchiveIterator

from threadline.accounts import audit as accounts_audit
from threadline.accounts.audit import Who
from threadline.capture.records import Capture
from threadline.capture.warc import read_warc_bytes
from threadline.config import Config
from threadline.export import graphs, tables, tips
from threadline.export.custody import disseminations
from threadline.export.data import Bundle, ad_bundle, network_bundle
from threadline.export.formats import FORMATS, export_file
from threadline.ingest.runner import ingest
from threadline.store.schema import ad, ad_version, site
from threadline.store.store import Store

WHO = Who("cli:tester", "cli")


def _biggest(store: Store) -> Bundle:
    network_id, _ = networks_by_size(store)[-1]
    return network_bundle(store, network_id)


def _export(store: Store, bundle: Bundle, fmt: str) -> bytes:
    return export_file(store, bundle, fmt, WHO, "Partner unit", "joint investigation", NOW)


def test_ftm_entities_validate_with_followthemoney(loaded: tuple[Store, Config]) -> None:
    store, _ = loaded
    bundle = _biggest(store)
    lines = _export(store, bundle, "ftm").decode().splitlines()
    schemata: dict[str, int] = {}
    for line in lines:
        data = json.loads(line)
        schema = model.get(data["schema"])
        assert schema is not None
        assert schema.validate(data) is None, data
        proxy = model.get_proxy(data)
        schemata[proxy.schema.name] = schemata.get(proxy.schema.name, 0) + 1
    versions = sum(len(v) for v in bundle.networks[0].versions.values())
    assert schemata["Document"] == versions
    assert schemata["LegalEntity"] == 1
    assert schemata["Documentation"] == versions


def test_gexf_and_graphml_read_back_with_the_same_counts(loaded: tuple[Store, Config]) -> None:
    store, _ = loaded
    bundle = _biggest(store)
    g = graphs.build_graph(bundle)
    gexf = _export(store, bundle, "gexf")
    back = nx.read_gexf(io.BytesIO(gexf))
    assert (back.number_of_nodes(), back.number_of_edges()) == (g.number_of_nodes(), g.number_of_edges())
    assert b'mode="dynamic"' in gexf and b'timeformat="date"' in gexf
    assert all("start" in d for _, d in g.nodes(data=True) if d["kind"] != "ad" or "start" in d)
    ml = nx.read_graphml(io.BytesIO(_export(store, bundle, "graphml")))
    assert (ml.number_of_nodes(), ml.number_of_edges()) == (g.number_of_nodes(), g.number_of_edges())
    assert _export(store, bundle, "gexf") == gexf  # no clock time inside


def test_i2_maltego_and_legal_csv(loaded: tuple[Store, Config]) -> None:
    store, _ = loaded
    bundle = _biggest(store)
    rows = list(csv.reader(io.StringIO(_export(store, bundle, "i2").decode())))
    assert tuple(rows[0]) == tables.I2_HEADER and len(rows) - 1 == len(tables.i2_rows(bundle)) > 0
    assert all(len(r) == len(tables.I2_HEADER) for r in rows)
    rows = list(csv.DictReader(io.StringIO(_export(store, bundle, "maltego").decode())))
    assert rows and {r["entity_type"] for r in rows} <= set(tables.MALTEGO_ENTITY_TYPES)
    rows = list(csv.DictReader(io.StringIO(_export(store, bundle, "legal").decode())))
    idents = bundle.networks[0].identifiers
    assert len(rows) == len(idents) == len(tables.legal_rows(bundle))
    assert {(r["kind"], r["identifier"]) for r in rows} == {(i.kind, i.value) for i in idents}
    assert all(r["sites"] and r["first_seen_utc"] <= r["last_seen_utc"] for r in rows)


def test_warc_holds_every_capture_byte_for_byte(loaded: tuple[Store, Config]) -> None:
    store, config = loaded
    bundle = _biggest(store)
    data = _export(store, bundle, "warc")
    wanted = {c.sha256 for c in bundle.captures()}
    seen = set()
    for record in ArchiveIterator(io.BytesIO(data)):
        if record.rec_type in ("response", "resource"):
            seen.add(record.rec_headers.get_header("WARC-Threadline-Capture").split("sha256:")[1])
    assert seen == wanted
    ours = [i for i in read_warc_bytes(data, "export.warc.gz", config) if isinstance(i, Capture)]
    assert {c.sha256 for c in ours} == wanted  # the importer's own hash of each block


def _versions(store: Store, urls: set[str]) -> set[tuple[str, str, str | None, str]]:
    q = (
        sa.select(site.c.name, ad.c.site_ad_id, ad_version.c.title, ad_version.c.body)
        .select_from(ad.join(site, site.c.id == ad.c.site_id).join(ad_version, ad_version.c.ad_id == ad.c.id))
        .where(ad.c.url.in_(urls))
    )
    with store.connect() as conn:
        return {tuple(r) for r in conn.execute(q)}  # type: ignore[misc]


def test_cdr_round_trips_through_the_cdr_importer(loaded: tuple[Store, Config], tmp_path: Path) -> None:
    store, _ = loaded
    bundle = _biggest(store)
    path = tmp_path / "net.cdr.jsonl"
    path.write_bytes(_export(store, bundle, "cdr"))
    for line in path.read_text().splitlines():
        doc = json.loads(line)
        assert doc["version"] == "3.1" and doc["raw_content"] and doc["timestamp_crawl"]
    fresh_url = f"sqlite:///{tmp_path}/fresh.db"
    with Store.open(fresh_url) as fresh:
        report = ingest(fresh, [path], config_for(fresh_url, tmp_path))
        assert report.counts.quarantined == 0 and report.counts.parse_failures == 0
        urls = {m.url for m in bundle.networks[0].network.ads}
        assert _versions(fresh, urls) == _versions(store, urls)


def test_tips_validate_and_carry_hashes_not_text(loaded: tuple[Store, Config]) -> None:
    store, _ = loaded
    bundle = _biggest(store)
    xml = tips.cybertipline_xml(bundle, "Test Analyst", "analyst@example.org")
    root = etree.fromstring(xml)
    assert tips.schema().validate(root)
    hashes = {e.text for e in root.iter("originalFileHash")}
    assert hashes == {c.sha256 for c in bundle.captures()}
    bodies = [v.body for vs in bundle.networks[0].versions.values() for v in vs]
    text = tips.hotline_text(bundle, "Test Analyst")
    assert "1-888-373-7888" in text
    assert not any(b in xml.decode() or b in text for b in bodies if len(b) > 20)
    one = bundle.networks[0].network.ads[0]
    single = ad_bundle(store, one.site, one.site_ad_id)
    assert tips.schema().validate(etree.fromstring(tips.cybertipline_xml(single, "Test Analyst")))
    broken = etree.fromstring(xml)
    broken.find("incidentSummary/incidentType").text = "Something else"  # type: ignore[union-attr]
    assert tips.validate(broken)


def test_every_export_is_recorded_as_a_dissemination(loaded: tuple[Store, Config]) -> None:
    store, _ = loaded
    bundle = _biggest(store)
    for fmt in FORMATS:
        _export(store, bundle, fmt)
    records = disseminations(store)
    assert {d.format for _, d in records} == set(FORMATS)
    for r, d in records:
        assert (r.actor, d.recipient, d.reason, d.subject) == ("cli:tester", "Partner unit", "joint investigation",
                                                               bundle.subject)  # fmt: skip
        assert r.at == NOW
    checked, problems = accounts_audit.verify(store)
    assert checked >= len(FORMATS) and not problems
