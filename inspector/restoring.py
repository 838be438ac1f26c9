"""Putting a backup back: ``inspector restore`` and the app's offer when the database is damaged or
missing. Nothing is deleted: the current file is kept in ``replaced/`` (``store/backups.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import opening
from . import workspace_file as wsfile
from .errors import StorageError
from .store import backups
from .store import db as dbmod
from .store.backups import Backup


@dataclass(frozen=True)
class Restored:
    backup: Backup
    kept: Path | None  # where the file it replaced now is (None: there was none)


def _no_workspace(directory: Path) -> StorageError:
    return StorageError(
        "no_workspace", f"Er is geen werkmap in {directory}.", f"There is no workspace in {directory}.")


def choose(directory: Path, name: str | None) -> Backup:
    """The backup called ``name`` (or the start of its name), the newest when None."""
    found = backups.list_backups(directory)
    if not found:
        raise StorageError(
            "no_backup", "Er is geen reservekopie van deze werkmap. Er is niets gewijzigd.",
            "There is no backup of this workspace. Nothing was changed.")
    if name is None:
        return found[0]
    matches = [b for b in found if b.name == name] or [b for b in found if b.name.startswith(name)]
    if len(matches) != 1:
        raise StorageError(
            "backup_unknown", f"Geen (eenduidige) reservekopie '{name}'. Zie 'inspector restore --list'.",
            f"No (unique) backup '{name}'. See 'inspector restore --list'.")
    return matches[0]


def restore(directory: Path, name: str | None, passphrase: str | None) -> Restored:
    """Check the chosen backup with the workspace's key, then put it in the database's place."""
    info = wsfile.read(directory)
    if info is None or info.get("state") == wsfile.CREATING:
        raise _no_workspace(directory)
    chosen = choose(directory, name)
    key = opening.existing_key(directory, info, passphrase)
    verdict = backups.verify(chosen.path, key)
    if verdict is None:
        raise StorageError(
            "backup_other_key",
            f"Reservekopie {chosen.name} opent niet met de sleutel van deze werkmap (gemaakt vóór een "
            "wijziging van de wachtwoordzin?). Er is niets gewijzigd; kies een andere.",
            f"Backup {chosen.name} does not open with this workspace's key (made before a change of "
            "passphrase?). Nothing was changed; choose another one.")
    if not verdict.ok:
        raise StorageError(
            "backup_damaged",
            f"Reservekopie {chosen.name} is zelf beschadigd. Er is niets gewijzigd; kies een andere.",
            f"Backup {chosen.name} is damaged itself. Nothing was changed; choose another one.")
    path = directory / opening.DB_NAME
    dbmod.ensure_not_in_use(path, key)
    return Restored(chosen, backups.restore(chosen.path, path))
