"""Signed evidence: each device's public signing key, the server's own signing key, receipts of
every sealed record (finalized visits and addenda); a push batch remembers what it held.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

from inspector.evidence import new_private_key

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("signing_key", sa.String(64), nullable=True))
    with op.batch_alter_table("push_batches") as batch:
        batch.add_column(sa.Column("request_hash", sa.String(64), nullable=True))
    with op.batch_alter_table("receipts") as batch:
        batch.alter_column("visit_id", new_column_name="record_id", existing_type=sa.String(64),
                           existing_nullable=False)
        batch.alter_column("fingerprint", type_=sa.String(100), existing_type=sa.String(64),
                           existing_nullable=False)
        batch.add_column(sa.Column("entity", sa.String(20), nullable=False, server_default="visits"))
    meta = sa.table("server_meta", sa.column("key", sa.String), sa.column("value", sa.Text))
    now = datetime.now(UTC)
    # The key the server signs its receipts with (Ed25519); it never leaves the database. Visits
    # finalized (format 1, unsigned) before this moment are still acknowledged when they arrive within
    # 30 days (laptops that were offline during the upgrade); later ones must be signed.
    op.bulk_insert(meta, [{"key": "signing_key", "value": new_private_key().hex()},
                          {"key": "signed_evidence_since", "value": now.strftime("%Y-%m-%dT%H:%M:%SZ")},
                          {"key": "unsigned_accepted_until",
                           "value": (now + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")}])


def downgrade() -> None:
    op.execute("DELETE FROM server_meta WHERE key IN ('signing_key', 'signed_evidence_since', "
               "'unsigned_accepted_until')")
    with op.batch_alter_table("receipts") as batch:
        batch.drop_column("entity")
        batch.alter_column("record_id", new_column_name="visit_id", existing_type=sa.String(64),
                           existing_nullable=False)
    with op.batch_alter_table("push_batches") as batch:
        batch.drop_column("request_hash")
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("signing_key")
