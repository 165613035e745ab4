"""Compression of raw captures and re-verification of their SHA-256 (evidence integrity)."""

from __future__ import annotations

import hashlib
import zlib

from isal import isal_zlib

from threadline.errors import StoreError

# The stored format is plain zlib (any zlib can read it back); ISA-L only makes writing it fast:
# its level 1 is about 5x faster than stdlib zlib here for the same size, and compression is the
# single largest cost of ingest after HTML parsing.
COMPRESSION = "zlib"
LEVEL = 1
STORED = "none"  # kept as they are: bytes that are compressed already (see pack)


def compress(raw: bytes) -> bytes:
    return isal_zlib.compress(raw, LEVEL)


def pack(raw: bytes, *, compressible: bool = True) -> tuple[str, bytes]:
    """(compression, bytes to store) for a capture. Bytes that are compressed already (an HTTP body
    sent gzip-encoded, a JPEG) are stored as they are: deflating them again takes as long as a page
    of HTML and comes out no smaller (1.01 times the size, measured on gzip-encoded ad pages)."""
    return (COMPRESSION, compress(raw)) if compressible else (STORED, raw)


def decompress(compression: str, data: bytes) -> bytes:
    if compression == COMPRESSION:
        return zlib.decompress(data)
    if compression == STORED:
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
