"""Compression of raw captures and re-verification of their SHA-256 (evidence integrity)."""

from __future__ import annotations

import hashlib
import zlib

from threadline.errors import StoreError

COMPRESSION = "zlib"
# Level 6 costs about twice level 1 for ~15% less disk; captures are written once and read rarely,
# but ingest speed is a product target, so the middle ground.
LEVEL = 4


def compress(raw: bytes) -> bytes:
    return zlib.compress(raw, LEVEL)


def decompress(compression: str, data: bytes) -> bytes:
    if compression == COMPRESSION:
        return zlib.decompress(data)
    if compression == "none":
        return data
    raise StoreError(f"unknown blob compression {compression!r}")


def check(sha256: str, compression: str, data: bytes) -> str | None:
    """None when the stored bytes still hash to their key; otherwise what is wrong."""
    try:
        raw = decompress(compression, data)
    except zlib.error as exc:
        return f"stored bytes do not decompress: {exc}"
    actual = hashlib.sha256(raw).hexdigest()
    return None if actual == sha256 else f"SHA-256 is {actual}, expected {sha256}"
