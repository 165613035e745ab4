"""Screening API benchmark: latency (p50/p99/max) at a steady 200 requests/s from an open-loop
generator, the most a closed loop gets through, and the CPU each request costs in the server and in
the generator (the load-independent figure when the two cores are shared), against a real uvicorn on
127.0.0.1. The baseline is the same screening called in-process (no HTTP), so the table shows what
the web layer adds.

The store is the issue's condition: the ingest benchmark's 100,000-version world (``make bench``
builds it first), extracted, linked and scored. That processing takes minutes, so the result is
cached under ``bench-out/`` keyed by the source file and the schema; a re-run reuses it.
"""

from __future__ import annotations

import asyncio
import hashlib
import multiprocessing
import os
import socket
import sqlite3
import statistics
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import uvicorn

from bench.harness import OUT, Row, run_child, threadline, verdict
from bench.screening_load import LoadResult, closed_loop, encode_requests, open_loop
from threadline.accounts.audit import Who
from threadline.accounts.tokens import create_token
from threadline.config import load_config
from threadline.store.schema import ad, ad_version, site
from threadline.store.store import Store
from threadline.web.app import create_app
from threadline.web.logic.screening import Screener

RATE = 200  # requests per second, open loop
SECONDS = 15
CONCURRENCY = 16
TARGET_P99_MS = 20.0
WORKERS = int(os.environ.get("THREADLINE_BENCH_SCREEN_WORKERS", "1"))
MIGRATIONS = Path(__file__).parent.parent / "threadline" / "store" / "migrations" / "versions"


def store_key(source: Path) -> str:
    """The processed store depends on the source world and the schema it was built with."""
    st = source.stat()
    schema = sorted(p.name for p in MIGRATIONS.glob("*.py"))
    return hashlib.sha256(f"{source.resolve()}|{st.st_size}|{st.st_mtime_ns}|{schema}".encode()).hexdigest()[:16]


def prepare_store(source: Path | None, ads: int) -> tuple[Path, float]:
    """An extracted, linked and scored store, and the seconds spent building it (0 when cached)."""
    OUT.mkdir(parents=True, exist_ok=True)
    if source is None or not source.exists():
        world = OUT / f"screen-world-{ads}"  # not the ingest bench's world folder
        source = OUT / f"screen-source-{ads}.db"
        if not source.exists():
            run_child(threadline("simulate", "--ads", str(ads), "--seed", "11", "--out", str(world)))
            run_child(threadline("ingest", str(world / "warc"), "--db", f"sqlite:///{source}.part"))
            Path(f"{source}.part").rename(source)
    db = OUT / f"screen-store-{store_key(source)}.db"
    if db.exists():
        return db, 0.0
    began = time.perf_counter()
    part = Path(f"{db}.part")
    for suffix in ("", "-wal", "-shm", ".linkstate"):
        Path(f"{part}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(part) as dst:
        src.backup(dst)  # a consistent copy even with a WAL beside the source
    for step in ("extract", "link", "indicators"):
        run_child(threadline(step, "--db", f"sqlite:///{part}"))
    with closing(sqlite3.connect(part)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for suffix in ("-wal", "-shm", ".linkstate"):  # screening reads the tables only
        Path(f"{part}{suffix}").unlink(missing_ok=True)
    part.rename(db)  # only a finished store is ever reused
    return db, time.perf_counter() - began


def sample_ads(db: Path, n: int) -> list[dict[str, Any]]:
    engine = sa.create_engine(f"sqlite:///{db}")
    q = (
        sa.select(site.c.name, ad.c.site_ad_id, ad.c.url, ad_version.c.title, ad_version.c.body, ad_version.c.location)
        .select_from(ad_version.join(ad, ad.c.id == ad_version.c.ad_id).join(site, site.c.id == ad.c.site_id))
        .order_by(sa.func.random())
        .limit(n)
    )
    with engine.connect() as conn:
        rows = conn.execute(q).all()
    engine.dispose()
    now = datetime.now(UTC).isoformat()
    return [
        {"site": r.name, "ad_id": f"screen-{r.site_ad_id}", "url": r.url, "captured_at": now, "title": r.title,
         "body": r.body, "location": r.location}
        for r in rows
    ]  # fmt: skip


def counts(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM ad").fetchone()[0], conn.execute(
            "SELECT count(*) FROM ad_version"
        ).fetchone()[0]


def serve(db: Path, port: int) -> None:
    """One server process; several share the port (SO_REUSEPORT: the kernel spreads connections)."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(("127.0.0.1", port))
    config = load_config({"db": f"sqlite:///{db}", "web_secret_file": str(OUT / "screen-secret")}, env={})
    app = create_app(Store.open(config.db), config)
    # Keep-alive longer than any pause of the load generator: a connection closed by the server just
    # as the client reuses it would count as a failed request.
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", access_log=False, timeout_keep_alive=120, server_header=False)
    )
    server.run(sockets=[sock])


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of the given processes so far (from /proc: they are not our waited children)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def ms(seconds: float) -> float:
    return 1000 * seconds


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def in_process(db: Path, ads: list[dict[str, Any]]) -> list[float]:
    config = load_config({"db": f"sqlite:///{db}"}, env={})
    store = Store.open(config.db)
    screener = Screener(config)
    screener.warm_up()
    out = []
    for a in ads * 2:
        t = time.perf_counter()
        screener.screen(store, a)
        out.append(time.perf_counter() - t)
    store.close()
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(port: int, servers: list[Any], deadline: float) -> None:
    while True:
        if not all(s.is_alive() for s in servers):
            raise SystemExit("a screening server process died")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit("the screening server did not start") from None
            time.sleep(0.2)


def measured(pids: list[int], load: Any) -> tuple[LoadResult, float]:
    """Run one load coroutine; its result and the server processes' CPU seconds meanwhile."""
    before = cpu_seconds(pids)
    result: LoadResult = asyncio.run(load)
    return result, cpu_seconds(pids) - before


def run(source: Path | None = None) -> tuple[str, list[Row]]:
    db, built = prepare_store(source, int(os.environ.get("THREADLINE_BENCH_SCREEN_ADS", "100000")))
    n_ads, n_versions = counts(db)
    ads = sample_ads(db, 500)
    with Store.open(f"sqlite:///{db}") as store:
        token = create_token(store, Who("bench", "bench"), f"bench-{time.time_ns()}", "screen", datetime.now(UTC))
    base = sorted(in_process(db, ads))
    port = free_port()
    spawn = multiprocessing.get_context("spawn")
    servers = [spawn.Process(target=serve, args=(db, port), daemon=True) for _ in range(WORKERS)]
    for s in servers:
        s.start()
    pids = [s.pid for s in servers if s.pid is not None]
    requests = encode_requests(port, token.secret, ads)
    try:
        wait_ready(port, servers, time.monotonic() + 60)
        asyncio.run(open_loop(port, requests, 50, 2))  # warm connections and caches
        lat, lat_cpu = measured(pids, open_loop(port, requests, RATE, SECONDS))
        most, most_cpu = measured(pids, closed_loop(port, requests, CONCURRENCY, SECONDS))
    finally:
        for s in servers:
            s.terminate()
        for s in servers:
            s.join(10)
    p50, p99 = ms(statistics.median(lat.latencies)), ms(percentile(lat.latencies, 0.99))
    b50, b99 = ms(statistics.median(base)), ms(percentile(base, 0.99))
    n = len(lat.latencies)
    store_size = f"store of {n_ads:,} ads, {n_versions:,} versions" + (f", built in {built:.0f} s" if built else "")
    where = f"uvicorn, {WORKERS} worker(s), on the generator's cores"
    title = f"screening API ({os.cpu_count()} cores; {store_size}; {where})"
    errors = lat.errors + most.errors
    most_n = max(1, len(most.latencies))
    return title, [
        Row(f"p50 latency at {RATE} req/s open loop ({n:,} requests)", p50, "ms",
            baseline=f"in-process p50 {b50:.2f} ms", ratio=f"{p50 / b50:.1f}×"),
        Row(f"p99 latency at {RATE} req/s", p99, "ms", baseline=f"in-process p99 {b99:.2f} ms",
            ratio=f"{p99 / b99:.1f}×", target=f"< {TARGET_P99_MS:.0f} ms", verdict=verdict(p99 < TARGET_P99_MS)),
        Row(f"max latency at {RATE} req/s", ms(max(lat.latencies)), "ms"),
        Row(f"achieved rate (asked {RATE} req/s)", lat.throughput, "req/s"),
        Row("server CPU per request", ms(lat_cpu / n), "ms", baseline=f"in-process {b50:.2f} ms (p50)"),
        Row("generator CPU per request", ms(lat.cpu / n), "ms"),
        Row(f"throughput, closed loop, {CONCURRENCY} connections", most.throughput, "req/s",
            baseline=f"in-process {1 / statistics.mean(base):,.0f}/s (1 thread)", target=f"≥ {RATE}",
            verdict=verdict(most.throughput >= RATE)),
        Row("  server CPU per request, closed loop", ms(most_cpu / most_n), "ms",
            baseline=f"generator {ms(most.cpu / most_n):.2f} ms"),
        Row("non-200 answers", errors, "", verdict=verdict(errors == 0)),
    ]  # fmt: skip
