"""Opening input files, and reading line-oriented imports (JSONL, CDR, CSV) with bounded lines.

``open_input`` is the one place an importer may raise: a file that cannot be opened is something
the user can fix. Everything after that is per-line: a line longer than ``max_line_bytes`` is
measured and skipped in pieces, never held whole, and a damaged ``.gz`` ends the file with one
:class:`BrokenStream` item naming the line where reading stopped.
"""

from __future__ import annotations

import gzip
import io
import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from threadline.capture.values import RAW_KEEP
from threadline.errors import UserError

log = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b"
_SKIP_PIECE = 1 << 16
_SNIFF = 1 << 16  # compressed bytes tried when deciding whether a file is gzip


@dataclass(frozen=True, slots=True)
class Line:
    """One line, without its ``\\n`` or ``\\r\\n``. ``number`` is 1-based."""

    number: int
    data: bytes


@dataclass(frozen=True, slots=True)
class LongLine:
    """A line over the limit: only its length, a prefix, and its count of ``"`` were kept."""

    number: int
    length: int
    prefix: bytes
    quotes: int  # lets the CSV reader follow quoted fields through a line it could not load


@dataclass(frozen=True, slots=True)
class BrokenStream:
    """Reading stopped at line ``number``: the compressed file is damaged or truncated there."""

    number: int
    reason: str


def open_input(path: Path) -> io.BufferedReader:
    """Open ``path`` for binary reading; UserError (naming the path) when that is impossible."""
    try:
        return open(path, "rb")  # the caller (an importer's generator) owns and closes it
    except IsADirectoryError:
        raise UserError(f"cannot read {path}: it is a folder") from None
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None


def open_text_input(path: Path) -> io.BufferedIOBase:
    """Like :func:`open_input`, transparently inflating a gzip-compressed file.

    A file counts as compressed when it starts with a gzip header whose data inflates, not merely
    with the two magic bytes, which a line of garbage can also start with.
    """
    with open_input(path) as f:
        try:
            head = f.read(_SNIFF)
        except OSError as exc:
            raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not _inflates(head):
        return open_input(path)
    try:
        return gzip.open(path, "rb")
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None


def _inflates(head: bytes) -> bool:
    if not head.startswith(GZIP_MAGIC + b"\x08"):
        return False
    try:
        zlib.decompressobj(31).decompress(head, _SNIFF)
    except zlib.error:
        return False
    return True


def iter_lines(stream: io.BufferedIOBase, max_line: int) -> Iterator[Line | LongLine | BrokenStream]:
    """Lines of ``stream`` in order, none longer than ``max_line`` bytes held in memory."""
    number = 0
    try:
        while True:
            data = stream.readline(max_line + 2)  # room for the \r\n of a line of exactly max_line
            if not data:
                return
            number += 1
            if data.endswith(b"\n") or len(data) <= max_line:
                line = data[:-1] if data.endswith(b"\n") else data
                if line.endswith(b"\r"):
                    line = line[:-1]
                if len(line) <= max_line:
                    yield Line(number, line)
                    continue
            yield _skip_long(stream, number, data)
    except (OSError, EOFError, zlib.error) as exc:
        # gzip.BadGzipFile is an OSError; EOFError is a gzip stream cut short.
        what = "ends early (truncated)" if isinstance(exc, EOFError) else f"is damaged ({exc})"
        yield BrokenStream(number + 1, f"compressed input {what}; nothing after line {number} can be read")


def _skip_long(stream: io.BufferedIOBase, number: int, head: bytes) -> LongLine:
    length, quotes, piece, last2 = len(head), head.count(b'"'), head, head[-2:]
    while not piece.endswith(b"\n"):
        piece = stream.readline(_SKIP_PIECE)
        if not piece:
            break
        length += len(piece)
        quotes += piece.count(b'"')
        last2 = (last2 + piece)[-2:]
    if last2.endswith(b"\n"):
        length -= 2 if last2 == b"\r\n" else 1
    return LongLine(number, length, head[:RAW_KEEP], quotes)
