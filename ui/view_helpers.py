"""Small pieces the shell's pages share: table views, newest-only loading, error reporting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QObject, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

from inspector.errors import InspectorError

from .bus import Bus
from .errors import error_text, show_crash
from .tasks import TaskRunner


class LatestOnly(QObject):
    """Runs loads on the DB lane and delivers only the newest one's result; stale results are dropped.

    Search-as-you-type fires a load per pause in typing; an older, slower query must never
    overwrite the list of a newer one.
    """

    def __init__(self, runner: TaskRunner, on_done: Callable[[Any], None],
                 on_error: Callable[[BaseException], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner, self.on_done, self.on_error = runner, on_done, on_error
        self.generation = 0
        self.running = 0

    def run(self, fn: Callable[[], Any]) -> None:
        self.generation += 1
        generation = self.generation
        self.running += 1

        def done(result: Any) -> None:
            self.running -= 1
            if generation == self.generation:
                self.on_done(result)

        def failed(exc: BaseException) -> None:
            self.running -= 1
            if generation == self.generation:
                self.on_error(exc)

        self.runner.run_db(fn, done, failed)


def report_error(widget: QWidget, bus: Bus, exc: BaseException) -> None:
    """A known problem goes to the status bar in plain words; anything else is a bug: crash dialog."""
    if isinstance(exc, InspectorError):
        bus.status_message.emit(error_text(exc))
    else:
        show_crash(widget, exc)


def make_table(model: QAbstractItemModel, name: str, stretch_column: int = -1) -> QTableView:
    """A read-only, sortable, row-selecting table for a proxy model."""
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSortingEnabled(True)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    if stretch_column >= 0:
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    return view


def set_column_widths(view: QTableView, samples: dict[int, str]) -> None:
    """Make each column as wide as its sample text or its header, whichever is wider (follows the font)."""
    bold = view.font()
    bold.setBold(True)  # rows may be bold (visits in progress)
    metrics = QFontMetrics(bold)
    header = view.horizontalHeader()
    model = view.model()
    for column, sample in samples.items():
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        width = max(metrics.horizontalAdvance(sample), header.fontMetrics().horizontalAdvance(title) + 20)
        view.setColumnWidth(column, width + 14)


class WrappingLabel(QLabel):
    """A word-wrapped label that claims the height its text needs, so layouts never clip it."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        needed = self.heightForWidth(self.width()) if self.text() else 0
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)


def heading(text: str, size: float = 1.25) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * size)
    font.setBold(True)
    label.setFont(font)
    return label


def muted(text: str = "") -> QLabel:
    label = WrappingLabel(text)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label
