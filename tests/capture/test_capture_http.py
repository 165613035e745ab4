"""HTTP blocks: status and headers, chunked bodies, and bounded content decoding."""

from __future__ import annotations

import gzip
import zlib

import pytest

from threadline.capture import http
from threadline.capture.http import dechunk, decode_body, parse_response
from threadline.errors import InvalidField, RecordTooLarge, UnsupportedRecord


def block(body: bytes, *headers: str) -> bytes:
    return ("HTTP/1.1 200 OK\r\n" + "".join(f"{h}\r\n" for h in headers) + "\r\n").encode() + body


def decode(data: bytes, limit: int = 1 << 20) -> bytes:
    return decode_body(parse_response(data), data, limit)


def test_status_headers_and_folded_lines() -> None:
    resp = parse_response(b"HTTP/1.0 404 Not Found\r\nX-A:  1 \r\nX-Long: a\r\n  b\r\nbroken line\r\n\r\nbody")
    assert resp.status == 404
    assert resp.headers == (("X-A", "1"), ("X-Long", "a b"))
    assert resp.header("x-long") == "a b" and resp.header("missing") is None
    assert resp.body_offset == len(b"HTTP/1.0 404 Not Found\r\nX-A:  1 \r\nX-Long: a\r\n  b\r\nbroken line\r\n\r\n")


def test_lf_only_and_headers_without_blank_line() -> None:
    assert parse_response(b"HTTP/1.1 200 OK\nA: b\n\nhi").body_offset == len(b"HTTP/1.1 200 OK\nA: b\n\n")
    resp = parse_response(b"HTTP/1.1 301 Moved\r\nLocation: /x")
    assert resp.status == 301 and resp.header("location") == "/x"


@pytest.mark.parametrize("data", [b"<html>", b"HTTP/1.1 OK\r\n\r\n", b"HTTP/1.1 20x OK\r\n\r\n"])
def test_not_http_is_an_invalid_field(data: bytes) -> None:
    with pytest.raises(InvalidField):
        parse_response(data)


def test_dechunk() -> None:
    assert dechunk(b"4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n") == b"Wikipedia"
    assert dechunk(b"4\nWiki\n0\n\n") == b"Wiki"
    assert dechunk(b"4\r\nWiki\r\n5\r\nped") == b"Wikiped"  # cut off mid-chunk: what arrived
    assert dechunk(b"<html>already de-chunked</html>") is None
    assert dechunk(b"") is None


def test_chunked_header_on_a_body_the_writer_already_dechunked() -> None:
    assert decode(block(b"<html>x</html>", "Transfer-Encoding: chunked")) == b"<html>x</html>"


@pytest.mark.parametrize(
    ("coding", "packed"),
    [
        ("gzip", gzip.compress(b"<html>hello</html>", mtime=0)),
        ("x-gzip", gzip.compress(b"<html>hello</html>", mtime=0)),
        ("deflate", zlib.compress(b"<html>hello</html>")),
        ("deflate", zlib.compress(b"<html>hello</html>")[2:-4]),  # raw deflate, as many servers send
        ("identity", b"<html>hello</html>"),
    ],
)
def test_content_encodings(coding: str, packed: bytes) -> None:
    assert decode(block(packed, f"Content-Encoding: {coding}")) == b"<html>hello</html>"


def test_header_claims_gzip_but_body_is_plain() -> None:
    assert decode(block(b"<html>plain</html>", "Content-Encoding: gzip")) == b"<html>plain</html>"


def test_truncated_gzip_body_keeps_what_inflated() -> None:
    text = b"<html>" + b" ".join(b"%d" % (i * i) for i in range(3000)) + b"</html>"
    packed = gzip.compress(text)
    partial = decode(block(packed[: len(packed) // 2], "Content-Encoding: gzip"))
    assert 0 < len(partial) < len(text) and text.startswith(partial)


def test_limits() -> None:
    bomb = zlib.compress(bytes(10 << 20), 9)
    with pytest.raises(RecordTooLarge, match="Content-Encoding deflate\\) inflates past max_payload_bytes 65536"):
        decode(block(bomb, "Content-Encoding: deflate"), 65536)
    with pytest.raises(RecordTooLarge, match="HTTP body of 70000 bytes is over max_payload_bytes 65536"):
        decode(block(bytes(70000)), 65536)


def test_unknown_encoding_is_unsupported() -> None:
    with pytest.raises(UnsupportedRecord, match="Content-Encoding 'compress' is not supported"):
        decode(block(b"x", "Content-Encoding: compress"))


def test_brotli_without_the_package_is_unsupported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http, "_brotli", None)
    with pytest.raises(UnsupportedRecord, match="needs the 'brotli' package"):
        decode(block(b"\x0b\x02\x80hi\x03", "Content-Encoding: br"))


def test_brotli_is_decoded_within_limits() -> None:
    brotli = pytest.importorskip("brotli")
    assert decode(block(brotli.compress(b"<html>hi</html>"), "Content-Encoding: br")) == b"<html>hi</html>"
    with pytest.raises(RecordTooLarge, match="Content-Encoding br"):
        decode(block(brotli.compress(bytes(50 << 20)), "Content-Encoding: br"))
