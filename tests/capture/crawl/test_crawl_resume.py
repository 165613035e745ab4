"""Kill and resume: a real ``threadline crawl`` process is killed (SIGKILL, mid-batch) and started
again; every response record in the WARC files is a capture in the store exactly once.

Each kill comes once the simulated web has answered a given number of requests more, not after a
fixed time, so a loaded machine (slow start-up, slow crawl) only makes the test slower; the waits
give up only after generous time-outs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa
from simweb import CRAWL_ENV, SimWeb, crawl_file, served_count, start_web

from threadline.capture.warc import read_warc
from threadline.config import load_config
from threadline.simulate.clock import CLOSURE, DAY
from threadline.store.store import Store

TIMEOUT = 180.0  # real seconds: only a hang takes this long, however loaded the machine


def _crawl(cfg: Path, db: str, seconds: float, web: SimWeb, *, kill_after: int | None = None) -> None:
    """A crawl process; with ``kill_after``, SIGKILLed once the web has served that many more responses."""
    cmd = [sys.executable, "-m", "threadline", "crawl", str(cfg), "--db", db, "--duration", str(seconds), "--json"]
    env = {**os.environ, **CRAWL_ENV}
    before = served_count(web.out)
    errors = cfg.parent / "crawl.stderr"  # a file, not a pipe: a chatty crawl can never block on it
    with errors.open("wb") as err:
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err)
    if kill_after is None:
        proc.wait(timeout=TIMEOUT)
        assert proc.returncode == 0, errors.read_text()
        return
    deadline = time.monotonic() + TIMEOUT
    while served_count(web.out) < before + kill_after:
        assert proc.poll() is None, f"the crawl ended before it was killed: {errors.read_text()}"
        assert time.monotonic() < deadline, "the crawl made no progress"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


def test_killed_crawl_resumes_without_losing_or_duplicating_captures(tmp_path: Path) -> None:
    web = start_web(tmp_path / "web", ads=3000, speed=7200.0, start=CLOSURE + DAY)
    db = f"sqlite:///{tmp_path}/crawl.db"
    cfg = crawl_file(tmp_path / "crawl.toml", web.port)
    try:
        _crawl(cfg, db, TIMEOUT, web, kill_after=400)
        _crawl(cfg, db, TIMEOUT, web, kill_after=300)
        _crawl(cfg, db, 4, web)
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
