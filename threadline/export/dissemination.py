"""Dissemination records: every export and tip leaves one audit record saying what left Threadline,
in which format, to whom, why, by whom and when (the audit record's actor and time), with the SHA-256
of what was handed over so a file found later can be matched to its record.

They are ordinary records of the hash-chained audit log (action ``export``), so they cannot be
edited or dropped without ``threadline audit verify`` noticing.
"""

from __future__ import annotations

import getpass
import json
from dataclasses import asdict, dataclass
from datetime import datetime

from threadline.accounts.audit import AuditRecord, Who, record, show
from threadline.store.store import Store

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
