"""Privacy and retention: a retention period per visit type (and how long laptops keep their copy of a
finalized visit after its receipt), the log of what the server removed under those periods (without
personal data), and what each laptop last reported of its unsent and refused records.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "retention_rules",
        sa.Column("kind", sa.String(10), primary_key=True),  # "visits" (per visit type) or "laptop"
        sa.Column("template_id", sa.String(40), primary_key=True),  # "" for the laptop period
        sa.Column("amount", sa.Integer, nullable=False),
        sa.Column("unit", sa.String(10), nullable=False),  # "months" or "days"
        sa.Column("set_at", sa.String(32), nullable=False),
        sa.Column("set_by", sa.String(200), nullable=False))
    op.create_table(
        "removals",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("by", sa.String(200), nullable=False),
        sa.Column("rule", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("detail", sa.Text, nullable=False))
    op.create_index("removals_at", "removals", ["at"])
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("unsent", sa.Integer, nullable=True))
        batch.add_column(sa.Column("quarantined", sa.Integer, nullable=True))
        batch.add_column(sa.Column("status_at", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("status_at")
        batch.drop_column("quarantined")
        batch.drop_column("unsent")
    op.drop_index("removals_at", "removals")
    op.drop_table("removals")
    op.drop_table("retention_rules")
