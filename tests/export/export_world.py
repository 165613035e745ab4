"""A small generated world for the export tests, put through the real pipeline on any store.

The simulated world is generated once per test session (a few hundred versions: enough for linked
networks with templates, edits and stated ages); each test ingests it into its own store.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from threadline.analyze.stage import run_analyze
from threadline.config import Config, load_config
from threadline.extract.stage import run_extract
from threadline.ingest.runner import ingest
from threadline.link.stage import run_link
from threadline.store.schema import network_member
from threadline.store.store import Store

VERSIONS = 600
SEED = 11


def config_for(store_url: str, folder: Path) -> Config:
    return load_config({"db": store_url, "link_state": str(folder / "linkstate"), "workers": 1}, env={})


def load(store: Store, config: Config, world: Path) -> None:
    ingest(store, [world / "warc"], config)
    run_extract(store, config)
    run_link(store, config)
    run_analyze(store, config)


def networks_by_size(store: Store) -> list[tuple[int, int]]:
    """(network id, ads) of every multi-ad network, smallest first (small ones keep the PDF quick)."""
    q = (
        sa.select(network_member.c.network_id, sa.func.count())
        .group_by(network_member.c.network_id)
        .order_by(sa.func.count(), network_member.c.network_id)
    )
    with store.connect() as conn:
        return [(int(n), int(c)) for n, c in conn.execute(q)]
