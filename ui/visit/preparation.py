"""Voorbereiding: the reasonable ground, announced or not, the officers, and starting the visit."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector import validation
from inspector.model import Ground, Officer, VisitStatus
from ui.errors import error_text
from ui.visit.context import VisitContext, VisitState
from ui.visit.forms import (
    InlineMessage,
    WriteFn,
    fmt_moment,
    line_edit,
    set_checked,
    set_text,
    small,
    text_edit,
)
from ui.visit.page import StepPage
from ui.visit.rows import Column, RowList


class PreparationPage(StepPage):
    """The ground (read-only once the visit has started), planning data and the Start button."""

    step = "preparation"

    def __init__(self, ctx: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent=parent)
        self._started = False
        self._date_invalid = False
        self._build_planning()
        self._build_ground()
        self._build_officers()
        self._build_start()
        self.body.addStretch(1)

    # --- building -------------------------------------------------------------------------
    def _build_planning(self) -> None:
        box = QGroupBox(self.tr("Planning"))
        form = QFormLayout(box)
        self.planned_label = QLabel()
        self.planned_label.setObjectName("planned_at")
        form.addRow(self.tr("Planned for:"), self.planned_label)
        self.announced = QCheckBox(self.tr("The visit was announced to the client"))
        self.announced.setObjectName("announced")
        self.announced.setAccessibleName(self.tr("Announced visit"))
        self.announced_message = InlineMessage()
        save = self.autosave(self._save_announced, self.announced_message)
        save.watch_now(self.announced.toggled)
        form.addRow(self.announced)
        form.addRow(self.announced_message)
        self.body.addWidget(box)

    def _build_ground(self) -> None:
        box = QGroupBox(self.tr("Reasonable ground"))
        box.setObjectName("ground_box")
        layout = QVBoxLayout(box)
        self.ground_hint = small("")
        layout.addWidget(self.ground_hint)
        form = QFormLayout()
        self.facts = text_edit("ground_facts", self.tr("Facts of the reasonable ground"), 80)
        self.source = line_edit("ground_source", self.tr("Source of the ground"),
                                self.tr("e.g. a report by the LAA, a match by the Inlichtingenbureau"))
        self.ground_date = line_edit("ground_date", self.tr("Date of the ground"), self.tr("dd-mm-yyyy"))
        self.ground_date.setMaximumWidth(160)
        self.date_message = InlineMessage()
        self.why = text_edit("ground_why_not_lighter", self.tr("Why a lighter means does not suffice"), 64)
        form.addRow(self.tr("Facts:"), self.facts)
        form.addRow(self.tr("Source:"), self.source)
        form.addRow(self.tr("Date:"), self.ground_date)
        form.addRow("", self.date_message)
        form.addRow(self.tr("Why a lighter means\ndoes not suffice:"), self.why)
        layout.addLayout(form)
        self.ground_message = InlineMessage()
        layout.addWidget(self.ground_message)
        self.ground_save = self.autosave(self._save_ground, self.ground_message)
        for widget in (self.facts, self.source, self.ground_date, self.why):
            self.ground_save.watch_text(widget)
        self.body.addWidget(box)

    def _build_officers(self) -> None:
        box = QGroupBox(self.tr("Officers"))
        layout = QVBoxLayout(box)
        self.officers_message = InlineMessage()
        self.officers_save = self.autosave(self._save_officers, self.officers_message)
        roles = [("toezichthouder", self.tr("Supervisory officer (toezichthouder)")),
                 ("boa", self.tr("Special investigating officer (boa)"))]
        self.officers = RowList("officers", [
            Column("name", self.tr("Name"), stretch=3),
            Column("role", self.tr("Appointed as"), roles, stretch=2),
            Column("appointment", self.tr("Appointment (supervisor/BOA number)"), stretch=2)],
            self.tr("Add officer"), self.officers_save)
        layout.addWidget(self.officers)
        layout.addWidget(self.officers_message)
        self.body.addWidget(box)

    def _build_start(self) -> None:
        box = QGroupBox(self.tr("Start"))
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.start_button = QPushButton(self.tr("Start visit"))
        self.start_button.setObjectName("start_visit")
        self.start_button.setToolTip(self.tr("Begin recording this visit at the door; record the times "
                                             "under Access"))
        self.start_button.clicked.connect(self.start_visit)
        row.addWidget(self.start_button)
        self.started_label = QLabel()
        self.started_label.setObjectName("started_label")
        row.addWidget(self.started_label, 1)
        layout.addLayout(row)
        self.start_message = InlineMessage()
        layout.addWidget(self.start_message)
        self.body.addWidget(box)

    # --- saving ---------------------------------------------------------------------------
    def _save_announced(self) -> WriteFn:
        vid, announced = self.ctx.visit_id, self.announced.isChecked()
        return lambda ws: ws.visits.update(vid, announced=announced)

    def _save_ground(self) -> WriteFn | None:
        if self._started:
            return None
        state = self.ctx.state
        date_text = self.ground_date.text().strip()
        iso = ""
        self._date_invalid = False
        self.date_message.clear_message()
        if date_text:
            try:
                iso = validation.parse_date(date_text).iso()
            except Exception as exc:  # noqa: BLE001 - keep the other fields; say what is wrong
                self._date_invalid = True
                self.date_message.show_message(error_text(exc))
                iso = state.visit.ground.date if state else ""
        ground = Ground(self.facts.toPlainText(), self.source.text(), iso, self.why.toPlainText())
        vid = self.ctx.visit_id
        return lambda ws: ws.visits.set_ground(vid, ground)

    def _save_officers(self) -> WriteFn:
        officers = [Officer(r["name"], r["appointment"], r["role"])
                    for r in self.officers.values() if r["name"]]
        vid = self.ctx.visit_id
        return lambda ws: ws.visits.update(vid, officers=officers)

    def start_visit(self) -> None:
        """Ring the bell: the core refuses without a ground and says why."""
        self.flush()
        self.start_message.clear_message()
        vid = self.ctx.visit_id
        self.ctx.write(lambda ws: ws.visits.start(vid), on_done=lambda _r: self.ctx.go("access"),
                       on_error=lambda exc: self.start_message.show_message(error_text(exc)))

    # --- showing --------------------------------------------------------------------------
    def apply_state(self, state: VisitState) -> None:
        visit = state.visit
        self.planned_label.setText(fmt_moment(visit.planned_at) or self.tr("not planned"))
        set_checked(self.announced, visit.announced)
        self._started = visit.status != VisitStatus.PLANNED.value
        ground = visit.ground
        if not self.ground_save.busy:
            for widget, value in ((self.facts, ground.facts), (self.source, ground.source),
                                  (self.why, ground.why_not_lighter)):
                if not widget.hasFocus():
                    set_text(widget, value)
            if not self.ground_date.hasFocus() and not self._date_invalid:
                set_text(self.ground_date, validation.format_date(ground.date) if ground.date else "")
        if state.template.requires_ground:
            hint = self.tr("Required: a home visit of this type without a reasonable ground is unlawful.")
        else:
            hint = self.tr("Optional for this visit type; record it when there is one.")
        if self._started:
            hint = self.tr("Recorded before the visit started; it can no longer be changed.")
        self.ground_hint.setText(hint)
        for widget in (self.facts, self.source, self.ground_date, self.why):
            widget.setReadOnly(self._started or state.locked)
        if not self.officers.editing():
            self.officers.set_values([{"name": o.name, "appointment": o.appointment, "role": o.role}
                                      for o in visit.officers])
        self.start_button.setVisible(not self._started)
        if self._started:
            self.started_label.setText(self.tr("Started at {when}.").format(
                when=fmt_moment(visit.started_at)))
        else:
            self.started_label.setText(self.tr("Press this at the door, before you ring the bell."))
