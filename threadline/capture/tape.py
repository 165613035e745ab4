"""The buffered byte stream ("tape") the WARC framer walks, and the source for uncompressed files.

A tape is the concatenation of what a source yields: the file's bytes for a plain WARC, the inflated
bytes of consecutive gzip members for a WARC.gz. Positions on the tape are absolute. Sources also
report where gzip members start and end (an ended member passed its CRC and length checks, so the
records in it are verified) and where bytes were lost to damage: a :class:`Break`, which no record
may span. The buffer only keeps what the framer may still look at, so memory stays bounded by the
largest record the limits allow, however large the file.
"""

from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass
from typing import BinaryIO, Protocol

log = logging.getLogger(__name__)

READ_SIZE = 1 << 20
# What starts a WARC record; during resynchronisation the framer looks for the next of these.
VERSION_LINES = (b"WARC/1.0\r\n", b"WARC/1.1\r\n", b"WARC/1.0\n", b"WARC/1.1\n", b"WARC/0.17\r\n", b"WARC/0.18\r\n")
VERSION_LINE_MAX = 11


@dataclass(frozen=True, slots=True)
class Chunk:
    """Bytes of the tape. For gzip sources they all belong to the member at ``member_offset``."""

    data: bytes
    member_offset: int = 0
    starts_member: bool = False
    ends_member: bool = False  # the member ended here with a good CRC and length


@dataclass(frozen=True, slots=True)
class Break:
    """Bytes lost to damage between two stretches of tape. ``reason`` names what and where."""

    offset: int  # file offset where the damage starts
    reason: str
    raw: bytes = b""  # bounded prefix of the damaged file bytes


class Source(Protocol):
    """Where tape bytes come from. ``seekable`` sources are plain files: tape position = offset."""

    seekable: bool

    def pull(self) -> Chunk | Break | None: ...

    def jump_member(self) -> Break | None: ...


class PlainSource:
    """An uncompressed WARC: the tape is the file itself, so it can be peeked at and skipped."""

    seekable = True

    def __init__(self, f: BinaryIO) -> None:
        self._f = f

    def pull(self) -> Chunk | None:
        data = self._f.read(READ_SIZE)
        return Chunk(data) if data else None

    def seek(self, pos: int) -> None:
        self._f.seek(pos)

    def probe(self, pos: int, size: int) -> bytes:
        here = self._f.tell()
        self._f.seek(pos)
        data = self._f.read(size)
        self._f.seek(here)
        return data

    def jump_member(self) -> Break | None:
        return None


class Tape:
    """Absolute-position buffer over a source, with member and break markers.

    ``buf`` holds tape bytes ``[base, end)``. The framer reads ``buf`` directly for speed and calls
    :meth:`release` when it no longer needs bytes before a position.
    """

    def __init__(self, source: Source) -> None:
        self.source = source
        self.buf = b""
        self.base = 0
        self.end = 0  # base + len(buf), kept as a plain attribute: the framer reads it constantly
        self.exhausted = False
        # (tape position, break) in order; the framer pops each one once it has accounted for it
        self.breaks: list[tuple[int, Break]] = []
        self._keep = 0
        self._starts: list[int] = [0]  # tape positions where members start
        self._start_offsets: list[int] = [0]  # their file offsets
        self._ends: list[int] = []  # tape positions where members ended verified

    def pull(self) -> bool:
        """Append the source's next item; False once the source is exhausted."""
        if self.exhausted:
            return False
        item = self.source.pull()
        if item is None:
            self.exhausted = True
            return False
        end = self.end
        if isinstance(item, Break):
            self.breaks.append((end, item))
            return True
        if item.starts_member:
            if self._starts[-1] == end:
                self._start_offsets[-1] = item.member_offset
            else:
                self._starts.append(end)
                self._start_offsets.append(item.member_offset)
        drop = self._keep - self.base
        if drop > 0:
            self.buf = self.buf[drop:] + item.data
            self.base = self._keep
            if len(self._starts) > 16 or len(self._ends) > 16:
                self._prune()
        else:
            self.buf += item.data
        self.end = self.base + len(self.buf)
        if item.ends_member:
            self._ends.append(self.end)
        return True

    def release(self, pos: int) -> None:
        """Bytes before ``pos`` will not be read again (they are dropped at the next pull)."""
        if pos > self._keep:
            self._keep = min(pos, self.end)

    def restart_at(self, pos: int) -> None:
        """Empty the buffer; the tape goes on at ``pos`` (the caller has moved a plain source there)."""
        self.buf = b""
        self.base = self.end = self._keep = pos

    def view(self, a: int, b: int) -> bytes:
        return self.buf[a - self.base : b - self.base]

    def _prune(self) -> None:
        # Markers behind the buffer are useless; the last member start before it still names the
        # member that holds the buffered bytes, so it stays.
        cut = bisect.bisect_right(self._starts, self.base) - 1
        if cut > 0:
            del self._starts[:cut], self._start_offsets[:cut]
        cut = bisect.bisect_left(self._ends, self.base)
        if cut:
            del self._ends[:cut]

    def locate(self, pos: int) -> tuple[int, int]:
        """(file offset, inflated bytes into that member) of a tape position."""
        if self.source.seekable:
            return pos, 0
        i = bisect.bisect_right(self._starts, pos) - 1
        return self._start_offsets[i], pos - self._starts[i]

    def describe(self, pos: int) -> str:
        offset, inner = self.locate(pos)
        if inner:
            return f"offset {offset} (inflated byte {inner} of the gzip member there)"
        return f"offset {offset}"

    def is_member_start(self, pos: int) -> bool:
        i = bisect.bisect_left(self._starts, pos)
        return i < len(self._starts) and self._starts[i] == pos

    def member_start_in(self, a: int, b: int) -> int | None:
        """First member start in ``(a, b]``, if any."""
        i = bisect.bisect_right(self._starts, a)
        if i < len(self._starts) and self._starts[i] <= b:
            return self._starts[i]
        return None

    def member_end_in(self, a: int, b: int) -> int | None:
        """First verified member end in ``[a, b]``, if any."""
        i = bisect.bisect_left(self._ends, a)
        if i < len(self._ends) and self._ends[i] <= b:
            return self._ends[i]
        return None

    def last_member_start(self) -> int:
        return self._starts[-1]

    def jump(self) -> Break | None:
        """Abandon the current gzip member (too large, or a bomb); the break lands on the tape."""
        brk = self.source.jump_member()
        if brk is not None:
            self.breaks.append((self.end, brk))
        return brk

    # -- reading helpers for the framer ----------------------------------------------------------

    def fill(self, upto: int, since: int) -> None:
        """Pull until ``upto`` is buffered, the file ends, or damage cuts what starts at ``since``."""
        while self.end < upto:
            if self.breaks and self.breaks[-1][0] > since:
                return
            if not self.pull():
                return

    def skip_blank(self, pos: int) -> int:
        """First position at or after ``pos`` that is not CR or LF, stopping at pending damage."""
        while True:
            if self.breaks and self.breaks[0][0] <= pos:
                return pos
            if pos >= self.end:
                if not self.pull():
                    return pos
                continue
            b, base = self.buf, self.base
            stop = min(len(b), self.breaks[0][0] - base) if self.breaks else len(b)
            i = pos - base
            while i < stop and b[i] in (10, 13):
                i += 1
            pos = base + i
            if i < stop or (self.breaks and self.breaks[0][0] <= pos):
                self.release(pos)
                return pos

    def find_version_line(self, frm: int, upto: int) -> int | None:
        """First WARC version line (with its line break) in ``[frm, upto)`` of the buffer.

        It need not sit at a line start: damage to the last byte of one record must not hide the
        untouched record after it, and a false match costs the framer only one more failed parse.
        """
        b, base = self.buf, self.base
        i, stop = max(frm, base) - base, upto - base
        while True:
            j = b.find(b"WARC/", i, stop)
            if j < 0:
                return None
            if b.startswith(VERSION_LINES, j):
                return base + j
            i = j + 1
