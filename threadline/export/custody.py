"""The chain-of-custody log of an export: where each capture came from (ingest run, origin file or
crawl, time) and who touched the subject in Threadline (case edits, views, labels, earlier
exports), read from the hash-chained audit log with each record's sequence number and hash so a
recipient can ask for the chain to be re-verified.

Only records up to the export are listed and the export's own dissemination record is written after
the package is made, so the package does not depend on itself; the audit log ties the two together
through the manifest's SHA-256 in the dissemination record.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from threadline.export.data import Bundle
from threadline.export.dissemination import ACTION
from threadline.store.schema import capture, ingest_run
from threadline.store.webtables import audit_log

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
