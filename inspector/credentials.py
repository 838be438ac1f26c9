"""Secrets in the OS keyring: the database key, the laptop's signing key and the server's device token.

Never a plaintext fallback: when the keyring is not a secure one (the ``fail`` backend as
root without D-Bus, ``keyrings.alt``, a null backend), the caller is told so and the database
key is derived from a passphrase with scrypt instead.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from .errors import CredentialsError

SERVICE = "nl.inspector.app"

# scrypt parameters for new passphrases: N=2^17 (OWASP's minimum), ~0.3-0.6 s and 128 MiB on a laptop.
# Stored beside the salt, so workspaces made with other (older: 2^16) parameters keep opening.
KDF_PARAMS = {"n": 2**17, "r": 8, "p": 1}
KEY_CHECK_HEX = 64  # 256 bits; release 0.1 stored 16 hex digits (64 bits), still accepted

_INSECURE_MARKERS = ("fail", "null", "keyrings.alt", "plaintext", "unencrypted")


def _backend_is_secure(backend: KeyringBackend) -> bool:
    name = f"{type(backend).__module__}.{type(backend).__name__}".lower()
    if any(marker in name for marker in _INSECURE_MARKERS):
        return False
    try:
        priority = float(backend.priority)
    except Exception:  # noqa: BLE001 - a backend that cannot say its priority is not trusted
        return False
    if priority <= 0:
        return False
    backends = getattr(backend, "backends", None)  # ChainerBackend
    if backends is not None:
        return any(_backend_is_secure(b) for b in backends)
    return True


def secure_keyring_available() -> bool:
    """True when the OS keyring is a real, encrypted one."""
    return _backend_is_secure(keyring.get_keyring())


def keyring_name() -> str:
    backend = keyring.get_keyring()
    return f"{type(backend).__module__}.{type(backend).__name__}"


def no_keyring_error() -> CredentialsError:
    return CredentialsError(
        "no_secure_keyring",
        "Er is geen beveiligde sleutelbos (keyring) op deze computer. Inspector bewaart sleutels "
        "nooit onversleuteld; kies een wachtwoordzin om de gegevens te beveiligen.",
        "There is no secure keyring on this computer. Inspector never stores keys in plain text; "
        "choose a passphrase to protect the data.",
    )


def keyring_unavailable_error() -> CredentialsError:
    """The keyring that holds this workspace's key cannot be reached (no desktop session, no backend).

    Plain words only: the keyring library's own advice (install a plaintext backend) is never shown.
    """
    return CredentialsError(
        "keyring_unavailable",
        "Inspector kan de sleutelbos (keyring) van deze computer niet bereiken. Daarin staat de sleutel "
        "van uw werkmap; zonder die sleutel gaan de gegevens niet open. Er is niets gewijzigd en niets "
        "verloren. Meld u op deze computer aan zoals gewoonlijk (niet via een externe sessie of als een "
        "andere gebruiker), zodat de sleutelbos wordt ontgrendeld, en start Inspector opnieuw. Lukt dat "
        "niet, neem dan contact op met de helpdesk.",
        "Inspector cannot reach this computer's keyring. It holds the key of your workspace; without "
        "that key the data does not open. Nothing was changed and nothing is lost. Sign in to this "
        "computer as usual (not through a remote session or as another user), so that the keyring is "
        "unlocked, and start Inspector again. If that does not help, contact the helpdesk.")


def _get(name: str) -> str | None:
    if not secure_keyring_available():
        raise keyring_unavailable_error()
    try:
        return keyring.get_password(SERVICE, name)
    except keyring.errors.KeyringError as exc:  # its text is the library's English advice: not shown
        raise CredentialsError(
            "keyring_failed",
            "De sleutelbos (keyring) gaf een fout. Ontgrendel de sleutelbos en probeer opnieuw.",
            "The keyring reported an error. Unlock the keyring and try again.",
        ) from exc


def _set(name: str, value: str) -> None:
    if not secure_keyring_available():
        raise no_keyring_error()
    try:
        keyring.set_password(SERVICE, name, value)
    except keyring.errors.KeyringError as exc:
        raise CredentialsError(
            "keyring_failed",
            "De sleutel kon niet in de sleutelbos (keyring) worden bewaard. Ontgrendel de sleutelbos en "
            "probeer opnieuw.",
            "The key could not be stored in the keyring. Unlock the keyring and try again.",
        ) from exc


def _delete(name: str) -> None:
    try:
        keyring.delete_password(SERVICE, name)
    except keyring.errors.PasswordDeleteError:
        pass
    except keyring.errors.KeyringError:
        pass


def new_db_key() -> bytes:
    """A fresh random 256-bit database key."""
    return secrets.token_bytes(32)


def store_db_key(workspace_id: str, key: bytes) -> None:
    _set(f"db-key:{workspace_id}", key.hex())


def _damaged(what_nl: str, what_en: str) -> CredentialsError:
    return CredentialsError(
        "keyring_damaged",
        f"{what_nl} in de sleutelbos (keyring) van deze computer is beschadigd: het is geen geldige "
        "sleutel. Er is niets gewijzigd. Neem contact op met de helpdesk; verwijder de sleutel niet, "
        "want zonder sleutel zijn de gegevens niet te openen.",
        f"{what_en} in this computer's keyring is damaged: it is not a valid key. Nothing was "
        "changed. Contact the helpdesk; do not delete the key, without it the data cannot be opened.")


def load_db_key(workspace_id: str) -> bytes | None:
    value = _get(f"db-key:{workspace_id}")
    if not value:
        return None
    try:
        key = bytes.fromhex(value.strip())
    except ValueError:
        key = b""
    if len(key) != 32:
        raise _damaged("De sleutel van de werkmap", "The workspace's key")
    return key


def delete_db_key(workspace_id: str) -> None:
    _delete(f"db-key:{workspace_id}")


def derive_key(passphrase: str, salt: bytes, params: dict[str, int] | None = None) -> bytes:
    """A 256-bit key from a passphrase with scrypt (slow on purpose)."""
    p = params or KDF_PARAMS
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=p["n"], r=p["r"], p=p["p"],
                          maxmem=256 * 1024 * 1024, dklen=32)


def key_check(key: bytes) -> str:
    """A value that tells a wrong key from a corrupt file without revealing the key (256 bits)."""
    return hashlib.sha256(b"inspector-key-check\x00" + key).hexdigest()[:KEY_CHECK_HEX]


def key_check_matches(key: bytes, stored: str) -> bool:
    """``stored`` is this key's check value: the full one, or release 0.1's first 16 hex digits."""
    if len(stored) not in (16, KEY_CHECK_HEX):
        return False
    return hmac.compare_digest(key_check(key)[:len(stored)], stored)


def store_signing_key(workspace_id: str, private: bytes) -> None:
    """The laptop's Ed25519 signing key (it seals finalized visits), kept like the database key."""
    _set(f"signing-key:{workspace_id}", private.hex())


def load_signing_key(workspace_id: str) -> bytes | None:
    value = _get(f"signing-key:{workspace_id}")
    try:
        return bytes.fromhex(value) if value else None
    except ValueError as exc:
        raise _damaged("De ondertekeningssleutel", "The signing key") from exc


def delete_signing_key(workspace_id: str) -> None:
    _delete(f"signing-key:{workspace_id}")


def store_token(workspace_id: str, token: str) -> None:
    _set(f"device-token:{workspace_id}", token)


def load_token(workspace_id: str) -> str | None:
    return _get(f"device-token:{workspace_id}")


def delete_token(workspace_id: str) -> None:
    _delete(f"device-token:{workspace_id}")
