"""Rolling encrypted backups of the workspace database, and putting one back.

A backup is made with SQLite's online backup API into a new SQLCipher file keyed with the same key
(SQLCipher refuses a backup into an unkeyed file, so a backup can never come out in plain text): a
consistent copy, taken while the workspace is open, page by page, each page checked on the way.
One a day (at the first open of the day, or at close when the day changed) and one before every
migration. Daily backups roll: the newest ``KEEP_DAILY`` are kept. Files are
``backups/inspector-YYYYMMDD-HHMMSS-LABEL.db`` (UTC), a single file each (no -wal beside it).

Restoring never deletes anything: the current file (with its -wal and -shm) moves to
``replaced/`` first, then a copy of the backup takes its place. The copy is made beside the
database as ``inspector.db.restoring`` and renamed in one step; a kill in between is finished at
the next open (``finish_restore``).
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3
import sqlite_utils

from . import files, health
from .db import DB_ERRORS, translated

FOLDER = "backups"
REPLACED = "replaced"
DAILY = "daily"
KEEP_DAILY = 7
RESTORING = ".restoring"
_NAME = re.compile(r"^inspector-(\d{8})-(\d{6})-([a-z0-9-]+)\.db$")
SIDE_FILES = ("-wal", "-shm")


@dataclass(frozen=True)
class Backup:
    path: Path
    made_at: datetime  # UTC
    label: str  # "daily", "schema3" (before a migration), ...
    size: int

    @property
    def name(self) -> str:
        return self.path.name


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y%m%d-%H%M%S")


def list_backups(directory: Path) -> list[Backup]:
    """The workspace's backups, newest first."""
    folder = directory / FOLDER
    found: list[Backup] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for path in entries:
        m = _NAME.match(path.name)
        if not m or not path.is_file():
            continue
        try:
            made = datetime.strptime(m[1] + m[2], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
            found.append(Backup(path, made, m[3], path.stat().st_size))
        except (ValueError, OSError):
            continue
    return sorted(found, key=lambda b: (b.made_at, b.name), reverse=True)


def daily_due(directory: Path, now: datetime | None = None) -> bool:
    day = (now or datetime.now(UTC)).astimezone(UTC).date()
    return not any(b.label == DAILY and b.made_at.date() == day for b in list_backups(directory))


def _key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def make(db: sqlite_utils.Database, key: bytes, db_path: Path, label: str,
         now: datetime | None = None) -> Path:
    """Copy the open database into a new encrypted backup file; returns its path."""
    folder = db_path.parent / FOLDER
    with translated(folder):
        files.private_dir(folder)
        for stale in folder.glob("*.part"):  # a backup interrupted by a kill
            stale.unlink(missing_ok=True)
        base = f"inspector-{_stamp(now or datetime.now(UTC))}-{label}"
        target, n = folder / f"{base}.db", 1
        while target.exists():
            n += 1
            target = folder / f"{base}-{n}.db"
        part = target.with_name(target.name + ".part")
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, files.PRIVATE_FILE)
        os.close(fd)
        try:
            dest = sqlcipher3.connect(str(part), isolation_level=None)
            try:
                dest.execute(_key_pragma(key))
                db.conn.backup(dest)
                # One self-contained file: no write-ahead log to lose beside it.
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
            files.fsync_file(part)
            os.replace(part, target)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        files.fsync_dir(folder)
    return target


def prune(directory: Path, keep: int = KEEP_DAILY) -> list[Path]:
    """Remove daily backups beyond the newest ``keep``; returns what was removed."""
    daily = [b for b in list_backups(directory) if b.label == DAILY]
    removed = []
    for old in daily[keep:]:
        try:
            old.path.unlink()
            removed.append(old.path)
        except OSError:
            pass
    return removed


def verify(path: Path, key: bytes) -> health.Result | None:
    """Check a backup with ``key`` (read-only); None when the key does not open it."""
    try:
        conn = sqlcipher3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    except DB_ERRORS as exc:
        return health.Result(False, (str(exc),), 0.0)
    try:
        conn.execute(_key_pragma(key))
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except DB_ERRORS:
            return None
        return health.quick_check(sqlite_utils.Database(conn))
    except DB_ERRORS as exc:
        return health.Result(False, (str(exc),), 0.0)
    finally:
        conn.close()


def move_aside(db_path: Path, now: datetime | None = None) -> Path | None:
    """Move the current database file (and its -wal and -shm) into ``replaced/``; None if absent."""
    present = [s for s in ("", *SIDE_FILES) if db_path.with_name(db_path.name + s).exists()]
    if not present:
        return None
    folder = files.private_dir(db_path.parent / REPLACED)
    stamp = _stamp(now or datetime.now(UTC))
    base, n = folder / f"inspector-{stamp}.db", 1
    while base.exists():
        n += 1
        base = folder / f"inspector-{stamp}-{n}.db"
    for suffix in present:
        os.replace(db_path.with_name(db_path.name + suffix), base.with_name(base.name + suffix))
    files.fsync_dir(folder)
    return base


def restore(backup: Path, db_path: Path, now: datetime | None = None) -> Path | None:
    """Put a copy of ``backup`` in the database's place; returns where the current file went."""
    tmp = db_path.with_name(db_path.name + RESTORING)
    with translated(db_path):
        try:
            shutil.copyfile(backup, tmp)
            os.chmod(tmp, files.PRIVATE_FILE)
            files.fsync_file(tmp)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        kept = move_aside(db_path, now or datetime.now(UTC))
        os.replace(tmp, db_path)
        files.fsync_dir(db_path.parent)
        health.forget(db_path)
    return kept


def finish_restore(db_path: Path) -> bool:
    """Finish a restore a kill interrupted; True when it did. A half-made copy is discarded."""
    tmp = db_path.with_name(db_path.name + RESTORING)
    if not tmp.exists():
        return False
    with translated(db_path):
        if db_path.exists():
            tmp.unlink()  # killed while copying: the backup itself is still there
            return False
        move_aside(db_path, datetime.now(UTC))  # a -wal or -shm of the replaced file left behind
        os.replace(tmp, db_path)
        files.fsync_dir(db_path.parent)
        health.forget(db_path)
    return True
