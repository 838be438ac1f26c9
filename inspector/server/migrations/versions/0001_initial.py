"""The initial server schema: teams, users, devices, records, blobs, receipts.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("created_at", sa.String(32), nullable=False))
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(200), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(300), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False))
    op.create_table(
        "memberships",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), primary_key=True))
    op.create_table(
        "devices",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("last_seen_at", sa.String(32), nullable=False),
        sa.Column("expires_at", sa.String(32), nullable=False),
        sa.Column("revoked_at", sa.String(32), nullable=True))
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(200), nullable=False),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.Column("at", sa.Float, nullable=False))
    op.create_index("login_failures_key", "login_failures", ["username", "ip", "at"])
    op.create_table(
        "counters",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.BigInteger, nullable=False))
    op.create_table(
        "server_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False))
    op.create_table(
        "records",
        sa.Column("entity", sa.String(20), primary_key=True),
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("team_id", sa.Integer, nullable=False),
        sa.Column("rev", sa.BigInteger, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.Column("parent_id", sa.String(64), nullable=True),
        sa.Column("ref", sa.String(200), nullable=True),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("field_revs", sa.Text, nullable=False),
        sa.Column("field_writers", sa.Text, nullable=False),
        sa.Column("modified_at", sa.String(40), nullable=False),
        sa.Column("modified_by", sa.String(200), nullable=False))
    op.create_index("records_team_rev", "records", ["team_id", "rev"])
    op.create_index("records_rev", "records", ["rev"], unique=True)
    op.create_index("records_case", "records", ["case_id"])
    op.create_index("records_parent", "records", ["entity", "parent_id"])
    op.create_index("records_ref", "records", ["entity", "ref"])
    op.create_table(
        "push_batches",
        sa.Column("device_id", sa.String(36), primary_key=True),
        sa.Column("key", sa.String(128), primary_key=True),
        sa.Column("response", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False))
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False))
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
    op.create_table(
        "receipts",
        sa.Column("visit_id", sa.String(64), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("receipt", sa.String(300), nullable=False),
        sa.Column("issued_at", sa.String(32), nullable=False))
    op.bulk_insert(sa.table("counters", sa.column("name", sa.String), sa.column("value", sa.BigInteger)),
                   [{"name": "rev", "value": 0}])
    # The key the server signs receipts with; it never leaves the database.
    op.bulk_insert(sa.table("server_meta", sa.column("key", sa.String), sa.column("value", sa.Text)),
                   [{"key": "receipt_key", "value": secrets.token_hex(32)}])


def downgrade() -> None:
    for name in ("receipts", "blob_chunks", "blob_uploads", "blobs", "push_batches", "records",
                 "server_meta", "counters", "login_failures", "devices", "memberships", "users", "teams"):
        op.drop_table(name)
