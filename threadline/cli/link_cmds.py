"""``threadline link``, ``network list|show`` and ``export ads``: networks from the CLI."""

from __future__ import annotations

import csv
import json
import sys
import time
from dataclasses import asdict
from typing import Annotated, Any

import typer
from rich.table import Table

from threadline.cli.common import DbOption, JsonOption, config_for, console, out, print_json, progress_bar
from threadline.cli.stores import open_store
from threadline.errors import UserError
from threadline.extract.stage import run_extract
from threadline.link.exports import export_ads
from threadline.link.networks import Network, build_network
from threadline.link.stage import run_link
from threadline.store import links as store_links


def link_cmd(
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Recompute every link instead of only what is new.")
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Link ads into networks by shared identifiers and text templates (extracts new versions first)."""
    config = config_for(db)
    with open_store(config.db) as store:
        pending = store.count_unextracted()
        with progress_bar() as bar:
            if pending:
                task = bar.add_task("extract", total=pending, rate="")
                run_extract(store, config, lambda n: bar.update(task, advance=n))
            link_task = bar.add_task("link", total=None, rate="")
            report = run_link(store, config, rebuild=rebuild, progress=lambda n: bar.update(link_task, advance=n))
        with store.connect() as conn:
            top = store_links.list_networks(conn, "size", 5)
    if as_json:
        print_json({"report": asdict(report), "largest": top})
        return
    console.print(
        f"{report.mode} link run: {report.ads:,} ads in {report.seconds:.1f}s, {report.links:,} links, "
        f"{report.retracted:,} retracted, {report.networks_changed:,} networks changed, {report.hubs:,} hubs"
        + (" — a rebuild is advised (boilerplate found late)" if report.rebuild_advised else "")
    )
    print_network_table(top, "largest networks")


def print_network_table(rows: list[dict[str, Any]], title: str) -> None:
    table = Table(title=title)
    for col in ("network", "ads", "sites", "first seen", "last seen"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            str(r["network_id"]), f"{r['ads']:,}", str(r["sites"]), str(r["first_seen"])[:16], str(r["last_seen"])[:16]
        )
    out.print(table)


def network_list_cmd(
    sort: Annotated[str, typer.Option(help="size or recent.")] = "size",
    limit: Annotated[int, typer.Option(help="Most networks to list.")] = 20,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Networks of two or more ads, largest (or most recently active) first."""
    if sort not in ("size", "recent"):
        raise UserError(f"--sort must be size or recent, not {sort!r}")
    with open_store(db) as store, store.connect() as conn:
        rows = store_links.list_networks(conn, sort, limit)
    if as_json:
        print_json(rows)
    else:
        print_network_table(rows, f"networks by {sort}")


def network_show_cmd(
    network_id: Annotated[int, typer.Argument(help="Network id (the smallest ad id in it).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """One network: ads, identifiers, sites, cities, time span, links with reasons, templates."""
    with open_store(db) as store:
        net = build_network(store, network_id)
    if as_json:
        print_json(net)
        return
    print_network(net)


def print_network(net: Network) -> None:
    out.print(
        f"[bold]network {net.id}[/]: {len(net.ads)} ads, {net.versions} versions, {net.first_seen} .. "
        f"{net.last_seen} ({net.ads_per_day} ads/day)"
    )
    out.print(f"sites: {net.sites}")
    out.print("cities: " + ", ".join(f"{c.name}, {c.region} ({c.ads})" for c in net.cities))
    for label, values in (
        ("phones", net.phones),
        ("emails", net.emails),
        ("handles", net.handles),
        ("payment", net.payment),
        ("names", net.names),
        ("ages", net.ages),
    ):
        if values:
            out.print(f"{label}: {', '.join(map(str, values))}", highlight=False)
    out.print(f"links: {net.link_reasons}")
    for t in net.templates[:5]:
        out.print(f"[bold]template[/] ({len(t.ads)} ads): {t.text}", highlight=False, markup=False)
    table = Table(title="ads")
    for col in ("ad", "site", "site ad id", "first seen", "versions", "title"):
        table.add_column(col)
    for m in net.ads[:50]:
        table.add_row(str(m.id), m.site, m.site_ad_id, str(m.first_seen)[:16], str(m.versions), m.title or "")
    out.print(table)


def export_ads_cmd(
    what: Annotated[str, typer.Argument(help="What to export: ads.")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl or csv.")] = "jsonl",
    db: DbOption = None,
) -> None:
    """Export one row per ad (latest version): site, ad_id, url, network_id, phones, emails, ages."""
    if what != "ads":
        raise UserError(f"unknown export {what!r}; try `threadline export ads`")
    if fmt not in ("jsonl", "csv"):
        raise UserError(f"--format must be jsonl or csv, not {fmt!r}")
    started = time.perf_counter()
    with open_store(db) as store:
        rows = export_ads(store)
        if fmt == "jsonl":
            for row in rows:
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            writer = csv.writer(sys.stdout)
            writer.writerow(["site", "ad_id", "url", "network_id", "phones", "emails", "ages"])
            for row in rows:
                writer.writerow(
                    [
                        row["site"],
                        row["ad_id"],
                        row["url"],
                        row["network_id"],
                        "|".join(row["phones"]),
                        "|".join(row["emails"]),
                        "|".join(map(str, row["ages"])),
                    ]
                )
    console.print(f"exported in {time.perf_counter() - started:.1f}s")
