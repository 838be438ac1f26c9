"""Finding, creating and unlocking a workspace folder.

A workspace folder holds ``inspector.db`` (SQLCipher), ``workspace.json`` (its id, how its key
is kept, the salt for a passphrase, a key check value — no secret), ``backups/`` and ``logs/``.
"""

from __future__ import annotations

import json
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from . import credentials
from .errors import CredentialsError, StorageError
from .model import utc_now
from .store import db as dbmod
from .store.migrations import SCHEMA_VERSION, upgrade

DB_NAME = "inspector.db"
INFO_NAME = "workspace.json"
MIN_PASSPHRASE = 10


@dataclass(frozen=True)
class WorkspaceInfo:
    directory: Path
    exists: bool
    key_mode: str  # "keyring" | "passphrase" | "" (new)
    needs_passphrase: bool  # the caller must ask for a passphrase before opening
    new_passphrase: bool  # ... and it is a new one (ask twice)


def inspect(directory: Path) -> WorkspaceInfo:
    """What opening ``directory`` will need, without opening anything."""
    info_path = directory / INFO_NAME
    if info_path.exists():
        info = _read_info(directory)
        mode = str(info.get("key_mode", "keyring"))
        return WorkspaceInfo(directory, True, mode, mode == "passphrase", False)
    secure = credentials.secure_keyring_available()
    return WorkspaceInfo(directory, False, "", not secure, not secure)


def _read_info(directory: Path) -> dict[str, object]:
    try:
        data = json.loads((directory / INFO_NAME).read_text("utf-8"))
        assert isinstance(data, dict)
        return data
    except (OSError, ValueError, AssertionError) as exc:
        raise StorageError(
            "workspace_info", f"Het bestand {INFO_NAME} in de werkmap is beschadigd: {exc}.",
            f"The file {INFO_NAME} in the workspace folder is damaged: {exc}.") from exc


def _write_info(directory: Path, info: dict[str, object]) -> None:
    tmp = directory / (INFO_NAME + ".tmp")
    with dbmod.translated():
        tmp.write_text(json.dumps(info, indent=2), "utf-8")
        tmp.replace(directory / INFO_NAME)


def _passphrase_error(code: str) -> CredentialsError:
    if code == "passphrase_short":
        return CredentialsError(
            code, f"Kies een wachtwoordzin van minstens {MIN_PASSPHRASE} tekens.",
            f"Choose a passphrase of at least {MIN_PASSPHRASE} characters.")
    return CredentialsError(
        "passphrase_needed", "Voer de wachtwoordzin van deze werkmap in.",
        "Enter the passphrase of this workspace.")


def _new_key(directory: Path, passphrase: str | None) -> tuple[bytes, dict[str, object]]:
    workspace_id = str(uuid.uuid4())
    info: dict[str, object] = {"workspace_id": workspace_id, "created_at": utc_now(),
                               "schema": SCHEMA_VERSION}
    if credentials.secure_keyring_available() and passphrase is None:
        key = credentials.new_db_key()
        credentials.store_db_key(workspace_id, key)
        info["key_mode"] = "keyring"
    else:
        if passphrase is None:
            raise credentials.no_keyring_error()
        if len(passphrase) < MIN_PASSPHRASE:
            raise _passphrase_error("passphrase_short")
        salt = secrets.token_bytes(16)
        key = credentials.derive_key(passphrase, salt)
        info.update(key_mode="passphrase", salt=salt.hex(), kdf=credentials.KDF_PARAMS)
    info["key_check"] = credentials.key_check(key)
    return key, info


def _existing_key(directory: Path, info: dict[str, object], passphrase: str | None) -> bytes:
    if info.get("key_mode") == "passphrase":
        if not passphrase:
            raise _passphrase_error("passphrase_needed")
        kdf = info.get("kdf")
        key = credentials.derive_key(passphrase, bytes.fromhex(str(info["salt"])),
                                     kdf if isinstance(kdf, dict) else None)
    else:
        found = credentials.load_db_key(str(info["workspace_id"]))
        if found is None:
            raise CredentialsError(
                "key_missing",
                "De sleutel van deze werkmap staat niet in de sleutelbos van deze computer. "
                "Zonder die sleutel kunnen de gegevens niet worden geopend; neem contact op met de "
                "helpdesk of synchroniseer opnieuw in een nieuwe werkmap.",
                "The key of this workspace is not in this computer's keyring. Without it the data "
                "cannot be opened; contact the helpdesk or sync again into a new workspace.")
        key = found
    if info.get("key_check") and credentials.key_check(key) != info["key_check"]:
        raise dbmod.wrong_key_error()
    return key


def open_database(directory: Path, passphrase: str | None = None
                  ) -> tuple[sqlite_utils.Database, dict[str, object]]:
    """Unlock, open and migrate the workspace database; create the workspace when new."""
    with dbmod.translated(directory):
        directory.mkdir(parents=True, exist_ok=True)
    path = directory / DB_NAME
    is_new = not (directory / INFO_NAME).exists()
    if is_new:
        if path.exists():
            raise StorageError(
                "workspace_info",
                f"De werkmap bevat een database maar geen {INFO_NAME}; er is niets gewijzigd.",
                f"The workspace folder holds a database but no {INFO_NAME}; nothing was changed.")
        key, info = _new_key(directory, passphrase)
    else:
        info = _read_info(directory)
        key = _existing_key(directory, info, passphrase)
    try:
        db = dbmod.connect(path, key)
    except StorageError as exc:
        if exc.code == "corrupt" and not is_new and not info.get("key_check"):
            raise dbmod.wrong_key_error() from exc
        raise
    try:
        upgrade(db, path)
    except BaseException:
        db.close()
        raise
    if is_new:
        _write_info(directory, info)
    return db, info
