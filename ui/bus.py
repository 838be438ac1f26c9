"""One app-wide signal: operations report what changed, views refresh only what they show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:  # not imported at run time: the window shows before the core is loaded
    from inspector.model import Changes


class Bus(QObject):
    """``changed`` carries an ``inspector.model.Changes`` flag value."""

    changed = Signal(object)
    status_message = Signal(str)  # a short line for the status bar

    def emit_changes(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(changes)
