"""Evidence in the desktop app: what holds of a finalized visit and its addenda. Real widgets, real
SQLCipher workspaces, a real server for the receipt."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QPushButton, QTableView

from inspector.workspace import Workspace
from tests.test_sync import finalized_visit, make_case
from ui.bus import Bus
from ui.labels import format_datetime
from ui.sync_ui import SyncController
from ui.tasks import SyncTaskRunner, TaskRunner
from ui.visit import VisitView

pytest_plugins = ["tests.servers"]

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
LRELEASE = Path(sys.executable).parent / "pyside6-lrelease"


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
    assert view.findChild(QLineEdit, "followup_note").isReadOnly()


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
