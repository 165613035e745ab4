"""``threadline simulate``: write a synthetic ad world (the demo, test ground and benchmark load)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Annotated

import typer

from threadline.cli.common import JsonOption, config_for, console, print_json, progress_bar
from threadline.errors import ConfigError
from threadline.simulate import simulate
from threadline.simulate.clock import CLOSURE, DAY, epoch, iso
from threadline.simulate.serve import serve_forever


def simulate_cmd(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Folder to write warc/, truth.jsonl and world.json into (with --serve: the truth log)."
        ),
    ] = None,
    ads: Annotated[
        int | None, typer.Option("--ads", help="Ad versions to generate (default: sim_ads setting).")
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="World seed; same seed, same world.")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes (0 = one per core).")] = 0,
    as_json: JsonOption = False,
    serve: Annotated[
        bool, typer.Option("--serve", help="Serve the world as live websites instead of writing WARCs.")
    ] = False,
    port: Annotated[int, typer.Option(help="--serve: the loopback port (0 picks a free one).")] = 8080,
    speed: Annotated[float, typer.Option(help="--serve: simulated seconds per real second.")] = 3600.0,
    start: Annotated[
        str,
        typer.Option(
            help="--serve: simulated time the clock starts at (ISO, UTC); default three days before the closure."
        ),
    ] = "",
) -> None:
    """Generate a synthetic ad world: WARC.gz captures of five fictional sites plus the ground truth."""
    config = config_for(sim_ads=ads, sim_seed=seed)
    if serve:
        _serve(config.sim_ads, config.sim_seed, port, speed, start, out)
        return
    if out is None:
        raise ConfigError("--out is required (or --serve)")
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


def _serve(ads: int, seed: int, port: int, speed: float, start: str, out: Path | None) -> None:
    if speed <= 0:
        raise ConfigError(f"--speed must be positive, got {speed}")
    try:
        begin = epoch(start) if start else CLOSURE - 3 * DAY
    except ValueError:
        raise ConfigError(f"--start must look like 2018-04-03T00:00:00Z, got {start!r}") from None

    async def main() -> None:
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[int] = loop.create_future()
        task = asyncio.create_task(serve_forever(ads, seed, port=port, start=begin, speed=speed, out=out, ready=ready))
        waiting: set[asyncio.Future[object]] = {task, ready}  # type: ignore[arg-type]
        done, _ = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            task.result()  # the server failed to start: raise its error
        console.print(
            f"serving {ads:,} ad versions (seed {seed}) on 127.0.0.1:{ready.result()} from {iso(begin)} at "
            f"{speed:g}x; resolve *.example to 127.0.0.1 (e.g. http://pagelist.example:{ready.result()}/)",
            highlight=False,
        )
        print(f"PORT {ready.result()}", flush=True)  # for scripts and tests that start the server
        await task

    try:
        asyncio.run(main())
    except OSError as exc:
        raise ConfigError(f"cannot serve on port {port}: {exc.strerror}") from None
    except KeyboardInterrupt:
        pass
