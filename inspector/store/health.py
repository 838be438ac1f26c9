"""Is the database file whole? ``PRAGMA quick_check`` at open, whenever there is reason to doubt.

A full check reads and decrypts every page: about 1.4 s for the 49 MB of a 2 000-case demo
workspace here (README), too slow for every open. So it runs when the file may have changed
behind Inspector's back: on the first open of a day, after a session that did not end cleanly
(a kill, a crash, a power loss), and when the file's size or modification time differs from what
Inspector recorded when it last closed it (another program wrote to it, a disk or copy damaged it).
Otherwise open costs a ``stat``. SQLCipher also checks each page's HMAC whenever it reads one, so
damage found later during work stops the writes too (``Repository``).

The record lives beside the database in ``inspector.db.health`` (no personal data); losing it only
means the next open checks.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from . import files

SUFFIX = ".health"


@dataclass(frozen=True)
class Result:
    ok: bool
    problems: tuple[str, ...]
    seconds: float


def _record_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + SUFFIX)


def _read(db_path: Path) -> dict[str, object]:
    try:
        data = json.loads(_record_path(db_path).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _stat(db_path: Path) -> list[int]:
    st = db_path.stat()
    return [st.st_size, st.st_mtime_ns]


def today(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).strftime("%Y-%m-%d")


def check_reason(db_path: Path, now: datetime | None = None) -> str:
    """Why the file must be checked now ("" when it need not be)."""
    record = _read(db_path)
    if record.get("checked_on") != today(now):
        return "daily"
    closed = record.get("closed")
    if not isinstance(closed, list):
        return "not_closed"  # the last session was killed, crashed or lost its power
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return "not_closed"
    if closed != _stat(db_path):
        return "changed"  # written by something else than Inspector since it last closed it
    return ""


def quick_check(db: sqlite_utils.Database, limit: int = 5) -> Result:
    """``PRAGMA quick_check``: every page read (and its HMAC checked), the b-trees' structure."""
    start = time.perf_counter()
    rows = [str(r[0]) for r in db.execute(f"PRAGMA quick_check({int(limit)})").fetchall()]
    seconds = time.perf_counter() - start
    ok = rows == ["ok"]
    return Result(ok, () if ok else tuple(rows), seconds)


def mark_open(db_path: Path, checked: bool, now: datetime | None = None) -> None:
    """At open: the session has begun (so a kill is noticed next time), and whether it checked today."""
    record = _read(db_path)
    if checked:
        record["checked_on"] = today(now)
    record["closed"] = None
    _write(db_path, record)


def mark_closed(db_path: Path) -> None:
    """After a clean close: what the file looks like now, so a later change by others shows."""
    record = _read(db_path)
    try:
        record["closed"] = _stat(db_path)
    except OSError:
        return
    _write(db_path, record)


def forget(db_path: Path) -> None:
    """The next open checks the file (it was replaced by a backup, or found damaged)."""
    _record_path(db_path).unlink(missing_ok=True)


def _write(db_path: Path, record: dict[str, object]) -> None:
    try:
        # Not flushed to the disk: a lost record only makes the next open check the file.
        files.write_atomic(_record_path(db_path), json.dumps(record).encode(), durable=False)
    except OSError:
        pass


def exists(db_path: Path) -> bool:
    return os.path.exists(_record_path(db_path))
