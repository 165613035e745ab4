"""``threadline simulate``: write a synthetic ad world (the demo, test ground and benchmark load)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from threadline.cli.common import JsonOption, config_for, console, print_json, progress_bar
from threadline.simulate import simulate


def simulate_cmd(
    out: Annotated[Path, typer.Option("--out", help="Folder to write warc/, truth.jsonl and world.json into.")],
    ads: Annotated[
        int | None, typer.Option("--ads", help="Ad versions to generate (default: sim_ads setting).")
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="World seed; same seed, same world.")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes (0 = one per core).")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Generate a synthetic ad world: WARC.gz captures of five fictional sites plus the ground truth."""
    config = config_for(sim_ads=ads, sim_seed=seed)
    with progress_bar() as bar:
        task = bar.add_task("simulate", total=config.sim_ads, rate="")
        started = time.perf_counter()

        def advance(n: int) -> None:
            done = bar.tasks[0].completed + n
            bar.update(task, advance=n, rate=f"{done / max(time.perf_counter() - started, 1e-9):,.0f} versions/s")

        summary = simulate(out, config.sim_ads, config.sim_seed, workers=workers, progress=advance)
    if as_json:
        print_json(
            {
                "out_dir": str(summary.out_dir),
                "seed": summary.seed,
                "sites": summary.sites,
                "ads": summary.ads,
                "versions": summary.versions,
                "captures": summary.captures,
                "posters": dict(summary.posters),
                "warc_bytes": summary.warc_bytes,
                "seconds": round(summary.seconds, 3),
            }
        )
        return
    posters = ", ".join(f"{n:,} {kind}" for kind, n in summary.posters)
    console.print(
        f"wrote {summary.versions:,} ad versions of {summary.ads:,} ads ({summary.captures:,} captures, "
        f"{summary.warc_bytes / 1e6:,.1f} MB WARC) on {len(summary.sites)} sites in {summary.seconds:.1f}s "
        f"({summary.versions_per_second:,.0f} versions/s) to {summary.out_dir}\nposters: {posters}"
    )
