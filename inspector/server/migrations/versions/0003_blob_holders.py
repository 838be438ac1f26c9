"""Photos served by scope: who proved to hold a file (by uploading it), uploads per user, and when
abandoned uploads were last swept away.

Partial uploads in progress are dropped (their tables get the uploading user in their key); a laptop
then starts those files again from the first byte.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _upload_tables() -> None:
    op.create_table(
        "blob_uploads",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, primary_key=True),
        sa.Column("total", sa.BigInteger, nullable=False),
        sa.Column("received", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False))
    op.create_index("blob_uploads_idle", "blob_uploads", ["updated_at"])
    op.create_table(
        "blob_chunks",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, primary_key=True),
        sa.Column("offset", sa.BigInteger, primary_key=True),
        sa.Column("data", sa.LargeBinary, nullable=False))


def upgrade() -> None:
    op.create_table(
        "blob_holders",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, primary_key=True),
        sa.Column("created_at", sa.String(32), nullable=False))
    op.drop_table("blob_chunks")
    op.drop_table("blob_uploads")
    _upload_tables()
    meta = sa.table("server_meta", sa.column("key", sa.String), sa.column("value", sa.Text))
    op.bulk_insert(meta, [{"key": "uploads_swept_at", "value": "1970-01-01T00:00:00Z"}])


def downgrade() -> None:
    op.execute("DELETE FROM server_meta WHERE key = 'uploads_swept_at'")
    op.drop_table("blob_chunks")
    op.drop_index("blob_uploads_idle", "blob_uploads")
    op.drop_table("blob_uploads")
    op.create_table(
        "blob_uploads",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("total", sa.BigInteger, nullable=False),
        sa.Column("received", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False))
    op.create_table(
        "blob_chunks",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("offset", sa.BigInteger, primary_key=True),
        sa.Column("data", sa.LargeBinary, nullable=False))
    op.drop_table("blob_holders")
