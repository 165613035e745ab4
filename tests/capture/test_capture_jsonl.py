"""JSONL importer: each line stands alone; bad lines are rejected with their number, the rest read."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from capture_builders import limits
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threadline.capture.jsonl import read_jsonl
from threadline.capture.records import AdFields, Capture, ImportItem, Rejected
from threadline.errors import UserError

GOOD = {
    "site": "nightowl",
    "ad_id": "A1",
    "url": "https://nightowl.example/ads/1",
    "captured_at": "2018-03-04T05:06:07Z",
    "body": "<p>Call 555-0100</p>",
}


def line(**changes: object) -> bytes:
    doc = {**GOOD, **changes}
    return json.dumps({k: v for k, v in doc.items() if v is not ...}).encode()


def read(tmp_path: Path, data: bytes, name: str = "ads.jsonl", **lim: int) -> list[ImportItem]:
    path = tmp_path / name
    path.write_bytes(data)
    return list(read_jsonl(path, limits(**lim)))


def test_a_full_record_becomes_a_capture_with_ad_fields(tmp_path: Path) -> None:
    raw = line(
        posted_at="2018-03-01T10:00:00-05:00",
        title="Hi",
        location="Boston",
        images=["https://img/1.jpg", "https://img/2.jpg"],
        extra={"b": 2, "a": "x", "c": {"z": [1, None]}},
    )
    [cap] = read(tmp_path, raw + b"\r\n")
    assert isinstance(cap, Capture)
    assert cap.raw == raw and cap.payload == b"<p>Call 555-0100</p>"
    assert cap.url == "https://nightowl.example/ads/1"
    assert cap.captured_at == datetime(2018, 3, 4, 5, 6, 7, tzinfo=UTC)
    assert cap.content_type == "text/html" and cap.site_hint == "nightowl"
    assert cap.origin.line == 1 and cap.origin.source == str(tmp_path / "ads.jsonl")
    assert cap.fields == AdFields(
        site="nightowl",
        ad_id="A1",
        title="Hi",
        body="<p>Call 555-0100</p>",
        location="Boston",
        posted_at=datetime(2018, 3, 1, 15, 0, tzinfo=UTC),
        images=("https://img/1.jpg", "https://img/2.jpg"),
        extra=(("a", "x"), ("b", "2"), ("c", '{"z": [1, null]}')),
    )


def test_plain_text_body_and_naive_dates_taken_as_utc(tmp_path: Path) -> None:
    [cap] = read(tmp_path, line(body="call me", captured_at="2018-03-04 05:06:07", posted_at=None))
    assert isinstance(cap, Capture)
    assert cap.content_type == "text/plain"
    assert cap.captured_at == datetime(2018, 3, 4, 5, 6, 7, tzinfo=UTC)
    assert cap.captured_at.tzinfo is UTC
    assert cap.fields is not None and cap.fields.posted_at is None


def test_offset_dates_are_converted_to_utc(tmp_path: Path) -> None:
    [cap] = read(tmp_path, line(captured_at="2018-03-04T05:06:07+02:00"))
    assert isinstance(cap, Capture)
    assert cap.captured_at == datetime(2018, 3, 4, 5, 6, 7, tzinfo=timezone(timedelta(hours=2)))
    assert cap.captured_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("raw", "kind", "reason"),
    [
        (
            line(captured_at="2018-13-40"),
            "invalid-field",
            "line 2: field 'captured_at' is not ISO-8601: '2018-13-40'",
        ),
        (line(url=...), "invalid-field", "line 2: missing required field 'url'"),
        (line(ad_id=17), "invalid-field", "line 2: field 'ad_id' must be a string, got a number"),
        (line(site=" "), "invalid-field", "line 2: field 'site' is empty"),
        (line(title=["x"]), "invalid-field", "line 2: field 'title' must be a string or null, got an array"),
        (
            line(images="a.jpg"),
            "invalid-field",
            "line 2: field 'images' must be an array of strings, got a string",
        ),
        (
            line(images=["a", 3]),
            "invalid-field",
            "line 2: field 'images' item 1 must be a string, got a number",
        ),
        (line(extra=[1]), "invalid-field", "line 2: field 'extra' must be an object, got an array"),
        (line(posted=1), "invalid-field", "line 2: unknown field 'posted' (put additional data in 'extra')"),
        (
            line(posted_at="yesterday"),
            "invalid-field",
            "line 2: field 'posted_at' is not ISO-8601: 'yesterday'",
        ),
        (
            b'{"site": "x",',
            "invalid-field",
            "line 2: not valid JSON: Expecting property name enclosed in double",
        ),
        (b"[1, 2]", "invalid-field", "line 2: not a JSON object (got an array)"),
        (b'{"body": "caf\xe9"}', "corrupt", "line 2: not valid UTF-8 (byte 13: e9 22 7d)"),
        (
            line(body="\ud800x"),
            "invalid-field",
            "line 2: field 'body' holds an unpaired surrogate \\ud800 at",
        ),
        (b"[" * 100_000, "invalid-field", "line 2: not valid JSON: nested too deeply"),
    ],
)
def test_a_bad_line_is_rejected_and_the_rest_read(tmp_path: Path, raw: bytes, kind: str, reason: str) -> None:
    items = read(tmp_path, line(ad_id="before") + b"\n" + raw + b"\n" + line(ad_id="after") + b"\n")
    assert [type(i).__name__ for i in items] == ["Capture", "Rejected", "Capture"]
    bad = items[1]
    assert isinstance(bad, Rejected)
    assert bad.kind == kind
    assert bad.reason.startswith(reason)
    assert bad.origin.line == 2
    assert bad.raw == raw[:4096]


def test_blank_lines_are_skipped_silently_and_numbers_stay_true(tmp_path: Path) -> None:
    items = read(tmp_path, b"\n   \n" + line() + b"\n\t\r\n" + b"oops\n")
    assert [type(i).__name__ for i in items] == ["Capture", "Rejected"]
    assert items[0].origin.line == 3 and items[1].origin.line == 5


def test_an_overlong_line_is_rejected_without_being_loaded(tmp_path: Path) -> None:
    long_body = "x" * 50_000
    items = read(tmp_path, line() + b"\n" + line(body=long_body) + b"\n" + line(), max_line_bytes=10_000)
    assert [type(i).__name__ for i in items] == ["Capture", "Rejected", "Capture"]
    bad = items[1]
    assert isinstance(bad, Rejected) and bad.kind == "too-large"
    assert bad.reason == f"line 2 is {len(line(body=long_body))} bytes, over max_line_bytes 10000"
    assert len(bad.raw) == 4096


def test_gzip_compressed_jsonl_and_a_truncated_one(tmp_path: Path) -> None:
    data = gzip.compress(b"\n".join(line(ad_id=str(i)) for i in range(50)) + b"\n")
    items = read(tmp_path, data, "ads.jsonl.gz")
    assert len(items) == 50 and all(isinstance(i, Capture) for i in items)
    items = read(tmp_path, data[: len(data) // 2], "cut.jsonl.gz")
    assert all(isinstance(i, Capture) for i in items[:-1])
    last = items[-1]
    assert isinstance(last, Rejected) and last.kind == "corrupt"
    assert "compressed input ends early (truncated)" in last.reason


def test_a_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no-such"):
        read_jsonl(tmp_path / "no-such.jsonl", limits())


# -- property: any mix of good and bad lines -----------------------------------------------------

texts = st.text(st.characters(codec="utf-8", exclude_characters="\n\r"), max_size=40)
good_records = st.fixed_dictionaries(
    {
        "site": texts.filter(str.strip),
        "ad_id": texts.filter(str.strip),
        "url": texts.filter(str.strip),
        "captured_at": st.datetimes(timezones=st.just(UTC)).map(lambda d: d.isoformat()),
        "body": texts,
    },
    optional={
        "title": st.none() | texts,
        "images": st.lists(texts, max_size=3),
        "extra": st.dictionaries(texts, st.integers() | texts | st.none(), max_size=3),
    },
)
# Garbage never parses as an ad: it is not JSON, or JSON that is not an object, or an object
# with a field of the wrong type. Blank lines are left out: they are not records at all.
bad_lines = st.one_of(
    st.binary(min_size=1, max_size=60).filter(lambda b: b"\n" not in b and b.lstrip(b"\xef\xbb\xbf").strip(b" \t\r")),
    st.sampled_from([b"[]", b"42", b'"text"', b"null", b"{", b'{"site": 1}']),
    good_records.map(lambda d: json.dumps({**d, "captured_at": "not a date"}).encode()),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(good_records.map(lambda d: ("good", d)), bad_lines.map(lambda b: ("bad", b))), max_size=12))
def test_any_mix_of_lines_gives_one_item_per_line(tmp_path: Path, lines: list[tuple[str, object]]) -> None:
    encoded = [json.dumps(x).encode() if kind == "good" else x for kind, x in lines]
    assert all(isinstance(b, bytes) for b in encoded)
    items = read(tmp_path, b"\n".join(encoded))  # type: ignore[arg-type]
    assert len(items) == len(lines)
    for number, ((kind, doc), item) in enumerate(zip(lines, items, strict=True), start=1):
        assert item.origin.line == number
        if kind == "bad":
            assert isinstance(item, Rejected) and item.reason.startswith(f"line {number}")
            continue
        assert isinstance(item, Capture), item
        assert isinstance(doc, dict)
        assert item.url == doc["url"] and item.payload == doc["body"].encode()
        assert item.fields is not None and item.fields.ad_id == doc["ad_id"] and item.fields.site == doc["site"]
        assert item.captured_at == datetime.fromisoformat(doc["captured_at"])
        assert item.raw == encoded[number - 1]


def test_line_length_limit_is_exact_and_ignores_the_line_break(tmp_path: Path) -> None:
    exact = line(body="x" * 100)
    limit = len(exact)
    items = read(tmp_path, exact + b"\r\n" + line(body="x" * 101) + b"\n" + exact, max_line_bytes=limit)
    assert [type(i).__name__ for i in items] == ["Capture", "Rejected", "Capture"]
    assert (
        isinstance(items[1], Rejected)
        and items[1].reason == f"line 2 is {limit + 1} bytes, over max_line_bytes {limit}"
    )
