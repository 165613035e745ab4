"""CSV importer: rows become ads, row-start line numbers in every reason, canonical JSON evidence."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

from capture_builders import limits

from threadline.capture.csv_import import read_csv
from threadline.capture.records import Capture, ImportItem, Rejected

HEADER = b"site,ad_id,url,captured_at,posted_at,title,body,location,images,extra\n"


def read(tmp_path: Path, data: bytes, name: str = "ads.csv", **lim: int) -> list[ImportItem]:
    path = tmp_path / name
    path.write_bytes(data)
    return list(read_csv(path, limits(**lim)))


def kinds(items: list[ImportItem]) -> list[str]:
    return [type(i).__name__ for i in items]


def test_rows_become_captures_with_canonical_json_raw(tmp_path: Path) -> None:
    data = HEADER + (
        b'nightowl,A1,https://n.example/1,2018-03-04T05:06:07Z,2018-03-01,Hi,"<p>line one\n'
        b'line two, with comma</p>",Boston,https://i/1.jpg|https://i/2.jpg,"{""age"": 24}"\n'
        b'nightowl,A2,https://n.example/2,2018-03-05 00:00:00,,,plain text,,"[""https://i/3.jpg""]",\n'
    )
    items = read(tmp_path, data)
    assert kinds(items) == ["Capture", "Capture"]
    first, second = items
    assert isinstance(first, Capture) and isinstance(second, Capture)
    assert first.origin.line == 2 and second.origin.line == 4
    assert first.payload == b"<p>line one\nline two, with comma</p>" and first.content_type == "text/html"
    assert first.fields is not None
    assert first.fields.images == ("https://i/1.jpg", "https://i/2.jpg")
    assert first.fields.extra == (("age", "24"),)
    assert first.fields.posted_at == datetime(2018, 3, 1, tzinfo=UTC)
    cells = json.loads(first.raw)
    assert cells["body"] == "<p>line one\nline two, with comma</p>" and cells["extra"] == '{"age": 24}'
    assert first.raw == json.dumps(cells, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    assert second.fields is not None and second.fields.images == ("https://i/3.jpg",)
    assert second.fields.title is None and second.fields.location is None and second.fields.extra == ()
    assert second.content_type == "text/plain"
    assert second.captured_at == datetime(2018, 3, 5, tzinfo=UTC)


def test_bad_rows_are_rejected_with_the_line_they_start_on(tmp_path: Path) -> None:
    data = HEADER + (
        b'nightowl,A1,https://n.example/1,2018-13-40,,,"multi\nline body",,,\n'  # line 2
        b"nightowl,A2,https://n.example/2,2018-03-04,,,body,,,{oops\n"  # line 4
        b"nightowl,A3,https://n.example/3\n"  # line 5
        b",A4,https://n.example/4,2018-03-04,,,body,,,\n"  # line 6
        b"nightowl,A5,https://n.example/5,2018-03-04,,,b\xe9dy,,,\n"  # line 7
        b"nightowl,A6,https://n.example/6,2018-03-04,,,fine,,,\n"  # line 8
    )
    items = read(tmp_path, data)
    assert kinds(items) == ["Rejected"] * 5 + ["Capture"]
    reasons = [i.reason for i in items if isinstance(i, Rejected)]
    assert reasons == [
        "line 2: field 'captured_at' is not ISO-8601: '2018-13-40'",
        "line 4: column 'extra' is not valid JSON: Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1)",
        "line 5: row has 3 fields, the header has 10",
        "line 6: field 'site' is empty",
        "line 7: not valid UTF-8 (byte 46)",
    ]
    assert [i.origin.line for i in items] == [2, 4, 5, 6, 7, 8]


def test_header_is_required_and_checked(tmp_path: Path) -> None:
    data = b"site,ad_id,url,captured_at,bodyy\nx,1,http://a,2018-01-01,b\n\nx,2,http://b,2018-01-01,b\n"
    items = read(tmp_path, data)
    assert kinds(items) == ["Rejected", "Rejected"]
    assert items[0].reason == (
        "line 2: the header row (line 1) is unusable: unknown column 'bodyy' (put additional data in "
        "the 'extra' column)"
    )
    assert items[1].origin.line == 4
    only_header = read(tmp_path, b"\xef\xbb\xbfSite, AD_ID ,url,captured_at,body\n")
    assert only_header == []
    missing = read(tmp_path, b"site,ad_id,url,captured_at\nx,1,http://a,2018-01-01\n")
    assert missing[0].reason.endswith("required column 'body' is missing")


def test_an_overlong_row_is_skipped_to_its_end_without_loading_it(tmp_path: Path) -> None:
    big = b"x" * 30_000
    data = (
        HEADER
        + b'nightowl,A1,https://n.example/1,2018-03-04,,,"'
        + big
        + b"\n"
        + big
        + b'\nend",,,\n'  # 2-4
        + b"nightowl,A2,https://n.example/2,2018-03-04,,,after,,,\n"  # line 5
        + b"nightowl,A3,https://n.example/3,2018-03-04,,,"
        + big * 2
        + b",,,\n"  # line 6
        + b"nightowl,A4,https://n.example/4,2018-03-04,,,last,,,\n"  # line 7
    )
    items = read(tmp_path, data, max_line_bytes=40_000)
    assert kinds(items) == ["Rejected", "Capture", "Rejected", "Capture"]
    assert [i.origin.line for i in items] == [2, 5, 6, 7]
    assert isinstance(items[0], Rejected) and items[0].kind == "too-large"
    assert items[0].reason.startswith("line 2: row is over 40000 bytes")
    assert len(items[0].raw) <= 4096


def test_gzip_csv(tmp_path: Path) -> None:
    data = gzip.compress(HEADER + b"nightowl,A1,https://n.example/1,2018-03-04,,,hi,,,\n")
    [cap] = read(tmp_path, data, "ads.csv.gz")
    assert isinstance(cap, Capture) and cap.fields is not None and cap.fields.ad_id == "A1"
