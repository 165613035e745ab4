"""Fixtures of the export tests: one generated world per session, loaded into each test's store."""

from __future__ import annotations

from pathlib import Path

import pytest
from export_world import SEED, VERSIONS, config_for, load

from threadline.config import Config
from threadline.simulate import simulate
from threadline.store.store import Store


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export-world")
    simulate(out, VERSIONS, seed=SEED, workers=1)
    return out


@pytest.fixture
def loaded(store: Store, store_url: str, world: Path, tmp_path: Path) -> tuple[Store, Config]:
    config = config_for(store_url, tmp_path)
    load(store, config, world)
    return store, config
