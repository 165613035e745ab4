"""WARC header names: looked up as the standard spells them, and found in any other case too."""

from __future__ import annotations

import pytest

from threadline.capture.warc_headers import parse_header

STANDARD = (
    b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\nWARC-Date: 2018-02-06T09:16:29Z\r\n"
    b"WARC-Target-URI: http://a.example/\r\nContent-Type: application/http\r\nContent-Length: 10\r\n\r\n"
)


@pytest.mark.parametrize(
    "header",
    [
        STANDARD,
        STANDARD.replace(b"WARC-Type", b"warc-type").replace(b"WARC-Date", b"WARC-DATE"),
        STANDARD.replace(b"WARC-Target-URI", b"Warc-Target-Uri").replace(b"Content-Length", b"content-length"),
        STANDARD.replace(b"\r\n\r\n", b"\r\nX-Crawler: bot\r\n\r\n").replace(b"WARC-Type", b"WARC-TYPE"),
        STANDARD.replace(b"\r\n\r\n", b"\r\nWARC-Concurrent-To: <urn:uuid:2>\r\n\r\n"),
    ],
)
def test_names_are_found_in_any_case(header: bytes) -> None:
    h = parse_header(header)
    assert (h.record_type, h.date, h.target_uri, h.content_length) == (
        "response",
        "2018-02-06T09:16:29Z",
        "http://a.example/",
        "10",
    )
    assert h.block_digest is None and h.payload_digest is None


def test_first_occurrence_wins_whatever_the_case() -> None:
    doubled = STANDARD.replace(b"WARC-Type: response\r\n", b"WARC-Type: response\r\nwarc-type: request\r\n")
    assert parse_header(doubled).record_type == "response"
    flipped = STANDARD.replace(b"WARC-Type: response\r\n", b"warc-type: request\r\nWARC-Type: response\r\n")
    assert parse_header(flipped).record_type == "request"
