"""The crawler against the live simulated web: several simulated days, an edit-catching schedule,
a members-only site, and pagelist's seizure half-way through. Loopback only.

Clock: one :class:`~simweb.SteppedClock` drives both the simulated web (14,400 simulated seconds per
clock second, 4 h a second) and the crawler, so the 18 clock-second crawl spans three simulated days
and re-visits every clock second are every 4 simulated hours, however slow the machine: the clock
only moves once every crawl worker has finished what was due. Real HTTP on 127.0.0.1, the real
crawler, store and WARC files; only time is stepped.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import sqlalchemy as sa
from simweb import SimWeb, stepped_crawl

from threadline.capture.crawl.config import load_crawl_config
from threadline.capture.crawl.report import CrawlReport
from threadline.config import load_config
from threadline.errors import ConfigError
from threadline.ingest.runner import ingest
from threadline.simulate.clock import CLOSURE, DAY
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
