"""Logging this laptop in to a server, out again, and where the device token is kept.

The token goes into the OS keyring (``credentials.store_token``), never into the database. Without
a secure keyring it is kept in this process's memory only, for the session: the user is told, and
logs in again after a restart. The server address, username and device id are ordinary workspace
settings (key ``sync_server``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from .. import credentials
from ..errors import CredentialsError, SyncError, SyncKind
from ..model import utc_now
from .client import SyncClient, check_url
from .local import LAST_KEY, SERVER_KEY  # noqa: F401 - the settings a sync keeps

if TYPE_CHECKING:
    from .local import Local

T = TypeVar("T")
DbCall = Callable[[Callable[[], T]], T]

# The tokens this process holds: read from the keyring once (a Secret Service read over D-Bus took
# 44 ms here, more than all the rest of a sync with nothing to do), or kept only here when there is no
# secure keyring. A workspace is open in one process at a time (``store/db.py`` locks it), so only
# this process changes its token while it works with it; after the server refused a token,
# ``drop_cached`` makes the next call read the keyring again.
_TOKENS: dict[str, str] = {}


def direct(fn: Callable[[], T]) -> T:
    """Run a database step inline (CLI, tests); the app passes one that uses its database lane."""
    return fn()


def save_token(workspace_id: str, token: str) -> bool:
    """Keep the token; True when it is in the OS keyring, False when only in memory for this session."""
    _TOKENS[workspace_id] = token
    try:
        credentials.store_token(workspace_id, token)
    except CredentialsError:
        return False
    return True


def load_token(workspace_id: str) -> str | None:
    token = _TOKENS.get(workspace_id)
    if token is None:
        try:
            token = credentials.load_token(workspace_id)
        except CredentialsError:
            token = None
        if token:
            _TOKENS[workspace_id] = token
    return token or None


def drop_cached(workspace_id: str) -> None:
    """Read the token from the keyring again at the next call (the keyring keeps it)."""
    _TOKENS.pop(workspace_id, None)


def forget_token(workspace_id: str) -> None:
    _TOKENS.pop(workspace_id, None)
    try:
        credentials.delete_token(workspace_id)
    except CredentialsError:
        pass


@dataclass(frozen=True)
class LoginInfo:
    url: str
    username: str
    role: str
    teams: list[str]
    device_id: str
    token_in_keyring: bool


def server_settings(ws: Local) -> dict[str, Any]:
    return dict(ws.setting(SERVER_KEY, {}) or {})


def login(ws: Local, url: str, username: str, password: str, device_name: str = "",
          db_call: DbCall[Any] = direct, client_factory: Callable[..., SyncClient] = SyncClient) -> LoginInfo:
    """Log in and keep the device token; refuses to point a synced workspace at another server."""
    url = check_url(url)
    settings, synced, key, name = db_call(lambda: (server_settings(ws), ws.has_synced(), ws.public_key(),
                                                   ws.device_name()))
    if synced and settings and (settings.get("url") != url or settings.get("username") != username):
        raise SyncError(SyncKind.AUTH, "other_server",
                        f"Deze werkmap is al gesynchroniseerd met {settings.get('url')} als "
                        f"{settings.get('username')}. Gebruik een nieuwe werkmap voor een andere server of "
                        "gebruiker.",
                        f"This workspace has already been synced with {settings.get('url')} as "
                        f"{settings.get('username')}. Use a new workspace for another server or user.")
    with client_factory(url) as client:
        answer = client.login(username, password, device_name or name, key)
    server_key = str(answer.get("server_key") or "")
    if synced and settings.get("server_key") and server_key != settings["server_key"]:
        raise SyncError(SyncKind.AUTH, "server_key_changed",
                        "De server ondertekent met een andere sleutel dan waarmee hij de ontvangstbewijzen "
                        "op deze laptop ondertekende. Er is niets gewijzigd; neem contact op met de "
                        "beheerder.",
                        "The server signs with another key than the one it signed this laptop's receipts "
                        "with. Nothing was changed; contact the administrator.")
    in_keyring = save_token(ws.workspace_id, answer["token"])
    info = LoginInfo(url, answer["username"], answer["role"], list(answer["teams"]), answer["device_id"],
                     in_keyring)
    db_call(lambda: ws.set_setting(SERVER_KEY, {
        "url": url, "username": info.username, "role": info.role, "teams": info.teams,
        "device_id": info.device_id, "logged_in_at": utc_now(), "logged_in": True,
        "server_key": server_key, "signing_key": key}))
    return info


def logout(ws: Local, db_call: DbCall[Any] = direct,
           client_factory: Callable[..., SyncClient] = SyncClient) -> None:
    """End the session on the server (when reachable) and forget the token; local data stays."""
    settings = db_call(lambda: server_settings(ws))
    token = load_token(ws.workspace_id)
    if settings.get("url") and token:
        try:
            with client_factory(settings["url"], token) as client:
                client.logout()
        except SyncError:
            pass  # offline or already invalid: forgetting the token locally is what matters
    forget_token(ws.workspace_id)
    if settings:
        settings["logged_in"] = False
        db_call(lambda: ws.set_setting(SERVER_KEY, settings))
