"""Afronden: what is still missing (each line jumps there), then finalize; once finalized, the
fingerprint, what holds of the sealed visit (evidence_view) and its addenda (addenda)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.workspace.visits import STEPS as WORKFLOW_STEPS
from ui.errors import error_text
from ui.visit.addenda import AddendaPanel
from ui.visit.context import VisitContext, VisitState
from ui.visit.evidence_view import EvidencePanel
from ui.visit.forms import ConfirmBar, InlineMessage, fmt_moment, nav, small
from ui.visit.page import StepPage

LINK_ROLE = Qt.ItemDataRole.UserRole + 1
# The steps whose completeness the overview lists: every workflow step but this one.
STEPS = tuple(step for step in WORKFLOW_STEPS if step != "finalize")


class FinalizePage(StepPage):
    """The last step. ``before_finalize`` runs first (the view flushes pending edits there)."""

    step = "finalize"
    report_requested = Signal()

    def __init__(self, ctx: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent=parent)
        self.before_finalize = lambda: None
        self.later += [self._build_head, self._build_overview, self._build_actions]

    def _build_head(self) -> None:
        self.summary = QLabel()
        self.summary.setObjectName("finalize_summary")
        self.summary.setWordWrap(True)
        self.body.addWidget(self.summary)
        self._build_fingerprint()  # hidden until finalized; then first, with what holds and the addenda

    def _build_actions(self) -> None:
        box = QGroupBox(self.tr("Still missing before the visit can be finalized"))
        self.missing_box = box
        layout = QVBoxLayout(box)
        self.missing_list = QListWidget()
        self.missing_list.setObjectName("finalize_missing")
        self.missing_list.setAccessibleName(self.tr("Missing items; press Enter to go there"))
        self.missing_list.setProperty("visit_nav", True)
        self.missing_list.itemActivated.connect(self._open)
        self.missing_list.itemClicked.connect(self._open)
        layout.addWidget(self.missing_list)
        layout.addWidget(small(self.tr("Click an item (or press Enter) to go to the step where it is "
                                       "recorded.")))
        self.body.addWidget(box)
        self.complete = QLabel(self.tr("Everything required has been recorded. Check the steps once more, "
                                       "then finalize: the visit is locked as evidence and can only be "
                                       "corrected afterwards by an addendum."))
        self.complete.setObjectName("finalize_complete")
        self.complete.setWordWrap(True)
        self.body.addWidget(self.complete)
        row = QHBoxLayout()
        self.finalize_button = QPushButton(self.tr("Finalize and record"))
        self.finalize_button.setObjectName("finalize_button")
        self.finalize_button.clicked.connect(self._ask)
        row.addWidget(self.finalize_button)
        self.report_button = QPushButton(self.tr("View report"))
        self.report_button.setObjectName("view_report")
        self.report_button.clicked.connect(self.report_requested)
        row.addWidget(nav(self.report_button))
        row.addStretch(1)
        self.body.addLayout(row)
        self.confirm = ConfirmBar(self.tr("Finalize this visit now? Afterwards nothing can be changed; "
                                          "corrections go in an addendum."),
                                  self.tr("Yes, finalize"), "finalize_confirm")
        self.confirm.confirmed.connect(self.finalize)
        self.body.addWidget(self.confirm)
        self.message = InlineMessage()
        self.message.setObjectName("finalize_message")
        self.body.addWidget(self.message)
        self.body.addStretch(1)

    def _build_overview(self) -> None:
        box = QGroupBox(self.tr("Overview"))
        grid = QGridLayout(box)
        self.overview: dict[str, QLabel] = {}
        for row, step in enumerate(STEPS):
            button = QPushButton(self._step_name(step))
            button.setFlat(True)
            button.setStyleSheet("text-align: left; padding: 2px 4px;")
            button.setObjectName(f"overview_{step}")
            button.clicked.connect(lambda _=False, s=step: self.ctx.go(s))
            grid.addWidget(nav(button), row, 0)
            label = QLabel()
            label.setObjectName(f"overview_state_{step}")
            grid.addWidget(label, row, 1)
            self.overview[step] = label
        grid.setColumnStretch(1, 1)
        self.body.addWidget(box)

    def _fill_overview(self, state: VisitState) -> None:
        visit = state.visit
        refused = visit.consent.status == "refused"
        facts = {
            "preparation": self.tr("ground recorded") if visit.ground.is_complete() else "",
            "access": {"given": self.tr("consent given"), "refused": self.tr("access refused")}.get(
                visit.consent.status, ""),
            "checklist": self.tr("answers: {n}").format(
                n=len([a for a in state.answers.values() if a.value not in (None, "", [])])),
            "photos": self.tr("photos: {n}").format(n=len(state.photos)),
            "statement": self.tr("signed") if visit.statement.signed else "",
            "outcome": next((self.ctx.text(o.label) for o in state.template.outcomes
                             if o.code == visit.outcome), ""),
        }
        for step, label in self.overview.items():
            count = len(state.missing_for(step))
            if refused and step in ("checklist", "photos", "statement"):
                text, color = self.tr("not applicable (access refused)"), "#555"
            elif count:
                text, color = self.tr("missing: {n}").format(n=count), "#a4000f"
            else:
                text, color = "✓ " + self.tr("complete"), "#2f6f3a"
            fact = facts.get(step, "")
            label.setText(f"{text} · {fact}" if fact else text)
            label.setStyleSheet(f"color: {color};")

    def _build_fingerprint(self) -> None:
        self.fingerprint_box = QGroupBox(self.tr("Finalized"))
        layout = QVBoxLayout(self.fingerprint_box)
        self.finalized_label = QLabel()
        self.finalized_label.setObjectName("finalized_label")
        self.finalized_label.setWordWrap(True)
        layout.addWidget(self.finalized_label)
        layout.addWidget(QLabel(self.tr("Fingerprint (SHA-256) of the recorded content:")))
        self.fingerprint = QLineEdit()
        self.fingerprint.setObjectName("fingerprint")
        self.fingerprint.setAccessibleName(self.tr("Fingerprint"))
        self.fingerprint.setReadOnly(True)
        self.fingerprint.setProperty("visit_nav", True)
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.fingerprint.setFont(font)
        layout.addWidget(self.fingerprint)
        self.evidence = EvidencePanel()
        layout.addWidget(self.evidence)
        self.fingerprint_box.hide()
        self.body.addWidget(self.fingerprint_box)
        self.addenda_box = QGroupBox(self.tr("Addenda"))
        self.addenda_box.setObjectName("addenda_box")
        self.addenda = AddendaPanel(self.ctx)
        QVBoxLayout(self.addenda_box).addWidget(self.addenda)
        self.addenda_box.hide()
        self.body.addWidget(self.addenda_box)

    def _open(self, item: QListWidgetItem) -> None:
        step, item_id, room = item.data(LINK_ROLE)
        self.ctx.go(step, item_id, room)

    def _ask(self) -> None:
        self.message.clear_message()
        self.confirm.ask()

    def finalize(self) -> None:
        """Lock the visit (after confirmation); the core refuses and lists what is missing otherwise."""
        self.before_finalize()
        vid = self.ctx.visit_id
        self.finalize_button.setEnabled(False)

        def done(digest: str) -> None:
            self.fingerprint.setText(digest)
            self.fingerprint_box.show()

        def failed(exc: BaseException) -> None:
            self.finalize_button.setEnabled(True)
            self.message.show_message(error_text(exc))

        self.ctx.write(lambda ws: ws.visits.finalize(vid), on_done=done, on_error=failed)

    def apply_state(self, state: VisitState) -> None:
        visit = state.visit
        self._fill_overview(state)
        lines = [(m.message(self.ctx.lang), m.step, m.item_id, m.room) for m in state.missing]
        current = [self.missing_list.item(n).data(LINK_ROLE + 1) for n in range(self.missing_list.count())]
        if current != [line[0] for line in lines]:
            self.missing_list.clear()
            for text, step, item_id, room in lines:
                item = QListWidgetItem(f"{self._step_name(step)}: {text}", self.missing_list)
                item.setData(LINK_ROLE, (step, item_id, room))
                item.setData(LINK_ROLE + 1, text)
        locked = state.locked
        self.missing_box.setVisible(bool(lines) and not locked)
        self.complete.setVisible(not lines and not locked)
        self.finalize_button.setVisible(not locked)
        self.finalize_button.setEnabled(not lines and not locked)
        self.confirm.setVisible(self.confirm.isVisible() and not locked)
        if locked:
            self.fingerprint.setText(visit.fingerprint)
            self.finalized_label.setText(self.tr("Finalized on {when} by {who}.").format(
                when=fmt_moment(visit.finalized_at), who=visit.finalized_by))
            self.fingerprint_box.show()
            holds = state.evidence is None or state.evidence.verdict.ok
            self.summary.setText(self.tr("This visit is finalized and locked.") if holds else
                                 self.tr("Warning: this finalized visit does not pass the check; see "
                                         "below."))
            self.summary.setStyleSheet("" if holds else "color: #a4000f; font-weight: 600;")
            if state.evidence is not None:
                self.evidence.apply(state.evidence)
                self.addenda.apply(state.evidence.addenda)
            self.evidence.setVisible(state.evidence is not None)
            self.addenda_box.setVisible(state.evidence is not None)
        else:
            self.summary.setText(self.tr("Still missing: {n}").format(n=len(lines)) if lines else "")
        self.summary.setVisible(bool(self.summary.text()))

    def _step_name(self, step: str) -> str:
        names = {"preparation": self.tr("Preparation"), "access": self.tr("Access and consent"),
                 "checklist": self.tr("Checklist"), "photos": self.tr("Photos"),
                 "statement": self.tr("Statement"), "outcome": self.tr("Outcome"),
                 "finalize": self.tr("Finalize")}
        return names.get(step, step)
