"""An editable list of small rows (officers, people present): a few fields and a remove button each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QStringListModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.visit.forms import AutoSave


@dataclass
class Column:
    """One field of a row: free text, or a choice from (code, label) options."""

    key: str
    label: str
    options: list[tuple[str, str]] = field(default_factory=list)
    stretch: int = 1


class RowList(QWidget):
    """Rows of fields; every edit goes to ``save`` (typing after a pause, the rest at once)."""

    def __init__(self, name: str, columns: list[Column], add_text: str, save: AutoSave,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.name, self.columns, self.save = name, columns, save
        self.rows: list[list[QWidget]] = []
        self._completions = QStringListModel(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        for col, column in enumerate(columns):
            self.grid.addWidget(QLabel(column.label), 0, col)
            self.grid.setColumnStretch(col, column.stretch)
        outer.addLayout(self.grid)
        self.suggestion_row = QHBoxLayout()  # one click adds a known person (no typing the name again)
        self.suggestion_row.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self.suggestion_row)
        self._suggestions: list[tuple[str, dict[str, str]]] = []
        buttons = QHBoxLayout()
        self.add_button = QPushButton(add_text)
        self.add_button.setObjectName(f"{name}_add")
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)

    def set_completions(self, names: list[str]) -> None:
        """Names offered while typing in the first column (the persons of the case)."""
        self._completions.setStringList(names)

    def set_suggestions(self, rows: list[tuple[str, dict[str, str]]]) -> None:
        """Rows the user can add with one click, each (button text, values); a row already in the list
        (same first-column value) is not offered."""
        self._suggestions = rows
        self._show_suggestions()

    def _show_suggestions(self) -> None:
        while self.suggestion_row.count():
            widget = self.suggestion_row.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        key = self.columns[0].key
        taken = {v.get(key, "").strip().lower() for v in self.values()}
        offered = [(text, values) for text, values in self._suggestions
                   if values.get(key, "").strip().lower() not in taken]
        for n, (text, values) in enumerate(offered):
            button = QPushButton("+ " + text)
            button.setObjectName(f"{self.name}_suggest_{n}")
            button.setAccessibleName(QCoreApplication.translate("visit", "Add {name}").format(name=text))
            button.setFlat(True)
            button.setStyleSheet("QPushButton { color: #1f4e79; text-decoration: underline; }")
            button.clicked.connect(lambda _=False, v=values: self._add_suggested(v))
            self.suggestion_row.addWidget(button)
        self.suggestion_row.addStretch(1)

    def _add_suggested(self, values: dict[str, str]) -> None:
        self.add_row(values)
        self._show_suggestions()
        self.save.save_now()

    def add_row(self, values: dict[str, str] | None = None, focus: bool = False) -> list[QWidget]:
        values = values or {}
        index = len(self.rows)
        widgets: list[QWidget] = []
        for col, column in enumerate(self.columns):
            accessible = f"{column.label} {index + 1}"
            if column.options:
                combo = QComboBox()
                for code, label in column.options:
                    combo.addItem(label, code)
                pos = combo.findData(values.get(column.key, column.options[0][0]))
                combo.setCurrentIndex(max(pos, 0))
                combo.currentIndexChanged.connect(lambda *_: self.save.save_now())
                widget: QWidget = combo
            else:
                edit = QLineEdit(values.get(column.key, ""))
                if col == 0:
                    completer = QCompleter(self._completions, edit)
                    completer.setCaseSensitivity(completer.caseSensitivity().CaseInsensitive)
                    edit.setCompleter(completer)
                self.save.watch_text(edit)
                widget = edit
            widget.setObjectName(f"{self.name}_{column.key}_{index}")
            widget.setAccessibleName(accessible)
            self.grid.addWidget(widget, index + 1, col)
            widgets.append(widget)
        remove = QToolButton()
        remove.setText("✕")
        remove.setObjectName(f"{self.name}_remove_{index}")
        remove.setAccessibleName(QCoreApplication.translate("visit", "Remove row {n}").format(n=index + 1))
        remove.setToolTip(remove.accessibleName())
        remove.clicked.connect(lambda: self._remove(widgets))
        self.grid.addWidget(remove, index + 1, len(self.columns))
        widgets.append(remove)
        self.rows.append(widgets)
        if focus:
            widgets[0].setFocus()
        return widgets

    def _remove(self, widgets: list[QWidget]) -> None:
        keep = [self._values_of(w) for w in self.rows if w is not widgets]
        self.set_values(keep)
        self._show_suggestions()
        self.save.save_now()

    def _values_of(self, widgets: list[QWidget]) -> dict[str, str]:
        out: dict[str, str] = {}
        for column, widget in zip(self.columns, widgets, strict=False):
            if isinstance(widget, QComboBox):
                out[column.key] = str(widget.currentData())
            elif isinstance(widget, QLineEdit):
                out[column.key] = widget.text().strip()
        return out

    def values(self) -> list[dict[str, str]]:
        """Every row's values by column key (empty rows included)."""
        return [self._values_of(w) for w in self.rows]

    def set_values(self, rows: list[dict[str, str]]) -> None:
        """Show ``rows`` (rebuilding the widgets only when they differ)."""
        if rows == self.values():
            return
        for widgets in self.rows:
            for widget in widgets:
                self.grid.removeWidget(widget)
                widget.deleteLater()
        self.rows = []
        for values in rows:
            self.add_row(values)
        self._show_suggestions()

    def editing(self) -> bool:
        return self.save.busy or any(w.hasFocus() for row in self.rows for w in row)


def with_name_picker(edit: QLineEdit, names: Callable[[], list[str]], picked: Callable[[], None]) -> QWidget:
    """``edit`` with a button beside it listing ``names()`` (e.g. the persons present): choosing one
    fills the field and calls ``picked`` (to save), so a name typed once is never typed again."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(2)
    row.addWidget(edit, 1)
    button = QToolButton()
    button.setText("▾")
    button.setObjectName(f"{edit.objectName()}_pick")
    button.setAccessibleName(QCoreApplication.translate("visit", "Choose a person"))
    button.setToolTip(button.accessibleName())
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(button)
    button.setMenu(menu)

    def fill() -> None:
        menu.clear()
        for name in names():
            action = menu.addAction(name)
            action.triggered.connect(lambda _=False, n=name: (edit.setText(n), picked()))
        if menu.isEmpty():
            empty = menu.addAction(QCoreApplication.translate("visit", "(nobody recorded as present yet)"))
            empty.setEnabled(False)

    menu.aboutToShow.connect(fill)
    row.addWidget(button)
    box.picker = button  # type: ignore[attr-defined]
    return box
