"""Full-text index filled per write batch instead of per row (SQLite).

The row trigger made FTS5 flush its pending terms at every row's statement savepoint, leaving one
tiny index segment per version to merge later: four times the work of indexing a batch in one
``INSERT ... SELECT``, which the writer now does (``dialects.index_versions``) for the versions it
adds. Deletions keep their trigger. PostgreSQL's expression index needs nothing.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS ad_version_fts_ai")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE TRIGGER ad_version_fts_ai AFTER INSERT ON ad_version BEGIN "
            "INSERT INTO ad_version_fts(rowid, title, body, location) "
            "VALUES (new.id, new.title, new.body, new.location); END"
        )
