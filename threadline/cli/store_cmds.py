"""CLI commands over the evidence store: ingest, stats, verify, search, ad show."""

from __future__ import annotations

import difflib
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from threadline.cli.common import DbOption, JsonOption, config_for, console, out, print_json, progress_bar
from threadline.cli.stores import open_store
from threadline.errors import UserError
from threadline.ingest.runner import IngestReport, ingest
from threadline.store.records import AdView


def ingest_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders: WARC, WARC.gz, JSONL, CSV, CDR.")],
    db: DbOption = None,
    workers: Annotated[int, typer.Option(help="Worker processes (0 = one per core).")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Import captures into the store (formats detected; damaged records are quarantined, never fatal)."""
    config = config_for(db, workers=workers or None)
    with open_store(config.db) as store, progress_bar() as bar:
        task = bar.add_task("ingest", total=None, rate="")
        started = time.perf_counter()
        done = 0

        def advance(records: int, files_done: int) -> None:
            nonlocal done
            done += records
            rate = done / max(time.perf_counter() - started, 1e-9)
            bar.update(task, advance=records, rate=f"{rate:,.0f} rec/s · files {files_done}")

        report = ingest(store, paths, config, advance)
    if as_json:
        print_json(
            {
                "run_id": report.run_id,
                "totals": report.totals(),
                "seconds": round(report.seconds, 3),
                "files": [f.as_dict() for f in report.files],
            }
        )
    else:
        print_ingest_report(report)


def print_ingest_report(report: IngestReport) -> None:
    table = Table(title=f"ingest run {report.run_id}", show_lines=False)
    for col in ("file", "format", "records", "captures", "skipped", "rejected", "error"):
        table.add_column(col, justify="right" if col not in ("file", "format", "error") else "left")
    for f in report.files:
        table.add_row(
            f.path,
            f.format,
            str(f.records),
            str(f.captures),
            str(f.skipped),
            str(f.rejected),
            Text(f.error or "", style="red"),
        )
    if len(report.files) <= 40:
        console.print(table)
    t = report.totals()
    rate = t["records"] / report.seconds if report.seconds else 0.0
    console.print(
        f"[bold]{t['records']:,}[/] records from {t['files']} files in {report.seconds:.1f}s ({rate:,.0f}/s): "
        f"{t['ads_new']:,} new ads, {t['versions_new']:,} new versions, {t['versions_seen_again']:,} re-seen, "
        f"{t['captures_known']:,} already stored, {t['removed']:,} removals, {t['other_pages']:,} other pages, "
        f"{t['skipped']:,} skipped, [yellow]{t['quarantined']:,} quarantined[/]"
        + (f", [red]{t['files_failed']} files failed[/]" if t["files_failed"] else "")
    )


def stats_cmd(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Counts per site, ads, versions, captures and quarantined records."""
    with open_store(db) as store:
        s = store.stats()
    if as_json:
        print_json(s)
        return
    table = Table(title="sites")
    for col in ("site", "domain", "ads", "versions"):
        table.add_column(col)
    for row in s.sites:
        table.add_row(row["name"], row["domain"] or "", f"{row['ads']:,}", f"{row['versions']:,}")
    out.print(table)
    out.print(
        f"ads {s.ads:,} · versions {s.versions:,} · captures {s.captures:,} · blobs {s.blobs:,} "
        f"({s.blob_bytes / 1e6:,.1f} MB raw) · deleted ads {s.deleted_ads:,} · quarantined {s.quarantined:,} "
        f"· ingest runs {s.runs}"
    )


def verify_cmd(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Recompute every capture's SHA-256 and report any mismatch (exit 1 if any)."""
    with open_store(db) as store, progress_bar() as bar:
        task = bar.add_task("verify", total=store.stats().blobs, rate="")
        checked, problems = store.verify(lambda n: bar.update(task, advance=n))
    if as_json:
        print_json({"checked": checked, "problems": problems})
    else:
        for p in problems:
            console.print(f"[red]MISMATCH[/] {p.sha256}: {p.problem}")
        console.print(f"checked {checked:,} captures: {len(problems)} mismatches")
    if problems:
        raise typer.Exit(1)


def search_cmd(
    text: Annotated[str, typer.Argument(help="Words to find in ad titles, bodies and locations.")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="Most hits to show.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over every ad version."""
    with open_store(db) as store:
        hits = store.search(text, limit)
    if as_json:
        print_json(hits)
        return
    for h in hits:
        out.print(f"[bold]{h.site}[/] {h.site_ad_id}  [dim]{h.first_seen:%Y-%m-%d}[/]  {h.title or ''}")
        out.print(f"    {h.snippet}", highlight=False)
    if not hits:
        console.print("no matches")


def ad_show_cmd(
    site: Annotated[str, typer.Argument(help="Site name, as in `threadline stats`.")],
    ad_id: Annotated[str, typer.Argument(help="The site's own ad id.")],
    versions: Annotated[bool, typer.Option("--versions", help="Show every version with a text diff.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """One ad: its latest version, or every version with what changed."""
    with open_store(db) as store:
        view = store.ad(site, ad_id)
    if as_json:
        print_json(view)
        return
    print_ad(view, versions)


def print_ad(view: AdView, all_versions: bool) -> None:
    if not view.versions:
        raise UserError(f"ad {view.site_ad_id!r} on {view.site!r} was only ever seen removed")
    out.print(f"[bold]{view.site}[/] ad {view.site_ad_id}  {view.url}")
    out.print(
        f"first seen {view.first_seen}  last seen {view.last_seen}  "
        f"{'deleted ' + str(view.deleted_at) if view.deleted_at else ''}  versions {len(view.versions)}"
    )
    shown = view.versions if all_versions else view.versions[-1:]
    previous: list[str] | None = None
    for number, v in enumerate(view.versions):
        lines = [f"title: {v.title or ''}", f"location: {v.location or ''}", *v.body.split("\n")]
        if v in shown:
            out.print(
                f"\n[bold]version {number + 1}[/] seen {v.first_seen} .. {v.last_seen}  capture sha256 "
                f"{v.capture_sha256[:16]}… captured {v.captured_at}"
            )
            if all_versions and previous is not None:
                for line in difflib.unified_diff(previous, lines, lineterm="", n=1):
                    if line.startswith(("---", "+++")):
                        continue
                    style = "green" if line.startswith("+") else "red" if line.startswith("-") else "cyan"
                    out.print(Text(line, style=style))
            else:
                out.print(Text("\n".join(lines)))
        previous = lines
