"""``threadline extract``: the extract stage over the store, or standalone over standard input."""

from __future__ import annotations

import sys
import time
from typing import Annotated

import typer

from threadline.cli.common import DbOption, JsonOption, config_for, console, print_json, progress_bar
from threadline.cli.stores import open_store
from threadline.extract.jsonio import run_stdin
from threadline.extract.stage import run_extract


def extract_cmd(
    stdin: Annotated[
        bool, typer.Option("--stdin", help="Read UTF-8 text lines on stdin, write one JSON object per line.")
    ] = False,
    jsonl: Annotated[
        bool,
        typer.Option(
            "--jsonl", help="With --stdin: lines are JSON records with a `text` field (and optional `location`)."
        ),
    ] = False,
    workers: Annotated[int, typer.Option(help="Worker processes (0 = one per core).")] = 0,
    region: Annotated[
        str | None, typer.Option(help="Default phone region (ISO code); default from settings (US).")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Extract phones (also obfuscated), emails, URLs, handles, payment tags, ages, prices, places and names."""
    config = config_for(db, workers=workers or None, default_region=region)
    if stdin or jsonl:
        status = run_stdin(
            sys.stdin, sys.stdout, jsonl=jsonl, region=config.default_region, workers=config.workers or 0
        )
        raise typer.Exit(status)
    with open_store(config.db) as store, progress_bar() as bar:
        task = bar.add_task("extract", total=store.count_unextracted(), rate="")
        started = time.perf_counter()

        def advance(n: int) -> None:
            done = bar.tasks[0].completed + n
            bar.update(task, advance=n, rate=f"{done / max(time.perf_counter() - started, 1e-9):,.0f} versions/s")

        report = run_extract(store, config, advance)
    if as_json:
        print_json(report)
        return
    kinds = ", ".join(f"{n:,} {k}" for k, n in sorted(report.by_kind.items()))
    rate = report.versions / report.seconds if report.seconds else 0.0
    console.print(
        f"extracted {report.versions:,} versions in {report.seconds:.1f}s ({rate:,.0f}/s): {report.values:,} values"
        + (f" ({kinds})" if kinds else "")
        + ("" if report.versions else " — nothing new to extract")
    )
