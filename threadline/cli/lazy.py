"""Commands loaded on first use: ``threadline ingest`` never imports the web app or the exporters.

Every command module pulls in its own heavy libraries (FastAPI, followthemoney, WeasyPrint, numpy,
SQLAlchemy); importing all of them made every command, even ``threadline stats``, pay seconds of
start-up before doing anything. The table below names each top-level command or group and the
module that implements it; :class:`LazyGroup` imports that module only when the command is invoked
(or when ``--help`` lists every command), the way click documents lazy
subcommands.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import typer

# Typer ships its own copy of click (since 0.26); its group and command classes are typed against it.
from typer._click.core import Command, Context
from typer.core import TyperGroup


@dataclass(frozen=True, slots=True)
class Lazy:
    """Where a top-level command lives: one function, a group of functions, or a Typer app."""

    module: str  # under threadline.cli
    function: str = ""  # a single command
    commands: tuple[tuple[str, str], ...] = ()  # a group: (subcommand, function)
    app: str = ""  # a Typer app the module defines
    help: str = ""  # a group's help text


COMMANDS: dict[str, Lazy] = {
    "simulate": Lazy("simulate_cmd", "simulate_cmd"),
    "ingest": Lazy("store_cmds", "ingest_cmd"),
    "crawl": Lazy("crawl_cmd", "crawl_cmd"),
    "extract": Lazy("extract_cmd", "extract_cmd"),
    "link": Lazy("link_cmds", "link_cmd"),
    "stats": Lazy("store_cmds", "stats_cmd"),
    "verify": Lazy("store_cmds", "verify_cmd"),
    "search": Lazy("store_cmds", "search_cmd"),
    "ad": Lazy("store_cmds", commands=(("show", "ad_show_cmd"),), help="Look at one ad."),
    "network": Lazy(
        "link_cmds",
        commands=(("list", "network_list_cmd"), ("show", "network_show_cmd")),
        help="Networks of linked ads.",
    ),
    "indicators": Lazy("analyze_cmds", "indicators_cmd"),
    "risk": Lazy("analyze_cmds", "risk_cmd"),
    "label": Lazy("analyze_cmds", "label_cmd"),
    "labels": Lazy("analyze_cmds", "labels_cmd"),
    "analyze": Lazy(
        "analytics_cmds",
        commands=(("hotspots", "hotspots_cmd"), ("movement", "movement_cmd"), ("displacement", "displacement_cmd")),
        help="Where activity is and where it went: hotspots, movement, displacement.",
    ),
    "export": Lazy("export_cmds", app="export_app"),
    "tip": Lazy("export_cmds", app="tip_app"),
    "share": Lazy("export_cmds", app="share_app"),
    "verify-package": Lazy("export_cmds", "verify_package_cmd"),
    "serve": Lazy("web_cmds", "serve_cmd"),
    "user": Lazy(
        "web_cmds",
        commands=(
            ("add", "user_add_cmd"),
            ("list", "user_list_cmd"),
            ("disable", "user_disable_cmd"),
            ("enable", "user_enable_cmd"),
        ),
        help="Web app accounts (roles: admin, analyst, viewer).",
    ),
    "token": Lazy(
        "web_cmds",
        commands=(("create", "token_create_cmd"), ("list", "token_list_cmd"), ("revoke", "token_revoke_cmd")),
        help="API tokens for platforms (screening).",
    ),
    "audit": Lazy(
        "web_cmds",
        commands=(("verify", "audit_verify_cmd"), ("show", "audit_show_cmd")),
        help="The tamper-evident audit log.",
    ),
}


def _group_callback() -> None:
    """Makes a Typer app a group even when it has a single subcommand ("ad show", "token create")."""


def load(name: str, spec: Lazy) -> Command:
    """The click command for ``name``, importing its module now."""
    module = importlib.import_module(f"threadline.cli.{spec.module}")
    command: Command
    if spec.app:
        command = typer.main.get_group(getattr(module, spec.app))
    elif spec.function:
        single = typer.Typer(add_completion=False)
        single.command(name)(getattr(module, spec.function))
        command = typer.main.get_command(single)
    else:
        group = typer.Typer(help=spec.help, no_args_is_help=True, add_completion=False)
        group.callback(help=spec.help)(_group_callback)
        for sub, function in spec.commands:
            group.command(sub)(getattr(module, function))
        command = typer.main.get_group(group)
    command.name = name  # a group made from an unnamed Typer app has none
    return command


class LazyGroup(TyperGroup):
    """The top-level group: eager commands as usual, the rest from :data:`COMMANDS` on demand."""

    def list_commands(self, ctx: Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in COMMANDS:
            command = load(cmd_name, COMMANDS[cmd_name])
            self.add_command(command, cmd_name)
        return command
