"""Content-addressed blobs (photos, signatures) with resumable uploads verified by SHA-256, streamed.

An upload is a series of ``PUT /blobs/<sha256>?offset=N&total=T`` pieces, kept per file *and user*
(another user's upload of the same file is none of this caller's business). Each piece is committed
on its own, so after a dropped connection the laptop asks how much arrived and continues from there.
The bytes go to the blob store (``storage/``: a folder, or S3-compatible object storage) as they
arrive, in chunks, hashed on the way: no request holds a whole file in memory. A piece that completes
the file is written, after the earlier pieces, straight to the file's content address, which it
reaches only when the SHA-256 of the whole matches the name; a mismatch discards the upload (422).
A file sent in one request (most photos) takes that path at once. The uploading user then holds the
file (``blob_access.py``). The database records which files exist, their pieces and who holds them.

Uploads left without a new piece for a week are removed with their pieces, at most once an hour
(whichever app server starts an upload first after that hour); then also what a crashed request left
in the store's ``incoming/`` area. Several requests may store the same new file at once (two laptops,
or a retry): rows are inserted with ``ON CONFLICT DO NOTHING`` and the bytes are the same, so each
gets a clean answer.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import sqlalchemy as sa
from anyio import CapacityLimiter
from anyio.to_thread import run_sync
from sqlalchemy.engine import Connection

from ..protocol.constants import MAX_BLOB_BYTES
from .auth import Caller, Identify
from .blob_access import size_if_downloadable, size_if_visible, visible
from .db import Database, blob_chunks, blob_holders, blob_uploads, blobs, insert_new, now_iso, server_meta
from .errors import ApiError, not_found
from .storage import BlobStore, HashMismatch, Piece, Writer

IDLE_UPLOAD_DAYS = 7  # an upload without a new piece for this long is abandoned
SWEEP_EVERY_S = 3600
WRITE_CHUNK = 1024 * 1024  # bytes of a request body gathered before they go to the store
STORE_THREADS = 16  # threads for blob store work (disk writes and flushes, object storage requests)
log = logging.getLogger("inspector.server")
T = TypeVar("T")


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
        size = size_if_visible(conn, caller, sha256)
        if size is not None:
            return _answer(sha256, size, size)
        up = _upload(conn, sha256, caller.user_id)
    if up is None:
        return _answer(sha256, 0, 0)
    return _answer(sha256, int(up.total), int(up.received))


def _answer(sha256: str, size: int, received: int) -> dict[str, Any]:
    return {"sha256": sha256, "size": size, "received": received, "complete": size > 0 and received == size}


def _upload(conn: Connection, sha256: str, user_id: int, *, lock: bool = False) -> Any:
    query = sa.select(blob_uploads.c.total, blob_uploads.c.received).where(
        blob_uploads.c.sha256 == sha256, blob_uploads.c.user_id == user_id)
    return conn.execute(query.with_for_update() if lock else query).first()


def _pieces(conn: Connection, sha256: str, user_id: int) -> list[Piece]:
    rows = conn.execute(sa.select(blob_chunks.c.piece, blob_chunks.c.size).where(
        blob_chunks.c.sha256 == sha256, blob_chunks.c.user_id == user_id).order_by(blob_chunks.c.offset))
    return [Piece(r.piece, int(r.size), "") for r in rows]


def _drop_upload(conn: Connection, sha256: str, user_id: int) -> list[str]:
    """Forget an upload; returns the names of its pieces (to remove from the store after the commit)."""
    gone = conn.execute(sa.delete(blob_uploads).where(
        blob_uploads.c.sha256 == sha256, blob_uploads.c.user_id == user_id).returning(blob_uploads.c.total))
    if gone.first() is None:  # no upload (most files come in one request): no pieces either
        return []
    return [r[0] for r in conn.execute(sa.delete(blob_chunks).where(
        blob_chunks.c.sha256 == sha256, blob_chunks.c.user_id == user_id).returning(blob_chunks.c.piece))]


# --- uploading ------------------------------------------------------------------------------------
@dataclass
class Plan:
    """What one PUT does, decided before its body is read."""

    sha256: str
    offset: int
    total: int
    caller: Caller
    answer: dict[str, Any] | None = None  # nothing to store: the caller holds the file or has it in scope
    final: bool = False  # this piece completes the file: the bytes go to the content address
    pieces: list[Piece] = field(default_factory=list)  # the earlier pieces, in order (when final)


def _check_range(offset: int, total: int, length: int | None) -> None:
    if total <= 0 or total > MAX_BLOB_BYTES:
        raise ApiError(413, "blob_too_large", f"A file may be at most {MAX_BLOB_BYTES // 2**20} MB.",
                       f"Een bestand mag hoogstens {MAX_BLOB_BYTES // 2**20} MB zijn.")
    if offset < 0 or offset > total or (length is not None and (
            offset + length > total or (length == 0 and offset != total))):
        raise _bad_range()


def _bad_range() -> ApiError:
    return ApiError(400, "bad_range", "This piece does not fit in the announced size.",
                    "Dit deel past niet in de aangekondigde grootte.")


def _offset_mismatch(received: int) -> ApiError:
    return ApiError(409, "offset_mismatch",
                    f"The server has {received} bytes of this file; continue from there.",
                    f"De server heeft {received} bytes van dit bestand; ga daar verder.",
                    detail={"received": received})


def begin(db: Database, store: BlobStore, identify: Identify, sha256: str, offset: int, total: int,
          length: int | None) -> Plan:
    """Check a PUT before its body is read: the caller (``identify``, on the same connection), the
    range, whether the caller needs to send anything, and (for an upload in pieces) that it continues
    where this user's upload stopped."""
    final = length is not None and length > 0 and offset + length == total
    if offset == 0 and final:  # the whole file in one request: no upload bookkeeping
        with db.read() as conn:
            caller = identify(conn)
            _check_range(offset, total, length)
            size = size_if_visible(conn, caller, sha256)
        return Plan(sha256, offset, total, caller, final=True,
                    answer=None if size is None else _answer(sha256, size, size))
    dropped, swept = [], None
    with db.write() as conn:
        caller = identify(conn)
        _check_range(offset, total, length)
        user = caller.user_id
        size = size_if_visible(conn, caller, sha256)
        if size is not None:  # nothing to send: the caller holds it or has it in scope
            return Plan(sha256, offset, total, caller, answer=_answer(sha256, size, size))
        up = _upload(conn, sha256, user, lock=True)
        if up is not None and int(up.total) != total:
            dropped = _drop_upload(conn, sha256, user)
            up = None
        if up is None:
            swept = sweep_if_due(conn)
            insert_new(conn, blob_uploads, sha256=sha256, user_id=user, total=total, received=0,
                       updated_at=now_iso())
            up = _upload(conn, sha256, user, lock=True)  # a request of the same user may have won
        received = int(up.received) if up is not None and int(up.total) == total else -1
        if offset != received:
            raise _offset_mismatch(max(received, 0))
        pieces = _pieces(conn, sha256, user) if final else []
    if final and sum(p.size for p in pieces) != offset:
        raise _offset_mismatch(0)
    _clean(db, store, dropped, swept)
    return Plan(sha256, offset, total, caller, final=final, pieces=pieces)


_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, CapacityLimiter] = \
    weakref.WeakKeyDictionary()


async def _in_store_thread(fn: Callable[..., T], *args: Any) -> T:
    """Run blocking blob store work in a thread of its own pool: a file is flushed to the disk before
    the server confirms it, which waits a few milliseconds; the disk combines the flushes of many files
    written at once, so they get more threads than the database work, and do not keep it waiting."""
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = CapacityLimiter(STORE_THREADS)
    return await run_sync(fn, *args, limiter=limiter)


async def put(db: Database, store: BlobStore, identify: Identify, sha256: str, offset: int, total: int,
              length: int | None, body: AsyncIterable[bytes]) -> dict[str, Any]:
    """One PUT: its body streams into the store (a piece, or the whole file when it completes it)."""
    try:
        plan = await run_sync(begin, db, store, identify, sha256, offset, total, length)
    except ApiError as exc:
        if exc.status != 401:  # a known caller's laptop reads the answer after sending its piece
            await _drain(body)
        raise
    if plan.answer is not None:
        await _drain(body)
        return plan.answer
    gathered = _gathered(body)
    first = await anext(gathered, b"")
    more = await anext(gathered, None) if first else None
    if more is None:  # a body of up to 1 MB (most photos), now in hand: one trip to a store thread
        _check_size(plan, len(first), done=True)
        return await _in_store_thread(_write_whole, db, store, plan, first)
    writer = await _in_store_thread(_open, db, store, plan)
    try:
        written = 0
        async for data in _chain((first, more), gathered):
            written += len(data)
            _check_size(plan, written, done=False)
            await _in_store_thread(writer.write, data)
        _check_size(plan, written, done=True)
    except BaseException:
        await _in_store_thread(writer.abort)
        raise
    return await _in_store_thread(_finish, db, store, plan, writer)


def _check_size(plan: Plan, written: int, *, done: bool) -> None:
    if plan.offset + written > plan.total or (done and plan.final and written != plan.total - plan.offset):
        raise _bad_range()


def _open(db: Database, store: BlobStore, plan: Plan) -> Writer:
    """A writer for this PUT's bytes: a new piece, or the file's address after its earlier pieces."""
    writer = store.writer(plan.sha256 if plan.final else None)
    try:
        _copy_pieces(store, plan.pieces, writer)
    except FileNotFoundError:  # another request of this user finished the upload meanwhile
        writer.abort()
        raise _offset_mismatch(int(status(db, plan.caller, plan.sha256)["received"])) from None
    except BaseException:
        writer.abort()
        raise
    return writer


def _write_whole(db: Database, store: BlobStore, plan: Plan, data: bytes) -> dict[str, Any]:
    return _finish(db, store, plan, _open(db, store, plan), data)


def _finish(db: Database, store: BlobStore, plan: Plan, writer: Writer, data: bytes = b"") -> dict[str, Any]:
    """Write the last bytes, commit (a whole file only when its hash matches), record it."""
    try:
        if data:
            writer.write(data)
        piece = writer.commit()
    except HashMismatch:
        _discard(db, store, plan.caller, plan.sha256)
        raise _mismatch() from None
    except BaseException:
        writer.abort()
        raise
    if plan.final:
        return _kept(db, store, plan.caller, plan)
    return _add_piece(db, store, plan.caller, plan, piece)


async def _chain(head: tuple[bytes, ...], rest: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    for chunk in head:
        yield chunk
    async for chunk in rest:
        yield chunk


async def _gathered(body: AsyncIterable[bytes]) -> AsyncIterator[bytes]:
    """The body in chunks of about ``WRITE_CHUNK`` (the server gets it in pieces of 64 KB or so), so a
    store call, which runs in a worker thread, moves a good amount at a time."""
    buffer = bytearray()
    async for chunk in body:
        buffer += chunk
        if len(buffer) >= WRITE_CHUNK:
            yield bytes(buffer)
            buffer.clear()
    if buffer:
        yield bytes(buffer)


async def _drain(body: AsyncIterable[bytes]) -> None:
    async for _ in body:
        pass


def _copy_pieces(store: BlobStore, pieces: list[Piece], writer: Writer) -> None:
    for piece in pieces:
        for chunk in store.open(piece.name):
            writer.write(chunk)


def _add_piece(db: Database, store: BlobStore, caller: Caller, plan: Plan, piece: Piece) -> dict[str, Any]:
    """Record a stored piece, when it still continues this user's upload (else 409 and it goes)."""
    sha256, user = plan.sha256, caller.user_id
    with db.write() as conn:
        up = _upload(conn, sha256, user, lock=True)
        received = int(up.received) if up is not None and int(up.total) == plan.total else -1
        added = received == plan.offset
        if added:
            insert_new(conn, blob_chunks, sha256=sha256, user_id=user, offset=plan.offset, size=piece.size,
                       piece=piece.name)
            received += piece.size
            conn.execute(sa.update(blob_uploads).where(blob_uploads.c.sha256 == sha256,
                                                       blob_uploads.c.user_id == user)
                         .values(received=received, updated_at=now_iso()))
            pieces = _pieces(conn, sha256, user) if received == plan.total else []
    if not added:
        store.delete([piece.name])
        raise _offset_mismatch(max(received, 0))
    if received < plan.total:
        return _answer(sha256, plan.total, received)
    # A body without a length that completed the file: assemble it from its pieces.
    whole = Plan(sha256, plan.total, plan.total, caller, final=True, pieces=pieces)
    return _finish(db, store, whole, _open(db, store, whole))


def _kept(db: Database, store: BlobStore, caller: Caller, plan: Plan) -> dict[str, Any]:
    """The verified file is at its address: record it (once) and that the caller holds it."""
    with db.write() as conn:
        insert_new(conn, blobs, sha256=plan.sha256, size=plan.total, created_at=now_iso())
        insert_new(conn, blob_holders, sha256=plan.sha256, user_id=caller.user_id, created_at=now_iso())
        dropped = _drop_upload(conn, plan.sha256, caller.user_id)
    store.delete(dropped)
    return _answer(plan.sha256, plan.total, plan.total)


def _discard(db: Database, store: BlobStore, caller: Caller, sha256: str) -> None:
    with db.write() as conn:
        dropped = _drop_upload(conn, sha256, caller.user_id)
    store.delete(dropped)


def _mismatch() -> ApiError:
    return ApiError(422, "hash_mismatch",
                    "The uploaded file does not match its SHA-256; it was discarded. Send it again.",
                    "Het geüploade bestand klopt niet met zijn SHA-256 en is weggegooid. Verstuur het "
                    "opnieuw.")


# --- downloading ----------------------------------------------------------------------------------
def fetch(db: Database, store: BlobStore, identify: Identify, sha256: str) -> tuple[int, Iterator[bytes]]:
    """A blob's size and its bytes in chunks, only when an accepted attachment record in the caller's
    teams refers to it (the caller named by ``identify`` on the same connection)."""
    with db.read() as conn:
        size = size_if_downloadable(conn, identify(conn), sha256)
    if size is None:
        raise not_found("This file is not on the server or not in your teams.",
                        "Dit bestand staat niet op de server of hoort niet bij uw teams.")
    try:
        return size, store.open(sha256)
    except FileNotFoundError:
        log.error("file %s is recorded in the database but missing from the blob store %s",
                  sha256, store.location)
        raise


# --- abandoned uploads ----------------------------------------------------------------------------
def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def sweep_if_due(conn: Connection) -> list[str] | None:
    """Remove uploads idle for ``IDLE_UPLOAD_DAYS``, when the last sweep (by any app server) is an hour
    old; returns the names of their pieces (``None``: no sweep was due). The moment is claimed with one
    conditional update, so of several app servers only one sweeps, and on other calls this costs a
    single indexed no-op."""
    now = datetime.now(UTC)
    claimed = conn.execute(sa.update(server_meta).where(
        server_meta.c.key == "uploads_swept_at",
        server_meta.c.value < _stamp(now - timedelta(seconds=SWEEP_EVERY_S))).values(value=_stamp(now)))
    if not claimed.rowcount:
        return None
    stale = conn.execute(sa.select(blob_uploads.c.sha256, blob_uploads.c.user_id).where(
        blob_uploads.c.updated_at < _stamp(now - timedelta(days=IDLE_UPLOAD_DAYS)))).all()
    keys = [(r.sha256, r.user_id) for r in stale]
    names: list[str] = []
    for start in range(0, len(keys), 200):
        part = keys[start:start + 200]
        names += [r[0] for r in conn.execute(sa.select(blob_chunks.c.piece).where(
            sa.tuple_(blob_chunks.c.sha256, blob_chunks.c.user_id).in_(part)))]
        conn.execute(sa.delete(blob_chunks).where(
            sa.tuple_(blob_chunks.c.sha256, blob_chunks.c.user_id).in_(part)))
        conn.execute(sa.delete(blob_uploads).where(
            sa.tuple_(blob_uploads.c.sha256, blob_uploads.c.user_id).in_(part)))
    return names


def _clean(db: Database, store: BlobStore, dropped: list[str], swept: list[str] | None) -> None:
    """After the commit: remove the pieces of dropped uploads from the store; after a sweep also the
    leftovers of requests that never finished (``incoming/`` objects older than the idle time that no
    upload refers to)."""
    store.delete(dropped + (swept or []))
    if swept is None:
        return
    old = store.leftovers(datetime.now(UTC) - timedelta(days=IDLE_UPLOAD_DAYS))
    if not old:
        return
    with db.read() as conn:
        used = {r[0] for start in range(0, len(old), 500) for r in conn.execute(
            sa.select(blob_chunks.c.piece).where(blob_chunks.c.piece.in_(old[start:start + 500])))}
    store.delete([name for name in old if name not in used])


def sweep_abandoned(db: Database, store: BlobStore) -> int:
    """At start-up: ``sweep_if_due`` in a transaction of its own; returns how many pieces went. The
    store is reached first in any case, so one that cannot be (a missing bucket, wrong keys) stops the
    start with its error rather than failing every upload later."""
    store.leftovers(datetime.now(UTC) - timedelta(days=IDLE_UPLOAD_DAYS))
    with db.write() as conn:
        swept = sweep_if_due(conn)
    _clean(db, store, [], swept)
    return len(swept or [])
