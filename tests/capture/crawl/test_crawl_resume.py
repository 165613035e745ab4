"""Kill and resume: a real ``threadline crawl`` process is killed (SIGKILL, mid-batch) and started
again; every response record in the WARC files is a capture in the store exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa
from simweb import CRAWL_ENV, crawl_file, start_web

from threadline.capture.warc import read_warc
from threadline.config import load_config
from threadline.simulate.clock import CLOSURE, DAY
from threadline.store.store import Store


def _crawl(cfg: Path, db: str, seconds: float, *, kill_after: float | None = None) -> None:
    cmd = [sys.executable, "-m", "threadline", "crawl", str(cfg), "--db", db, "--duration", str(seconds), "--json"]
    env = {**os.environ, **CRAWL_ENV}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if kill_after is None:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
        return
    time.sleep(kill_after)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)


def test_killed_crawl_resumes_without_losing_or_duplicating_captures(tmp_path: Path) -> None:
    web = start_web(tmp_path / "web", ads=3000, speed=7200.0, start=CLOSURE + DAY)
    db = f"sqlite:///{tmp_path}/crawl.db"
    cfg = crawl_file(tmp_path / "crawl.toml", web.port)
    try:
        _crawl(cfg, db, 60, kill_after=6.0)
        _crawl(cfg, db, 60, kill_after=4.5)
        _crawl(cfg, db, 4)
    finally:
        web.stop()
    limits = load_config({"db": db}, env={})
    in_warc = []
    for path in sorted((tmp_path / "warc").glob("*.warc.gz")):
        items = list(read_warc(path, limits))
        assert all(type(i).__name__ != "Rejected" for i in items), f"damaged record left in {path.name}"
        in_warc += [(c.url, c.captured_at) for c in items if hasattr(c, "captured_at")]
    store = Store.open(db)
    try:
        with store.connect() as conn:
            rows = conn.execute(sa.text("SELECT url, captured_at FROM capture")).all()
            runs = conn.execute(sa.text("SELECT count(*) FROM ingest_run")).scalar_one()
    finally:
        store.close()
    in_store = [(r[0], r[1]) for r in rows]
    assert runs == 3
    assert len(in_warc) > 200
    assert len(set(in_warc)) == len(in_warc)  # no exchange archived twice
    assert len(in_store) == len(in_warc)  # nothing lost, nothing doubled
    assert len(set(in_store)) == len(in_store)
