"""Small helpers shared by the benchmarks: timing, peak memory of child processes, the result table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

OUT = Path(os.environ.get("THREADLINE_BENCH_OUT", "bench-out"))


@dataclass(frozen=True, slots=True)
class Row:
    what: str
    value: float
    unit: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    verdict: str = ""


@dataclass(frozen=True, slots=True)
class Timed:
    seconds: float
    peak_rss_mb: float
    stdout: str


def run_child(args: list[str], env: dict[str, str] | None = None) -> Timed:
    """Run a command as a child process; report its wall time and the peak RSS of the largest process
    of its tree, measured by :mod:`bench.peak` around that command alone."""
    with tempfile.TemporaryDirectory() as tmp:
        figures = Path(tmp) / "figures.json"
        wrapped = [sys.executable, "-m", "bench.peak", str(figures), *args]
        done = subprocess.run(wrapped, capture_output=True, text=True, env={**os.environ, **(env or {})}, check=False)
        if done.returncode != 0:
            sys.stderr.write(done.stdout + done.stderr)
            raise SystemExit(f"benchmark step failed: {' '.join(args)}")
        measured = json.loads(figures.read_text())
    return Timed(measured["seconds"], measured["peak_rss_mb"], done.stdout)


def threadline(*args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "threadline"), *args]


def verdict(ok: bool) -> str:
    return "[green]met[/]" if ok else "[red]missed[/]"


def print_table(title: str, rows: list[Row]) -> None:
    table = Table(title=title)
    for col in ("measure", "value", "unit", "baseline (same run)", "ratio", "target", ""):
        table.add_column(col, justify="right" if col in ("value", "ratio") else "left")
    for r in rows:
        table.add_row(r.what, f"{r.value:,.1f}", r.unit, r.baseline, r.ratio, r.target, r.verdict)
    Console(width=200).print(table)


def save(name: str, rows: list[Row]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps([asdict(r) for r in rows], indent=2))
