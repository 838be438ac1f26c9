"""The ``Workspace`` facade: the one object the UI and the CLI call, composed of parts.

``ws.settings`` (profile, local settings), ``ws.cases`` (cases, addresses, persons, case list),
``ws.visits`` (the visit workflow), ``ws.evidence`` (finalized visits checked, addenda),
``ws.sync`` (status, conflicts, quarantine, running a sync), ``ws.reports`` (the PDF report) and
``ws.prints`` (the photos' print versions for it).
Every operation validates its input, writes in one transaction with an audit entry per change, and
returns what changed. Opening, closing and wiping the workspace itself live here, and so do its
backups, restoring one and changing the passphrase (these take the folder, not an open workspace).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import sqlite_utils

from .. import credentials, opening, rekeying, restoring
from ..paths import default_workspace_dir
from ..restoring import Restored
from ..store.backups import Backup, list_backups
from ..store.repository import Repository
from ..visit_rules import Missing
from .cases import Cases
from .checklist import Checklist
from .evidence import Evidence
from .followups import FollowUps
from .prints import Prints
from .reports import Reports
from .settings import Profile, Settings
from .sync import Sync
from .visits import Visits

__all__ = ["Backup", "Missing", "Profile", "Restored", "Workspace"]


class Workspace:
    """An open, unlocked local workspace."""

    def __init__(self, opened: opening.Opened) -> None:
        self._opened = opened
        self.directory = opened.directory
        self.db: sqlite_utils.Database = opened.db
        self.info = opened.info
        self.repo = Repository(self.db)
        self.settings = Settings(self)
        self.cases = Cases(self)
        self.visits = Visits(self)
        self.followups = FollowUps(self)
        self.checklist = Checklist(self)
        self.evidence = Evidence(self)
        self.sync = Sync(self)
        self.prints = Prints(self)
        self.reports = Reports(self)

    # --- opening --------------------------------------------------------------------------
    @classmethod
    def open(cls, directory: Path | str | None = None, passphrase: str | None = None) -> Workspace:
        """Open (creating when new) the workspace in ``directory`` or the default folder."""
        path = Path(directory) if directory else default_workspace_dir()
        return cls(opening.open_database(path, passphrase))

    @staticmethod
    def inspect(directory: Path | str | None = None) -> opening.WorkspaceInfo:
        return opening.inspect(Path(directory) if directory else default_workspace_dir())

    # --- keeping it safe (these work on a closed workspace: the folder, not an open one) -------------
    @staticmethod
    def backups(directory: Path | str | None = None) -> list[Backup]:
        """The workspace's backups, newest first."""
        return list_backups(Path(directory) if directory else default_workspace_dir())

    @staticmethod
    def restore(directory: Path | str | None, backup: str | None = None,
                passphrase: str | None = None) -> Restored:
        """Put a backup (the newest when ``backup`` is None) in the place of the database, after checking
        it opens with the workspace's key and is whole; the current file is kept in ``replaced/``."""
        return restoring.restore(Path(directory) if directory else default_workspace_dir(), backup,
                                 passphrase)

    @staticmethod
    def change_passphrase(directory: Path | str | None, old: str, new: str) -> None:
        """Re-key the database (and its backups) for a new passphrase; a kill never loses it."""
        rekeying.change_passphrase(Path(directory) if directory else default_workspace_dir(), old, new)

    def backup_now(self) -> Path:
        """An extra backup now (label "manual"), not counted among the rolling daily ones."""
        return self._opened.backup("manual")

    @property
    def workspace_id(self) -> str:
        return str(self.info["workspace_id"])

    def close(self) -> None:
        """Close; the day's backup first when none was made today (not of a file found damaged)."""
        self._opened.close(damaged=self.repo.damaged)

    def wipe(self) -> None:
        """Remove this workspace's data, backups and keys (a revoked device, or the user's request)."""
        self.db.close()
        credentials.delete_db_key(self.workspace_id)
        credentials.delete_signing_key(self.workspace_id)
        credentials.delete_token(self.workspace_id)
        shutil.rmtree(self.directory, ignore_errors=True)
