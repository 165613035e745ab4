"""The crawler against the live simulated web: several simulated days, an edit-catching schedule,
a members-only site, and pagelist's seizure half-way through; then a web that answers 429 and 503.
Loopback only.

Clock: one :class:`~simweb.SteppedClock` drives both the simulated web (14,400 simulated seconds per
clock second, 4 h a second) and the crawler, so the 18 clock-second crawl spans three simulated days
and re-visits every clock second are every 4 simulated hours, however slow the machine: the clock
only moves once every crawl worker has finished what was due. Real HTTP on 127.0.0.1, the real
crawler, store and WARC files; only time is stepped.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from pathlib import Path

import pytest
import sqlalchemy as sa
from simweb import SimWeb, stepped_crawl

from threadline.capture.crawl.config import load_crawl_config
from threadline.capture.crawl.fetch import BACKOFF_BASE
from threadline.capture.crawl.report import CrawlReport
from threadline.config import load_config
from threadline.errors import ConfigError
from threadline.ingest.runner import ingest
from threadline.simulate.clock import CLOSURE, DAY
from threadline.simulate.serve import Faults
from threadline.store.store import Store

SPEED = 14_400.0
SECONDS = 18.0  # clock seconds
REVISIT = 1.0  # clock seconds (the crawl file's revisit_interval)
LISTING = 2.0


@pytest.fixture
def crawled(store: Store, tmp_path: Path) -> tuple[Store, SimWeb, CrawlReport]:
    web, report = asyncio.run(stepped_crawl(store, tmp_path, speed=SPEED, start=CLOSURE - DAY, seconds=SECONDS))
    return store, web, report


def test_live_crawl_catches_ads_edits_deletions_login_and_closure(
    crawled: tuple[Store, SimWeb, CrawlReport], tmp_path: Path
) -> None:
    store, web, report = crawled
    served = web.served()
    t0, t1 = min(int(r["t"]) for r in served), max(int(r["t"]) for r in served)  # type: ignore[call-overload]
    grace = int(2 * LISTING * SPEED)  # an ad posted in the last two listing rounds may not be found yet
    with store.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT s.name, a.site_ad_id, a.deleted_at FROM ad a JOIN site s ON s.id = a.site_id")
        ).all()
    in_store = {(r[0], r[1]) for r in rows}
    deleted = {(r[0], r[1]) for r in rows if r[2] is not None}
    fetched = {(r["site"], r["ad_id"], r["version"]) for r in served if r["kind"] == "ad" and r["status"] == 200}

    up, edits, gone = set(), set(), set()
    for ad in web.schedule():
        key = (str(ad["site"]), str(ad["ad_id"]))
        starts = [int(s) for s in ad["starts"]]  # type: ignore[attr-defined]
        ends_at = int(ad["ends_at"])  # type: ignore[call-overload]
        if min(ends_at, t1) - max(starts[0], t0) > grace:  # up long enough for two listing rounds
            up.add(key)
        for v in range(1, len(starts)):
            end = starts[v + 1] if v + 1 < len(starts) else ends_at
            stayed = min(end, t1) - max(starts[v], t0)
            if stayed > REVISIT * SPEED and starts[v] < t1 - grace:  # up longer than one re-visit interval
                edits.add((*key, v))
        last_look = min(t1, CLOSURE) if ad["site"] == "pagelist" else t1  # pagelist answers nothing after
        if ad["end_kind"] in ("deleted", "expired") and t0 + grace < ends_at < last_look - grace and key in in_store:
            gone.add(key)

    captured = len(up & in_store) / len(up)
    edit_rate = len({e for e in edits if e in fetched}) / len(edits)
    print(f"ads served {len(up)}, captured {captured:.1%}; edits {len(edits)}, caught {edit_rate:.1%}; "
          f"deletions {len(gone)}; pages {report.pages} at {report.rate:.0f}/s")  # fmt: skip
    print("missed:", sorted(up - in_store))
    assert len(up) >= 80 and len(edits) >= 10 and len(gone) >= 10
    assert captured >= 0.99
    assert edit_rate >= 0.95
    assert gone <= deleted  # every ad seen gone is recorded as deleted, none dropped

    # The members-only site: logged in, and its ad pages came back as pages, not the login form.
    assert report.sites["velvetboard"].login == "ok"
    assert any(r["site"] == "velvetboard" and r["kind"] == "ad" and r["status"] == 200 for r in served)
    # The seizure: once pagelist shows its banner the crawler stops asking it (no hammering).
    after = [r for r in served if r["site"] == "pagelist" and int(r["t"]) >= CLOSURE]  # type: ignore[call-overload]
    assert report.sites["pagelist"].closed and len(after) <= 3 * 3  # requests in flight at the closure
    assert report.store.parse_failures == 0 and report.sites["pagelist"].errors == 0
    _warc_files_hold_every_capture(store, report, tmp_path)


def _warc_files_hold_every_capture(store: Store, report: CrawlReport, tmp_path: Path) -> None:
    # Checked on the same crawl (one crawl per store backend keeps the module near 30 s).
    reingest = Store.open(f"sqlite:///{tmp_path}/again.db")
    try:
        from_warc = _reingest(reingest, [Path(p) for p in report.warc_files])
    finally:
        reingest.close()
    with store.connect() as conn:
        live = conn.execute(sa.text("SELECT count(*) FROM capture")).scalar_one()
    assert from_warc == live  # the store and the standard WARC files hold the same captures


def _reingest(store: Store, files: list[Path]) -> int:
    report = ingest(store, files, load_config({"db": "sqlite://", "workers": 1}, env={}))
    return report.counts.captures_new


def test_config_rejects_credentials_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        '[[site]]\nname = "x"\nstart_urls = ["http://x.example/"]\n'
        '[site.login]\nurl = "http://x.example/login"\nuser = "me"\npassword = "secret"\n'
    )
    with pytest.raises(ConfigError, match="credentials never go in the file"):
        load_crawl_config(path, load_config({"db": "sqlite://"}, env={}), env={})


# Politeness under faults: the web answers a share of its pages with 429 (with Retry-After) or 503
# (without); the crawler must leave the host alone for as long as it is told, or back off
# exponentially when it is not, and still capture every ad. The world starts after pagelist's
# seizure, so four sites are up. On the stepped clock the pauses are in its seconds, exactly.
FAULT_SPEED = 3600.0  # an hour a clock second: a Retry-After of one second is one simulated hour
FAULT_SECONDS = 36.0
FAULT_LISTING, FAULT_REVISIT = 8.0, 4.0  # clock seconds (8 and 4 simulated hours)
RETRY_AFTER = 1
RATE = 0.04


def test_crawler_backs_off_on_429_and_503_and_still_captures_every_ad(store: Store, tmp_path: Path) -> None:
    faults = Faults(RATE, RETRY_AFTER, seed=7)
    web, report = asyncio.run(
        stepped_crawl(
            store,
            tmp_path,
            speed=FAULT_SPEED,
            start=CLOSURE + DAY,
            seconds=FAULT_SECONDS,
            faults=faults,
            listing=f"{FAULT_LISTING:g}s",
            revisit=f"{FAULT_REVISIT:g}s",
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
        early = [u for u in by_host[str(r["host"])] if t < u < t + pause * FAULT_SPEED]
        assert not early, f"{r['host']} asked again {min(early) - t} simulated s after a {r['status']} at {t}"

    # And still every ad that was up for two listing rounds is captured.
    times = [int(r["t"]) for r in served]  # type: ignore[call-overload]
    t0, t1 = min(times), max(times)
    grace = int(2 * FAULT_LISTING * FAULT_SPEED)
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
