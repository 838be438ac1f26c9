"""What every part of the Workspace shares: the workspace, its repository, who is acting."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..store.repository import Repository
    from . import Workspace


class Part:
    """One group of operations of a ``Workspace`` (``ws.cases``, ``ws.visits`` …)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.repo: Repository = ws.repo

    @property
    def actor(self) -> str:
        """Who the audit trail names for a change made now."""
        return self.ws.settings.actor
