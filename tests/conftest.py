"""Shared fixtures: real stores on every backend the machine offers.

SQLite always; PostgreSQL when THREADLINE_TEST_PG_URL points at a server (``make test`` and CI start
one with scripts/pg-test-server.sh). In CI a missing PostgreSQL is an error, not a skip.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from threadline.store.store import Store

PG_URL = os.environ.get("THREADLINE_TEST_PG_URL", "")
BACKENDS = ["sqlite", *(["postgresql"] if PG_URL else [])]

if os.environ.get("CI") and not PG_URL:
    raise RuntimeError("CI needs THREADLINE_TEST_PG_URL (run the suite through `make test`)")


def _pg_admin() -> sa.Engine:
    return sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")


def _fresh_pg_database(worker: str) -> str:
    # One database per test process: the pid keeps two test sessions on one server (two checkouts,
    # or a developer's run beside CI's) from dropping each other's databases.
    name = "tl_" + re.sub(r"\W", "_", worker) + f"_{os.getpid()}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return sa.engine.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def _drop_pg_database(url: str) -> None:
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{sa.engine.make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: object, worker_id: str) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/threadline.db"
        return
    url = _fresh_pg_database(worker_id)
    yield url
    _drop_pg_database(url)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = Store.open(store_url)
    yield s
    s.close()


@pytest.fixture
def sqlite_url(tmp_path: object) -> str:
    return f"sqlite:///{tmp_path}/threadline.db"
