"""Helpers of the crawler tests: the live simulated web in a subprocess, crawl files, truth files."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from threadline.simulate.clock import iso

SITES = (  # name, CSS selector of ad links on its listings, sitemap
    ("pagelist", "div.cat a", False),
    ("citynights", "table.ad-list a", True),
    ("velvetboard", "li.card a", False),
    ("anuncioslatinos", "#lista a", True),
    ("swapmeet", "a.result-title", False),
)
USER, PASSWORD = "analyst", "sim-password"
CRAWL_ENV = {"VB_USER": USER, "VB_PASSWORD": PASSWORD}


@dataclass
class SimWeb:
    port: int
    out: Path
    proc: subprocess.Popen[bytes]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)

    def served(self) -> list[dict[str, object]]:
        with (self.out / "served.jsonl").open(encoding="utf-8") as f:
            return [json.loads(line) for line in f]

    def schedule(self) -> list[dict[str, object]]:
        with (self.out / "schedule.jsonl").open(encoding="utf-8") as f:
            return [json.loads(line) for line in f]


def start_web(out: Path, *, ads: int, speed: float, start: int) -> SimWeb:
    """``threadline simulate --serve`` on a free loopback port; returns once it listens."""
    cmd = [sys.executable, "-m", "threadline", "simulate", "--serve", "--port", "0", "--ads", str(ads)]
    cmd += ["--seed", "7", "--speed", str(speed), "--start", iso(start), "--out", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = proc.stdout.readline().decode()
        if line.startswith("PORT "):
            return SimWeb(int(line.split()[1]), out, proc)
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise RuntimeError("the simulated web did not start")


def crawl_file(path: Path, port: int, *, listing: str = "2s", revisit: str = "1s", concurrency: int = 3) -> Path:
    parts = ['[crawl]\nwarc_dir = "warc"\nallow_networks = ["127.0.0.1/32"]\n\n[resolve]\n"*.example" = "127.0.0.1"\n']
    for name, ads, sitemap in SITES:
        parts.append(
            f'[[site]]\nname = "{name}"\nstart_urls = ["http://{name}.example:{port}/"]\n'
            f'follow = "a.city, a[rel=next]"\nads = "{ads}"\nlisting_interval = "{listing}"\n'
            f'revisit_interval = "{revisit}"\nrate = 0\nconcurrency = {concurrency}\n'
            'closed_marker = "THIS WEBSITE HAS BEEN SEIZED"\n'
        )
        if sitemap:
            parts.append(f'sitemaps = ["http://{name}.example:{port}/sitemap.xml"]\n')
        if name == "velvetboard":
            parts.append(
                f'[site.login]\nurl = "http://velvetboard.example:{port}/login"\n'
                'user_env = "VB_USER"\npassword_env = "VB_PASSWORD"\n'
            )
    path.write_text("\n".join(parts), encoding="utf-8")
    return path
