"""``threadline indicators``, ``risk``, ``label`` and ``labels``: flags, scores and analyst labels.

Thin over :mod:`threadline.analyze`. Every list shows why: a network's line carries its M.O. and the
facts behind it, ``risk NETWORK`` prints every indicator hit with its evidence. Possible minors are
always listed first, whatever the score.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Sequence
from dataclasses import asdict
from typing import Annotated, Any

import typer
from rich.table import Table

from threadline.analyze.labels import add_label, current_labels, rerank
from threadline.analyze.rules import load_rules
from threadline.analyze.stage import run_analyze
from threadline.cli.common import DbOption, JsonOption, config_for, console, out, print_json, progress_bar
from threadline.cli.stores import open_store
from threadline.errors import NotFound, UserError
from threadline.store import analysis as store_analysis
from threadline.store import links as store_links
from threadline.store.store import Store

DISCLAIMER = "Scores and flags are leads for a human, never verdicts."


def indicators_cmd(
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Re-analyse every version, not only new ones.")] = False,
    list_: Annotated[bool, typer.Option("--list", help="Print the indicator definitions and their sources.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Flag indicators (with evidence) on every version not analysed yet, then score every network."""
    config = config_for(db)
    if list_:
        rules = load_rules(config.indicators_file)
        if as_json:
            print_json({"source": rules.source, "indicators": [asdict(i) for i in rules.indicators]})
            return
        out.print(f"indicators from {rules.source}")
        for i in rules.indicators:
            out.print(
                f"[bold]{i.name}[/] ({i.level}, weight {i.weight:+.2f}) {i.description}\n"
                f"    weight: {i.weight_source} [{i.citation}]",
                highlight=False,
            )
        return
    with open_store(config.db) as store:
        with progress_bar() as bar:
            task = bar.add_task("indicators", total=None, rate="")
            report = run_analyze(store, config, rebuild=rebuild, progress=lambda n: bar.update(task, advance=n))
        with store.connect() as conn:
            top = store_analysis.risk_rows(conn, 10, min_ads=1)
    if as_json:
        print_json({"report": report, "top": [_risk_json(r) for r in top]})
        return
    console.print(
        f"{report.mode} indicator run: {report.versions:,} versions, {report.hits:,} hits "
        f"({report.edit_flags:,} edit flags, {report.low_price:,} low prices), {report.networks:,} networks scored "
        f"in {report.seconds:.1f}s"
    )
    if report.possible_minor_ads:
        console.print(f"[bold red]{report.possible_minor_ads} ads state an age under 18[/]: see `threadline risk`")
    _risk_table(top, "highest risk")


def _risk_json(r: Any) -> dict[str, Any]:
    keys = ("network_id", "ads", "score", "mo", "minors", "contributions", "facts", "features")
    return {k: getattr(r, k) for k in keys}


def _risk_table(rows: Sequence[Any], title: str) -> None:
    table = Table(title=f"{title} — {DISCLAIMER}")
    for col in ("network", "ads", "score", "M.O.", "minors", "why"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            str(r.network_id), str(r.ads), f"{r.score:.2f}", r.mo, str(r.minors or ""), "; ".join(r.facts[:3])
        )
    out.print(table)


def risk_cmd(
    network_id: Annotated[
        int | None, typer.Argument(help="Explain one network (its id is its smallest ad id).")
    ] = None,
    limit: Annotated[int, typer.Option(help="Networks to list.")] = 20,
    min_ads: Annotated[int, typer.Option("--min-ads", help="List networks of at least this many ads.")] = 1,
    by: Annotated[
        str, typer.Option(help="score (the indicator sum) or labels (re-ranked from analyst labels).")
    ] = "score",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Networks ranked by risk (possible minors first), or one network's score taken apart with evidence."""
    config = config_for(db)
    with open_store(config.db) as store:
        if network_id is not None:
            _explain(store, network_id, as_json)
            return
        if by == "labels":
            model, ranked = rerank(store, load_rules(config.indicators_file), config.analyze_min_labels, limit)
            if as_json:
                print_json({"model": model, "networks": ranked})
                return
            if model is None:
                console.print(f"fewer than {config.analyze_min_labels} labels (two of each class): ranked by score")
            else:
                console.print(
                    f"logistic model from {model.labels} labels ({model.positives} trafficking): "
                    f"intercept {model.intercept:+.2f}, score {model.score_coef:+.2f}, "
                    + ", ".join(f"{k} {v:+.2f}" for k, v in model.coefs.items() if abs(v) >= 0.01)
                )
            table = Table(title=f"unlabelled networks by analyst-label model — {DISCLAIMER}")
            for col in ("network", "ads", "score", "P(trafficking | labels)", "M.O."):
                table.add_column(col)
            for r in ranked:
                table.add_row(
                    str(r.network_id),
                    str(r.ads),
                    f"{r.score:.2f}",
                    "-" if r.probability is None else f"{r.probability:.3f}",
                    r.mo,
                )
            out.print(table)
            return
        if by != "score":
            raise UserError(f"--by must be score or labels, not {by!r}")
        with store.connect() as conn:
            rows = store_analysis.risk_rows(conn, limit, min_ads=min_ads)
    if not rows:
        raise NotFound("no network scores yet: run `threadline indicators` first")
    if as_json:
        print_json([_risk_json(r) for r in rows])
    else:
        _risk_table(list(rows), "networks by risk")


def _explain(store: Store, network_id: int, as_json: bool) -> None:
    with store.connect() as conn:
        risk = store_analysis.risk_of(conn, network_id)
        if risk is None:
            raise NotFound(f"no score for network {network_id}: run `threadline indicators`, see `threadline risk`")
        members = store_links.network_ads(conn, network_id)
        hits = store_analysis.hits_of_ads(conn, members)
    label = current_labels(store).get(network_id)
    if as_json:
        print_json({**_risk_json(risk), "label": label, "hits": hits, "note": DISCLAIMER})
        return
    out.print(
        f"[bold]network {network_id}[/]: {risk.ads} ads, score {risk.score:.2f}, M.O. guess {risk.mo}"
        + (f", labelled {label.label} by {label.analyst}" if label else "")
    )
    out.print(DISCLAIMER)
    for fact in risk.facts:
        out.print(f"  {fact}", highlight=False, markup=False)
    out.print("score terms: " + ", ".join(f"{k} {v:+.2f}" for k, v in risk.contributions.items()), highlight=False)
    minors = [h for h in hits if h.name == "possible_minor"]
    for h in minors + [h for h in hits if h.name != "possible_minor"][:60]:
        span = f"[{h.start}:{h.end}]" if h.start is not None else ""
        out.print(f"  ad {h.ad_id} v{h.ad_version_id} {h.name}{span}: {h.evidence}", highlight=False, markup=False)


def label_cmd(
    network_id: Annotated[int, typer.Argument(help="Network id (its smallest ad id).")],
    label: Annotated[str, typer.Argument(help="trafficking, independent, spa, spam or not-relevant.")],
    analyst: Annotated[str | None, typer.Option(help="Who labels (default: $USER).")] = None,
    note: Annotated[str | None, typer.Option(help="Why, in a few words.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Label a network; labels are stored with who and when, and re-rank the rest (`risk --by labels`)."""
    who = analyst or os.environ.get("USER") or getpass.getuser()
    with open_store(db) as store:
        saved = add_label(store, network_id, label, who, note)
    if as_json:
        print_json(saved)
    else:
        console.print(f"network {saved.network_id} labelled {saved.label} by {saved.analyst} at {saved.labelled_at}")


def labels_cmd(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Every network's current label, with who gave it and when."""
    with open_store(db) as store:
        labels = list(current_labels(store).values())
    if as_json:
        print_json(labels)
        return
    table = Table(title="analyst labels")
    for col in ("network", "label", "analyst", "when", "note"):
        table.add_column(col)
    for lab in labels:
        table.add_row(str(lab.network_id), lab.label, lab.analyst, str(lab.labelled_at)[:19], lab.note or "")
    out.print(table)
