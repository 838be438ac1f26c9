"""The window and its dialogs as a user meets them: focus, sizes, words and times (pytest-qt, Dutch UI)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring
from PySide6.QtCore import QObject, QPointF, QSettings, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QWidget

from inspector import demo
from inspector.errors import CredentialsError
from inspector.workspace import Workspace
from ui import i18n, labels
from ui.app import Startup
from ui.bus import Bus
from ui.case_dialogs import NewCaseDialog
from ui.keyring_help import KeyringProblemDialog
from ui.main_window import MainWindow
from ui.report_panel import ReportPanel
from ui.start_dialogs import FirstRunDialog, UnlockDialog
from ui.tasks import SyncTaskRunner, TaskRunner


@pytest.fixture(autouse=True)
def dutch(qapp):
    """The Dutch UI from the built .qm files, as the app starts by default."""
    i18n.install_translators(qapp, "nl")
    yield
    i18n.remove_translators(qapp)


def active(qtbot, widget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def test_new_case_tab_moves_on_after_a_wrong_postcode_and_the_message_stays(qtbot, workspace):
    """Postcode '3511', Tab, '12': the 12 lands in the house number; the postcode keeps its message."""
    dialog = NewCaseDialog(workspace, SyncTaskRunner(), Bus())
    qtbot.addWidget(dialog)
    active(qtbot, dialog)
    postcode, number = dialog.edits["postcode"], dialog.edits["huisnummer"]
    postcode.setFocus()
    qtbot.keyClicks(postcode, "3511")
    qtbot.keyClick(postcode, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "12")
    assert (postcode.text(), number.text()) == ("3511", "12")
    error = dialog.errors.labels["postcode"]
    assert error.isVisible() and "postcode" in error.text().lower()
    postcode.setFocus()
    qtbot.keyClicks(postcode, " A")  # still wrong while correcting: the message stays
    assert error.isVisible()
    qtbot.keyClicks(postcode, "B")
    assert not error.isVisible() and postcode.text() == "3511 AB"


# --- the report step --------------------------------------------------------------------------------
class _Opened(QObject):
    """Catches what the desktop would be asked to open (Qt's own URL-handler hook)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toLocalFile())


@pytest.fixture
def seeded(workspace):
    demo.seed(workspace, cases=5, photos=False)
    return workspace


def report_panel(qtbot, ws, visit_id: str, runner: TaskRunner) -> ReportPanel:
    panel = ReportPanel(ws, runner, Bus())
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.show()
    panel.set_visit(visit_id)
    qtbot.waitUntil(lambda: panel.document.status() == QPdfDocument.Status.Ready and panel.busy_jobs == 0,
                    timeout=30_000)
    return panel


def test_after_export_the_pdf_and_its_folder_open_from_the_panel(qtbot, seeded, tmp_path):
    """'PDF openen' and 'Map openen' appear after saving and hand the file / folder to the desktop."""
    runner = TaskRunner()
    vid = seeded.visits.find(statuses=("finalized",))[0].id
    panel = report_panel(qtbot, seeded, vid, runner)
    assert not panel.exported_row.isVisible()
    target = tmp_path / "uit" / "rapport.pdf"
    target.parent.mkdir()
    with qtbot.waitSignal(panel.exported, timeout=30_000):
        panel.export_to(str(target))
    assert panel.exported_row.isVisible() and str(target) in panel.exported_label.text()
    assert (panel.open_pdf_button.text(), panel.open_folder_button.text()) == ("PDF openen", "Map openen")
    opened = _Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        qtbot.mouseClick(panel.open_pdf_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(panel.open_folder_button, Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert opened.urls == [str(target), str(target.parent)]
    runner.wait()


def test_save_as_is_qt_own_dialog_in_dutch_and_the_preview_follows_the_edited_part(qtbot, seeded):
    """The file dialog speaks Dutch; focusing the conclusion shows the page that prints it."""
    runner = TaskRunner()
    vid = seeded.visits.find(statuses=("in_progress",))[0].id
    panel = report_panel(qtbot, seeded, vid, runner)
    dialog = panel._save_dialog()
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    assert (dialog.labelText(QFileDialog.DialogLabel.FileName),
            dialog.labelText(QFileDialog.DialogLabel.Accept)) == ("Bestands&naam:", "Op&slaan")
    assert panel._save_dialog() is dialog  # made once: the next "Opslaan als…" opens at once
    pages = [panel.document.getAllText(p).text() for p in range(panel.document.pageCount())]
    assert len(pages) > 1
    conclusion_page = max(p for p, text in enumerate(pages) if "Conclusie" in text)
    panel.view.pageNavigator().jump(0, QPointF(), 1.0)
    panel.conclusion_edit.setFocus()
    panel.follow("conclusion")  # what focusing the editor does (offscreen windows may not take focus)
    assert panel.view.pageNavigator().currentPage() == conclusion_page
    runner.wait()


# --- no keyring -------------------------------------------------------------------------------------
def keyring_workspace(path: Path) -> None:
    """An existing workspace whose key lives in the (in-memory) keyring, with a case in it."""
    ws = Workspace.open(path)
    ws.cases.create("2026-0100", "sociaal", postcode="3511AB", huisnummer=1)
    ws.close()


def test_no_keyring_for_an_existing_workspace_is_explained_plainly(tmp_path, qapp):
    """Dutch and English say what is wrong and what to do; never the keyring library's advice."""
    keyring_workspace(tmp_path / "ws")
    keyring.set_keyring(FailKeyring())
    with pytest.raises(CredentialsError) as info:
        Workspace.open(tmp_path / "ws")
    exc = info.value
    assert exc.code == "keyring_unavailable"
    assert "sleutelbos" in exc.nl and "Meld u op deze computer aan" in exc.nl and "helpdesk" in exc.nl
    assert "keyring" in exc.en and "Sign in to this computer" in exc.en
    for text in (exc.nl, exc.en):
        assert "keyrings.alt" not in text and "install" not in text.lower() and "pypi" not in text


def test_no_keyring_offers_a_passphrase_workspace_beside_the_existing_one(qtbot, tmp_path, qapp):
    """Start without a keyring: the plain explanation, then 'Werkmap met wachtwoordzin' opens a new
    passphrase workspace next to the old one, which stays untouched."""
    keyring_workspace(tmp_path / "ws")
    before = (tmp_path / "ws" / "inspector.db").read_bytes() if (tmp_path / "ws" / "inspector.db").exists() \
        else None
    keyring.set_keyring(FailKeyring())
    runner = TaskRunner()
    window = MainWindow(None, runner, Bus())
    qtbot.addWidget(window)
    startup = Startup(qapp, window, runner, tmp_path / "ws")
    seen: list[str] = []
    handled: list[QWidget] = []

    def answer() -> None:  # what the inspector does in each dialog that comes up (once each)
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog in handled or not dialog.isVisible():
            QTimer.singleShot(50, answer)
            return
        handled.append(dialog)
        if isinstance(dialog, KeyringProblemDialog):
            seen.append(dialog.findChild(QLabel, "keyring_problem_text").text())
            assert "keyrings.alt" not in seen[-1]
            dialog.passphrase.click()
        elif isinstance(dialog, UnlockDialog):
            seen.append("unlock:" + str(dialog.info.directory))
            dialog.passphrase.setText("een lange wachtwoordzin")
            dialog.confirm.setText("een lange wachtwoordzin")
            dialog.accept()
        elif isinstance(dialog, FirstRunDialog):
            seen.append("profile")
            dialog.name.setText("Toezichthouder Test")
            dialog.appointment.setText("TH-0042")
            dialog.accept()  # (cancelling would quit the application, also for the tests after this one)
        if len(seen) < 3:
            QTimer.singleShot(50, answer)

    QTimer.singleShot(50, answer)
    startup.begin()
    qtbot.waitUntil(lambda: len(seen) == 3 and window.ws is not None, timeout=30_000)
    assert seen[0].startswith("Inspector kan de sleutelbos (keyring) van deze computer niet bereiken.")
    assert seen[1:] == [f"unlock:{tmp_path / 'ws-wachtwoordzin'}", "profile"]
    info = Workspace.inspect(tmp_path / "ws-wachtwoordzin")
    assert info.exists and info.key_mode == "passphrase"
    if before is not None:
        assert (tmp_path / "ws" / "inspector.db").read_bytes() == before
    runner.wait()
    if startup.ws is not None:
        startup.ws.close()


# --- words and times --------------------------------------------------------------------------------
def test_one_case_is_een_zaak(qtbot, workspace):
    """The count under Dossiers says '1 zaak', not '1 zaken'; more say 'zaken'."""
    runner = SyncTaskRunner()
    workspace.cases.create("2026-0001", "sociaal", postcode="3511AB", huisnummer=1)
    window = MainWindow(workspace, runner, Bus())
    qtbot.addWidget(window)
    window.show_cases()
    qtbot.waitUntil(lambda: window.cases.model.rowCount() == 1)
    assert window.cases.count.text() == "1 zaak"
    workspace.cases.create("2026-0002", "sociaal", postcode="3511AB", huisnummer=2)
    window.refresh()
    qtbot.waitUntil(lambda: window.cases.model.rowCount() == 2)
    assert window.cases.count.text() == "2 zaken"


@pytest.fixture
def laptop_in_new_york():
    """The laptop's own clock set to another time zone than the municipality's."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    yield
    if old is None:
        os.environ.pop("TZ")
    else:
        os.environ["TZ"] = old
    time.tzset()
    labels.set_time_zone(labels.DEFAULT_TIMEZONE)


def test_times_show_in_the_municipalitys_zone_not_the_laptops(qtbot, workspace, laptop_in_new_york):
    """A UTC stamp shows as Amsterdam time (as in the report) on a laptop set to New York; the workspace's
    report time zone is the one setting both use."""
    from inspector.report.data import format_moment, report_zone
    from inspector.snapshot import DEFAULT_TIMEZONE

    assert labels.DEFAULT_TIMEZONE == DEFAULT_TIMEZONE
    stamp = "2026-07-01T10:00:00Z"
    amsterdam = report_zone("Europe/Amsterdam")
    assert labels.format_datetime(stamp) == "01-07-2026 12:00" == format_moment(stamp, amsterdam)
    workspace.settings.set("report_timezone", "Europe/London")
    window = MainWindow(workspace, SyncTaskRunner(), Bus())
    qtbot.addWidget(window)
    assert labels.format_datetime(stamp) == "01-07-2026 11:00"


def test_a_first_start_says_what_to_do_first(qtbot, workspace):
    """An empty workspace shows where to start, with a 'Nieuwe zaak' button; with a case it is gone."""
    window = MainWindow(workspace, SyncTaskRunner(), Bus())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.today.first_steps.isVisible())
    text = window.today.findChild(QLabel, "first_steps_text").text()
    assert "Zo begint u" in text and "Nieuwe zaak" in text and "Serverinstellingen" in text
    workspace.cases.create("2026-0001", "sociaal", postcode="3511AB", huisnummer=1)
    window.refresh()
    qtbot.waitUntil(lambda: not window.today.first_steps.isVisible())


# --- the window -------------------------------------------------------------------------------------
def test_window_fits_the_screen_and_remembers_maximized_and_size(qtbot, workspace, tmp_path):
    """The first window fits the screen (status bar on screen); maximized and size come back next time."""
    prefs = QSettings(str(tmp_path / "inspector.ini"), QSettings.Format.IniFormat)
    first = MainWindow(workspace, SyncTaskRunner(), Bus(), settings=prefs)
    qtbot.addWidget(first)
    first.restore_geometry()
    first.show()
    qtbot.waitExposed(first)
    screen = first.screen().availableGeometry()
    assert first.frameGeometry().bottom() <= screen.bottom() and first.height() <= screen.height()
    bar = first.statusBar()
    assert bar.isVisible() and first.mapTo(first, bar.geometry().bottomLeft()).y() <= first.height()
    first.setWindowState(Qt.WindowState.WindowMaximized)
    qtbot.waitUntil(first.isMaximized)
    first.close()
    again = MainWindow(workspace, SyncTaskRunner(), Bus(), settings=prefs)
    qtbot.addWidget(again)
    again.restore_geometry()
    again.show()
    qtbot.waitUntil(again.isMaximized)
    again.setWindowState(Qt.WindowState.WindowNoState)
    again.resize(700, 500)
    again.close()
    third = MainWindow(workspace, SyncTaskRunner(), Bus(), settings=prefs)
    qtbot.addWidget(third)
    third.restore_geometry()
    assert not third.isMaximized() and third.size().toTuple() == (700, 500)


def test_narrow_window_keeps_the_navigation_columns_narrow(qtbot, workspace):
    """At 1024 px the page navigation and the visit's step list take about a quarter, not 38 %."""
    from tests.test_ui_visit import started

    vid = started(workspace)
    window = MainWindow(workspace, SyncTaskRunner(), Bus())
    qtbot.addWidget(window)
    window.resize(1024, 560)
    window.show()
    view = window.open_visit(vid)
    qtbot.waitUntil(view.is_loaded)
    share = (window.nav.width() + view.step_list.width()) / window.width()
    assert share <= 0.28
    assert window.minimumSizeHint().height() <= 512 - 40  # 768 px at 150 %: 512 logical, less the frame
