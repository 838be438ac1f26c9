"""Conflicts of a finalized visit: readable names and values, and settling one by an addendum.

A finalized visit no longer changes, so its conflicts are not decided by "keep mine": the inspector
notes them as seen, or records the other value in an addendum (``ws.sync.to_addendum``). For that the
conflict must be readable: ``load_details`` (on the DB lane) names a checklist answer by its question
(and room) and shows its values as the checklist does, and says what the finalized visit holds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFormLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from inspector.errors import InspectorError
from inspector.model import Changes

from .dialog_base import TaskDialog
from .forms import FieldErrors

if TYPE_CHECKING:
    from inspector import templates
    from inspector.workspace import Workspace
    from inspector.workspace.sync import ConflictRow

    from .bus import Bus
    from .tasks import TaskRunner

YESNO = {"ja": ("ja", "yes"), "nee": ("nee", "no"), "onbekend": ("onbekend", "unknown")}


@dataclass(frozen=True)
class ConflictDetail:
    """A conflict of a checklist answer as the inspector knows it."""

    field: str  # the question, with its room for a per-room item
    mine: str  # the value on this laptop's side of the conflict, readable ("" when none)
    theirs: str  # the other side's value, readable
    kept: str  # what the finalized visit holds now


def load_details(ws: Workspace, rows: list[ConflictRow], lang: str) -> dict[str, ConflictDetail]:
    """Readable details of the conflicts on answers of finalized visits, by conflict id (DB lane).

    What the visit holds comes from its frozen document (what its report prints), not from the live
    answers, which a sync may have reshuffled around it.
    """
    # A conflict on a whole answer record carries its item and room; a field conflict on the same
    # record (which may no longer be live here) is named by it.
    whole = {row.entity_id: (row.server_value if isinstance(row.server_value, dict) else row.local_value)
             for row in rows if row.entity == "answers" and row.field == "*"}
    out: dict[str, ConflictDetail] = {}
    for row in rows:
        if row.entity != "answers" or not row.visit_id:
            continue
        try:
            visit = ws.visits.get(row.visit_id)
            tpl = ws.visits.template(visit)
            doc = ws.evidence.frozen(visit.id)
        except InspectorError:
            continue
        live = [{"id": a.id, "item_id": a.item_id, "room": a.room, "value": a.value}
                for a in ws.visits.answers(visit.id)]
        sealed = doc.get("answers", []) if doc is not None else live
        mine, theirs = row.local_value, row.server_value
        if row.field == "*":
            mine = mine.get("value") if isinstance(mine, dict) else None
            theirs = theirs.get("value") if isinstance(theirs, dict) else None
        record = whole.get(row.entity_id) or next((a for a in live if a["id"] == row.entity_id), None)
        if not isinstance(record, dict):
            continue
        item_id, room = str(record.get("item_id") or ""), str(record.get("room") or "")
        item = next((i for i in tpl.items if i.id == item_id), None)
        if item is None:
            continue
        kept = next((a.get("value") for a in sealed if a.get("item_id") == item_id
                     and (a.get("room") or "") == room), None)
        label = item.label.get(lang)
        room_label = next((r.label.get(lang) for r in tpl.rooms if r.code == room), room)
        out[row.id] = ConflictDetail(f"{label} ({room_label})" if room else label,
                                     _answer_text(item, mine, lang), _answer_text(item, theirs, lang),
                                     _answer_text(item, kept, lang))
    return out


def _answer_text(item: templates.Item, value: Any, lang: str) -> str:
    """An answer value as the checklist shows it: option labels, lists joined, empty as ""."""
    if isinstance(value, str) and value[:1] in '"[{':  # the stored JSON text of the value column
        try:
            value = json.loads(value)
        except ValueError:
            pass
    if value is None or value == "" or value == []:
        return ""
    values = value if isinstance(value, list) else [value]
    labels = {o.code: o.label.get(lang) for o in item.options}
    shown = []
    for v in values:
        if item.type == "yesno" and str(v) in YESNO:
            shown.append(YESNO[str(v)][lang == "en"])
        else:
            shown.append(labels.get(str(v), str(v)))
    return ", ".join(shown)


class AddendumDialog(TaskDialog):
    """Settle a conflict of a finalized visit by an addendum: the text (prefilled, editable), then OK."""

    closes_while_busy = False

    def __init__(self, workspace: Workspace, runner: TaskRunner, bus: Bus, conflict_id: str, intro: str,
                 text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.runner, self.bus, self.conflict_id = workspace, runner, bus, conflict_id
        self.setWindowTitle(self.tr("Addendum to the finalized visit"))
        self.setMinimumWidth(560)
        lay = QVBoxLayout(self)
        head = QLabel(intro)
        head.setWordWrap(True)
        lay.addWidget(head)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.errors = FieldErrors(form)
        self.text = QPlainTextEdit(text)
        self.text.setObjectName("conflict_addendum_text")
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(110)
        self.errors.add_row("text", self.tr("&Text of the addendum (edit it as needed)"), self.text)
        lay.addLayout(form)
        self._add_general_error(lay)
        self._add_buttons(lay, self.tr("&Record addendum"))
        self.text.setFocus()

    def _submit(self) -> None:
        self.errors.clear()
        self.general_error.setVisible(False)
        ws, conflict_id, text = self.ws, self.conflict_id, self.text.toPlainText()
        self._set_busy(True)
        self.runner.run_db(lambda: ws.sync.to_addendum(conflict_id, text), self._done, self._failed)

    def _set_busy(self, busy: bool) -> None:
        super()._set_busy(busy)
        self.text.setReadOnly(busy)

    def _done(self, changes: Changes) -> None:
        self.bus.emit_changes(changes)
        self._finish()
