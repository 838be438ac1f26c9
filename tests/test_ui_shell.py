"""The app shell driven through real widgets: start-up, main window, lists, dialogs, language."""

from __future__ import annotations

import logging
import re
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QPersistentModelIndex, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
)

from inspector import demo
from inspector.model import Changes
from inspector.workspace import Workspace
from ui import app as app_module
from ui import i18n, labels
from ui.bus import Bus
from ui.case_dialogs import NewCaseDialog, PlanVisitDialog
from ui.main_window import MainWindow
from ui.models import RECORD_ROLE, CaseFilterProxy, CaseTableModel, VisitFilterProxy, VisitTableModel
from ui.settings_dialog import SettingsDialog
from ui.start_dialogs import FirstRunDialog, RestoreOffer, UnlockDialog
from ui.tasks import TaskRunner
from ui.view_helpers import LatestOnly

DATE = re.compile(r"^[0-3][0-9]-[01][0-9]-20[0-9]{2}( [0-2][0-9]:[0-5][0-9])?$")


# --- fixtures -----------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def dutch(qapp):
    """Every test here runs the Dutch UI from the built .qm files, as the app does by default."""
    loaded = i18n.install_translators(qapp, "nl")
    assert [p.name for p in loaded if p.name == "app_nl.qm"] == ["app_nl.qm"]
    yield
    i18n.remove_translators(qapp)  # leave the application as other test modules expect it


@pytest.fixture
def runner():
    """The real background lanes; drained before the workspace closes."""
    r = TaskRunner()
    yield r
    r.wait()


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory):
    """One demo workspace (36 cases over every visit type) shared by the read-only tests."""
    ws = Workspace.open(tmp_path_factory.mktemp("demo") / "ws", "demo-passphrase-for-tests")
    demo.seed(ws, photos=False)
    yield ws
    ws.close()


@pytest.fixture
def qsettings(tmp_path):
    """App preferences (the language) in a temporary ini file."""
    return QSettings(str(tmp_path / "inspector.ini"), QSettings.Format.IniFormat)


def on_db(runner: TaskRunner, fn):
    """Run ``fn`` on the DB lane and wait for it (tests touch the workspace only through the lane)."""
    box = {}
    runner.run_db(fn, lambda r: box.setdefault("r", r), lambda e: box.setdefault("e", e))
    runner.wait()
    QApplication.processEvents()
    if "e" in box:
        raise box["e"]
    return box.get("r")


def ok_button(dialog: QDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def make_window(qtbot, ws, runner, bus=None) -> MainWindow:
    window = MainWindow(ws, runner, bus or Bus())
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: window._loaded_emitted, timeout=10_000)
    return window


# --- models ---------------------------------------------------------------------------------------
def test_case_model_passes_qtmodeltester_with_demo_data(qtmodeltester, demo_ws):
    """CaseTableModel and its proxy pass qtmodeltester; domain and dates show as words and dd-mm-jjjj."""
    model = CaseTableModel()
    model.set_rows(demo_ws.cases.find())
    qtmodeltester.check(model)
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    assert model.rowCount() == 36
    assert model.headerData(CaseTableModel.NUMBER, Qt.Orientation.Horizontal) == "Zaaknummer"
    domains = {model.index(r, CaseTableModel.DOMAIN).data() for r in range(36)}
    assert domains == {"Sociaal", "Fysiek", "Openbare orde"}
    visits = [model.index(r, CaseTableModel.NEXT_VISIT).data() for r in range(36)]
    assert all(DATE.match(v) for v in visits if v)
    assert model.index(0, CaseTableModel.BSN).data().startswith("******")


def test_visit_model_passes_qtmodeltester_with_demo_data(qtmodeltester, demo_ws):
    """VisitTableModel passes qtmodeltester; statuses are Dutch words, visit types carry their title."""
    model = VisitTableModel()
    model.set_catalog(labels.load_catalog())
    model.set_rows(demo_ws.visits.find())
    qtmodeltester.check(model)
    proxy = VisitFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    assert model.rowCount() == 36
    statuses = {model.index(r, VisitTableModel.STATUS).data() for r in range(36)}
    assert statuses <= {"Gepland", "Bezig", "Afgerond"} and "Gepland" in statuses
    types = {model.index(r, VisitTableModel.TYPE).data() for r in range(36)}
    assert "S1 Intake / handhaving aan de poort" in types
    assert all(DATE.match(model.index(r, VisitTableModel.PLANNED).data()) for r in range(36))


def test_proxies_filter_on_domain_and_status_and_sort_on_surname(demo_ws):
    """Domain and status filters keep matching rows; sorting goes by surname and keeps persistent indexes."""
    model = CaseTableModel()
    model.set_rows(demo_ws.cases.find())
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_domain("oov")
    assert proxy.rowCount() == 10
    assert {proxy.index(r, 0).data(RECORD_ROLE).domain for r in range(10)} == {"oov"}
    proxy.set_domain("")
    kept = QPersistentModelIndex(proxy.index(7, CaseTableModel.NUMBER))
    number = kept.data()
    proxy.sort(CaseTableModel.CLIENT, Qt.SortOrder.AscendingOrder)
    assert proxy.index(0, CaseTableModel.CLIENT).data() == "Bakker, D.D."
    assert kept.isValid() and kept.data() == number
    proxy.sort(CaseTableModel.CLIENT, Qt.SortOrder.DescendingOrder)
    assert proxy.index(35, CaseTableModel.CLIENT).data() == "Bakker, D.D."
    visits = VisitTableModel()
    visits.set_rows(demo_ws.visits.find())
    vproxy = VisitFilterProxy()
    vproxy.setSourceModel(visits)
    vproxy.set_statuses(["planned"])
    assert vproxy.rowCount() == 18


def test_single_record_update_emits_data_changed(qtbot, demo_ws):
    """update_record replaces one row in place and signals dataChanged for that row only."""
    model = CaseTableModel()
    rows = demo_ws.cases.find()
    model.set_rows(rows)
    changed = rows[3]
    changed.status = "closed"
    with qtbot.waitSignal(model.dataChanged) as blocker:
        assert model.update_record(changed)
    assert blocker.args[0].row() == 3 and blocker.args[1].row() == 3
    assert model.index(3, CaseTableModel.STATUS).data() == "Gesloten"


# --- Dossiers: search-as-you-type ---------------------------------------------------------------
def test_search_as_you_type_ignores_diacritics(qtbot, demo_ws, runner):
    """Typing 'coordinatie' in the search field lists only the cases on the Coördinatiestraat."""
    window = make_window(qtbot, demo_ws, runner)
    window.show_cases()
    qtbot.waitUntil(lambda: window.cases.model.rowCount() == 36, timeout=10_000)
    qtbot.keyClicks(window.cases.search, "coordinatie")
    qtbot.waitUntil(lambda: window.cases.model.rowCount() == 5, timeout=10_000)
    addresses = [window.cases.model.record(r).address for r in range(5)]
    assert all(a.startswith("Coördinatiestraat ") for a in addresses)
    assert window.cases.count.text() == "5 zaken"
    qtbot.waitUntil(lambda: window.cases.detail.detail is not None, timeout=10_000)
    assert window.cases.detail.title.text().startswith("DEMO-")


def test_search_finds_a_case_by_bsn_and_shows_it_masked(qtbot, demo_ws, runner):
    """A full BSN typed in the search finds its case; the detail shows that BSN masked."""
    window = make_window(qtbot, demo_ws, runner)
    window.focus_search()
    assert window.cases.search.hasFocus() or not window.isActiveWindow()
    person = on_db(runner, lambda: demo_ws.cases.persons(demo_ws.cases.find()[4].id)[0])
    window.cases.search.setText(person.bsn)
    qtbot.waitUntil(lambda: window.cases.model.rowCount() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: window.cases.detail.detail is not None
                    and window.cases.detail.detail.case.id == person.case_id, timeout=10_000)
    shown = window.cases.detail.persons.text()
    assert person.bsn not in shown
    assert f"BSN ******{person.bsn[-3:]}" in shown


def test_stale_search_results_are_dropped(qtbot, runner):
    """Of two loads in a row only the newest result is delivered; the older one is dropped."""
    delivered = []
    loader = LatestOnly(runner, delivered.append, lambda exc: delivered.append(exc))
    loader.run(lambda: (time.sleep(0.2), "old")[1])
    loader.run(lambda: "new")
    qtbot.waitUntil(lambda: loader.running == 0, timeout=5_000)
    assert delivered == ["new"]


# --- dialogs ------------------------------------------------------------------------------------
def test_new_case_dialog_shows_dutch_inline_errors_then_creates_the_case(qtbot, workspace, runner):
    """A wrong BSN and postcode get Dutch messages under their fields; fixed, the case is created."""
    bus = Bus()
    dialog = NewCaseDialog(workspace, runner, bus)
    qtbot.addWidget(dialog)
    dialog.show()
    for key, text in (("number", "2026-0001"), ("voornamen", "Demo"), ("voorvoegsel", "van den"),
                      ("geslachtsnaam", "Berg"), ("bsn", "123456789"), ("postcode", "1234 SA"),
                      ("huisnummer", "12"), ("woonplaats", "Utrecht")):
        qtbot.keyClicks(dialog.edits[key], text)
    dialog.edits["straat"].setText("Coördinatiestraat")  # QTest types ASCII only
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.errors.labels["bsn"].text() == \
        "Dit BSN (******789) klopt niet: de elfproef faalt. Controleer de cijfers."
    assert dialog.errors.labels["postcode"].text() == \
        "Postcodes met de letters SA, SD of SS bestaan niet. Controleer de postcode."
    assert dialog.errors.labels["bsn"].isVisible() and dialog.errors.labels["postcode"].isVisible()
    assert dialog.isVisible()
    assert on_db(runner, workspace.cases.find) == []

    dialog.edits["bsn"].clear()
    qtbot.keyClicks(dialog.edits["bsn"], "999993653")
    assert dialog.errors.labels["bsn"].text() == ""  # editing clears the message
    dialog.edits["postcode"].clear()
    qtbot.keyClicks(dialog.edits["postcode"], "1234 ab")
    with qtbot.waitSignal(bus.changed, timeout=10_000):
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    rows = on_db(runner, workspace.cases.find)
    assert [(r.number, r.address, r.client, r.bsn_masked) for r in rows] == [
        ("2026-0001", "Coördinatiestraat 12, 1234 AB Utrecht", "D. van den Berg", "******653")]


def test_new_case_dialog_reports_a_taken_case_number_under_the_field(qtbot, workspace, runner):
    """A case number that exists already is said under the case-number field (from the core)."""
    on_db(runner, lambda: workspace.cases.create("2026-0002", "fysiek", postcode="3511AB", huisnummer=1))
    dialog = NewCaseDialog(workspace, runner, Bus())
    qtbot.addWidget(dialog)
    dialog.show()
    for key, text in (("number", "2026-0002"), ("postcode", "3511 AB"), ("huisnummer", "2")):
        qtbot.keyClicks(dialog.edits[key], text)
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.errors.labels["number"].text() != "", timeout=10_000)
    assert dialog.errors.labels["number"].text() == "Zaaknummer 2026-0002 bestaat al."
    assert dialog.isVisible()


def test_plan_visit_dialog_offers_the_domain_types_and_plans(qtbot, workspace, runner):
    """Only visit types of the case's domain are offered; the chosen one is planned at date and time."""
    case = on_db(runner, lambda: workspace.cases.create("2026-0003", "sociaal", postcode="3511AB",
                                                       huisnummer=3))
    dialog = PlanVisitDialog(workspace, runner, Bus(), case.id, "sociaal")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.visit_type.count() > 0, timeout=10_000)
    assert [dialog.visit_type.itemData(i) for i in range(dialog.visit_type.count())] == ["S1", "S2", "S3"]
    dialog.visit_type.setCurrentIndex(1)
    dialog.date.setDate(dialog.date.date().fromString("02-12-2026", "dd-MM-yyyy"))
    dialog.time.setTime(dialog.time.time().fromString("10:30", "HH:mm"))
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.visit is not None, timeout=10_000)
    visits = on_db(runner, lambda: workspace.visits.find(case_id=case.id))
    assert [(v.template_id, v.planned_at, v.status) for v in visits] == [
        ("S2", "2026-12-02T10:30", "planned")]


def test_first_run_dialog_stores_the_profile(qtbot, tmp_path, runner):
    """A missing appointment number is said inline; filled in, name, number and team are stored."""
    ws = Workspace.open(tmp_path / "new")
    try:
        assert ws.settings.needs_profile()
        dialog = FirstRunDialog(ws, runner)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.name, "Toezichthouder Test")
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.errors.labels["appointment"].text() != "", timeout=10_000)
        assert dialog.errors.labels["appointment"].text() == \
            "Vul uw aanstellingsnummer (toezichthouder/BOA-nummer) in."
        qtbot.keyClicks(dialog.appointment, "TH-0042")
        qtbot.keyClicks(dialog.team, "Team Zuid")
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10_000)
        profile = on_db(runner, ws.settings.profile)
        assert (profile.name, profile.appointment, profile.team) == (
            "Toezichthouder Test", "TH-0042", "Team Zuid")
        assert on_db(runner, ws.cases.find) == []
    finally:
        runner.wait()
        ws.close()


def test_first_run_dialog_loads_demo_data_on_request(qtbot, tmp_path, runner):
    """With 'Demogegevens laden' ticked the demo cases are created on the DB lane."""
    ws = Workspace.open(tmp_path / "new")
    try:
        dialog = FirstRunDialog(ws, runner)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.name, "Toezichthouder Test")
        qtbot.keyClicks(dialog.appointment, "TH-0042")
        dialog.demo.setChecked(True)
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
        assert dialog.busy_bar.isVisible()
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=30_000)
        assert dialog.demo_cases == 36
        assert len(on_db(runner, ws.cases.find)) == 36
        assert on_db(runner, ws.settings.profile).name == "Toezichthouder Test"
    finally:
        runner.wait()
        ws.close()


def test_passphrase_dialog_without_keyring(qtbot, tmp_path, runner, no_keyring):
    """No secure keyring: a new passphrase is asked twice; later a wrong one is said inline, then it opens."""
    directory = tmp_path / "ws"
    info = Workspace.inspect(directory)
    assert (info.needs_passphrase, info.new_passphrase) == (True, True)
    dialog = UnlockDialog(info, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = " ".join(w.text() for w in dialog.findChildren(QLabel))
    assert "Er is geen beveiligde sleutelbos (keyring) op deze computer." in texts
    qtbot.keyClicks(dialog.passphrase, "kort")
    qtbot.keyClicks(dialog.confirm, "kort")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.errors.labels["passphrase"].text() == "Kies een wachtwoordzin van minstens 10 tekens."
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, "een lange wachtwoordzin")
    dialog.confirm.clear()
    qtbot.keyClicks(dialog.confirm, "een andere wachtwoordzin")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.errors.labels["confirm"].text() == "De twee wachtwoordzinnen verschillen. Typ hem opnieuw."
    qtbot.keyClicks(dialog.confirm, "een lange wachtwoordzin")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.workspace is not None, timeout=10_000)
    dialog.workspace.close()

    info = Workspace.inspect(directory)
    assert (info.needs_passphrase, info.new_passphrase) == (True, False)
    again = UnlockDialog(info, runner)
    qtbot.addWidget(again)
    again.show()
    assert again.confirm is None
    qtbot.keyClicks(again.passphrase, "niet de goede zin")
    qtbot.mouseClick(ok_button(again), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: again.errors.labels["passphrase"].text() != "", timeout=10_000)
    assert again.errors.labels["passphrase"].text() == (
        "De database kan niet worden geopend: de sleutel of wachtwoordzin klopt niet. Er is niets "
        "gewijzigd; probeer het opnieuw.")
    assert again.isVisible() and again.workspace is None
    again.passphrase.clear()
    qtbot.keyClicks(again.passphrase, "een lange wachtwoordzin")
    qtbot.mouseClick(ok_button(again), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: again.workspace is not None, timeout=10_000)
    assert again.result() == QDialog.DialogCode.Accepted
    again.workspace.close()


def test_settings_dialog_saves_workspace_settings_and_language(qtbot, workspace, runner, qsettings):
    """Municipality, BSN on reports, photo size and profile go to the workspace; the language to QSettings."""
    bus = Bus()
    dialog = SettingsDialog(workspace, runner, bus, None, qsettings)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.name.text() == "Toezichthouder Test", timeout=10_000)
    qtbot.keyClicks(dialog.municipality, "Gemeente Demo")
    dialog.municipality_address.setPlainText("Postbus 1\n3500 AA Utrecht")
    dialog.show_bsn.setChecked(True)
    dialog.photo_size.setValue(1600)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    with qtbot.waitSignal(bus.changed, timeout=10_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    runner.wait()
    assert dialog.language_changed
    assert on_db(runner, lambda: (workspace.settings.get("municipality"),
                                  workspace.settings.get("report_show_bsn"),
                                  workspace.settings.get("photo_max_long_side"))) == (
        {"name": "Gemeente Demo", "address": "Postbus 1\n3500 AA Utrecht"}, True, 1600)
    assert on_db(runner, lambda: workspace.visits.import_settings().max_long_side) == 1600
    assert i18n.stored_language(qsettings) == "en"


# --- main window --------------------------------------------------------------------------------
def test_dutch_ui_shows_dutch_strings(qtbot, workspace, runner):
    """With the built Dutch .qm the window shows 'Vandaag' and 'Dossiers', Dutch menus and headers."""
    window = make_window(qtbot, workspace, runner)
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == ["Vandaag", "Dossiers"]
    assert [a.text() for a in window.menuBar().actions()] == ["&Bestand", "Bee&ld", "S&ynchronisatie",
                                                              "&Help"]
    assert window.today.title.text() == "Vandaag"
    assert window.cases.search.placeholderText() == "Zoek op naam, BSN, adres of zaaknummer"
    assert window.today.today_model.headerData(0, Qt.Orientation.Horizontal) == "Gepland op"
    assert window.today.today_empty.text() == "Voor vandaag zijn geen bezoeken gepland."


def test_english_ui_when_asked(qtbot, qapp, workspace, runner):
    """Switched to English, the same window shows the English source strings."""
    i18n.install_translators(qapp, "en")
    window = make_window(qtbot, workspace, runner)
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == ["Today", "Cases"]
    assert window.unsynced_label.text() == "Everything is synchronised"


def test_today_lists_todays_and_coming_visits(qtbot, demo_ws, runner):
    """Vandaag lists today's and running visits; the coming days' planned visits are in the second list."""
    window = make_window(qtbot, demo_ws, runner)
    today = [window.today.today_model.record(r) for r in range(window.today.today_model.rowCount())]
    later = [window.today.week_model.record(r) for r in range(window.today.week_model.rowCount())]
    assert today and later
    assert {r.status for r in today} <= {"planned", "in_progress"}
    assert {r.status for r in later} == {"planned"}
    assert max(r.planned_at for r in today) < min(r.planned_at for r in later)


def test_status_bar_count_updates_after_a_change(qtbot, workspace, runner):
    """The unsynced-changes count in the status bar follows bus.changed after a change."""
    bus = Bus()
    window = make_window(qtbot, workspace, runner, bus)
    qtbot.waitUntil(lambda: window.unsynced_label.text() != "", timeout=10_000)
    assert window.unsynced_label.text() == "Alles is gesynchroniseerd"
    assert window.profile_label.text() == "Toezichthouder Test (TH-0042)"
    on_db(runner, lambda: workspace.cases.create("2026-0010", "oov", postcode="3511AB", huisnummer=5))
    bus.emit_changes(Changes.CASES)
    qtbot.waitUntil(lambda: window.unsynced_label.text() == "Niet-gesynchroniseerde wijzigingen: 2",
                    timeout=10_000)


def test_new_case_from_the_window_is_selected_in_dossiers(qtbot, workspace, runner):
    """A case made with 'Nieuwe zaak' appears selected in Dossiers with its detail."""
    window = make_window(qtbot, workspace, runner)

    def fill_and_accept() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, NewCaseDialog)
        for key, text in (("number", "2026-0020"), ("geslachtsnaam", "Jansen"), ("postcode", "3511AB"),
                          ("huisnummer", "7"), ("straat", "Kerkstraat"), ("woonplaats", "Utrecht")):
            dialog.edits[key].setText(text)
        dialog.accept()

    QTimer.singleShot(100, fill_and_accept)
    window.act_new_case.trigger()
    qtbot.waitUntil(lambda: window.cases.detail.detail is not None
                    and window.cases.detail.detail.case.number == "2026-0020", timeout=10_000)
    assert window.stack.currentWidget() is window.cases
    assert window.cases.detail.address.text() == "Kerkstraat 7, 3511 AB Utrecht"
    assert window.cases.detail.persons.text() == "Jansen (Cliënt)"


def test_keyboard_shortcuts_switch_views_and_focus_search(qtbot, workspace, runner):
    """Ctrl+1/Ctrl+2 switch Vandaag and Dossiers; Ctrl+F goes to the search field."""
    window = make_window(qtbot, workspace, runner)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.cases
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.today
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.cases
    assert window.cases.search.hasFocus()
    shortcuts = {a.shortcut().toString() for a in window.actions()}
    assert {"Ctrl+1", "Ctrl+2", "Ctrl+F", "Ctrl+N", "Ctrl+B", "Ctrl+Q", "F1"} <= shortcuts


def _inside(widget, kinds) -> bool:
    parent = widget.parent()
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parent()
    return False


def test_every_input_of_the_shell_has_an_accessible_name(qtbot, demo_ws, runner, qsettings):
    """Line edits, combo boxes, lists and spin boxes in the window and dialogs have accessible names."""
    window = make_window(qtbot, demo_ws, runner)
    dialogs = [NewCaseDialog(demo_ws, runner, Bus(), window), SettingsDialog(demo_ws, runner, Bus(), window,
                                                                             qsettings)]
    for widget in [window, *dialogs]:
        for kind in (QLineEdit, QComboBox, QAbstractItemView, QAbstractSpinBox, QPlainTextEdit):
            for child in widget.findChildren(kind):
                if _inside(child, (QComboBox, QAbstractSpinBox, QAbstractItemView)):
                    continue  # parts of a combo, spin box or table (popup, editor, header)
                if window.visit_view is not None and window.visit_view.isAncestorOf(child):
                    continue
                assert child.accessibleName(), f"{type(child).__name__} {child.objectName()} has no name"
    runner.wait()


# --- the visit screen and sync in the window ------------------------------------------------


def test_sync_button_and_status_label_are_wired(qtbot, workspace, runner):
    """The toolbar gets 'Synchroniseren' and the status bar its status line."""
    window = make_window(qtbot, workspace, runner)
    qtbot.waitUntil(lambda: window.sync is not None, timeout=10_000)
    assert window.act_sync in window.toolbar.actions()
    assert window.act_sync.text() == "S&ynchroniseren" and window.act_sync.shortcut().toString() == "F9"
    qtbot.waitUntil(lambda: window.sync_label.text() != "", timeout=10_000)
    window.sync.status_changed.emit("Laatst gesynchroniseerd 10:00")
    assert window.sync_label.text() == "Laatst gesynchroniseerd 10:00"
    window.sync.progress.emit(3, 10)
    assert window.sync_progress.isVisibleTo(window) and window.sync_progress.value() == 3
    window.sync.finished.emit(True)
    assert not window.sync_progress.isVisibleTo(window) and window.act_sync.isEnabled()
    window.sync.stop()


def test_reopening_returns_to_the_last_visit_and_step(qtbot, workspace, runner):
    """A visit left open at a step is shown again at that step in a new window; closing it forgets it."""
    case = on_db(runner, lambda: workspace.cases.create("2026-0030", "fysiek", postcode="3511AB",
                                                       huisnummer=9))
    visit = on_db(runner, lambda: workspace.visits.plan(case.id, "F2", "2026-12-01T09:00"))
    first = make_window(qtbot, workspace, runner)
    view = first.open_visit(visit.id)
    assert view is not None and first.stack.currentWidget() is view
    assert [first.nav.item(i).text() for i in range(first.nav.count())] == ["Vandaag", "Dossiers", "Bezoek"]
    qtbot.waitUntil(lambda: view.is_loaded(), timeout=10_000)
    view.go_to_step("outcome")
    first.close()
    runner.wait()
    assert on_db(runner, lambda: (workspace.settings.get("ui_last_visit"),
                                  workspace.settings.get("ui_last_step"))) == (
        visit.id, "outcome")

    second = make_window(qtbot, workspace, runner)
    second.restore_last_visit()
    qtbot.waitUntil(lambda: second.visit_view is not None and second.visit_view.is_loaded(), timeout=10_000)
    qtbot.waitUntil(lambda: second.current_step() == "outcome", timeout=10_000)
    assert second.stack.currentWidget() is second.visit_view
    second.visit_view.close_visit()
    assert second.visit_view is None and second.stack.currentWidget() is second.today
    runner.wait()
    assert on_db(runner, lambda: workspace.settings.get("ui_last_visit")) == ""


# --- start-up -----------------------------------------------------------------------------------
def test_logging_redacts_bsns_and_rotates(tmp_path):
    """Log lines and tracebacks never contain a BSN (8-9 digits blanked, also written in groups); dates
    and case numbers stay readable; a big log is rotated at start."""
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "inspector.log").write_text("x" * app_module.LOG_MAX_BYTES, "utf-8")
    log_file = app_module.setup_logging(tmp_path)
    assert (tmp_path / "logs" / "inspector.log.1").stat().st_size == app_module.LOG_MAX_BYTES
    try:
        logging.getLogger("inspector.test").warning("person with BSN 999993653 and 12345678")
        logging.getLogger("inspector.test").warning("grouped 999-900-006, 9999 00 006 and 999.900.006")
        logging.getLogger("inspector.test").warning("case 2026-0001 planned 01-12-2026 9:00 (2026-12-01)")
        bsn = "111222333"
        try:
            raise ValueError(f"bad BSN {bsn}")
        except ValueError:
            logging.getLogger("inspector.test").exception("failed")
    finally:
        for handler in logging.getLogger().handlers:
            handler.flush()
    text = log_file.read_text("utf-8")
    assert log_file == tmp_path / "logs" / "inspector.log"
    for bsn in ("999993653", "12345678", "111222333", "999-900-006", "9999 00 006", "999.900.006"):
        assert bsn not in text
    assert "person with BSN ********* and *********" in text
    assert "grouped *********, ********* and *********" in text
    assert "case 2026-0001 planned 01-12-2026 9:00 (2026-12-01)" in text
    assert "ValueError (message left out of the log)" in text


def test_log_file_and_folder_are_private(tmp_path):
    """The log is 0600 in a 0700 folder, also when an earlier version left them readable for all."""
    (tmp_path / "logs").mkdir(mode=0o755)
    (tmp_path / "logs").chmod(0o755)
    (tmp_path / "logs" / "inspector.log").write_text("old\n", "utf-8")
    (tmp_path / "logs" / "inspector.log").chmod(0o644)
    (tmp_path / "logs" / "inspector.log.1").write_text("older\n", "utf-8")
    (tmp_path / "logs" / "inspector.log.1").chmod(0o644)
    try:
        log_file = app_module.setup_logging(tmp_path)
        logging.getLogger("inspector.test").warning("written")
        assert (tmp_path / "logs").stat().st_mode & 0o777 == 0o700
        for path in (log_file, tmp_path / "logs" / "inspector.log.1"):
            assert path.stat().st_mode & 0o777 == 0o600
        fresh = app_module.setup_logging(tmp_path / "new")
        logging.getLogger("inspector.test").warning("written")
        assert fresh.stat().st_mode & 0o777 == 0o600 and fresh.parent.stat().st_mode & 0o777 == 0o700
    finally:
        app_module.setup_logging(tmp_path / "other")


def test_exception_texts_never_reach_the_log(tmp_path):
    """An exception's text may quote a surname or a note: the log holds its type and code only, whether
    logged as a traceback or passed as an argument."""
    from inspector.errors import StorageError

    log_file = app_module.setup_logging(tmp_path)
    logger = logging.getLogger("inspector.test")
    surname, note = "Jansen", "notitie: mevrouw De Vries was niet thuis"
    try:
        try:
            try:
                raise KeyError(surname)
            except KeyError as inner:
                raise RuntimeError(note) from inner
        except RuntimeError as exc:
            logger.exception("saving failed")
            logger.warning("background task failed: %s", exc)
            logger.error("storage: %r", StorageError("disk_full", f"vol bij {surname}", f"full at {surname}"))
    finally:
        for handler in logging.getLogger().handlers:
            handler.flush()
        app_module.setup_logging(tmp_path / "other")
    text = log_file.read_text("utf-8")
    assert "Jansen" not in text and "Vries" not in text and "notitie" not in text
    assert "KeyError (message left out of the log)" in text
    assert "RuntimeError (message left out of the log)" in text and "direct cause" in text
    assert "background task failed: RuntimeError" in text
    assert "storage: StorageError[disk_full]" in text


def test_unhandled_exception_shows_the_crash_dialog_and_is_logged(qtbot, tmp_path, monkeypatch):
    """The excepthook shows the Dutch crash dialog with the traceback; neither it nor the log carries the
    exception's text (a BSN, a surname), only its type and where it happened."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    log_file = app_module.setup_logging(tmp_path)
    app_module.install_excepthook(log_file)
    seen: list[str] = []

    def close_box() -> None:
        box = QApplication.activeModalWidget()
        if box is not None and not seen:
            seen.append(box.text())
            seen.append(box.detailedText())
            box.close()

    timer = QTimer()
    timer.timeout.connect(close_box)
    timer.start(50)
    what = "kapot bij BSN 999993653 van Jansen"
    try:
        raise RuntimeError(what)
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        timer.stop()
        for handler in logging.getLogger().handlers:
            handler.flush()
        app_module.setup_logging(tmp_path / "other")
    assert seen[0].startswith("Er ging iets mis in Inspector. Uw opgeslagen werk is veilig.")
    assert str(log_file) in seen[0]
    assert "RuntimeError (message left out of the log)" in seen[1] and "test_ui_shell.py" in seen[1]
    text = log_file.read_text("utf-8")
    assert "RuntimeError (message left out of the log)" in text
    assert "999993653" not in text + seen[1] and "Jansen" not in text + seen[1]


def test_language_choice_order(monkeypatch, qsettings):
    """--lang beats $INSPECTOR_LANG, which beats the stored setting, which beats Dutch."""
    monkeypatch.delenv("INSPECTOR_LANG", raising=False)
    assert i18n.resolve_language(None, qsettings) == "nl"
    i18n.store_language("en", qsettings)
    assert i18n.resolve_language(None, qsettings) == "en"
    monkeypatch.setenv("INSPECTOR_LANG", "nl_NL.UTF-8")
    assert i18n.resolve_language(None, qsettings) == "nl"
    assert i18n.resolve_language("en", qsettings) == "en"


def test_app_run_without_keyring_asks_passphrase_then_profile_then_opens_the_window(
        qtbot, qapp, tmp_path, no_keyring, monkeypatch):
    """run(): passphrase twice, first-run profile, main window in Dutch; a log file, exit code 0."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.delenv("INSPECTOR_LANG", raising=False)
    directory = tmp_path / "ws"
    seen: list[str] = []

    def drive() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, UnlockDialog) and "unlock" not in seen:
            seen.append("unlock")
            widget.passphrase.setText("een lange wachtwoordzin")
            widget.confirm.setText("een lange wachtwoordzin")
            widget.accept()
        elif isinstance(widget, FirstRunDialog) and "profile" not in seen:
            seen.append("profile")
            widget.name.setText("Toezichthouder Test")
            widget.appointment.setText("TH-0042")
            widget.accept()
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows and windows[0]._loaded_emitted and "window" not in seen:
            seen.append("window")
            seen.append(windows[0].nav.item(0).text())
            windows[0].close()
            QTimer.singleShot(0, qapp.quit)

    timer = QTimer()
    timer.timeout.connect(drive)
    timer.start(50)
    try:
        code = app_module.run(["inspector", "--workspace", str(directory), "--lang", "nl"])
    finally:
        timer.stop()
        app_module.setup_logging(tmp_path / "other")  # detach the handlers from the closed workspace
    assert code == 0
    assert seen == ["unlock", "profile", "window", "Vandaag"]
    assert (directory / "logs" / "inspector.log").exists()
    ws = Workspace.open(directory, "een lange wachtwoordzin")
    try:
        assert ws.settings.profile().name == "Toezichthouder Test"
    finally:
        ws.close()


def test_app_run_shows_a_storage_problem_plainly(qtbot, qapp, tmp_path, monkeypatch):
    """A damaged workspace.json is a plain message (not a crash) and the app exits with code 1."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    directory = tmp_path / "ws"
    directory.mkdir()
    (directory / "workspace.json").write_text("{not json", "utf-8")
    shown: list[str] = []

    def close_box() -> None:
        widget = QApplication.activeModalWidget()
        if widget is not None and not shown:
            shown.append(widget.windowTitle() + " | " + widget.text())
            widget.close()

    timer = QTimer()
    timer.timeout.connect(close_box)
    timer.start(50)
    try:
        code = app_module.run(["inspector", "--workspace", str(directory)])
    finally:
        timer.stop()
        app_module.setup_logging(tmp_path / "other")
    assert code == 1
    assert len(shown) == 1
    assert shown[0].startswith("Inspector kan uw gegevens niet openen | Het bestand workspace.json in de "
                               "werkmap is beschadigd")


def _run_app_restoring(qapp, directory: Path, passphrase: str = "") -> tuple[int, list[str]]:
    """Run the app on ``directory``: unlock when asked, restore when offered, then close the window."""
    seen: list[str] = []

    def drive() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, UnlockDialog) and widget.passphrase.text() != passphrase:
            seen.append("unlock")
            widget.passphrase.setText(passphrase)
            widget.accept()
        elif isinstance(widget, RestoreOffer) and "offer" not in seen:
            seen.extend(["offer", widget.text() + "\n" + widget.informativeText()])
            widget.restore_button.click()
        elif isinstance(widget, QMessageBox) and not isinstance(widget, RestoreOffer) and \
                "restored" not in seen:
            seen.extend(["restored", widget.text()])
            widget.accept()
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows and windows[0]._loaded_emitted and "window" not in seen:
            seen.append("window")
            windows[0].close()
            QTimer.singleShot(0, qapp.quit)

    timer = QTimer()
    timer.timeout.connect(drive)
    timer.start(50)
    try:
        code = app_module.run(["inspector", "--workspace", str(directory), "--lang", "nl"])
    finally:
        timer.stop()
        app_module.setup_logging(directory.parent / "other")
    return code, seen


def test_app_offers_the_newest_backup_when_the_database_is_missing(qtbot, qapp, tmp_path, monkeypatch):
    """inspector.db gone: the start says so, offers the newest backup, restores it on the DB lane and
    opens the workspace with what the backup held."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    directory = tmp_path / "ws"
    ws = Workspace.open(directory)
    ws.settings.set_profile("Toezichthouder Test", "TH-0042")
    ws.cases.create("2026-0001", "oov", title="Uit de reservekopie")
    ws.close()
    (directory / "inspector.db").unlink()
    code, seen = _run_app_restoring(qapp, directory)
    assert code == 0
    assert seen[0] == "offer" and "ontbreekt of is leeg" in seen[1]
    assert "De reservekopie van " in seen[1] and "apart bewaard" not in seen[1]
    assert seen[2] == "restored" and seen[3].startswith("De reservekopie inspector-")
    assert seen[4] == "window"
    again = Workspace.open(directory)
    assert [c.title for c in again.cases.find()] == ["Uit de reservekopie"]
    again.close()


def test_app_offers_the_backup_for_a_damaged_passphrase_workspace(qtbot, qapp, tmp_path, monkeypatch,
                                                                  no_keyring):
    """A damaged database found after the passphrase was entered: the same offer, restored with that
    passphrase; the damaged file is kept in replaced/."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    directory = tmp_path / "ws"
    ws = Workspace.open(directory, "een lange wachtwoordzin")
    ws.settings.set_profile("Toezichthouder Test", "TH-0042")
    for i in range(40):
        ws.cases.create(f"2026-{i:04d}", "oov", ground_facts="x" * 2000)
    ws.close()
    db_file = directory / "inspector.db"
    with open(db_file, "r+b") as f:
        f.seek(db_file.stat().st_size // 2)
        f.write(b"\xff" * 5000)
    code, seen = _run_app_restoring(qapp, directory, "een lange wachtwoordzin")
    assert code == 0
    assert seen[:2] == ["unlock", "offer"] and "beschadigd" in seen[2]
    assert "Het beschadigde bestand wordt apart bewaard" in seen[2]
    assert seen[3] == "restored" and "is bewaard als replaced/" in seen[4] and "window" in seen
    assert len(list((directory / "replaced").glob("*.db"))) == 1


def test_translation_source_is_complete():
    """Every string of the shell has a Dutch translation in app_nl.ts (nothing unfinished)."""
    from xml.etree import ElementTree

    ts = Path(i18n.TRANSLATIONS_DIR) / "app_nl.ts"
    unfinished = [m.findtext("source") for m in ElementTree.parse(ts).getroot().iter("message")
                  if m.find("translation").get("type") in ("unfinished", "obsolete")
                  or not (m.findtext("translation") or "").strip()]
    assert unfinished == []
