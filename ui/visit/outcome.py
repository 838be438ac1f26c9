"""Uitkomst: outcome, Tafel van Elf causes, LHS cell, referrals, signals and the follow-up actions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from inspector import frameworks
from inspector.model import Referral
from inspector.model import Signal as DomainSignal
from ui.errors import error_text
from ui.visit.context import VisitContext, VisitState
from ui.visit.followups import FollowUpBox
from ui.visit.forms import InlineMessage, WriteFn, line_edit, set_checked, small
from ui.visit.page import StepPage


class OutcomePage(StepPage):
    """What the visit led to: enforcement and service side by side."""

    step = "outcome"

    def __init__(self, ctx: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent=parent)
        self._outcome_codes: tuple[str, ...] = ()
        self._lhs_built = False
        self.outcome_message = InlineMessage()
        self.outcome_save = self.autosave(self._save_outcome, self.outcome_message)
        self.later += [self._build_outcome, self._build_causes, self._build_lhs,
                       lambda: self.body.addWidget(self.outcome_message), self._build_referrals,
                       self._build_signals, self._build_followups]

    def _build_followups(self) -> None:
        self.followups = FollowUpBox(self.ctx)
        self.body.addWidget(self.followups)
        self.body.addStretch(1)

    # --- building -------------------------------------------------------------------------
    def _build_outcome(self) -> None:
        self.outcome_box = QGroupBox(self.tr("Outcome of the visit"))
        self.outcome_layout = QGridLayout(self.outcome_box)
        self.outcome_group = QButtonGroup(self)
        self.outcome_save.watch_now(self.outcome_group.buttonClicked)
        self.body.addWidget(self.outcome_box)

    def _build_causes(self) -> None:
        box = QGroupBox(self.tr("Why was a rule broken? (Tafel van Elf)"))
        layout = QHBoxLayout(box)
        self.causes: dict[str, QCheckBox] = {}
        groups: dict[str, list[frameworks.TafelDimension]] = {}
        for dim in frameworks.TAFEL_VAN_ELF.values():
            groups.setdefault(dim.group, []).append(dim)
        for code, group in frameworks.TAFEL_GROUPS.items():
            sub = QGroupBox(self.ctx.text(group.label))
            sub.setFlat(True)
            col = QVBoxLayout(sub)
            for dim in groups.get(code, []):
                check = QCheckBox(f"{dim.code} {self.ctx.text(dim.label)}")
                check.setObjectName(f"toe_{dim.code}")
                check.setAccessibleName(check.text())
                self.outcome_save.watch_now(check.clicked)
                self.causes[dim.code] = check
                col.addWidget(check)
            col.addStretch(1)
            layout.addWidget(sub)
        self.body.addWidget(box)
        self.causes_hint = small(self.tr("T1 (did not know the rule) points to explaining and helping "
                                         "rather than a sanction."))
        self.body.addWidget(self.causes_hint)

    def _build_lhs(self) -> None:
        self.lhs_box = QGroupBox(self.tr("LHS intervention matrix"))
        layout = QVBoxLayout(self.lhs_box)
        grid = QGridLayout()
        self.lhs_group = QButtonGroup(self)
        self.lhs_buttons: dict[str, QPushButton] = {}
        grid.addWidget(QLabel(self.tr("Behaviour \\ consequence")), 0, 0)
        for col, (ccode, cons) in enumerate(frameworks.LHS_CONSEQUENCES.items()):
            head = QLabel(f"{ccode} {self.ctx.text(cons.label)}")
            head.setWordWrap(True)
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(head, 0, col + 1)
        for row, (bcode, beh) in enumerate(frameworks.LHS_BEHAVIOURS.items()):
            grid.addWidget(QLabel(f"{bcode} {self.ctx.text(beh.label)}"), row + 1, 0)
            for col, ccode in enumerate(frameworks.LHS_CONSEQUENCES):
                cell = f"{bcode}{ccode}"
                button = QPushButton(cell)
                button.setCheckable(True)
                button.setObjectName(f"lhs_{cell}")
                button.setAccessibleName(self.tr("LHS cell {cell}").format(cell=cell))
                button.setToolTip(self.ctx.text(frameworks.lhs_intervention(cell)))
                button.setMinimumHeight(30)
                self.lhs_group.addButton(button)
                self.lhs_buttons[cell] = button
                grid.addWidget(button, row + 1, col + 1)
        self.lhs_group.buttonClicked.connect(lambda *_: self._lhs_clicked())
        self.lhs_box.setStyleSheet("QPushButton:checked { background: #1f3b5c; color: white; "
                                   "font-weight: 600; border: 1px solid #0f2238; }")
        layout.addLayout(grid)
        row_layout = QHBoxLayout()
        self.lhs_label = QLabel()
        self.lhs_label.setObjectName("lhs_intervention")
        self.lhs_label.setWordWrap(True)
        row_layout.addWidget(self.lhs_label, 1)
        self.lhs_clear = QPushButton(self.tr("Clear cell"))
        self.lhs_clear.setObjectName("lhs_clear")
        self.lhs_clear.clicked.connect(self._lhs_cleared)
        row_layout.addWidget(self.lhs_clear)
        layout.addLayout(row_layout)
        self.lhs_box.hide()
        self.body.addWidget(self.lhs_box)

    def _build_referrals(self) -> None:
        box = QGroupBox(self.tr("Referrals (service)"))
        layout = QVBoxLayout(box)
        self.referral_list = QListWidget()
        self.referral_list.setObjectName("referral_list")
        self.referral_list.setAccessibleName(self.tr("Referrals"))
        self.referral_list.setMaximumHeight(90)
        layout.addWidget(self.referral_list)
        self.referral_remove = QPushButton(self.tr("Remove selected referral"))
        self.referral_remove.setObjectName("referral_remove")
        self.referral_remove.clicked.connect(self._remove_referral)
        form = QFormLayout()
        self.referral_kind = QComboBox()
        self.referral_kind.setObjectName("referral_kind")
        self.referral_kind.setAccessibleName(self.tr("Kind of referral"))
        for code, kind in frameworks.REFERRAL_KINDS.items():
            self.referral_kind.addItem(self.ctx.text(kind.label), code)
        form.addRow(self.tr("Refer to:"), self.referral_kind)
        self.handover = QCheckBox(self.tr("The client consents to a warm handover"))
        self.handover.setObjectName("referral_handover")
        self.handover.setAccessibleName(self.handover.text())
        form.addRow(self.handover)
        self.handed_to = line_edit("referral_handed_to", self.tr("Handed over to"),
                                   self.tr("team or contact person"))
        form.addRow(self.tr("Handed over to:"), self.handed_to)
        self.referral_note = line_edit("referral_note", self.tr("Note on the referral"))
        form.addRow(self.tr("Note:"), self.referral_note)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.referral_add = QPushButton(self.tr("Add referral"))
        self.referral_add.setObjectName("referral_add")
        self.referral_add.clicked.connect(self._add_referral)
        buttons.addWidget(self.referral_add)
        buttons.addWidget(self.referral_remove)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.referral_message = InlineMessage()
        layout.addWidget(self.referral_message)
        self.body.addWidget(box)

    def _build_signals(self) -> None:
        box = QGroupBox(self.tr("Signals to other domains"))
        layout = QVBoxLayout(box)
        self.signal_list = QListWidget()
        self.signal_list.setObjectName("signal_list")
        self.signal_list.setAccessibleName(self.tr("Signals"))
        self.signal_list.setMaximumHeight(80)
        layout.addWidget(self.signal_list)
        form = QFormLayout()
        self.signal_target = QComboBox()
        self.signal_target.setObjectName("signal_target")
        self.signal_target.setAccessibleName(self.tr("Signal to"))
        for code, target in frameworks.SIGNAL_TARGETS.items():
            self.signal_target.addItem(self.ctx.text(target.label), code)
        self.signal_target.currentIndexChanged.connect(self._prefill_basis)
        form.addRow(self.tr("Signal to:"), self.signal_target)
        self.signal_basis = line_edit("signal_legal_basis", self.tr("Legal basis of the signal"))
        form.addRow(self.tr("Legal basis:"), self.signal_basis)
        self.signal_note = line_edit("signal_note", self.tr("Note on the signal"))
        form.addRow(self.tr("Note:"), self.signal_note)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.signal_add = QPushButton(self.tr("Add signal"))
        self.signal_add.setObjectName("signal_add")
        self.signal_add.clicked.connect(self._add_signal)
        self.signal_remove = QPushButton(self.tr("Remove selected signal"))
        self.signal_remove.setObjectName("signal_remove")
        self.signal_remove.clicked.connect(self._remove_signal)
        buttons.addWidget(self.signal_add)
        buttons.addWidget(self.signal_remove)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.signal_message = InlineMessage()
        layout.addWidget(self.signal_message)
        self.body.addWidget(box)
        self._prefill_basis()

    # --- saving ---------------------------------------------------------------------------
    def _selected_cell(self) -> str:
        button = self.lhs_group.checkedButton()
        return button.text() if button is not None else ""

    def _save_outcome(self) -> WriteFn:
        button = self.outcome_group.checkedButton()
        outcome = str(button.property("code")) if button is not None else ""
        causes = [code for code, check in self.causes.items() if check.isChecked()]
        cell, vid = self._selected_cell(), self.ctx.visit_id
        return lambda ws: ws.visits.set_outcome(vid, outcome, toe_causes=causes, lhs_cell=cell)

    def _lhs_clicked(self) -> None:
        self._show_cell(self._selected_cell())
        self.outcome_save.save_now()

    def _lhs_cleared(self) -> None:
        self.lhs_group.setExclusive(False)
        for button in self.lhs_buttons.values():
            set_checked(button, False)
        self.lhs_group.setExclusive(True)
        self._show_cell("")
        self.outcome_save.save_now()

    def _show_cell(self, cell: str) -> None:
        if cell:
            self.lhs_label.setText(self.tr("Cell {cell}: {intervention}").format(
                cell=cell, intervention=self.ctx.text(frameworks.lhs_intervention(cell))))
        else:
            self.lhs_label.setText(self.tr("Choose the cell: behaviour (A–D) by consequence (1–4)."))

    def _add_referral(self) -> None:
        kind, consent = self.referral_kind.currentData(), self.handover.isChecked()
        handed_to, note, vid = self.handed_to.text(), self.referral_note.text(), self.ctx.visit_id
        self.referral_message.clear_message()

        def added(_result: object) -> None:
            for edit in (self.handed_to, self.referral_note):
                edit.clear()
            self.handover.setChecked(False)

        self.ctx.write(lambda ws: ws.visits.add_referral(vid, kind, consent_handover=consent,
                                                         handed_to=handed_to,
                                                  note=note), on_done=added,
                       on_error=lambda exc: self.referral_message.show_message(error_text(exc)))

    def _remove_referral(self) -> None:
        row, vid = self.referral_list.currentRow(), self.ctx.visit_id
        if row >= 0:
            self.ctx.write(lambda ws: ws.visits.remove_referral(vid, row),
                           on_error=lambda exc: self.referral_message.show_message(error_text(exc)))

    def _prefill_basis(self) -> None:
        code = self.signal_target.currentData()
        if code:
            self.signal_basis.setText(frameworks.default_legal_basis(code, self.ctx.lang))

    def _add_signal(self) -> None:
        target, basis = self.signal_target.currentData(), self.signal_basis.text()
        note, vid = self.signal_note.text(), self.ctx.visit_id
        self.signal_message.clear_message()
        self.ctx.write(lambda ws: ws.visits.add_signal(vid, target, legal_basis=basis, note=note),
                       on_done=lambda _r: self.signal_note.clear(),
                       on_error=lambda exc: self.signal_message.show_message(error_text(exc)))

    def _remove_signal(self) -> None:
        row, vid = self.signal_list.currentRow(), self.ctx.visit_id
        if row >= 0:
            self.ctx.write(lambda ws: ws.visits.remove_signal(vid, row),
                           on_error=lambda exc: self.signal_message.show_message(error_text(exc)))

    # --- showing --------------------------------------------------------------------------
    def _ensure_outcomes(self, state: VisitState) -> None:
        codes = tuple(o.code for o in state.template.outcomes)
        if codes == self._outcome_codes:
            return
        self._outcome_codes = codes
        per_column = (len(codes) + 1) // 2
        for n, outcome in enumerate(state.template.outcomes):
            button = QRadioButton(self.ctx.text(outcome.label))
            button.setObjectName(f"outcome_{outcome.code}")
            button.setAccessibleName(button.text())
            button.setProperty("code", outcome.code)
            self.outcome_group.addButton(button)
            self.outcome_layout.addWidget(button, n % per_column, n // per_column)
        self.lhs_box.setVisible(state.template.uses_lhs)

    def apply_state(self, state: VisitState) -> None:
        visit = state.visit
        self._ensure_outcomes(state)
        if not self.outcome_save.busy:
            for button in self.outcome_group.buttons():
                set_checked(button, button.property("code") == visit.outcome)
            if not visit.outcome and self.outcome_group.checkedButton() is not None:
                self.outcome_group.setExclusive(False)
                for button in self.outcome_group.buttons():
                    set_checked(button, False)
                self.outcome_group.setExclusive(True)
            for code, check in self.causes.items():
                set_checked(check, code in visit.toe_causes)
            self.lhs_group.setExclusive(False)
            for cell, button in self.lhs_buttons.items():
                set_checked(button, cell == visit.lhs_cell)
            self.lhs_group.setExclusive(True)
            self._show_cell(visit.lhs_cell)
        self._fill_list(self.referral_list, [self._referral_text(r) for r in visit.referrals])
        self._fill_list(self.signal_list, [self._signal_text(s) for s in visit.signals])
        self.followups.show_actions(state.followups)
        self.followups.show_earlier(visit.followup_date, visit.followup_note)

    @staticmethod
    def _fill_list(widget: QListWidget, lines: list[str]) -> None:
        if [widget.item(n).text() for n in range(widget.count())] == lines:
            return
        row = widget.currentRow()
        widget.clear()
        for line in lines:
            QListWidgetItem(line, widget)
        widget.setCurrentRow(min(row, widget.count() - 1))

    def _referral_text(self, referral: Referral) -> str:
        kind = frameworks.REFERRAL_KINDS.get(referral.kind)
        label = self.ctx.text(kind.label) if kind else referral.kind
        if referral.consent_handover:
            to = referral.handed_to or self.tr("(not yet handed over)")
            text = self.tr("{kind} — warm handover to {to}").format(kind=label, to=to)
        else:
            text = self.tr("{kind} — no warm handover").format(kind=label)
        return f"{text} ({referral.note})" if referral.note else text

    def _signal_text(self, signal: DomainSignal) -> str:
        target = frameworks.SIGNAL_TARGETS.get(signal.target)
        label = self.ctx.text(target.label) if target else signal.target
        text = f"{label} — {signal.legal_basis}"
        return f"{text} ({signal.note})" if signal.note else text
