"""The default store: content-addressed files in a folder on the server's own disk.

A file lives at ``<folder>/ab/cd/<sha256>``. Bytes arrive in ``<folder>/incoming/<random>``, hashed as
they are written; a whole file is flushed to the disk, checked and then renamed to its address (atomic:
a reader sees the whole file or none), and the folder is flushed so the rename survives a power loss
(with the folders above it when they were made for this file).
Files and folders are readable by the server's user only.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from ...store.files import fsync_dir, private_dir
from . import READ_CHUNK, Hashing, Piece

INCOMING = "incoming"


class FileWriter(Hashing):
    def __init__(self, store: FileStore, sha256: str | None) -> None:
        super().__init__()
        self.store, self.sha256 = store, sha256
        self.name = f"{INCOMING}/{uuid.uuid4().hex}"
        self.path = store.root / self.name
        self._file = open(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")

    def _put(self, data: bytes | memoryview) -> None:
        self._file.write(data)

    def commit(self) -> Piece:
        try:
            digest = self.checked(self.sha256)
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            if self.sha256 is None:
                return Piece(self.name, self.size, digest)
            target = self.store.path(self.sha256)
            made = self.store.folders(target)
            os.replace(self.path, target)
        except BaseException:
            self.abort()
            raise
        for folder in (target.parent, *made):  # the new name, and the folders made for it, in their parents
            fsync_dir(folder)
        return Piece(self.sha256, self.size, digest)

    def abort(self) -> None:
        self._file.close()
        self.path.unlink(missing_ok=True)


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.location = str(self.root)
        private_dir(self.root / INCOMING)

    def path(self, name: str) -> Path:
        """A stored file's path (by its SHA-256), or a piece's (by its name)."""
        if name.startswith(INCOMING + "/"):
            return self.root / name
        return self.root / name[:2] / name[2:4] / name

    def folders(self, target: Path) -> list[Path]:
        """Make the missing folders of a stored file's path; the folders whose entries that changed
        (to be flushed with the file, so a power loss cannot take a new folder away with its file)."""
        folder = target.parent
        if folder.is_dir():
            return []
        changed = [folder.parent] if folder.parent.is_dir() else [folder.parent, self.root]
        private_dir(folder.parent)  # each level made with its own mode (mkdir's parents get the umask's)
        private_dir(folder)
        return changed

    def writer(self, sha256: str | None) -> FileWriter:
        return FileWriter(self, sha256)

    def open(self, name: str) -> Iterator[bytes]:
        return _chunks(open(self.path(name), "rb"))  # opened now: a missing file raises here

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def delete(self, names: Iterable[str]) -> None:
        for name in names:
            self.path(name).unlink(missing_ok=True)

    def leftovers(self, before: datetime) -> list[str]:
        limit = before.timestamp()
        found = []
        with os.scandir(self.root / INCOMING) as entries:
            for entry in entries:
                try:
                    if entry.stat().st_mtime < limit:
                        found.append(f"{INCOMING}/{entry.name}")
                except FileNotFoundError:  # removed meanwhile
                    pass
        return found


def _chunks(file: BinaryIO) -> Iterator[bytes]:
    with file:
        while chunk := file.read(READ_CHUNK):
            yield chunk
