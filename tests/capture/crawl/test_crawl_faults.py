"""Politeness under faults: the simulated web answers a share of its pages with 429 (with
Retry-After) or 503 (without), and the crawler backs off per host for as long as it is told, or
exponentially when it is not, and still captures every ad served.

The web and the crawler share one stepped clock (:class:`~simweb.SteppedClock`), so the pauses are
measured in the clock's seconds and the outcome does not depend on the machine's speed. The world
starts after pagelist's seizure, so the crawl sees the four sites that are still up.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from pathlib import Path

import sqlalchemy as sa
from simweb import stepped_crawl

from threadline.capture.crawl.fetch import BACKOFF_BASE
from threadline.simulate.clock import CLOSURE, DAY
from threadline.simulate.serve import Faults
from threadline.store.store import Store

SPEED = 3600.0  # an hour a clock second: a Retry-After of one second is one simulated hour
SECONDS = 36.0
LISTING, REVISIT = 8.0, 4.0  # clock seconds (8 and 4 simulated hours)
RETRY_AFTER = 1
RATE = 0.04


def test_crawler_backs_off_on_429_and_503_and_still_captures_every_ad(store: Store, tmp_path: Path) -> None:
    faults = Faults(RATE, RETRY_AFTER, seed=7)
    web, report = asyncio.run(
        stepped_crawl(
            store,
            tmp_path,
            speed=SPEED,
            start=CLOSURE + DAY,
            seconds=SECONDS,
            faults=faults,
            listing=f"{LISTING:g}s",
            revisit=f"{REVISIT:g}s",
        )
    )
    served = web.served()
    faulted = [r for r in served if r["kind"] == "fault"]
    assert sum(r["status"] == 429 for r in faulted) >= 10 and sum(r["status"] == 503 for r in faulted) >= 10
    assert sum(s.errors for s in report.sites.values()) >= len(faulted) // 2

    # After an error a host is left alone: for Retry-After on a 429, for the first back-off step
    # (or longer) on a 503. Requests already under way at the same instant are not counted.
    by_host: dict[str, list[int]] = defaultdict(list)
    for r in served:
        by_host[str(r["host"])].append(int(r["t"]))  # type: ignore[call-overload]
    for r in faulted:
        t = int(r["t"])  # type: ignore[call-overload]
        pause = RETRY_AFTER if r["status"] == 429 else BACKOFF_BASE * 2
        early = [u for u in by_host[str(r["host"])] if t < u < t + pause * SPEED]
        assert not early, f"{r['host']} asked again {min(early) - t} simulated s after a {r['status']} at {t}"

    # And still every ad that was up for two listing rounds is captured.
    t0, t1 = min(by_host_t := [int(r["t"]) for r in served]), max(by_host_t)  # type: ignore[call-overload]
    grace = int(2 * LISTING * SPEED)
    with store.connect() as conn:
        rows = conn.execute(sa.text("SELECT s.name, a.site_ad_id FROM ad a JOIN site s ON s.id = a.site_id")).all()
    in_store = {(r[0], r[1]) for r in rows}
    up = set()
    for ad in web.schedule():
        if ad["site"] == "pagelist":
            continue  # seized before the crawl began
        starts, ends_at = [int(s) for s in ad["starts"]], int(ad["ends_at"])  # type: ignore[attr-defined, call-overload]
        if min(ends_at, t1) - max(starts[0], t0) > grace:
            up.add((str(ad["site"]), str(ad["ad_id"])))
    captured = len(up & in_store) / len(up)
    print(f"faults {len(faulted)} of {len(served)} responses; ads up {len(up)}, captured {captured:.1%}")
    assert len(up) >= 30
    assert captured >= 0.99, sorted(up - in_store)
