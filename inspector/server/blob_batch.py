"""Several small files in one request, each way: most photos are a few hundred KB, and one request per
file cost more in HTTP, authentication and database round trips than in bytes.

Upload: ``POST /blobs/batch``. The body is one line of JSON naming the files in order,
``{"files": [{"sha256": "…", "size": N}, …]}``, then the files' bytes back to back. Each file streams
into the blob store and reaches its content address only when its SHA-256 matches (``storage/``),
exactly as a whole-file ``PUT``; one with other bytes is refused (``refused`` in the answer) and the
others are kept. The kept files are recorded in one transaction at the end, and also when the body
breaks off halfway: what arrived whole is kept, so a retry (the laptop asks ``/blobs/missing`` first)
sends only the rest. Files larger than a batch still go by the resumable ``PUT`` in pieces.

Download: ``POST /blobs/fetch`` with ``{"hashes": […]}``. The answer is one line of JSON naming the
files the caller may download (``blob_access.py``: by scope), in order, with their sizes, then their
bytes back to back, streamed from the store. The laptop checks each against its hash.

Both are additions to protocol 2: a server without them answers 404 or 405, and the laptop then
sends and fetches file by file as before.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections import deque
from collections.abc import AsyncIterable, Iterator
from typing import Any

import sqlalchemy as sa
from anyio import CancelScope
from anyio.to_thread import run_sync

from ..protocol.constants import MAX_BATCH_FILES, MAX_CHUNK_BYTES
from .auth import Identify
from .blob_access import visible
from .blobs import _drop_upload, _in_store_thread
from .db import Database, blob_holders, blob_uploads, blobs, insert_all_new, now_iso, records
from .errors import ApiError
from .storage import READ_CHUNK, BlobStore, HashMismatch

MAX_HEAD_BYTES = 64 * 1024  # the JSON line naming the files
STORING = 4  # files of one request being written and flushed at once (the disk combines the flushes)
_HASH = re.compile(r"[0-9a-f]{64}")


def _bad_batch(why_en: str, why_nl: str) -> ApiError:
    return ApiError(400, "bad_batch", f"This batch of files is not well formed: {why_en}.",
                    f"Deze reeks bestanden is niet goed opgebouwd: {why_nl}.")


class _Body:
    """A request body read as a line, then as runs of an exact number of bytes. The request's chunks
    are taken as they arrive and read through a view: each byte is copied once, into its file."""

    def __init__(self, body: AsyncIterable[bytes]) -> None:
        self._chunks = aiter(body)
        self._rest = memoryview(b"")  # what is left of the chunk being read

    async def _more(self) -> bool:
        """The next non-empty chunk in ``_rest``; False at the end of the body (the server's last
        chunk may be empty)."""
        while (chunk := await anext(self._chunks, None)) is not None:
            if chunk:
                self._rest = memoryview(chunk)
                return True
        return False

    async def line(self, limit: int) -> bytes:
        line = bytearray()
        while (end := bytes(self._rest[:limit + 1]).find(b"\n")) < 0:
            line += self._rest
            if len(line) > limit or not await self._more():
                raise _bad_batch("no list of files at the start", "geen lijst van bestanden aan het begin")
        line += self._rest[:end]
        self._rest = self._rest[end + 1:]
        return bytes(line)

    async def exactly(self, size: int) -> memoryview:
        """The next ``size`` bytes (one file: at most ``MAX_CHUNK_BYTES``), copied once from the
        request's chunks into a buffer of that size."""
        data, have = bytearray(size), 0
        view = memoryview(data)
        while have < size:
            if not self._rest and not await self._more():
                raise _bad_batch("fewer bytes than announced", "minder bytes dan aangekondigd")
            take = min(size - have, len(self._rest))
            view[have:have + take] = self._rest[:take]
            self._rest = self._rest[take:]
            have += take
        return view

    async def end(self) -> None:
        if self._rest or await self._more():
            raise _bad_batch("more bytes than announced", "meer bytes dan aangekondigd")


def _manifest(line: bytes, length: int | None) -> list[tuple[str, int]]:
    try:
        files = json.loads(line)["files"]
        named = [(str(f["sha256"]), f["size"]) for f in files]
    except (ValueError, KeyError, TypeError):
        raise _bad_batch("the first line is not a list of files", "de eerste regel is geen lijst van "
                         "bestanden") from None
    if not 1 <= len(named) <= MAX_BATCH_FILES or not all(
            _HASH.fullmatch(sha) and type(size) is int and 0 < size for sha, size in named):
        raise _bad_batch(f"1 to {MAX_BATCH_FILES} files, each with a SHA-256 in lowercase hex and a size",
                         f"1 tot {MAX_BATCH_FILES} bestanden, elk met een SHA-256 in kleine hexadecimale "
                         "letters en een grootte")
    total = sum(size for _, size in named)
    if total > MAX_CHUNK_BYTES or (length is not None and length != len(line) + 1 + total):
        raise _bad_batch("the sizes do not add up to the length of the request",
                         "de groottes tellen niet op tot de lengte van het verzoek")
    return named


def _visible(db: Database, identify: Identify, hashes: list[str]) -> tuple[Any, set[str]]:
    with db.read() as conn:
        caller = identify(conn)
        return caller, visible(conn, caller, hashes)


def _store_one(store: BlobStore, sha256: str, data: memoryview) -> bool:
    """One whole file to its address; False when its bytes do not match the hash (nothing kept)."""
    writer = store.writer(sha256)
    try:
        writer.write(data)
    except BaseException:
        writer.abort()
        raise
    try:
        writer.commit()
    except HashMismatch:
        return False
    return True


def _record(db: Database, store: BlobStore, user_id: int, kept: list[tuple[str, int]]) -> None:
    """The kept files exist and the caller holds them (one transaction, a statement for all); an
    upload in pieces the caller had begun of any of them is over."""
    now = now_iso()
    dropped: list[str] = []
    with db.write() as conn:
        insert_all_new(conn, blobs, [{"sha256": sha, "size": size, "created_at": now} for sha, size in kept])
        insert_all_new(conn, blob_holders, [{"sha256": sha, "user_id": user_id, "created_at": now}
                                            for sha, _ in kept])
        begun = conn.execute(sa.select(blob_uploads.c.sha256).where(
            blob_uploads.c.user_id == user_id, blob_uploads.c.sha256.in_([sha for sha, _ in kept]))).all()
        for row in begun:
            dropped += _drop_upload(conn, row[0], user_id)
    store.delete(dropped)


async def upload(db: Database, store: BlobStore, identify: Identify, length: int | None,
                 body: AsyncIterable[bytes]) -> dict[str, list[str]]:
    """One batch upload; the answer names the files now kept (or already visible) and those refused."""
    reader = _Body(body)
    try:
        named = _manifest(await reader.line(MAX_HEAD_BYTES), length)
    except ApiError:
        async for _ in body:  # read on, so the laptop reads the answer
            pass
        raise
    caller, have = await run_sync(_visible, db, identify, [sha for sha, _ in named])
    kept: list[tuple[str, int]] = []
    stored, refused = [], []
    storing: deque[tuple[str, int, asyncio.Future[bool]]] = deque()

    async def settle(keep: int, *, quiet: bool = False) -> None:
        """Wait until at most ``keep`` files are still being stored (flushed to the disk); ``quiet``:
        after a failure, only collect what was kept."""
        while len(storing) > keep:
            sha256, size, done = storing.popleft()
            try:
                ok = await done
            except Exception:
                if quiet:
                    continue
                raise
            if ok:
                kept.append((sha256, size))
                stored.append(sha256)
            else:
                refused.append(sha256)

    try:
        for sha256, size in named:
            data = await reader.exactly(size)
            if sha256 in have:  # the caller holds it or has it in scope: nothing to store
                stored.append(sha256)
                continue
            # stored in a thread while the next file arrives
            storing.append((sha256, size, asyncio.ensure_future(
                _in_store_thread(_store_one, store, sha256, data))))
            await settle(STORING)
        await reader.end()
        await settle(0)
    finally:
        try:
            with CancelScope(shield=True):
                await settle(0, quiet=True)
        finally:
            if kept:  # also when the body broke off: what arrived whole is kept
                with CancelScope(shield=True):
                    await _in_store_thread(_record, db, store, caller.user_id, kept)
    return {"stored": stored, "refused": refused}


# --- downloading ----------------------------------------------------------------------------------
def _downloadable(conn: Any, caller: Any, hashes: list[str]) -> dict[str, int]:
    """The sizes of the files among ``hashes`` that an attachment record in the caller's teams refers to."""
    wanted = sorted(set(hashes))
    query = sa.select(blobs.c.sha256, blobs.c.size).where(blobs.c.sha256.in_(wanted), sa.exists(
        sa.select(records.c.ref).where(records.c.entity == "attachments", records.c.ref == blobs.c.sha256,
                                       *(() if caller.is_admin else
                                         (records.c.team_id.in_(sorted(caller.team_ids)),)))))
    return {r[0]: int(r[1]) for r in conn.execute(query)}


def fetch(db: Database, store: BlobStore, identify: Identify, hashes: list[str], max_bytes: int
          ) -> tuple[int, Iterator[bytes | memoryview]]:
    """The answer's length and its parts: a JSON line naming the downloadable files among ``hashes``
    (in the order asked) with their sizes, as many as fit in ``max_bytes`` (at least one), and the rest
    as ``later``; then the named files' bytes, read from the store as the answer goes out."""
    with db.read() as conn:
        sizes = _downloadable(conn, identify(conn), hashes)
    files: list[tuple[str, int]] = []
    later: list[str] = []
    total = 0
    for sha in dict.fromkeys(hashes):
        if sha not in sizes:
            continue
        if files and total + sizes[sha] > max_bytes:
            later.append(sha)
        else:
            files.append((sha, sizes[sha]))
            total += sizes[sha]
    head = (json.dumps({"files": [{"sha256": sha, "size": size} for sha, size in files], "later": later},
                       separators=(",", ":")) + "\n").encode()

    def parts() -> Iterator[bytes | memoryview]:
        """The answer in pieces of about ``READ_CHUNK``: small files go several to a piece, so the
        answer leaves in few sends (each piece is read in a worker thread, a hop there and back)."""
        piece = bytearray(head)
        for sha256, _ in files:
            for chunk in store.open(sha256):
                if not piece and len(chunk) >= READ_CHUNK:  # a large file's chunk goes as it is
                    yield chunk
                    continue
                piece += chunk
                if len(piece) >= READ_CHUNK:
                    yield memoryview(piece)  # a new buffer follows: this one is never changed again
                    piece = bytearray()
        if piece:
            yield memoryview(piece)

    return len(head) + total, parts()
