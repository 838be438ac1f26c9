"""What the dialogs share: their work runs on the task lanes, busy meanwhile, a problem said inline after.

No translatable text lives here: each dialog passes its own (``tr`` in its own class), so the
translations stay in the dialogs' contexts.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtWidgets import QBoxLayout, QDialog, QDialogButtonBox, QLabel, QWidget

from inspector.errors import InspectorError

from .errors import error_text, show_crash
from .forms import ERROR_STYLE, FieldErrors

OK_CANCEL = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel


class TaskDialog(QDialog):
    """A dialog whose OK hands its work to the ``TaskRunner`` and that closes when the work is done.

    A subclass implements ``_submit`` (check the input, ``_set_busy(True)``, start the work) with
    ``_failed`` as the work's error callback; its success callback ends with ``_finish()``. While
    busy, OK does nothing, and neither do Cancel, Escape or the close button unless
    ``closes_while_busy``. A known problem goes under its field (``errors``, with ``field_aliases``)
    or else to ``general_error``; anything else is a bug and gets the crash dialog.
    """

    closes_while_busy: ClassVar[bool] = False
    field_aliases: ClassVar[dict[str, str]] = {}
    buttons: QDialogButtonBox
    errors: FieldErrors
    general_error: QLabel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._busy = False

    # --- building ---------------------------------------------------------------------------------
    def _add_general_error(self, lay: QBoxLayout) -> None:
        """The line for a problem that belongs to no field; hidden until there is one."""
        self.general_error = QLabel()
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.setVisible(False)
        lay.addWidget(self.general_error)

    def _add_buttons(self, lay: QBoxLayout, ok_text: str = "",
                     which: QDialogButtonBox.StandardButton = OK_CANCEL) -> None:
        """The button box (``ok_text`` on the OK button when given), wired to accept and reject."""
        self.buttons = QDialogButtonBox(which)
        if ok_text:
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)

    # --- running the work -------------------------------------------------------------------------
    def accept(self) -> None:
        if not self._busy:
            self._submit()

    def _submit(self) -> None:
        """Check the input and start the work (OK pressed while not busy)."""
        raise NotImplementedError

    def reject(self) -> None:
        if self.closes_while_busy or not self._busy:
            super().reject()

    def _set_busy(self, busy: bool) -> None:
        """Subclasses extend this to disable their inputs and show progress."""
        self._busy = busy
        self.buttons.setEnabled(not busy)

    def _finish(self) -> None:
        """The work is done: not busy any more, and the dialog closes accepted."""
        self._set_busy(False)
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if not isinstance(exc, InspectorError):
            show_crash(self, exc)
            return
        self._show_problem(exc)

    def _show_problem(self, exc: InspectorError) -> None:
        """Say a known problem under its field, or else on the general line."""
        if not self.errors.show(exc, aliases=self.field_aliases):
            self.general_error.setText(error_text(exc))
            self.general_error.setVisible(True)
