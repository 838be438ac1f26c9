"""Vervolgacties in the outcome step: what is to be done after the visit, who does it, by when."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.model import FollowUp
from inspector.workspace import Workspace
from ui.errors import error_text
from ui.visit.context import VisitContext
from ui.visit.forms import InlineMessage, fmt_date, line_edit


class FollowUpBox(QGroupBox):
    """The visit's follow-up actions as a list, with a small form to add one and a remove button. They
    freeze with the visit (the page turns read-only once it is finalized)."""

    def __init__(self, ctx: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Follow-up actions"))
        self.setObjectName("followups")
        self.ctx = ctx
        self.ids: list[str] = []
        self._converting = False
        layout = QVBoxLayout(self)
        self._build_earlier(layout)
        self.list = QListWidget()
        self.list.setObjectName("followup_list")
        self.list.setAccessibleName(self.tr("Follow-up actions"))
        self.list.setMaximumHeight(96)
        layout.addWidget(self.list)
        form = QFormLayout()
        self.action = line_edit("followup_action", self.tr("Follow-up action"),
                                self.tr("e.g. request the lease from the landlord"))
        self.owner = line_edit("followup_owner", self.tr("Who carries it out"),
                               self.tr("a person or a team"))
        self.due = line_edit("followup_due", self.tr("Due date"), self.tr("dd-mm-yyyy"))
        self.due.setMaximumWidth(160)
        form.addRow(self.tr("Action:"), self.action)
        form.addRow(self.tr("Who:"), self.owner)
        form.addRow(self.tr("Due:"), self.due)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add follow-up action"))
        self.add_button.setObjectName("followup_add")
        self.add_button.clicked.connect(self._add)
        self.remove_button = QPushButton(self.tr("Remove selected action"))
        self.remove_button.setObjectName("followup_remove")
        self.remove_button.clicked.connect(self._remove)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message = InlineMessage()
        layout.addWidget(self.message)

    def _build_earlier(self, layout: QVBoxLayout) -> None:
        """The single follow-up date (and note) a visit could have before follow-up actions existed: kept
        as recorded and shown read-only; the inspector may turn it into an action (choosing who)."""
        self.earlier = QWidget()
        self.earlier.setObjectName("followup_earlier")
        row = QHBoxLayout(self.earlier)
        row.setContentsMargins(0, 0, 0, 0)
        self.earlier_label = QLabel()
        self.earlier_label.setObjectName("followup_earlier_text")
        self.earlier_label.setWordWrap(True)
        self.earlier_label.setStyleSheet("color: #5a4a00;")
        row.addWidget(self.earlier_label, 1)
        self.convert_button = QPushButton(self.tr("Make it a follow-up action…"))
        self.convert_button.setObjectName("followup_convert")
        self.convert_button.setToolTip(self.tr("Fills in the form below with this date and note; choose who "
                                               "carries it out and add it. The earlier date is then cleared "
                                               "(the audit trail keeps it)."))
        self.convert_button.clicked.connect(self._convert)
        row.addWidget(self.convert_button)
        self.earlier.hide()
        layout.addWidget(self.earlier)
        self._earlier = ("", "")

    def show_earlier(self, date: str, note: str) -> None:
        """Show the visit's earlier single follow-up date and note (hidden when there is none)."""
        self._earlier = (date, note)
        self.earlier.setVisible(bool(date or note))
        when = fmt_date(date) if date else self.tr("no date")
        text = self.tr("Follow-up recorded earlier (one date, before follow-up actions): {when}").format(
            when=when) + (f" – {note}" if note else "")
        self.earlier_label.setText(text)
        if not (date or note):
            self._converting = False

    def _convert(self) -> None:
        date, note = self._earlier
        self.action.setText(note or self.tr("Follow-up"))
        self.due.setText(fmt_date(date) if date else "")
        self._converting = True
        self.message.show_message(self.tr("Enter who carries it out, then add the action."))
        self.owner.setFocus()

    def show_actions(self, actions: list[FollowUp]) -> None:
        lines = [self.tr("{due} — {action} ({owner})").format(due=fmt_date(f.due_date), action=f.action,
                                                              owner=f.owner) for f in actions]
        if [self.list.item(n).text() for n in range(self.list.count())] == lines:
            return
        row = self.list.currentRow()
        self.list.clear()
        for line in lines:
            QListWidgetItem(line, self.list)
        self.list.setCurrentRow(min(row, self.list.count() - 1))
        self.ids = [f.id for f in actions]

    def _add(self) -> None:
        action, owner, due, vid = self.action.text(), self.owner.text(), self.due.text(), self.ctx.visit_id
        converting = self._converting
        self.message.clear_message()

        def add(ws: Workspace) -> object:
            added = ws.followups.add(vid, action, owner, due)
            if converting:  # the earlier date now lives in the action; the audit trail keeps the old value
                ws.visits.set_followup(vid, "", "")
            return added

        def added(_result: object) -> None:
            self._converting = False
            for edit in (self.action, self.owner, self.due):
                edit.clear()

        self.ctx.write(add, on_done=added, on_error=lambda exc: self.message.show_message(error_text(exc)))

    def _remove(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.ids):
            followup_id = self.ids[row]
            self.ctx.write(lambda ws: ws.followups.remove(followup_id),
                           on_error=lambda exc: self.message.show_message(error_text(exc)))
