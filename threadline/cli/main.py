"""The ``threadline`` command: one Typer app, thin over the logic layer.

Only this entry point configures logging and turns user errors into one line on stderr.
"""

from __future__ import annotations

import logging
import sys

import typer
from rich.logging import RichHandler

from threadline.cli.common import config_for, out
from threadline.cli.lazy import LazyGroup
from threadline.errors import UserError

# Commands come from threadline.cli.lazy.COMMANDS, each module imported only when its command runs.
app = typer.Typer(
    name="threadline",
    cls=LazyGroup,
    help="Find and follow trafficking networks in online ads: capture, evidence store, extraction, linking.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.command("config")
def config_cmd() -> None:
    """Print every setting with its resolved value and help text."""
    for name, value, help_text in config_for().describe():
        out.print(f"[bold]{name}[/] = {value!r}\n    {help_text} (env THREADLINE_{name.upper()})")


@app.callback()
def main(verbose: bool = typer.Option(False, "--verbose", "-v", help="Log details to stderr.")) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(show_path=False, console=None)],
    )


def run() -> None:
    """Console-script entry point."""
    try:
        app()  # standalone mode: usage errors and Ctrl-C are reported by Typer itself
    except UserError as exc:
        print(f"threadline: error: {exc}", file=sys.stderr)
        sys.exit(2)
