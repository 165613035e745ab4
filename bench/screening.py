"""Screening API benchmark: latency (p50/p99) at a steady 200 requests/s and the throughput under
concurrent load, from a local load generator against a real uvicorn on 127.0.0.1 serving a store of
the benchmark world (extracted, linked and scored). The baseline is the same screening called
in-process (no HTTP), so the table shows what the web layer adds.

The store is a copy of the ingest benchmark's database when it exists (``make bench`` builds it
first), else a world of ``THREADLINE_BENCH_SCREEN_ADS`` versions simulated here; the table title
says how many ads it holds. Requests are ads of that world, so identifier lookups hit.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import socket
import sqlite3
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
import uvicorn

from bench.harness import OUT, Row, run_child, threadline, verdict
from threadline.accounts.audit import Who
from threadline.accounts.tokens import create_token
from threadline.config import load_config
from threadline.store.schema import ad, ad_version, site
from threadline.store.store import Store
from threadline.web.app import create_app
from threadline.web.logic.screening import Screener

RATE = 200  # requests per second, open loop
SECONDS = 10
CONCURRENCY = 16
TARGET_P99_MS = 20.0


def prepare_store(source: Path | None, ads: int) -> Path:
    """A linked and scored store: a copy of ``source`` when given, else a freshly simulated world."""
    db = OUT / "screen-bench.db"
    for suffix in ("", "-wal", "-shm", ".linkstate"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    OUT.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{db}"
    if source is not None and source.exists():
        with sqlite3.connect(source) as src, sqlite3.connect(db) as dst:
            src.backup(dst)  # a consistent copy even with a WAL beside the source
    else:
        world = OUT / "screen-world"
        run_child(threadline("simulate", "--ads", str(ads), "--seed", "11", "--out", str(world)))
        run_child(threadline("ingest", str(world / "warc"), "--db", url))
    for step in ("extract", "link", "indicators"):
        run_child(threadline(step, "--db", url))
    return db


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


def _serve(db: Path, port: int) -> None:
    config = load_config({"db": f"sqlite:///{db}", "web_secret_file": str(OUT / "screen-secret")}, env={})
    app = create_app(Store.open(config.db), config)
    # Keep-alive longer than any pause of the load generator: a connection closed by the server just
    # as the client reuses it would count as a failed request.
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False, timeout_keep_alive=120)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def open_loop(url: str, token: str, ads: list[dict[str, Any]], rate: int, seconds: int) -> list[float]:
    """Send ``rate`` requests per second on a fixed schedule; each latency counts from the request's
    scheduled time (open loop: a slow server cannot slow the arrivals and hide its queue)."""
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:
        headers = {"Authorization": f"Bearer {token}"}

        async def one(i: int, due: float) -> None:
            r = await client.post("/api/v1/screen", json=ads[i % len(ads)], headers=headers)
            r.raise_for_status()
            latencies.append(time.perf_counter() - due)

        start = time.perf_counter() + 0.2
        tasks = []
        for i in range(rate * seconds):
            due = start + i / rate
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            tasks.append(asyncio.create_task(one(i, due)))
        await asyncio.gather(*tasks)
    return latencies


async def closed_loop(url: str, token: str, ads: list[dict[str, Any]], workers: int, seconds: int) -> float:
    """Requests per second with ``workers`` clients each sending its next request as soon as the last
    one is answered."""
    done = 0
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        headers = {"Authorization": f"Bearer {token}"}
        end = time.perf_counter() + seconds

        async def worker(k: int) -> None:
            nonlocal done
            i = k
            while time.perf_counter() < end:
                (await client.post("/api/v1/screen", json=ads[i % len(ads)], headers=headers)).raise_for_status()
                done += 1
                i += workers

        began = time.perf_counter()
        await asyncio.gather(*(worker(k) for k in range(workers)))
        return done / (time.perf_counter() - began)


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


def run(source: Path | None = None) -> tuple[str, list[Row]]:
    db = prepare_store(source, int(os.environ.get("THREADLINE_BENCH_SCREEN_ADS", "100000")))
    n_ads, n_versions = counts(db)
    ads = sample_ads(db, 500)
    with Store.open(f"sqlite:///{db}") as store:
        token = create_token(store, Who("bench", "bench"), f"bench-{time.time_ns()}", "screen", datetime.now(UTC))
    base = sorted(in_process(db, ads))
    port = free_port()
    server = multiprocessing.get_context("spawn").Process(target=_serve, args=(db, port), daemon=True)
    server.start()
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{url}/login", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise SystemExit("the screening server did not start") from None
                time.sleep(0.2)
        asyncio.run(open_loop(url, token.secret, ads, 50, 2))  # warm connections and caches
        lat = asyncio.run(open_loop(url, token.secret, ads, RATE, SECONDS))
        rps = asyncio.run(closed_loop(url, token.secret, ads, CONCURRENCY, SECONDS))
    finally:
        server.terminate()
        server.join(10)
    p50, p99 = 1000 * statistics.median(lat), 1000 * percentile(lat, 0.99)
    b50, b99 = 1000 * statistics.median(base), 1000 * percentile(base, 0.99)
    store_size = f"store of {n_ads:,} ads, {n_versions:,} versions"
    title = f"screening API ({os.cpu_count()} cores; {store_size}; uvicorn, 1 worker)"
    return title, [
        Row(f"p50 latency at {RATE} req/s ({len(lat):,} requests)", p50, "ms",
            baseline=f"in-process p50 {b50:.2f} ms", ratio=f"{p50 / b50:.1f}×"),
        Row(f"p99 latency at {RATE} req/s", p99, "ms", baseline=f"in-process p99 {b99:.2f} ms",
            ratio=f"{p99 / b99:.1f}×", target=f"< {TARGET_P99_MS:.0f} ms", verdict=verdict(p99 < TARGET_P99_MS)),
        Row(f"throughput, {CONCURRENCY} concurrent clients", rps, "req/s",
            baseline=f"in-process {1 / statistics.mean(base):,.0f}/s (1 thread)",
            target=f"≥ {RATE}", verdict=verdict(rps >= RATE)),
    ]  # fmt: skip
