"""WARC record headers: parsing the named fields, and checking WARC-Block-Digest and -Payload-Digest.

A digest that does not match is damage that framing cannot see (a flipped byte inside a block of the
right length), so the reader rejects such records. Digests are compared as bytes, whatever text form
the writer chose: base32 (the convention), hex or base64.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from threadline.capture.values import quote

log = logging.getLogger(__name__)

_HASHES: dict[str, Callable[[bytes], hashlib._Hash]] = {
    "sha1": hashlib.sha1,
    "sha256": hashlib.sha256,
    "sha512": hashlib.sha512,
    "sha384": hashlib.sha384,
    "sha224": hashlib.sha224,
    "md5": hashlib.md5,
}


# One well-formed "Name: value" line; a header whose every line matches takes the fast path.
_FIELD = re.compile(r"^([!-9;-~]+)[ \t]*:[ \t]*([^\r\n]*)\r?$", re.MULTILINE)
_CANONICAL = frozenset(
    {
        "WARC-Type",
        "WARC-Target-URI",
        "WARC-Date",
        "WARC-Record-ID",
        "Content-Type",
        "Content-Length",
        "WARC-Block-Digest",
        "WARC-Payload-Digest",
    }
)
# Every field name WARC 1.0 and 1.1 define, as the standard spells them. A header whose names are all
# among these cannot hold one of _CANONICAL in another case, so looking names up needs no folding.
_STANDARD = _CANONICAL | {
    "WARC-Concurrent-To",
    "WARC-IP-Address",
    "WARC-Refers-To",
    "WARC-Refers-To-Target-URI",
    "WARC-Refers-To-Date",
    "WARC-Truncated",
    "WARC-Warcinfo-ID",
    "WARC-Filename",
    "WARC-Profile",
    "WARC-Identified-Payload-Type",
    "WARC-Segment-Number",
    "WARC-Segment-Origin-ID",
    "WARC-Segment-Total-Length",
}
_BASE32 = re.compile(r"[A-Z2-7]+")
_B32_TO_INT = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789abcdefghijklmnopqrstuv")


@dataclass(frozen=True, slots=True)
class WarcHeader:
    """The named fields of one WARC record header, as text (first occurrence of each name wins)."""

    version: str
    fields: tuple[tuple[str, str], ...]
    record_type: str | None
    target_uri: str | None
    date: str | None
    record_id: str | None
    content_type: str | None
    content_length: str | None
    block_digest: str | None
    payload_digest: str | None

    def get(self, name: str) -> str | None:
        lname = name.lower()
        for key, value in self.fields:
            if key.lower() == lname:
                return value
        return None


def split_fields(text: str, strict: bool = True) -> list[tuple[str, str]]:
    """``Name: value`` lines, each ending in a line break, as pairs.

    A malformed line raises ValueError naming it when ``strict``, and is skipped otherwise (HTTP
    servers send odd lines; the block is kept verbatim anyway). When every line matches the field
    pattern one regex pass does the work; folded continuation lines and malformed lines take the
    slow path, which also words the error.
    """
    fast: list[tuple[str, str]] = _FIELD.findall(text)
    if len(fast) == text.count("\n"):
        if " \r" in text or " \n" in text or "\t\r" in text or "\t\n" in text:  # rare: trailing blanks
            return [(key, value.rstrip(" \t")) for key, value in fast]
        return fast
    fields: list[tuple[str, str]] = []
    for line in text.split("\n"):
        line = line.rstrip("\r")
        if not line:
            continue
        if line[0] in " \t" and fields:  # folded continuation of the previous field
            key, value = fields[-1]
            fields[-1] = (key, f"{value} {line.strip()}")
            continue
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep or not key or " " in key:
            if strict:
                raise ValueError(f"header line {quote(line)} is not 'Name: value'")
            continue
        fields.append((key, value.strip()))
    return fields


def parse_header(data: bytes) -> WarcHeader:
    """Parse a header block (version line through the blank line); ValueError names a bad line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # lossless, so a mangled URI still names the record
    nl = text.find("\n")
    lines = text[nl + 1 : -2 if text.endswith("\r\n") else -1]  # without the closing blank line
    fields = split_fields(lines)
    # Writers use the standard's spelling, so look names up as spelt and fold case only on a miss.
    named: dict[str, str | None] = dict(reversed(fields))  # first occurrence wins
    if not _CANONICAL.issubset(named) and not _STANDARD.issuperset(named):
        folded = {key.lower(): value for key, value in reversed(fields)}
        named = {name: folded.get(name.lower()) for name in _CANONICAL}
    uri = named.get("WARC-Target-URI")
    if uri and uri.startswith("<") and uri.endswith(">"):  # WARC 1.1 drafts wrote <uri>
        uri = uri[1:-1]
    # Positional: this runs once per record and keywords cost a third of the call.
    return WarcHeader(
        text[:nl].rstrip("\r"),
        tuple(fields),
        named.get("WARC-Type"),
        uri,
        named.get("WARC-Date"),
        named.get("WARC-Record-ID"),
        named.get("Content-Type"),
        named.get("Content-Length"),
        named.get("WARC-Block-Digest"),
        named.get("WARC-Payload-Digest"),
    )


def _from_base32(value: str, size: int) -> bytes | None:
    # base64.b32decode is pure Python in 3.11 and was a tenth of the import time; int() is C.
    value = value.rstrip("=").upper()
    extra = len(value) * 5 - size * 8
    if not 0 <= extra < 5 or not _BASE32.fullmatch(value):
        return None
    number = int(value.translate(_B32_TO_INT), 32)
    if number & ((1 << extra) - 1):
        return None
    return (number >> extra).to_bytes(size, "big")


def _decode_digest(value: str, size: int) -> bytes | None:
    value = value.strip()
    if len(value) == 2 * size:
        try:
            return bytes.fromhex(value)
        except ValueError:
            pass
    raw = _from_base32(value, size)
    if raw is not None:
        return raw
    altchars = b"-_" if "-" in value or "_" in value else None
    try:
        raw = base64.b64decode(value + "=" * (-len(value) % 4), altchars=altchars, validate=True)
        if len(raw) == size:
            return raw
    except (binascii.Error, ValueError):
        pass
    return None


def digest_problem(name: str, spec: str, what: str, *candidates: bytes) -> str | None:
    """None when ``spec`` matches one of ``candidates`` (or uses an algorithm we cannot compute).

    Otherwise the reason for rejecting the record. Several candidates exist because writers disagree
    on what the payload digest covers (the body before or after removing chunked encoding).
    """
    algo, sep, value = spec.partition(":")
    if not sep:
        return f"{name} {quote(spec)} is not of the form 'algorithm:value'"
    make = _HASHES.get(algo)
    if make is None:
        algo = algo.strip().lower().replace("-", "")
        make = _HASHES.get(algo)
    if make is None:
        log.debug("cannot check %s with unknown algorithm %r", name, algo)
        return None
    first = make(candidates[0])
    expected = _decode_digest(value, first.digest_size)
    if expected is None:
        return f"{name} {quote(spec)} is not a {algo} digest in base32, hex or base64"
    if first.digest() == expected:
        return None
    for data in candidates[1:]:
        if make(data).digest() == expected:
            return None
    computed = base64.b32encode(first.digest()).decode("ascii")
    return f"{name} is {spec.strip()} but the {what} hashes to {algo}:{computed} (damaged inside the record)"
