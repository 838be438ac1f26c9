"""An observed moment (rang the bell, entered, left, the caution): a time field with a "Now" button.

The inspector records the moment on the spot with "Now" or types it (dd-mm-jjjj uu:mm); a typed
correction is saved when the field is left, and the core audits every change. Nothing here derives a
moment from another button.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from inspector import validation
from inspector.model import utc_now
from inspector.workspace import Workspace
from ui.visit.forms import InlineMessage, WriteFn, fmt_moment, line_edit, set_text
from ui.visit.page import StepPage

MOMENT_PLACEHOLDER = "dd-mm-jjjj uu:mm"


class MomentField(QWidget):
    """One observed moment; ``write(ws, value)`` stores it (value: a UTC stamp, or "" to clear)."""

    def __init__(self, page: StepPage, name: str, accessible: str,
                 write: Callable[[Workspace, str], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._write = write
        self._shown = ""
        self._now: str | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = line_edit(f"{name}_edit", accessible, self.tr("dd-mm-yyyy hh:mm"))
        self.edit.setMaximumWidth(170)
        self.now_button = QPushButton(self.tr("Now"))
        self.now_button.setObjectName(f"{name}_now")
        self.now_button.setAccessibleName(self.tr("{what}: now").format(what=accessible))
        self.now_button.setToolTip(self.tr("Record the current time"))
        row.addWidget(self.edit)
        row.addWidget(self.now_button)
        row.addStretch(1)
        outer.addLayout(row)
        self.message = InlineMessage()
        outer.addWidget(self.message)
        self.save = page.autosave(self._build, self.message)
        self.edit.editingFinished.connect(self.save.save_now)
        self.now_button.clicked.connect(self.record_now)

    def record_now(self) -> None:
        """Record the current moment (the inspector pressed "Now" as it happened)."""
        self._now = utc_now()
        set_text(self.edit, fmt_moment(self._now))
        self.save.save_now()

    def _build(self) -> WriteFn | None:
        now, self._now = self._now, None
        text = self.edit.text().strip()
        if now is None and text == self._shown:
            return None
        # Typed in this computer's time zone, as fmt_moment shows it.
        value = now if now is not None else validation.parse_moment(text) if text else ""
        self._shown = fmt_moment(value)
        write = self._write
        return lambda ws: write(ws, value)

    def apply(self, value: str, enabled: bool = True) -> None:
        """Show the stored moment unless the inspector is editing it."""
        self.edit.setEnabled(enabled)
        self.now_button.setEnabled(enabled)
        if self.save.busy or self.edit.hasFocus():
            return
        self._shown = fmt_moment(value)
        set_text(self.edit, self._shown)
