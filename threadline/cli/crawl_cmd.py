"""``threadline crawl CONFIG.toml``: capture sites into WARC files and the store, with live progress."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path
from typing import Annotated

import typer
from rich.live import Live

from threadline.capture.crawl.config import load_crawl_config
from threadline.capture.crawl.crawler import Crawler
from threadline.capture.crawl.report import CrawlReport
from threadline.cli.common import DbOption, JsonOption, config_for, console, print_json
from threadline.cli.stores import open_store


def crawl_cmd(
    config_file: Annotated[Path, typer.Argument(help="Crawl file (TOML): sites, schedules, limits; see README.")],
    db: DbOption = None,
    duration: Annotated[
        float | None, typer.Option("--duration", help="Stop after this many seconds (default: until Ctrl-C).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Crawl the sites of CONFIG_FILE: re-visit ads for edits, archive to WARC, ingest as it goes."""
    settings = config_for(db)
    cfg = load_crawl_config(config_file, settings)
    with open_store(settings.db) as store:
        crawler = Crawler(cfg, store)

        async def main() -> CrawlReport:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, crawler.stop)  # finish the batch in hand, save, then stop
            if as_json:
                return await crawler.run(duration)
            with Live(crawler.report.table(), console=console, refresh_per_second=2) as live:
                return await crawler.run(duration, lambda report: live.update(report.table()))

        report = asyncio.run(main())
    if as_json:
        print_json(report.as_dict())
    else:
        console.print(f"stopped: {report.stopped}; WARC files in {cfg.warc_dir}")
