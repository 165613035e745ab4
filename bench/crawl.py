"""Crawl throughput: ``threadline crawl`` against the local simulated web, rate limits off.

The crawler's pages per second (fetch, WARC, read-back, parse, ingest, schedule) next to a baseline
measured in the same run: a bare httpx client fetching the same URLs with the same concurrency
and doing nothing with them, i.e. what the simulated web itself can serve on this machine.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.harness import Row, threadline
from threadline.simulate.clock import CLOSURE, DAY, iso

SITES = (("citynights", "table.ad-list a"), ("velvetboard", "li.card a"), ("anuncioslatinos", "#lista a"))
SECONDS = 20.0
CONCURRENCY = 4


def _config(folder: Path, port: int) -> Path:
    parts = ['[crawl]\nwarc_dir = "warc"\nallow_networks = ["127.0.0.1/32"]\n[resolve]\n"*.example" = "127.0.0.1"\n']
    for name, ads in SITES:
        parts.append(
            f'[[site]]\nname = "{name}"\nstart_urls = ["http://{name}.example:{port}/"]\n'
            f'follow = "a.city, a[rel=next]"\nads = "{ads}"\nlisting_interval = "5s"\nrevisit_interval = "5s"\n'
            f"rate = 0\nconcurrency = {CONCURRENCY}\nobey_robots = true\n"
        )
        if name == "velvetboard":
            parts.append(
                f'[site.login]\nurl = "http://velvetboard.example:{port}/login"\n'
                'user_env = "VB_USER"\npassword_env = "VB_PASSWORD"\n'
            )
    path = folder / "crawl.toml"
    path.write_text("\n".join(parts))
    return path


async def _bare(port: int, targets: list[tuple[str, str]], seconds: float) -> float:
    done = 0
    stop = time.perf_counter() + seconds
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:

        async def worker(k: int) -> None:
            nonlocal done
            i = k
            while time.perf_counter() < stop:
                host, target = targets[i % len(targets)]
                await client.get(target, headers={"Host": f"{host}:{port}"})
                done += 1
                i += CONCURRENCY * len(SITES)

        began = time.perf_counter()
        await asyncio.gather(*(worker(k) for k in range(CONCURRENCY * len(SITES))))
        return done / (time.perf_counter() - began)


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cmd = [sys.executable, "-m", "threadline", "simulate", "--serve", "--port", "0", "--ads", "10000"]
        cmd += ["--speed", "600", "--start", iso(CLOSURE + DAY), "--out", str(folder / "web")]
        server = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            assert server.stdout is not None
            line = server.stdout.readline().decode()
            while not line.startswith("PORT "):
                line = server.stdout.readline().decode()
            port = int(line.split()[1])
            env = {"VB_USER": "analyst", "VB_PASSWORD": "sim-password"}
            crawl = threadline("crawl", str(_config(folder, port)), "--db", f"sqlite:///{folder}/crawl.db")
            done = subprocess.run(
                [*crawl, "--duration", str(SECONDS), "--json"],
                capture_output=True,
                text=True,
                env={**os.environ, **env},
                check=True,
            )
            report = json.loads(done.stdout)
            served = [json.loads(x) for x in (folder / "web" / "served.jsonl").read_text().splitlines()]
            targets = [(r["host"], r["target"]) for r in served if r["status"] == 200 and r["site"] != "velvetboard"]
            bare = asyncio.run(_bare(port, targets, 8.0))
        finally:
            server.terminate()
            server.wait(timeout=10)
    rate = float(report["pages_per_second"])
    return [
        Row(
            "crawl throughput (fetch, WARC, ingest)",
            rate,
            "pages/s",
            f"{bare:,.0f} pages/s bare httpx",
            f"{rate / bare:.2f}" if bare else "",
        ),
        Row("crawl: new versions stored", float(report["store"]["versions_new"]), "versions"),
    ]
