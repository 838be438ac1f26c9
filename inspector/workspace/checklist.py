"""``ws.checklist``: "alle overige punten n.v.t." — every unanswered item of the checklist (or of one
room) answered "niet van toepassing" in one step, and undone again, never touching an answered item."""

from __future__ import annotations

from typing import Any

from .. import templates
from ..model import RoomState
from ..templates import NOT_APPLICABLE
from .part import Part

Key = tuple[str, str]  # (item id, room code; "" for an item asked once per visit)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


class Checklist(Part):
    def unanswered(self, visit_id: str, room: str | None = None) -> list[Key]:
        """The items asked now (skip logic applied) that have no answer: of the whole checklist (general
        items and every viewed room), or, with ``room``, of that room only; in template order."""
        visits = self.ws.visits
        visit = visits.get(visit_id)
        tpl = visits.template(visit)
        amap = visits.answer_map(visit_id)
        asked = templates.relevant_ids(tpl, amap)
        effective = {k: v for k, v in amap.items() if k in asked}
        viewed = [r.code for r in tpl.rooms if visit.rooms.get(r.code) == RoomState.VIEWED.value]
        rooms = viewed if room is None else [r for r in viewed if r == room]
        out: list[Key] = []
        for item in (i for i in tpl.items if i.id in asked):
            if item.per_room:
                stored = amap.get(item.id)
                given: dict[str, Any] = stored if isinstance(stored, dict) else {}
                out += [(item.id, r) for r in rooms
                        if templates.is_relevant(item, effective, r) and _empty(given.get(r))]
            elif room is None and _empty(amap.get(item.id)):
                out.append((item.id, ""))
        return out

    def rest_not_applicable(self, visit_id: str, room: str | None = None) -> list[Key]:
        """Answer every unanswered item "n.v.t." (see ``unanswered``) in one transaction, including items
        that become asked because of it; returns what was marked (for ``undo_not_applicable``)."""
        marked: list[Key] = []
        with self.repo.transaction():
            while todo := [k for k in self.unanswered(visit_id, room) if k not in marked]:
                for item_id, item_room in todo:
                    self.ws.visits.answer(visit_id, item_id, NOT_APPLICABLE, room=item_room)
                marked += todo
        return marked

    def undo_not_applicable(self, visit_id: str, marked: list[Key]) -> int:
        """Take back a ``rest_not_applicable``: each of ``marked`` still answered "n.v.t." becomes
        unanswered again; an item answered since is left as it is. Returns how many were taken back."""
        current = {(a.item_id, a.room): a.value for a in self.ws.visits.answers(visit_id)}
        undone = 0
        with self.repo.transaction():
            for item_id, room in marked:
                if current.get((item_id, room)) == NOT_APPLICABLE:
                    self.ws.visits.answer(visit_id, item_id, None, room=room)
                    undone += 1
        return undone
