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


def test_the_single_follow_up_date_is_gone_and_an_earlier_one_is_kept(qtbot, workspace,
                                                                       dutch) -> None:  # noqa: F811
    """The outcome step no longer asks for one follow-up date beside the actions. A visit that has one
    from before shows it as recorded; turning it into an action needs who carries it out, and only once
    the action is stored is the earlier date cleared (its old value stays in the audit trail)."""
    from PySide6.QtWidgets import QLineEdit

    ws = workspace
    vid = started(ws)
    ws.visits.set_followup(vid, "05-12-2026", "Hercontrole slaapkamers")
    view = open_view(qtbot, ws, vid)
    view.go_to_step("outcome")
    assert view.findChild(QLineEdit, "followup_date") is None
    assert view.findChild(QLineEdit, "followup_note") is None
    earlier = find(view, QLabel, "followup_earlier_text")
    assert earlier.isVisibleTo(view) and earlier.text() == ("Eerder vastgelegd vervolg (één datum, van vóór "
                                                            "de vervolgacties): 05-12-2026 – Hercontrole "
                                                            "slaapkamers")
    box = find(view, FollowUpBox, "followups")
    click(qtbot, view, QPushButton, "followup_convert")
    assert (box.action.text(), box.owner.text(), box.due.text()) == ("Hercontrole slaapkamers", "",
                                                                     "05-12-2026")
    click(qtbot, view, QPushButton, "followup_add")  # nobody chosen yet: refused, nothing changes
    assert box.message.text() == "Vul in wie de vervolgactie uitvoert."
    visit = ws.visits.get(vid)
    assert (visit.followup_date, visit.followup_note, ws.followups.of_visit(vid)) == (
        "2026-12-05", "Hercontrole slaapkamers", [])
    type_into(qtbot, view, type(box.owner), "followup_owner", "Team Zuid")
    click(qtbot, view, QPushButton, "followup_add")
    (action,) = ws.followups.of_visit(vid)
    assert (action.action, action.owner, action.due_date) == ("Hercontrole slaapkamers", "Team Zuid",
                                                              "2026-12-05")
    visit = ws.visits.get(vid)
    assert (visit.followup_date, visit.followup_note) == ("", "")
    trail = {(e["field"], e["old"]) for e in ws.visits.audit_trail(vid)}
    assert ("followup_date", "2026-12-05") in trail and ("followup_note", "Hercontrole slaapkamers") in trail
    qtbot.waitUntil(lambda: not find(view, QLabel, "followup_earlier_text").isVisibleTo(view))


def test_a_finalized_visit_keeps_its_follow_up_date_on_screen_and_in_its_report(qtbot, workspace,
                                                                                dutch) -> None:  # noqa: F811
    """A visit finalized with the single follow-up date shows it read-only, and its report is byte for
    byte what it was."""
    from tests.test_sync import finalized_visit, make_case

    vid = finalized_visit(workspace, make_case(workspace).id,
                          lambda v: workspace.visits.set_followup(v, "05-12-2026", "Hercontrole"))
    before = workspace.reports.build(vid, "nl")
    view = open_view(qtbot, workspace, vid)
    view.go_to_step("outcome")
    assert find(view, QLabel, "followup_earlier_text").text().endswith("05-12-2026 – Hercontrole")
    assert not find(view, QPushButton, "followup_convert").isEnabled()
    assert workspace.reports.build(vid, "nl") == before
    import io

    from pypdf import PdfReader
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(before)).pages).split())
    assert "Vervolg op 05-12-2026 – Hercontrole" in text


def test_the_case_shows_the_follow_up_actions_of_its_finalized_visits(qtbot, workspace) -> None:
    """The case's "open follow-ups" list the actions agreed at its finalized visits (what, who, by when),
    soonest first; before the actions replaced the single date this said "Geen openstaande vervolgacties"
    for every new visit."""
    from tests.test_sync import finalized_visit, make_case
    from ui.bus import Bus
    from ui.case_detail import CaseDetailPanel
    from ui.tasks import TaskRunner

    case = make_case(workspace)

    def agree(v: str) -> None:
        workspace.followups.add(v, "Hercontrole", "Team Zuid", "01-03-2027")
        workspace.followups.add(v, "Huurcontract opvragen", "Backoffice", "15-01-2027")

    finalized_visit(workspace, case.id, agree)
    runner, bus = TaskRunner(), Bus()
    panel = CaseDetailPanel(workspace, runner, bus)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.show_case(case.id)
    lines = [line for line in panel.followups.text().splitlines() if " — visit " in line]
    assert len(lines) == 2
    assert lines[0].startswith("15-01-2027: Huurcontract opvragen (Backoffice) — visit S1 ")
    assert lines[1].startswith("01-03-2027: Hercontrole (Team Zuid) — visit S1 ")
    runner.wait()
