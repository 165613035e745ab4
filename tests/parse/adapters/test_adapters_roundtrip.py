"""The built-in adapters read the simulated world back exactly as the truth file describes it.

A world of a few thousand versions is written, its WARCs are read with warcio (the reader real
ingest uses), each response becomes a ``Capture`` (raw = the HTTP message as stored, payload = the
decoded body) and goes through the adapter that claims it. Every version's text must come back
byte for byte, and chrome must never make two captures of one version look different.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader, ChunkedDataReader

from threadline.capture.records import Capture, Origin
from threadline.parse.adapters import BUILTIN_ADAPTERS
from threadline.parse.records import PageKind, PageResult
from threadline.simulate import simulate


def read_captures(out: Path) -> Iterator[Capture]:
    for path in sorted((out / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            records = ArchiveIterator(fh)
            for rec in records:
                if rec.rec_type != "response":
                    continue
                head = rec.http_headers
                raw_body = rec.raw_stream.read()
                encoding = (head.get_header("Content-Encoding") or "").lower() or None
                if (head.get_header("Transfer-Encoding") or "").lower() == "chunked":
                    reader: BufferedReader = ChunkedDataReader(io.BytesIO(raw_body), decomp_type=encoding)
                else:
                    reader = BufferedReader(io.BytesIO(raw_body), decomp_type=encoding)
                payload = reader.read()
                yield Capture(
                    url=rec.rec_headers.get_header("WARC-Target-URI"),
                    captured_at=datetime.fromisoformat(
                        rec.rec_headers.get_header("WARC-Date").replace("Z", "+00:00")
                    ),
                    raw=head.to_bytes() + raw_body,
                    payload=payload,
                    origin=Origin(path.name, offset=records.get_record_offset()),
                    content_type=head.get_header("Content-Type"),
                    http_status=int(head.get_statuscode()),
                    http_headers=tuple(head.headers),
                )


def parse(capture: Capture) -> PageResult:
    claimed = [a for a in BUILTIN_ADAPTERS if a.matches(capture.host)]
    assert len(claimed) == 1, f"{capture.url} claimed by {[a.name for a in claimed]}"
    return claimed[0].parse(capture)


@pytest.fixture(scope="module")
def world(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[list[dict[str, object]], list[tuple[Capture, PageResult]]]:
    out = tmp_path_factory.mktemp("world")
    simulate(out, 3000, 11, workers=2)
    truth = [json.loads(line) for line in (out / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    parsed = [(c, parse(c)) for c in read_captures(out)]
    return truth, parsed


def test_every_version_reads_back_exactly(world: tuple[list[dict], list[tuple[Capture, PageResult]]]) -> None:
    truth, parsed = world
    ads_at = {}
    for capture, result in parsed:
        if result.kind is PageKind.AD:
            assert result.ad is not None
            ads_at[(result.ad.site, result.ad.ad_id, capture.captured_at.strftime("%Y-%m-%dT%H:%M:%SZ"))] = (
                result.ad
            )
    checked = 0
    for row in truth:
        for when in row["captures"]:
            ad = ads_at.pop((row["site"], row["ad_id"], when))
            assert ad.body == row["text"], (row["url"], when)
            assert ad.title == row["title"]
            assert ad.location == f"{row['city']['name']}, {row['city']['region']}"
            assert (
                ad.posted_at is not None and ad.posted_at.strftime("%Y-%m-%dT%H:%M:%SZ") == row["posted_at"]
            )
            extra = dict(ad.extra)
            if "phone" in extra:
                assert "+1" + extra["phone"].replace("-", "") in row["phones"]
            if "age" in extra:
                assert int(extra["age"]) in row["ages"]
            checked += 1
    assert checked > 3000
    assert not ads_at, f"ad captures the truth does not know: {list(ads_at)[:3]}"


def test_versions_are_distinct_content_hashes(
    world: tuple[list[dict], list[tuple[Capture, PageResult]]],
) -> None:
    truth, parsed = world
    hashes: dict[tuple[str, str], set[str]] = defaultdict(set)
    for _, result in parsed:
        if result.kind is PageKind.AD and result.ad is not None:
            hashes[(result.ad.site, result.ad.ad_id)].add(result.ad.content_sha256)
    versions: dict[tuple[str, str], int] = defaultdict(int)
    for row in truth:
        versions[(str(row["site"]), str(row["ad_id"]))] += 1
    assert {k: len(v) for k, v in hashes.items()} == dict(versions)
    assert sum(versions.values()) == 3000


def test_removed_and_other_pages(world: tuple[list[dict], list[tuple[Capture, PageResult]]]) -> None:
    truth, parsed = world
    removed = {
        (r.site, r.ad_id, c.captured_at.strftime("%Y-%m-%dT%H:%M:%SZ"))
        for c, r in parsed
        if r.kind is PageKind.REMOVED
    }
    deleted = {(row["site"], row["ad_id"], row["deleted_at"]) for row in truth if row["deleted_at"]}
    assert deleted and deleted == removed
    statuses = {c.http_status for c, r in parsed if r.kind is PageKind.REMOVED}
    assert {200, 404, 410} <= statuses  # notice pages and HTTP errors both occur
    notes = {r.note for _, r in parsed if r.kind is PageKind.OTHER}
    assert {"seized", "listing"} <= notes
