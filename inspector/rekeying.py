"""Changing a workspace's passphrase: the database re-keyed with SQLCipher's ``PRAGMA rekey``.

The key lives in two places that must agree: the database's pages, and ``workspace.json``'s salt,
parameters and key check (from which the passphrase gives the key). So the change goes in three
steps, each atomic, and a kill between any two is settled at the next open (``opening.passphrase_key``):
1. ``workspace.json`` records the new passphrase's salt, parameters and check as pending ("rekey");
2. ``PRAGMA rekey`` rewrites every page with the new key in one transaction (all or nothing);
3. ``workspace.json`` takes the new values and drops the pending ones.
Killed before step 2 commits: the old passphrase opens it and the pending values are dropped. Killed
after: the new passphrase opens it and step 3 is done then. The other passphrase is told which one
to use. Then the backups (and files set aside in ``replaced/``) are re-keyed one by one, so a leaked
old passphrase opens none of them; a kill there leaves some under the old passphrase, and
``inspector restore --list`` says which.
"""

from __future__ import annotations

import logging
from pathlib import Path

import sqlcipher3

from . import opening
from . import workspace_file as wsfile
from .errors import CredentialsError, StorageError
from .store import backups, health
from .store import db as dbmod

log = logging.getLogger(__name__)


def _key_pragma(name: str, key: bytes) -> str:
    return f"PRAGMA {name} = \"x'{key.hex()}'\""


def change_passphrase(directory: Path, old: str, new: str) -> None:
    """Re-key the workspace in ``directory`` from passphrase ``old`` to ``new``."""
    info = wsfile.read(directory)
    if info is None or info.get("state") == wsfile.CREATING:
        raise StorageError("no_workspace", f"Er is geen werkmap in {directory}.",
                           f"There is no workspace in {directory}.")
    if info.get("key_mode") != "passphrase":
        raise CredentialsError(
            "not_passphrase",
            "Deze werkmap wordt beveiligd met de sleutelbos (keyring) van deze computer, niet met een "
            "wachtwoordzin: er is geen wachtwoordzin om te wijzigen.",
            "This workspace is protected by this computer's keyring, not by a passphrase: there is no "
            "passphrase to change.")
    old_key = opening.passphrase_key(directory, info, old)
    if new == old:
        raise CredentialsError("passphrase_same", "De nieuwe wachtwoordzin is gelijk aan de oude.",
                               "The new passphrase is the same as the old one.")
    new_key, params = wsfile.new_passphrase_key(new)
    path = directory / opening.DB_NAME
    db = dbmod.connect(path, old_key)
    try:
        dbmod.lock_exclusively(db)
        with dbmod.translated(path):
            if not health.quick_check(db).ok:
                raise opening.damaged_error(directory)
        wsfile.write(directory, {**info, wsfile.REKEY: params})
        with dbmod.translated(path):
            db.execute(_key_pragma("rekey", new_key))
    finally:
        db.close()
    info.update(params)
    info.pop(wsfile.REKEY, None)
    wsfile.write(directory, info)
    health.forget(path)
    _rekey_copies(directory, old_key, new_key)


def _rekey_copies(directory: Path, old_key: bytes, new_key: bytes) -> None:
    """Backups and set-aside files under the old key get the new one (each in its own transaction)."""
    copies = [b.path for b in backups.list_backups(directory)]
    copies += sorted((directory / backups.REPLACED).glob("*.db"))
    for path in copies:
        try:
            conn = sqlcipher3.connect(str(path), isolation_level=None)
        except dbmod.DB_ERRORS:
            continue
        try:
            conn.execute(_key_pragma("key", old_key))
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute(_key_pragma("rekey", new_key))
        except dbmod.DB_ERRORS as exc:  # under another key already, or damaged: left as it is
            log.info("not re-keyed: %s (%s)", path.name, type(exc).__name__)
        finally:
            conn.close()
