"""The evidence store's write rules, on every backend: versions, idempotency, deletions, quarantine."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from threadline.capture.records import Capture, Origin
from threadline.parse.records import PageKind, PageResult, ParsedAd
from threadline.store.blobs import COMPRESSION, compress
from threadline.store.rows import PreparedCapture, QuarantineItem, prepared_capture
from threadline.store.schema import ad, ad_version, capture, sighting
from threadline.store.store import Store

T0 = datetime(2018, 3, 1, 12, 0, tzinfo=UTC)


def prepared(
    ad_id: str,
    body: str,
    when: datetime,
    *,
    kind: PageKind = PageKind.AD,
    chrome: str = "",
    url: str = "",
    failure: tuple[str, str] | None = None,
) -> PreparedCapture:
    raw = f"HTTP/1.1 200 OK\r\n\r\n<h1>{ad_id}</h1><p>{body}</p><footer>{chrome}</footer>".encode()
    url = url or f"https://pagelist.example/ads/{ad_id}"
    page: PageResult | None
    if failure is not None:
        page = None
    elif kind is PageKind.AD:
        page = PageResult(kind, ad=ParsedAd("pagelist", ad_id, url, ad_id, body, adapter="test"), site="pagelist")
    else:
        page = PageResult(kind, site="pagelist", ad_id=ad_id)
    capture = Capture(url, when, raw, raw, Origin("test", offset=int(when.timestamp())), "text/html", 200)
    return prepared_capture(capture, compress(raw), COMPRESSION, page, failure)


def count(store: Store, table: sa.Table) -> int:
    with store.connect() as conn:
        return int(conn.scalar(sa.select(sa.func.count()).select_from(table)) or 0)


def test_same_content_recaptured_is_one_version_with_widened_span(store: Store) -> None:
    run = store.start_run(["t"])
    c = store.write_batch(run, [prepared("1", "new in town", T0, chrome="views 1")])
    c2 = store.write_batch(run, [prepared("1", "new in town", T0 + timedelta(days=2), chrome="views 9")])
    assert (c.ads_new, c.versions_new, c2.ads_new, c2.versions_new, c2.versions_seen_again) == (1, 1, 0, 0, 1)
    view = store.ad("pagelist", "1")
    assert len(view.versions) == 1
    assert view.versions[0].first_seen == T0 and view.versions[0].last_seen == T0 + timedelta(days=2)
    assert (view.first_seen, view.last_seen) == (T0, T0 + timedelta(days=2))
    assert count(store, capture) == 2


def test_edit_makes_new_version_in_time_order_even_when_ingested_backwards(store: Store) -> None:
    run = store.start_run(["t"])
    store.write_batch(run, [prepared("7", "age 19 now", T0 + timedelta(days=3))])
    store.write_batch(run, [prepared("7", "age 17", T0), prepared("7", "age 17", T0 + timedelta(days=1))])
    view = store.ad("pagelist", "7")
    assert [v.body for v in view.versions] == ["age 17", "age 19 now"]
    first = view.versions[0]
    assert first.last_seen == T0 + timedelta(days=1)
    assert first.captured_at == T0  # the version points at its earliest capture


def test_reingest_changes_nothing(store: Store) -> None:
    batch = [prepared("1", "a", T0), prepared("1", "b", T0 + timedelta(days=1)), prepared("2", "c", T0)]
    store.write_batch(store.start_run(["t"]), batch)
    before = store.stats()
    again = store.write_batch(store.start_run(["t"]), batch)
    assert again.captures_known == 3 and again.captures_new == 0 and again.versions_new == 0
    after = store.stats()
    assert (after.ads, after.versions, after.captures, after.blobs) == (
        before.ads,
        before.versions,
        before.captures,
        before.blobs,
    )
    assert count(store, sighting) == 3


def test_removal_sets_deleted_at_only_after_last_live_sighting(store: Store) -> None:
    run = store.start_run(["t"])
    # The removal notice arrives before the live captures (files ingested out of order).
    store.write_batch(run, [prepared("9", "", T0 + timedelta(days=5), kind=PageKind.REMOVED)])
    assert store.ad("pagelist", "9").deleted_at == T0 + timedelta(days=5)
    store.write_batch(run, [prepared("9", "x", T0), prepared("9", "x", T0 + timedelta(days=4))])
    assert store.ad("pagelist", "9").deleted_at == T0 + timedelta(days=5)
    store.write_batch(run, [prepared("9", "back again", T0 + timedelta(days=6))])
    assert store.ad("pagelist", "9").deleted_at is None
    assert store.stats().ads == 1


def test_duplicate_capture_inside_one_batch_counts_once(store: Store) -> None:
    item = prepared("3", "same", T0)
    c = store.write_batch(store.start_run(["t"]), [item, item])
    assert (c.captures_new, c.captures_known, c.versions_new) == (1, 1, 1)


def test_parse_failure_keeps_capture_and_quarantines(store: Store) -> None:
    item = prepared("4", "x", T0, failure=("parse-failure", "pagelist: no element matches title selector 'h1'"))
    run = store.start_run(["t"])
    c = store.write_batch(run, [item], [QuarantineItem("f.warc@10", "corrupt", "bad gzip member", b"\x1f")])
    assert (c.captures_new, c.parse_failures, c.quarantined) == (1, 1, 2)
    assert store.stats().ads == 0
    c2 = store.write_batch(store.start_run(["t"]), [], [QuarantineItem("f.warc@10", "corrupt", "bad gzip member")])
    assert c2.quarantined == 0  # the same damage reported twice is one quarantine record
    twice = [QuarantineItem("f.warc@99", "corrupt", "bad member"), QuarantineItem("f.warc@99", "corrupt", "bad member")]
    assert store.write_batch(store.start_run(["t"]), [], twice).quarantined == 1


def test_blobs_are_shared_and_verified(store: Store) -> None:
    a = prepared("5", "same bytes", T0)
    b = prepared("5", "same bytes", T0, url="https://mirror.example/ads/5")
    store.write_batch(store.start_run(["t"]), [a, b])
    s = store.stats()
    assert (s.captures, s.blobs) == (2, 1)
    checked, problems = store.verify()
    assert (checked, problems) == (1, [])
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE blob SET data = :d"), {"d": compress(b"tampered")})
    _, problems = store.verify()
    assert len(problems) == 1 and "expected" in problems[0].problem


def test_full_text_search(store: Store) -> None:
    run = store.start_run(["t"])
    store.write_batch(
        run, [prepared("1", "sweet companionship new in town", T0), prepared("2", "oak table for sale", T0)]
    )
    hits = store.search("companionship town")
    assert [h.site_ad_id for h in hits] == ["1"]
    assert store.search("table")[0].site_ad_id == "2"
    assert store.search('"; DROP TABLE ad; --') == []  # user text never reaches the query syntax
    assert count(store, ad) == 2 and count(store, ad_version) == 2
