"""``threadline serve``, ``user add|list|disable|enable``, ``token create|list|revoke`` and ``audit verify|show``.

Thin over :mod:`threadline.accounts` and :mod:`threadline.web`. Admin actions from the command line
are audited like the web's, with the actor ``cli:<os user>`` and the source ``cli``.
"""

from __future__ import annotations

import getpass
import secrets
import sys
from datetime import UTC, datetime
from typing import Annotated

import typer
import uvicorn
from rich.table import Table

from threadline.accounts import audit as audit_log
from threadline.accounts.audit import Who
from threadline.accounts.tokens import SCOPES, create_token, list_tokens, revoke_token
from threadline.accounts.users import add_user, disable_user, enable_user, list_users, parse_role
from threadline.cli.common import DbOption, JsonOption, config_for, console, out, print_json
from threadline.cli.stores import open_store
from threadline.errors import UserError
from threadline.store.store import Store
from threadline.web.app import create_app


def _who() -> Who:
    return Who(f"cli:{getpass.getuser()}", "cli")


def _now() -> datetime:
    return datetime.now(UTC)


def serve_cmd(
    host: Annotated[str | None, typer.Option("--host", help="Address to listen on (default: web_host).")] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port to listen on (default: web_port).")] = None,
    db: DbOption = None,
) -> None:
    """Start the web app and REST API on the store (Ctrl-C stops it)."""
    config = config_for(db, web_host=host, web_port=port)
    store = Store.open(config.db)
    try:
        app = create_app(store, config)
        console.print(f"Threadline is at http://{config.web_host}:{config.web_port}/ (API docs at /api/docs)")
        if not list_users(store):
            console.print("[yellow]no users yet[/]: create one with `threadline user add NAME --role admin`")
        uvicorn.run(app, host=config.web_host, port=config.web_port, log_level="warning", proxy_headers=False)
    finally:
        store.close()


def _read_password(generate: bool, from_stdin: bool) -> str:
    if generate:
        return secrets.token_urlsafe(12)
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = typer.prompt("password", hide_input=True)
    if typer.prompt("again", hide_input=True) != first:
        raise UserError("the two passwords differ")
    return str(first)


def user_add_cmd(
    name: Annotated[str, typer.Argument(help="User name (no spaces).")],
    role: Annotated[str, typer.Option("--role", help="admin, analyst or viewer.")] = "analyst",
    generate: Annotated[bool, typer.Option("--generate-password", help="Make a random password and print it.")] = False,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")] = False,
    db: DbOption = None,
) -> None:
    """Add a user who can log in to the web app."""
    password = _read_password(generate, password_stdin)
    with open_store(db) as store:
        user = add_user(store, _who(), name, parse_role(role), password, _now())
    if generate:
        out.print(f"added user {user.name} ({user.role.name}) with password: {password}", highlight=False)
    else:
        console.print(f"added user {user.name} ({user.role.name})")


def user_list_cmd(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List users with role and state."""
    with open_store(db) as store:
        users = list_users(store)
    if as_json:
        print_json([{"name": u.name, "role": u.role.name, "disabled": u.disabled,
                     "locked_until": u.locked_until, "created_at": u.created_at} for u in users])  # fmt: skip
        return
    table = Table()
    for col in ("name", "role", "state", "created"):
        table.add_column(col)
    now = _now()
    for u in users:
        locked = u.locked_until is not None and u.locked_until > now
        state = "disabled" if u.disabled else "locked" if locked else "active"
        table.add_row(u.name, u.role.name, state, u.created_at.strftime("%Y-%m-%d %H:%M"))
    out.print(table)


def user_disable_cmd(name: Annotated[str, typer.Argument(help="User name.")], db: DbOption = None) -> None:
    """Disable a user; their sessions end at once."""
    with open_store(db) as store:
        disable_user(store, _who(), name, _now())
    console.print(f"disabled user {name}")


def user_enable_cmd(name: Annotated[str, typer.Argument(help="User name.")], db: DbOption = None) -> None:
    """Let a disabled or locked-out user log in again (the password is unchanged)."""
    with open_store(db) as store:
        enable_user(store, _who(), name, _now())
    console.print(f"enabled user {name}")


def token_create_cmd(
    name: Annotated[str, typer.Argument(help="A name for the API client, e.g. the platform.")],
    scope: Annotated[str, typer.Option("--scope", help=f"One of: {', '.join(SCOPES)}.")] = "screen",
    db: DbOption = None,
) -> None:
    """Create an API token (printed once; only its hash is stored)."""
    with open_store(db) as store:
        token = create_token(store, _who(), name, scope, _now())
    console.print(f"token {token.name} (scope {token.scope}); keep it secret, it is not shown again:")
    out.print(token.secret, highlight=False)


def token_list_cmd(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List API tokens (names, scopes, who made them, revoked or live); secrets are never stored."""
    with open_store(db) as store:
        tokens = list_tokens(store)
    if as_json:
        print_json([{"name": t.name, "scope": t.scope, "created_by": t.created_by, "created_at": t.created_at,
                     "revoked": t.disabled} for t in tokens])  # fmt: skip
        return
    table = Table()
    for col in ("name", "scope", "state", "created", "by"):
        table.add_column(col)
    for t in tokens:
        state = "revoked" if t.disabled else "live"
        table.add_row(t.name, t.scope, state, t.created_at.strftime("%Y-%m-%d %H:%M"), t.created_by)
    out.print(table)


def token_revoke_cmd(name: Annotated[str, typer.Argument(help="Token name.")], db: DbOption = None) -> None:
    """Revoke an API token: every server refuses it within 5 seconds."""
    with open_store(db) as store:
        revoke_token(store, _who(), name, _now())
    console.print(f"revoked token {name}")


def audit_verify_cmd(db: DbOption = None) -> None:
    """Check the audit log's hash chain: any edited, deleted or reordered record is reported."""
    with open_store(db) as store:
        checked, problems = audit_log.verify(store)
    for p in problems:
        console.print(f"[red]record {p.seq}[/]: {p.problem}")
    if problems:
        raise typer.Exit(1)
    console.print(f"audit log intact: {checked:,} records")


def _when(text: str | None, option: str) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise UserError(f"{option}: not a date or time: {text!r} (use YYYY-MM-DD or YYYY-MM-DDTHH:MM)") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def audit_show_cmd(
    user: Annotated[str | None, typer.Option("--user", help="Only this actor.")] = None,
    action: Annotated[str | None, typer.Option("--action", help="Only this action (login, view-ad, ...).")] = None,
    obj: Annotated[str | None, typer.Option("--object", help="Only objects containing this text.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="From this time (UTC).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Before this time (UTC).")] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many records, newest first.")] = 100,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show audit records, newest first, filtered."""
    if action and action not in audit_log.ACTIONS:
        raise UserError(f"unknown action {action!r}: one of {', '.join(audit_log.ACTIONS)}")
    with open_store(db) as store:
        rows = audit_log.show(store, actor=user, action=action, object_contains=obj, since=_when(since, "--since"),
                              until=_when(until, "--until"), limit=limit)  # fmt: skip
    if as_json:
        print_json(rows)
        return
    table = Table()
    for col in ("#", "time (UTC)", "actor", "action", "object", "outcome", "source"):
        table.add_column(col)
    for r in rows:
        table.add_row(str(r.seq), r.at.strftime("%Y-%m-%d %H:%M:%S"), r.actor, r.action, r.object, r.outcome, r.source)
    out.print(table)
