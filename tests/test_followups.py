"""Follow-up actions (vervolgacties): recorded with an owner and a due date, printed in the report,
frozen with the visit, and synced through a real server."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from inspector import records
from inspector.errors import ValidationError, WorkflowError
from inspector.model import utc_now
from inspector.sync import session
from inspector.sync.client import SyncClient
from inspector.workspace import Workspace
from tests.test_sync import finalized_visit, make_case, started_visit

pytest_plugins = ["tests.servers"]


def report_text(ws: Workspace, visit_id: str, lang: str = "nl") -> str:
    pdf = ws.reports.build(visit_id, lang)
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_add_change_and_remove_with_an_audit_trail(workspace) -> None:
    """An inspector records actions with owner and due date; each change is audited; the list is in
    due-date order."""
    visit_id = started_visit(workspace, make_case(workspace).id)
    later = workspace.followups.add(visit_id, "Hercontrole slaapkamer", "Toezichthouder Test", "12-11-2026")
    sooner = workspace.followups.add(visit_id, "Huurcontract opvragen bij verhuurder", "Team Zuid",
                                     "2026-10-15")
    assert [f.action for f in workspace.followups.of_visit(visit_id)] == [
        "Huurcontract opvragen bij verhuurder", "Hercontrole slaapkamer"]
    workspace.followups.update(later.id, "Hercontrole slaapkamer", "Wijkteam Oost", "12-11-2026")
    workspace.followups.remove(sooner.id, "dubbel ingevoerd")
    (kept,) = workspace.followups.of_visit(visit_id)
    assert (kept.owner, kept.due_date) == ("Wijkteam Oost", "2026-11-12")
    trail = workspace.visits.audit_trail(later.id)
    assert [(e["field"], e["old"], e["new"]) for e in trail][-1] == ("owner", "Toezichthouder Test",
                                                                     "Wijkteam Oost")
    assert workspace.visits.audit_trail(sooner.id)[-1]["reason"] == "dubbel ingevoerd"


@pytest.mark.parametrize(("action", "owner", "due", "code", "nl", "en"), [
    ("", "Team Zuid", "15-10-2026", "followup_action", "Beschrijf de vervolgactie.",
     "Describe the follow-up action."),
    ("Bellen", " ", "15-10-2026", "followup_owner", "Vul in wie de vervolgactie uitvoert.",
     "Enter who carries out the follow-up action."),
    ("Bellen", "Team Zuid", "", "followup_due", "Vul de datum in waarop de vervolgactie klaar moet zijn.",
     "Enter the date the follow-up action is due."),
    ("Bellen", "Team Zuid", "30-09-2026", "followup_due_past", "De uiterste datum ligt vóór het bezoek.",
     "The due date lies before the visit."),
])
def test_incomplete_actions_are_refused_in_both_languages(workspace, action, owner, due, code, nl,
                                                          en) -> None:
    """What, who and by when are all needed, and the due date cannot lie before the visit."""
    visit_id = started_visit(workspace, make_case(workspace).id)
    with pytest.raises(ValidationError) as exc:
        workspace.followups.add(visit_id, action, owner, due)
    assert (exc.value.code, exc.value.nl, exc.value.en) == (code, nl, en)
    assert workspace.followups.of_visit(visit_id) == []


def test_report_prints_them_and_they_freeze_with_the_visit(workspace) -> None:
    """The report lists the actions under outcome and follow-up; after finalizing they cannot change,
    and a row changed behind the app's back does not change the report (built from the frozen document)."""
    case = make_case(workspace)

    def plan_actions(visit_id: str) -> None:
        workspace.followups.add(visit_id, "Huurcontract opvragen", "Team Zuid", "15-10-2026")

    visit_id = finalized_visit(workspace, case.id, plan_actions)
    text = report_text(workspace, visit_id)
    assert "Vervolgacties Actie Wie Uiterlijk Huurcontract opvragen Team Zuid 15-10-2026" in text
    assert "Follow-up actions Action Owner Due Huurcontract opvragen Team Zuid 15-10-2026" in \
        report_text(workspace, visit_id, "en")
    (action,) = workspace.followups.of_visit(visit_id)
    with pytest.raises(WorkflowError) as exc:
        workspace.followups.update(action.id, "Iets anders", "Team Zuid", "15-10-2026")
    assert exc.value.code == "visit_locked" and "aanvulling" in exc.value.nl
    with pytest.raises(WorkflowError):
        workspace.followups.add(visit_id, "Nog iets", "Team Zuid", "15-10-2026")
    workspace.repo.db.execute("UPDATE followups SET owner = 'Iemand anders' WHERE id = ?", [action.id])
    assert "Iemand anders" not in report_text(workspace, visit_id)
    doc = workspace.evidence.frozen(visit_id)
    assert [(f["action"], f["owner"], f["due_date"]) for f in doc["followups"]] == [
        ("Huurcontract opvragen", "Team Zuid", "2026-10-15")]
    assert workspace.evidence.verify(visit_id).state("fingerprint") == "ok"


def test_registry_places_them_under_the_visit() -> None:
    """The registry pushes them after their visit and before the audit, and freezes them like answers."""
    assert records.PUSH_ORDER.index("visits") < records.PUSH_ORDER.index("followups") < \
        records.PUSH_ORDER.index("audit")
    assert records.FROZEN_CHILDREN == ("answers", "attachments", "followups")
    assert records.EVIDENCE["followups"] == ("action", "owner", "due_date")
    assert "followups" in records.entity("audit").field("entity").choices


# --- sync with a real server -------------------------------------------------------------------
def test_actions_sync_to_another_laptop_and_stay_frozen_on_the_server(any_server, laptop) -> None:
    """A's actions of an open visit reach B, B's change comes back to A; once finalized, the server
    refuses a changed action and both laptops keep what the report says."""
    a = laptop(any_server.url)
    b = laptop(any_server.url, "toezichthouder-zuid-2", name="Toezichthouder Twee")
    case = make_case(a)
    open_visit = started_visit(a, case.id)
    first = a.followups.add(open_visit, "Schuldhulp bellen", "Toezichthouder Test", "20-10-2026")
    assert a.sync.run().rejected == 0
    b.sync.run()
    assert [(f.action, f.owner) for f in b.followups.of_visit(open_visit)] == [
        ("Schuldhulp bellen", "Toezichthouder Test")]
    b.followups.update(first.id, "Schuldhulp bellen", "Toezichthouder Twee", "20-10-2026")
    assert b.sync.run().rejected == 0
    a.sync.run()
    assert a.followups.of_visit(open_visit)[0].owner == "Toezichthouder Twee"

    def plan_actions(visit_id: str) -> None:
        a.followups.add(visit_id, "Hercontrole", "Team Zuid", "01-12-2026")

    done = finalized_visit(a, case.id, plan_actions)
    assert a.sync.run().rejected == 0
    b.sync.run()
    (frozen,) = b.followups.of_visit(done)
    assert (frozen.action, frozen.due_date) == ("Hercontrole", "2026-12-01")
    assert "Hercontrole Team Zuid 01-12-2026" in report_text(b, done)
    row = b.repo.get("followups", frozen.id)
    changed = {"entity": "followups", "id": frozen.id, "case_id": case.id, "base_rev": row["rev"],
               "fields": {"owner": "Iemand anders"}, "modified_at": utc_now(), "modified_by": "test"}
    with SyncClient(any_server.url, session.load_token(b.workspace_id)) as client:
        answer = client.push("followup-change-1", [changed])
    assert [(r["status"], r["code"]) for r in answer["results"]] == [("rejected", "visit_finalized")]
    [stored] = [r for r in any_server.records("followups") if r["id"] == frozen.id]
    assert stored["data"]["owner"] == "Team Zuid"
    assert any_server.records("visits") and all(
        r["data"]["status"] == "synced" for r in any_server.records("visits") if r["id"] == done)



def test_a_bundle_carries_the_actions_and_refuses_a_changed_one(workspace, tmp_path) -> None:
    """Exported with their visit and imported elsewhere whole; a bundle whose action was edited (its
    row no longer what the frozen document says) is refused."""
    import json
    import zipfile

    from inspector import bundle

    case = make_case(workspace)
    visit_id = finalized_visit(workspace, case.id, lambda v: workspace.followups.add(
        v, "Huurcontract opvragen", "Team Zuid", "15-10-2026"))
    path = bundle.export_visit(workspace, visit_id, tmp_path / "visit.zip")
    with zipfile.ZipFile(path) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    doc = json.loads(files["bundle.json"])
    assert [f["action"] for f in doc["followups"]] == ["Huurcontract opvragen"]
    doc["followups"][0]["owner"] = "Iemand anders"
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(forged, "w") as zf:
        for name, data in {**files, "bundle.json": json.dumps(doc).encode()}.items():
            zf.writestr(name, data)
    other = Workspace.open(tmp_path / "other")
    try:
        with pytest.raises(ValidationError) as refused:
            bundle.import_bundle(other, forged)
        assert "wijken af van het vastgelegde bezoek" in refused.value.nl
        assert bundle.import_bundle(other, path).visit_id == visit_id
        assert [(f.action, f.owner) for f in other.followups.of_visit(visit_id)] == [
            ("Huurcontract opvragen", "Team Zuid")]
    finally:
        other.close()


def test_the_single_follow_up_line_prints_only_where_it_says_something(workspace) -> None:
    """A visit finalized now prints its follow-up actions without a 'Vervolg: geen vervolgafspraak'
    line beside them; one that has the single date still prints it; a document frozen before this
    rule (no such report setting) prints as it always did, so its report does not change."""
    case = make_case(workspace)

    def actions_only(visit_id: str) -> None:
        workspace.visits.set_followup(visit_id, "", "")
        workspace.followups.add(visit_id, "Hercontrole", "Team Zuid", "01-12-2026")

    new = finalized_visit(workspace, case.id, actions_only)
    text = report_text(workspace, new)
    assert "geen vervolgafspraak" not in text and "Hercontrole Team Zuid 01-12-2026" in text
    dated = finalized_visit(workspace, case.id,
                            lambda v: workspace.visits.set_followup(v, "05-12-2026", "Bellen"))
    assert "Vervolg op 05-12-2026 – Bellen" in report_text(workspace, dated)
    doc = workspace.evidence.frozen(new)
    assert doc["report"]["single_followup"] is False
    from inspector.report import data as report_data

    del doc["report"]["single_followup"]  # as a document frozen by the previous release holds it
    old = report_data.from_document(doc, "nl", lambda sha: None, draft=False)
    assert old.followup_line and not report_data.from_document(
        workspace.evidence.frozen(new), "nl", lambda sha: None, draft=False).followup_line
