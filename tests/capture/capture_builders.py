"""Byte-exact builders for WARC test archives, shared by the capture tests.

Records are written by hand (not with warcio) so a test can give a record a wrong Content-Length,
cut it, or corrupt one byte and know exactly which bytes it touched.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import uuid
import zlib
from collections.abc import Sequence

from threadline.config import Config

DATE = "2018-03-04T05:06:07Z"


def limits(**overrides: int) -> Config:
    return Config(**overrides)


def sha1_b32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def http_block(body: bytes, *, status: str = "200 OK", headers: Sequence[tuple[str, str]] = ()) -> bytes:
    lines = [f"HTTP/1.1 {status}"]
    hdrs = list(headers) or [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]
    lines += [f"{k}: {v}" for k, v in hdrs]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def record(
    rtype: str,
    uri: str | None,
    block: bytes,
    *,
    content_type: str = "application/http; msgtype=response",
    length: str | None = None,
    date: str = DATE,
    digest: bool = True,
    extra: Sequence[tuple[str, str]] = (),
) -> bytes:
    # A deterministic record id keeps archive sizes (and so hypothesis examples) reproducible.
    rid = uuid.uuid5(uuid.NAMESPACE_URL, f"{rtype} {uri} {hashlib.sha1(block).hexdigest()} {length}")
    headers = [("WARC-Type", rtype), ("WARC-Record-ID", f"<urn:uuid:{rid}>"), ("WARC-Date", date)]
    if uri is not None:
        headers.append(("WARC-Target-URI", uri))
    if digest:
        headers.append(("WARC-Block-Digest", sha1_b32(block)))
    headers += [("Content-Type", content_type), *extra]
    if length != "":
        headers.append(("Content-Length", str(len(block)) if length is None else length))
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode() + block + b"\r\n\r\n"


def page(i: int, size: int = 300) -> bytes:
    text = " ".join(f"word{(i * 7 + k) % 97}" for k in range(size // 7))
    return f"<html><body><h1>Ad {i}</h1><p>{text}</p></body></html>".encode()


def response(i: int, **kw: object) -> bytes:
    return record("response", f"http://ads.example/ad/{i}", http_block(page(i)), **kw)  # type: ignore[arg-type]


def member(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def join(records: Sequence[bytes], mode: str) -> tuple[bytes, list[int]]:
    """The archive bytes for ``mode`` ("plain", "gzip" per record, "stream" one gzip) and offsets."""
    if mode == "stream":
        return gzip.compress(b"".join(records), mtime=0), [0] * len(records)
    parts = [member(r) for r in records] if mode == "gzip" else list(records)
    offsets, pos = [], 0
    for part in parts:
        offsets.append(pos)
        pos += len(part)
    return b"".join(parts), offsets


def zeros_member(header: bytes, size: int, piece: int = 1 << 20) -> bytes:
    """A gzip member holding ``header`` then ``size`` zero bytes, built without holding them."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = [c.compress(header)]
    zero = bytes(piece)
    for _ in range(size // piece):
        out.append(c.compress(zero))
    out.append(c.compress(bytes(size % piece)))
    out.append(c.flush())
    return b"".join(out)
