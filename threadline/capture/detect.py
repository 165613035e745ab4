"""Finding input files and telling their formats apart, then handing each to its importer.

``find_inputs`` expands folders (recursively, sorted, hidden files and folders skipped) and decides
each file's format from its name and its first bytes: WARC (``.warc``, ``.warc.gz``), the public
JSONL format or Memex CDR (``.jsonl``, ``.json``, ``.jl``, ``.ndjson``, told apart by whether the
first object has ``raw_content``), and CSV (``.csv``); any of them may be gzip-compressed. Files
without a known extension are recognised by content where that is unambiguous. ARC files are
refused by name, as are files whose format cannot be told: the user must know what was not read.
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from threadline.capture.cdr import read_cdr
from threadline.capture.csv_import import read_csv
from threadline.capture.jsonl import read_jsonl
from threadline.capture.lines import GZIP_MAGIC, Line, LongLine, iter_lines, open_input, open_text_input
from threadline.capture.records import ImportItem
from threadline.capture.warc import read_warc
from threadline.config import Config
from threadline.errors import UserError

log = logging.getLogger(__name__)

Format = Literal["warc", "jsonl", "cdr", "csv"]

_SNIFF = 65536
_FIRST_LINE_MAX = 16 << 20  # a first line longer than this is taken for a CDR page without parsing
_JSON_LINES = (".jsonl", ".json", ".jl", ".ndjson")
_ARC = "ARC files are not supported; convert them to WARC first (for example with warcio or JWAT)"

READERS: dict[str, Callable[[Path, Config], Iterator[ImportItem]]] = {
    "warc": read_warc,
    "jsonl": read_jsonl,
    "cdr": read_cdr,
    "csv": read_csv,
}


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to import and the format it was recognised as."""

    path: Path
    format: Format


def find_inputs(paths: Sequence[Path]) -> list[InputFile]:
    """The files named by ``paths`` (folders expanded), each with its format.

    A named file whose format cannot be told is a UserError; such a file met inside a folder is
    skipped with a warning, so one stray README does not stop the import of a whole archive.
    """
    found: list[InputFile] = []
    seen: set[Path] = set()
    for path in paths:
        if not path.exists():
            raise UserError(f"{path}: no such file or folder")
        if not path.is_dir():
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                found.append(InputFile(path, detect_format(path)))
            continue
        for file in _walk(path):
            key = file.resolve()
            if key in seen:
                continue
            seen.add(key)
            try:
                found.append(InputFile(file, detect_format(file)))
            except UserError as exc:
                # A README or a truth file beside the archives: say so, read the rest. A file named
                # on the command line is different: there the user asked for it, so it is an error.
                log.warning("not read: %s", exc)
    return found


def _walk(root: Path) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def _head(path: Path) -> bytes:
    """The first bytes of the file, inflated when it is gzip-compressed."""
    with open_input(path) as f:
        try:
            head = f.read(_SNIFF)
        except OSError as exc:
            raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None
    if head.startswith(GZIP_MAGIC):
        try:
            return zlib.decompressobj(31).decompress(head, _SNIFF)
        except zlib.error:
            return b""  # damaged from the start; the extension has to decide
    return head


def detect_format(path: Path) -> Format:
    """The format of one file, from its name and first bytes; UserError when it cannot be told."""
    name = path.name.lower()
    stem = name.removesuffix(".gz")
    head = _head(path)
    if stem.endswith(".arc") or head.startswith(b"filedesc://"):
        raise UserError(f"{path}: {_ARC}")
    if stem.endswith(".warc"):
        return "warc"
    if stem.endswith(".csv"):
        return "csv"
    if stem.endswith(_JSON_LINES):
        return _json_kind(path)
    if head.startswith(b"WARC/"):
        return "warc"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return _json_kind(path)
    raise UserError(f"{path}: unknown input format (expected .warc, .warc.gz, .jsonl, .json, .csv, or those with .gz)")


def _json_kind(path: Path) -> Format:
    """JSONL (the public ad format) or CDR, by the keys of the first non-blank line."""
    with open_text_input(path) as stream:
        for line in iter_lines(stream, _FIRST_LINE_MAX):
            if isinstance(line, LongLine):  # only crawled pages make lines this long
                return "cdr"
            if not isinstance(line, Line):  # unreadable: reading it will report why
                return "jsonl"
            text = line.data.lstrip(b"\xef\xbb\xbf").strip()
            if not text:
                continue
            if text.startswith(b"["):
                raise UserError(f"{path}: a JSON array, not JSON lines (one object per line)")
            try:
                first = json.loads(text)
            except (ValueError, RecursionError):
                return "cdr" if b'"raw_content"' in text else "jsonl"
            return "cdr" if isinstance(first, dict) and "raw_content" in first else "jsonl"
    return "jsonl"


def read_input(f: InputFile, limits: Config) -> Iterator[ImportItem]:
    """Every record of ``f`` through the importer of its format."""
    return READERS[f.format](f.path, limits)
