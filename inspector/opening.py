"""Finding, creating, unlocking and checking a workspace folder.

A workspace folder holds ``inspector.db`` (SQLCipher), ``workspace.json`` (``workspace_file.py``),
``backups/`` (``store/backups.py``), ``replaced/`` (files a restore or a recovery set aside, never
deleted) and ``logs/``.

What opening guarantees:
- a workspace that has existed never starts empty: a missing or empty ``inspector.db`` beside its
  ``workspace.json`` is refused, naming the newest backup;
- a new workspace is made whole or not at all: ``workspace.json`` says "creating" until the database
  is made and migrated; a kill in between is cleaned up at the next open;
- the file is checked (``store/health.py``) when there is reason to doubt it, and a damaged one is
  refused before anything is written to it;
- one backup a day (``store/backups.py``), of a checked file only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import sqlite_utils

from . import credentials
from . import workspace_file as wsfile
from .errors import CredentialsError, StorageError
from .store import backups, bulk, files, health
from .store import db as dbmod
from .store.migrations import upgrade
from .store.repository import Repository
from .workspace_file import INFO_NAME, MIN_PASSPHRASE  # noqa: F401 - part of this module's interface

log = logging.getLogger(__name__)

DB_NAME = "inspector.db"


@dataclass(frozen=True)
class WorkspaceInfo:
    directory: Path
    exists: bool
    key_mode: str  # "keyring" | "passphrase" | "" (new)
    needs_passphrase: bool  # the caller must ask for a passphrase before opening
    new_passphrase: bool  # ... and it is a new one (ask twice)


def inspect(directory: Path) -> WorkspaceInfo:
    """What opening ``directory`` will need, without opening anything."""
    info = wsfile.read(directory)
    if info is not None and info.get("state") != wsfile.CREATING:
        mode = str(info.get("key_mode", "keyring"))
        return WorkspaceInfo(directory, True, mode, mode == "passphrase", False)
    secure = credentials.secure_keyring_available()
    return WorkspaceInfo(directory, False, "", not secure, not secure)


@dataclass
class Opened:
    """An unlocked, checked workspace database and what keeps it safe until it is closed."""

    directory: Path
    db: sqlite_utils.Database
    info: wsfile.Info
    key: bytes = field(repr=False)
    check: health.Result | None = None  # the check this open ran, if it ran one

    @property
    def path(self) -> Path:
        return self.directory / DB_NAME

    def backup(self, label: str) -> Path:
        return backups.make(self.db, self.key, self.path, label)

    def backup_if_due(self) -> Path | None:
        """The day's backup, unless there is one; older daily backups beyond seven roll off."""
        if not backups.daily_due(self.directory):
            return None
        made = self.backup(backups.DAILY)
        backups.prune(self.directory)
        return made

    def close(self, *, damaged: bool = False) -> None:
        """Close; the day's backup first when due. ``damaged``: no backup, and the next open checks."""
        try:
            if not damaged:
                self.backup_if_due()
        except StorageError as exc:
            log.warning("no backup at close: %s", exc.code)
        finally:
            self.db.close()
            if damaged:
                health.forget(self.path)
            else:
                health.mark_closed(self.path)


# --- messages ------------------------------------------------------------------------------------
def _when(made_at: datetime) -> str:
    return made_at.astimezone().strftime("%d-%m-%Y %H:%M")


def backup_advice(directory: Path, *, current: bool = True) -> tuple[str, str]:
    """What to do, naming the newest backup when there is one (and never promising one that isn't)."""
    found = backups.list_backups(directory)
    if not found:
        return ("Er is geen reservekopie van deze werkmap. Laat de bestanden in de werkmap staan en neem "
                "contact op met de helpdesk; gegevens die al gesynchroniseerd zijn, staan ook op de server.",
                "There is no backup of this workspace. Leave the files in the workspace folder and "
                "contact the helpdesk; data already synchronised is also on the server.")
    when = _when(found[0].made_at)
    kept = ("; het huidige bestand wordt bewaard in de map 'replaced'", "; the current file is kept in the "
            "folder 'replaced'") if current else ("", "")
    return (f"De nieuwste reservekopie is van {when}. Zet die terug bij het starten van Inspector of met "
            f"'inspector restore'. Wat u daarna hebt vastgelegd en nog niet hebt gesynchroniseerd, staat "
            f"niet in de kopie{kept[0]}.",
            f"The newest backup is from {when}. Restore it when Inspector starts or with 'inspector "
            f"restore'. What you recorded after that and have not synchronised is not in the copy{kept[1]}.")


def _restore_details(directory: Path) -> dict[str, object]:
    """What the app needs to offer the restore without touching the disk again."""
    found = backups.list_backups(directory)
    return {"directory": str(directory), "backup": found[0].name if found else None,
            "backup_made_at": _when(found[0].made_at) if found else None}


def missing_error(directory: Path) -> StorageError:
    nl, en = backup_advice(directory, current=False)
    return StorageError(
        "database_missing",
        f"Het databasebestand van deze werkmap ontbreekt of is leeg ({DB_NAME}), terwijl de werkmap "
        f"wel bestaan heeft. Inspector begint niet met een lege werkmap. {nl}",
        f"The database file of this workspace is missing or empty ({DB_NAME}) although the workspace "
        f"has existed. Inspector does not start with an empty workspace. {en}",
        details=_restore_details(directory))


def damaged_error(directory: Path) -> StorageError:
    nl, en = backup_advice(directory)
    return StorageError(
        "damaged",
        f"Het databasebestand van deze werkmap is beschadigd ({DB_NAME}). Er is niets in geschreven. {nl}",
        f"The database file of this workspace is damaged ({DB_NAME}). Nothing was written to it. {en}",
        details=_restore_details(directory))


RESTORABLE = ("database_missing", "damaged")  # start problems a backup can solve


# --- creating ------------------------------------------------------------------------------------
def _set_aside_half_made(directory: Path, info: wsfile.Info | None) -> None:
    """A workspace whose creation was interrupted: its database (no work in it yet) goes to
    ``replaced/``, its key out of the keyring."""
    kept = backups.move_aside(directory / DB_NAME)
    if kept is not None:
        log.warning("an unfinished workspace was set aside as %s", kept.name)
    if info is not None and info.get("key_mode") == "keyring":
        credentials.delete_db_key(str(info["workspace_id"]))


def _create(directory: Path, leftover: wsfile.Info | None, passphrase: str | None) -> Opened:
    path = directory / DB_NAME
    if leftover is None and (path.exists() or path.with_name(DB_NAME + "-wal").exists()):
        if backups.list_backups(directory):  # it has lived: its workspace.json was lost, not unfinished
            raise StorageError(
                "workspace_info",
                f"De werkmap bevat een database en reservekopieën, maar geen {INFO_NAME}; zonder dat "
                "bestand is de sleutel niet te vinden. Er is niets gewijzigd; neem contact op met de "
                f"helpdesk (die kan {INFO_NAME} uit een kopie terugzetten).",
                f"The workspace folder holds a database and backups but no {INFO_NAME}; without that "
                f"file the key cannot be found. Nothing was changed; contact the helpdesk (who can put "
                f"{INFO_NAME} back from a copy).")
    key, info = wsfile.new(passphrase)
    with dbmod.translated(directory):
        _set_aside_half_made(directory, leftover)
    wsfile.write(directory, {**info, "state": wsfile.CREATING})
    if info["key_mode"] == "keyring":
        credentials.store_db_key(str(info["workspace_id"]), key)
    db = dbmod.connect(path, key, create=True)
    try:
        upgrade(db, path, backup=lambda _label: None)
        wsfile.write(directory, info)
        health.mark_open(path, checked=True)
    except BaseException:
        db.close()
        raise
    return Opened(directory, db, info, key)


# --- opening an existing workspace -----------------------------------------------------------------
def _opens(path: Path, key: bytes) -> bool:
    try:
        dbmod.connect(path, key).close()
    except StorageError as exc:
        if exc.code == "corrupt":
            return False
        raise
    return True


def _settle_rekey(directory: Path, info: wsfile.Info, key: bytes, *, new: bool) -> None:
    """A passphrase change was interrupted: finish it or drop it, whichever the file says."""
    pending = info[wsfile.REKEY]
    if _opens(directory / DB_NAME, key):
        if new and isinstance(pending, dict):
            info.update({k: pending[k] for k in ("salt", "kdf", "key_check")})
        del info[wsfile.REKEY]
        wsfile.write(directory, info)
        return
    if new:
        raise CredentialsError(
            "rekey_not_done",
            "Het wijzigen van de wachtwoordzin is onderbroken voordat het werd doorgevoerd. Voer de oude "
            "wachtwoordzin in (en wijzig hem daarna opnieuw).",
            "Changing the passphrase was interrupted before it took effect. Enter the old passphrase "
            "(and change it again afterwards).")
    raise CredentialsError(
        "rekey_done",
        "De wachtwoordzin is gewijzigd; het vastleggen daarvan werd onderbroken. Voer de nieuwe "
        "wachtwoordzin in.",
        "The passphrase was changed; recording that was interrupted. Enter the new passphrase.")


def passphrase_key(directory: Path, info: wsfile.Info, passphrase: str | None) -> bytes:
    """The key of a passphrase workspace (settling an interrupted passphrase change on the way)."""
    if not passphrase:
        raise wsfile.passphrase_error("passphrase_needed")
    pending = info.get(wsfile.REKEY)
    current = wsfile.derive(passphrase, info)
    if current and (not current[1] or credentials.key_check_matches(*current)):
        if pending:
            _settle_rekey(directory, info, current[0], new=False)
        return current[0]
    if pending:
        derived = wsfile.derive(passphrase, pending)
        if derived and credentials.key_check_matches(*derived):
            _settle_rekey(directory, info, derived[0], new=True)
            return derived[0]
    raise dbmod.wrong_key_error()


def existing_key(directory: Path, info: wsfile.Info, passphrase: str | None) -> bytes:
    if info.get("key_mode") == "passphrase":
        return passphrase_key(directory, info, passphrase)
    return wsfile.keyring_key(info)


def _is_missing(path: Path) -> bool:
    if not path.exists():
        return True
    wal = path.with_name(path.name + "-wal")
    return path.stat().st_size == 0 and not (wal.exists() and wal.stat().st_size > 0)


def _open_existing(directory: Path, info: wsfile.Info, passphrase: str | None) -> Opened:
    path = directory / DB_NAME
    with dbmod.translated(path):
        backups.finish_restore(path)
        if _is_missing(path):
            raise missing_error(directory)
    key = existing_key(directory, info, passphrase)
    reason = health.check_reason(path)
    try:
        db = dbmod.connect(path, key)
    except StorageError as exc:
        if exc.code == "corrupt":
            known_key = bool(info.get("key_check"))  # else a wrong key looks like a damaged file
            raise (damaged_error(directory) if known_key else dbmod.wrong_key_error()) from exc
        raise
    opened = Opened(directory, db, info, key)
    try:
        with dbmod.translated(path):
            if reason:
                opened.check = health.quick_check(db)
                log.info("integrity check (%s): %s in %.0f ms", reason, "ok" if opened.check.ok else
                         "DAMAGED", opened.check.seconds * 1000)
                if not opened.check.ok:
                    raise damaged_error(directory)
            bulk.restore(Repository(db))  # indexes a killed pull set aside (before any migration)
            upgrade(db, path, backup=opened.backup)
            health.mark_open(path, checked=bool(reason))
    except StorageError as exc:
        db.close()
        if exc.code == "corrupt":
            raise damaged_error(directory) from exc
        raise
    except BaseException:
        db.close()
        raise
    if len(str(info.get("key_check") or "")) != credentials.KEY_CHECK_HEX:
        info["key_check"] = credentials.key_check(key)  # release 0.1's 64-bit value, made longer
        wsfile.write(directory, info)
    try:
        opened.backup_if_due()
    except StorageError as exc:  # the work goes on; the next open or close tries again
        log.warning("no daily backup: %s", exc.code)
    return opened


def open_database(directory: Path, passphrase: str | None = None) -> Opened:
    """Unlock, check, back up and migrate the workspace database; create the workspace when new."""
    with dbmod.translated(directory):
        files.private_dir(directory)
    info = wsfile.read(directory)
    if info is None or info.get("state") == wsfile.CREATING:
        return _create(directory, info, passphrase)
    return _open_existing(directory, info, passphrase)
