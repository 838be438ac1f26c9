"""'Vandaag': today's visits (and any left in progress), and those of the coming days."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QLocale, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from . import labels
from .bus import Bus
from .models import ID_ROLE, VisitFilterProxy, VisitTableModel
from .tasks import TaskRunner
from .view_helpers import LatestOnly, heading, make_table, muted, report_error, set_column_widths

if TYPE_CHECKING:
    from inspector.model import Changes, VisitRow
    from inspector.workspace import Workspace

OPEN_STATUSES = ("planned", "in_progress")
DAYS_AHEAD = 7


def split_today(rows: list[VisitRow], in_progress: list[VisitRow], today: date
                ) -> tuple[list[VisitRow], list[VisitRow]]:
    """(today's visits plus older ones still in progress, the coming days' visits)."""
    day = today.isoformat()
    seen: set[str] = set()
    now_rows, later = [], []
    for r in [*in_progress, *rows]:
        if r.id in seen:
            continue
        seen.add(r.id)
        (later if r.planned_at[:10] > day else now_rows).append(r)
    now_rows.sort(key=lambda r: r.planned_at)
    later.sort(key=lambda r: r.planned_at)
    return now_rows, later


class TodayPage(QWidget):
    """Two lists: 'Vandaag' and 'Komende dagen'; Enter or a double click opens the visit."""

    visit_activated = Signal(str)  # visit id
    new_case_requested = Signal()
    loaded = Signal()

    def __init__(self, workspace: Workspace | None, runner: TaskRunner, bus: Bus,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.runner, self.bus = workspace, runner, bus
        self.today_model = VisitTableModel(self)
        self.week_model = VisitTableModel(self)
        self.loader = LatestOnly(runner, self._loaded, lambda e: report_error(self, bus, e), self)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        top = QHBoxLayout()
        self.title = heading(self.tr("Today"), 1.5)
        self.title.setAccessibleName(self.tr("Today"))
        top.addWidget(self.title)
        self.date_label = QLabel()
        self.date_label.setAlignment(Qt.AlignmentFlag.AlignBottom)
        top.addWidget(self.date_label)
        top.addStretch(1)
        self.open_button = QPushButton(self.tr("&Open visit"))
        self.open_button.setAccessibleName(self.tr("Open the selected visit"))
        self.open_button.clicked.connect(self.open_selected)
        self.open_button.setEnabled(False)
        top.addWidget(self.open_button)
        lay.addLayout(top)
        lay.addWidget(self._build_first_steps())

        self.today_view, self.today_empty = self._section(
            lay, self.today_model, self.tr("Today's visits"), self.tr("No visits planned for today."))
        self.week_title = heading(self.tr("Coming days"))
        self.week_view, self.week_empty = self._section(
            lay, self.week_model, self.tr("Visits of the coming days"),
            self.tr("No visits planned for the coming days."), self.week_title)
        bus.changed.connect(self._changed)

    def _build_first_steps(self) -> QFrame:
        """What to do first, shown while the workspace holds no case at all."""
        box = self.first_steps = QFrame()
        box.setObjectName("first_steps")
        box.setStyleSheet("QFrame#first_steps { background: #e8eef5; border: 1px solid #9db3cc; "
                          "border-radius: 4px; }")
        row = QHBoxLayout(box)
        text = QLabel(self.tr(
            "<b>Where to start</b><br>Create a case with <b>New case</b> (Ctrl+N), then plan a visit "
            "in it (Ctrl+B); on the day it appears here. Does your municipality use a server? Sign in "
            "under <b>Synchronisation → Server settings</b>: your planned visits then come here by "
            "themselves."))
        text.setObjectName("first_steps_text")
        text.setWordWrap(True)
        row.addWidget(text, 1)
        button = QPushButton(self.tr("&New case…"))
        button.setObjectName("first_steps_new_case")
        button.clicked.connect(self.new_case_requested)
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        box.hide()
        return box

    def _section(self, lay: QVBoxLayout, model: VisitTableModel, name: str, empty_text: str,
                 title: QLabel | None = None) -> tuple[QTableView, QLabel]:
        if title is not None:
            lay.addSpacing(8)
            lay.addWidget(title)
        proxy = VisitFilterProxy(self)
        proxy.setSourceModel(model)
        view = make_table(proxy, name, VisitTableModel.ADDRESS)
        view.hideColumn(VisitTableModel.OUTCOME)
        set_column_widths(view, {VisitTableModel.PLANNED: "28-11-2026 10:00",
                                 VisitTableModel.TYPE: "S1 Intake / handhaving aan de poort",
                                 VisitTableModel.CLIENT: "D.S. van der Linden",
                                 VisitTableModel.CASE_NUMBER: "DEMO-2026-0000",
                                 VisitTableModel.STATUS: "Gesynchroniseerd"})
        view.sortByColumn(VisitTableModel.PLANNED, Qt.SortOrder.AscendingOrder)
        view.activated.connect(self._activated)
        view.doubleClicked.connect(self._activated)
        view.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed(view))
        empty = muted(empty_text)
        lay.addWidget(view, 1)
        lay.addWidget(empty)
        return view, empty

    # --- loading ----------------------------------------------------------------------------
    def attach(self, workspace: Workspace) -> None:
        """Show the data of ``workspace`` (the window may be built before it is unlocked)."""
        self.ws = workspace
        self.reload()

    def reload(self) -> None:
        """Load the visits of today and the coming days on the DB lane."""
        ws = self.ws
        if ws is None:
            return
        today = labels.now().date()  # the municipality's day, not the laptop's time zone
        start, end = today.isoformat(), (today + timedelta(days=DAYS_AHEAD)).isoformat()

        def work() -> Any:
            rows = ws.visits.find(date_from=start, date_to=end, statuses=OPEN_STATUSES)
            running = ws.visits.find(statuses=("in_progress",))
            empty = not rows and not running and not ws.cases.find(limit=1)
            return split_today(rows, running, today), labels.load_catalog(), empty

        self.loader.run(work)

    def _loaded(self, result: Any) -> None:
        (now_rows, later), catalog, empty = result
        self.first_steps.setVisible(empty)
        day = labels.now().date()
        today = QDate(day.year, day.month, day.day)
        self.date_label.setText(QLocale().toString(today, QLocale.FormatType.LongFormat))
        for model, rows, empty in ((self.today_model, now_rows, self.today_empty),
                                   (self.week_model, later, self.week_empty)):
            model.set_catalog(catalog)
            model.set_rows(rows)
            empty.setVisible(not rows)
        self.open_button.setEnabled(bool(now_rows or later))
        self.loaded.emit()

    def _changed(self, changes: Changes) -> None:
        from inspector.model import Changes

        if changes & (Changes.VISITS | Changes.CASES | Changes.PERSONS | Changes.SYNC):
            self.reload()

    # --- opening ----------------------------------------------------------------------------
    def _selection_changed(self, view: QTableView) -> None:
        self._last_view = view

    def _activated(self, index: QModelIndex) -> None:
        visit_id = index.data(ID_ROLE)
        if visit_id:
            self.visit_activated.emit(visit_id)

    def open_selected(self) -> None:
        view = getattr(self, "_last_view", None) or self.today_view
        index = view.currentIndex()
        if not index.isValid() and view.model().rowCount() > 0:
            index = view.model().index(0, 0)
        if index.isValid():
            self._activated(index)

    def focus_list(self) -> None:
        view = self.today_view if self.today_model.rowCount() else self.week_view
        view.setFocus()
        if not view.currentIndex().isValid() and view.model().rowCount():
            view.setCurrentIndex(view.model().index(0, 0))
