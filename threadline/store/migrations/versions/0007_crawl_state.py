"""Crawler state: the frontier and re-visit schedule of every URL, WARC files and how far they are
ingested, and sites found closed — what lets a killed crawl resume without losing or repeating.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from threadline.store.types import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "crawl_url",
        sa.Column("url", sa.String(2000), primary_key=True),
        sa.Column("site", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("due", sa.Float, nullable=False),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("fails", sa.Integer, nullable=False),
        sa.Column("fetches", sa.Integer, nullable=False),
        sa.Column("first_seen", UTCDateTime, nullable=False),
        sa.Column("last_fetched", UTCDateTime),
        sa.Column("gone_at", UTCDateTime),
    )
    op.create_index("ix_crawl_url_site_status", "crawl_url", ["site", "status"])
    op.create_table(
        "crawl_warc",
        sa.Column("path", sa.String(1000), primary_key=True),
        sa.Column("ingested", sa.BigInteger, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "crawl_site",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("closed_at", UTCDateTime),
        sa.Column("reason", sa.Text),
    )


def downgrade() -> None:
    op.drop_table("crawl_site")
    op.drop_table("crawl_warc")
    op.drop_index("ix_crawl_url_site_status", "crawl_url")
    op.drop_table("crawl_url")
