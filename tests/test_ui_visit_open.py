"""Opening a visit: the step shown is built first, the others in idle turns of the event loop (with
the real background lanes), and what is built late works as if it had been there from the start."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit, QToolButton

from tests.test_ui_visit import click, english, started, type_into  # noqa: F401 - fixture
from ui.bus import Bus
from ui.tasks import TaskRunner
from ui.visit import VisitView


def test_the_step_shown_comes_first_and_the_others_follow_in_idle_turns(qtbot, workspace,
                                                                         english) -> None:  # noqa: F811
    """Nothing is built before the visit's state has been read; then the checklist (asked for) is
    built first while the other steps are not yet; after idle turns every step is there, the checklist
    complete, and asking for a step that is not built yet builds it at once."""
    ws = workspace
    vid = started(ws, rooms={"slaapkamer_1": "viewed", "woonkamer": "viewed"})
    runner = TaskRunner()
    view = VisitView(ws, runner, Bus(), vid)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.go_to_step("checklist")
    view.show()
    assert view.pages == {}  # the state is read on the database lane first
    qtbot.waitUntil(lambda: "checklist" in view.pages)
    assert view.current_step() == "checklist"
    assert len(view.pages) < len(view.steps)  # the rest waits for idle turns
    qtbot.waitUntil(view.is_loaded, timeout=20_000)
    assert set(view.pages) == set(view.steps)
    checklist = view.page("checklist")
    assert checklist.editor("bedden_in_gebruik", "slaapkamer_1") is not None
    assert checklist.editor("bedden_in_gebruik", "woonkamer") is not None
    assert view.page("outcome").later == [] and view.page("access").later == []
    runner.wait()


def test_a_note_made_when_first_needed_is_saved_and_reached_by_tab(qtbot, workspace,
                                                                   english) -> None:  # noqa: F811
    """No note editor exists until 'Note' is pressed; then Tab goes from that button to the note, and
    what is typed there is saved with the item."""
    from tests.test_ui_visit import open_view

    ws = workspace
    vid = started(ws)
    view = open_view(qtbot, ws, vid)
    view.go_to_step("checklist")
    assert view.findChild(QPlainTextEdit, "note_voertuig") is None
    click(qtbot, view, QToolButton, "note_toggle_voertuig")
    note = view.findChild(QPlainTextEdit, "note_voertuig")
    assert note is not None and note.isVisible()
    assert view.findChild(QToolButton, "note_toggle_voertuig").nextInFocusChain() is note
    type_into(qtbot, view, QPlainTextEdit, "note_voertuig", "Fiets in de gang.")
    view.flush()
    assert [a.note for a in ws.visits.answers(vid) if a.item_id == "voertuig"] == ["Fiets in de gang."]
