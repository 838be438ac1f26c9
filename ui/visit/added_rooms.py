"""Rooms the checklist did not list: adding one (a kind of room of the checklist, or a room with a name
of its own) and removing one again without losing an answer silently."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from inspector import templates
from inspector.model import ConsentStatus
from ui.errors import error_text
from ui.visit.context import VisitContext, VisitState
from ui.visit.forms import ConfirmBar, InlineMessage, line_edit

OTHER = ""  # the kind of a room of no listed kind: it is asked every per-room item


class RoomAdder(QWidget):
    """'Add a room': its kind (from the checklist's rooms, or another room) and its name, which starts
    as the kind's name with the next number ("Badkamer 2")."""

    def __init__(self, ctx: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("room_adder")
        self.template: templates.Template | None = None
        self._kinds: tuple[str, ...] = ()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 4, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Add a room the checklist does not list:")))
        self.kind = QComboBox()
        self.kind.setObjectName("room_add_kind")
        self.kind.setAccessibleName(self.tr("Kind of room to add"))
        self.kind.currentIndexChanged.connect(self._suggest)
        row.addWidget(self.kind)
        self.name = line_edit("room_add_name", self.tr("Name of the room to add"))
        self.name.setMaxLength(80)
        self.name.returnPressed.connect(self.add)
        row.addWidget(self.name, 1)
        self.button = QPushButton(self.tr("Add room"))
        self.button.setObjectName("room_add")
        self.button.clicked.connect(self.add)
        row.addWidget(self.button)
        outer.addLayout(row)
        self.message = InlineMessage()
        self.message.setObjectName("room_add_message")
        outer.addWidget(self.message)

    def apply(self, state: VisitState) -> None:
        """The kinds of the checklist's own rooms (an added room is not a kind)."""
        self.template = state.template
        added = {a.code for a in state.visit.added_rooms}
        kinds = tuple(r.code for r in state.template.rooms if r.code not in added)
        if kinds == self._kinds:
            self._suggest()
            return
        self._kinds = kinds
        self.kind.blockSignals(True)
        self.kind.clear()
        for room in state.template.rooms:
            if room.code in kinds:
                self.kind.addItem(self.ctx.text(room.label), room.code)
        self.kind.addItem(self.tr("Other room (name beside it)"), OTHER)
        self.kind.blockSignals(False)
        self._suggest()

    def _suggest(self) -> None:
        kind = self.kind.currentData()
        if self.template is None or kind is None:
            return
        self.name.setPlaceholderText(templates.next_room_label(self.template, kind, self.ctx.lang) if kind
                                     else self.tr("e.g. attic room, second storage room"))

    def add(self) -> None:
        state = self.ctx.state
        if state is None or self.template is None:
            return
        kind = str(self.kind.currentData() or OTHER)
        name = self.name.text().strip() or (templates.next_room_label(self.template, kind, self.ctx.lang)
                                             if kind else "")
        viewed = state.visit.consent.status == ConsentStatus.GIVEN.value  # found while looking around
        vid = self.ctx.visit_id
        self.message.clear_message()

        def added(_code: object) -> None:
            self.name.clear()
            self.message.show_message(self.tr("Room '{name}' added; its items are in the checklist.").format(
                name=name) if viewed else self.tr("Room '{name}' added.").format(name=name))

        self.ctx.write(lambda ws: ws.visits.add_room(vid, kind, name, viewed=viewed), on_done=added,
                       on_error=lambda exc: self.message.show_message(error_text(exc)))


class RoomRemover(ConfirmBar):
    """Removes an added room: at once while nothing was answered in it; otherwise only after the
    inspector confirms that its answers lapse (they stay in the audit trail)."""

    def __init__(self, ctx: VisitContext, message: InlineMessage, parent: QWidget | None = None) -> None:
        super().__init__("", QCoreApplication.translate("visit", "Remove room and its answers"),
                         "room_remove_confirm", parent)
        self.ctx, self.message = ctx, message
        self._code = ""
        self.confirmed.connect(lambda: self._remove(self._code, True))

    def ask_for(self, code: str, label: str) -> None:
        state = self.ctx.state
        if state is None:
            return
        answered = sum(1 for (_item, room), a in state.answers.items() if room == code
                       and (a.value not in (None, "", []) or a.note.strip()))
        if not answered:
            self._remove(code, False)
            return
        self._code = code
        self.label.setText(QCoreApplication.translate(
            "visit", "{n} items were answered or noted in '{room}'. Removing the room discards those "
                     "answers (the audit trail keeps them).").format(n=answered, room=label))
        self.ask()

    def _remove(self, code: str, discard: bool) -> None:
        vid = self.ctx.visit_id
        self.ctx.write(lambda ws: ws.visits.remove_room(vid, code, discard_answers=discard),
                       on_error=lambda exc: self.message.show_message(error_text(exc)))
