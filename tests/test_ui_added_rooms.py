"""The visit window with a room the checklist did not list: added under Access, answered in the
checklist, finalized and printed; removed again when empty, and only after confirming when answered."""

from __future__ import annotations

import io
import random
from datetime import UTC, datetime

from pypdf import PdfReader
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QRadioButton

from inspector import demo, templates
from inspector.workspace import Workspace
from tests.test_sync import make_case, signature
from tests.test_ui_visit import click, dutch, english, find, open_view, started, type_into  # noqa: F401


def almost_done(ws: Workspace) -> str:
    """A complete S1 visit (the demo's story, with a signed statement), not yet finalized."""
    visit = ws.visits.plan(make_case(ws).id, "S1", "2026-10-01T09:00")
    demo._run_visit(ws, visit.id, templates.get_template("S1"), datetime(2026, 10, 1, 9, 0, tzinfo=UTC),  # noqa: SLF001
                    random.Random(7), photos=False, refuse=False)
    statement = ws.visits.get(visit.id).statement
    ws.visits.record_statement(visit.id, statement.text, read_back=True, signed=True,
                               signature_png=signature(), copy_given=True)
    return visit.id


def add_room(qtbot, view, kind: str, name: str = "") -> None:
    combo = find(view, QComboBox, "room_add_kind")
    combo.setCurrentIndex(combo.findData(kind))
    if name:
        type_into(qtbot, view, QLineEdit, "room_add_name", name)
    click(qtbot, view, QPushButton, "room_add")


def test_add_a_room_answer_it_finalize_and_the_report_prints_it(qtbot, workspace, dutch):  # noqa: F811
    """An attic room found on the walk-through: added (viewed), who opened it chosen, its beds answered
    in the checklist; finalizing is refused until then; the report prints the room and its answer; the
    finalized visit offers no adding or removing any more."""
    ws = workspace
    vid = almost_done(ws)
    view = open_view(qtbot, ws, vid)
    view.go_to_step("access")
    add_room(qtbot, view, "", "Zolderkamer")
    (room,) = ws.visits.get(vid).added_rooms
    assert (room.label, ws.visits.get(vid).rooms[room.code]) == ("Zolderkamer", "viewed")
    assert "Zolderkamer" in find(view, QLabel, "room_add_message").text()
    assert find(view, QRadioButton, f"room_{room.code}_viewed").isChecked()
    opener = find(view, QComboBox, f"room_{room.code}_opener")
    client = ws.visits.get(vid).present[0].name
    opener.setCurrentIndex(opener.findText(client))
    opener.activated.emit(opener.currentIndex())
    assert ws.visits.get(vid).room_openers[room.code] == client

    view.go_to_step("finalize")
    assert view.missing_count("checklist") == 1  # the beds in the new room
    view.go_to_step("checklist")
    editor = view.page("checklist").editor("bedden_in_gebruik", room.code)
    assert "Zolderkamer" in editor.label_text
    spin = editor.spin
    spin.setFocus()
    qtbot.keyClicks(spin, "2")
    view.flush()
    assert ws.visits.answer_map(vid)["bedden_in_gebruik"][room.code] == 2

    view.go_to_step("finalize")
    assert ws.visits.missing(vid) == []
    click(qtbot, view, QPushButton, "finalize_button")
    click(qtbot, view, QPushButton, "finalize_confirm_yes")
    assert ws.visits.get(vid).status == "finalized"
    assert not find(view, QPushButton, f"room_{room.code}_remove").isEnabled()
    assert view.page("access").room_adder.isHidden()
    pdf = ws.reports.build(vid, "nl")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert f"Zolderkamer (toegevoegd, niet in de checklist) bekeken {client}" in text
    assert "Zolderkamer (toegevoegd, niet in de checklist) Bedden in gebruik" in text


def test_remove_an_empty_room_at_once_and_an_answered_one_after_confirming(qtbot, workspace,
                                                                            english):  # noqa: F811
    """An added bathroom nobody answered anything in goes with one click; an added bedroom with its
    beds answered stays until the inspector confirms, and Cancel keeps it and its answer."""
    ws = workspace
    vid = started(ws)
    view = open_view(qtbot, ws, vid)
    view.go_to_step("access")
    add_room(qtbot, view, "badkamer")
    (bath,) = ws.visits.get(vid).added_rooms
    assert bath.label == "Bathroom 2"  # named in the language the inspector works in
    click(qtbot, view, QPushButton, f"room_{bath.code}_remove")
    assert ws.visits.get(vid).added_rooms == []

    add_room(qtbot, view, "slaapkamer_1", "Slaapkamer achter")
    (bed,) = ws.visits.get(vid).added_rooms
    view.go_to_step("checklist")
    spin = view.page("checklist").editor("bedden_in_gebruik", bed.code).spin
    spin.setFocus()
    qtbot.keyClicks(spin, "1")
    view.flush()
    view.go_to_step("access")
    click(qtbot, view, QPushButton, f"room_{bed.code}_remove")
    bar = view.page("access").room_remover
    assert bar.isVisible() and "1 items were answered or noted in 'Slaapkamer achter'" in bar.label.text()
    click(qtbot, view, QPushButton, "room_remove_confirm_no")
    assert [r.code for r in ws.visits.get(vid).added_rooms] == [bed.code]
    assert ws.visits.answer_map(vid)["bedden_in_gebruik"][bed.code] == 1
    click(qtbot, view, QPushButton, f"room_{bed.code}_remove")
    click(qtbot, view, QPushButton, "room_remove_confirm_yes")
    assert ws.visits.get(vid).added_rooms == []
    assert view.page("checklist").editor("bedden_in_gebruik", bed.code) is None
