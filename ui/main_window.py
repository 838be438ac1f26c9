"""The main window: navigation (Vandaag, Dossiers, the open visit), toolbar, menus, status bar.

Every Workspace call runs on the DB lane of the TaskRunner; the window redraws from results and
from ``bus.changed``. The visit screen (``ui.visit.view.VisitView``) and sync (``ui.sync_ui``) are
imported only when used, so the shell works while those parts are absent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from inspector.errors import InspectorError

from . import labels
from .bus import Bus
from .sync_wiring import SyncWiring
from .tasks import TaskRunner
from .today_page import TodayPage
from .view_helpers import LatestOnly, report_error
from .widgets import wheel_guard

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QCloseEvent, QResizeEvent

    from inspector.model import Changes
    from inspector.workspace import Workspace

    from .cases_page import CasesPage

STEP_SAVE_MS = 1000
SYNC_SETUP_MS = 3000  # at the latest; normally right after the first page has loaded
PAGE_TODAY, PAGE_CASES, PAGE_VISIT = range(3)
GEOMETRY_KEY = "window/geometry"


def _message_box() -> Any:
    """QMessageBox, loaded when first needed (its enums cost start-up time)."""
    from PySide6.QtWidgets import QMessageBox

    return QMessageBox


def create_visit_view(workspace: Workspace, runner: TaskRunner, bus: Bus, visit_id: str,
                      parent: QWidget | None = None) -> QWidget:
    """The visit screen for ``visit_id`` (imported on first use: keeps it out of start-up)."""
    from ui.visit.view import VisitView

    return VisitView(workspace, runner, bus, visit_id, parent)


def warm_up_visit_modules() -> None:
    """Import what the first visit needs (IO lane; imports only, no widgets made), and load the
    report's fonts: reportlab's import and the fonts cost the first report about 0.3 s otherwise."""
    import importlib

    for name in ("ui.visit.view", "ui.report_panel"):
        importlib.import_module(name)
    from inspector.workspace.reports import Reports

    Reports.prepare()


class MainWindow(QMainWindow):
    """The app's window. ``loaded`` fires once the first page shows its data.

    It can be shown before the workspace is unlocked (``workspace=None``): the start-up opens the
    database behind it and then calls ``attach_workspace``; until then the data actions are off.
    """

    loaded = Signal()
    workspace_attached = Signal()
    visit_opened = Signal(str)  # visit id
    visit_closed = Signal(str)  # visit id

    def __init__(self, workspace: Workspace | None, runner: TaskRunner, bus: Bus,
                 parent: QWidget | None = None, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        wheel_guard.install()  # app-wide: no control changes its value under a passing wheel
        self.ws: Workspace | None = None
        self.runner, self.bus = runner, bus
        self.settings = settings
        self.visit_view: QWidget | None = None
        self.visit_id = ""
        self._saved_step = ""
        self._loaded_emitted = False
        self._previous_page = PAGE_TODAY
        self.setWindowTitle("Inspector")
        self.setAccessibleName("Inspector")

        self.today = TodayPage(None, runner, bus)
        self._cases: CasesPage | None = None  # built when first shown: a faster start
        self.stack = QStackedWidget()
        self.stack.addWidget(self.today)
        self.stack.addWidget(QWidget())  # stands in for the Dossiers page until it is built
        self.nav = QListWidget()
        self.nav.setAccessibleName(self.tr("Navigation"))
        self.nav.setFixedWidth(130)  # narrower in a narrow window (resizeEvent)
        self.nav.setTextElideMode(Qt.TextElideMode.ElideRight)
        font = self.nav.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.nav.setFont(font)
        self.nav.setSpacing(3)
        for text, tip in ((self.tr("Today"), "Ctrl+1"), (self.tr("Cases"), "Ctrl+2")):
            item = QListWidgetItem(text)
            item.setToolTip(tip)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._nav_changed)
        central = QWidget()
        lay = QHBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.nav)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._make_status_bar()
        self._make_actions()
        self.sync_wiring = SyncWiring(self)

        self.today.visit_activated.connect(self.open_visit)
        self.today.new_case_requested.connect(self.new_case)
        self.today.loaded.connect(self._first_load)
        self.count_loader = LatestOnly(runner, self._count_loaded, self._failed, self)
        self.count_timer = QTimer(self)
        self.count_timer.setSingleShot(True)
        self.count_timer.setInterval(250)
        self.count_timer.timeout.connect(self.refresh_count)
        self.step_timer = QTimer(self)
        self.step_timer.setInterval(STEP_SAVE_MS)
        self.step_timer.timeout.connect(self.save_step)
        bus.changed.connect(self._changed)
        bus.status_message.connect(self.show_message)

        self.nav.setCurrentRow(PAGE_TODAY)
        self.data_actions = [self.act_new_case, self.act_plan, self.act_refresh, self.act_settings,
                             self.act_search]
        for action in self.data_actions:
            action.setEnabled(False)
        if workspace is not None:
            self.attach_workspace(workspace)
        else:
            self.statusBar().showMessage(self.tr("Opening your workspace…"))

    def attach_workspace(self, workspace: Workspace) -> None:
        """Start working on ``workspace``: load the pages, enable the actions, wire sync."""
        self.ws = workspace
        for action in self.data_actions:
            action.setEnabled(True)
        self.statusBar().clearMessage()
        self.sync_menu.menuAction().setVisible(False)
        QTimer.singleShot(SYNC_SETUP_MS, self.sync_wiring.setup)  # normally done after the first load
        ws = workspace

        def zone() -> str:
            return str(ws.settings.get("report_timezone", labels.DEFAULT_TIMEZONE))

        # One setting for the screen and the report: the municipality's time zone, not the laptop's.
        self.runner.run_db(zone, labels.set_time_zone, self._failed)
        self.today.attach(workspace)
        if self._cases is not None:
            self._cases.attach(workspace)
        self.refresh_count()
        self.workspace_attached.emit()

    @property
    def sync(self) -> Any:
        """The ``SyncController`` once sync is wired, else None."""
        return self.sync_wiring.controller

    @property
    def act_sync(self) -> Any:
        return self.sync_wiring.act_sync

    @property
    def cases(self) -> CasesPage:
        """The Dossiers page (built on first use)."""
        if self._cases is None:
            from .cases_page import CasesPage

            page = CasesPage(None, self.runner, self.bus)
            page.visit_activated.connect(self.open_visit)
            page.new_case_requested.connect(self.new_case)
            page.plan_requested.connect(self.plan_visit)
            stand_in = self.stack.widget(PAGE_CASES)
            current = self.stack.currentIndex()
            self.stack.insertWidget(PAGE_CASES, page)
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
            self.stack.setCurrentIndex(current)
            self._cases = page
            if self.ws is not None:
                page.attach(self.ws)
        return self._cases

    # --- construction ---------------------------------------------------------------------------
    def _make_status_bar(self) -> None:
        bar = self.statusBar()
        self.profile_label = QLabel()
        self.profile_label.setAccessibleName(self.tr("Signed in as"))
        self.sync_label = QLabel()
        self.sync_label.setAccessibleName(self.tr("Synchronisation status"))
        self.sync_progress = QProgressBar()
        self.sync_progress.setAccessibleName(self.tr("Synchronisation progress"))
        self.sync_progress.setMaximumWidth(160)
        self.sync_progress.setVisible(False)
        self.unsynced_label = QLabel()
        self.unsynced_label.setAccessibleName(self.tr("Unsynced changes"))
        for n, w in enumerate((self.profile_label, self.sync_label, self.sync_progress, self.unsynced_label)):
            if n and w is not self.sync_progress:
                line = QFrame()
                line.setFrameShape(QFrame.Shape.VLine)
                line.setFrameShadow(QFrame.Shadow.Sunken)
                bar.addPermanentWidget(line)
            w.setContentsMargins(4, 0, 4, 0)
            bar.addPermanentWidget(w)

    def _action(self, text: str, shortcut: str | QKeySequence | None, slot: Any, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip or text.replace("&", "").rstrip("…"))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        self.act_today = self._action(self.tr("&Today"), "Ctrl+1", self.show_today)
        self.act_cases = self._action(self.tr("&Cases"), "Ctrl+2", self.show_cases)
        self.act_visit = self._action(self.tr("Open &visit"), "Ctrl+3", self.show_visit)
        self.act_visit.setEnabled(False)
        self.act_search = self._action(self.tr("&Search cases"), QKeySequence.StandardKey.Find,
                                       self.focus_search)
        self.act_new_case = self._action(self.tr("&New case…"), QKeySequence.StandardKey.New, self.new_case)
        self.act_plan = self._action(self.tr("&Plan visit…"), "Ctrl+B", self.plan_selected_case)
        self.act_refresh = self._action(self.tr("&Refresh"), QKeySequence.StandardKey.Refresh,
                                        self.refresh)
        self.act_settings = self._action(self.tr("Se&ttings…"), "Ctrl+,", self.open_settings)
        self.act_quit = self._action(self.tr("&Quit"), "Ctrl+Q", self.close)
        self.act_keys = self._action(self.tr("&Keyboard shortcuts"), "F1", self.show_shortcuts)
        self.act_about = self._action(self.tr("&About Inspector"), None, self.show_about)

        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        file_menu.addActions([self.act_new_case, self.act_plan])
        file_menu.addSeparator()
        file_menu.addAction(self.act_settings)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        view_menu = menu.addMenu(self.tr("&View"))
        view_menu.addActions([self.act_today, self.act_cases, self.act_visit])
        view_menu.addSeparator()
        view_menu.addActions([self.act_search, self.act_refresh])
        self.sync_menu = menu.addMenu(self.tr("S&ynchronisation"))
        help_menu = menu.addMenu(self.tr("&Help"))
        help_menu.addActions([self.act_keys, self.act_about])

        self.toolbar = QToolBar(self.tr("Main toolbar"))
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addActions([self.act_new_case, self.act_plan])
        self.addToolBar(self.toolbar)
        self.toolbar_tail = self.toolbar.addSeparator()
        self.toolbar.addAction(self.act_settings)

    # --- navigation -----------------------------------------------------------------------------
    def _nav_changed(self, row: int) -> None:
        if row < 0:
            return
        current = self.stack.currentIndex()
        if current != row and current != PAGE_VISIT:
            self._previous_page = current
        if row == PAGE_CASES:
            self.cases.ensure_loaded()
        self.stack.setCurrentIndex(row)

    def show_page(self, page: int) -> None:
        if page < self.stack.count():
            self.nav.setCurrentRow(page)

    def show_today(self) -> None:
        self.show_page(PAGE_TODAY)
        self.today.focus_list()

    def show_cases(self) -> None:
        self.show_page(PAGE_CASES)
        self.cases.table.setFocus()

    def show_visit(self) -> None:
        if self.visit_view is not None:
            self.show_page(PAGE_VISIT)
            self.visit_view.setFocus()

    def focus_search(self) -> None:
        self.show_page(PAGE_CASES)
        self.cases.focus_search()

    def refresh(self) -> None:
        from inspector.model import Changes

        self.bus.emit_changes(Changes.CASES | Changes.VISITS)

    # --- data -----------------------------------------------------------------------------------
    def _first_load(self) -> None:
        if not self._loaded_emitted:
            self._loaded_emitted = True
            self.loaded.emit()
            self.sync_wiring.setup()
            # The visit screen's modules (and QtPdf) load in the background now, not on the GUI thread
            # when the first visit opens: that import alone froze the window for over a second.
            self.runner.run_io(warm_up_visit_modules, None, lambda exc: None)

    def _changed(self, changes: Changes) -> None:
        self.count_timer.start()

    def refresh_count(self) -> None:
        """Reload the number of unsynced changes (and the profile line) on the DB lane."""
        ws = self.ws
        if ws is None:
            return
        self.count_loader.run(lambda: (ws.sync.pending(), ws.settings.profile()))

    def _count_loaded(self, result: tuple[int, Any]) -> None:
        count, profile = result
        self.unsynced_label.setText(self.tr("Unsynced changes: %1").replace("%1", str(count)) if count
                                    else self.tr("Everything is synchronised"))
        self.profile_label.setText(f"{profile.name} ({profile.appointment})" if profile.name else "")

    def _failed(self, exc: BaseException) -> None:
        report_error(self, self.bus, exc)

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 15000)

    # --- cases ----------------------------------------------------------------------------------
    def new_case(self) -> None:
        from .case_dialogs import NewCaseDialog

        if self.ws is None:
            return
        dialog = NewCaseDialog(self.ws, self.runner, self.bus, self)
        if dialog.exec() and dialog.case is not None:
            self.show_page(PAGE_CASES)
            self.cases.select_case(dialog.case.id)
            self.show_message(self.tr("Case %1 created.").replace("%1", dialog.case.number))

    def plan_selected_case(self) -> None:
        case_id = self.cases.current_case_id() if self.stack.currentIndex() == PAGE_CASES \
            and self._cases is not None else ""
        if not case_id:
            self.show_cases()
            self.show_message(self.tr("Choose a case first, then plan the visit."))
            return
        self.plan_visit(case_id)

    def plan_visit(self, case_id: str) -> None:
        from .case_dialogs import PlanVisitDialog

        detail = self.cases.detail.detail
        if self.ws is None or detail is None or detail.case.id != case_id:
            return
        text = f"{detail.case.number} · {self.cases.detail.address.text()}"
        dialog = PlanVisitDialog(self.ws, self.runner, self.bus, case_id, detail.case.domain, text, self)
        if dialog.exec() and dialog.visit is not None:
            self.show_message(self.tr("Visit planned for %1.").replace(
                "%1", dialog.date.date().toString("dd-MM-yyyy") + " " + dialog.time.time().toString("HH:mm")))

    # --- the visit screen -------------------------------------------------------------------------
    def open_visit(self, visit_id: str, step: str = "") -> QWidget | None:
        """Show the visit screen for ``visit_id`` (at ``step`` when given); None when unavailable."""
        if self.visit_view is not None and self.visit_id == visit_id:
            self.show_visit()
            if step:
                self.visit_view.go_to_step(step)  # type: ignore[attr-defined]
            return self.visit_view
        if self.ws is None:
            return None
        view = create_visit_view(self.ws, self.runner, self.bus, visit_id, self)
        self._drop_visit_view()
        self.visit_view, self.visit_id = view, visit_id
        self.stack.addWidget(view)
        if self.nav.count() == PAGE_VISIT:
            item = QListWidgetItem(self.tr("Visit"))
            item.setToolTip("Ctrl+3")
            self.nav.addItem(item)
        if hasattr(view, "closed"):
            view.closed.connect(self.close_visit)
        if step and hasattr(view, "go_to_step"):
            view.go_to_step(step)
        self._saved_step = step
        self.act_visit.setEnabled(True)
        self.show_page(PAGE_VISIT)
        ws = self.ws
        self.runner.run_db(lambda: ws.settings.set("ui_last_visit", visit_id), None, self._failed)
        self.save_step()
        self.step_timer.start()
        self.visit_opened.emit(visit_id)
        return view

    def current_step(self) -> str:
        view = self.visit_view
        if view is None or not hasattr(view, "current_step"):
            return ""
        return str(view.current_step() or "")

    def save_step(self) -> None:
        """Remember the open visit's step (only when it changed), so a restart returns to it."""
        step = self.current_step()
        if self.visit_view is None or step == self._saved_step:
            return
        self._saved_step = step
        ws = self.ws
        self.runner.run_db(lambda: ws.settings.set("ui_last_step", step), None, self._failed)

    def close_visit(self) -> None:
        """The inspector closed the visit screen: forget it as the last open visit."""
        visit_id = self.visit_id
        self._drop_visit_view()
        ws = self.ws

        def work() -> None:
            ws.settings.set("ui_last_visit", "")
            ws.settings.set("ui_last_step", "")

        self.runner.run_db(work, None, self._failed)
        self.show_page(self._previous_page)
        if visit_id:
            self.visit_closed.emit(visit_id)

    def _drop_visit_view(self) -> None:
        self.step_timer.stop()
        view = self.visit_view
        if view is None:
            return
        self.save_step()
        self.visit_view, self.visit_id, self._saved_step = None, "", ""
        if self.stack.currentWidget() is view:
            self.stack.setCurrentIndex(self._previous_page)
        if self.nav.count() > PAGE_VISIT:
            self.nav.takeItem(PAGE_VISIT)
        self.act_visit.setEnabled(False)
        self._disconnect_closed(view)
        view.close()  # lets the view flush what it has not saved yet
        self.stack.removeWidget(view)
        view.deleteLater()

    def _disconnect_closed(self, view: QWidget) -> None:
        if hasattr(view, "closed"):
            try:
                view.closed.disconnect(self.close_visit)
            except (RuntimeError, TypeError):
                pass

    def restore_last_visit(self) -> None:
        """Reopen the visit (and step) that was open when the app last closed."""
        ws = self.ws
        if ws is None:
            return

        def work() -> tuple[str, str]:
            visit_id = ws.settings.get("ui_last_visit", "") or ""
            step = ws.settings.get("ui_last_step", "") or ""
            if visit_id:
                try:
                    ws.visits.get(visit_id)
                except InspectorError:
                    return "", ""
            return visit_id, step

        def done(result: tuple[str, str]) -> None:
            visit_id, step = result
            if visit_id:
                self.open_visit(visit_id, step)

        self.runner.run_db(work, done, self._failed)

    # --- dialogs --------------------------------------------------------------------------------
    def open_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        if self.ws is None:
            return
        dialog = SettingsDialog(self.ws, self.runner, self.bus, self, self.settings)
        if dialog.exec() and dialog.language_changed:
            _message_box().information(self, self.tr("Language"), self.tr(
                "The new language is used the next time you start Inspector."))

    def show_shortcuts(self) -> None:
        native = QKeySequence.SequenceFormat.NativeText
        rows = [(a.text().replace("&", "").rstrip("…"), a.shortcut().toString(native))
                for a in self.actions() if not a.shortcut().isEmpty()]
        text = "\n".join(f"{keys}\t{name}" for name, keys in rows)
        _message_box().information(self, self.tr("Keyboard shortcuts"), text)

    def show_about(self) -> None:
        from inspector import __version__

        _message_box().about(self, self.tr("About Inspector"), self.tr(
            "Inspector %1\nHome visits and inspections, offline first.\n\nWorkspace: %2")
            .replace("%1", __version__).replace("%2", str(self.ws.directory) if self.ws else ""))

    # --- size and place -------------------------------------------------------------------------
    def _prefs(self) -> QSettings:
        from .i18n import app_settings

        return self.settings or app_settings()

    def restore_geometry(self) -> None:
        """Size and place the window as the user left it (maximized included); the first time, fit the
        screen: maximized on a laptop screen, 1366×800 on a larger one. Never taller than the screen."""
        screen = self.screen().availableGeometry()
        saved = self._prefs().value(GEOMETRY_KEY)
        if isinstance(saved, QByteArray | bytes) and self.restoreGeometry(QByteArray(saved)):
            if not self.isMaximized() and not screen.contains(self.frameGeometry()):
                self._fit(screen)
            return
        self._fit(screen)
        if screen.width() < 1440 or screen.height() < 900:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def _fit(self, screen: QRect) -> None:
        frame_w, frame_h = 16, 48  # the window manager's frame and title bar, before they are known
        width = min(1366, screen.width() - frame_w)
        height = min(800, screen.height() - frame_h)
        self.resize(max(width, self.minimumWidth()), max(height, self.minimumHeight()))
        self.move(screen.left() + (screen.width() - width - frame_w) // 2,
                  screen.top() + max(0, (screen.height() - height - frame_h) // 2))

    def save_geometry(self) -> None:
        prefs = self._prefs()
        prefs.setValue(GEOMETRY_KEY, self.saveGeometry())
        prefs.sync()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        # The navigation column takes a fixed share of a narrow window, never a third of it.
        self.nav.setFixedWidth(max(88, min(130, self.width() // 11)))

    # --- closing --------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_geometry()
        self.sync_wiring.stop()
        if self.visit_view is not None:
            self.save_step()
            self._disconnect_closed(self.visit_view)  # app closing: keep it as the last open visit
            self.visit_view.close()
        self.step_timer.stop()
        super().closeEvent(event)
