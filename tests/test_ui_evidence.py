"""Evidence in the desktop app: what holds of a finalized visit, its addenda, and conflicts of a
finalized visit. Real widgets, real SQLCipher workspaces, a real server for the receipt and conflicts."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QPushButton, QTableView

from inspector import demo, templates
from inspector.workspace import Workspace
from tests.test_sync import finalized_visit, finish, make_case, started_visit
from ui.bus import Bus
from ui.labels import format_datetime
from ui.sync_ui import ConflictsDialog, ConflictsModel, SyncController
from ui.tasks import SyncTaskRunner, TaskRunner
from ui.visit import VisitView
from ui.visit.addenda import AddendaModel

pytest_plugins = ["tests.servers"]

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
LRELEASE = Path(sys.executable).parent / "pyside6-lrelease"
ITEM = "woont_op_opgegeven_adres"
QUESTION = "Woont de aanvrager feitelijk op het opgegeven adres?"


@pytest.fixture
def dutch(qapp, tmp_path):
    """The Dutch UI of the visit steps and of sync (their .ts compiled and installed)."""
    translators = []
    for part in ("visit", "sync"):
        qm = tmp_path / f"{part}_nl.qm"
        subprocess.run([str(LRELEASE), str(TRANSLATIONS / f"{part}_nl.ts"), "-qm", str(qm)], check=True,
                       capture_output=True)
        translator = QTranslator()
        assert translator.load(str(qm))
        QCoreApplication.installTranslator(translator)
        translators.append(translator)
    qapp.setProperty("inspector_lang", "nl")
    yield
    for translator in translators:
        QCoreApplication.removeTranslator(translator)


def open_finalize(qtbot, ws: Workspace, vid: str, runner: TaskRunner | None = None,
                  bus: Bus | None = None) -> VisitView:
    view = VisitView(ws, runner or SyncTaskRunner(), bus or Bus(), vid)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    qtbot.waitUntil(view.is_loaded)
    view.go_to_step("finalize")
    return view


def line(view: VisitView, name: str) -> QLabel:
    label = view.findChild(QLabel, f"evidence_{name}")
    assert label is not None
    return label


def mark(view: VisitView, name: str) -> str:
    return view.findChild(QLabel, f"evidence_{name}_mark").text()


def finalized(ws: Workspace) -> str:
    """A complete S1 visit with three photos and a signed statement, finalized on this laptop."""
    return finalized_visit(ws, make_case(ws).id)


# --- the Afronden step of a finalized visit --------------------------------------------------------
def test_finalized_visit_shows_fingerprint_and_signature_holding_and_the_receipt_pending(
        qtbot, workspace, dutch) -> None:
    """Fingerprint and this laptop's signature hold (✓); the receipt comes with the next sync (○)."""
    vid = finalized(workspace)
    view = open_finalize(qtbot, workspace, vid)
    verdict = workspace.evidence.verify(vid)
    assert view.findChild(QLabel, "finalize_summary").text() == "Dit bezoek is afgerond en vastgelegd."
    assert line(view, "fingerprint").text() == \
        "Vingerafdruk klopt: de vastgelegde inhoud is ongewijzigd sinds het afronden."
    assert line(view, "signature").text() == (
        f"Ondertekend door dit apparaat '{workspace.evidence.device_name()}' "
        f"(sleutel {verdict.signing_key_id}).")
    assert line(view, "receipt").text() == \
        "Nog geen ontvangstbewijs: wordt verstuurd bij de volgende synchronisatie."
    assert line(view, "photos").text() == "Foto's en handtekening ongewijzigd (4)."
    assert [mark(view, n) for n in ("fingerprint", "signature", "receipt", "photos")] == ["✓", "✓", "○", "✓"]
    assert all(line(view, n).isVisible() for n in ("fingerprint", "signature", "receipt", "photos"))
    assert view.findChild(QLineEdit, "fingerprint").text() == verdict.fingerprint
    assert view.findChild(QLabel, "addenda_empty").text() == "Nog geen aanvullingen."
    # Only the addendum can be written; the rest of the finalized visit stays read-only.
    assert not view.findChild(QPlainTextEdit, "addendum_text").isReadOnly()
    assert view.findChild(QPushButton, "addendum_add").text() == "Aanvulling toevoegen"
    assert view.findChild(QPushButton, "addendum_add").isEnabled()
    assert not view.findChild(QPushButton, "finalize_button").isVisible()
    assert view.findChild(QLineEdit, "followup_action").isReadOnly()


def test_receipt_from_a_sync_with_the_server_appears_on_the_page(server, laptop, qtbot, dutch) -> None:
    """A sync (the Sync button's controller, same bus) brings the receipt; the page says when it was given."""
    ws = laptop(server.url)
    vid = finalized(ws)
    runner, bus = TaskRunner(), Bus()
    view = open_finalize(qtbot, ws, vid, runner, bus)
    assert line(view, "receipt").property("state") == "absent"
    controller = SyncController(ws, runner, bus, auto=False)
    with qtbot.waitSignal(controller.finished, timeout=15_000) as done:
        controller.sync_now()
    assert done.args == [True]
    qtbot.waitUntil(lambda: line(view, "receipt").property("state") == "ok", timeout=5000)
    issued_at = ws.visits.get(vid).receipt.split(".")[1]
    assert line(view, "receipt").text() == f"Ontvangstbewijs van de server van {format_datetime(issued_at)}."
    assert mark(view, "receipt") == "✓"
    assert view.findChild(QLabel, "visit_status").text() == "Afgerond en gesynchroniseerd"
    runner.wait(10_000)


def test_addendum_added_through_the_page_is_listed_sealed_and_verifies(qtbot, qtmodeltester, workspace,
                                                                      dutch) -> None:
    """Text, "Aanvulling toevoegen", confirm: the list shows it (holding, no receipt yet) and it verifies."""
    vid = finalized(workspace)
    view = open_finalize(qtbot, workspace, vid)
    text = "Kenteken later nagezocht: geen voertuig op naam van de aanvrager."
    edit = view.findChild(QPlainTextEdit, "addendum_text")
    edit.setFocus()
    qtbot.keyClicks(edit, text)
    qtbot.mouseClick(view.findChild(QPushButton, "addendum_add"), Qt.MouseButton.LeftButton)
    confirm = view.findChild(QPushButton, "addendum_confirm_yes")
    assert confirm.isVisible() and confirm.isEnabled()
    assert workspace.evidence.addenda(vid) == []
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    [added] = workspace.evidence.addenda(vid)
    assert added.text == text
    assert [v.ok for v in workspace.evidence.verify_addenda(vid)] == [True]
    table = view.findChild(QTableView, "addenda_list")
    model = table.model()
    qtmodeltester.check(model)
    assert table.isVisible() and not view.findChild(QLabel, "addenda_empty").isVisible()
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "Datum", "Door", "Aanvulling", "Vingerafdruk", "Controle"]
    assert [model.index(0, c).data() for c in range(5)] == [
        format_datetime(added.created_at), "Toezichthouder Test", text, added.fingerprint[:15] + "…",
        "✓ klopt · nog geen ontvangstbewijs"]
    assert edit.toPlainText() == ""
    assert line(view, "fingerprint").text().startswith("Vingerafdruk klopt")  # the visit itself unchanged


def test_empty_addendum_shows_the_inline_error_and_records_nothing(qtbot, workspace, dutch) -> None:
    """"Aanvulling toevoegen" with only spaces: the error under the field, no confirmation, nothing sealed."""
    vid = finalized(workspace)
    view = open_finalize(qtbot, workspace, vid)
    qtbot.keyClicks(view.findChild(QPlainTextEdit, "addendum_text"), "   ")
    qtbot.mouseClick(view.findChild(QPushButton, "addendum_add"), Qt.MouseButton.LeftButton)
    message = view.findChild(QLabel, "addendum_message")
    assert message.isVisible()
    assert message.text() == "Schrijf eerst de aanvulling: de tekst is leeg."
    assert not view.findChild(QPushButton, "addendum_confirm_yes").isVisible()
    assert workspace.evidence.addenda(vid) == []


def test_changed_snapshot_shows_the_failure_in_red(qtbot, workspace, dutch) -> None:
    """Someone edits the stored document: the fingerprint line says so in red, and what to do."""
    vid = finalized(workspace)
    snapshot = json.loads(workspace.visits.get(vid).snapshot)
    snapshot["conclusion"] = "Achteraf aangepast."
    workspace.db.execute("UPDATE visits SET snapshot = ? WHERE id = ?",
                         [json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
                          vid])
    workspace.db.conn.commit()
    view = open_finalize(qtbot, workspace, vid)
    fingerprint = line(view, "fingerprint")
    assert fingerprint.text() == (
        "Let op: de vastgelegde inhoud komt niet overeen met de vingerafdruk. Ze is na het afronden "
        "gewijzigd of beschadigd; neem contact op met de functioneel beheerder voordat u dit rapport "
        "gebruikt.\nDe vingerafdruk klopt niet: de vastgelegde inhoud is gewijzigd.")
    assert mark(view, "fingerprint") == "✗"
    assert "#a4000f" in fingerprint.styleSheet()
    assert view.findChild(QLabel, "finalize_summary").text() == \
        "Let op: dit afgeronde bezoek komt niet door de controle; zie hieronder."
    assert not line(view, "photos").isVisible()  # not checked against a document that does not hold


# --- conflicts of a finalized visit ------------------------------------------------------------------
def superseded(server, laptop) -> tuple[Workspace, str]:
    """Laptop B answers an item and syncs; laptop A, without pulling, answers it differently, finalizes
    and syncs: A's finalized visit keeps its answer and shows B's as a superseded conflict."""
    a = laptop(server.url)
    b = laptop(server.url, "toezichthouder-zuid-2")
    vid = started_visit(a, make_case(a).id)
    a.sync.run()
    b.sync.run()
    b.visits.answer(vid, ITEM, "nee")
    b.sync.run()
    tpl = templates.get_template("S1")
    a.visits.set_rooms(vid, {r.code: "viewed" for r in tpl.rooms[:3]})
    a.visits.set_room_openers(vid, {r.code: "Demo A van den Berg" for r in tpl.rooms[:3]})
    a.visits.record_moment(vid, "ended_at", "2026-10-01T09:50:00Z")
    a.visits.record_caution(vid, False, not_needed_reason="Geen verhoor met het oog op een boete.")
    demo._fill_checklist(a, vid, random.Random(5))  # noqa: SLF001
    a.visits.answer(vid, ITEM, "ja")
    a.visits.record_statement(vid, "Ik woon hier alleen.", read_back=True, signed=False,
                              not_signed_reason="Wilde eerst overleggen.", copy_given=True)
    a.visits.set_outcome(vid, tpl.outcomes[0].code, toe_causes=["T1"])
    a.visits.finalize(vid)
    a.sync.run()
    return a, vid


def select_superseded(dialog: ConflictsDialog) -> int:
    """Select the superseded conflict (the sync may note others beside it) and return its row."""
    model = dialog.conflicts
    row = next(r for r in range(model.rowCount()) if model.record(r).kind == "superseded")
    dialog.conflict_view.selectRow(row)
    return row


def test_superseded_conflict_offers_seen_and_an_addendum_not_keep_mine(server, laptop, qtbot,
                                                                      qtmodeltester, dutch) -> None:
    """No "keep mine" for a finalized visit; "Aanvulling maken…" (prefilled) seals an addendum and settles
    the conflict, and the open visit lists it."""
    a, vid = superseded(server, laptop)
    conflict = next(c for c in a.sync.conflicts() if c.kind == "superseded")
    assert conflict.locked and conflict.visit_id == vid
    runner, bus = SyncTaskRunner(), Bus()
    view = open_finalize(qtbot, a, vid, runner, bus)
    dialog = ConflictsDialog(a, runner, bus)
    qtbot.addWidget(dialog)
    dialog.show()
    model = dialog.conflicts
    qtmodeltester.check(model)
    row = select_superseded(dialog)
    assert [model.index(row, c).data() for c in range(6)] == [
        "2026-0001", "Antwoord", QUESTION, "ja", "nee", "Afgerond bezoek hield zijn waarde"]
    assert not dialog.keep_mine.isVisible() and not dialog.keep_server.isVisible()
    assert dialog.seen.isVisible() and dialog.seen.isEnabled()
    assert dialog.seen.text().replace("&", "") == "Gezien — het afgeronde bezoek blijft zoals het is"
    assert dialog.make_addendum.isVisible() and dialog.make_addendum.isEnabled()
    assert dialog.make_addendum.text().replace("&", "") == "Aanvulling maken…"
    assert dialog.detail.text() == (
        f"Dit bezoek is op deze laptop afgerond en vermeldt 'ja' bij „{QUESTION}”. Een andere laptop had "
        "'nee' vastgelegd. Een afgerond bezoek verandert niet meer: markeer dit als gezien, of leg de "
        "andere waarde vast in een aanvulling.")
    dialog.make_addendum.click()
    ask = dialog.addendum_dialog
    assert ask is not None and ask.isVisible()
    prefilled = (f"Na het afronden bleek dat een andere laptop bij „{QUESTION}” 'nee' had vastgelegd; "
                 "dit afgeronde bezoek vermeldt 'ja'.")
    assert ask.text.toPlainText() == prefilled
    ask.text.appendPlainText("Navraag: de aanvrager woont hier; het antwoord van laptop B was een "
                             "vergissing.")
    with qtbot.waitSignal(bus.changed):
        ask.buttons.button(ask.buttons.StandardButton.Ok).click()
    assert conflict.id not in [c.id for c in a.sync.conflicts()]
    assert conflict.id not in [model.record(r).id for r in range(model.rowCount())]
    [added] = a.evidence.addenda(vid)
    assert added.text.startswith(prefilled) and added.text.endswith("een vergissing.")
    assert [v.ok for v in a.evidence.verify_addenda(vid)] == [True]
    assert a.evidence.verify(vid).ok  # the finalized visit itself is unchanged
    assert dialog.message.text() == "De aanvulling is vastgelegd en het conflict is afgehandeld."
    table = view.findChild(QTableView, "addenda_list")
    assert isinstance(table.model(), AddendaModel)
    assert table.isVisible() and table.model().index(0, AddendaModel.TEXT).data() == added.text


def test_empty_addendum_for_a_conflict_is_refused_under_the_field(server, laptop, qtbot, dutch) -> None:
    """Clearing the prefilled text and pressing OK: the core's message under the field, conflict stays."""
    a, _vid = superseded(server, laptop)
    dialog = ConflictsDialog(a, SyncTaskRunner(), Bus())
    qtbot.addWidget(dialog)
    select_superseded(dialog)
    dialog.make_addendum.click()
    ask = dialog.addendum_dialog
    ask.text.setPlainText("  ")
    ask.buttons.button(ask.buttons.StandardButton.Ok).click()
    assert ask.errors.error("text") == "De aanvulling is leeg."
    assert ask.isVisible()
    assert "superseded" in [c.kind for c in a.sync.conflicts()]
    assert a.evidence.addenda(_vid) == []


def test_seen_closes_a_conflict_of_a_finalized_visit_that_stays_as_it_is(server, laptop, qtbot,
                                                                        dutch) -> None:
    """"Gezien" settles a superseded conflict without touching the visit, and audits it."""
    a, vid = superseded(server, laptop)
    fingerprint = a.visits.get(vid).fingerprint
    dialog = ConflictsDialog(a, SyncTaskRunner(), Bus())
    qtbot.addWidget(dialog)
    select_superseded(dialog)
    dialog.seen.click()
    assert "superseded" not in [c.kind for c in a.sync.conflicts()]
    assert "superseded" not in [dialog.conflicts.record(r).kind for r in range(dialog.conflicts.rowCount())]
    assert a.evidence.addenda(vid) == []
    assert a.visits.get(vid).fingerprint == fingerprint and a.evidence.verify(vid).ok


def test_server_kept_conflict_of_a_visit_finalized_elsewhere_offers_seen_not_keep_mine(server, laptop,
                                                                                       qtbot, dutch) -> None:
    """B changed the conclusion of a visit A finalized meanwhile: the server kept A's; B is not offered
    "keep mine" but "Gezien" (the server's value stays) or an addendum naming B's value."""
    a = laptop(server.url)
    b = laptop(server.url, "toezichthouder-zuid-2")
    vid = started_visit(a, make_case(a).id)
    a.sync.run()
    b.sync.run()
    a.visits.set_report_text(vid, conclusion="Conclusie A")
    finish(a, vid)
    a.sync.run()
    b.visits.set_report_text(vid, conclusion="Conclusie B")
    b.sync.run()
    dialog = ConflictsDialog(b, SyncTaskRunner(), Bus())
    qtbot.addWidget(dialog)
    dialog.show()
    row = next(r for r in range(dialog.conflicts.rowCount())
               if dialog.conflicts.record(r).field == "conclusion")
    dialog.conflict_view.selectRow(row)
    assert [dialog.conflicts.index(row, c).data() for c in range(1, 6)] == [
        "Bezoek", "Conclusie", "Conclusie B", "Conclusie A", "Server hield zijn waarde; bezoek afgerond"]
    assert not dialog.keep_mine.isVisible()
    assert dialog.seen.isVisible() and dialog.make_addendum.isVisible()
    assert dialog.detail.text() == (
        "Dit bezoek is afgerond en vermeldt 'Conclusie A' bij „Conclusie”. Deze laptop had 'Conclusie B', "
        "de server 'Conclusie A'. Een afgerond bezoek verandert niet meer: markeer dit als gezien, of leg "
        "het verschil vast in een aanvulling.")
    dialog.make_addendum.click()
    assert dialog.addendum_dialog.text.toPlainText() == (
        "Op deze laptop was bij „Conclusie” 'Conclusie B' vastgelegd, op de server 'Conclusie A'; het "
        "afgeronde bezoek vermeldt 'Conclusie A'.")
    dialog.addendum_dialog.reject()
    before = dialog.conflicts.rowCount()
    dialog.conflict_view.selectRow(row)
    dialog.seen.click()
    assert dialog.message.text() == ""
    assert dialog.conflicts.rowCount() == before - 1
    assert b.visits.get(vid).conclusion == "Conclusie A"


def test_finalized_visit_that_fails_the_check_on_pull_offers_only_seen(server, laptop, qtbot, dutch) -> None:
    """A finalized visit from the server whose document was changed is not taken: explained, only "Gezien"."""
    a = laptop(server.url)
    b = laptop(server.url, "toezichthouder-zuid-2")
    vid = finalized(a)
    a.sync.run()
    from inspector.server.db import records

    with server.db.write() as conn:
        row = conn.execute(sa.select(records.c.data).where(records.c.id == vid)).one()
        data = json.loads(row.data)
        data["snapshot"] = data["snapshot"].replace('"conclusion":"', '"conclusion":"Gewijzigd. ', 1)
        conn.execute(sa.update(records).where(records.c.id == vid).values(data=json.dumps(data)))
    b.sync.run()
    [conflict] = b.sync.conflicts()
    assert conflict.kind == "seal_invalid"
    dialog = ConflictsDialog(b, SyncTaskRunner(), Bus())
    qtbot.addWidget(dialog)
    dialog.show()
    model = dialog.conflicts
    assert model.index(0, ConflictsModel.KIND).data() == "Niet overgenomen: controle mislukt"
    assert model.index(0, ConflictsModel.SERVER).data() == \
        f"afgerond bezoek, vingerafdruk {a.visits.get(vid).fingerprint[:15]}…"
    assert dialog.seen.isVisible() and dialog.seen.text().replace("&", "") == "Gezien"
    assert not dialog.make_addendum.isVisible()
    assert not dialog.keep_mine.isVisible() and not dialog.keep_server.isVisible()
    assert dialog.detail.text().startswith("De server stuurde een afgerond bezoek dat niet door de "
                                           "controle kwam")
    dialog.seen.click()
    assert model.rowCount() == 0 and b.sync.conflicts() == []


def test_sync_and_visit_translations_are_complete() -> None:
    """Every string of the sync dialogs and the visit steps has its Dutch translation."""
    for part in ("sync", "visit"):
        root = ElementTree.parse(TRANSLATIONS / f"{part}_nl.ts").getroot()
        unfinished = [m.findtext("source") for m in root.iter("message")
                      if m.find("translation").get("type") in ("unfinished", "obsolete")
                      or not (m.findtext("translation") or "").strip()]
        assert unfinished == [], part
