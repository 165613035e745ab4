"""Ingest benchmark: a 100,000-version synthetic world, ingested into a fresh SQLite store, next to
the speed of merely reading the same WARC files with warcio (the cost of parsing and storing)."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from bench.harness import OUT, Row, run_child, threadline, verdict


def warcio_read(folder: Path) -> tuple[int, float]:
    """Records read and seconds taken by plain warcio over every WARC file (payload fully read)."""
    started = time.perf_counter()
    records = 0
    for path in sorted(folder.rglob("*.warc.gz")):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    record.content_stream().read()
                    records += 1
    return records, time.perf_counter() - started


def count_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for _ in fh)


def start_up() -> tuple[float, float]:
    """Seconds for a one-version world with an empty gazetteer cache (a first run ever), then with
    the cache it left (every later run): see threadline/cache.py."""
    small = OUT / "world-1"
    with tempfile.TemporaryDirectory() as cache:
        env = {"THREADLINE_CACHE_DIR": cache}
        cold = run_child(threadline("simulate", "--ads", "1", "--out", str(small)), env=env)
        warm = run_child(threadline("simulate", "--ads", "1", "--out", str(small)), env=env)
    shutil.rmtree(small)
    return cold.seconds, warm.seconds


def run(versions: int = 100_000, seed: int = 11) -> list[Row]:
    world = OUT / f"world-{versions}"
    if world.exists():
        shutil.rmtree(world)
    cold, warm = start_up()
    # The measured run uses the user's cache like any run after the first (start_up() shows the rest).
    run_child(threadline("simulate", "--ads", "1", "--out", str(OUT / "world-warm-up")))
    shutil.rmtree(OUT / "world-warm-up")
    sim = run_child(threadline("simulate", "--ads", str(versions), "--seed", str(seed), "--out", str(world)))
    truth_versions = count_lines(world / "truth.jsonl")
    records, warcio_seconds = warcio_read(world)
    db = OUT / "ingest-bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    # The WARC folder only: the world's truth.jsonl and world.json beside it are not captures (read as
    # JSONL they would add 107,000 rejected records to the measurement and the store).
    ing = run_child(threadline("ingest", str(world / "warc"), "--db", f"sqlite:///{db}", "--json"))
    rate = truth_versions / ing.seconds
    warcio_rate = truth_versions / warcio_seconds
    return [
        Row(
            "simulate start-up, gazetteer cache warm", warm, "s", baseline=f"first run ever (cache built): {cold:.2f} s"
        ),
        Row(
            "simulate (whole command)",
            truth_versions / sim.seconds,
            "versions/s",
            target="≥ 20,000",
            verdict=verdict(truth_versions / sim.seconds >= 20_000),
        ),
        Row(
            f"ingest {truth_versions:,} versions ({records:,} responses)",
            rate,
            "versions/s",
            baseline=f"warcio read only: {warcio_rate:,.0f}/s",
            ratio=f"{warcio_rate / rate:.2f}× slower",
            target="≥ 5,000",
            verdict=verdict(rate >= 5_000),
        ),
        Row("ingest peak memory (largest process)", ing.peak_rss_mb, "MB"),
    ]
