"""The back office (/beheer/): browser sessions of coordinators and administrators, and the access log
of every page view and download that shows personal data (who, what, when).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("last_seen_at", sa.String(32), nullable=False),
        sa.Column("expires_at", sa.String(32), nullable=False))
    op.create_index("web_sessions_expiry", "web_sessions", ["expires_at"])
    op.create_table(
        "access_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("username", sa.String(200), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target", sa.String(200), nullable=False),
        sa.Column("detail", sa.String(500), nullable=False),
        sa.Column("ip", sa.String(64), nullable=False))
    op.create_index("access_log_at", "access_log", ["at"])
    op.create_index("access_log_target", "access_log", ["target"])


def downgrade() -> None:
    op.drop_index("access_log_target", "access_log")
    op.drop_index("access_log_at", "access_log")
    op.drop_table("access_log")
    op.drop_index("web_sessions_expiry", "web_sessions")
    op.drop_table("web_sessions")
