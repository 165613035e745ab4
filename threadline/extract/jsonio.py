"""The standalone extractor: text (or JSONL records) on standard input, one JSON object per line out.

``threadline extract --stdin`` reads one ad text per line; with ``--jsonl`` each line is a JSON
object with a ``text`` field and an optional ``location``. Output is one JSON object per input
line, in input order, so ``paste`` or ``jq`` can line results up with inputs. A bad record does not
stop the run: its line becomes ``{"error": "line N: ..."}`` and the next line is read.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import deque
from collections.abc import Iterator
from typing import TextIO

from threadline.extract.api import extract, parallel_map, warm_up

log = logging.getLogger(__name__)

MAX_LINE_CHARS = 8 * 1024 * 1024  # one ad is never this long; a line that is, is an error

Task = tuple[str, str | None] | str  # (text, location) to extract, or an error message to echo


def _parse(line: str, number: int, *, jsonl: bool) -> Task:
    line = line.rstrip("\r\n")
    if len(line) > MAX_LINE_CHARS:
        return f"line {number}: longer than {MAX_LINE_CHARS} characters"
    if not jsonl:
        return (line, None)
    if not line.strip():
        return f"line {number}: empty line, expected a JSON object"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"line {number}: invalid JSON: {exc.msg} at column {exc.colno}"
    if not isinstance(record, dict):
        return f"line {number}: expected a JSON object, got {type(record).__name__}"
    text, location = record.get("text"), record.get("location")
    if not isinstance(text, str):
        return f'line {number}: "text" must be a string' if "text" in record else f'line {number}: missing "text" field'
    if location is not None and not isinstance(location, str):
        return f'line {number}: "location" must be a string or null'
    return (text, location)


def _json_chunk(chunk: list[tuple[str, str | None]], region: str) -> list[str]:
    # Serialised in the worker: JSON text crosses the process boundary more cheaply than objects.
    return [
        json.dumps(extract(text, region=region, location=loc).to_json(), ensure_ascii=False) for text, loc in chunk
    ]


def run_stdin(inp: TextIO, out: TextIO, *, jsonl: bool, region: str = "US", workers: int = 1) -> int:
    """Extract every line of ``inp`` to ``out``. Returns the exit status: 0 when every line was
    read, 1 when at least one line was a bad record (its error object was written in its place)."""
    pending: deque[str | None] = deque()  # per line in order: an error to echo, or None = a result

    def tasks() -> Iterator[tuple[str, str | None]]:
        for number, line in enumerate(inp, 1):
            task = _parse(line, number, jsonl=jsonl)
            if isinstance(task, str):
                pending.append(task)
            else:
                pending.append(None)
                yield task

    bad = 0

    def flush_errors() -> None:
        nonlocal bad
        while pending and pending[0] is not None:
            message = pending.popleft()
            out.write(json.dumps({"error": message}, ensure_ascii=False) + "\n")
            bad += 1

    for result in parallel_map(_json_chunk, tasks(), workers=workers, region=region, chunk_size=64, warm_up=warm_up):
        flush_errors()
        pending.popleft()
        out.write(result + "\n")
    flush_errors()
    out.flush()
    if bad:
        log.info("%d bad record(s) reported in the output", bad)
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    """``python -m threadline.extract.jsonio [--jsonl] [--region US] [--workers N]`` (no CLI needed)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--jsonl", action="store_true", help="lines are JSON records with a text field")
    parser.add_argument("--region", default="US", help="default phone region (ISO code)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (0 = one per core)")
    args = parser.parse_args(argv)
    sys.stdin.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    return run_stdin(sys.stdin, sys.stdout, jsonl=args.jsonl, region=args.region, workers=args.workers)


if __name__ == "__main__":
    raise SystemExit(main())
