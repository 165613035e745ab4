"""Every export format by name, and the one entry point that writes an export and its dissemination
record: the CLI and the web app both go through :func:`export_file` and :func:`export_package`, so
nothing leaves Threadline without a record of who sent what to whom and why.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from threadline.accounts.audit import Who
from threadline.errors import UserError
from threadline.export import captures, custody, graphs, report, tables
from threadline.export.custody import Dissemination, record_dissemination
from threadline.export.data import Bundle, raw_capture
from threadline.export.package import Package, write_package
from threadline.export.report import render_pdf
from threadline.store.store import Store


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    suffix: str
    help: str
    make: Callable[[Store, Bundle], bytes]


def _with_conn(fn: Callable[..., bytes]) -> Callable[[Store, Bundle], bytes]:
    def make(store: Store, bundle: Bundle) -> bytes:
        with store.connect() as conn:
            return fn(conn, bundle)

    return make


def _cdr(store: Store, bundle: Bundle) -> bytes:
    with store.connect() as conn:
        return captures.cdr_jsonl(conn, bundle.captures())


def _ftm(store: Store, bundle: Bundle) -> bytes:
    with store.connect() as conn:
        sha1 = {c.sha256: hashlib.sha1(raw_capture(conn, c.sha256)).hexdigest() for c in bundle.captures()}
    return graphs.ftm_jsonl(bundle, sha1)


def _warc(store: Store, bundle: Bundle) -> bytes:
    with store.connect() as conn:
        return captures.write_warc(conn, bundle.subject, bundle.captures())


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("ftm", ".ftm.jsonl", "FollowTheMoney entities for Aleph/OpenAleph", _ftm),
        Format("gexf", ".gexf", "graph for Gephi, with start/end dates", lambda s, b: graphs.gexf_bytes(b)),
        Format("graphml", ".graphml", "graph for yEd, Cytoscape, networkx", lambda s, b: graphs.graphml_bytes(b)),
        Format("i2", ".i2.csv", "i2 Analyst's Notebook entity-link-entity CSV", lambda s, b: tables.i2_csv(b)),
        Format("maltego", ".maltego.csv", "Maltego CSV of standard entity types", lambda s, b: tables.maltego_csv(b)),
        Format("cdr", ".cdr.jsonl", "Memex CDR 3.1 JSON lines of the raw captures", _cdr),
        Format("warc", ".warc.gz", "the raw captures as WARC", _warc),
        Format(
            "legal",
            ".legal-process.csv",
            "identifiers with sites and dates, for records requests",
            lambda s, b: tables.legal_csv(b),
        ),
        Format("html", ".html", "the evidence report", lambda s, b: report.render_html(b).encode()),
    )
}


def package_files(store: Store, bundle: Bundle) -> dict[str, bytes]:
    html = report.render_html(bundle)
    return {
        "report.html": html.encode(),
        "report.pdf": render_pdf(html),
        "captures.warc.gz": _warc(store, bundle),
        "custody.jsonl": _with_conn(custody.custody_jsonl)(store, bundle),
        "legal-process.csv": tables.legal_csv(bundle),
    }


def export_file(store: Store, bundle: Bundle, fmt: str, who: Who, recipient: str, reason: str, now: datetime) -> bytes:
    if fmt not in FORMATS:
        raise UserError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    data = FORMATS[fmt].make(store, bundle)
    record_dissemination(
        store, who, Dissemination(bundle.subject, fmt, recipient, reason, hashlib.sha256(data).hexdigest()), now
    )
    return data


def export_package(
    store: Store,
    bundle: Bundle,
    out_dir: Path,
    key: Ed25519PrivateKey,
    who: Who,
    recipient: str,
    reason: str,
    now: datetime,
) -> Package:
    package = write_package(bundle.subject, package_files(store, bundle), out_dir, key)
    record_dissemination(
        store, who, Dissemination(bundle.subject, "package", recipient, reason, package.manifest_sha256), now
    )
    return package
