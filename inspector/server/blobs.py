"""Content-addressed blobs (photos, signatures) with resumable uploads verified by SHA-256.

An upload is a series of ``PUT /blobs/<sha256>?offset=N&total=T`` chunks, kept per file *and user*
(another user's upload of the same file is none of this caller's business). Each chunk is committed
on its own, so after a dropped connection the laptop asks how much arrived and continues from there.
When the last byte is in, the server hashes the whole and keeps it only when the hash matches the
name; a mismatch discards the upload. The uploading user then holds the file (``blob_access.py``).
Blobs live in the database (app servers keep no files). Uploads left unfinished for a week are
removed, at most once an hour (whichever app server starts an upload first after that hour).

Several requests may store the same new file at once (two laptops, or a retry): rows are inserted
with ``ON CONFLICT DO NOTHING``, so each gets a clean answer.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..protocol.constants import MAX_BLOB_BYTES
from .auth import Caller
from .blob_access import downloadable, visible
from .db import Database, blob_chunks, blob_holders, blob_uploads, blobs, insert_new, now_iso, server_meta
from .errors import ApiError, not_found

IDLE_UPLOAD_DAYS = 7  # an upload without a new piece for this long is abandoned
SWEEP_EVERY_S = 3600


def missing(db: Database, caller: Caller, hashes: list[str]) -> list[str]:
    """The hashes among ``hashes`` the caller should send: all but the files they hold or have in
    scope (a file only another team has is "missing" for this caller)."""
    with db.read() as conn:
        have = visible(conn, caller, hashes)
    return [h for h in sorted(set(hashes)) if h not in have]


def status(db: Database, caller: Caller, sha256: str) -> dict[str, Any]:
    """How much of a file the server has for this caller: complete when they hold it or have it in
    scope, else their own upload in progress, else nothing."""
    with db.read() as conn:
        size = _size(conn, caller, sha256)
        if size is not None:
            return _answer(sha256, size, size)
        up = _upload(conn, sha256, caller.user_id)
    if up is None:
        return _answer(sha256, 0, 0)
    return _answer(sha256, int(up.total), int(up.received))


def _answer(sha256: str, size: int, received: int) -> dict[str, Any]:
    return {"sha256": sha256, "size": size, "received": received, "complete": size > 0 and received == size}


def _size(conn: Connection, caller: Caller, sha256: str) -> int | None:
    if not visible(conn, caller, [sha256]):
        return None
    return int(conn.execute(sa.select(blobs.c.size).where(blobs.c.sha256 == sha256)).scalar_one())


def _upload(conn: Connection, sha256: str, user_id: int, *, lock: bool = False) -> Any:
    query = sa.select(blob_uploads.c.total, blob_uploads.c.received).where(
        blob_uploads.c.sha256 == sha256, blob_uploads.c.user_id == user_id)
    return conn.execute(query.with_for_update() if lock else query).first()


def _drop_upload(conn: Connection, sha256: str, user_id: int) -> None:
    conn.execute(sa.delete(blob_chunks).where(blob_chunks.c.sha256 == sha256,
                                              blob_chunks.c.user_id == user_id))
    conn.execute(sa.delete(blob_uploads).where(blob_uploads.c.sha256 == sha256,
                                               blob_uploads.c.user_id == user_id))


def put_chunk(db: Database, caller: Caller, sha256: str, offset: int, total: int, data: bytes
              ) -> dict[str, Any]:
    """Store one chunk at ``offset`` of a blob of ``total`` bytes; assemble and verify at the end."""
    if total <= 0 or total > MAX_BLOB_BYTES:
        raise ApiError(413, "blob_too_large", f"A file may be at most {MAX_BLOB_BYTES // 2**20} MB.",
                       f"Een bestand mag hoogstens {MAX_BLOB_BYTES // 2**20} MB zijn.")
    if offset < 0 or offset + len(data) > total or (not data and offset != total):
        raise ApiError(400, "bad_range", "This piece does not fit in the announced size.",
                       "Dit deel past niet in de aangekondigde grootte.")
    if offset == 0 and len(data) == total:
        return _put_whole(db, caller, sha256, data)
    user = caller.user_id
    with db.write() as conn:
        size = _size(conn, caller, sha256)
        if size is not None:  # nothing to send: the caller holds it or has it in scope
            return _answer(sha256, size, size)
        up = _upload(conn, sha256, user, lock=True)
        if up is not None and int(up.total) != total:
            _drop_upload(conn, sha256, user)
            up = None
        if up is None:
            sweep_if_due(conn)
            insert_new(conn, blob_uploads, sha256=sha256, user_id=user, total=total, received=0,
                       updated_at=now_iso())
            up = _upload(conn, sha256, user, lock=True)  # a request of the same user may have won
        received = int(up.received) if up is not None and int(up.total) == total else -1
        if offset != received:
            received = max(received, 0)
            raise ApiError(409, "offset_mismatch",
                           f"The server has {received} bytes of this file; continue from there.",
                           f"De server heeft {received} bytes van dit bestand; ga daar verder.",
                           detail={"received": received})
        if data:
            conn.execute(sa.insert(blob_chunks).values(sha256=sha256, user_id=user, offset=offset, data=data))
        received += len(data)
        conn.execute(sa.update(blob_uploads).where(blob_uploads.c.sha256 == sha256,
                                                   blob_uploads.c.user_id == user)
                     .values(received=received, updated_at=now_iso()))
        if received < total:
            return _answer(sha256, total, received)
        parts = conn.execute(sa.select(blob_chunks.c.data).where(
            blob_chunks.c.sha256 == sha256, blob_chunks.c.user_id == user)
            .order_by(blob_chunks.c.offset)).all()
        whole = b"".join(bytes(p[0]) for p in parts)
        _drop_upload(conn, sha256, user)
        matches = hashlib.sha256(whole).hexdigest() == sha256 and len(whole) == total
        if matches:
            _keep(conn, caller, sha256, whole)
    if not matches:
        raise _mismatch()
    return _answer(sha256, total, total)


def _put_whole(db: Database, caller: Caller, sha256: str, data: bytes) -> dict[str, Any]:
    """A file sent in one piece (most photos): verify and keep it, no upload bookkeeping."""
    if hashlib.sha256(data).hexdigest() != sha256:
        raise _mismatch()
    with db.write() as conn:
        _keep(conn, caller, sha256, data)
        _drop_upload(conn, sha256, caller.user_id)
    return _answer(sha256, len(data), len(data))


def _keep(conn: Connection, caller: Caller, sha256: str, data: bytes) -> None:
    """Store verified bytes (once: content-addressed) and note that the caller holds them."""
    if conn.execute(sa.select(blobs.c.sha256).where(blobs.c.sha256 == sha256)).first() is None:
        insert_new(conn, blobs, sha256=sha256, size=len(data), data=data, created_at=now_iso())
    insert_new(conn, blob_holders, sha256=sha256, user_id=caller.user_id, created_at=now_iso())


def _mismatch() -> ApiError:
    return ApiError(422, "hash_mismatch",
                    "The uploaded file does not match its SHA-256; it was discarded. Send it again.",
                    "Het geüploade bestand klopt niet met zijn SHA-256 en is weggegooid. Verstuur het "
                    "opnieuw.")


def fetch(db: Database, caller: Caller, sha256: str) -> bytes:
    """A blob's bytes, only when an accepted attachment record in the caller's teams refers to it."""
    with db.read() as conn:
        row = conn.execute(sa.select(blobs.c.data).where(blobs.c.sha256 == sha256)).first() \
            if downloadable(conn, caller, sha256) else None
    if row is None:
        raise not_found("This file is not on the server or not in your teams.",
                        "Dit bestand staat niet op de server of hoort niet bij uw teams.")
    return bytes(row[0])


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def sweep_if_due(conn: Connection) -> int:
    """Remove uploads idle for ``IDLE_UPLOAD_DAYS``, when the last sweep (by any app server) is an hour
    old; returns how many were removed. The moment is claimed with one conditional update, so of
    several app servers only one sweeps, and on other calls this costs a single indexed no-op."""
    now = datetime.now(UTC)
    claimed = conn.execute(sa.update(server_meta).where(
        server_meta.c.key == "uploads_swept_at",
        server_meta.c.value < _stamp(now - timedelta(seconds=SWEEP_EVERY_S))).values(value=_stamp(now)))
    if not claimed.rowcount:
        return 0
    stale = conn.execute(sa.select(blob_uploads.c.sha256, blob_uploads.c.user_id).where(
        blob_uploads.c.updated_at < _stamp(now - timedelta(days=IDLE_UPLOAD_DAYS)))).all()
    keys = [(r.sha256, r.user_id) for r in stale]
    for start in range(0, len(keys), 200):
        part = keys[start:start + 200]
        conn.execute(sa.delete(blob_chunks).where(
            sa.tuple_(blob_chunks.c.sha256, blob_chunks.c.user_id).in_(part)))
        conn.execute(sa.delete(blob_uploads).where(
            sa.tuple_(blob_uploads.c.sha256, blob_uploads.c.user_id).in_(part)))
    return len(keys)


def sweep_abandoned(db: Database) -> int:
    """``sweep_if_due`` in a transaction of its own (at start-up)."""
    with db.write() as conn:
        return sweep_if_due(conn)
