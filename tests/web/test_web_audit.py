"""Audit: each audited action writes exactly one record; edits, deletions and reordering behind the
application's back (append-only triggers dropped, as an attacker with database access would) are
detected by ``audit verify``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner
from web_helpers import Clock, WebClient, log_in
from web_world import build

from threadline.accounts import audit
from threadline.cli.main import app as cli
from threadline.config import Config
from threadline.store.store import Store
from threadline.store.webtables import audit_log


def _count(store: Store) -> int:
    with store.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(audit_log)).scalar_one())


def _last(store: Store) -> audit.AuditRecord:
    return audit.show(store, limit=1)[0]


def test_each_action_writes_exactly_one_record(
    store: Store, web_config: Config, tmp_path: Path, login: Callable[[str], WebClient], anon: WebClient
) -> None:
    build(store, web_config, tmp_path)
    analyst, admin, outsider = login("analyst"), login("admin"), login("analyst2")

    def one(action: str, do: Callable[[], object], outcome: str = "ok") -> None:
        before = _count(store)
        do()
        assert _count(store) == before + 1, action
        last = _last(store)
        assert (last.action, last.outcome) == (action, outcome)
        assert last.source and last.actor

    one("login-failed", lambda: log_in(anon, "viewer", "not the password"), "bad-credentials")
    one("login", lambda: log_in(anon, "viewer"))
    one("case-create", lambda: analyst.form("/cases", {"title": "Vegas circuit"}))
    one("case-add", lambda: analyst.form("/cases/1/items", {"kind": "network", "ref": "1"}))
    one("case-note", lambda: analyst.form("/cases/1/notes", {"text": "call the hotline liaison"}))
    one("case-status", lambda: analyst.form("/cases/1/status", {"status": "active"}))
    one("case-member", lambda: analyst.form("/cases/1/members", {"name": "viewer"}))
    one("case-member-remove", lambda: analyst.form("/cases/1/members/viewer/remove"))
    one("view-case", lambda: analyst.get("/cases/1"))
    one("view-case", lambda: outsider.get("/cases/1"), "not-found")
    one("watch-add", lambda: analyst.form("/watchlists", {"kind": "phone", "value": "(702) 555-0143"}))
    one("user-add", lambda: admin.form("/admin/users", {"name": "newbie", "role": "viewer", "password": "p" * 12}))
    one("user-disable", lambda: admin.form("/admin/users/newbie/disable"))
    one("user-enable", lambda: admin.form("/admin/users/newbie/enable"))
    one("token-create", lambda: admin.form("/admin/tokens", {"name": "platform", "scope": "screen"}))
    one("token-revoke", lambda: admin.form("/admin/tokens/platform/revoke"))
    one("logout", lambda: analyst.form("/logout"))
    assert audit.verify(store) == (_count(store), [])


@pytest.mark.parametrize("damage", ["flip", "delete", "delete-last", "swap"])
def test_tampering_is_detected(store: Store, clock: Clock, users: object, damage: str) -> None:
    for i in range(5):
        audit.record(store, audit.Who("analyst", "10.0.0.1"), "view-ad", f"ad:{i}", "ok", clock())
    checked, problems = audit.verify(store)
    assert not problems and checked == 5 + 4  # four user-add records from the fixture
    with store.engine.begin() as conn:
        _drop_guards(conn, store.backend)
        if damage == "flip":  # one byte of one record: "ad:2" -> "ad:3"
            conn.execute(audit_log.update().where(audit_log.c.object == "ad:2").values(object="ad:3"))
        elif damage == "delete":
            conn.execute(audit_log.delete().where(audit_log.c.seq == 6))
        elif damage == "delete-last":
            conn.execute(audit_log.delete().where(audit_log.c.seq == 9))
        else:  # swap the contents of two records, keeping their sequence numbers
            rows = {r.seq: r for r in conn.execute(sa.select(audit_log).where(audit_log.c.seq.in_([6, 7])))}
            for seq, other in ((6, rows[7]), (7, rows[6])):
                values = {k: v for k, v in other._mapping.items() if k != "seq"}
                conn.execute(audit_log.update().where(audit_log.c.seq == seq).values(**values))
    assert audit.verify(store)[1], damage
    result = CliRunner().invoke(cli, ["audit", "verify", "--db", store.engine.url.render_as_string(False)])
    assert result.exit_code == 1


def test_the_log_refuses_updates_through_the_database(store: Store, clock: Clock, users: object) -> None:
    with pytest.raises(sa.exc.DBAPIError), store.engine.begin() as conn:
        conn.execute(audit_log.update().values(outcome="ok"))
    with pytest.raises(sa.exc.DBAPIError), store.engine.begin() as conn:
        conn.execute(audit_log.delete())


def _drop_guards(conn: sa.Connection, backend: str) -> None:
    if backend == "postgresql":
        conn.execute(sa.text("DROP TRIGGER audit_log_no_update ON audit_log"))
    else:
        conn.execute(sa.text("DROP TRIGGER audit_log_no_update"))
        conn.execute(sa.text("DROP TRIGGER audit_log_no_delete"))
