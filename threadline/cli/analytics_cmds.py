"""``threadline analyze hotspots|movement NETWORK|displacement --site SITE``: where activity is and
where it went, as tables, ``--json``, and self-contained HTML charts (``--chart FILE``)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from threadline.analyze import charts
from threadline.analyze.displacement import NOT_SEEN, displacement
from threadline.analyze.hotspots import hotspots
from threadline.analyze.movement import network_movement
from threadline.cli.common import DbOption, JsonOption, config_for, console, out, print_json
from threadline.cli.stores import open_store
from threadline.errors import UserError
from threadline.store import analysis as store_analysis

ChartOption = Annotated[Path | None, typer.Option("--chart", help="Also write a self-contained HTML chart here.")]
DateOption = Annotated[str | None, typer.Option("--date", help="ISO date or time (UTC), e.g. 2018-04-06.")]


def _date(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise UserError(f"--date must be an ISO date such as 2018-04-06 or 2018-04-06T18:00, not {text!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def hotspots_cmd(
    date: DateOption = None,
    days: Annotated[int, typer.Option(help="Length of the period (and of the one it is compared with).")] = 7,
    top: Annotated[int, typer.Option(help="Cities to list.")] = 20,
    chart: ChartOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Ads, new ads and networks per city x site x week; top cities by risk-weighted activity, with trend."""
    if days < 1:
        raise UserError("--days must be at least 1")
    with open_store(db) as store, store.connect() as conn:
        ads = store_analysis.ad_rows(conn)
        scores = {r.network_id: r.score for r in store_analysis.risk_rows(conn)}
    h = hotspots(ads, scores, until=_date(date), days=days, top=top)
    if chart:
        weeks: dict[str, float] = {}
        for cell in h.cells:
            weeks[cell.week] = weeks.get(cell.week, 0) + cell.new_ads
        charts.write(
            chart,
            "Hotspots",
            [
                charts.bars(
                    f"Top cities by risk-weighted activity, {h.period_start:%Y-%m-%d} to {h.period_end:%Y-%m-%d}",
                    [(c.city, c.risk_weighted) for c in h.cities],
                ),
                charts.line("New ads per week (all cities and sites)", sorted(weeks.items())),
            ],
        )
    if as_json:
        print_json(h)
        return
    if not scores:
        console.print("no network scores yet (run `threadline indicators`): risk weights are zero")
    table = Table(title=f"top cities {h.period_start:%Y-%m-%d} .. {h.period_end:%Y-%m-%d} vs the {days} days before")
    for col in ("city", "risk-weighted", "active ads", "new ads", "before", "trend"):
        table.add_column(col)
    for c in h.cities:
        trend = "new" if c.change is None else f"{100 * c.change:+.0f}%"
        table.add_row(c.city, f"{c.risk_weighted:,.1f}", str(c.ads), str(c.new_ads), str(c.previous_ads), trend)
    out.print(table)
    cells = Table(title="busiest city x site x week cells (newest weeks first)")
    for col in ("week", "city", "site", "ads", "new ads", "networks"):
        cells.add_column(col)
    for cell in h.cells[:top]:
        cells.add_row(cell.week, cell.city, cell.site, str(cell.ads), str(cell.new_ads), str(cell.networks))
    out.print(cells)


def movement_cmd(
    network_id: Annotated[int, typer.Argument(help="Network id (its smallest ad id).")],
    chart: ChartOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """A network's circuit: the cities it advertised in, in order, with dates; its most frequent moves."""
    with open_store(db) as store:
        m = network_movement(store, network_id)
    if chart:
        stops = [(s.city, s.lat, s.lon, f"{s.first_seen:%Y-%m-%d} - {s.last_seen:%Y-%m-%d}") for s in m.stops]
        charts.write(chart, f"Movement of network {network_id}", [charts.circuit("Circuit (visiting order)", stops)])
    if as_json:
        print_json(m)
        return
    out.print(
        f"[bold]network {network_id}[/]: {m.ads} ads, {m.cities} cities, {len(m.stops)} stops, "
        f"{m.km:,.0f} km along the circuit ({m.ads_without_city} ads without a known city)"
    )
    table = Table(title="circuit")
    for col in ("#", "city", "from", "to", "ads", "sites"):
        table.add_column(col)
    for i, s in enumerate(m.stops, 1):
        table.add_row(
            str(i), s.city, f"{s.first_seen:%Y-%m-%d}", f"{s.last_seen:%Y-%m-%d}", str(s.ads), ", ".join(s.sites)
        )
    out.print(table)
    for mv in m.moves[:10]:
        out.print(f"  {mv.origin} -> {mv.destination}: {mv.times}x ({mv.km:,.0f} km)", highlight=False)


def displacement_cmd(
    site: Annotated[str, typer.Option("--site", help="The site that closed (or that you ask about).")],
    date: DateOption = None,
    lookback_days: Annotated[
        int | None,
        typer.Option("--lookback-days", help="Active = seen this many days before the closure (default: the setting)."),
    ] = None,
    chart: ChartOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Where the networks of a closed site reappeared (sites, cities, days after) and the share not seen again."""
    config = config_for(db)
    with open_store(config.db) as store, store.connect() as conn:
        ads = store_analysis.ad_rows(conn)
    d = displacement(ads, site, _date(date), lookback_days or config.analyze_lookback_days)
    if chart:
        items = [(x.site, 100 * x.share) for x in d.destinations] + [(NOT_SEEN, 100 * d.share_not_seen_again)]
        charts.write(chart, f"Displacement from {site}", [charts.bars("Share of networks by destination", items, "%")])
    if as_json:
        print_json(d)
        return
    how = "detected: its ads stop" if d.closure_detected else "given"
    out.print(
        f"[bold]{site}[/] closure {d.closure:%Y-%m-%d %H:%M} UTC ({how}); {d.cohort} networks active in the "
        f"{d.lookback_days} days before"
    )
    table = Table(title="where they reappeared")
    for col in ("destination", "networks", "share", "median days after", "top cities"):
        table.add_column(col)
    for x in d.destinations:
        cities = ", ".join(f"{c} ({n})" for c, n in x.cities[:4])
        table.add_row(x.site, str(x.networks), f"{100 * x.share:.1f}%", f"{x.median_days}", cities)
    table.add_row(NOT_SEEN, str(d.not_seen_again), f"{100 * d.share_not_seen_again:.1f}%", "", "")
    out.print(table)
