"""Importer for the public JSONL format, and the JSON-lines plumbing it shares with the CDR importer.

One ad version per line (fields in :mod:`ad_rows`). Each line stands alone: a line that is too
long, not UTF-8, not JSON, not an object, or not a valid ad is rejected with its 1-based line number
and the file goes on. Blank lines are skipped silently and are not records. ``raw`` (the evidence) is
the line's bytes without its line break; ``.jsonl.gz`` files are read the same way.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

from threadline.capture.ad_rows import ad_capture, validate_row
from threadline.capture.lines import BrokenStream, Line, LongLine, iter_lines, open_text_input
from threadline.capture.records import Capture, ImportItem, Origin, Rejected
from threadline.capture.values import excerpt, type_name
from threadline.config import Config
from threadline.errors import CorruptRecord, InvalidField, RecordError, RecordTooLarge

log = logging.getLogger(__name__)

_BLANK = " \t\r"  # JSON whitespace; other Unicode spaces are content, and so a bad line

JsonLine = tuple[Line, dict[str, object]] | Rejected
CaptureOf = Callable[[dict[str, object], bytes, Origin], Capture]  # raises RecordError on a bad record


def json_objects(path: Path, max_bytes: int, setting: str) -> Iterator[JsonLine]:
    """Each non-blank line of ``path`` as (line, decoded object), or a Rejected saying why not.

    Lines longer than ``max_bytes`` (the value of the config ``setting``, named in the reason) are
    rejected without being held. Raises UserError, at once, only when the file cannot be opened.
    """
    return _objects(open_text_input(path), str(path), max_bytes, setting)


def _objects(stream: io.BufferedIOBase, name: str, max_bytes: int, setting: str) -> Iterator[JsonLine]:
    with stream:
        for line in iter_lines(stream, max_bytes):
            origin = Origin(name, line=line.number)
            if isinstance(line, LongLine):
                reason = f"line {line.number} is {line.length} bytes, over {setting} {max_bytes}"
                yield Rejected(origin, RecordTooLarge.kind, reason, line.prefix)
            elif isinstance(line, BrokenStream):
                yield Rejected(origin, CorruptRecord.kind, f"line {line.number}: {line.reason}")
                return
            else:
                parsed = _decode(line, origin)
                if parsed is not None:
                    yield parsed


def _decode(line: Line, origin: Origin) -> JsonLine | None:
    """The object on ``line``, a Rejected saying why there is none, or None for a blank line."""
    try:
        text = line.data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = line.data[exc.start : exc.start + 4].hex(" ")
        return _reject(line, origin, CorruptRecord.kind, f"not valid UTF-8 (byte {exc.start}: {bad})")
    if line.number == 1 and text.startswith("\ufeff"):  # a byte-order mark some editors add
        text = text[1:]
    if not text.strip(_BLANK):
        return None
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return _reject(line, origin, InvalidField.kind, f"not valid JSON: {exc.msg} at column {exc.colno}")
    except RecursionError:
        return _reject(line, origin, InvalidField.kind, "not valid JSON: nested too deeply")
    except ValueError as exc:  # e.g. an integer with more digits than Python will convert
        return _reject(line, origin, InvalidField.kind, f"not valid JSON: {exc}")
    if not isinstance(obj, dict):
        return _reject(line, origin, InvalidField.kind, f"not a JSON object (got {type_name(obj)})")
    return line, obj


def _reject(line: Line, origin: Origin, kind: str, reason: str) -> Rejected:
    return Rejected(origin, kind, f"line {line.number}: {reason}", excerpt(line.data))


def read_jsonl(path: Path, limits: Config) -> Iterator[ImportItem]:
    """Every non-blank line of a public-format JSONL file as a Capture or a Rejected, in order.

    Raises UserError (at once, not on first iteration) only when the file cannot be opened.
    """
    return json_captures(json_objects(path, limits.max_line_bytes, "max_line_bytes"), str(path), _capture)


def _capture(obj: dict[str, object], raw: bytes, origin: Origin) -> Capture:
    return ad_capture(validate_row(obj), raw, origin)


def json_captures(objects: Iterator[JsonLine], name: str, make: CaptureOf) -> Iterator[ImportItem]:
    """``make(object, line bytes, origin)`` of every decoded line; a RecordError it raises, like a line
    that did not decode, becomes a Rejected naming the line."""
    for item in objects:
        if isinstance(item, Rejected):
            yield item
            continue
        line, obj = item
        origin = Origin(name, line=line.number)
        try:
            yield make(obj, line.data, origin)
        except RecordError as exc:
            yield Rejected(origin, exc.kind, f"line {line.number}: {exc.reason}", excerpt(line.data))
