"""The audit log in and out of an export: the chain-of-custody log a package carries, and the
dissemination record every export and tip leaves.

**Custody**: where each capture came from (ingest run, origin file or crawl, time) and who touched the
subject in Threadline (case edits, views, labels), read from the hash-chained audit log with each
record's sequence number and hash so a recipient can ask for the chain to be re-verified. Only
records up to the export are listed, and dissemination records are left out (they are in the audit
log): otherwise every repeated export would differ from the one before it.

**Dissemination**: what left Threadline, in which format, to whom, why, by whom and when (the audit
record's actor and time), with the SHA-256 of what was handed over so a file found later can be
matched to its record. They are ordinary records of the audit log (action ``export``), so they
cannot be edited or dropped without ``threadline audit verify`` noticing.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from threadline.accounts.audit import AuditRecord, Who, record, show
from threadline.export.data import Bundle
from threadline.store.schema import capture, ingest_run
from threadline.store.store import Store
from threadline.store.webtables import audit_log

ACTION = "export"
NOT_STATED = "not stated"


@dataclass(frozen=True, slots=True)
class Dissemination:
    subject: str  # "case:3", "network:12", "ad:site/id", "share:identifiers"
    format: str  # package, ftm, gexf, graphml, i2, maltego, cdr, legal, cybertipline, hotline, share
    recipient: str
    reason: str
    sha256: str  # of the file (or package manifest) handed over


def describe(d: Dissemination) -> str:
    # JSON keeps recipient and reason, which are free text, from being confused with the other fields.
    return json.dumps(asdict(d), sort_keys=True, ensure_ascii=False)


def cli_who() -> Who:
    return Who(f"cli:{getpass.getuser()}", "cli")


def record_dissemination(store: Store, who: Who, d: Dissemination, now: datetime) -> AuditRecord:
    return record(store, who, ACTION, describe(d), "ok", now)


def disseminations(store: Store, limit: int = 1000) -> list[tuple[AuditRecord, Dissemination]]:
    """Dissemination records, newest first (other ``export`` records, such as ``export ads``, skipped)."""
    out = []
    for r in show(store, action=ACTION, limit=limit):
        try:
            doc = json.loads(r.object)
            out.append((r, Dissemination(**doc)))
        except (ValueError, TypeError):
            continue
    return out


CHUNK = 500


def _objects(bundle: Bundle) -> list[str]:
    """Audit objects naming the subject: the case, its networks and their ads."""
    names = [bundle.subject]
    for ev in bundle.networks:
        names.append(f"network:{ev.network.id}")
        names += [f"ad:{m.site}/{m.site_ad_id}" for m in ev.network.ads]
        names += [f"network:{m.id}" for m in ev.network.ads]
    return sorted(set(names))


def _audit(conn: Connection, objects: Sequence[str]) -> list[dict[str, object]]:
    a = audit_log.c
    out: dict[int, dict[str, object]] = {}
    for i in range(0, len(objects), CHUNK):
        part = objects[i : i + CHUNK]
        cond = sa.or_(
            *(
                sa.or_(
                    a.object == o,
                    a.object.startswith(o + " ", autoescape=True),
                    a.object.startswith(o + "=", autoescape=True),
                )
                for o in part
            )
        )
        # Dissemination records are in the audit log itself, not in the package: listing them would make
        # every repeated export differ from the one before it.
        q = sa.select(audit_log).where(cond, a.action != ACTION)
        for r in conn.execute(q):
            m = r._mapping
            out[m["seq"]] = {
                "source": "audit",
                "seq": m["seq"],
                "at": m["at"].isoformat(),
                "actor": m["actor"],
                "action": m["action"],
                "object": m["object"],
                "outcome": m["outcome"],
                "from": m["source"],
                "sha256": m["sha256"],
            }
    return [out[k] for k in sorted(out)]


def _captures(conn: Connection, bundle: Bundle) -> list[dict[str, object]]:
    ids = [c.id for c in bundle.captures()]
    out: list[dict[str, object]] = []
    c, r = capture.c, ingest_run.c
    for i in range(0, len(ids), CHUNK):
        q = (
            sa.select(c.id, c.sha256, c.url, c.captured_at, c.origin, r.id.label("run"), r.started_at)
            .select_from(capture.join(ingest_run, ingest_run.c.id == capture.c.run_id))
            .where(c.id.in_(ids[i : i + CHUNK]))
            .order_by(c.id)
        )
        out += [
            {
                "source": "capture",
                "capture": x.id,
                "sha256": x.sha256,
                "url": x.url,
                "captured_at": x.captured_at.isoformat(),
                "origin": x.origin,
                "ingest_run": x.run,
                "imported_at": x.started_at.isoformat(),
            }
            for x in conn.execute(q)
        ]
    return out


def custody_jsonl(conn: Connection, bundle: Bundle) -> bytes:
    rows = _captures(conn, bundle) + _audit(conn, _objects(bundle))
    return "".join(json.dumps(row, sort_keys=True, ensure_ascii=False) + "\n" for row in rows).encode()
