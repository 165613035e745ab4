"""Linking: links with reason and evidence, network membership, hubs, linked ads, link runs.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from threadline.store.types import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "link",
        sa.Column("id", Id, primary_key=True),
        sa.Column("ad_a", Id, sa.ForeignKey("ad.id"), nullable=False),
        sa.Column("ad_b", Id, sa.ForeignKey("ad.id"), nullable=False),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("run_id", Id, nullable=False),
    )
    op.create_index("ix_link_a", "link", ["ad_a"])
    op.create_index("ix_link_b", "link", ["ad_b"])
    op.create_table(
        "network_member",
        sa.Column("ad_id", Id, sa.ForeignKey("ad.id"), primary_key=True),
        sa.Column("network_id", Id, nullable=False, index=True),
    )
    op.create_table(
        "hub",
        sa.Column("id", Id, primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("ads", sa.Integer, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("run_id", Id, nullable=False),
        sa.UniqueConstraint("kind", "value", name="uq_hub"),
    )
    op.create_table(
        "linked_ad",
        sa.Column("ad_id", Id, sa.ForeignKey("ad.id"), primary_key=True),
        sa.Column("version_id", Id, nullable=False),
    )
    op.create_table(
        "link_run",
        sa.Column("id", Id, primary_key=True),
        sa.Column("started_at", UTCDateTime, nullable=False),
        sa.Column("finished_at", UTCDateTime),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("counts", sa.JSON, nullable=False),
        sa.Column("state_sha256", sa.String(64)),
    )


def downgrade() -> None:
    for name in ("link_run", "linked_ad", "hub", "network_member", "link"):
        op.drop_table(name)
