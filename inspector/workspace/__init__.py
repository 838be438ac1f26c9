"""The ``Workspace`` facade: the one object the UI and the CLI call, composed of parts.

``ws.settings`` (profile, local settings), ``ws.cases`` (cases, addresses, persons, case list),
``ws.visits`` (the visit workflow), ``ws.evidence`` (finalized visits checked, addenda),
``ws.sync`` (status, conflicts, quarantine, running a sync) and ``ws.reports`` (the PDF report).
Every operation validates its input, writes in one transaction with an audit entry per change, and
returns what changed. Opening, closing and wiping the workspace itself live here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import sqlite_utils

from .. import credentials, opening
from ..paths import default_workspace_dir
from ..store.repository import Repository
from .cases import Cases
from .evidence import Evidence
from .reports import Reports
from .settings import Profile, Settings
from .sync import Sync
from .visits import Missing, Visits

__all__ = ["Missing", "Profile", "Workspace"]


class Workspace:
    """An open, unlocked local workspace."""

    def __init__(self, directory: Path, db: sqlite_utils.Database, info: dict[str, object]) -> None:
        self.directory = directory
        self.db = db
        self.info = info
        self.repo = Repository(db)
        self.settings = Settings(self)
        self.cases = Cases(self)
        self.visits = Visits(self)
        self.evidence = Evidence(self)
        self.sync = Sync(self)
        self.reports = Reports(self)

    # --- opening --------------------------------------------------------------------------
    @classmethod
    def open(cls, directory: Path | str | None = None, passphrase: str | None = None) -> Workspace:
        """Open (creating when new) the workspace in ``directory`` or the default folder."""
        path = Path(directory) if directory else default_workspace_dir()
        db, info = opening.open_database(path, passphrase)
        return cls(path, db, info)

    @staticmethod
    def inspect(directory: Path | str | None = None) -> opening.WorkspaceInfo:
        return opening.inspect(Path(directory) if directory else default_workspace_dir())

    @property
    def workspace_id(self) -> str:
        return str(self.info["workspace_id"])

    def close(self) -> None:
        self.db.close()

    def wipe(self) -> None:
        """Remove this workspace's data and keys (a revoked device, or the user's request)."""
        self.close()
        credentials.delete_db_key(self.workspace_id)
        credentials.delete_signing_key(self.workspace_id)
        credentials.delete_token(self.workspace_id)
        shutil.rmtree(self.directory, ignore_errors=True)
