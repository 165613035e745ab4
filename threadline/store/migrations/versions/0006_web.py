"""Web side: accounts, sessions, API tokens, the append-only hash-chained audit log, cases, watchlists.

The audit log refuses UPDATE and DELETE by trigger on both backends: the application only ever
appends, and an edit made behind its back (triggers dropped) is still caught by ``audit verify``.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from threadline.store.types import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

PG_GUARD = """
CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
"""
SQLITE_GUARDS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN "
    "SELECT RAISE(ABORT, 'audit log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN "
    "SELECT RAISE(ABORT, 'audit log is append-only'); END",
)


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", Id, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("failed_logins", sa.Integer, nullable=False),
        sa.Column("locked_until", UTCDateTime),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "web_session",
        sa.Column("id_sha256", sa.String(64), primary_key=True),
        sa.Column("user_id", Id, sa.ForeignKey("app_user.id"), nullable=False, index=True),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("last_seen", UTCDateTime, nullable=False),
        sa.Column("source", sa.String(100)),
    )
    op.create_table(
        "api_token",
        sa.Column("id", Id, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("scope", sa.String(20), nullable=False),
        sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", Id, primary_key=True, autoincrement=False),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("object", sa.Text, nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("prev_sha256", sa.String(64), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
    )
    op.create_index("ix_audit_log_actor", "audit_log", ["actor"])
    op.create_index("ix_audit_log_action", "audit_log", ["action"])
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("seq", Id, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
    )
    op.execute(sa.text("INSERT INTO audit_head (id, seq, sha256) VALUES (1, 0, :zero)").bindparams(zero="0" * 64))
    op.create_table(
        "case_file",
        sa.Column("id", Id, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_by", Id, sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "case_member",
        sa.Column("case_id", Id, sa.ForeignKey("case_file.id"), primary_key=True),
        sa.Column("user_id", Id, sa.ForeignKey("app_user.id"), primary_key=True),
    )
    op.create_table(
        "case_item",
        sa.Column("id", Id, primary_key=True),
        sa.Column("case_id", Id, sa.ForeignKey("case_file.id"), nullable=False, index=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("ad_id", Id, sa.ForeignKey("ad.id"), nullable=False),
        sa.Column("added_by", sa.String(100), nullable=False),
        sa.Column("added_at", UTCDateTime, nullable=False),
        sa.UniqueConstraint("case_id", "kind", "ad_id", name="uq_case_item"),
    )
    op.create_table(
        "case_note",
        sa.Column("id", Id, primary_key=True),
        sa.Column("case_id", Id, sa.ForeignKey("case_file.id"), nullable=False, index=True),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_table(
        "watch",
        sa.Column("id", Id, primary_key=True),
        sa.Column("user_id", Id, sa.ForeignKey("app_user.id"), nullable=False, index=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("checked_upto", Id, nullable=False),
        sa.UniqueConstraint("user_id", "kind", "value", name="uq_watch"),
    )
    op.create_table(
        "watch_hit",
        sa.Column("id", Id, primary_key=True),
        sa.Column("watch_id", Id, sa.ForeignKey("watch.id"), nullable=False, index=True),
        sa.Column("ad_version_id", Id, sa.ForeignKey("ad_version.id"), nullable=False),
        sa.Column("found_at", UTCDateTime, nullable=False),
        sa.Column("seen", sa.Boolean, nullable=False),
        sa.UniqueConstraint("watch_id", "ad_version_id", name="uq_watch_hit"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_GUARD)
    else:
        for statement in SQLITE_GUARDS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    for name in ("watch_hit", "watch", "case_note", "case_item", "case_member", "case_file", "audit_head",
                 "audit_log", "api_token", "web_session", "app_user"):  # fmt: skip
        op.drop_table(name)
