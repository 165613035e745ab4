"""Importer for the public format as CSV: a header row naming the columns, then one ad version a row.

Columns are those of the JSONL format (see :mod:`ad_rows`), matched case-insensitively. ``images``
is a JSON array or ``|``-separated URLs; ``extra`` a JSON object. An empty optional cell means null.
Rows may span lines inside quoted fields; every reason names the line the row *starts* on.

Evidence: a CSV row has no stable byte form of its own (quoting is a writer's choice), so ``raw`` is
the row re-serialised canonically: a JSON object mapping each header column to its cell text exactly
as read, keys sorted, no whitespace, UTF-8. The same row always gives the same bytes and hash.

A row longer than ``max_line_bytes`` is skipped without being held whole: the reader stops feeding
it to the csv module and follows its quotes to find where it ends. Python's csv module has a
process-wide field size limit (128 KiB by default); reading raises it to ``max_line_bytes`` so ad
bodies of any accepted size fit, and never lowers it.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from threadline.capture.ad_rows import COLUMNS, REQUIRED, ad_capture, validate_row
from threadline.capture.lines import BrokenStream, Line, LongLine, iter_lines, open_text_input
from threadline.capture.records import ImportItem, Origin, Rejected
from threadline.capture.values import excerpt, quote
from threadline.config import Config
from threadline.errors import CorruptRecord, InvalidField, RecordError, RecordTooLarge

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Failure:
    """A row that could not be read as CSV at all."""

    kind: str
    reason: str


class _RowTooLong(Exception):
    """Raised through the csv reader when the row being read passes the size limit."""


class _StreamBroken(Exception):
    """Raised through the csv reader when the compressed input is damaged."""

    def __init__(self, item: BrokenStream) -> None:
        super().__init__(item.reason)
        self.item = item


class _Feeder:
    """Hands physical lines to csv.reader and keeps, per row: first line, size, quotes, problems."""

    def __init__(self, lines: Iterator[Line | LongLine | BrokenStream], limit: int) -> None:
        self._lines = lines
        self._limit = limit
        self.start = 0  # line number where the current row began
        self.size = 0
        self.quotes = 0
        self.problem: str | None = None  # first encoding problem seen in the row
        self.prefix = b""

    def new_row(self) -> None:
        self.start, self.size, self.quotes, self.problem, self.prefix = 0, 0, 0, None, b""

    def __iter__(self) -> _Feeder:
        return self

    def __next__(self) -> str:
        item = next(self._lines)
        if isinstance(item, BrokenStream):
            raise _StreamBroken(item)
        if not self.start:
            self.start = item.number
        if isinstance(item, LongLine):
            self.size += item.length
            self.quotes += item.quotes
            self.prefix = self.prefix or item.prefix
            raise _RowTooLong
        self.size += len(item.data) + 1
        self.quotes += item.data.count(b'"')
        if not self.prefix:
            self.prefix = excerpt(item.data)
        if self.size > self._limit:
            raise _RowTooLong
        try:
            text = item.data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if self.problem is None:
                where = "" if item.number == self.start else f"line {item.number}, "
                self.problem = f"not valid UTF-8 ({where}byte {exc.start})"
            text = item.data.decode("utf-8", "replace")  # keep quoting in step with the bytes
        if item.number == 1 and text.startswith("\ufeff"):
            text = text[1:]
        return text + "\n"

    def skip_rest_of_row(self) -> None:
        """After a too-long row: drop lines until its quotes balance, i.e. the row has ended."""
        while self.quotes % 2:
            item = next(self._lines, None)
            if item is None or isinstance(item, BrokenStream):
                return
            if isinstance(item, LongLine):
                self.size, self.quotes = self.size + item.length, self.quotes + item.quotes
            else:
                self.size, self.quotes = self.size + len(item.data) + 1, self.quotes + item.data.count(b'"')


def read_csv(path: Path, limits: Config) -> Iterator[ImportItem]:
    """Every data row of a public-format CSV file as a Capture or a Rejected, in order.

    Raises UserError (at once, not on first iteration) only when the file cannot be opened.
    """
    return _read(open_text_input(path), str(path), limits)


def _read(stream: io.BufferedIOBase, name: str, limits: Config) -> Iterator[ImportItem]:
    if csv.field_size_limit() < limits.max_line_bytes:
        csv.field_size_limit(limits.max_line_bytes)
    with stream:
        feeder = _Feeder(iter_lines(stream, limits.max_line_bytes), limits.max_line_bytes)
        reader = csv.reader(feeder)
        header: list[str] | str | None = None  # the columns, or why the header row is unusable
        while True:
            feeder.new_row()
            try:
                got = _next_row(reader, feeder, limits.max_line_bytes)
            except _StreamBroken as exc:
                at = exc.item.number
                yield Rejected(Origin(name, line=at), CorruptRecord.kind, f"line {at}: {exc.item.reason}")
                return
            if got is None:
                return
            origin = Origin(name, line=feeder.start)
            if isinstance(got, _Failure):
                reader = csv.reader(feeder)  # a fresh reader: the failed one stopped mid-row
                if header is None:
                    header = f"the header row (line {feeder.start}) could not be read"
                yield Rejected(origin, got.kind, f"line {feeder.start}: {got.reason}", feeder.prefix)
                continue
            if not got or (len(got) == 1 and not got[0].strip()):
                continue  # a blank line is not a record
            if header is None:
                header = _header(got, feeder.start)
                continue
            try:
                if isinstance(header, str):
                    raise InvalidField(header)
                yield _row_capture(header, got, origin)
            except RecordError as exc:
                yield Rejected(origin, exc.kind, f"line {feeder.start}: {exc.reason}", feeder.prefix)


def _next_row(reader: Iterator[list[str]], feeder: _Feeder, limit: int) -> list[str] | _Failure | None:
    """The next row, why it could not be read, or None at the end of the file."""
    try:
        row = next(reader, None)
    except _RowTooLong:
        feeder.skip_rest_of_row()
        return _Failure(RecordTooLarge.kind, f"row is over {limit} bytes ({feeder.size} bytes read)")
    except csv.Error as exc:
        return _Failure(CorruptRecord.kind, f"not valid CSV: {exc}")
    if row is not None and feeder.problem:
        return _Failure(CorruptRecord.kind, feeder.problem)
    return row


def _header(row: list[str], line: int) -> list[str] | str:
    """The column names of the header row, or why it cannot be used."""
    columns = [cell.strip().lower() for cell in row]
    unknown = [c for c in columns if c not in COLUMNS]
    missing = [c for c in REQUIRED if c not in columns]
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    if unknown:
        problem = f"unknown column {quote(unknown[0])} (put additional data in the 'extra' column)"
    elif missing:
        problem = f"required column {missing[0]!r} is missing"
    elif duplicated:
        problem = f"column {duplicated[0]!r} appears twice"
    else:
        return columns
    return f"the header row (line {line}) is unusable: {problem}"


def _row_capture(header: list[str], row: list[str], origin: Origin) -> ImportItem:
    if len(row) != len(header):
        raise InvalidField(f"row has {len(row)} fields, the header has {len(header)}")
    cells = dict(zip(header, row, strict=True))
    raw = json.dumps(cells, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    values: dict[str, object] = {}
    for column, cell in cells.items():
        if column in REQUIRED:
            values[column] = cell
        elif cell.strip() == "":
            values[column] = None
        elif column == "images":
            values[column] = (
                _json_cell(column, cell)
                if cell.lstrip().startswith("[")
                else [part.strip() for part in cell.split("|") if part.strip()]
            )
        elif column == "extra":
            values[column] = _json_cell(column, cell)
        else:
            values[column] = cell
    return ad_capture(validate_row(values), raw, origin)


def _json_cell(column: str, cell: str) -> object:
    try:
        return json.loads(cell)
    except (ValueError, RecursionError) as exc:
        raise InvalidField(f"column {column!r} is not valid JSON: {exc}") from None
