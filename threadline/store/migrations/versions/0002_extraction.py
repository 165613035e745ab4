"""Extraction: values found in each version's text, with spans and rules; which versions are done.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from threadline.store.types import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "extraction",
        sa.Column("id", Id, primary_key=True),
        sa.Column("ad_version_id", Id, sa.ForeignKey("ad_version.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("raw", sa.Text),
        sa.Column("start", sa.Integer),
        sa.Column("end", sa.Integer),
        sa.Column("rule", sa.String(60), nullable=False),
        sa.Column("attrs", sa.JSON, nullable=False),
    )
    op.create_index("ix_extraction_kind_value", "extraction", ["kind", "value"])
    op.create_index("ix_extraction_version", "extraction", ["ad_version_id"])
    op.create_table(
        "extracted_version",
        sa.Column("ad_version_id", Id, sa.ForeignKey("ad_version.id"), primary_key=True),
        sa.Column("extracted_at", UTCDateTime, nullable=False),
        sa.Column("extractor", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("extracted_version")
    op.drop_index("ix_extraction_version", "extraction")
    op.drop_index("ix_extraction_kind_value", "extraction")
    op.drop_table("extraction")
