"""One exception tree for the whole core.

Every error carries a stable ``code`` and a message in Dutch and English, so the
UI and the CLI can show it in the user's language without parsing text.
"""

from __future__ import annotations

import enum


class InspectorError(Exception):
    """Base of every error the core raises on purpose."""

    def __init__(self, code: str, nl: str, en: str | None = None, *, field: str | None = None,
                 details: object = None) -> None:
        super().__init__(en or nl)
        self.code = code
        self.nl = nl
        self.en = en or nl
        self.field = field
        self.details = details

    def message(self, lang: str = "nl") -> str:
        """The message in ``lang`` ("nl" or "en")."""
        return self.en if lang == "en" else self.nl

    def __str__(self) -> str:
        return self.en


class ValidationError(InspectorError):
    """Input that does not meet a data rule (BSN, postcode, template, photo …)."""


class WorkflowError(InspectorError):
    """An operation the visit workflow does not allow in the current state."""


class StorageError(InspectorError):
    """The local database cannot be opened, read or written (wrong key, corrupt, disk full …)."""


class CredentialsError(InspectorError):
    """No secure keyring, or the secret in it cannot be used."""


class SyncKind(enum.Enum):
    AUTH = "auth"
    NETWORK = "network"
    CONFLICT = "conflict"
    SERVER = "server"
    PROTOCOL = "protocol"
    REVOKED = "revoked"


class SyncError(InspectorError):
    """Synchronisation with the central server failed."""

    def __init__(self, kind: SyncKind, code: str, nl: str, en: str | None = None, *,
                 status: int | None = None, details: object = None) -> None:
        super().__init__(code, nl, en, details=details)
        self.kind = kind
        self.status = status
