"""Checklist: the template's items by type, with live skip logic and per-room items."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from inspector import templates
from inspector.model import Changes, ConsentStatus, RoomState, VisitStatus
from ui.errors import error_text
from ui.visit.context import VisitContext, VisitState
from ui.visit.forms import InlineMessage, set_read_only, small
from ui.visit.items import ItemEditor
from ui.visit.page import StepPage


class ChecklistPage(StepPage):
    """Items appear and disappear as answers change; per-room items repeat for every viewed room."""

    step = "checklist"
    photos_requested = Signal(str)  # item id

    def __init__(self, ctx: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent=parent)
        self.notice = InlineMessage(kind="info")
        self.notice.setObjectName("checklist_notice")
        self.body.addWidget(self.notice)
        self.body.addWidget(small(self.tr("Items marked * are required. Record facts, not judgements; "
                                          "the regulation each item rests on is shown under it.")))
        self._build_rest_row()
        self.editors: dict[tuple[str, str], ItemEditor] = {}
        self.slots: dict[str, QVBoxLayout] = {}
        self.placeholders: dict[str, QLabel] = {}
        self.answers: dict[str, Any] = {}
        self.template: templates.Template | None = None
        self.rooms: tuple[str, ...] = ()
        self._room_labels: dict[str, str] = {}
        self._photo_counts: dict[str, int] = {}
        self._end_stretch = False
        self._building = False

    # --- building -------------------------------------------------------------------------
    def _build_rest_row(self) -> None:
        """"Alle overige punten n.v.t.": one click for the rest of the step, with an undo."""
        row = QHBoxLayout()
        self.rest_button = QPushButton(self.tr("All remaining items n/a"))
        self.rest_button.setObjectName("rest_not_applicable")
        self.rest_button.setToolTip(self.tr("Answer every item that is still open \"not applicable\". "
                                            "Answered items stay as they are."))
        self.rest_button.clicked.connect(self._mark_rest)
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setObjectName("undo_not_applicable")
        self.undo_button.clicked.connect(self._undo_rest)
        self.undo_button.hide()
        self.rest_message = InlineMessage(kind="info")
        self.rest_message.setObjectName("rest_message")
        row.addWidget(self.rest_button)
        row.addWidget(self.undo_button)
        row.addWidget(self.rest_message, 1)
        self.body.addLayout(row)
        self._marked: list[tuple[str, str]] = []

    def _mark_rest(self) -> None:
        self.flush()  # what is being typed is saved first (the DB lane keeps the order): it is answered
        vid = self.ctx.visit_id

        def done(marked: list[tuple[str, str]]) -> None:
            self._marked = marked
            self.undo_button.setVisible(bool(marked))
            self.rest_message.show_message(
                self.tr("No open items: nothing was changed.") if not marked
                else self.tr("1 item marked not applicable.") if len(marked) == 1
                else self.tr("{n} items marked not applicable.").format(n=len(marked)))

        self.ctx.write(lambda ws: ws.checklist.rest_not_applicable(vid), on_done=done,
                       on_error=lambda exc: self.rest_message.show_message(error_text(exc)),
                       changes=Changes.ANSWERS)

    def _undo_rest(self) -> None:
        marked, vid = list(self._marked), self.ctx.visit_id

        def done(undone: int) -> None:
            self._marked = []
            self.undo_button.hide()
            self.rest_message.show_message(self.tr("1 item open again.") if undone == 1
                                           else self.tr("{n} items open again.").format(n=undone))

        self.ctx.write(lambda ws: ws.checklist.undo_not_applicable(vid, marked), on_done=done,
                       on_error=lambda exc: self.rest_message.show_message(error_text(exc)),
                       changes=Changes.ANSWERS)

    def _build(self, state: VisitState) -> None:
        """Each item's slot and editors a few at a time (a 40-row checklist built in one go froze the
        window for a quarter of a second), in the template's order; then the state is shown."""
        tpl = self.template = state.template
        self._room_labels = {r.code: self.ctx.text(r.label) for r in tpl.rooms}
        rooms = self._viewed(state)
        jobs: list[Any] = []
        for item in tpl.items:
            jobs.append(partial(self._add_slot, item))
            if item.per_room:
                jobs += [partial(self._add_shown, item, room) for room in rooms
                         if room not in item.not_in_rooms]
            else:
                jobs.append(partial(self._add_shown, item, ""))
        self._building = True
        self.ctx.slices.run(jobs, partial(self._built, rooms))

    def _add_slot(self, item: templates.Item) -> None:
        """The place of an item on the page (its editors go in it; a per-room item says where its rooms
        come from while none is viewed)."""
        slot = QWidget()
        slot.setObjectName(f"slot_{item.id}")
        layout = QVBoxLayout(slot)
        layout.setContentsMargins(0, 0, 0, 0)
        self.slots[item.id] = layout
        if item.per_room:
            placeholder = small(self.tr("{item}: asked per room. Mark rooms as viewed under Access "
                                        "first.").format(item=self.ctx.text(item.label)))
            layout.addWidget(placeholder)
            self.placeholders[item.id] = placeholder
        slot.hide()  # shown with its first editor: showing (polishing) 40 at once froze the window
        self.body.addWidget(slot)

    def _add_shown(self, item: templates.Item, room: str) -> None:
        """One editor made, filled and shown in its turn (filling and showing all 40 at the end took
        as long as building them)."""
        editor = self._add_editor(item, room)
        state = self.ctx.state
        if state is not None:
            editor.apply_answer(state.answers.get((item.id, room)))
            self._put(self.answers, item.id, room, editor.value())
        self.update_visibility([editor])
        self.slots[item.id].parentWidget().show()

    def _built(self, rooms: tuple[str, ...]) -> None:
        self._building = False
        self.body.addStretch(1)
        self.rooms = rooms
        self._order_tabs()
        if self.ctx.state is not None:
            self.shown_state = None  # shown only in part while building
            self._on_state(self.ctx.state)  # the newest state, also one that came while building

    @property
    def building(self) -> bool:
        return self.template is None or self._building

    @staticmethod
    def _viewed(state: VisitState) -> tuple[str, ...]:
        """The rooms marked viewed, in template order (rooms the template does not list last)."""
        visit = state.visit
        order = [r.code for r in state.template.rooms]
        viewed = tuple(c for c in order if visit.rooms.get(c) == RoomState.VIEWED.value)
        return viewed + tuple(sorted(c for c, s in visit.rooms.items() if s == RoomState.VIEWED.value
                                     and c not in order))

    def _add_editor(self, item: templates.Item, room: str) -> ItemEditor:
        editor = ItemEditor(self.ctx, item, room, self._room_labels.get(room, ""))
        editor.value_changed.connect(self._on_value)
        editor.photos_requested.connect(self.photos_requested)
        self.slots[item.id].addWidget(editor)
        self.editors[(item.id, room)] = editor
        if self.read_only:
            set_read_only(editor, True)
        return editor

    def _sync_rooms(self, rooms: tuple[str, ...]) -> None:
        """Per-room editors for exactly the rooms marked viewed (in template order)."""
        assert self.template is not None
        if rooms == self.rooms:
            return
        self.rooms = rooms
        for item in (i for i in self.template.items if i.per_room):
            asked = [r for r in rooms if r not in item.not_in_rooms]  # no beds asked in the hall
            for (item_id, room), editor in list(self.editors.items()):
                if item_id == item.id and room not in asked:
                    editor.save.flush()
                    del self.editors[(item_id, room)]
                    editor.setParent(None)
                    editor.deleteLater()
            for room in asked:
                if (item.id, room) not in self.editors:
                    self._add_editor(item, room)
            # keep the template's room order inside the slot
            layout = self.slots[item.id]
            for room in asked:
                editor = self.editors[(item.id, room)]
                layout.removeWidget(editor)
                layout.addWidget(editor)
        self._order_tabs()

    def _order_tabs(self) -> None:
        """Tab goes through the items as they stand on the page: per-room items where they are shown,
        not after everything else (Qt's default order is the order the widgets were made)."""
        assert self.template is not None
        chain: list[QWidget] = []
        for item in self.template.items:
            rooms = self.rooms if item.per_room else ("",)
            for room in rooms:
                editor = self.editors.get((item.id, room))
                if editor is not None:
                    chain += [w for w in editor.findChildren(QWidget)
                              if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.focusProxy() is None]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # --- showing --------------------------------------------------------------------------
    def apply_state(self, state: VisitState) -> None:
        if self.template is None:
            self._build(state)
        if self._building:
            return  # shown when the editors are built
        visit = state.visit
        self.template = state.template  # with the rooms added to the visit (their labels, their items)
        self._room_labels = {r.code: self.ctx.text(r.label) for r in state.template.rooms}
        self._sync_rooms(self._viewed(state))
        answers: dict[str, Any] = {k: (dict(v) if isinstance(v, dict) else v)
                                   for k, v in state.answer_map.items()}
        for (item_id, room), editor in self.editors.items():
            editor.apply_answer(state.answers.get((item_id, room)))
            if editor.save.busy:  # what the user is typing counts for the skip logic
                self._put(answers, item_id, room, editor.value())
        self.answers = answers
        counts: dict[str, int] = {}
        for photo in state.photos:
            if photo.item_id:
                counts[photo.item_id] = counts.get(photo.item_id, 0) + 1
        self._photo_counts = counts
        for (item_id, _room), editor in self.editors.items():
            editor.set_photo_count(counts.get(item_id, 0))
        if visit.status == VisitStatus.PLANNED.value:
            self.notice.show_message(self.tr("Start the visit first (Preparation)."))
        elif visit.consent.status == ConsentStatus.REFUSED.value:
            self.notice.show_message(self.tr("Access was refused: the checklist does not apply."))
        else:
            self.notice.clear_message()
        self.update_visibility()

    @staticmethod
    def _put(answers: dict[str, Any], item_id: str, room: str, value: Any) -> None:
        if room:
            per_room = answers.get(item_id)
            per_room = dict(per_room) if isinstance(per_room, dict) else {}
            per_room[room] = value
            answers[item_id] = per_room
        else:
            answers[item_id] = value

    def _on_value(self, item_id: str, room: str, value: Any) -> None:
        self._put(self.answers, item_id, room, value)
        self.update_visibility()

    def update_visibility(self, only: list[ItemEditor] | None = None) -> None:
        """Show the items that are asked given the answers on screen; mark the unanswered required ones
        (``only``: just these editors, while the page is being built)."""
        tpl = self.template
        if tpl is None:
            return
        ids = templates.relevant_ids(tpl, self.answers)
        effective = {k: v for k, v in self.answers.items() if k in ids}
        rooms = self.rooms if only is None else tuple({e.room for e in only if e.room} | set(self.rooms))
        missing = {(i, r or "") for i, r in templates.missing_required(tpl, self.answers, rooms)}
        if only is not None:
            for editor in only:
                shown = editor.item.id in ids and (not editor.room or templates.is_relevant(
                    editor.item, effective, editor.room))
                editor.setVisible(shown)
                editor.set_missing(shown and (editor.item.id, editor.room) in missing)
            return
        for (item_id, room), editor in self.editors.items():
            item = editor.item
            shown = item_id in ids and (not room or templates.is_relevant(item, effective, room))
            editor.setVisible(shown)
            editor.set_missing(shown and (item_id, room) in missing)
        for item_id, placeholder in self.placeholders.items():
            placeholder.setVisible(item_id in ids and not self.rooms)
        shown_slots = {item_id for (item_id, _room), e in self.editors.items() if not e.isHidden()}
        shown_slots |= {item_id for item_id, p in self.placeholders.items() if not p.isHidden()}
        for item_id, layout in self.slots.items():
            layout.parentWidget().setVisible(item_id in shown_slots)  # no gaps for skipped items

    # --- navigation and saving ------------------------------------------------------------
    def editor(self, item_id: str, room: str = "") -> ItemEditor | None:
        return self.editors.get((item_id, room or ""))

    def focus_item(self, item_id: str, room: str = "") -> bool:
        """Scroll to an item (for one room) and put the keyboard focus on it."""
        editor = self.editor(item_id, room)
        if editor is None or not editor.isVisibleTo(self):
            slot = self.slots.get(item_id)
            if slot is None:
                return False
            self.scroll.ensureWidgetVisible(slot.parentWidget())
            return False
        self.scroll.ensureWidgetVisible(editor, 20, 40)
        editor.focus_input()
        return True

    def flush(self) -> None:
        super().flush()
        for editor in self.editors.values():
            editor.save.flush()
