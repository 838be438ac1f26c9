"""The visit steps driven through the real widgets (pytest-qt, offscreen, real SQLCipher workspace)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PIL import Image
from PySide6.QtCore import QCoreApplication, QMimeData, QPoint, QPointF, Qt, QTranslator, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QToolButton,
    QWidget,
)

from inspector.workspace import Workspace
from ui.bus import Bus
from ui.tasks import SyncTaskRunner, TaskRunner
from ui.visit import VisitView
from ui.widgets.signature_pad import SignaturePad

ROOT = Path(__file__).resolve().parent.parent
TS_FILE = ROOT / "resources" / "translations" / "visit_nl.ts"
LRELEASE = Path(sys.executable).parent / "pyside6-lrelease"


# --- fixtures and helpers -------------------------------------------------------------------------
@pytest.fixture
def dutch(qapp, tmp_path):
    """The Dutch UI: visit_nl.ts compiled with lrelease and installed, core messages in Dutch."""
    qm = tmp_path / "visit_nl.qm"
    subprocess.run([str(LRELEASE), str(TS_FILE), "-qm", str(qm)], check=True, capture_output=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    qapp.setProperty("inspector_lang", "nl")
    yield translator
    QCoreApplication.removeTranslator(translator)


@pytest.fixture
def english(qapp):
    """The English UI (source strings), core messages in English."""
    qapp.setProperty("inspector_lang", "en")
    yield
    qapp.setProperty("inspector_lang", "nl")


def plan(ws: Workspace, template: str = "S1", *, ground: bool = True, number: str = "Z-2026-0001") -> str:
    """A case with an address and a client, and a planned visit of ``template``."""
    domain = {"S": "sociaal", "F": "fysiek", "O": "oov"}[template[0]]
    case = ws.cases.create(number, domain, postcode="3511AB", huisnummer="12", straat="Kerkstraat",
                          woonplaats="Utrecht", title="Demo")
    ws.cases.add_person(case.id, "Jansen", voornamen="Demo A", bsn="999993653")
    visit = ws.visits.plan(case.id, template, "2026-11-20T10:00")
    if ground:
        from inspector.model import Ground
        ws.visits.set_ground(visit.id, Ground("Post van een ander op het adres.", "Melding LAA", "2026-11-01",
                                       "Een gesprek op kantoor gaf geen uitsluitsel."))
    return visit.id


def started(ws: Workspace, *, photo_consent: bool = True, rooms: dict[str, str] | None = None) -> str:
    """An S1 visit that has started, with ID shown and consent given."""
    vid = plan(ws)
    ws.visits.start(vid)
    ws.visits.record_id_shown(vid)
    ws.visits.record_consent(vid, "given", "Demo A Jansen", form_signed=True, photo_consent=photo_consent)
    if rooms is not None:
        ws.visits.set_rooms(vid, rooms)
    return vid


def open_view(qtbot, ws: Workspace, vid: str, runner: TaskRunner | None = None) -> VisitView:
    view = VisitView(ws, runner or SyncTaskRunner(), Bus(), vid)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    qtbot.waitUntil(view.is_loaded)
    return view


def find(view: QWidget, cls: type, name: str):  # noqa: ANN201 - any widget type
    widget = view.findChild(cls, name)
    assert widget is not None, f"no {cls.__name__} named {name}"
    return widget


def click(qtbot, view: QWidget, cls: type, name: str) -> None:
    widget = find(view, cls, name)
    assert widget.isEnabled(), f"{name} is disabled"
    # check boxes and radio buttons react to a click on their indicator or text, not anywhere
    checkable = isinstance(widget, QCheckBox | QRadioButton)
    pos = QPoint(6, widget.height() // 2) if checkable else widget.rect().center()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def type_into(qtbot, view: QWidget, cls: type, name: str, text: str) -> None:
    widget = find(view, cls, name)
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def jpeg_file(path: Path, size: tuple[int, int] = (800, 600), color: str = "teal") -> Path:
    Image.new("RGB", size, color).save(path, "JPEG", quality=85)
    return path


def draw_signature(pad: SignaturePad) -> None:
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(40, 60))
    for x in range(50, 300, 25):
        QTest.mouseMove(pad, QPoint(x, 60 + (x % 50)))
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(300, 90))


def drop_files(widget: QWidget, paths: list[Path]) -> None:
    """Drop files on ``widget`` as a file manager would."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    for event in (enter, drop):
        QCoreApplication.sendEvent(widget, event)
        assert event.isAccepted()


def answer_yesno(qtbot, view: VisitView, item: str, value: str) -> None:
    click(qtbot, view, QRadioButton, f"answer_{item}_{value}")


# --- the full social visit --------------------------------------------------------------------------
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # PySide marks QDragEnterEvent's constructor
def test_full_s1_visit_from_planned_to_finalized(qtbot, workspace, tmp_path, dutch):
    """A complete S1 visit driven through the widgets ends finalized, with fingerprint, read-only."""
    ws = workspace
    case = ws.cases.create("Z-2026-0100", "sociaal", postcode="3511AB", huisnummer="7", straat="Dorpsweg",
                          woonplaats="Utrecht")
    ws.cases.add_person(case.id, "Visser", voornamen="Demo B", bsn="999993653")
    vid = ws.visits.plan(case.id, "S1", "2026-11-20T10:00").id
    view = open_view(qtbot, ws, vid)
    assert view.current_step() == "preparation"

    # Voorbereiding: without a ground the start is refused with the core's Dutch message
    click(qtbot, view, QPushButton, "start_visit")
    assert "zonder redelijke grond is onrechtmatig" in view.page("preparation").start_message.text()
    type_into(qtbot, view, QPlainTextEdit, "ground_facts", "Auto van een derde dagelijks voor de deur.")
    type_into(qtbot, view, QLineEdit, "ground_source", "Melding buren")
    type_into(qtbot, view, QLineEdit, "ground_date", "02-11-2026")
    type_into(qtbot, view, QPlainTextEdit, "ground_why_not_lighter", "Afschriften gaven geen uitsluitsel.")
    view.flush()
    assert ws.visits.get(vid).ground.date == "2026-11-02"
    click(qtbot, view, QPushButton, "start_visit")
    assert ws.visits.get(vid).status == "in_progress"
    assert view.current_step() == "access"
    assert find(view, QPlainTextEdit, "ground_facts").isReadOnly()

    # Toegang en toestemming: the bell rung, recorded with "Nu"
    click(qtbot, view, QPushButton, "rang_at_now")
    click(qtbot, view, QCheckBox, "id_shown")
    click(qtbot, view, QPushButton, "present_add")
    type_into(qtbot, view, QLineEdit, "present_name_0", "Demo B Visser")
    view.flush()
    consent_text = find(view, QPlainTextEdit, "consent_text").toPlainText()
    assert consent_text == ws.visits.consent_text(vid, "nl")
    assert "kan dat gevolgen hebben voor uw uitkering" in consent_text
    type_into(qtbot, view, QLineEdit, "consent_by", "Demo B Visser")
    click(qtbot, view, QRadioButton, "consent_given")
    click(qtbot, view, QCheckBox, "consent_understood")
    click(qtbot, view, QCheckBox, "consent_form_signed")
    click(qtbot, view, QCheckBox, "consent_photos")
    click(qtbot, view, QPushButton, "entered_at_now")
    consent = ws.visits.get(vid).consent
    assert (consent.status, consent.by, consent.photo_consent, consent.text_shown) == \
        ("given", "Demo B Visser", True, consent_text)
    for room in ("hal", "keuken", "slaapkamer_2", "badkamer", "zolder", "berging"):
        click(qtbot, view, QRadioButton, f"room_{room}_not_applicable")
    click(qtbot, view, QRadioButton, "room_woonkamer_viewed")
    click(qtbot, view, QRadioButton, "room_slaapkamer_1_viewed")
    for room in ("woonkamer", "slaapkamer_1"):
        opener = find(view, QComboBox, f"room_{room}_opener")
        opener.setCurrentIndex(opener.findText("Demo B Visser"))
        opener.activated.emit(opener.currentIndex())
    click(qtbot, view, QRadioButton, "caution_not_needed")
    type_into(qtbot, view, QLineEdit, "caution_reason", "Geen verhoor met het oog op een boete.")
    view.flush()
    assert ws.visits.get(vid).rooms["slaapkamer_1"] == "viewed"
    assert ws.visits.get(vid).caution.not_needed_reason == "Geen verhoor met het oog op een boete."
    assert ws.visits.get(vid).room_openers == {"woonkamer": "Demo B Visser", "slaapkamer_1": "Demo B Visser"}
    assert [m.code for m in ws.visits.missing(vid) if m.step == "access"] == ["ended_at_missing"]

    # Checklist: every required item by clicking and typing
    view.go_to_step("checklist")
    for item, value in (("id_gezien", "ja"), ("woont_op_opgegeven_adres", "ja"),
                        ("zelfstandige_woonruimte", "ja"), ("medebewoners", "nee"),
                        ("spullen_of_post_van_anderen", "nee"), ("kinderspullen", "nee"),
                        ("voertuig", "nee")):
        answer_yesno(qtbot, view, item, value)
    click(qtbot, view, QRadioButton, "answer_id_soort_paspoort")
    click(qtbot, view, QRadioButton, "answer_hoofdhuurder_aanvrager")
    click(qtbot, view, QCheckBox, "answer_signalen_werk_inkomen_geen")
    click(qtbot, view, QCheckBox, "answer_hulpvraag_schulden")
    answer_yesno(qtbot, view, "doorverwijzing_gewenst", "ja")
    for room, beds in (("woonkamer", "0"), ("slaapkamer_1", "1")):
        spin = find(view, QAbstractSpinBox, f"answer_bedden_in_gebruik:{room}")
        spin.setFocus()
        spin.selectAll()
        qtbot.keyClicks(spin, beds)
    type_into(qtbot, view, QPlainTextEdit, "answer_overige_waarnemingen", "Woning netjes en bewoond.")
    click(qtbot, view, QToolButton, "note_toggle_voertuig")
    type_into(qtbot, view, QPlainTextEdit, "note_voertuig", "Fiets in de gang.")
    view.flush()
    answers = ws.visits.answer_map(vid)
    assert answers["bedden_in_gebruik"] == {"woonkamer": 0, "slaapkamer_1": 1}
    assert answers["hulpvraag"] == ["schulden"]
    assert [a.note for a in ws.visits.answers(vid) if a.item_id == "voertuig"] == ["Fiets in de gang."]
    assert view.missing_count("checklist") == 0

    # Foto's: a photo for the photo item, dropped as a file onto the page
    view.go_to_step("photos")
    photo = jpeg_file(tmp_path / "woonkamer.jpg")
    view.page("photos").import_files([photo], item_id="fotos")
    drop_files(view.page("photos"), [jpeg_file(tmp_path / "keuken.jpg", color="orange")])
    assert [p.number for p in ws.visits.attachments(vid)] == [1, 2]
    assert ws.visits.answer_map(vid)["fotos"] == [ws.visits.attachments(vid)[0].id]
    assert view.page("photos").model.rowCount() == 2
    view.page("photos").select_row(0)
    type_into(qtbot, view, QLineEdit, "photo_caption", "Woonkamer, overzicht")
    view.flush()
    assert ws.visits.attachments(vid)[0].caption == "Woonkamer, overzicht"

    # Verklaring with a signature drawn on the pad
    view.go_to_step("statement")
    type_into(qtbot, view, QPlainTextEdit, "statement_text", "Ik woon hier alleen.")
    click(qtbot, view, QCheckBox, "statement_read_back")
    click(qtbot, view, QRadioButton, "statement_signed")
    draw_signature(find(view, SignaturePad, "signature_pad"))
    click(qtbot, view, QCheckBox, "statement_copy_given")
    view.flush()
    statement = ws.visits.get(vid).statement
    assert (statement.text, statement.read_back, statement.signed, statement.copy_given) == \
        ("Ik woon hier alleen.", True, True, True)
    assert ws.visits.blob(statement.signature_sha256)[:8] == b"\x89PNG\r\n\x1a\n"

    # Uitkomst: outcome, a Tafel van Elf cause, a referral with warm handover
    view.go_to_step("outcome")
    click(qtbot, view, QRadioButton, "outcome_doorverwijzing")
    click(qtbot, view, QCheckBox, "toe_T1")
    combo = find(view, QComboBox, "referral_kind")
    combo.setCurrentIndex(combo.findData("schuldhulpverlening"))
    click(qtbot, view, QCheckBox, "referral_handover")
    type_into(qtbot, view, QLineEdit, "referral_handed_to", "Team Schuldhulp")
    click(qtbot, view, QPushButton, "referral_add")
    visit = ws.visits.get(vid)
    assert (visit.outcome, visit.toe_causes) == ("doorverwijzing", ["T1"])
    assert [(r.kind, r.consent_handover, r.handed_to) for r in visit.referrals] == \
        [("schuldhulpverlening", True, "Team Schuldhulp")]
    assert find(view, QListWidget, "referral_list").count() == 1

    # Afronden, after leaving the home
    view.go_to_step("access")
    click(qtbot, view, QPushButton, "ended_at_now")
    view.go_to_step("finalize")
    assert ws.visits.missing(vid) == []
    click(qtbot, view, QPushButton, "finalize_button")
    assert ws.visits.get(vid).status == "in_progress"  # nothing happens before the confirmation
    click(qtbot, view, QPushButton, "finalize_confirm_yes")
    visit = ws.visits.get(vid)
    assert visit.status == "finalized"
    assert find(view, QLineEdit, "fingerprint").text() == visit.fingerprint
    assert re.fullmatch(r"v2:[0-9a-f]{64}", visit.fingerprint)
    assert ws.evidence.verify(vid).ok
    assert find(view, QLabel, "visit_status").text() == "Afgerond"
    assert find(view, QPlainTextEdit, "statement_text").isReadOnly()
    assert find(view, QLineEdit, "consent_by").isReadOnly()
    assert not find(view, QRadioButton, "answer_voertuig_ja").isEnabled()
    assert not find(view, QPushButton, "referral_add").isEnabled()
    assert not find(view, QPushButton, "photos_import").isEnabled()


def test_refusal_at_the_door_from_planned_to_finalized(qtbot, workspace, dutch):
    """A refusal at the door leads straight to the outcome and can be finalized."""
    ws = workspace
    vid = plan(ws)
    view = open_view(qtbot, ws, vid)
    click(qtbot, view, QPushButton, "start_visit")
    click(qtbot, view, QPushButton, "rang_at_now")
    click(qtbot, view, QCheckBox, "id_shown")
    type_into(qtbot, view, QLineEdit, "consent_by", "Demo A Jansen")
    type_into(qtbot, view, QLineEdit, "consent_form_reason", "Toegang geweigerd")
    click(qtbot, view, QRadioButton, "consent_refused")
    message = view.page("access").consent_message.text()
    assert message.startswith("Ook bij een weigering moet u de gevolgen van weigeren uitleggen")
    click(qtbot, view, QCheckBox, "consent_consequences")
    assert ws.visits.get(vid).consent.status == "refused"
    assert view.page("access").consent_message.text() == ""
    assert find(view, QWidget, "refusal_notice").isVisible()
    assert "(n.v.t.)" in view.step_list.item(2).text()
    view.move(1)  # Ctrl+PgDown skips the steps that do not apply after a refusal
    assert view.current_step() == "outcome"
    view.go_to_step("access")
    click(qtbot, view, QPushButton, "refusal_to_outcome")
    assert view.current_step() == "outcome"
    click(qtbot, view, QRadioButton, "outcome_afgewezen")
    view.go_to_step("access")
    assert not find(view, QPushButton, "entered_at_now").isEnabled()  # nobody entered
    click(qtbot, view, QPushButton, "ended_at_now")
    view.go_to_step("finalize")
    assert find(view, QListWidget, "finalize_missing").count() == 0
    click(qtbot, view, QPushButton, "finalize_button")
    click(qtbot, view, QPushButton, "finalize_confirm_yes")
    visit = ws.visits.get(vid)
    assert (visit.status, visit.outcome, visit.consent.consequences_explained) == \
        ("finalized", "afgewezen", True)
    assert find(view, QLineEdit, "fingerprint").text() == visit.fingerprint


# --- skip logic, missing items, navigation ----------------------------------------------------------
def test_skip_logic_shows_and_hides_a_dependent_required_item(qtbot, workspace, english):
    """Answering 'yes' makes a dependent item appear and become required; 'no' hides it again."""
    ws = workspace
    vid = started(ws, rooms={"woonkamer": "viewed"})
    view = open_view(qtbot, ws, vid)
    view.go_to_step("checklist")
    page = view.page("checklist")
    dependent = page.editor("aantal_medebewoners")
    assert not dependent.isVisibleTo(page)
    answer_yesno(qtbot, view, "medebewoners", "ja")
    assert dependent.isVisibleTo(page)
    assert dependent.missing_label.isVisibleTo(page)
    assert "aantal_medebewoners" in [m.item_id for m in ws.visits.missing(vid)]
    assert "Required: Number of other occupants" in view.page("checklist").banner.messages
    answer_yesno(qtbot, view, "medebewoners", "nee")
    assert not dependent.isVisibleTo(page)
    assert "aantal_medebewoners" not in [m.item_id for m in ws.visits.missing(vid)]


def test_per_room_items_follow_the_rooms_marked_viewed(qtbot, workspace, english):
    """A per-room item is asked once for every room marked viewed, and only for those."""
    ws = workspace
    vid = started(ws)
    view = open_view(qtbot, ws, vid)
    click(qtbot, view, QRadioButton, "room_slaapkamer_1_viewed")
    click(qtbot, view, QRadioButton, "room_zolder_viewed")
    page = view.page("checklist")
    beds = sorted(room for item, room in page.editors if item == "bedden_in_gebruik")
    assert beds == ["slaapkamer_1", "zolder"]
    click(qtbot, view, QRadioButton, "room_zolder_refused")
    assert [room for item, room in page.editors if item == "bedden_in_gebruik"] == ["slaapkamer_1"]


def test_finalize_page_lists_missing_items_and_jumps_to_them(qtbot, workspace, english):
    """Each missing item on the finalize page is a link to its step (and to the checklist item)."""
    ws = workspace
    vid = started(ws, rooms={"woonkamer": "viewed"})
    view = open_view(qtbot, ws, vid)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.go_to_step("finalize")
    missing = find(view, QListWidget, "finalize_missing")
    texts = [missing.item(n).text() for n in range(missing.count())]
    assert texts[0] == "Access and consent: Rang the bell: record when you rang the bell."
    assert "Access and consent: Record whether the caution was given (or why it was not needed)." in texts
    assert "Checklist: Required: Does the applicant actually live at the stated address?" in texts
    assert not find(view, QPushButton, "finalize_button").isEnabled()
    missing_items = [m for m in ws.visits.missing(vid) if m.step == "checklist"]
    assert view.missing_count("checklist") == len(missing_items)
    row = texts.index("Checklist: Required: Does the applicant actually live at the stated address?")
    rect = missing.visualItemRect(missing.item(row))
    qtbot.mouseClick(missing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.current_step() == "checklist"
    editor = view.page("checklist").editor("woont_op_opgegeven_adres")
    assert editor.isAncestorOf(QCoreApplication.instance().focusWidget())
    assert not editor.visibleRegion().isEmpty()
    view.go_to_step("finalize")
    rect = missing.visualItemRect(missing.item(0))
    qtbot.mouseClick(missing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.current_step() == "access"


def test_keyboard_moves_between_steps(qtbot, workspace, english):
    """Ctrl+PgDown/PgUp and Alt+number move between the steps without a mouse."""
    ws = workspace
    view = open_view(qtbot, ws, plan(ws))
    view.activateWindow()
    view.step_list.setFocus()
    qtbot.waitUntil(view.isActiveWindow)
    assert view.current_step() == "preparation"
    QTest.keyClick(view.step_list, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert view.current_step() == "access"
    QTest.keyClick(view.step_list, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)
    assert view.current_step() == "outcome"
    QTest.keyClick(view.step_list, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert view.current_step() == "statement"


def test_every_input_has_an_accessible_name(qtbot, workspace, english):
    """Screen readers get a name for every input on every step."""
    ws = workspace
    view = open_view(qtbot, ws, started(ws, rooms={"woonkamer": "viewed"}))
    unnamed, checked = [], 0
    for cls in (QLineEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox, QRadioButton, QCheckBox):
        for widget in view.findChildren(cls):
            if isinstance(widget.parent(), QAbstractSpinBox | QComboBox):
                continue  # the line edit inside a spin box or combo box
            if "report" in view.pages and view.page("report").isAncestorOf(widget):
                continue  # the report panel is tested with the report
            checked += 1
            if not widget.accessibleName():
                unnamed.append(f"{cls.__name__} {widget.objectName()}")
    assert unnamed == []
    assert checked > 150  # every step's inputs were looked at


def test_dutch_number_and_date_inputs(qtbot, workspace, dutch):
    """A decimal comma is a number; a wrong date gets the core's Dutch message and the text is kept."""
    ws = workspace
    f3 = plan(ws, "F3", ground=False, number="Z-2026-0201")
    ws.visits.start(f3)
    ws.visits.record_id_shown(f3)
    ws.visits.record_consent(f3, "given", "Demo A Jansen")
    ws.visits.set_rooms(f3, {"kamer_1": "viewed"})
    view = open_view(qtbot, ws, f3)
    spin = find(view, QAbstractSpinBox, "answer_vloeroppervlak_m2:kamer_1")
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "12,5")
    view.flush()
    assert ws.visits.answer_map(f3)["vloeroppervlak_m2"] == {"kamer_1": 12.5}
    assert spin.text() == "12,5"

    o2 = plan(ws, "O2", ground=False, number="Z-2026-0202")
    ws.visits.start(o2)
    view = open_view(qtbot, ws, o2)
    type_into(qtbot, view, QLineEdit, "answer_overlast_sinds", "31-02-2026")
    view.flush()
    editor = view.page("checklist").editor("overlast_sinds")
    assert editor.message.text() == "Overlast sinds: geen geldige datum (dd-mm-jjjj)"
    view.ctx.reload()
    assert find(view, QLineEdit, "answer_overlast_sinds").text() == "31-02-2026"
    line = find(view, QLineEdit, "answer_overlast_sinds")
    line.selectAll()
    qtbot.keyClicks(line, "28-02-2026")
    view.flush()
    assert ws.visits.answer_map(o2)["overlast_sinds"] == "2026-02-28"
    assert editor.message.text() == ""


def test_consent_text_follows_the_ground(qtbot, workspace, english):
    """The consent text shown is the template's variant for a visit without a reasonable ground."""
    ws = workspace
    vid = plan(ws, "O2", ground=False)
    ws.visits.start(vid)
    view = open_view(qtbot, ws, vid)
    tpl = ws.visits.template(ws.visits.get(vid))
    assert find(view, QPlainTextEdit, "consent_text").toPlainText() == tpl.consent_without_ground.en
    assert tpl.consent_without_ground.en != tpl.consent_with_ground.en


# --- autosave ---------------------------------------------------------------------------------------
def test_autosave_survives_closing_and_reopening(qtbot, workspace, tmp_path, english):
    """Typed text is saved without a Save button and comes back, on the same step, in a new Workspace."""
    ws = workspace
    vid = started(ws)
    runner = TaskRunner()
    view = open_view(qtbot, ws, vid, runner)
    view.go_to_step("statement")
    text = find(view, QPlainTextEdit, "statement_text")
    text.setFocus()
    qtbot.keyClicks(text, "Ik woon hier sinds maart.")
    qtbot.waitUntil(lambda: view.save_label.text() == "Saved", timeout=3000)
    click(qtbot, view, QPushButton, "visit_close")
    assert runner.wait(5000)
    folder = ws.directory
    ws.close()

    ws2 = Workspace.open(folder)
    try:
        runner2 = TaskRunner()
        view2 = open_view(qtbot, ws2, vid, runner2)
        assert view2.current_step() == "statement"
        assert find(view2, QPlainTextEdit, "statement_text").toPlainText() == "Ik woon hier sinds maart."
        assert runner2.wait(5000)
        assert ws2.settings.get("ui_last_visit") == vid
        view2.close()
        assert runner2.wait(5000)
    finally:
        ws2.close()


def test_step_asked_for_at_opening_wins_over_the_remembered_one(qtbot, workspace, english):
    """Opening a visit at a given step shows that step, not the one remembered from last time."""
    ws = workspace
    vid = started(ws)
    ws.settings.set("ui_last_visit", vid)
    ws.settings.set("ui_last_step", "statement")
    runner = TaskRunner()
    view = VisitView(ws, runner, Bus(), vid)
    qtbot.addWidget(view)
    view.go_to_step("outcome")
    qtbot.waitUntil(view.is_loaded)
    assert view.current_step() == "outcome"
    assert runner.wait(5000)
    assert ws.settings.get("ui_last_step") == "outcome"


def test_pending_typing_is_saved_when_the_view_closes(qtbot, workspace, english):
    """Text still waiting for the typing pause is written when the visit is closed."""
    ws = workspace
    vid = plan(ws, ground=False)
    view = open_view(qtbot, ws, vid)
    type_into(qtbot, view, QPlainTextEdit, "ground_facts", "Melding van de buren.")
    assert ws.visits.get(vid).ground.facts == ""
    click(qtbot, view, QPushButton, "visit_close")
    assert ws.visits.get(vid).ground.facts == "Melding van de buren."


def test_failed_save_shows_message_and_keeps_the_text(qtbot, workspace, dutch):
    """A save the database refuses is shown inline in Dutch; the typed text stays and saves later."""
    ws = workspace
    vid = started(ws)
    view = open_view(qtbot, ws, vid)
    view.go_to_step("statement")
    ws.db.execute("PRAGMA query_only = ON")  # the database now refuses every write
    type_into(qtbot, view, QPlainTextEdit, "statement_text", "Eerste zin.")
    view.flush()
    page = view.page("statement")
    assert "alleen-lezen" in page.message.text()
    assert view.save_label.text() == "Niet opgeslagen"
    view.ctx.reload()  # a refresh must not overwrite what was typed
    assert find(view, QPlainTextEdit, "statement_text").toPlainText() == "Eerste zin."
    ws.db.execute("PRAGMA query_only = OFF")
    type_into(qtbot, view, QPlainTextEdit, "statement_text", " Tweede zin.")
    view.flush()
    assert ws.visits.get(vid).statement.text == "Eerste zin. Tweede zin."
    assert page.message.text() == ""
    assert view.save_label.text() == "Opgeslagen"


# --- photos -----------------------------------------------------------------------------------------
def test_corrupt_photo_gives_dutch_message_and_good_one_imports(qtbot, workspace, tmp_path, dutch):
    """A damaged file gets the core's Dutch message; the good photo beside it is imported."""
    ws = workspace
    vid = started(ws)
    good = jpeg_file(tmp_path / "goed.jpg")
    broken = tmp_path / "kapot.jpg"
    broken.write_bytes(good.read_bytes()[:600])
    runner = TaskRunner()
    view = open_view(qtbot, ws, vid, runner)
    view.go_to_step("photos")
    page = view.page("photos")
    page.import_files([broken, good])
    qtbot.waitUntil(lambda: page.importer.done == 2 and page.model.rowCount() == 1, timeout=10_000)
    assert runner.wait(5000)
    assert page.errors.text() == ("De foto ‘kapot.jpg’ is beschadigd of onvolledig. Kopieer het bestand "
                                  "opnieuw van het toestel of kies een andere foto.")
    assert [a.number for a in ws.visits.attachments(vid)] == [1]
    qtbot.waitUntil(lambda: ws.visits.attachments(vid)[0].sha256 in view.ctx.thumbs)
    index = page.model.index(0)
    assert index.data(Qt.ItemDataRole.DecorationRole).width() == 160


def test_photos_are_refused_without_photo_consent(qtbot, workspace, tmp_path, dutch):
    """Without photo consent the core's Dutch refusal is shown and nothing is stored."""
    ws = workspace
    vid = started(ws, photo_consent=False)
    view = open_view(qtbot, ws, vid)
    view.go_to_step("photos")
    page = view.page("photos")
    assert page.consent_notice.isVisibleTo(page)
    page.import_files([jpeg_file(tmp_path / "a.jpg"), jpeg_file(tmp_path / "b.jpg")])
    assert page.errors.text() == ("Er is geen toestemming voor foto's vastgelegd. Vraag die eerst en "
                                  "leg hem vast.")
    assert ws.visits.attachments(vid) == []


def test_photo_model_passes_qtmodeltester(qtbot, qtmodeltester, workspace, tmp_path, english):
    """The photo list model behaves as Qt expects."""
    ws = workspace
    vid = started(ws)
    for n in range(3):
        ws.visits.add_photo(vid, jpeg_file(tmp_path / f"{n}.jpg"), caption=f"Foto {n}")
    view = open_view(qtbot, ws, vid)
    model = view.page("photos").model
    assert model.rowCount() == 3
    assert model.index(2).data() == "3. Foto 2"
    qtmodeltester.check(model)


# --- signature pad and Dutch UI ---------------------------------------------------------------------
def test_signature_pad_produces_a_transparent_png(qtbot):
    """Strokes drawn with the mouse come out as a non-empty PNG with a transparent background."""
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(400, 190)
    pad.show()
    assert pad.is_empty() and pad.to_png() == b""
    with qtbot.waitSignal(pad.changed):
        draw_signature(pad)
    assert not pad.is_empty()
    image = Image.open(io.BytesIO(pad.to_png()))
    assert (image.format, image.mode, image.size) == ("PNG", "RGBA", (400, 190))
    assert image.getpixel((2, 2))[3] == 0
    assert image.getchannel("A").getextrema()[1] == 255
    pad.clear()
    assert pad.is_empty()


def test_dutch_translation_is_complete_and_used(qtbot, workspace, dutch):
    """Every visit string has a Dutch translation, and the steps show in Dutch."""
    unfinished = [m.findtext("source") for m in ElementTree.parse(TS_FILE).getroot().iter("message")
                  if m.find("translation").get("type") in ("unfinished", "obsolete")]
    assert unfinished == []
    view = open_view(qtbot, workspace, plan(workspace))
    steps = [view.step_list.item(n).text().split(". ", 1)[1] for n in range(view.step_list.count())]
    assert [s for s in steps if s != "Rapport"] == [
        "Voorbereiding", "Toegang en toestemming (1)", "Checklist", "Foto's", "Verklaring", "Uitkomst",
        "Afronden (1)"]
    assert view.step_list.item(1).data(Qt.ItemDataRole.AccessibleTextRole) == \
        "2. Toegang en toestemming: 1 open"
    assert find(view, QPushButton, "start_visit").text() == "Bezoek starten"
