"""Cutting a WARC tape into records, and resynchronising after damage instead of stopping.

A record is accepted only when its framing checks out end to end: a version line, a header that
ends, a numeric Content-Length, the ``CRLF CRLF`` terminator right after the declared block, and then
something that is a record boundary (the next version line, the end of the file, or the verified end
of its gzip member). When any check fails, the record is quarantined and the framer *rescans from
one byte after the record's start* for the next ``WARC/1.x`` version line: a Content-Length that is
too long or too short, a header cut by damage, stray bytes between records all lose exactly the
bytes they spoil and nothing after them.

Every byte of the tape ends up in exactly one item: a :class:`FramedRecord`, or a :class:`Damage`
whose reason says what was wrong, where, and where reading resumed.
"""

from __future__ import annotations

import logging
from collections.abc import Generator, Iterator
from dataclasses import dataclass

from threadline.capture.tape import VERSION_LINE_MAX, VERSION_LINES, PlainSource, Tape
from threadline.capture.values import excerpt, quote
from threadline.capture.warc_headers import WarcHeader, parse_header
from threadline.config import Config

log = logging.getLogger(__name__)

HEADER_LIMIT = 1 << 20  # a "header" longer than this is damage, not a header
_TERMINATORS = (b"\r\n\r\n", b"\n\n")


@dataclass(frozen=True, slots=True)
class FramedRecord:
    """A record whose framing checked out. ``offset`` is its file offset (its gzip member's)."""

    offset: int
    inner: int  # inflated bytes into the gzip member; 0 for plain files and per-record members
    header: WarcHeader
    block: bytes


@dataclass(frozen=True, slots=True)
class Damage:
    """Bytes that are not a usable record: ``kind`` is a RecordError kind, ``reason`` says why."""

    offset: int
    kind: str
    reason: str
    raw: bytes


Steps = Generator[FramedRecord | Damage, None, int]


def iter_framed(tape: Tape, limits: Config) -> Iterator[FramedRecord | Damage]:
    """Every record and every stretch of damage on ``tape``, in order."""
    return _Framer(tape, limits).run()


class _Framer:
    def __init__(self, tape: Tape, limits: Config) -> None:
        self.t = tape
        self.max_record = limits.max_record_bytes
        self.budget = limits.max_record_bytes + HEADER_LIMIT

    def run(self) -> Iterator[FramedRecord | Damage]:
        t = self.t
        pos = 0
        while True:
            pos = t.skip_blank(pos)
            if t.breaks and t.breaks[0][0] <= pos:  # damage between two records
                brk = t.breaks.pop(0)[1]
                yield Damage(brk.offset, "corrupt", brk.reason, brk.raw)
                continue
            if pos >= t.end and t.exhausted:
                return
            pos = yield from self._record(pos)

    # -- one record ----------------------------------------------------------------------------

    def _record(self, pos: int) -> Steps:
        t = self.t
        if t.end < pos + VERSION_LINE_MAX:
            t.fill(pos + VERSION_LINE_MAX, pos)
        if not t.buf.startswith(VERSION_LINES, pos - t.base):
            return (yield from self._scan(pos, pos + 1, f"bytes at {t.describe(pos)} are not a WARC record"))
        hend = self._header_end(pos)
        if isinstance(hend, str):
            return (yield from self._scan(pos, pos + 1, f"record header at {t.describe(pos)} {hend}"))
        # Two headers run together when damage took the end of the first one.
        if t.buf.find(b"WARC/", pos + 1 - t.base, hend - t.base) >= 0 and t.find_version_line(pos + 1, hend):
            what = f"record header at {t.describe(pos)} runs into another record header"
            return (yield from self._scan(pos, pos + 1, what))
        try:
            header = parse_header(t.view(pos, hend))
        except ValueError as exc:
            return (yield from self._scan(pos, pos + 1, f"record header at {t.describe(pos)}: {exc}"))
        cl = header.content_length
        if cl is None or not (cl.isascii() and cl.isdigit()):
            what = "has no Content-Length" if cl is None else f"has Content-Length {quote(cl)}, not a number"
            return (yield from self._scan(pos, pos + 1, f"record at {t.describe(pos)} {what}"))
        size = int(cl)
        if hend - pos + size > self.max_record:
            return (yield from self._too_large(pos, hend, size))
        block_end = hend + size
        if t.end < block_end + 4:
            t.fill(block_end + 4, pos)
        b, base = t.buf, t.base
        j = block_end - base
        if b.startswith(b"\r\n\r\n", j):
            nxt = block_end + 4
        elif b.startswith(b"\n\n", j):
            nxt = block_end + 2
        elif t.end < block_end + 4:
            got = max(0, t.end - hend)
            if t.breaks and t.breaks[-1][0] > pos:
                what = f"is cut off by damage after {got} of its {size} block bytes"
            else:
                what = f"is truncated: the file ends after {got} of its {size} block bytes"
            return (yield from self._scan(pos, pos + 1, f"record at {t.describe(pos)} {what}"))
        else:
            what = (
                f"has Content-Length {size}, but the block is not followed by the record terminator "
                f"(found {quote(b[j : j + 8])})"
            )
            return (yield from self._scan(pos, pos + 1, f"record at {t.describe(pos)} {what}"))
        problem, q = self._check_boundary(pos, block_end, nxt)
        if problem is not None:
            return (yield from self._scan(pos, pos + 1, f"record at {t.describe(pos)} {problem}"))
        offset, inner = t.locate(pos)
        record = FramedRecord(offset, inner, header, t.view(hend, block_end))
        t.release(q)
        yield record
        return q

    def _header_end(self, pos: int) -> int | str:
        """Position after the header's blank line, or what went wrong."""
        t = self.t
        frm = pos
        while True:
            b, base = t.buf, t.base
            stop = min(len(b), pos - base + HEADER_LIMIT)
            j = b.find(b"\r\n\r\n", frm - base, stop)
            k = b.find(b"\n\n", frm - base, j + 2 if j >= 0 else stop)
            if k >= 0 and (j < 0 or k < j):
                return base + k + 2
            if j >= 0:
                return base + j + 4
            if t.end - pos >= HEADER_LIMIT:
                return f"does not end within {HEADER_LIMIT} bytes"
            if t.breaks and t.breaks[-1][0] > pos:
                return "is cut off by damage"
            frm = max(pos, t.end - 3)
            if not t.pull():
                return "is truncated by the end of the file"

    def _check_boundary(self, pos: int, block_end: int, nxt: int) -> tuple[str | None, int]:
        """Does a record boundary follow the terminator? (problem or None, next record position)."""
        t = self.t
        if not t.source.seekable:
            inside = t.member_start_in(pos, block_end)
            if inside is not None and t.buf.startswith(VERSION_LINES, inside - t.base):
                return f"has a Content-Length that runs into the next record at {t.describe(inside)}", inside
            if t.member_end_in(block_end, nxt) is not None:
                return None, nxt  # its gzip member ended right here, CRC checked: nothing more to ask
        elif t.buf.startswith(VERSION_LINES, nxt - t.base):
            return None, nxt  # the common case in a plain file: the next record follows at once
        q = t.skip_blank(nxt)
        if t.breaks and t.breaks[0][0] <= q:
            if t.member_end_in(block_end, q) is None:
                return "was damaged in compression: its gzip member failed its checks", q
            return None, q
        t.fill(q + VERSION_LINE_MAX, q)
        if (q >= t.end and t.exhausted) or t.member_end_in(block_end, q) is not None:
            return None, q
        if t.buf.startswith(VERSION_LINES, q - t.base):
            return None, q
        # Stray bytes follow. If a record header sits inside the block, the Content-Length was too
        # long and swallowed it; otherwise the record is fine and the stray bytes are reported alone.
        inner = t.find_version_line(pos + 1, block_end)
        if inner is not None:
            return f"has a Content-Length that runs past the next record header at {t.describe(inner)}", inner
        return None, q

    def _too_large(self, pos: int, hend: int, size: int) -> Steps:
        t = self.t
        offset = t.locate(pos)[0]
        why = f"record at {t.describe(pos)} declares Content-Length {size}, over max_record_bytes {self.max_record}"
        raw = excerpt(t.view(pos, t.end))
        end = hend + size
        src = t.source
        if t.end < end + 4 and isinstance(src, PlainSource):
            # A plain file can be peeked at: trust the length only if a record boundary sits there.
            tail = src.probe(end, 4 + VERSION_LINE_MAX)
            if not (tail.startswith(b"\r\n\r\n") and tail[4:].lstrip(b"\r\n")[:1] in (b"", b"W")):
                what = f"{why}, but no record terminator sits at the declared end"
                return (yield from self._scan(pos, pos + 1, what))
            src.seek(end)
            t.restart_at(end)
        elif t.end < end + 4 and t.is_member_start(pos):
            mend = t.member_end_in(pos + 1, t.end)
            if mend is not None:
                what = f"{why}, but its gzip member ends {mend - hend} bytes into the block"
                return (yield from self._scan(pos, pos + 1, what))
            brk = t.jump()
            if brk is not None:
                t.breaks.pop()
                t.release(t.end)
                yield Damage(offset, "too-large", f"{why}; {brk.reason}", raw)
                return t.end
        # The record is buffered already, or sits inside one gzip stream that can only be inflated
        # through (in bounded steps, dropping what was read).
        while t.end < end:
            t.release(t.end)
            if (t.breaks and t.breaks[-1][0] > pos) or not t.pull():
                return (yield from self._scan(pos, t.end, why, "too-large", raw, offset))
        t.release(end - 1)
        t.fill(end + 4, end)
        if t.buf.startswith(b"\r\n\r\n", end - t.base):
            yield Damage(offset, "too-large", why, raw)
            return end + 4
        what = f"{why}, and no record terminator follows the declared length"
        return (yield from self._scan(pos, end, what, "corrupt", raw, offset))

    # -- damage --------------------------------------------------------------------------------

    def _scan(
        self,
        start: int,
        frm: int,
        what: str,
        kind: str = "corrupt",
        raw: bytes | None = None,
        offset: int | None = None,
    ) -> Steps:
        """Quarantine from ``start`` to the next record header found at or after ``frm``."""
        t = self.t
        if offset is None:
            offset = t.locate(start)[0]
        if raw is None:
            raw = excerpt(t.view(start, t.end))
        budget_from = start
        while True:
            found = t.find_version_line(frm, t.end)
            if found is not None:
                break
            frm = max(frm, t.end - VERSION_LINE_MAX)
            t.release(frm)
            # Inflating on without finding a record means a bomb or a huge corrupt member: leave it.
            # In a file that is one gzip stream there is nowhere to jump to, so reading goes on.
            over = t.end - max(budget_from, t.last_member_start()) > self.budget
            if over and not t.source.seekable and t.jump() is None:
                budget_from = t.end
            if not t.pull():
                break
        stop = t.end if found is None else found
        notes = [what]
        while t.breaks and t.breaks[0][0] <= stop:
            notes.append(t.breaks.pop(0)[1].reason)
        # Byte counts are only meaningful to a reader for plain files; in a .warc.gz they would be
        # inflated bytes, and the gzip notes above already give the compressed ones.
        plain = t.source.seekable
        if found is None:
            notes.append(
                f"nothing readable follows ({stop - start} bytes to the end)" if plain else "nothing readable follows"
            )
        else:
            count = f" ({found - start} bytes skipped)" if plain else ""
            notes.append(f"resynchronised at {t.describe(found)}{count}")
        yield Damage(offset, kind, "; ".join(notes), raw[: stop - start])
        return stop
