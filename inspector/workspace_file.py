"""``workspace.json``: a workspace's id, how its key is kept, the salt for a passphrase, a key check
value (no secret), and the state of a workspace being created or of a passphrase being changed.

Written atomically and flushed to the disk (``store/files.py``): a kill leaves the old or the new
version, never half of one.
"""

from __future__ import annotations

import json
import secrets
import uuid
from pathlib import Path

from . import credentials
from .errors import CredentialsError, StorageError
from .model import utc_now
from .store import db as dbmod
from .store import files
from .store.migrations import SCHEMA_VERSION

INFO_NAME = "workspace.json"
MIN_PASSPHRASE = 10
CREATING = "creating"  # "state" while a new workspace is being made; gone once it is whole
REKEY = "rekey"  # the new passphrase's salt, parameters and check while the passphrase changes

Info = dict[str, object]


def read(directory: Path) -> Info | None:
    """The workspace's ``workspace.json``; None when there is none."""
    path = directory / INFO_NAME
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise dbmod.storage_error(exc, path) from exc
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or not isinstance(data.get("workspace_id"), str):
            raise ValueError("not a workspace description")
        return data
    except ValueError as exc:
        raise StorageError(
            "workspace_info", f"Het bestand {INFO_NAME} in de werkmap is beschadigd: {exc}.",
            f"The file {INFO_NAME} in the workspace folder is damaged: {exc}.") from exc


def write(directory: Path, info: Info) -> None:
    with dbmod.translated(directory / INFO_NAME):
        files.write_atomic(directory / INFO_NAME, json.dumps(info, indent=2).encode("utf-8"))


def passphrase_error(code: str) -> CredentialsError:
    if code == "passphrase_short":
        return CredentialsError(
            code, f"Kies een wachtwoordzin van minstens {MIN_PASSPHRASE} tekens.",
            f"Choose a passphrase of at least {MIN_PASSPHRASE} characters.")
    return CredentialsError(
        "passphrase_needed", "Voer de wachtwoordzin van deze werkmap in.",
        "Enter the passphrase of this workspace.")


def new_passphrase_key(passphrase: str) -> tuple[bytes, Info]:
    """A key from a new passphrase, with what opening needs to derive it again."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise passphrase_error("passphrase_short")
    salt = secrets.token_bytes(16)
    key = credentials.derive_key(passphrase, salt, credentials.KDF_PARAMS)
    return key, {"salt": salt.hex(), "kdf": dict(credentials.KDF_PARAMS),
                 "key_check": credentials.key_check(key)}


def new(passphrase: str | None) -> tuple[bytes, Info]:
    """A new workspace's key and description (the key itself is not in it)."""
    info: Info = {"workspace_id": str(uuid.uuid4()), "created_at": utc_now(), "schema": SCHEMA_VERSION}
    if credentials.secure_keyring_available() and passphrase is None:
        key = credentials.new_db_key()
        info.update(key_mode="keyring", key_check=credentials.key_check(key))
        return key, info
    if passphrase is None:
        raise credentials.no_keyring_error()
    key, params = new_passphrase_key(passphrase)
    info.update(key_mode="passphrase", **params)
    return key, info


def derive(passphrase: str, params: object) -> tuple[bytes, str] | None:
    """The key a passphrase gives under ``params`` (salt, kdf) and the check value stored with it."""
    if not isinstance(params, dict):
        return None
    try:
        salt = bytes.fromhex(str(params["salt"]))
    except (KeyError, ValueError):
        return None
    kdf = params.get("kdf")
    key = credentials.derive_key(passphrase, salt, kdf if isinstance(kdf, dict) else None)
    return key, str(params.get("key_check") or "")


def key_missing_error() -> CredentialsError:
    return CredentialsError(
        "key_missing",
        "De sleutel van deze werkmap staat niet in de sleutelbos van deze computer. "
        "Zonder die sleutel kunnen de gegevens niet worden geopend; neem contact op met de "
        "helpdesk of synchroniseer opnieuw in een nieuwe werkmap.",
        "The key of this workspace is not in this computer's keyring. Without it the data "
        "cannot be opened; contact the helpdesk or sync again into a new workspace.")


def keyring_key(info: Info) -> bytes:
    found = credentials.load_db_key(str(info["workspace_id"]))
    if found is None:
        raise key_missing_error()
    check = str(info.get("key_check") or "")
    if check and not credentials.key_check_matches(found, check):
        raise dbmod.wrong_key_error()
    return found
