"""Open the encrypted database: key, pragmas, version guard, backup, error translation."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3
import sqlite_utils

from ..errors import StorageError

DB_ERRORS: tuple[type[BaseException], ...] = (sqlcipher3.DatabaseError, sqlite3.DatabaseError)


def storage_error(exc: BaseException, path: Path | None = None) -> StorageError:
    """Translate a SQLite/OS error into a StorageError the user can act on."""
    text = str(exc).lower()
    where = f" ({path.name})" if path else ""
    if "disk is full" in text or "no space" in text or getattr(exc, "errno", None) == 28:
        return StorageError(
            "disk_full",
            f"De schijf is vol{where}. Uw laatste wijziging is niet bewaard; maak ruimte vrij en "
            "probeer het opnieuw. Eerder bewaard werk blijft intact.",
            f"The disk is full{where}. Your last change was not saved; free up space and try again. "
            "Work saved earlier is intact.")
    if "readonly" in text or "read-only" in text or isinstance(exc, PermissionError):
        return StorageError(
            "read_only",
            f"De gegevens kunnen niet worden opgeslagen: het bestand is alleen-lezen{where}. "
            "Controleer de rechten op de werkmap.",
            f"The data cannot be saved: the file is read-only{where}. Check the permissions of the "
            "workspace folder.")
    if "locked" in text or "busy" in text:
        return StorageError(
            "locked",
            "De database is in gebruik door een ander programma. Sluit andere vensters van "
            "Inspector en probeer het opnieuw.",
            "The database is in use by another program. Close other Inspector windows and try again.")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StorageError(
            "corrupt",
            f"Het databasebestand is beschadigd of niet te lezen{where}. Er is niets gewijzigd; "
            "neem contact op met de helpdesk (een reservekopie staat in de map 'backups').",
            f"The database file is damaged or unreadable{where}. Nothing was changed; contact "
            "the helpdesk (a backup copy is in the 'backups' folder).")
    return StorageError(
        "storage_failed",
        f"De gegevens konden niet worden gelezen of opgeslagen: {exc}.",
        f"The data could not be read or saved: {exc}.")


@contextlib.contextmanager
def translated(path: Path | None = None) -> Iterator[None]:
    """Turn database and OS errors raised inside into StorageError."""
    try:
        yield
    except StorageError:
        raise
    except DB_ERRORS as exc:
        raise storage_error(exc, path) from exc
    except OSError as exc:
        raise storage_error(exc, path) from exc


def wrong_key_error() -> StorageError:
    return StorageError(
        "wrong_key",
        "De database kan niet worden geopend: de sleutel of wachtwoordzin klopt niet. Er is niets "
        "gewijzigd; probeer het opnieuw.",
        "The database cannot be opened: the key or passphrase is wrong. Nothing was changed; "
        "try again.")


def connect(path: Path, key: bytes, *, check_same_thread: bool = False) -> sqlite_utils.Database:
    """Open (or create) the SQLCipher file with ``key`` and set the pragmas.

    Reads before it writes, so a wrong key or a damaged file raises before anything is changed.
    """
    if len(key) != 32:
        raise ValueError("the database key must be 32 bytes")
    with translated(path):
        conn = sqlcipher3.connect(str(path), check_same_thread=check_same_thread,
                                  isolation_level=None, timeout=10)
        try:
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except DB_ERRORS:
            conn.close()
            raise
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        # Every page read from disk is decrypted: a larger cache (64 MiB) keeps lists fast.
        conn.execute("PRAGMA cache_size = -65536")
        conn.execute("PRAGMA temp_store = MEMORY")
    return sqlite_utils.Database(conn)


def user_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def backup_file(db: sqlite_utils.Database, path: Path, label: str) -> Path:
    """Copy the (encrypted) database file aside before a migration."""
    with translated(path):
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        folder = path.parent / "backups"
        folder.mkdir(exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        target = folder / f"{path.stem}-{stamp}-{label}{path.suffix}"
        shutil.copy2(path, target)
    return target
