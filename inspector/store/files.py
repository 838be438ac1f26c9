"""Small files written so that a kill or a power loss leaves either the old or the new version.

Write to a temporary name beside the target, flush it to the disk, rename it over the target (atomic
on POSIX and on NTFS), then flush the folder so the rename itself survives a power loss.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def fsync_dir(directory: Path) -> None:
    """Make a rename or a new file in ``directory`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # Windows: folders cannot be opened; NTFS journals the rename itself
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` by ``data`` all at once (mode 0600); ``durable``: flushed to the disk first."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if durable:
        fsync_dir(path.parent)


def private_dir(directory: Path, *, tighten: bool = False) -> Path:
    """Create ``directory`` (and its parents) readable by its owner only; returns it.

    ``tighten``: also take the group's and others' access away when it exists already (a folder of
    our own, such as ``logs/``; never a folder the user named).
    """
    directory.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    if tighten:
        try:
            if directory.stat().st_mode & 0o077:
                directory.chmod(PRIVATE_DIR)
        except OSError:  # not ours to change: the files inside stay 0600
            pass
    return directory
