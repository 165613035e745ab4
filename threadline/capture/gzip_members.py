"""Inflating a .warc.gz member by member, and finding the next good member after damage.

Standard WARC.gz files hold one gzip member per record; a whole file compressed as one stream is
also read (as one long member). Python's gzip module stops at the first bad byte and loses
everything after it, so this source owns the member framing: it inflates each member with zlib
(which checks the CRC and length at the member's end), and when a member is corrupt, truncated, or
surrounded by stray bytes, it reports a :class:`~threadline.capture.tape.Break` and carries on at
the next offset holding ``1f 8b 08`` that really inflates to a WARC record header.

The search for that next member starts one byte after the damaged member's *start*, not where zlib
noticed the damage: a corrupt deflate stream can run on through the members that follow it before
zlib objects, and those members must not be lost.
"""

from __future__ import annotations

import logging
import os
import re
import zlib
from typing import Any, BinaryIO, cast

from isal import isal_zlib

from threadline.capture.tape import READ_SIZE, Break, Chunk
from threadline.capture.values import RAW_KEEP

log = logging.getLogger(__name__)

MAGIC = b"\x1f\x8b\x08"
# Input handed to zlib per call. zlib copies the unread rest of each call's input when a member ends,
# so a small feed keeps that copy cheap for the typical few-KiB member.
_FEED = 8192
# ISA-L raises its own error class, which is not a zlib.error.
INFLATE_ERRORS: tuple[type[Exception], ...] = (zlib.error, cast("type[Exception]", isal_zlib.error))
_OUT = 1 << 20  # most inflated bytes per pull, so a bomb is met in bounded steps
_PROBE = 65536  # compressed bytes tried when checking that a candidate member is a WARC record
_RECORD_STARTS = (b"WARC/1.0", b"WARC/1.1")


def _zlib_message(exc: Exception) -> str:
    # zlib: "Error -3 while decompressing data: invalid distance too far back" -> the part after the colon;
    # ISA-L: "Error -6 Incorrect checksum found" -> "incorrect checksum found".
    text = str(exc)
    if ": " in text:
        return text.split(": ", 1)[1]
    found = re.match(r"Error -?\d+ (.+)", text)
    return found.group(1)[:1].lower() + found.group(1)[1:] if found else text


class GzipSource:
    """Tape source over a gzip file: yields inflated member bytes, and breaks where data was lost."""

    seekable = False

    def __init__(self, f: BinaryIO) -> None:
        self._f = f
        try:
            self._size = os.fstat(f.fileno()).st_size
        except OSError:  # in-memory bytes (the crawler reads back what it wrote) have no descriptor
            here = f.tell()
            self._size = f.seek(0, os.SEEK_END)
            f.seek(here)
        self._in = b""  # compressed bytes read but not yet inflated start at self._in[self._i]
        self._i = 0
        self._in_off = 0  # file offset of self._in[0]
        self._eof = False
        self._moved = False  # the file position was moved by a look-ahead read
        self._d: Any = None  # an ISA-L inflater (zlib-compatible, about twice as fast)
        self._member = 0  # file offset of the current member
        self._fresh = False  # no bytes of the current member have been handed out yet
        self._ended = 0  # members that ended cleanly so far
        self._no_member_from: int | None = None  # known: no good member starts at or after this

    # -- reading -------------------------------------------------------------------------------

    def _refill(self) -> bool:
        if self._eof:
            return False
        if self._moved:
            self._f.seek(self._in_off + len(self._in))
            self._moved = False
        data = self._f.read(READ_SIZE)
        if not data:
            self._eof = True
            return False
        self._in_off += self._i
        self._in = self._in[self._i :] + data
        self._i = 0
        return True

    def _read_at(self, offset: int, size: int) -> bytes:
        self._moved = True
        self._f.seek(offset)
        return self._f.read(size)

    def _restart_at(self, offset: int) -> None:
        self._d = None
        self._in, self._i, self._in_off = b"", 0, offset
        self._eof = offset >= self._size
        self._moved = True

    def pull(self) -> Chunk | Break | None:
        while True:
            if self._d is None:
                if len(self._in) - self._i < len(MAGIC) and self._refill():
                    continue
                if self._i >= len(self._in):
                    return None
                if not self._in.startswith(MAGIC, self._i):
                    return self._stray_bytes()
                self._d = isal_zlib.decompressobj(31)
                self._member = self._in_off + self._i
                self._fresh = True
            d = self._d
            feed = memoryview(self._in)[self._i : self._i + _FEED]
            try:
                out = d.decompress(feed, _OUT)
            except INFLATE_ERRORS as exc:
                return self._corrupt(_zlib_message(exc))
            if d.eof:
                self._i += len(feed) - len(d.unused_data)
                self._d = None
                self._ended += 1
                return self._chunk(out, True)
            self._i += len(feed) - len(d.unconsumed_tail)
            if out:
                return self._chunk(out, False)
            if self._i >= len(self._in) and not self._refill():
                return self._cut_short()

    def _chunk(self, out: bytes, ends: bool) -> Chunk:
        fresh, self._fresh = self._fresh, False
        return Chunk(out, self._member, fresh, ends)

    # -- damage --------------------------------------------------------------------------------

    def _resync(self, start: int, what: str) -> Break:
        """Continue at the first good member at or after ``start``; describe the damage ``what``."""
        nxt = self.find_member(start)
        damaged_from = min(start, self._member) if self._d is not None else start
        raw = self._read_at(damaged_from, RAW_KEEP)
        if nxt is None:
            skipped = self._size - damaged_from
            self._restart_at(self._size)
            where = f"no later gzip member follows ({skipped} bytes to the end of the file)"
        else:
            self._restart_at(nxt)
            where = f"resynchronised at offset {nxt} ({nxt - damaged_from} bytes skipped)"
        stop = self._size if nxt is None else nxt
        return Break(damaged_from, f"{what}; {where}", raw[: max(0, stop - damaged_from)])

    def _corrupt(self, message: str) -> Break:
        what = f"gzip member at offset {self._member} is corrupt: {message}"
        return self._resync(self._member + 1, what)

    def _cut_short(self) -> Break:
        # The file ended inside a member. Either the file is truncated, or a damaged deflate stream
        # ran on past its real end; in the second case good members follow and _resync finds them.
        if self.find_member(self._member + 1) is None:
            read = self._size - self._member
            what = f"gzip member at offset {self._member} is truncated: the file ends {read} bytes into it"
        else:
            what = f"gzip member at offset {self._member} is corrupt: its data runs on past the next member"
        return self._resync(self._member + 1, what)

    def _stray_bytes(self) -> Break:
        at = self._in_off + self._i
        return self._resync(at, f"bytes at offset {at} are not a gzip member")

    def jump_member(self) -> Break | None:
        """Leave the current member without inflating the rest of it (too large, or a bomb).

        Returns None, and leaves the member open, when this is the file's first member and no good
        member follows: the file is one gzip stream, and the rest can only be reached by inflating.
        """
        if self._d is None:
            return None
        nxt = self.find_member(self._member + 1)
        if nxt is None and self._ended == 0:
            return None
        member = self._member
        self._d = None
        if nxt is None:
            self._restart_at(self._size)
            rest = self._size - member
            return Break(member, f"no later gzip member follows; the {rest} bytes to the end were skipped")
        self._restart_at(nxt)
        return Break(member, f"skipped to the next gzip member at offset {nxt} without inflating the rest")

    # -- finding members -----------------------------------------------------------------------

    def find_member(self, start: int, span: int | None = None) -> int | None:
        """Offset of the first gzip member at or after ``start`` that inflates to a WARC header.

        ``span`` limits the search to that many bytes; without it, a miss is remembered.
        """
        if self._no_member_from is not None and start >= self._no_member_from:
            return None
        pos = start
        stop = self._size if span is None else min(self._size, start + span)
        while pos < stop:
            block = self._read_at(pos, min(READ_SIZE, stop - pos) + len(MAGIC) - 1)
            i = block.find(MAGIC)
            while 0 <= i < READ_SIZE:
                if self._is_warc_member(pos + i):
                    return pos + i
                i = block.find(MAGIC, i + 1)
            pos += READ_SIZE
        if span is None and (self._no_member_from is None or start < self._no_member_from):
            self._no_member_from = start
        return None

    def _is_warc_member(self, offset: int) -> bool:
        data = self._read_at(offset, _PROBE)
        if len(data) < 4 or data[3] & 0xE0:  # reserved flag bits must be zero
            return False
        try:
            head = zlib.decompressobj(31).decompress(data, 16)
        except zlib.error:
            return False
        return head[:8] in _RECORD_STARTS
