"""The follow-up actions in the visit's outcome step, driven through the real widgets."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QListWidget, QPushButton

from tests.test_ui_visit import click, dutch, find, open_view, started, type_into  # noqa: F401 - fixture
from ui.visit.followups import FollowUpBox


def test_an_inspector_adds_and_removes_follow_up_actions(qtbot, workspace, dutch) -> None:  # noqa: F811
    """Typed into the outcome step, an action shows in the list with its date, owner and who; a wrong date
    is told beside the form and nothing is saved; a selected action can be removed."""
    ws = workspace
    vid = started(ws)
    view = open_view(qtbot, ws, vid)
    view.go_to_step("outcome")
    box = find(view, FollowUpBox, "followups")
    assert box.title() == "Vervolgacties"
    type_into(qtbot, view, type(box.action), "followup_action", "Huurcontract opvragen")
    type_into(qtbot, view, type(box.owner), "followup_owner", "Team Zuid")
    type_into(qtbot, view, type(box.due), "followup_due", "31-02-2027")
    click(qtbot, view, QPushButton, "followup_add")
    assert box.message.text() and ws.followups.of_visit(vid) == []
    box.due.clear()
    type_into(qtbot, view, type(box.due), "followup_due", "15-12-2026")
    click(qtbot, view, QPushButton, "followup_add")
    (saved,) = ws.followups.of_visit(vid)
    assert (saved.action, saved.owner, saved.due_date) == ("Huurcontract opvragen", "Team Zuid", "2026-12-15")
    listing = find(view, QListWidget, "followup_list")
    qtbot.waitUntil(lambda: listing.count() == 1)
    assert listing.item(0).text() == "15-12-2026 — Huurcontract opvragen (Team Zuid)"
    assert box.action.text() == "" and box.message.text() == ""
    listing.setCurrentRow(0)
    click(qtbot, view, QPushButton, "followup_remove")
    qtbot.waitUntil(lambda: listing.count() == 0)
    assert ws.followups.of_visit(vid) == []


def test_actions_are_read_only_once_the_visit_is_finalized(qtbot, workspace, dutch) -> None:  # noqa: F811
    """A finalized visit shows its actions, and the form to change them is disabled."""
    from tests.test_sync import finalized_visit, make_case

    case = make_case(workspace)
    vid = finalized_visit(workspace, case.id,
                          lambda v: workspace.followups.add(v, "Hercontrole", "Team Zuid", "01-12-2026"))
    view = open_view(qtbot, workspace, vid)
    view.go_to_step("outcome")
    assert find(view, QListWidget, "followup_list").item(0).text() == "01-12-2026 — Hercontrole (Team Zuid)"
    assert not find(view, QPushButton, "followup_add").isEnabled()
    assert not find(view, QPushButton, "followup_remove").isEnabled()
    assert find(view, QLabel, "visit_status").text() == "Afgerond"
