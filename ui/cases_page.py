"""'Dossiers': the case list with search-as-you-type and a domain filter, beside the case detail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from inspector.model import Changes

from . import labels
from .bus import Bus
from .case_detail import CaseDetailPanel
from .models import ID_ROLE, CaseFilterProxy, CaseTableModel, case_key, sort_records
from .tasks import TaskRunner
from .view_helpers import LatestOnly, make_table, report_error, set_column_widths

if TYPE_CHECKING:
    from inspector.model import CaseRow
    from inspector.workspace import Workspace

SEARCH_DELAY_MS = 200


class CasesPage(QWidget):
    """Search over name, BSN, address and case number (diacritics ignored), newest query wins."""

    visit_activated = Signal(str)  # visit id
    new_case_requested = Signal()
    plan_requested = Signal(str)  # case id
    loaded = Signal()

    def __init__(self, workspace: Workspace | None, runner: TaskRunner, bus: Bus,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.runner, self.bus = workspace, runner, bus
        self.model = CaseTableModel(self)
        self.proxy = CaseFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.loader = LatestOnly(runner, self._loaded, lambda e: report_error(self, bus, e), self)
        self._select_after_load = ""
        self._loaded_once = False

        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by name, BSN, address or case number"))
        self.search.setAccessibleName(self.tr("Search cases"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self._search_now)
        bar.addWidget(self.search, 3)
        self.domain = QComboBox()
        self.domain.setAccessibleName(self.tr("Domain filter"))
        self.domain.addItem(self.tr("All domains"), "")
        for code in ("sociaal", "fysiek", "oov"):
            self.domain.addItem(labels.domain_label(code), code)
        self.domain.currentIndexChanged.connect(self._domain_changed)
        bar.addWidget(self.domain, 1)
        self.count = QLabel()
        self.count.setAccessibleName(self.tr("Number of cases"))
        bar.addWidget(self.count)
        self.new_button = QPushButton(self.tr("&New case…"))
        self.new_button.setAccessibleName(self.tr("New case"))
        self.new_button.clicked.connect(self.new_case_requested)
        bar.addWidget(self.new_button)
        lay.addLayout(bar)

        self.table = make_table(self.proxy, self.tr("Cases"), CaseTableModel.ADDRESS)
        set_column_widths(self.table, {
            CaseTableModel.NUMBER: "DEMO-2026-0000", CaseTableModel.CLIENT: "Berg, D.C. van den",
            CaseTableModel.BSN: "******000", CaseTableModel.DOMAIN: "Openbare orde",
            CaseTableModel.STATUS: "Gesloten", CaseTableModel.NEXT_VISIT: "28-11-2026",
            CaseTableModel.FOLLOWUPS: "00"})
        for column in (CaseTableModel.BSN, CaseTableModel.STATUS, CaseTableModel.FOLLOWUPS):
            self.table.hideColumn(column)
        self.table.sortByColumn(CaseTableModel.NUMBER, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.setMinimumWidth(420)

        self.detail = CaseDetailPanel(workspace, runner, bus)
        self.detail.visit_activated.connect(self.visit_activated)
        self.detail.plan_requested.connect(self.plan_requested)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.detail)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        lay.addWidget(self.splitter, 1)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self._search_now)
        bus.changed.connect(self._changed)

    # --- loading and searching ------------------------------------------------------------------
    def attach(self, workspace: Workspace) -> None:
        """Work on ``workspace`` (the window may be built before it is unlocked)."""
        self.ws = workspace
        self.detail.ws = workspace
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        """(Re)load the list for the current search text."""
        self.timer.stop()
        ws, text = self.ws, self.search.text()
        if ws is None:
            return
        column, order = self.model.sort_column, self.model.sort_order

        def work() -> tuple[list[CaseRow], int, Any]:
            # sorted here, on the DB lane: 10 000 rows would otherwise be sorted on the GUI thread
            return sort_records(ws.cases.find(text), case_key, column, order), column, order

        self.loader.run(work)

    def ensure_loaded(self) -> None:
        if self.ws is not None and not self._loaded_once and not self.loader.running:
            self.reload()

    def _search_changed(self, _text: str) -> None:
        self.timer.start()

    def _search_now(self) -> None:
        self.reload()

    def _loaded(self, result: tuple[list[CaseRow], int, Any]) -> None:
        rows, column, order = result
        self._loaded_once = True
        keep = self._select_after_load or self.current_case_id()
        self._select_after_load = ""
        current = (self.model.sort_column, self.model.sort_order)
        self.model.set_rows(rows, presorted=(column, order) == current)
        self._update_count()
        if keep and self.select_case(keep):
            pass
        elif self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        else:
            self.detail.show_case("")
        self.loaded.emit()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            text = self.tr("1 case") if total == 1 else self.tr("%1 cases").replace("%1", str(total))
        else:
            text = (self.tr("%1 of 1 case") if total == 1 else self.tr("%1 of %2 cases")).replace(
                "%1", str(shown)).replace("%2", str(total))
        self.count.setText(text)

    def _domain_changed(self, _index: int) -> None:
        self.proxy.set_domain(self.domain.currentData() or "")
        self._update_count()
        if not self.current_case_id() and self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    def _changed(self, changes: Changes) -> None:
        if changes & (Changes.CASES | Changes.PERSONS | Changes.VISITS | Changes.SYNC):
            if self._loaded_once:
                self.reload()
            self.detail.reload()

    # --- selection ------------------------------------------------------------------------------
    def current_case_id(self) -> str:
        index = self.table.currentIndex()
        return index.data(ID_ROLE) or "" if index.isValid() else ""

    def select_case(self, case_id: str) -> bool:
        """Select ``case_id`` in the list (after the next load when it is not there yet)."""
        row = self.model.row_of(case_id)
        if row < 0:
            self._select_after_load = case_id
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def _current_changed(self, current: Any, _previous: Any) -> None:
        case_id = current.data(ID_ROLE) if current.isValid() else ""
        if case_id != self.detail.case_id:
            self.detail.show_case(case_id or "")

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
