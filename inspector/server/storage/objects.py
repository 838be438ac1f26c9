"""Object storage: an S3-compatible bucket (AWS S3, MinIO, Ceph, Garage …), through obstore.

A file is the object ``<prefix>/blobs/<sha256>``, pieces of uploads are ``<prefix>/incoming/<random>``.
A whole file streams straight to its address: obstore buffers up to 8 MB and sends larger files as a
multipart upload, and the upload is completed only after the SHA-256 of everything written matched
(else it is aborted: nothing appears). So a reader never sees a partial or unverified object, and two
servers storing the same file at once write the same bytes.

Why obstore rather than boto3: it streams both ways (a writer that turns into a multipart upload by
itself, reads as an iterator of chunks) where boto3's ``put_object`` wants a seekable body of known
length (a temporary file per upload); it is one typed wheel without dependencies; and its transfers
run in Rust outside the interpreter lock, which matters on a server with few cores. Settings come from
the standard ``AWS_*`` environment variables (endpoint, region, keys; see docs/server.md).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

import obstore
from obstore.store import S3Store

from . import READ_CHUNK, Hashing, HashMismatch, Piece

if TYPE_CHECKING:
    from obstore import WritableFile
    from obstore.store import ClientConfig

INCOMING = "incoming"
BLOBS = "blobs"
PART = 8 * 1024 * 1024  # a file up to this size is one PUT; a larger one goes in parts of this size,
# at most two in flight, so an upload holds at most about three parts in memory whatever its size


class ObjectWriter(Hashing):
    def __init__(self, store: ObjectStore, sha256: str | None) -> None:
        super().__init__()
        self.sha256 = sha256
        self.name = f"{INCOMING}/{uuid.uuid4().hex}" if sha256 is None else sha256
        self._file: WritableFile = obstore.open_writer(store.s3, store.key(self.name), buffer_size=PART,
                                                       max_concurrency=2)

    def _put(self, data: bytes | memoryview) -> None:
        self._file.write(data)

    def commit(self) -> Piece:
        try:
            digest = self.checked(self.sha256)
            self._file.close()
        except BaseException:
            self.abort()
            raise
        return Piece(self.name, self.size, digest)

    def abort(self) -> None:
        """Throw away what was written (an unfinished multipart upload is aborted)."""
        if not self._file.closed():
            self._file.__exit__(HashMismatch, HashMismatch(self.name), None)


class ObjectStore:
    def __init__(self, bucket: str, prefix: str = "", **options: Any) -> None:
        """``options``: S3 settings for obstore's ``S3Store`` (``endpoint``, ``region``, keys …);
        anything not given comes from the ``AWS_*`` environment variables. A plain-HTTP endpoint is
        allowed (a bucket inside the municipality's own network, or the tests' local server)."""
        endpoint = str(options.get("endpoint") or "")
        client: ClientConfig | None = {"allow_http": True} if endpoint.startswith("http://") else None
        self.s3 = S3Store(bucket, prefix=prefix or None, client_options=client, **options)
        self.prefix = prefix
        self.location = f"s3://{bucket}/{prefix}".rstrip("/")

    def key(self, name: str) -> str:
        return name if name.startswith(INCOMING + "/") else f"{BLOBS}/{name}"

    def writer(self, sha256: str | None) -> ObjectWriter:
        return ObjectWriter(self, sha256)

    def open(self, name: str) -> Iterator[bytes]:
        result = obstore.get(self.s3, self.key(name))  # a missing object raises here
        return iter(result.stream(min_chunk_size=READ_CHUNK))

    def exists(self, sha256: str) -> bool:
        try:
            obstore.head(self.s3, self.key(sha256))
        except FileNotFoundError:
            return False
        return True

    def delete(self, names: Iterable[str]) -> None:
        keys = [self.key(n) for n in names]
        for start in range(0, len(keys), 1000):  # S3 deletes up to 1000 objects per request
            obstore.delete(self.s3, keys[start:start + 1000])

    def leftovers(self, before: datetime) -> list[str]:
        found = []
        for batch in obstore.list(self.s3, prefix=INCOMING + "/"):
            found += [str(o["path"]) for o in batch if o["last_modified"] < before]
        return found
