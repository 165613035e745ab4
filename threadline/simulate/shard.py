"""Generates one shard of the world: its posters and ads, one WARC file and one truth part.

Shards are the unit of parallelism and of determinism: shard ``k`` draws everything from a
random stream seeded by (seed, k) and owns a disjoint slice of the phone numbers and ad ids, so the
output is byte-identical whichever worker runs it. Records in the WARC are in capture-time order,
as a crawler writes them.
"""

from __future__ import annotations

import gc
import random
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from threadline import __version__
from threadline.simulate.accounts import AccountPool
from threadline.simulate.clock import CLOSURE, DAY, END, HOUR
from threadline.simulate.crawl import AD, LISTING, REMOVED, SEIZED, Event, crawl
from threadline.simulate.geo import world_map
from threadline.simulate.model import Ad, Migration
from threadline.simulate.phonepool import PhonePool
from threadline.simulate.posters import KIND_MIX, make_poster
from threadline.simulate.schedule import AdIds, lay_out
from threadline.simulate.sites import choose
from threadline.simulate.truth import truth_lines
from threadline.simulate.warc import WarcWriter

SHARD_VERSIONS = 2500  # versions per shard: small enough to balance two workers, large for networks
LISTING_EVERY = 100  # one city listing capture per this many versions


@dataclass(frozen=True, slots=True)
class ShardJob:
    seed: int
    shard: int
    shards: int
    versions: int
    warc_path: str
    truth_path: str
    warc_level: int = 1


@dataclass(frozen=True, slots=True)
class ShardResult:
    shard: int
    versions: int
    ads: int
    responses: int
    requests: int
    removed: int
    seized: int
    listings: int
    posters: tuple[tuple[str, int], ...]
    migrations: tuple[Migration, ...]
    phones_reused: int
    warc_bytes: int
    first_capture: int
    last_capture: int


def _populate(job: ShardJob, rng: random.Random) -> tuple[list[Ad], Counter[str], list[Migration], int]:
    world = world_map()
    pool = PhonePool(world, job.shard, job.shards, random.Random(rng.getrandbits(64)))
    accounts = AccountPool(job.shard, job.shards)
    ids = AdIds(job.shard)
    ads: list[Ad] = []
    kinds: Counter[str] = Counter()
    migrations: list[Migration] = []
    used = 0
    n = 0
    while used < job.versions:
        kind = choose(rng, KIND_MIX)
        own = random.Random(rng.getrandbits(64))  # one stream per poster: local changes stay local
        poster = make_poster(own, world, pool, accounts, f"P{job.shard:04d}-{n:05d}", kind)
        n += 1
        laid = lay_out(poster, world, ids, job.versions - used, own)
        if not laid.ads:
            continue
        ads.extend(laid.ads)
        used += laid.versions
        kinds[kind] += 1
        if laid.migration is not None:
            migrations.append(laid.migration)
    return ads, kinds, migrations, pool.reused


def _events(ads: list[Ad], rng: random.Random, listings: int) -> list[Event]:
    events: list[Event] = []
    for a, ad in enumerate(ads):
        for v, version in enumerate(ad.versions):
            events.extend((t, len(events), AD, a, v) for t in version.captures)
        if ad.deleted_at is not None:
            events.append((ad.deleted_at, len(events), REMOVED, a, 0))
        if ad.seized_at is not None:
            events.append((ad.seized_at, len(events), SEIZED, a, 0))
    # After the closure the crawler keeps hitting pagelist's front page: the seizure banner.
    for _ in range(2):
        t = CLOSURE + rng.randint(HOUR, 30 * DAY)
        events.append((t, len(events), SEIZED, -1, 0))
    for _ in range(listings):
        a = rng.randrange(len(ads))
        t = ads[a].posted_at + rng.randint(HOUR, 3 * DAY)
        if t < END:
            events.append((t, len(events), LISTING, a, 0))
    events.sort()
    return events


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: for code that allocates many objects and no cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run_shard(job: ShardJob) -> ShardResult:
    # The shard allocates millions of small acyclic objects and keeps most of them to the end:
    # cyclic GC passes over them cost about a tenth of the run and free nothing.
    with collector_paused():
        return _run(job)


def _run(job: ShardJob) -> ShardResult:
    rng = random.Random(f"threadline-sim/{job.seed}/{job.shard}")
    ads, kinds, migrations, reused = _populate(job, rng)
    with open(job.truth_path, "w", encoding="utf-8", newline="\n") as truth:
        for ad in ads:
            truth.writelines(truth_lines(ad))
    events = _events(ads, rng, max(1, job.versions // LISTING_EVERY))
    writer = WarcWriter(Path(job.warc_path), random.Random(rng.getrandbits(64)), level=job.warc_level)
    writer.warcinfo(
        events[0][0],
        {
            "software": f"threadline-simulate/{__version__}",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "isPartOf": f"threadline-sim-seed{job.seed}",
            "description": "Synthetic ad world (fictional data)",
            "robots": "ignore",
            "http-header-user-agent": "ThreadlineSim/0.1",
        },
    )
    counts = crawl(ads, events, rng, writer)
    writer.close()
    return ShardResult(
        shard=job.shard,
        versions=sum(len(a.versions) for a in ads),
        ads=len(ads),
        responses=len(events),
        requests=writer.records - 1 - len(events),
        removed=counts[REMOVED],
        seized=counts[SEIZED],
        listings=counts[LISTING],
        posters=tuple(sorted(kinds.items())),
        migrations=tuple(migrations),
        phones_reused=reused,
        warc_bytes=writer.bytes_written,
        first_capture=events[0][0],
        last_capture=events[-1][0],
    )
