"""Content-addressed blobs (photos, signatures) with resumable uploads verified by SHA-256.

An upload is a series of ``PUT /blobs/<sha256>?offset=N&total=T`` chunks. Each chunk is committed on
its own, so after a dropped connection the laptop asks how much arrived and continues from there.
When the last byte is in, the server hashes the whole and keeps it only when the hash matches the
name; a mismatch discards the upload. Blobs live in the database (app servers keep no files).
"""

from __future__ import annotations

import hashlib
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..protocol.constants import MAX_BLOB_BYTES
from .auth import Caller
from .db import Database, blob_chunks, blob_uploads, blobs, now_iso, records
from .errors import ApiError, not_found


def missing(db: Database, hashes: list[str]) -> list[str]:
    """The hashes among ``hashes`` the server does not have."""
    with db.read() as conn:
        have = present(conn, hashes)
    return [h for h in sorted(set(hashes)) if h not in have]


def present(conn: Connection, hashes: list[str]) -> set[str]:
    """The hashes among ``hashes`` the server has (complete and verified)."""
    wanted = sorted(set(hashes))
    have: set[str] = set()
    for start in range(0, len(wanted), 500):
        part = wanted[start:start + 500]
        have |= {r[0] for r in conn.execute(sa.select(blobs.c.sha256).where(blobs.c.sha256.in_(part)))}
    return have


def status(db: Database, sha256: str) -> dict[str, Any]:
    with db.read() as conn:
        done = conn.execute(sa.select(blobs.c.size).where(blobs.c.sha256 == sha256)).first()
        if done is not None:
            return {"sha256": sha256, "size": int(done[0]), "received": int(done[0]), "complete": True}
        up = conn.execute(sa.select(blob_uploads.c.total, blob_uploads.c.received)
                          .where(blob_uploads.c.sha256 == sha256)).first()
    if up is None:
        return {"sha256": sha256, "size": 0, "received": 0, "complete": False}
    return {"sha256": sha256, "size": int(up.total), "received": int(up.received), "complete": False}


def put_chunk(db: Database, sha256: str, offset: int, total: int, data: bytes) -> dict[str, Any]:
    """Store one chunk at ``offset`` of a blob of ``total`` bytes; assemble and verify at the end."""
    if total <= 0 or total > MAX_BLOB_BYTES:
        raise ApiError(413, "blob_too_large", f"A file may be at most {MAX_BLOB_BYTES // 2**20} MB.",
                       f"Een bestand mag hoogstens {MAX_BLOB_BYTES // 2**20} MB zijn.")
    if offset < 0 or offset + len(data) > total or (not data and offset != total):
        raise ApiError(400, "bad_range", "This piece does not fit in the announced size.",
                       "Dit deel past niet in de aangekondigde grootte.")
    if offset == 0 and len(data) == total:
        return _put_whole(db, sha256, data)
    with db.write() as conn:
        if conn.execute(sa.select(blobs.c.sha256).where(blobs.c.sha256 == sha256)).first() is not None:
            return {"sha256": sha256, "size": total, "received": total, "complete": True}
        up = conn.execute(sa.select(blob_uploads.c.total, blob_uploads.c.received)
                          .where(blob_uploads.c.sha256 == sha256).with_for_update()).first()
        if up is None or int(up.total) != total:
            if up is not None:
                conn.execute(sa.delete(blob_chunks).where(blob_chunks.c.sha256 == sha256))
                conn.execute(sa.delete(blob_uploads).where(blob_uploads.c.sha256 == sha256))
            conn.execute(sa.insert(blob_uploads).values(sha256=sha256, total=total, received=0,
                                                        updated_at=now_iso()))
            received = 0
        else:
            received = int(up.received)
        if offset != received:
            raise ApiError(409, "offset_mismatch",
                           f"The server has {received} bytes of this file; continue from there.",
                           f"De server heeft {received} bytes van dit bestand; ga daar verder.",
                           detail={"received": received})
        if data:
            conn.execute(sa.insert(blob_chunks).values(sha256=sha256, offset=offset, data=data))
        received += len(data)
        conn.execute(sa.update(blob_uploads).where(blob_uploads.c.sha256 == sha256)
                     .values(received=received, updated_at=now_iso()))
        if received < total:
            return {"sha256": sha256, "size": total, "received": received, "complete": False}
        parts = conn.execute(sa.select(blob_chunks.c.data).where(blob_chunks.c.sha256 == sha256)
                             .order_by(blob_chunks.c.offset)).all()
        whole = b"".join(bytes(p[0]) for p in parts)
        conn.execute(sa.delete(blob_chunks).where(blob_chunks.c.sha256 == sha256))
        conn.execute(sa.delete(blob_uploads).where(blob_uploads.c.sha256 == sha256))
        if hashlib.sha256(whole).hexdigest() != sha256 or len(whole) != total:
            mismatch = True
        else:
            mismatch = False
            conn.execute(sa.insert(blobs).values(sha256=sha256, size=total, data=whole, created_at=now_iso()))
    if mismatch:
        raise _mismatch()
    return {"sha256": sha256, "size": total, "received": total, "complete": True}


def _put_whole(db: Database, sha256: str, data: bytes) -> dict[str, Any]:
    """A file sent in one piece (most photos): verify and keep it, no upload bookkeeping."""
    if hashlib.sha256(data).hexdigest() != sha256:
        raise _mismatch()
    with db.write() as conn:
        if conn.execute(sa.select(blobs.c.sha256).where(blobs.c.sha256 == sha256)).first() is None:
            conn.execute(sa.insert(blobs).values(sha256=sha256, size=len(data), data=data,
                                                 created_at=now_iso()))
        conn.execute(sa.delete(blob_chunks).where(blob_chunks.c.sha256 == sha256))
        conn.execute(sa.delete(blob_uploads).where(blob_uploads.c.sha256 == sha256))
    return {"sha256": sha256, "size": len(data), "received": len(data), "complete": True}


def _mismatch() -> ApiError:
    return ApiError(422, "hash_mismatch",
                    "The uploaded file does not match its SHA-256; it was discarded. Send it again.",
                    "Het geüploade bestand klopt niet met zijn SHA-256 en is weggegooid. Verstuur het "
                    "opnieuw.")


def fetch(db: Database, caller: Caller, sha256: str) -> bytes:
    """A blob's bytes, only when an attachment in the caller's teams refers to it."""
    with db.read() as conn:
        query = sa.select(records.c.team_id).where(records.c.entity == "attachments", records.c.ref == sha256)
        allowed = any(caller.can_see_team(int(r[0])) for r in conn.execute(query))
        row = conn.execute(sa.select(blobs.c.data).where(blobs.c.sha256 == sha256)).first() if allowed \
            else None
    if row is None:
        raise not_found("This file is not on the server or not in your teams.",
                        "Dit bestand staat niet op de server of hoort niet bij uw teams.")
    return bytes(row[0])
