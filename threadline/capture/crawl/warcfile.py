"""Rotating WARC.gz files of the crawl (warcio), and what they hold read back as captures.

Each exchange is written as a ``request`` record and a ``response`` record (with block and payload
digests, linked by ``WARC-Concurrent-To``), one gzip member each; a 304 answer to a conditional
request is a ``revisit`` record with the server-not-modified profile, as the WARC 1.1 standard
has it. A file is a new one per crawl run and whenever the current one passes its size limit.

Captures are never built from the HTTP response object: the bytes just written are read back with
the same WARC importer ``threadline ingest`` uses, so what the store holds *is* what the WARC
holds. :func:`recover_tail` makes a file whole after a crash (a cut-off last member is cut away)
and returns its records after the last ingested offset, for the crawl to ingest on resume.
"""

from __future__ import annotations

import io
import time
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from threadline import __version__
from threadline.capture.records import Capture, ImportItem, Origin
from threadline.capture.warc import read_warc_bytes
from threadline.config import Config

NOT_MODIFIED_PROFILE = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


@dataclass(frozen=True, slots=True)
class Exchange:
    """One HTTP request and the response to it, as sent and received (body still content-encoded)."""

    url: str
    when: datetime
    request_line: str
    request_headers: tuple[tuple[str, str], ...]
    request_body: bytes
    status_line: str  # "HTTP/1.1 200 OK"
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        """A response header's value, by case-insensitive name."""
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None


def _wrap(items: list[ImportItem], path: str, base: int) -> list[Capture]:
    out = []
    for item in items:
        if isinstance(item, Capture):
            item.origin = Origin(path, offset=base + (item.origin.offset or 0))
            out.append(item)
    return out


def complete_members(data: bytes) -> int:
    """Length of the longest prefix of ``data`` made of whole gzip members."""
    end = 0
    while end < len(data):
        d = zlib.decompressobj(31)
        try:
            d.decompress(data[end:])
        except zlib.error:
            break
        if not d.eof:
            break
        end = len(data) - len(d.unused_data)
    return end


class WarcFiles:
    """The crawl's WARC output: one open file at a time, rotated by size."""

    def __init__(self, folder: Path, prefix: str, max_bytes: int, limits: Config) -> None:
        self.folder = folder
        self.prefix = prefix
        self.max_bytes = max_bytes
        self.limits = limits
        self.path: Path | None = None
        self._file: BinaryIO | None = None
        self.size = 0
        self._seq = 0

    def _open(self) -> tuple[Path, bool]:
        if self._file is not None and self.path is not None and self.size < self.max_bytes:
            return self.path, False
        self.close()
        self.folder.mkdir(parents=True, exist_ok=True)
        self._seq += 1
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        self.path = self.folder / f"{self.prefix}-{stamp}-{time.time_ns() % 1_000_000:06d}-{self._seq:05d}.warc.gz"
        self._file = self.path.open("xb")
        buf = io.BytesIO()
        writer = WARCWriter(buf, gzip=True)
        info = {"software": f"threadline-crawl/{__version__}", "format": "WARC File Format 1.1"}
        writer.write_record(writer.create_warcinfo_record(self.path.name, info))
        self._file.write(buf.getvalue())
        self._file.flush()
        self.size = len(buf.getvalue())
        return self.path, True

    def write(self, exchange: Exchange) -> tuple[Path, bool, list[Capture]]:
        """Append the exchange; returns the file, whether it is a new one, and its captures."""
        path, new = self._open()
        assert self._file is not None
        buf = io.BytesIO()
        writer = WARCWriter(buf, gzip=True, warc_version="WARC/1.1")
        date = exchange.when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        http = StatusAndHeaders(exchange.status_line.split(" ", 1)[1], list(exchange.headers), protocol="HTTP/1.1")
        if exchange.status == 304:
            response = writer.create_warc_record(
                exchange.url,
                "revisit",
                payload=io.BytesIO(b""),
                length=0,
                http_headers=http,
                warc_headers_dict={"WARC-Date": date, "WARC-Profile": NOT_MODIFIED_PROFILE},
            )
        else:
            response = writer.create_warc_record(
                exchange.url,
                "response",
                payload=io.BytesIO(exchange.body),
                length=len(exchange.body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": date},
            )
        method, target = exchange.request_line.split(" ", 2)[:2]
        req_http = StatusAndHeaders(f"{method} {target} HTTP/1.1", list(exchange.request_headers), is_http_request=True)
        request = writer.create_warc_record(
            exchange.url,
            "request",
            payload=io.BytesIO(exchange.request_body),
            length=len(exchange.request_body),
            http_headers=req_http,
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
            },
        )
        writer.write_record(request)
        writer.write_record(response)
        data = buf.getvalue()
        base = self.size
        self._file.write(data)
        self._file.flush()  # a killed process loses at most what the OS has not been handed
        self.size += len(data)
        return path, new, _wrap(list(read_warc_bytes(data, str(path), self.limits)), str(path), base)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def recover_tail(path: Path, ingested: int, limits: Config) -> tuple[int, list[Capture]]:
    """Cut a crashed file's incomplete last member; its size and its captures after ``ingested``."""
    if not path.exists():
        return ingested, []
    with path.open("r+b") as f:
        f.seek(ingested)
        tail = f.read()
        whole = complete_members(tail)
        if whole < len(tail):
            f.truncate(ingested + whole)  # a member cut off by the crash holds no record
    return ingested + whole, _wrap(list(read_warc_bytes(tail[:whole], str(path), limits)), str(path), ingested)
