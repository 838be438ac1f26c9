"""Rooms the checklist did not list: added to a visit with their kind's per-room items, recorded
(registry field, synced, checked by the server), frozen at finalizing, printed, removable without
losing an answer silently."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from inspector import records
from inspector.errors import ValidationError, WorkflowError
from inspector.workspace import Workspace
from tests.test_sync import finalized_visit, make_case, started_visit

pytest_plugins = ["tests.servers"]
CLIENT = "Demo A van den Berg"


def report_text(ws: Workspace, visit_id: str, lang: str = "nl") -> str:
    pdf = ws.reports.build(visit_id, lang)
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def per_room_items(ws: Workspace, visit_id: str, room: str) -> list[str]:
    tpl = ws.visits.template(ws.visits.get(visit_id))
    return [i.id for i in tpl.items if i.per_room and room not in i.not_in_rooms]


def test_an_added_room_gets_its_kinds_items_and_a_free_one_gets_them_all(workspace) -> None:
    """A second bathroom is not asked for beds (a bathroom is not); an attic room of no listed kind is;
    default names count on from the checklist's rooms; both are viewed rooms of the visit."""
    vid = started_visit(workspace, make_case(workspace).id)
    bath = workspace.visits.add_room(vid, "badkamer", viewed=True)
    workspace.visits.add_room(vid, "slaapkamer_1")
    attic = workspace.visits.add_room(vid, "", "Zolderkamer", viewed=True)
    visit = workspace.visits.get(vid)
    assert [(a.label, a.kind) for a in visit.added_rooms] == [
        ("Badkamer 2", "badkamer"), ("Slaapkamer 3", "slaapkamer_1"), ("Zolderkamer", "")]
    assert visit.rooms == {bath: "viewed", attic: "viewed"}
    assert per_room_items(workspace, vid, bath) == []
    assert per_room_items(workspace, vid, attic) == ["bedden_in_gebruik"]
    missing = [(m.item_id, m.room) for m in workspace.visits.missing(vid) if m.room in (bath, attic)]
    assert ("bedden_in_gebruik", attic) in missing and ("bedden_in_gebruik", bath) not in missing
    workspace.visits.set_room_openers(vid, {attic: CLIENT})
    assert workspace.visits.get(vid).room_openers == {attic: CLIENT}


@pytest.mark.parametrize(("kind", "label", "code", "nl", "en"), [
    ("", "  ", "room_label", "Geef de ruimte een naam of kies een soort ruimte.",
     "Give the room a name or choose a kind of room."),
    ("", "woonkamer", "room_exists", "Er is al een ruimte 'woonkamer'. Kies een andere naam (bijvoorbeeld "
     "met een nummer).", "There is already a room 'woonkamer'. Choose another name (for example with a "
     "number)."),
    ("", "x" * 81, "room_label", "De naam van een ruimte is hoogstens 80 tekens, zonder stuurtekens.",
     "A room's name is at most 80 characters, without control characters."),
])
def test_a_room_without_a_usable_name_is_refused_in_both_languages(workspace, kind, label, code, nl,
                                                                     en) -> None:
    """No name and no kind, a name another room has, or an overlong name: refused, nothing added."""
    vid = started_visit(workspace, make_case(workspace).id)
    with pytest.raises(ValidationError) as exc:
        workspace.visits.add_room(vid, kind, label)
    assert (exc.value.code, exc.value.nl, exc.value.en) == (code, nl, en)
    assert workspace.visits.get(vid).added_rooms == []


def test_removing_a_room_never_loses_an_answer_silently(workspace) -> None:
    """An empty added room goes at once; one with an answer only when the inspector confirms, and the
    discarded answer stays in the audit trail."""
    vid = started_visit(workspace, make_case(workspace).id)
    empty = workspace.visits.add_room(vid, "berging", viewed=True)
    workspace.visits.remove_room(vid, empty)
    assert workspace.visits.get(vid).added_rooms == []
    room = workspace.visits.add_room(vid, "", "Zolderkamer", viewed=True)
    workspace.visits.set_room_openers(vid, {room: CLIENT})
    workspace.visits.answer(vid, "bedden_in_gebruik", 2, room=room)
    with pytest.raises(WorkflowError) as exc:
        workspace.visits.remove_room(vid, room)
    assert exc.value.code == "room_has_answers" and "1 vragen beantwoord" in exc.value.nl
    assert workspace.visits.answer_map(vid)["bedden_in_gebruik"][room] == 2
    (answer,) = [a for a in workspace.visits.answers(vid) if a.room == room]
    workspace.visits.remove_room(vid, room, discard_answers=True)
    visit = workspace.visits.get(vid)
    assert (visit.added_rooms, room in visit.rooms, room in visit.room_openers) == ([], False, False)
    assert [a for a in workspace.visits.answers(vid) if a.room == room] == []
    assert workspace.visits.audit_trail(answer.id)[-1]["field"] == "deleted"
    with pytest.raises(ValueError):
        workspace.visits.remove_room(vid, "woonkamer")  # a room of the checklist is not removed


def test_an_added_room_is_frozen_printed_and_locked(workspace) -> None:
    """Its items must be answered before finalizing; the document holds it with its name, the report
    prints it (marked as not on the checklist) with who opened it and its answer; afterwards it can be
    neither added to nor removed."""
    case = make_case(workspace)
    added: dict[str, str] = {}

    def add_attic(vid: str) -> None:
        room = added["room"] = workspace.visits.add_room(vid, "", "Zolderkamer", viewed=True)
        openers = workspace.visits.get(vid).room_openers
        added["by"] = next(iter(openers.values()))  # the client as the demo visit names her
        workspace.visits.set_room_openers(vid, {**openers, room: added["by"]})
        with pytest.raises(WorkflowError):
            workspace.visits.finalize(vid, at="2026-10-01T10:00:00Z")  # beds in the attic room missing
        workspace.visits.answer(vid, "bedden_in_gebruik", 1, room=room, note="Matras op de vloer")

    vid = finalized_visit(workspace, case.id, add_attic)
    room = added["room"]
    doc = workspace.evidence.frozen(vid)
    (frozen,) = [r for r in doc["rooms"] if r["code"] == room]
    assert frozen == {"code": room, "label": {"nl": "Zolderkamer", "en": "Zolderkamer"}, "state": "viewed",
                      "added": True, "kind": ""}
    assert doc["visit"]["added_rooms"] == [{"code": room, "label": "Zolderkamer", "kind": ""}]
    text = report_text(workspace, vid)
    assert f"Zolderkamer (toegevoegd, niet in de checklist) bekeken {added['by']}" in text
    assert "Zolderkamer (toegevoegd, niet in de checklist) Bedden in gebruik" in text
    assert "Matras op de vloer" in text
    assert "Zolderkamer (added, not on the checklist)" in report_text(workspace, vid, "en")
    for attempt in (lambda: workspace.visits.add_room(vid, "berging"),
                    lambda: workspace.visits.remove_room(vid, room, discard_answers=True)):
        with pytest.raises(WorkflowError) as exc:
            attempt()
        assert exc.value.code == "visit_locked"
    assert workspace.evidence.verify(vid).state("fingerprint") == "ok"


def test_the_registry_refuses_a_broken_room_list() -> None:
    """What the server checks of every pushed visit: codes once each, a name that is one line."""
    ok = [{"code": "zolder-1a2b3c", "label": "Zolderkamer", "kind": ""}]
    records.validate("visits", {"added_rooms": json.dumps(ok)}, creating=False)
    for bad in ([ok[0], ok[0]], [{**ok[0], "label": " "}], [{**ok[0], "label": "a\u202eb"}],
                [{**ok[0], "code": "zolder kamer"}], [{**ok[0], "color": "red"}]):
        with pytest.raises(records.Invalid) as exc:
            records.validate("visits", {"added_rooms": json.dumps(bad)}, creating=False)
        assert exc.value.field == "added_rooms"


def test_an_added_room_syncs_and_the_server_refuses_a_broken_one(any_server, laptop) -> None:
    """A's added room with its answer reaches B through a real server; a visit whose room list breaks
    the registry is refused by the server and not stored."""
    from inspector.model import utc_now
    from inspector.sync import session
    from inspector.sync.client import SyncClient

    a = laptop(any_server.url)
    b = laptop(any_server.url, "toezichthouder-zuid-2", name="Toezichthouder Twee")
    case = make_case(a)
    vid = started_visit(a, case.id)
    room = a.visits.add_room(vid, "", "Zolderkamer", viewed=True)
    a.visits.answer(vid, "bedden_in_gebruik", 3, room=room)
    assert a.sync.run().rejected == 0
    b.sync.run()
    visit = b.visits.get(vid)
    assert [(r.code, r.label) for r in visit.added_rooms] == [(room, "Zolderkamer")]
    assert b.visits.answer_map(vid)["bedden_in_gebruik"][room] == 3
    row = b.repo.get("visits", vid)
    broken = {"entity": "visits", "id": vid, "case_id": case.id, "base_rev": row["rev"],
              "fields": {"added_rooms": json.dumps([{"code": "x y", "label": "", "kind": ""}])},
              "modified_at": utc_now(), "modified_by": "test"}
    with SyncClient(any_server.url, session.load_token(b.workspace_id)) as client:
        answer = client.push("broken-room-1", [broken])
    assert [r["status"] for r in answer["results"]] == ["rejected"]
    [stored] = [r for r in any_server.records("visits") if r["id"] == vid]
    assert json.loads(stored["data"]["added_rooms"]) == [{"code": room, "label": "Zolderkamer", "kind": ""}]
