"""The ``threadline`` command: one Typer app, thin over the logic layer.

Only this entry point configures logging and turns user errors into one line on stderr.
"""

from __future__ import annotations

import logging
import sys

import typer
from rich.logging import RichHandler

from threadline.cli import (
    analytics_cmds,
    analyze_cmds,
    crawl_cmd,
    export_cmds,
    extract_cmd,
    link_cmds,
    simulate_cmd,
    store_cmds,
    web_cmds,
)
from threadline.cli.common import config_for, out
from threadline.errors import UserError

app = typer.Typer(
    name="threadline",
    help="Find and follow trafficking networks in online ads: capture, evidence store, extraction, linking.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
ad_app = typer.Typer(help="Look at one ad.", no_args_is_help=True)
app.add_typer(ad_app, name="ad")
network_app = typer.Typer(help="Networks of linked ads.", no_args_is_help=True)
app.add_typer(network_app, name="network")
analyze_app = typer.Typer(help="Where activity is and where it went: hotspots, movement, displacement.",
                          no_args_is_help=True)  # fmt: skip
app.add_typer(analyze_app, name="analyze")

user_app = typer.Typer(help="Web app accounts (roles: admin, analyst, viewer).", no_args_is_help=True)
app.add_typer(user_app, name="user")
token_app = typer.Typer(help="API tokens for platforms (screening).", no_args_is_help=True)
app.add_typer(token_app, name="token")
audit_app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")

app.command("simulate")(simulate_cmd.simulate_cmd)
app.command("ingest")(store_cmds.ingest_cmd)
app.command("crawl")(crawl_cmd.crawl_cmd)
app.command("extract")(extract_cmd.extract_cmd)
app.command("link")(link_cmds.link_cmd)
app.add_typer(export_cmds.export_app, name="export")
app.add_typer(export_cmds.tip_app, name="tip")
app.add_typer(export_cmds.share_app, name="share")
app.command("verify-package")(export_cmds.verify_package_cmd)
network_app.command("list")(link_cmds.network_list_cmd)
network_app.command("show")(link_cmds.network_show_cmd)
app.command("indicators")(analyze_cmds.indicators_cmd)
app.command("risk")(analyze_cmds.risk_cmd)
app.command("label")(analyze_cmds.label_cmd)
app.command("labels")(analyze_cmds.labels_cmd)
analyze_app.command("hotspots")(analytics_cmds.hotspots_cmd)
analyze_app.command("movement")(analytics_cmds.movement_cmd)
analyze_app.command("displacement")(analytics_cmds.displacement_cmd)
app.command("stats")(store_cmds.stats_cmd)
app.command("verify")(store_cmds.verify_cmd)
app.command("search")(store_cmds.search_cmd)
ad_app.command("show")(store_cmds.ad_show_cmd)
app.command("serve")(web_cmds.serve_cmd)
user_app.command("add")(web_cmds.user_add_cmd)
user_app.command("list")(web_cmds.user_list_cmd)
user_app.command("disable")(web_cmds.user_disable_cmd)
token_app.command("create")(web_cmds.token_create_cmd)
audit_app.command("verify")(web_cmds.audit_verify_cmd)
audit_app.command("show")(web_cmds.audit_show_cmd)


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
