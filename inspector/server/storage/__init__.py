"""Where the server keeps the bytes of photos and signatures: one small interface, two kinds of store.

* ``FileStore`` (the default): content-addressed files in a folder on the server (``ab/cd/<sha256>``).
* ``ObjectStore``: an S3-compatible bucket (AWS S3, MinIO, Ceph, …), for several server machines.

The database says which files exist and who may see them (``blob_access.py``); a store only keeps
bytes. Everything streams: a writer takes the bytes piece by piece and hashes them as they pass, and
reading gives an iterator of chunks, so no whole file is ever held in memory by the server.

* ``writer(None)``: *put piece* — a temporary object (``incoming/…``) for one piece of an upload in
  several requests; ``commit()`` returns its name, size and SHA-256.
* ``writer(sha256)``: *finish and verify* — the bytes of a whole file; ``commit()`` makes them appear
  under their content address only when their SHA-256 matches (else ``HashMismatch``, nothing stored).
* ``open(name)``: the chunks of a stored file (its SHA-256) or of a piece (its name).
* ``exists(sha256)`` and ``delete(names)``; ``leftovers(before)``: the temporary objects older than
  ``before`` (pieces of abandoned uploads, what a crashed request left behind).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

ENV_BLOBS = "INSPECTOR_SERVER_BLOBS"
READ_CHUNK = 1024 * 1024  # bytes per chunk when reading a file back


@dataclass(frozen=True)
class Piece:
    name: str
    size: int
    sha256: str  # of this piece's own bytes


class HashMismatch(Exception):
    """The bytes written do not have the SHA-256 (or size) they were announced with."""


class Hashing:
    """What both stores' writers share: every byte written passes through a SHA-256 and is counted.
    A writer gives ``_put`` (where the bytes go) and calls ``checked`` when it commits."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()
        self.size = 0

    def _put(self, data: bytes | memoryview) -> None:
        raise NotImplementedError

    def write(self, data: bytes | memoryview) -> None:
        self._put(data)
        self._hash.update(data)
        self.size += len(data)

    def checked(self, sha256: str | None) -> str:
        """The SHA-256 of everything written; ``HashMismatch`` when it is not ``sha256`` (if given)."""
        digest = self._hash.hexdigest()
        if sha256 is not None and digest != sha256:
            raise HashMismatch(sha256)
        return digest


class Writer(Protocol):
    def write(self, data: bytes | memoryview) -> None: ...

    def commit(self) -> Piece: ...

    def abort(self) -> None: ...


class BlobStore(Protocol):
    """The five operations the server needs of a place to keep file bytes (see the module text)."""

    location: str  # where, for messages and logs (no secret)

    def writer(self, sha256: str | None) -> Writer: ...

    def open(self, name: str) -> Iterator[bytes]: ...

    def exists(self, sha256: str) -> bool: ...

    def delete(self, names: Iterable[str]) -> None: ...

    def leftovers(self, before: datetime) -> list[str]: ...


def default_location(database_url: str) -> Path:
    """Without configuration: a folder ``blobs`` beside the SQLite database file, else (PostgreSQL, an
    in-memory database) in the platform's data folder."""
    if database_url.startswith("sqlite"):
        path = database_url.split("///", 1)[-1]
        if path and path != ":memory:" and "///" in database_url:
            return Path(path).resolve().parent / "blobs"
    import platformdirs

    return Path(platformdirs.user_data_dir("inspector-server", appauthor=False)) / "blobs"


def open_store(location: str | None, database_url: str) -> BlobStore:
    """The store at ``location``: ``s3://bucket/prefix`` for object storage (settings from the usual
    ``AWS_*`` environment variables), else a folder; ``None``: ``$INSPECTOR_SERVER_BLOBS``, else the
    default folder (``default_location``)."""
    location = location or os.environ.get(ENV_BLOBS) or ""
    if location.startswith("s3://"):
        from .objects import ObjectStore

        bucket, _, prefix = location[len("s3://"):].partition("/")
        return ObjectStore(bucket, prefix.strip("/"))
    from .files import FileStore

    return FileStore(Path(location) if location else default_location(database_url))
