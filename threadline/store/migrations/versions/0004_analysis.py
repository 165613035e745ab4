"""Analysis: indicator hits with evidence, analysed versions, network risk, analyst labels, runs.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from threadline.store.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "indicator_hit",
        sa.Column("id", Id, primary_key=True),
        sa.Column("ad_id", Id, sa.ForeignKey("ad.id"), nullable=False),
        sa.Column("ad_version_id", Id, sa.ForeignKey("ad_version.id"), nullable=False),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("start", sa.Integer),
        sa.Column("end", sa.Integer),
        sa.Column("evidence", sa.Text, nullable=False),
    )
    op.create_index("ix_indicator_hit_ad", "indicator_hit", ["ad_id"])
    op.create_index("ix_indicator_hit_version", "indicator_hit", ["ad_version_id"])
    op.create_index("ix_indicator_hit_name", "indicator_hit", ["name"])
    op.create_table(
        "analyzed_version",
        sa.Column("ad_version_id", Id, sa.ForeignKey("ad_version.id"), primary_key=True),
        sa.Column("analyzed_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "network_risk",
        sa.Column("network_id", Id, primary_key=True),
        sa.Column("ads", sa.Integer, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("mo", sa.String(20), nullable=False),
        sa.Column("minors", sa.Integer, nullable=False),
        sa.Column("features", sa.JSON, nullable=False),
        sa.Column("contributions", sa.JSON, nullable=False),
        sa.Column("facts", sa.JSON, nullable=False),
        sa.Column("run_id", Id, nullable=False),
    )
    op.create_index("ix_network_risk_score", "network_risk", ["score"])
    op.create_table(
        "network_label",
        sa.Column("id", Id, primary_key=True),
        sa.Column("ad_id", Id, sa.ForeignKey("ad.id"), nullable=False, index=True),
        sa.Column("label", sa.String(20), nullable=False),
        sa.Column("analyst", sa.String(100), nullable=False),
        sa.Column("labelled_at", UTCDateTime, nullable=False),
        sa.Column("note", sa.Text),
    )
    op.create_table(
        "analysis_run",
        sa.Column("id", Id, primary_key=True),
        sa.Column("started_at", UTCDateTime, nullable=False),
        sa.Column("finished_at", UTCDateTime),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("counts", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    for name in ("analysis_run", "network_label", "network_risk", "analyzed_version", "indicator_hit"):
        op.drop_table(name)
