"""Vervolgacties in the outcome step: what is to be done after the visit, who does it, by when."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.model import FollowUp
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
        layout = QVBoxLayout(self)
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
        self.message.clear_message()

        def added(_result: object) -> None:
            for edit in (self.action, self.owner, self.due):
                edit.clear()

        self.ctx.write(lambda ws: ws.followups.add(vid, action, owner, due), on_done=added,
                       on_error=lambda exc: self.message.show_message(error_text(exc)))

    def _remove(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.ids):
            followup_id = self.ids[row]
            self.ctx.write(lambda ws: ws.followups.remove(followup_id),
                           on_error=lambda exc: self.message.show_message(error_text(exc)))
