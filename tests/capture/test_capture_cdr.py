"""CDR importer: Memex CDR 2.0 and 3.x lines become Captures of the raw page."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from capture_builders import limits

from threadline.capture.cdr import read_cdr
from threadline.capture.records import Capture, ImportItem, Rejected

CDR2 = {
    "_id": "ABC",
    "url": "http://ads.example/1",
    "raw_content": "<html><body>hello</body></html>",
    "timestamp": 1467331200000,
    "content_type": "text/html",
    "team": "hyperion",
    "crawler": "hg",
    "version": 2.0,
}
CDR3 = {
    "_id": "DEF",
    "url": "http://ads.example/2",
    "raw_content": "<html>caf\u00e9</html>",
    "timestamp_crawl": "2016-07-01T00:00:00",
    "content_type": "text/html; charset=utf-8",
    "team": "jpl",
    "crawler": "sparkler",
    "version": "3.1",
    "objects": [{"obj_stored_url": "s3://x/1.jpg"}],
}


def read(tmp_path: Path, *lines: bytes) -> list[ImportItem]:
    path = tmp_path / "dump.jl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return list(read_cdr(path, limits()))


def test_cdr2_and_cdr3_lines_become_captures(tmp_path: Path) -> None:
    l2, l3 = json.dumps(CDR2).encode(), json.dumps(CDR3).encode()
    a, b = read(tmp_path, l2, l3)
    assert isinstance(a, Capture) and isinstance(b, Capture)
    assert a.raw == l2 and a.payload == b"<html><body>hello</body></html>"
    assert a.captured_at == datetime(2016, 7, 1, tzinfo=UTC)
    assert a.fields is None and a.site_hint is None and a.content_type == "text/html"
    assert a.origin.line == 1
    assert b.payload == "<html>caf\u00e9</html>".encode() and b.captured_at == datetime(2016, 7, 1, tzinfo=UTC)
    assert b.content_type == "text/html; charset=utf-8"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"raw_content": None}, "line 1: field 'raw_content' must be a string, got null"),
        ({"url": ""}, "line 1: field 'url' is empty"),
        ({"timestamp": "soon"}, "line 1: field 'timestamp' is not ISO-8601: 'soon'"),
        ({"timestamp": True}, "line 1: field 'timestamp' is a boolean, not a timestamp: True"),
        ({"timestamp": None}, "line 1: no crawl time: neither 'timestamp_crawl' (CDR 3) nor 'timestamp' (CDR 2)"),
        ({"team": 5}, "line 1: field 'team' must be a string, got a number"),
        ({"raw_content": "\udc00"}, "line 1: field 'raw_content' holds an unpaired surrogate at character 0"),
    ],
)
def test_bad_documents_are_rejected(tmp_path: Path, changes: dict[str, object], reason: str) -> None:
    doc = {k: v for k, v in {**CDR2, **changes}.items() if v is not None or k == "raw_content"}
    bad, good = read(tmp_path, json.dumps(doc).encode(), json.dumps(CDR3).encode())
    assert isinstance(bad, Rejected) and bad.kind == "invalid-field"
    assert bad.reason.startswith(reason)
    assert isinstance(good, Capture)


def test_epoch_seconds_and_iso_with_zone(tmp_path: Path) -> None:
    secs = {**CDR3, "timestamp_crawl": 1467331200}
    zoned = {**CDR3, "timestamp_crawl": "2016-07-01T02:00:00+02:00"}
    a, b = read(tmp_path, json.dumps(secs).encode(), json.dumps(zoned).encode())
    assert isinstance(a, Capture) and isinstance(b, Capture)
    assert a.captured_at == b.captured_at == datetime(2016, 7, 1, tzinfo=UTC)


def test_a_cdr_line_is_bounded_by_max_record_bytes(tmp_path: Path) -> None:
    big = {**CDR2, "raw_content": "<p>" + "x" * 5000 + "</p>"}
    path = tmp_path / "dump.jl"
    path.write_bytes(json.dumps(big).encode() + b"\n" + json.dumps(CDR3).encode() + b"\n")
    bad, good = read_cdr(path, limits(max_record_bytes=4096))
    assert isinstance(bad, Rejected) and bad.kind == "too-large"
    assert bad.reason == f"line 1 is {len(json.dumps(big))} bytes, over max_record_bytes 4096"
    assert isinstance(good, Capture)
