"""End to end: a generated world ingested into a real store matches its truth exactly, on every backend."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from threadline.config import load_config
from threadline.ingest.runner import ingest
from threadline.simulate import simulate
from threadline.store.schema import ad, ad_version, site
from threadline.store.store import Store


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("world")
    simulate(out, 2500, seed=5, workers=2)
    return out


def truth_of(
    world: Path,
) -> tuple[dict[tuple[str, str], list[tuple[datetime, datetime]]], dict[tuple[str, str], datetime | None]]:
    versions: dict[tuple[str, str], list[tuple[datetime, datetime]]] = defaultdict(list)
    deleted: dict[tuple[str, str], datetime | None] = {}
    with (world / "truth.jsonl").open() as fh:
        for line in fh:
            t = json.loads(line)
            key = (t["site"], t["ad_id"])
            versions[key].append((datetime.fromisoformat(t["first_seen"]), datetime.fromisoformat(t["last_seen"])))
            if t["deleted_at"] or key not in deleted:
                deleted[key] = datetime.fromisoformat(t["deleted_at"]) if t["deleted_at"] else None
    return {k: sorted(v) for k, v in versions.items()}, deleted


def stored(
    store: Store,
) -> tuple[dict[tuple[str, str], list[tuple[datetime, datetime]]], dict[tuple[str, str], datetime | None]]:
    versions: dict[tuple[str, str], list[tuple[datetime, datetime]]] = defaultdict(list)
    deleted: dict[tuple[str, str], datetime | None] = {}
    q = sa.select(
        site.c.name, ad.c.site_ad_id, ad.c.deleted_at, ad_version.c.first_seen, ad_version.c.last_seen
    ).select_from(ad.join(site, site.c.id == ad.c.site_id).join(ad_version, ad_version.c.ad_id == ad.c.id))
    with store.connect() as conn:
        for row in conn.execute(q):
            key = (row.name, row.site_ad_id)
            versions[key].append((row.first_seen, row.last_seen))
            deleted[key] = row.deleted_at
    return {k: sorted(v) for k, v in versions.items()}, deleted


@pytest.mark.parametrize("workers", [1, 2])
def test_ingested_world_matches_truth_exactly(world: Path, store: Store, workers: int) -> None:
    config = load_config({"workers": workers, "ingest_batch": 700}, env={})
    report = ingest(store, [world / "warc"], config)
    truth_versions, truth_deleted = truth_of(world)
    got_versions, got_deleted = stored(store)
    assert got_versions == truth_versions
    assert got_deleted == truth_deleted
    stats = store.stats()
    assert (stats.ads, stats.versions) == (len(truth_versions), sum(map(len, truth_versions.values())))
    totals = report.totals()
    assert totals["quarantined"] == 0 and totals["files_failed"] == 0
    assert totals["records"] == totals["captures_new"] + totals["skipped"]
    # Idempotent: the same input again adds nothing.
    again = ingest(store, [world / "warc"], config).totals()
    assert (again["captures_new"], again["ads_new"], again["versions_new"]) == (0, 0, 0)
    assert again["captures_known"] == totals["captures_new"]
    assert stored(store) == (got_versions, got_deleted)
