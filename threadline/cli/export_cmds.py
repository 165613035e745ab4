"""``threadline export ads|case|network``, ``verify-package``, ``tip cybertipline|hotline`` and
``share export|match``: evidence and findings leaving Threadline, each with a dissemination record.
"""

from __future__ import annotations

import getpass
import hashlib
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from threadline.cli import link_cmds
from threadline.cli.common import DbOption, JsonOption, config_for, console, print_json
from threadline.cli.stores import open_store
from threadline.errors import UserError
from threadline.export import package, share, tips
from threadline.export.custody import NOT_STATED, Dissemination, cli_who, record_dissemination
from threadline.export.data import Bundle, ad_bundle, case_bundle, network_bundle
from threadline.export.formats import FORMATS, export_file, export_package
from threadline.export.package import verify_package
from threadline.store.store import Store

export_app = typer.Typer(help="Evidence packages and exports to analysts' tools.", no_args_is_help=True)
tip_app = typer.Typer(help="Tips for NCMEC's CyberTipline and the Human Trafficking Hotline.", no_args_is_help=True)
share_app = typer.Typer(help="Share identifiers as keyed hashes; match a partner's file.", no_args_is_help=True)

FormatOption = Annotated[str, typer.Option("--format", help=f"package or one of: {', '.join(FORMATS)}.")]
OutOption = Annotated[Path | None, typer.Option("--out", help="Package folder (a ZIP is written beside it) or file.")]
ToOption = Annotated[str, typer.Option("--to", help="Recipient, for the dissemination record.")]
ReasonOption = Annotated[str, typer.Option("--reason", help="Why it is sent (legal process, referral...).")]
KeyOption = Annotated[
    Path | None, typer.Option("--key-file", help="Ed25519 signing key (PEM; default: export_signing_key setting).")
]
SharedKey = Annotated[Path, typer.Option("--key-file", help="Key agreed with the partner (32+ random bytes).")]


def _now() -> datetime:
    return datetime.now(UTC)


def _subject(store: Store, ref: str) -> Bundle:
    """``12`` is a network (or the network holding ad 12); ``site/ad id`` is one ad."""
    if "/" in ref:
        site_name, _, site_ad_id = ref.partition("/")
        return ad_bundle(store, site_name.strip(), site_ad_id.strip())
    try:
        return network_bundle(store, int(ref))
    except ValueError:
        raise UserError(f"not a network id or site/ad id: {ref!r}") from None


def _write(data: bytes, out: Path | None) -> None:
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise UserError(f"cannot write {out}: {exc.strerror}") from None
    console.print(f"wrote {out} ({len(data):,} bytes)")


def _emit(
    store: Store,
    bundle: Bundle,
    fmt: str,
    out: Path | None,
    key_file: Path | None,
    to: str,
    reason: str,
    db: str | None,
) -> None:
    if fmt == "package":
        if out is None:
            raise UserError("a package needs --out DIR")
        key = package.load_or_create(key_file or package.signing_key_path(config_for(db)))
        made = export_package(
            store,
            bundle,
            out,
            key,
            cli_who(),
            to,
            reason,
            _now(),
        )
        console.print(
            f"package {made.folder} and {made.zip_path}: {made.files} files, manifest SHA-256 {made.manifest_sha256}"
        )
    else:
        _write(export_file(store, bundle, fmt, cli_who(), to, reason, _now()), out)


@export_app.command("ads")
def export_ads(
    fmt: Annotated[str, typer.Option("--format", help="jsonl or csv.")] = "jsonl", db: DbOption = None
) -> None:
    """Export one row per ad (latest version): site, ad_id, url, network_id, phones, emails, ages."""
    link_cmds.export_ads_cmd("ads", fmt, db)


@export_app.command("case")
def export_case(
    case_id: int,
    out: OutOption = None,
    fmt: FormatOption = "package",
    key_file: KeyOption = None,
    to: ToOption = NOT_STATED,
    reason: ReasonOption = NOT_STATED,
    db: DbOption = None,
) -> None:
    """A case's evidence package (folder + signed ZIP), or the case in one --format."""
    with open_store(db) as store:
        _emit(store, case_bundle(store, case_id), fmt, out, key_file, to, reason, db)


@export_app.command("network")
def export_network(
    ref: Annotated[str, typer.Argument(help="Network id (or site/ad id for one ad).")],
    out: OutOption = None,
    fmt: FormatOption = "package",
    key_file: KeyOption = None,
    to: ToOption = NOT_STATED,
    reason: ReasonOption = NOT_STATED,
    db: DbOption = None,
) -> None:
    """A network's evidence package, or the network in one --format."""
    with open_store(db) as store:
        _emit(store, _subject(store, ref), fmt, out, key_file, to, reason, db)


def verify_package_cmd(
    path: Annotated[Path, typer.Argument(help="Package folder or ZIP.")],
    public_key: Annotated[Path | None, typer.Option("--public-key", help="PEM key the sender gave you.")] = None,
) -> None:
    """Re-check every file's SHA-256 and the manifest signature; report any change (exit 1)."""
    pinned = public_key.read_bytes() if public_key else None
    result = verify_package(path, pinned)
    for problem in result.problems:
        console.print(f"[red]CHANGED[/] {problem}")
    if not result.ok:
        raise typer.Exit(1)
    console.print(f"OK: {result.files} files match the signed manifest")


@tip_app.command("cybertipline")
def tip_cybertipline(
    ref: Annotated[str, typer.Argument(help="Network id or site/ad id.")],
    reporter: Annotated[str, typer.Option(help="Reporting person.")] = getpass.getuser(),
    reporter_email: Annotated[str | None, typer.Option(help="Reporter's e-mail.")] = None,
    out: OutOption = None,
    to: ToOption = "NCMEC CyberTipline",
    reason: ReasonOption = NOT_STATED,
    db: DbOption = None,
) -> None:
    """A CyberTipline-style XML report, checked against the schema kept in the repository."""
    with open_store(db) as store:
        bundle = _subject(store, ref)
        if not tips.minors_stated(bundle):
            console.print(
                "[yellow]note[/]: no ad here states an age under 18; the CyberTipline is for child "
                "exploitation (for adults, see `threadline tip hotline`)"
            )
        data = tips.cybertipline_xml(bundle, reporter, reporter_email)
        record_dissemination(
            store, cli_who(), Dissemination(bundle.subject, "cybertipline", to, reason, _sha(data)), _now()
        )
    _write(data, out)


@tip_app.command("hotline")
def tip_hotline(
    ref: Annotated[str, typer.Argument(help="Network id or site/ad id.")],
    reporter: Annotated[str, typer.Option(help="Who is reporting.")] = getpass.getuser(),
    out: OutOption = None,
    to: ToOption = "National Human Trafficking Hotline",
    reason: ReasonOption = NOT_STATED,
    db: DbOption = None,
) -> None:
    """A plain-language summary for the National Human Trafficking Hotline's web form."""
    with open_store(db) as store:
        bundle = _subject(store, ref)
        data = tips.hotline_text(bundle, reporter).encode()
        record_dissemination(store, cli_who(), Dissemination(bundle.subject, "hotline", to, reason, _sha(data)), _now())
    _write(data, out)


@share_app.command("export")
def share_export_cmd(
    key_file: SharedKey,
    out: OutOption = None,
    to: ToOption = NOT_STATED,
    reason: ReasonOption = NOT_STATED,
    db: DbOption = None,
) -> None:
    """Every identifier as an HMAC-SHA-256 keyed hash with counts and dates; no ad text."""
    key = share.read_key(key_file)
    with open_store(db) as store:
        data = share.share_export(store, key)
        record_dissemination(
            store, cli_who(), Dissemination("share:identifiers", "share", to, reason, _sha(data)), _now()
        )
    _write(data, out)


@share_app.command("match")
def share_match_cmd(
    file: Annotated[Path, typer.Argument(help="A partner's share file.")],
    key_file: SharedKey,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Which of a partner's hashed identifiers this store holds too, and in which networks."""
    key = share.read_key(key_file)
    try:
        partner = file.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {file}: {exc.strerror}") from None
    with open_store(db) as store:
        matches = share.share_match(store, key, partner)
    if as_json:
        print_json([asdict(m) for m in matches])
        return
    for m in matches:
        console.print(
            f"{m.kind} {m.value}: here in networks {', '.join(map(str, m.local_networks))} "
            f"({m.local_ads} ads); partner: {m.partner_ads} ads, {m.partner_first_seen}..{m.partner_last_seen}"
        )
    console.print(f"{len(matches)} shared identifiers")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
