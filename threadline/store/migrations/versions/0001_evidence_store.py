"""Evidence store: sites, blobs, captures, ads, versions, sightings, ingest runs, quarantine, FTS.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from threadline.store.types import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "site",
        sa.Column("id", Id, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("domain", sa.String(300)),
    )
    op.create_table(
        "blob",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("compression", sa.String(16), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "ingest_run",
        sa.Column("id", Id, primary_key=True),
        sa.Column("started_at", UTCDateTime, nullable=False),
        sa.Column("finished_at", UTCDateTime),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("inputs", sa.JSON, nullable=False),
        sa.Column("counts", sa.JSON, nullable=False),
        sa.Column("seconds", sa.JSON),
    )
    op.create_table(
        "ingest_file",
        sa.Column("id", Id, primary_key=True),
        sa.Column("run_id", Id, sa.ForeignKey("ingest_run.id"), nullable=False, index=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("format", sa.String(20), nullable=False),
        sa.Column("counts", sa.JSON, nullable=False),
        sa.Column("error", sa.Text),
    )
    op.create_table(
        "capture",
        sa.Column("id", Id, primary_key=True),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("blob.sha256"), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("captured_at", UTCDateTime, nullable=False),
        sa.Column("content_type", sa.String(200)),
        sa.Column("http_status", sa.Integer),
        sa.Column("http_headers", sa.JSON),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("run_id", Id, sa.ForeignKey("ingest_run.id"), nullable=False),
        sa.UniqueConstraint("sha256", "url", "captured_at", name="uq_capture_event"),
    )
    op.create_table(
        "ad",
        sa.Column("id", Id, primary_key=True),
        sa.Column("site_id", Id, sa.ForeignKey("site.id"), nullable=False),
        sa.Column("site_ad_id", sa.String(300), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("first_seen", UTCDateTime),  # null until seen live (a removal can come first)
        sa.Column("last_seen", UTCDateTime),
        sa.Column("deleted_at", UTCDateTime),
        sa.UniqueConstraint("site_id", "site_ad_id", name="uq_ad_site_id"),
    )
    op.create_table(
        "ad_version",
        sa.Column("id", Id, primary_key=True),
        sa.Column("ad_id", Id, sa.ForeignKey("ad.id"), nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("location", sa.Text),
        sa.Column("posted_at", UTCDateTime),
        sa.Column("images", sa.JSON, nullable=False),
        sa.Column("extra", sa.JSON, nullable=False),
        sa.Column("first_seen", UTCDateTime, nullable=False),
        sa.Column("last_seen", UTCDateTime, nullable=False),
        sa.Column("capture_id", Id, sa.ForeignKey("capture.id"), nullable=False),
        sa.Column("adapter", sa.String(100), nullable=False),
        sa.UniqueConstraint("ad_id", "content_sha256", name="uq_version_content"),
    )
    op.create_table(
        "sighting",
        sa.Column("capture_id", Id, sa.ForeignKey("capture.id"), primary_key=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("ad_id", Id, sa.ForeignKey("ad.id")),
        sa.Column("ad_version_id", Id, sa.ForeignKey("ad_version.id")),
        sa.Column("seen_at", UTCDateTime, nullable=False),
        sa.Column("adapter", sa.String(100), nullable=False),
    )
    op.create_index("ix_sighting_ad", "sighting", ["ad_id", "seen_at"])
    op.create_table(
        "quarantine",
        sa.Column("id", Id, primary_key=True),
        sa.Column("run_id", Id, sa.ForeignKey("ingest_run.id"), nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("sample", sa.LargeBinary),
        sa.UniqueConstraint("origin", "kind", "reason", name="uq_quarantine_record"),
    )
    _full_text_index()


def _full_text_index() -> None:
    """FTS5 over ad text on SQLite (kept in step by triggers); a GIN expression index on PostgreSQL."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE ad_version_fts USING fts5("
            "title, body, location, content='ad_version', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER ad_version_fts_ai AFTER INSERT ON ad_version BEGIN "
            "INSERT INTO ad_version_fts(rowid, title, body, location) "
            "VALUES (new.id, new.title, new.body, new.location); END"
        )
        op.execute(
            "CREATE TRIGGER ad_version_fts_ad AFTER DELETE ON ad_version BEGIN "
            "INSERT INTO ad_version_fts(ad_version_fts, rowid, title, body, location) "
            "VALUES ('delete', old.id, old.title, old.body, old.location); END"
        )
    elif dialect == "postgresql":
        op.execute(
            "CREATE INDEX ix_ad_version_fts ON ad_version USING GIN ("
            "to_tsvector('simple', coalesce(title, '') || ' ' || body || ' ' || coalesce(location, '')))"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TABLE IF EXISTS ad_version_fts")
    for name in (
        "quarantine",
        "sighting",
        "ad_version",
        "ad",
        "capture",
        "ingest_file",
        "ingest_run",
        "blob",
        "site",
    ):
        op.drop_table(name)
