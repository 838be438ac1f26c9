""""Alle overige punten n.v.t.": every open item of the checklist answered "niet van toepassing" in one
step, undoable, never touching an answered item; in the core, the report and the real widgets."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtWidgets import QLabel, QPushButton, QRadioButton

from inspector.templates import NOT_APPLICABLE
from tests.test_ui_visit import click, dutch, english, find, open_view, started  # noqa: F401 - fixtures

ROOMS = {"hal": "viewed", "woonkamer": "viewed"}  # the other rooms: not applicable


def values(ws, vid: str) -> dict[tuple[str, str], object]:
    return {(a.item_id, a.room): a.value for a in ws.visits.answers(vid)}


def test_marks_only_open_items_and_undo_restores_them(workspace) -> None:
    """Open items of the checklist and of every viewed room become n.v.t.; answered ones keep their
    answer; nothing checklist-related is missing after; undo opens exactly those marked, except one
    answered since."""
    ws = workspace
    vid = started(ws)
    tpl = ws.visits.template(ws.visits.get(vid))
    ws.visits.set_rooms(vid, {r.code: ROOMS.get(r.code, "not_applicable") for r in tpl.rooms})
    ws.visits.answer(vid, "voertuig", "ja")
    open_before = ws.checklist.unanswered(vid)
    assert ("voertuig", "") not in open_before and open_before
    assert any(room == "hal" for _, room in open_before) and not any(r == "keuken" for _, r in open_before)
    marked = ws.checklist.rest_not_applicable(vid)
    assert set(open_before) <= set(marked)
    after = values(ws, vid)
    assert after[("voertuig", "")] == "ja"
    assert all(after[key] == NOT_APPLICABLE for key in marked)
    assert ws.checklist.unanswered(vid) == []
    assert [m for m in ws.visits.missing(vid) if m.step == "checklist"] == []
    trail = ws.visits.audit_trail(ws.visits.answers(vid)[-1].id)
    assert trail and trail[-1]["actor"] == "Toezichthouder Test"  # each marked answer is audited
    answered_since = marked[0]
    ws.visits.answer(vid, answered_since[0], None, room=answered_since[1])
    ws.visits.answer(vid, answered_since[0], _some_answer(ws, vid, answered_since[0]), room=answered_since[1])
    assert ws.checklist.undo_not_applicable(vid, marked) == len(marked) - 1
    back = values(ws, vid)
    assert back[("voertuig", "")] == "ja"
    assert back[answered_since] not in (None, NOT_APPLICABLE)
    assert all(back[key] is None for key in marked if key != answered_since)


def _some_answer(ws, vid: str, item_id: str) -> object:
    item = ws.visits.template(ws.visits.get(vid)).item(item_id)
    return {"yesno": "nee", "number": 1, "text": "Gezien.", "date": "2026-11-20",
            "datetime": "2026-11-20T10:00"}.get(item.type) or \
        (item.options[0].code if item.type == "choice" else [item.options[0].code])


def test_one_room_only_and_the_report_says_niet_van_toepassing(workspace) -> None:
    """With a room, only that room's open items are marked; the report prints "niet van toepassing"."""
    ws = workspace
    vid = started(ws)
    tpl = ws.visits.template(ws.visits.get(vid))
    ws.visits.set_rooms(vid, {r.code: ROOMS.get(r.code, "not_applicable") for r in tpl.rooms})
    marked = ws.checklist.rest_not_applicable(vid, room="hal")
    assert marked and all(room == "hal" for _, room in marked)
    assert any(room == "woonkamer" for _, room in ws.checklist.unanswered(vid))
    pdf = ws.reports.build(vid)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "niet van toepassing" in text
    assert "not applicable" in " ".join(" ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(ws.reports.build(vid, "en"))).pages).split())


def test_the_checklist_button_marks_the_rest_and_undo_opens_them(qtbot, workspace, dutch) -> None:  # noqa: F811
    """Clicking "Alle overige punten n.v.t." marks the open items (each shows "n.v.t.") and leaves an
    answered item; "Ongedaan maken" opens them again; answering a marked item replaces n.v.t."""
    ws = workspace
    vid = started(ws)
    view = open_view(qtbot, ws, vid)
    view.go_to_step("checklist")
    click(qtbot, view, QRadioButton, "answer_voertuig_ja")
    button = find(view, QPushButton, "rest_not_applicable")
    assert button.text() == "Alle overige punten n.v.t."
    click(qtbot, view, QPushButton, "rest_not_applicable")
    marked = [k for k, v in values(ws, vid).items() if v == NOT_APPLICABLE]
    assert marked and values(ws, vid)[("voertuig", "")] == "ja"
    message = view.page("checklist").rest_message
    assert message.text() == f"{len(marked)} punten als n.v.t. gemarkeerd."
    item_id = next(i for i, room in marked if not room)
    label = find(view, QLabel, f"not_applicable_{item_id}")
    qtbot.waitUntil(label.isVisible)
    assert label.text() == "n.v.t." and not find(view, QLabel, "not_applicable_voertuig").isVisible()
    click(qtbot, view, QPushButton, "undo_not_applicable")
    assert [k for k, v in values(ws, vid).items() if v == NOT_APPLICABLE] == []
    assert values(ws, vid)[("voertuig", "")] == "ja"
    assert message.text() == f"{len(marked)} punten staan weer open."
    qtbot.waitUntil(lambda: not label.isVisible())
    click(qtbot, view, QPushButton, "rest_not_applicable")
    yesno = next(i for i, room in marked if not room and view.findChild(QRadioButton, f"answer_{i}_nee"))
    click(qtbot, view, QRadioButton, f"answer_{yesno}_nee")
    qtbot.waitUntil(lambda: values(ws, vid)[(yesno, "")] == "nee")
    assert not find(view, QLabel, f"not_applicable_{yesno}").isVisible()
