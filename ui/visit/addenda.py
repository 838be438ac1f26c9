"""Addenda of a finalized visit: the list (each sealed and checked) and adding one.

A finalized visit does not change; a correction or a later finding is an addendum, sealed with this
laptop's key and chained to the fingerprint before it (``ws.evidence.add_addendum``). Adding asks for
confirmation first, like finalizing: an addendum cannot be changed or removed afterwards either.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.evidence import ABSENT, FAILED, OK
from ui.errors import error_text, ui_lang
from ui.visit.context import SealedAddendum, VisitContext
from ui.visit.forms import ConfirmBar, InlineMessage, fmt_moment, nav, small, text_edit

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex
FAILED_COLOR = "#a4000f"
CHECK_WIDTH = 220


class AddendaModel(QAbstractTableModel):
    """The addenda of one visit, oldest first: when, who, the text, its fingerprint and what holds."""

    DATE, AUTHOR, TEXT, FINGERPRINT, CHECK = range(5)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SealedAddendum] = []

    def set_rows(self, rows: list[SealedAddendum]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def record(self, row: int) -> SealedAddendum:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = (self.tr("Date"), self.tr("By"), self.tr("Addendum"), self.tr("Fingerprint"),
                   self.tr("Check"))
        return headers[section] if 0 <= section < len(headers) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        rec = self._rows[index.row()]
        column = index.column()
        if role == RECORD_ROLE:
            return rec
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(rec, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.FINGERPRINT:
                return rec.addendum.fingerprint
            if column == self.CHECK:
                return "\n".join(c.message(ui_lang()) for c in rec.verdict.checks)
            return self._text(rec, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.CHECK and not rec.verdict.ok:
            return QColor(FAILED_COLOR)
        if role == Qt.ItemDataRole.FontRole and column == self.FINGERPRINT:
            font = QFont("DejaVu Sans Mono")
            font.setStyleHint(QFont.StyleHint.Monospace)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    def _text(self, rec: SealedAddendum, column: int) -> str:
        a = rec.addendum
        if column == self.DATE:
            return fmt_moment(a.created_at)
        if column == self.AUTHOR:
            return a.author
        if column == self.TEXT:
            return a.text
        if column == self.FINGERPRINT:
            return a.fingerprint[:15] + "…"
        return self.check_text(rec)

    def check_text(self, rec: SealedAddendum) -> str:
        """'✓ holds · receipt 03-12-2026 14:05', '✓ holds · no receipt yet' or '✗ does not hold: …'."""
        verdict = rec.verdict
        if not verdict.ok:
            failed = [c.message(ui_lang()) for c in verdict.checks if c.state == FAILED]
            return "✗ " + self.tr("does not hold: {what}").format(what=" ".join(failed))
        receipt = verdict.state("receipt")
        if receipt == OK:
            tail = self.tr("receipt {when}").format(when=fmt_moment(rec.receipt_at))
        elif receipt == ABSENT:
            tail = self.tr("no receipt yet")
        else:
            tail = self.tr("receipt not checked here")
        return "✓ " + self.tr("holds") + " · " + tail


class AddendaPanel(QWidget):
    """The list of addenda and the form to add one (usable on a finalized, read-only visit)."""

    def __init__(self, ctx: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("addenda_panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(small(self.tr("A finalized visit does not change. A correction or a later "
                                       "finding is recorded as an addendum: signed by this laptop, "
                                       "linked to the fingerprint before it, and printed with the report.")))
        self.empty = QLabel(self.tr("No addenda yet."))
        self.empty.setObjectName("addenda_empty")
        layout.addWidget(self.empty)
        self.model = AddendaModel(self)
        self.view = QTableView()
        self.view.setObjectName("addenda_list")
        self.view.setAccessibleName(self.tr("Addenda"))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)
        self.view.verticalHeader().hide()
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.view.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AddendaModel.TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AddendaModel.CHECK, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(AddendaModel.CHECK, CHECK_WIDTH)  # wraps: a failure can take a few lines
        # Row heights follow the text column's width, which settles after layout: refit once it has.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self._fit)
        header.sectionResized.connect(lambda *_: self._refit.start())
        self.view.installEventFilter(self)
        self.view.setProperty("visit_nav", True)
        layout.addWidget(self.view)
        layout.addSpacing(6)
        self.text = text_edit("addendum_text", self.tr("Text of the new addendum"), height=80)
        self.text.setPlaceholderText(self.tr("What is corrected or added, and why"))
        self.text.setMaximumHeight(110)
        layout.addWidget(QLabel(self.tr("New addendum")))
        layout.addWidget(nav(self.text))
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add addendum"))
        self.add_button.setObjectName("addendum_add")
        self.add_button.clicked.connect(self._ask)
        row.addWidget(nav(self.add_button))
        row.addStretch(1)
        layout.addLayout(row)
        self.confirm = ConfirmBar(self.tr("Record this addendum now? It is signed by this laptop and cannot "
                                          "be changed or removed afterwards."),
                                  self.tr("Yes, record"), "addendum_confirm")
        nav(self.confirm.yes)
        nav(self.confirm.no)
        self.confirm.confirmed.connect(self.add)
        layout.addWidget(self.confirm)
        self.message = InlineMessage()
        self.message.setObjectName("addendum_message")
        layout.addWidget(self.message)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if obj is self.view and event.type() == QEvent.Type.Resize:
            self._refit.start()
        return False

    def apply(self, rows: list[SealedAddendum]) -> None:
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        self.view.setVisible(bool(rows))
        self._fit()

    def _fit(self) -> None:
        """Rows as high as their text, the table as high as its rows: the page scrolls, not the list."""
        self.view.resizeRowsToContents()
        height = self.view.horizontalHeader().height() + 2 * self.view.frameWidth()
        height += sum(self.view.rowHeight(r) for r in range(self.model.rowCount()))
        self.view.setFixedHeight(height)

    def _ask(self) -> None:
        self.message.clear_message()
        if not self.text.toPlainText().strip():
            self.message.show_message(self.tr("Write the addendum first: the text is empty."))
            self.text.setFocus()
            self._reveal(self.message)
            return
        self.confirm.ask()
        self._reveal(self.confirm)

    def _reveal(self, widget: QWidget) -> None:
        """Scroll the page so ``widget`` (just shown below the text field) is in view."""
        area = self.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is not None:
            scroll = area
            QTimer.singleShot(0, lambda: shiboken6.isValid(widget) and scroll.ensureWidgetVisible(widget))

    def add(self) -> None:
        """Seal the addendum (after confirmation); the list shows it when the visit reloads."""
        vid, text = self.ctx.visit_id, self.text.toPlainText()
        self.add_button.setEnabled(False)

        def done(_result: object) -> None:
            self.add_button.setEnabled(True)
            self.text.clear()

        def failed(exc: BaseException) -> None:
            self.add_button.setEnabled(True)
            self.message.show_message(error_text(exc))

        self.ctx.write(lambda ws: ws.evidence.add_addendum(vid, text), on_done=done, on_error=failed)
