"""Pieces every CLI command shares: the --db option, settings, JSON output, progress bars.

Opening the store lives in :mod:`threadline.cli.stores`, so commands that never touch it (``simulate``)
start without importing SQLAlchemy and Alembic (a third of a second).
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, is_dataclass
from datetime import datetime
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from threadline.config import Config, load_config

console = Console(stderr=True)  # human output and progress go to stderr; data (--json) to stdout
out = Console()

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Store URL (default: THREADLINE_DB or sqlite:///threadline.db).", show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]


def config_for(db: str | None = None, **overrides: Any) -> Config:
    return load_config({"db": db, **overrides})


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"cannot encode {type(value).__name__}")


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, default=_default, ensure_ascii=False, indent=2) + "\n")


def progress_bar(transient: bool = False) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=console,
        transient=transient,
        disable=not console.is_terminal and not _force_progress(),
    )


def _force_progress() -> bool:
    # Progress bars are for people; CI logs and pipes get the final summary only.
    return False
