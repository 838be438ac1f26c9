"""The facts of each visit the back office counts (management figures, team overview) as indexed
columns, and their sums per team, month, visit type and code, written with every visit record from
then on (``visit_facts.py``); the backfill reads every visit already held (a finalized visit's facts
from its frozen document). Also the decision on the application that a coordinator records after
an S1 intake visit (``application_decisions``).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from inspector.server import visit_facts

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_records = sa.table("records", sa.column("entity", sa.String), sa.column("id", sa.String),
                    sa.column("case_id", sa.String), sa.column("team_id", sa.Integer),
                    sa.column("data", sa.Text), sa.column("deleted", sa.Boolean))


def upgrade() -> None:
    op.create_table(
        "visit_facts",
        sa.Column("visit_id", sa.String(64), primary_key=True),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("team_id", sa.Integer, nullable=False),
        sa.Column("domain", sa.String(20), nullable=False),
        sa.Column("template_id", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("receipt", sa.Boolean, nullable=False),
        sa.Column("planned_at", sa.String(40), nullable=False),
        sa.Column("finalized_at", sa.String(40), nullable=False),
        sa.Column("finalized_on", sa.String(10), nullable=False),
        sa.Column("outcome", sa.String(200), nullable=False),
        sa.Column("refused", sa.Boolean, nullable=False),
        sa.Column("lhs_cell", sa.String(2), nullable=False),
        sa.Column("followup_date", sa.String(10), nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("followup_done_on", sa.String(10), nullable=False))
    op.create_index("visit_facts_team_planned", "visit_facts", ["team_id", "planned_at"])
    op.create_index("visit_facts_team_status", "visit_facts", ["team_id", "status", "receipt"])
    op.create_index("visit_facts_followup", "visit_facts", ["followup_date", "team_id"])
    op.create_index("visit_facts_case", "visit_facts", ["case_id"])
    op.create_table(
        "visit_fact_items",
        sa.Column("visit_id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(10), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(200), nullable=False),
        sa.Column("flag", sa.Boolean, nullable=False),
        sa.Column("team_id", sa.Integer, nullable=False),
        sa.Column("template_id", sa.String(40), nullable=False),
        sa.Column("domain", sa.String(20), nullable=False),
        sa.Column("month", sa.String(7), nullable=False))
    op.create_table(
        "visit_counts",
        sa.Column("team_id", sa.Integer, primary_key=True),
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("template_id", sa.String(40), primary_key=True),
        sa.Column("domain", sa.String(20), primary_key=True),
        sa.Column("kind", sa.String(10), primary_key=True),
        sa.Column("code", sa.String(200), primary_key=True),
        sa.Column("flag", sa.Boolean, primary_key=True),
        sa.Column("n", sa.Integer, nullable=False))
    op.create_index("visit_counts_month", "visit_counts", ["month", "team_id"])
    op.create_table(
        "application_decisions",
        sa.Column("visit_id", sa.String(64), primary_key=True),
        sa.Column("decision", sa.String(30), nullable=False),
        sa.Column("decided_on", sa.String(10), nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_at", sa.String(32), nullable=False))
    visit_facts.rebuild(op.get_bind(), _records)


def downgrade() -> None:
    op.drop_table("application_decisions")
    op.drop_index("visit_counts_month", "visit_counts")
    op.drop_table("visit_counts")
    op.drop_table("visit_fact_items")
    op.drop_index("visit_facts_case", "visit_facts")
    op.drop_index("visit_facts_followup", "visit_facts")
    op.drop_index("visit_facts_team_status", "visit_facts")
    op.drop_index("visit_facts_team_planned", "visit_facts")
    op.drop_table("visit_facts")
