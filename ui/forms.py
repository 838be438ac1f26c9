"""Form rows with an inline error line under the field (never a pop-up for a form problem)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from inspector.errors import InspectorError

from .errors import error_text
from .view_helpers import WrappingLabel

ERROR_STYLE = "color: #b3261e;"
INVALID_STYLE = "border: 1px solid #b3261e; border-radius: 2px;"


class FieldErrors:
    """Rows of a QFormLayout, each an editor with a hidden error label below it, found by a key.

    Keys are the ``field`` names the core puts on a ValidationError (``bsn``, ``postcode`` …),
    so ``show(exc)`` puts the core's message (in the UI language) under the right field.
    """

    def __init__(self, form: QFormLayout | None = None) -> None:
        self.form = form or QFormLayout()
        self.editors: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self._styles: dict[str, str] = {}

    def add_row(self, key: str, label: str, editor: QWidget, accessible_name: str = "",
                form: QFormLayout | None = None) -> QLabel:
        """Add ``editor`` under ``label`` ('&' marks a keyboard mnemonic) to ``form`` or the default form.

        Returns the row's error label.
        """
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(editor)
        err = WrappingLabel()
        err.setObjectName(f"error_{key}")
        err.setStyleSheet(ERROR_STYLE)
        err.setVisible(False)
        lay.addWidget(err)
        caption = QLabel(label)
        caption.setBuddy(editor)
        (form or self.form).addRow(caption, box)
        editor.setAccessibleName(accessible_name or label.replace("&", ""))
        err.setAccessibleName(label.replace("&", ""))
        self.editors[key] = editor
        self.labels[key] = err
        self._styles[key] = editor.styleSheet()
        return err

    def set_error(self, key: str, text: str) -> None:
        """Show ``text`` under the field ``key`` ('' clears it)."""
        err, editor = self.labels[key], self.editors[key]
        err.setText(text)
        err.setVisible(bool(text))
        editor.setAccessibleDescription(text)
        editor.setStyleSheet(self._styles[key] + (INVALID_STYLE if text else ""))

    def error(self, key: str) -> str:
        return self.labels[key].text() if self.labels[key].isVisible() or self.labels[key].text() else ""

    def clear(self) -> None:
        for key in self.labels:
            self.set_error(key, "")

    def has_errors(self) -> bool:
        return any(lbl.text() for lbl in self.labels.values())

    def first_invalid(self) -> QWidget | None:
        for key, lbl in self.labels.items():
            if lbl.text():
                return self.editors[key]
        return None

    def show(self, exc: InspectorError, aliases: dict[str, str] | None = None, fallback: str = "",
             focus: bool = True) -> bool:
        """Put ``exc``'s message under its field (and the focus there, unless ``focus`` is False: a check
        on leaving a field must never pull the focus back); False when no row matches (and no fallback)."""
        key = (aliases or {}).get(exc.field or "", exc.field or "")
        if key not in self.labels:
            key = fallback
        if key not in self.labels:
            return False
        self.set_error(key, error_text(exc))
        if focus:
            self.editors[key].setFocus()
        return True
