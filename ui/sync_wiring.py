"""Sync in the main window: the toolbar button, the Synchronisatie menu and the status line.

``ui.sync_ui`` (built separately) provides ``SyncController`` and the server and conflict dialogs.
Its module (with the HTTP client) is imported on the IO lane once the first page has its data, so
neither start-up nor the GUI thread waits for it; without that module the menu stays hidden.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence

from .view_helpers import report_error

if TYPE_CHECKING:
    from .main_window import MainWindow
    from .print_versions import PrintFiller


class SyncWiring(QObject):
    """Connects a ``SyncController`` to the window; ``wired`` fires once it is in place."""

    wired = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.controller: Any = None
        self.module: Any = None
        self.loading = False
        self.act_sync: QAction | None = None
        self.act_cancel: QAction | None = None
        self.prints: PrintFiller | None = None

    def setup(self) -> None:
        """Import ``ui.sync_ui`` on the IO lane (kept out of start-up) and wire it, once."""
        if self.controller is not None or self.window.ws is None or self.loading:
            return
        self.loading = True

        def load() -> Any:
            import importlib

            importlib.import_module("ui.print_versions")  # Pillow too: kept out of start-up as well
            return importlib.import_module("ui.sync_ui")

        def failed(exc: BaseException) -> None:
            self.loading = False
            self.window.sync_menu.menuAction().setVisible(False)
            report_error(self.window, self.window.bus, exc)  # a bug, not a missing part: show it

        self.window.runner.run_io(load, self._wire, failed)

    def _action(self, text: str, shortcut: str | None, slot: Any) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(text.replace("&", "").rstrip("…"))
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    def _wire(self, module: Any) -> None:
        self.loading = False
        w = self.window
        if self.controller is not None or w.ws is None:
            return
        self.module = module
        self.controller = module.SyncController(w.ws, w.runner, w.bus, self)
        from ui.print_versions import PrintFiller  # imported on the IO lane by setup(): no wait here

        # Photos pulled from another laptop (or all, after the print size setting changed) get their
        # print versions in the background: now, and after every sync.
        self.prints = PrintFiller(w.ws, w.runner, self)
        self.prints.start()
        self.act_sync = self._action(self.tr("S&ynchronise"), "F9", self.sync_now)
        self.act_cancel = self._action(self.tr("Stop s&ynchronising"), None, self.controller.cancel)
        self.act_cancel.setEnabled(False)
        server = self._action(self.tr("&Server settings…"), None, self.open_server_settings)
        conflicts = self._action(self.tr("&Conflicts…"), None, self.open_conflicts)
        w.sync_menu.addActions([self.act_sync, self.act_cancel])
        w.sync_menu.addSeparator()
        w.sync_menu.addActions([server, conflicts])
        w.sync_menu.menuAction().setVisible(True)
        w.toolbar.insertSeparator(w.toolbar_tail)
        w.toolbar.insertAction(w.toolbar_tail, self.act_sync)
        self.controller.status_changed.connect(w.sync_label.setText)
        # The sync line says how many changes wait; one count in the status bar is enough.
        w.unsynced_label.setVisible(False)
        self.controller.progress.connect(self._progress)
        self.controller.finished.connect(self._finished)
        self.controller.device_revoked.connect(self._device_revoked)
        self.wired.emit()

    def sync_now(self) -> None:
        if self.controller is None or self.act_sync is None or self.act_cancel is None:
            return
        self.act_sync.setEnabled(False)
        self.act_cancel.setEnabled(True)
        self.controller.sync_now()

    def _progress(self, done: int, total: int) -> None:
        bar = self.window.sync_progress
        bar.setVisible(True)
        bar.setRange(0, max(total, 0))
        bar.setValue(done)

    def _finished(self, _ok: bool) -> None:
        from inspector.model import Changes

        self.window.sync_progress.setVisible(False)
        if self.act_sync is not None and self.act_cancel is not None:
            self.act_sync.setEnabled(True)
            self.act_cancel.setEnabled(False)
        self.window.bus.emit_changes(Changes.SYNC)
        self.window.refresh_count()
        if self.prints is not None:
            self.prints.start()

    def open_server_settings(self) -> None:
        w = self.window
        if self.module is None or w.ws is None:
            return
        dialog = self.module.ServerSettingsDialog(w.ws, w.runner, w)
        dialog.login_changed.connect(self.controller.refresh_status)
        dialog.exec()

    def open_conflicts(self) -> None:
        w = self.window
        if self.module is None or w.ws is None:
            return
        self.module.ConflictsDialog(w.ws, w.runner, w.bus, w).exec()

    def _device_revoked(self) -> None:
        """The server revoked this laptop and its data was wiped: say so and close."""
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self.window, self.tr("Laptop revoked"), self.tr(
            "The administrator revoked this laptop. Its Inspector data has been removed; Inspector "
            "closes now."))
        self.window.close()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
