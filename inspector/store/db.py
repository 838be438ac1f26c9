"""Open the encrypted database: key, pragmas, error translation."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlcipher3
import sqlite_utils

from ..errors import StorageError

DB_ERRORS: tuple[type[BaseException], ...] = (sqlcipher3.DatabaseError, sqlite3.DatabaseError)


def _is(exc: BaseException, *texts: str, errno: int | None = None) -> bool:
    text = str(exc).lower()
    return any(t in text for t in texts) or (errno is not None and getattr(exc, "errno", None) == errno)


def storage_error(exc: BaseException, path: Path | None = None) -> StorageError:
    """Translate a SQLite/OS error into a StorageError the user can act on."""
    where = f" ({path.name})" if path else ""
    if _is(exc, "disk is full", "no space", errno=28):
        return StorageError(
            "disk_full",
            f"De schijf is vol{where}. Uw laatste wijziging is niet bewaard; maak ruimte vrij en "
            "probeer het opnieuw. Eerder bewaard werk blijft intact.",
            f"The disk is full{where}. Your last change was not saved; free up space and try again. "
            "Work saved earlier is intact.")
    if _is(exc, "readonly", "read-only") or isinstance(exc, PermissionError):
        return StorageError(
            "read_only",
            f"De gegevens kunnen niet worden opgeslagen: het bestand is alleen-lezen{where}. "
            "Controleer de rechten op de werkmap.",
            f"The data cannot be saved: the file is read-only{where}. Check the permissions of the "
            "workspace folder.")
    if _is(exc, "locked", "busy"):
        return StorageError(
            "locked",
            "De database is in gebruik door een ander programma. Sluit andere vensters van "
            "Inspector en probeer het opnieuw.",
            "The database is in use by another program. Close other Inspector windows and try again.")
    if _is(exc, "not a database", "malformed", "corrupt"):
        # Said without promising a backup: whether one exists is only known where the workspace is
        # opened (opening.py), which then names the newest one.
        return StorageError(
            "corrupt",
            f"Het databasebestand is beschadigd of niet te lezen{where}. Inspector schrijft er niets "
            "meer in. Sluit Inspector en start het opnieuw: het bestand wordt dan gecontroleerd en, "
            "als er een reservekopie is, wordt die aangeboden.",
            f"The database file is damaged or unreadable{where}. Inspector writes nothing more to "
            "it. Close Inspector and start it again: the file is then checked and, if there is a "
            "backup, it is offered.")
    if _is(exc, "disk i/o error", errno=5):
        return StorageError(
            "io_error",
            f"De schijf gaf een lees- of schrijffout{where}. Uw laatste wijziging is mogelijk niet "
            "bewaard. Controleer of de schijf (of USB-stick) nog goed aangesloten is en er ruimte op "
            "staat, en probeer het opnieuw; blijft dit gebeuren, neem dan contact op met de helpdesk.",
            f"The disk reported a read or write error{where}. Your last change may not have been "
            "saved. Check that the disk (or USB stick) is still properly connected and has space, "
            "and try again; if this keeps happening, contact the helpdesk.")
    if _is(exc, "unable to open database") or isinstance(
            exc, FileNotFoundError | NotADirectoryError | IsADirectoryError):
        return StorageError(
            "cannot_open",
            f"Het databasebestand kan niet worden geopend{where}: de werkmap bestaat niet (meer), "
            "is niet bereikbaar (een netwerkschijf of USB-stick die ontbreekt) of u mag er niet "
            "in schrijven. Controleer de werkmap en probeer het opnieuw.",
            f"The database file cannot be opened{where}: the workspace folder does not exist (any "
            "more), cannot be reached (a missing network drive or USB stick) or may not be written "
            "to. Check the workspace folder and try again.")
    return StorageError(
        "storage_failed",
        f"De gegevens konden niet worden gelezen of opgeslagen ({type(exc).__name__}). Probeer het "
        "opnieuw; blijft dit gebeuren, neem dan contact op met de helpdesk.",
        f"The data could not be read or saved ({type(exc).__name__}). Try again; if this keeps "
        "happening, contact the helpdesk.", details=str(exc))


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


def connect(path: Path, key: bytes, *, create: bool = False,
            check_same_thread: bool = False) -> sqlite_utils.Database:
    """Open the SQLCipher file with ``key`` and set the pragmas; ``create`` allows a new file.

    Reads before it writes, so a wrong key or a damaged file raises before anything is changed.
    Without ``create`` a missing file is an error: an existing workspace never silently gets a new,
    empty database.
    """
    if len(key) != 32:
        raise ValueError("the database key must be 32 bytes")
    uri = f"{path.resolve().as_uri()}?mode={'rwc' if create else 'rw'}"
    with translated(path):
        conn = sqlcipher3.connect(uri, uri=True, check_same_thread=check_same_thread,
                                  isolation_level=None, timeout=10)
        # SQLCipher writes its own error lines to stderr (a damaged page, a wrong key); the error
        # itself reaches the user as a StorageError, so its log stays off (a process-wide setting).
        conn.execute("PRAGMA cipher_log_level = NONE")
        try:
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except DB_ERRORS:
            conn.close()
            raise
        if create or path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)  # encrypted, and still nobody else's (-wal and -shm follow its mode)
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: every commit syncs the write-ahead log, so an edit the app has acknowledged survives
        # a power loss (an empty laptop battery). Costs about 1.5 ms an edit here (README).
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA fullfsync = ON")  # macOS: a real flush to the disk, not just to its cache
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        # Every page read from disk is decrypted: a larger cache (64 MiB) keeps lists fast.
        conn.execute("PRAGMA cache_size = -65536")
        conn.execute("PRAGMA temp_store = MEMORY")
    return sqlite_utils.Database(conn)


def user_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def in_use_error() -> StorageError:
    return StorageError(
        "in_use",
        "De werkmap is nu geopend in Inspector (of in een ander programma). Sluit Inspector en probeer "
        "het opnieuw; er is niets gewijzigd.",
        "The workspace is open in Inspector (or another program) right now. Close Inspector and try "
        "again; nothing was changed.")


def lock_exclusively(db: sqlite_utils.Database) -> None:
    """Keep every other connection out until ``db`` is closed; ``in_use`` when one is open now."""
    try:
        db.execute("PRAGMA busy_timeout = 0")
        db.execute("PRAGMA locking_mode = EXCLUSIVE")
        db.execute("BEGIN EXCLUSIVE")
        db.execute("COMMIT")
    except DB_ERRORS as exc:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise in_use_error() from exc
        raise storage_error(exc) from exc


def ensure_not_in_use(path: Path, key: bytes) -> None:
    """Raise ``in_use`` when another connection has the database open (a damaged or missing file is
    in nobody's use)."""
    if not path.exists():
        return
    try:
        db = connect(path, key)
    except StorageError as exc:
        if exc.code == "locked":
            raise in_use_error() from exc
        if exc.code == "corrupt":
            return
        raise
    try:
        lock_exclusively(db)
    finally:
        db.close()
