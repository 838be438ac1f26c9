"""The detail of one case: address, persons (BSN masked), ground, visits, open follow-ups."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from inspector import validation

from . import labels
from .bus import Bus
from .models import ID_ROLE, VisitFilterProxy, VisitTableModel
from .tasks import TaskRunner
from .view_helpers import LatestOnly, heading, make_table, muted, report_error, set_column_widths

if TYPE_CHECKING:
    from inspector.model import CaseDetail
    from inspector.workspace import Workspace


MAX_VISIT_ROWS = 6


def _text_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CaseDetailPanel(QWidget):
    """Shows one case; ``show_case(id)`` loads it on the DB lane. Buttons plan or open a visit."""

    visit_activated = Signal(str)  # visit id
    plan_requested = Signal(str)  # case id
    loaded = Signal(str)  # case id

    def __init__(self, workspace: Workspace | None, runner: TaskRunner, bus: Bus,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.runner, self.bus = workspace, runner, bus
        self.case_id = ""
        self.detail: CaseDetail | None = None
        self.loader = LatestOnly(runner, self._loaded, self._failed, self)
        self.stack = QStackedLayout(self)

        self.placeholder = muted(self.tr("Choose a case in the list to see its details."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.placeholder)

        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(12, 4, 4, 4)
        self.title = heading("")
        self.title.setWordWrap(True)
        self.title.setAccessibleName(self.tr("Case"))
        lay.addWidget(self.title)
        self.subtitle = muted()
        lay.addWidget(self.subtitle)

        buttons = QHBoxLayout()
        self.plan_button = QPushButton(self.tr("&Plan visit…"))
        self.plan_button.setAccessibleName(self.tr("Plan a visit for this case"))
        self.plan_button.clicked.connect(lambda: self.plan_requested.emit(self.case_id))
        self.open_button = QPushButton(self.tr("Open &visit"))
        self.open_button.setAccessibleName(self.tr("Open the selected visit"))
        self.open_button.clicked.connect(self.open_selected_visit)
        buttons.addWidget(self.plan_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        lay.addLayout(buttons)

        facts = QGroupBox(self.tr("Address and persons"))
        grid = QGridLayout(facts)
        grid.setColumnStretch(1, 1)
        self.address = _text_label()
        self.address.setAccessibleName(self.tr("Address"))
        grid.addWidget(QLabel(self.tr("Address")), 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.address, 0, 1)
        self.persons = _text_label()
        self.persons.setAccessibleName(self.tr("Persons"))
        grid.addWidget(QLabel(self.tr("Persons")), 1, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.persons, 1, 1)
        lay.addWidget(facts)

        self.ground_box = QGroupBox(self.tr("Reasonable ground"))
        ground_lay = QVBoxLayout(self.ground_box)
        self.ground = _text_label()
        self.ground.setAccessibleName(self.tr("Reasonable ground"))
        ground_lay.addWidget(self.ground)
        lay.addWidget(self.ground_box)

        visits_box = QGroupBox(self.tr("Visits"))
        visits_lay = QVBoxLayout(visits_box)
        self.visit_model = VisitTableModel(self)
        self.visit_proxy = VisitFilterProxy(self)
        self.visit_proxy.setSourceModel(self.visit_model)
        self.visits = make_table(self.visit_proxy, self.tr("Visits of this case"), VisitTableModel.OUTCOME)
        for column in (VisitTableModel.CLIENT, VisitTableModel.ADDRESS, VisitTableModel.CASE_NUMBER):
            self.visits.hideColumn(column)
        set_column_widths(self.visits, {VisitTableModel.PLANNED: "28-11-2026 10:00",
                                        VisitTableModel.TYPE: "S1 Intake / handhaving",
                                        VisitTableModel.STATUS: "Afgerond"})
        self.visits.sortByColumn(VisitTableModel.PLANNED, Qt.SortOrder.DescendingOrder)
        self.visits.activated.connect(self._visit_activated)
        self.visits.doubleClicked.connect(self._visit_activated)
        visits_lay.addWidget(self.visits)
        self.no_visits = muted(self.tr("No visits yet. Use 'Plan visit' to plan one."))
        visits_lay.addWidget(self.no_visits)
        lay.addWidget(visits_box)

        follow_box = QGroupBox(self.tr("Open follow-ups"))
        follow_lay = QVBoxLayout(follow_box)
        self.followups = _text_label()
        self.followups.setAccessibleName(self.tr("Open follow-ups"))
        follow_lay.addWidget(self.followups)
        lay.addWidget(follow_box)
        lay.addStretch(1)
        self.stack.addWidget(page)
        self.page = page
        self.setMinimumWidth(360)

    # --- loading ------------------------------------------------------------------------------
    def show_case(self, case_id: str) -> None:
        """Load and show the case ``case_id`` ('' shows the placeholder)."""
        self.case_id = case_id
        if not case_id or self.ws is None:
            self.detail = None
            self.stack.setCurrentWidget(self.placeholder)
            return
        ws = self.ws
        self.loader.run(lambda: (ws.cases.detail(case_id), labels.load_catalog()))

    def reload(self) -> None:
        if self.case_id:
            self.show_case(self.case_id)

    def _failed(self, exc: BaseException) -> None:
        if getattr(exc, "code", "") == "case_not_found":  # e.g. moved to another team by a sync
            self.show_case("")
            return
        report_error(self, self.bus, exc)

    def _loaded(self, result: Any) -> None:
        detail, catalog = result
        self.detail = detail
        case = detail.case
        self.title.setText(f"{case.number} · {case.title}" if case.title else case.number)
        self.subtitle.setText(" · ".join(x for x in (
            labels.domain_label(case.domain), labels.case_status_label(case.status), case.team,
            self.tr("due %1").replace("%1", labels.format_date(case.due_date)) if case.due_date else "")
            if x))
        from inspector.display import format_address

        self.address.setText(format_address(detail.address) or self.tr("No address recorded."))
        self.persons.setText("\n".join(self._person_line(p) for p in detail.persons)
                             or self.tr("No persons recorded."))
        ground = case.ground
        self.ground_box.setVisible(any((ground.facts, ground.source, ground.date)))
        self.ground.setText("\n".join(x for x in (
            ground.facts,
            self.tr("Source: %1").replace("%1", ground.source) if ground.source else "",
            self.tr("Date: %1").replace("%1", labels.format_date(ground.date)) if ground.date else "",
            self.tr("Why a lighter means does not suffice: %1").replace("%1", ground.why_not_lighter)
            if ground.why_not_lighter else "") if x))
        self.visit_model.set_catalog(catalog)
        self.visit_model.set_rows(detail.visits)
        self.no_visits.setVisible(not detail.visits)
        self.visits.setVisible(bool(detail.visits))
        shown = min(max(len(detail.visits), 1), MAX_VISIT_ROWS)
        self.visits.setFixedHeight(self.visits.horizontalHeader().sizeHint().height()
                                   + shown * self.visits.verticalHeader().defaultSectionSize()
                                   + 2 * self.visits.frameWidth() + 2)
        self.open_button.setEnabled(bool(detail.visits))
        self.followups.setText(self._followup_lines(detail, catalog) or self.tr("No open follow-ups."))
        self.stack.setCurrentWidget(self.page)
        self.loaded.emit(case.id)

    def _followup_lines(self, detail: Any, catalog: Any) -> str:
        """The follow-up actions of the case's finalized visits, and the single follow-up date older
        visits recorded, soonest first."""
        visits = {v.id: v for v in detail.visits}

        def of_visit(visit: Any) -> str:
            return catalog.title(visit.template_id) + " " + labels.format_datetime(visit.planned_at)

        lines = [(f.due_date, self.tr("%1: %2 (%3) — visit %4").replace("%1", labels.format_date(f.due_date))
                  .replace("%2", f.action).replace("%3", f.owner).replace("%4", of_visit(visits[f.visit_id])))
                 for f in detail.followups if f.visit_id in visits]
        lines += [(v.followup_date, self.tr("%1: follow-up of the visit %2 of %3")
                   .replace("%1", labels.format_date(v.followup_date))
                   .replace("%2", catalog.title(v.template_id))
                   .replace("%3", labels.format_datetime(v.planned_at)))
                  for v in detail.visits if v.followup_date and v.status in ("finalized", "synced")]
        return "\n".join(text for _, text in sorted(lines))

    def _person_line(self, p: Any) -> str:
        name = validation.PersonName(p.voornamen, p.voorvoegsel, p.geslachtsnaam).display()
        parts = [f"{name} ({labels.role_label(p.role)})"]
        if p.bsn:
            parts.append(self.tr("BSN %1").replace("%1", validation.mask_bsn(p.bsn)))
        if p.birth_date:
            parts.append(self.tr("born %1").replace("%1", labels.format_date(p.birth_date)))
        return " · ".join(parts)

    # --- opening ------------------------------------------------------------------------------
    def _visit_activated(self, index: QModelIndex) -> None:
        visit_id = index.data(ID_ROLE)
        if visit_id:
            self.visit_activated.emit(visit_id)

    def open_selected_visit(self) -> None:
        index = self.visits.currentIndex()
        if not index.isValid() and self.visit_proxy.rowCount():
            index = self.visit_proxy.index(0, 0)
        if index.isValid():
            self._visit_activated(index)
