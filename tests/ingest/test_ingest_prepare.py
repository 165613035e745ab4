"""How a worker stores a capture's bytes: deflated, unless they are compressed already."""

from __future__ import annotations

import gzip
import zlib
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from threadline.capture.records import Capture, Origin
from threadline.ingest.prepare import precompressed, prepare_capture
from threadline.parse.registry import Parser
from threadline.store.blobs import STORED, decompress
from threadline.store.store import Store

T0 = datetime(2018, 3, 1, 12, 0, tzinfo=UTC)
PAGE = b"<html><body><h1 id='postingTitle'>New in town</h1>" + b"<p>companionship, appointment only</p>" * 20


def capture(headers: tuple[tuple[str, str], ...], body: bytes, content_type: str = "text/html") -> Capture:
    head = "".join(f"{k}: {v}\r\n" for k, v in headers).encode()
    raw = b"HTTP/1.1 200 OK\r\n" + head + b"\r\n" + body
    return Capture(
        "https://elsewhere.example/ad/1", T0, raw, PAGE, Origin("t.warc", offset=7), content_type, 200, headers
    )


@pytest.mark.parametrize(
    ("headers", "content_type", "expected"),
    [
        ((("Content-Type", "text/html"),), "text/html", False),
        ((("Content-Encoding", "gzip"),), "text/html", True),
        ((("content-encoding", " GZIP "),), "text/html", True),
        ((("Content-Encoding", "br"),), "text/html", True),
        ((("Content-Encoding", "identity"),), "text/html", False),
        ((("Content-Encoding", ""),), "text/html", False),
        ((("X-Content-Encoding", "gzip"),), "text/html", False),
        ((), "image/jpeg", True),
        ((), "IMAGE/PNG", True),
        ((), "application/pdf", True),
        ((), "application/json", False),
        ((), None, False),
    ],
)
def test_precompressed(headers: tuple[tuple[str, str], ...], content_type: str | None, expected: bool) -> None:
    cap = capture(headers, PAGE)
    cap.content_type = content_type
    assert precompressed(cap) is expected


def test_plain_pages_are_deflated_and_gzip_encoded_ones_stored_as_they_are() -> None:
    parser = Parser([])
    plain = prepare_capture(capture((("Content-Type", "text/html"),), PAGE), parser)
    assert plain.compression == "zlib" and len(plain.data) < len(PAGE) / 3
    assert zlib.decompress(plain.data) == capture((("Content-Type", "text/html"),), PAGE).raw
    encoded = capture((("Content-Encoding", "gzip"),), gzip.compress(PAGE, mtime=0))
    row = prepare_capture(encoded, parser)
    assert (row.compression, row.data) == (STORED, encoded.raw)
    assert decompress(row.compression, row.data) == encoded.raw
    assert row.sha256 == encoded.sha256 and row.size == len(encoded.raw)


def test_stored_blobs_verify_and_tampering_is_caught(store: Store) -> None:
    encoded = capture((("Content-Encoding", "gzip"),), gzip.compress(PAGE, mtime=0))
    store.write_batch(store.start_run(["t"]), [prepare_capture(encoded, Parser([]))])
    assert store.verify() == (1, [])
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE blob SET data = :d"), {"d": encoded.raw[:-1] + b"!"})
    _, problems = store.verify()
    assert len(problems) == 1 and "expected" in problems[0].problem
