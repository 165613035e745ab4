"""Generates one shard of the world: its posters and ads, one WARC file and one truth part.

Shards are the unit of parallelism and of determinism: shard ``k`` draws everything from a
random stream seeded by (seed, k) and owns a disjoint slice of the phone numbers and ad ids, so the
output is byte-identical whichever worker runs it. Records in the WARC are in capture-time order,
as a crawler writes them.
"""

from __future__ import annotations

import gc
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from threadline import __version__
from threadline.simulate.clock import CLOSURE, DAY, END, HOUR
from threadline.simulate.geo import world_map
from threadline.simulate.http import request_block, response_block
from threadline.simulate.layouts import LAYOUTS, Chrome, Listed
from threadline.simulate.layouts.base import SEIZED_HTML
from threadline.simulate.model import Ad, Migration
from threadline.simulate.phonepool import PhonePool
from threadline.simulate.posters import KIND_MIX, make_poster
from threadline.simulate.schedule import AdIds, lay_out
from threadline.simulate.sites import PAGELIST, SITE_BY_NAME, choose
from threadline.simulate.truth import truth_lines
from threadline.simulate.warc import WarcWriter

SHARD_VERSIONS = 2500  # versions per shard: small enough to balance two workers, large for networks
LISTING_EVERY = 100  # one city listing capture per this many versions
REQUEST_EVERY = 50  # one WARC request record per this many responses ("a few")


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


# An event to write: (time, tie-break, kind, ad index, version index). Kinds below.
_AD, _REMOVED, _SEIZED, _LISTING = 0, 1, 2, 3


def _populate(job: ShardJob, rng: random.Random) -> tuple[list[Ad], Counter[str], list[Migration], int]:
    world = world_map()
    pool = PhonePool(world, job.shard, job.shards, random.Random(rng.getrandbits(64)))
    ids = AdIds(job.shard)
    ads: list[Ad] = []
    kinds: Counter[str] = Counter()
    migrations: list[Migration] = []
    used = 0
    n = 0
    while used < job.versions:
        kind = choose(rng, KIND_MIX)
        own = random.Random(rng.getrandbits(64))  # one stream per poster: local changes stay local
        poster = make_poster(own, world, pool, f"P{job.shard:04d}-{n:05d}", kind)
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


def _events(ads: list[Ad], rng: random.Random, listings: int) -> list[tuple[int, int, int, int, int]]:
    events: list[tuple[int, int, int, int, int]] = []
    for a, ad in enumerate(ads):
        for v, version in enumerate(ad.versions):
            events.extend((t, len(events), _AD, a, v) for t in version.captures)
        if ad.deleted_at is not None:
            events.append((ad.deleted_at, len(events), _REMOVED, a, 0))
        if ad.seized_at is not None:
            events.append((ad.seized_at, len(events), _SEIZED, a, 0))
    # After the closure the crawler keeps hitting pagelist's front page: the seizure banner.
    for _ in range(2):
        t = CLOSURE + rng.randint(HOUR, 30 * DAY)
        events.append((t, len(events), _SEIZED, -1, 0))
    for _ in range(listings):
        a = rng.randrange(len(ads))
        t = ads[a].posted_at + rng.randint(HOUR, 3 * DAY)
        if t < END:
            events.append((t, len(events), _LISTING, a, 0))
    events.sort()
    return events


def _listing_items(
    ads: list[Ad], index: dict[tuple[str, int, str], list[int]], ad: Ad, t: int
) -> list[Listed]:
    rows = []
    for i in index[(ad.site.name, ad.place.index, ad.category)]:
        other = ads[i]
        gone = other.deleted_at if other.deleted_at is not None else other.versions[-1].captures[-1] + 2 * DAY
        if other.posted_at <= t < gone:
            rows.append(Listed(other.url, other.versions[0].content.title, other.posted_at))
    rows.sort(key=lambda x: -x.posted_at)
    return rows[:25]


def run_shard(job: ShardJob) -> ShardResult:
    # The shard allocates millions of small acyclic objects and keeps most of them to the end:
    # cyclic GC passes over them cost about a tenth of the run and free nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(job)
    finally:
        if enabled:
            gc.enable()


def _run(job: ShardJob) -> ShardResult:
    rng = random.Random(f"threadline-sim/{job.seed}/{job.shard}")
    ads, kinds, migrations, reused = _populate(job, rng)
    with open(job.truth_path, "w", encoding="utf-8", newline="\n") as truth:
        for ad in ads:
            truth.writelines(truth_lines(ad))
    events = _events(ads, rng, max(1, job.versions // LISTING_EVERY))
    by_site: dict[str, list[tuple[str, str]]] = defaultdict(list)
    index: dict[tuple[str, int, str], list[int]] = defaultdict(list)
    for i, ad in enumerate(ads):
        by_site[ad.site.name].append((ad.url, ad.versions[0].content.title))
        index[(ad.site.name, ad.place.index, ad.category)].append(i)
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
    html_cache: dict[tuple[int, int], str] = {}
    counts = Counter[int]()
    for t, _, kind, a, v in events:
        ad = ads[a]
        layout = LAYOUTS[ad.site.name]
        token = f"{rng.getrandbits(64):016x}"
        url = ad.url
        status = 200
        if a < 0:  # the seized front page
            ad, layout, url = ads[0], LAYOUTS[PAGELIST.name], "https://pagelist.example/"
        if kind == _AD:
            content = ad.versions[v].content
            body_html = html_cache.get((a, v))
            if body_html is None:
                body_html = html_cache[(a, v)] = layout.content_html(ad, content)
            related = tuple(rng.choices(by_site[ad.site.name], k=3))
            views = 3 + (t - ad.posted_at) // 97 + rng.randrange(40)
            page = layout.ad_page(ad, content, body_html, Chrome(views, related, t, token))
        elif kind == _REMOVED:
            status, page = layout.removed_page(ad)
        elif kind == _SEIZED:
            page = SEIZED_HTML
        else:
            chrome = Chrome(rng.randrange(10_000), (), t, token)
            url, page = layout.listing(ad.place, ad.category, _listing_items(ads, index, ad, t), chrome)
            if ad.site is PAGELIST and t >= CLOSURE:
                kind, page = _SEIZED, SEIZED_HTML
        counts[kind] += 1
        site = SITE_BY_NAME[layout.site.name]
        block, payload_at = response_block(site, status, layout.encode(page), t, layout.content_type, token)
        record_id = writer.new_id()
        writer.response(url, t, block, payload_at, record_id, packed=site.transfer == "gzip")
        if rng.randrange(REQUEST_EVERY) == 0:
            writer.request(url, t, request_block(url), record_id)
    writer.close()
    return ShardResult(
        shard=job.shard,
        versions=sum(len(a.versions) for a in ads),
        ads=len(ads),
        responses=len(events),
        requests=writer.records - 1 - len(events),
        removed=counts[_REMOVED],
        seized=counts[_SEIZED],
        listings=counts[_LISTING],
        posters=tuple(sorted(kinds.items())),
        migrations=tuple(migrations),
        phones_reused=reused,
        warc_bytes=writer.bytes_written,
        first_capture=events[0][0],
        last_capture=events[-1][0],
    )
