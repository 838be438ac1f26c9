"""Files move out of the database into the blob store (a folder, or S3-compatible object storage).

Each file's bytes are written to the configured store (checked against their SHA-256 on the way),
one file at a time, then the ``data`` column goes: the database keeps which files exist, their size
and who holds them. Uploads in progress are dropped (their pieces now live in the store); a laptop
starts those files again from the first byte. On PostgreSQL the freed space returns to the operating
system after ``VACUUM FULL blobs``.

The store comes from ``migrate(engine, store)`` (``config.attributes["blob_store"]``).

Revision ID: 0005
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

from inspector.server.storage import BlobStore

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_blobs = sa.table("blobs", sa.column("sha256", sa.String), sa.column("data", sa.LargeBinary))


def _store() -> BlobStore:
    store: BlobStore | None = context.config.attributes.get("blob_store")
    if store is None:
        raise RuntimeError("migration 0005 moves the files into the blob store: call migrate(engine, store)")
    return store


def upgrade() -> None:
    conn = op.get_bind()
    hashes = [r[0] for r in conn.execute(sa.select(_blobs.c.sha256).order_by(_blobs.c.sha256))]
    if hashes:
        store = _store()
        for sha in hashes:  # one file in memory at a time
            if store.exists(sha):
                continue
            data = conn.execute(sa.select(_blobs.c.data).where(_blobs.c.sha256 == sha)).scalar_one()
            writer = store.writer(sha)
            writer.write(bytes(data))
            writer.commit()  # HashMismatch: a damaged file stops the migration, nothing is lost
    op.drop_table("blob_chunks")
    op.execute("DELETE FROM blob_uploads")
    op.create_table(
        "blob_chunks",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, primary_key=True),
        sa.Column("offset", sa.BigInteger, primary_key=True),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("piece", sa.String(100), nullable=False))
    op.create_index("blob_chunks_piece", "blob_chunks", ["piece"])
    with op.batch_alter_table("blobs") as batch:
        batch.drop_column("data")


def downgrade() -> None:
    with op.batch_alter_table("blobs") as batch:
        batch.add_column(sa.Column("data", sa.LargeBinary, nullable=True))
    conn = op.get_bind()
    hashes = [r[0] for r in conn.execute(sa.select(_blobs.c.sha256))]
    for sha in hashes:
        store = _store()
        data = b"".join(store.open(sha))
        conn.execute(sa.update(_blobs).where(_blobs.c.sha256 == sha).values(data=data))
    with op.batch_alter_table("blobs") as batch:
        batch.alter_column("data", existing_type=sa.LargeBinary, nullable=False)
    op.drop_index("blob_chunks_piece", "blob_chunks")
    op.drop_table("blob_chunks")
    op.execute("DELETE FROM blob_uploads")
    op.create_table(
        "blob_chunks",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, primary_key=True),
        sa.Column("offset", sa.BigInteger, primary_key=True),
        sa.Column("data", sa.LargeBinary, nullable=False))
