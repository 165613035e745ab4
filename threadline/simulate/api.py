"""``simulate()``: build a synthetic ad world into a folder (WARCs, truth.jsonl, world.json).

The world is cut into shards of about :data:`SHARD_VERSIONS` versions that worker processes
generate in parallel; the shard plan depends only on ``ads`` and ``seed``, never on ``workers``, so
the output is byte-identical for any worker count. Truth parts are concatenated in shard order,
each as soon as the shards before it are done.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from threadline import __version__
from threadline.errors import ConfigError
from threadline.simulate.clock import CLOSURE, END, START, iso
from threadline.simulate.geo import world_map
from threadline.simulate.shard import SHARD_VERSIONS, ShardJob, ShardResult, collector_paused, run_shard
from threadline.simulate.sites import KINDS, SITES, migration_table

MAX_ADS = 2_500_000  # the ad-id spaces of the layouts hold about 1,000 shards


@dataclass(frozen=True, slots=True)
class SimulationSummary:
    out_dir: Path
    seed: int
    sites: tuple[str, ...]
    ads: int  # distinct ads
    versions: int  # ad versions (= lines of truth.jsonl)
    captures: int  # HTTP responses in the WARCs (ad pages, removal pages, listings, seizure pages)
    requests: int  # WARC request records
    posters: tuple[tuple[str, int], ...]  # (kind, posters) for every kind
    files: tuple[Path, ...]
    warc_bytes: int
    seconds: float

    @property
    def versions_per_second(self) -> float:
        return self.versions / self.seconds if self.seconds > 0 else 0.0


def _plan(out_dir: Path, ads: int, seed: int, warc_level: int) -> list[ShardJob]:
    shards = max(1, -(-ads // SHARD_VERSIONS))
    parts = out_dir / ".truth-parts"
    return [
        ShardJob(
            seed,
            k,
            shards,
            ads // shards + (1 if k < ads % shards else 0),
            str(out_dir / "warc" / f"threadline-sim-{seed}-{k:05d}.warc.gz"),
            str(parts / f"part-{k:05d}.jsonl"),
            warc_level,
        )
        for k in range(shards)
    ]


def _context() -> multiprocessing.context.BaseContext:
    # fork shares the already-loaded gazetteer with the workers; elsewhere fall back to spawn.
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def simulate(
    out_dir: Path,
    ads: int,
    seed: int,
    *,
    workers: int = 0,
    progress: Callable[[int], None] | None = None,
    warc_level: int = 1,
) -> SimulationSummary:
    """Write a world of exactly ``ads`` ad versions to ``out_dir``; see the package docstring.

    ``workers`` = 0 uses one process per core; ``progress`` receives version counts as shards
    finish; ``warc_level`` is the deflate level of the WARC members on zlib's 0-9 scale: 0 stores
    them (about 1.4 times the bytes of level 1), 1 is the fastest deflate, 2 gives some 12%
    smaller files than 1 (about zlib level 1's) for some 7% more time in all, higher levels
    hardly better again (see ``http._ISAL_LEVEL``).
    """
    if ads < 1 or ads > MAX_ADS:
        raise ConfigError(f"--ads must be between 1 and {MAX_ADS:,}, got {ads:,}")
    if not 0 <= warc_level <= 9:
        raise ConfigError(f"warc_level must be a deflate level from 0 to 9, got {warc_level}")
    if workers < 0:
        raise ConfigError(f"workers must be 0 (one per core) or more, got {workers}")
    began = time.perf_counter()
    out_dir = Path(out_dir)
    jobs = _plan(out_dir, ads, seed, warc_level)
    (out_dir / "warc").mkdir(parents=True, exist_ok=True)
    Path(jobs[0].truth_path).parent.mkdir(exist_ok=True)
    for stale in (out_dir / "warc").glob(f"threadline-sim-{seed}-*.warc.gz"):
        stale.unlink()  # a previous, larger run with the same seed would leave extra shards behind
    with collector_paused():  # the load allocates a great many objects and frees none
        world_map()  # load once in the parent so forked workers inherit it
    n_workers = min(len(jobs), workers or os.cpu_count() or 1)
    results: list[ShardResult] = []
    truth = out_dir / "truth.jsonl"
    with truth.open("wb") as out:
        # Truth parts are appended in shard order as soon as every earlier shard is done, so the
        # copying overlaps the run instead of following it.
        done: set[int] = set()
        appended = 0

        def collect(result: ShardResult) -> None:
            nonlocal appended
            results.append(result)
            done.add(result.shard)
            while appended in done:
                part = Path(jobs[appended].truth_path)
                out.write(part.read_bytes())
                part.unlink()
                appended += 1
            if progress:
                progress(result.versions)

        if n_workers <= 1:
            for job in jobs:
                collect(run_shard(job))
        else:
            # Workers never collect cycles: shards make none (run_shard turns the collector off
            # too), and between shards a full collection would walk the whole inherited world map.
            with _context().Pool(n_workers, initializer=gc.disable) as pool:
                for result in pool.imap_unordered(run_shard, jobs):
                    collect(result)
    results.sort(key=lambda r: r.shard)
    Path(jobs[0].truth_path).parent.rmdir()
    world = out_dir / "world.json"
    world.write_text(
        json.dumps(_world_doc(seed, ads, results, jobs), indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    posters: Counter[str] = Counter()
    for r in results:
        posters.update(dict(r.posters))
    files = (*(Path(j.warc_path) for j in jobs), truth, world)
    return SimulationSummary(
        out_dir=out_dir,
        seed=seed,
        sites=tuple(s.name for s in SITES),
        ads=sum(r.ads for r in results),
        versions=sum(r.versions for r in results),
        captures=sum(r.responses for r in results),
        requests=sum(r.requests for r in results),
        posters=tuple((k, posters[k]) for k in KINDS),
        files=files,
        warc_bytes=sum(r.warc_bytes for r in results),
        seconds=time.perf_counter() - began,
    )


def _world_doc(seed: int, ads: int, results: list[ShardResult], jobs: list[ShardJob]) -> dict[str, object]:
    posters: Counter[str] = Counter()
    for r in results:
        posters.update(dict(r.posters))
    migrations = [m for r in results for m in r.migrations]
    realised = Counter(m.realised or "vanished" for m in migrations)
    return {
        "generator": f"threadline.simulate {__version__}",
        "seed": seed,
        "ads_requested": ads,
        "time_span": {"start": iso(START), "end": iso(END)},
        "closure": {"site": "pagelist", "at": iso(CLOSURE)},
        "sites": [
            {
                "name": s.name,
                "domain": s.domain,
                "layout": s.layout,
                "language": s.language,
                "closure": iso(s.closure) if s.closure else None,
                "url_scheme": s.url_scheme,
                "transfer": s.transfer,
                "removed_ads": s.removal,
            }
            for s in SITES
        ],
        "migration_probabilities": migration_table(),
        "migration_realised": dict(sorted(realised.items())),
        "migrations": [
            {
                "poster_id": m.poster_id,
                "kind": m.kind,
                "language": m.language,
                "planned": m.planned,
                "to": m.realised,
                "first_post_after": iso(m.first_post_after) if m.first_post_after else None,
            }
            for m in migrations
        ],
        "counts": {
            "versions": sum(r.versions for r in results),
            "ads": sum(r.ads for r in results),
            "responses": sum(r.responses for r in results),
            "requests": sum(r.requests for r in results),
            "removed_pages": sum(r.removed for r in results),
            "seizure_pages": sum(r.seized for r in results),
            "listing_pages": sum(r.listings for r in results),
            "posters": {k: posters[k] for k in KINDS},
            "phones_reused": sum(r.phones_reused for r in results),
        },
        "shards": len(jobs),
        "files": [Path(j.warc_path).name for j in jobs],
    }
