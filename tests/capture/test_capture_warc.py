"""WARC importer: every failure mode loses exactly the damaged record, with a precise reason."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from capture_builders import (
    http_block,
    join,
    limits,
    member,
    page,
    record,
    response,
    sha1_b32,
    zeros_member,
)
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from threadline.capture import gzip_members
from threadline.capture.records import Capture, ImportItem, Rejected, Skipped
from threadline.capture.warc import read_warc
from threadline.config import Config
from threadline.errors import UserError

MODES = ["plain", "gzip", "stream"]


def read(tmp_path: Path, data: bytes, cfg: Config | None = None) -> list[ImportItem]:
    path = tmp_path / "t.warc.gz"
    path.write_bytes(data)
    return list(read_warc(path, cfg or limits()))


def urls(items: list[ImportItem]) -> list[str]:
    return [i.url for i in items if isinstance(i, Capture)]


def rejected(items: list[ImportItem]) -> list[Rejected]:
    return [i for i in items if isinstance(i, Rejected)]


def ads(*numbers: int) -> list[str]:
    return [f"http://ads.example/ad/{i}" for i in numbers]


@pytest.mark.parametrize("mode", MODES)
def test_clean_archive_gives_every_response_with_its_fields(tmp_path: Path, mode: str) -> None:
    data, offsets = join([response(i) for i in range(5)], mode)
    items = read(tmp_path, data)
    assert all(isinstance(i, Capture) for i in items)
    caps = [i for i in items if isinstance(i, Capture)]
    assert urls(items) == ads(0, 1, 2, 3, 4)
    first = caps[0]
    assert first.captured_at == datetime(2018, 3, 4, 5, 6, 7, tzinfo=UTC)
    assert first.raw == http_block(page(0))
    assert first.payload == page(0)
    assert first.http_status == 200
    assert first.content_type == "text/html; charset=utf-8"
    assert ("Content-Length", str(len(page(0)))) in first.http_headers
    assert [c.origin.offset for c in caps] == offsets
    assert first.origin.source == str(tmp_path / "t.warc.gz")


def test_archive_written_by_warcio_matches_warcio_reading(tmp_path: Path) -> None:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    writer.write_record(writer.create_warcinfo_record("t.warc.gz", {"software": "test"}))
    for i in range(3):
        body = page(i)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        rec = writer.create_warc_record(
            f"http://x.example/{i}", "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(rec)
    items = read(tmp_path, buf.getvalue())
    assert isinstance(items[0], Skipped) and "warcinfo record" in items[0].reason
    ours = [(i.url, i.payload) for i in items if isinstance(i, Capture)]
    theirs = [
        (r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
        for r in ArchiveIterator(io.BytesIO(buf.getvalue()))
        if r.rec_type == "response"
    ]
    assert ours == theirs and len(ours) == 3


def test_non_page_records_are_skipped_with_reasons(tmp_path: Path) -> None:
    html = b"<html><body>resource page</body></html>"
    records = [
        record("warcinfo", None, b"software: x\r\n", content_type="application/warc-fields"),
        record("request", "http://a.example/", b"GET / HTTP/1.1\r\n\r\n", content_type="application/http"),
        record("metadata", "http://a.example/", b"outlinks: none\r\n", content_type="application/warc-fields"),
        record("revisit", "http://a.example/", http_block(b"")),
        record("resource", "dns:a.example", b"20180304 a.example. 300 IN A 1.2.3.4\n", content_type="text/dns"),
        record("resource", "http://a.example/logo.png", b"\x89PNG....", content_type="image/png"),
        record("resource", "file:///saved/page.html", html, content_type="text/html"),
        record("response", "http://a.example/x", b"not an http response at all"),
        response(9),
    ]
    items = read(tmp_path, join(records, "gzip")[0])
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Skipped"] * 6 + ["Capture", "Rejected", "Capture"]
    reasons = [i.reason for i in items if isinstance(i, Skipped)]
    assert reasons[0].startswith("warcinfo record: describes the crawl")
    assert reasons[1] == "request record for http://a.example/: what the crawler sent, not a page"
    assert "metadata record" in reasons[2] and "revisit record" in reasons[3]
    assert reasons[4] == "resource record for dns:a.example: a DNS lookup, not a page"
    assert reasons[5] == "resource record for http://a.example/logo.png: its content is image/png, not a page"
    resource = items[6]
    assert isinstance(resource, Capture) and resource.payload == html and resource.raw == html
    assert resource.content_type == "text/html" and resource.http_status is None
    bad = items[7]
    assert isinstance(bad, Rejected) and bad.kind == "invalid-field"
    assert bad.reason == (
        "response record for http://a.example/x: the block is not an HTTP response: it starts with "
        "b'not an http response at '"
    )


@pytest.mark.parametrize("mode", MODES)
def test_truncated_file_keeps_every_complete_record(tmp_path: Path, mode: str) -> None:
    data, _ = join([response(i) for i in range(4)], mode)
    items = read(tmp_path, data[:-60])
    assert urls(items) == ads(0, 1, 2)
    [bad] = rejected(items)
    assert bad.kind == "corrupt"
    if mode == "plain":
        assert "is truncated: the file ends after" in bad.reason
    else:
        assert "is truncated: the file ends" in bad.reason and "gzip member at offset" in bad.reason
    assert len(bad.raw) <= 4096


@pytest.mark.parametrize("mode", ["plain", "gzip"])
@pytest.mark.parametrize(
    ("length", "expected"),
    [
        ("99999", "is truncated: the file ends after"),
        ("1200", "but the block is not followed by the record terminator"),
        ("100", "Content-Length 100, but the block is not followed by the record terminator (found b'"),
        ("12a", "has Content-Length '12a', not a number"),
        ("", "has no Content-Length"),
    ],
)
def test_bad_content_length_loses_only_that_record(tmp_path: Path, mode: str, length: str, expected: str) -> None:
    records = [response(0), response(1, length=length), response(2), response(3)]
    data, offsets = join(records, mode)
    items = read(tmp_path, data)
    assert urls(items) == ads(0, 2, 3)
    [bad] = rejected(items)
    assert bad.kind == "corrupt"
    assert bad.origin.offset == offsets[1]
    assert bad.reason.startswith(f"record at offset {offsets[1]} ")
    assert expected in bad.reason
    assert f"resynchronised at offset {offsets[2]}" in bad.reason
    assert bad.raw.startswith(b"WARC/1.0\r\n")


def test_content_length_too_long_within_one_gzip_member_is_found(tmp_path: Path) -> None:
    # The declared block ends exactly where a later member's record terminator would be expected.
    records = [response(0), response(1, length=str(len(http_block(page(1))) + 300)), response(2)]
    items = read(tmp_path, join(records, "gzip")[0])
    assert urls(items) == ads(0, 2)
    assert len(rejected(items)) == 1


@pytest.mark.parametrize("mode", ["plain", "gzip"])
def test_damaged_record_in_the_middle_loses_only_that_record(tmp_path: Path, mode: str) -> None:
    records = [response(i) for i in range(7)]
    data, offsets = join(records, mode)
    broken = bytearray(data)
    # Plain: break the version line of record 3. Gzip: corrupt deflate data in record 3's member.
    broken[offsets[3] + (2 if mode == "plain" else 30)] ^= 0x5A
    items = read(tmp_path, bytes(broken))
    assert urls(items) == ads(0, 1, 2, 4, 5, 6)
    [bad] = rejected(items)
    assert bad.origin.offset == offsets[3]
    assert f"resynchronised at offset {offsets[4]}" in bad.reason
    if mode == "gzip":
        assert bad.reason.startswith(f"gzip member at offset {offsets[3]} is corrupt: ")


def test_corrupt_crc_rejects_the_record_even_though_it_inflated(tmp_path: Path) -> None:
    data, offsets = join([response(i) for i in range(3)], "gzip")
    broken = bytearray(data)
    broken[offsets[2] - 8] ^= 0x01  # the CRC32 in record 1's gzip trailer
    items = read(tmp_path, bytes(broken))
    assert urls(items) == ads(0, 2)
    [bad] = rejected(items)
    assert bad.origin.offset == offsets[1]
    assert bad.reason == (
        f"gzip member at offset {offsets[1]} is corrupt: incorrect checksum found; resynchronised at offset "
        f"{offsets[2]} ({offsets[2] - offsets[1]} bytes skipped)"
    )


@pytest.mark.parametrize("mode", ["plain", "gzip"])
def test_garbage_between_records_is_quarantined_alone(tmp_path: Path, mode: str) -> None:
    data, offsets = join([response(i) for i in range(3)], mode)
    junk = b"\x00\x01garbage here\r\nand more\r\n" * 3
    items = read(tmp_path, data[: offsets[2]] + junk + data[offsets[2] :])
    assert urls(items) == ads(0, 1, 2)
    [bad] = rejected(items)
    assert bad.origin.offset == offsets[2]
    assert bad.raw == junk
    new_offset = offsets[2] + len(junk)
    if mode == "plain":
        assert bad.reason == (
            f"bytes at offset {offsets[2]} are not a WARC record; resynchronised at offset {new_offset} "
            f"({len(junk)} bytes skipped)"
        )
    else:
        assert bad.reason == (
            f"bytes at offset {offsets[2]} are not a gzip member; resynchronised at offset {new_offset} "
            f"({len(junk)} bytes skipped)"
        )


def test_garbage_before_the_first_record_and_blank_lines_between(tmp_path: Path) -> None:
    data = b"leading junk\r\n" + response(0) + b"\r\n\r\n" + response(1)
    items = read(tmp_path, data)
    assert urls(items) == ads(0, 1)
    [bad] = rejected(items)
    assert bad.origin.offset == 0 and "bytes at offset 0 are not a WARC record" in bad.reason


def test_empty_file_gives_nothing(tmp_path: Path) -> None:
    assert read(tmp_path, b"") == []


def test_file_that_cannot_be_opened_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"missing\.warc"):
        read_warc(tmp_path / "missing.warc", limits())
    with pytest.raises(UserError, match="it is a folder"):
        read_warc(tmp_path, limits())


@pytest.mark.parametrize("mode", MODES)
def test_record_over_max_record_bytes_is_rejected_and_reading_goes_on(tmp_path: Path, mode: str) -> None:
    big = record("response", "http://ads.example/big", http_block(page(99, 20_000)))
    data, offsets = join([response(0), big, response(1)], mode)
    items = read(tmp_path, data, limits(max_record_bytes=10_000))
    assert urls(items) == ads(0, 1)
    [bad] = rejected(items)
    assert bad.kind == "too-large"
    assert bad.origin.offset == offsets[1]
    where = (
        f"offset 0 (inflated byte {len(response(0))} of the gzip member there)"
        if mode == "stream"
        else (f"offset {offsets[1]}")
    )
    assert bad.reason.startswith(f"record at {where} declares Content-Length ")
    assert bad.reason.endswith(", over max_record_bytes 10000")


def test_decompression_bomb_member_is_left_without_inflating_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb_size = 64 << 20
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://bomb.example/\r\n"
        f"WARC-Date: 2018-03-04T05:06:07Z\r\nContent-Length: {bomb_size}\r\n\r\n"
    ).encode()
    silent = zeros_member(b"WARC/1.0\r\nWARC-Type: response\r\n", bomb_size)  # no header end at all
    parts = [
        member(response(0)),
        zeros_member(head, bomb_size),
        member(response(1)),
        silent,
        member(response(2)),
    ]
    inflated = 0
    real = zlib.decompressobj

    class Counting:
        def __init__(self, wbits: int) -> None:
            self._d = real(wbits)

        def __getattr__(self, name: str) -> object:
            return getattr(self._d, name)

        def decompress(self, data: bytes, max_length: int = 0) -> bytes:
            nonlocal inflated
            out = self._d.decompress(data, max_length)
            inflated += len(out)
            return out

    monkeypatch.setattr(gzip_members.zlib, "decompressobj", Counting)
    items = read(tmp_path, b"".join(parts), limits(max_record_bytes=1 << 20))
    assert urls(items) == ads(0, 1, 2)
    bad = rejected(items)
    assert [b.kind for b in bad] == ["too-large", "corrupt"]
    assert "declares Content-Length 67108864, over max_record_bytes 1048576" in bad[0].reason
    assert "does not end within" in bad[1].reason
    assert inflated < 8 << 20  # far less than the 128 MiB the two bombs hold


def test_http_body_bomb_is_refused_within_the_payload_limit(tmp_path: Path) -> None:
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    body = b"".join(c.compress(bytes(1 << 20)) for _ in range(32)) + c.flush()
    block = http_block(body, headers=[("Content-Type", "text/html"), ("Content-Encoding", "gzip")])
    data, _ = join([response(0), record("response", "http://bomb.example/", block), response(1)], "gzip")
    items = read(tmp_path, data, limits(max_payload_bytes=1 << 20))
    assert urls(items) == ads(0, 1)
    [bad] = rejected(items)
    assert bad.kind == "too-large"
    assert bad.reason == (
        "response record for http://bomb.example/: HTTP body (Content-Encoding gzip) inflates past "
        "max_payload_bytes 1048576"
    )


def test_chunked_and_gzip_encoded_body_is_decoded_and_raw_kept_as_stored(tmp_path: Path) -> None:
    html = page(5)
    packed = gzip.compress(html)
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in (packed[:100], packed[100:])) + b"0\r\n\r\n"
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]
    block = http_block(chunked, headers=headers)
    [cap] = read(tmp_path, record("response", "http://ads.example/ad/5", block))
    assert isinstance(cap, Capture)
    assert cap.raw == block and cap.payload == html


def test_block_digest_mismatch_is_rejected(tmp_path: Path) -> None:
    damaged = response(1).replace(b"word", b"wore", 1)  # same length: framing cannot see it
    items = read(tmp_path, join([response(0), damaged, response(2)], "plain")[0])
    assert urls(items) == ads(0, 2)
    [bad] = rejected(items)
    assert bad.kind == "corrupt"
    assert "WARC-Block-Digest is sha1:" in bad.reason and "but the block hashes to sha1:" in bad.reason


@pytest.mark.parametrize("form", ["base32", "base32-lower", "hex", "sha256"])
def test_digest_forms_are_understood(tmp_path: Path, form: str) -> None:

    block = http_block(page(3))
    value = {
        "base32": sha1_b32(block),
        "base32-lower": sha1_b32(block).lower(),
        "hex": "sha1:" + hashlib.sha1(block).hexdigest(),
        "sha256": "sha256:" + base64.b32encode(hashlib.sha256(block).digest()).decode(),
    }[form]
    rec = record("response", "http://ads.example/ad/3", block, digest=False, extra=[("WARC-Block-Digest", value)])
    [cap] = read(tmp_path, rec)
    assert isinstance(cap, Capture)
    tampered = rec.replace(b"word", b"wore", 1)
    [bad] = read(tmp_path, tampered)
    assert isinstance(bad, Rejected) and bad.kind == "corrupt"


def test_payload_digest_is_checked_when_there_is_no_block_digest(tmp_path: Path) -> None:
    block = http_block(page(4))
    body = page(4)
    good = record(
        "response",
        "http://ads.example/ad/4",
        block,
        digest=False,
        extra=[("WARC-Payload-Digest", sha1_b32(body))],
    )
    bad = record(
        "response",
        "http://ads.example/ad/4",
        block,
        digest=False,
        extra=[("WARC-Payload-Digest", sha1_b32(body + b"x"))],
    )
    items = read(tmp_path, good + bad)
    assert isinstance(items[0], Capture)
    assert isinstance(items[1], Rejected) and "WARC-Payload-Digest" in items[1].reason


def test_bad_date_and_missing_uri_are_invalid_fields(tmp_path: Path) -> None:
    block = http_block(page(1))
    items = read(
        tmp_path,
        record("response", "http://ads.example/ad/1", block, date="2018-13-40T00:00:00Z")
        + record("response", None, block)
        + record("response", "http://ads.example/ad/2", block, date="20180304050607"),
    )
    assert [type(i).__name__ for i in items] == ["Rejected", "Rejected", "Capture"]
    assert isinstance(items[0], Rejected) and items[0].kind == "invalid-field"
    assert items[0].reason.endswith("WARC-Date '2018-13-40T00:00:00Z' is not ISO-8601")
    assert isinstance(items[1], Rejected) and items[1].reason == "response record: no WARC-Target-URI"
    assert isinstance(items[2], Capture) and items[2].captured_at == datetime(2018, 3, 4, 5, 6, 7, tzinfo=UTC)


def test_records_inside_one_gzip_stream_name_their_position(tmp_path: Path) -> None:
    data, _ = join([response(0), response(1, length="x"), response(2)], "stream")
    items = read(tmp_path, data)
    assert urls(items) == ads(0, 2)
    [bad] = rejected(items)
    assert bad.reason.startswith(f"record at offset 0 (inflated byte {len(response(0))} of the gzip member there)")


@pytest.mark.parametrize("mode", ["plain", "gzip"])
def test_a_damaged_start_does_not_hide_the_compression(tmp_path: Path, mode: str) -> None:
    data, offsets = join([response(i) for i in range(3)], mode)
    broken = bytearray(data)
    broken[0] ^= 0x01  # "VARC/1.0" or a broken gzip magic
    path = tmp_path / "named-without-extension"
    path.write_bytes(bytes(broken))
    items = list(read_warc(path, limits()))
    assert urls(items) == ads(1, 2)
    [bad] = rejected(items)
    assert bad.origin.offset == 0 and f"resynchronised at offset {offsets[1]}" in bad.reason
