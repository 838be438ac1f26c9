"""Start the desktop app: logging, crash dialog, QApplication, language, unlocking, first run, window.

``main.py`` calls ``run(sys.argv)``. Arguments: ``--workspace DIR`` (else ``$INSPECTOR_WORKSPACE``,
else the platform's user data folder) and ``--lang nl|en`` (else ``$INSPECTOR_LANG``, else the
language chosen in the settings, else Dutch). Qt's own arguments pass through.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from inspector import paths, redaction

if TYPE_CHECKING:
    from inspector.errors import InspectorError
    from inspector.workspace import Workspace

    from .tasks import TaskRunner

log = logging.getLogger("inspector.ui")

LOG_NAME = "inspector.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 5
ENV_QUIT_WHEN_READY = "INSPECTOR_QUIT_WHEN_READY"  # benchmarks: print READY and quit once loaded
_HANDLER_TAG = "_inspector_handler"


def redact(text: str) -> str:
    """Blank out every number that could be a BSN: a BSN must never reach a log file."""
    return redaction.redact(text)


class _Described(str):
    """An exception's description, shown the same with %s and %r."""

    def __repr__(self) -> str:
        return str(self)


class RedactingFormatter(logging.Formatter):
    """Formats as usual, but exceptions appear as their type and code only (their text may quote a
    surname or a note), in the message as in the traceback; then BSN-like numbers are blanked."""

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord(record.__dict__)  # a copy: other handlers see the original
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            scrubbed = tuple(_Described(redaction.describe(a)) if isinstance(a, BaseException) else a
                             for a in args)
            record.args = scrubbed if isinstance(record.args, tuple) else scrubbed[0]
        # Never the text another handler cached: it holds the exception's message.
        record.exc_text = self.formatException(record.exc_info) if record.exc_info else None
        return redact(super().format(record))

    def formatException(self, ei: Any) -> str:  # noqa: N802 - Qt-like name is logging's
        exc_type, exc, tb = ei
        if exc is None:
            return ""
        return redaction.traceback_text(exc_type, exc, tb).rstrip("\n")


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our arguments, and the rest (for Qt)."""
    parser = argparse.ArgumentParser(prog="inspector-app", add_help=True)
    parser.add_argument("--workspace", metavar="DIR", help="workspace folder (default: user data folder)")
    parser.add_argument("--lang", choices=("nl", "en"), help="user interface language")
    return parser.parse_known_args(list(argv))


def rotate(path: Path, max_bytes: int = LOG_MAX_BYTES, backups: int = LOG_BACKUPS) -> None:
    """At start: move a log grown past ``max_bytes`` to ``.1`` (``.1`` to ``.2`` …, ``backups`` kept).

    (Rotating once per start keeps ``logging.handlers`` and its imports off the start-up path.)
    """
    try:
        if not path.exists() or path.stat().st_size < max_bytes:
            return
        for n in range(backups - 1, 0, -1):
            older = path.with_name(f"{path.name}.{n}")
            if older.exists():
                older.replace(path.with_name(f"{path.name}.{n + 1}"))
        path.replace(path.with_name(f"{path.name}.1"))
    except OSError as exc:
        log.warning("could not rotate %s: %s", path.name, exc)


def setup_logging(directory: Path, level: int = logging.INFO) -> Path | None:
    """Log to ``DIR/logs/inspector.log`` (0600 in a 0700 folder, rotated at start, BSNs redacted,
    exception texts left out); None when unusable."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _HANDLER_TAG, False):
            root.removeHandler(handler)
            handler.close()
    fmt = RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    stderr = logging.StreamHandler()
    stderr.setLevel(logging.WARNING)
    stderr.setFormatter(fmt)
    setattr(stderr, _HANDLER_TAG, True)
    root.addHandler(stderr)
    root.setLevel(min(root.level or level, level))
    path = directory / "logs" / LOG_NAME
    try:
        paths.private_log_file(path, rotate)
        handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    except OSError as exc:
        log.warning("no log file in %s: %s", path.parent, exc)
        return None
    handler.setFormatter(fmt)
    handler.setLevel(level)
    setattr(handler, _HANDLER_TAG, True)
    root.addHandler(handler)
    return path


def install_excepthook(log_file: Path | None) -> None:
    """Unhandled exceptions (also in Qt slots) are logged and shown in the crash dialog."""
    showing = False

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        text = redaction.traceback_text(exc_type, exc, tb)
        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is None or showing:
            log.error("unexpected error:\n%s", text)
            return
        exc.__traceback_text__ = text  # type: ignore[attr-defined]  # users mail it on: no texts
        showing = True
        try:
            from .errors import show_crash

            show_crash(QApplication.activeWindow(), exc, log_file)
        finally:
            showing = False

    sys.excepthook = hook


def collect_garbage_on_gui_thread(app: Any, interval_ms: int = 1000) -> Any:
    """Run Python's cyclic garbage collector only on the GUI thread (returns the timer).

    Left automatic, a collection can start on a worker thread of the task runner and destroy Qt
    objects (closed dialogs in reference cycles) there, which crashes. So automatic collection is
    switched off and a timer on the GUI thread collects the generation that is due
    (``inspector.garbage``).
    """
    import gc

    from PySide6.QtCore import QTimer

    from inspector.garbage import collect_due

    gc.disable()
    timer = QTimer(app)
    timer.setInterval(interval_ms)
    timer.timeout.connect(collect_due)
    timer.start()
    return timer


def call_on_db(runner: TaskRunner, fn: Callable[[], Any]) -> Any:
    """Run ``fn`` on the DB lane while the GUI keeps processing events; return or raise its result."""
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    box: dict[str, Any] = {}

    def done(result: Any) -> None:
        box["result"] = result
        loop.quit()

    def failed(exc: BaseException) -> None:
        box["error"] = exc
        loop.quit()

    runner.run_db(fn, done, failed)
    if not box:
        loop.exec()
    if "error" in box:
        raise box["error"]
    return box["result"]


def show_start_problem(exc: BaseException, parent: Any = None) -> None:
    """A known problem that stops the start (damaged or locked workspace, missing key): plain words."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    from inspector.errors import InspectorError

    from .errors import error_text, show_crash

    if not isinstance(exc, InspectorError):
        show_crash(parent, exc)
        return
    log.warning("cannot open the workspace: %s", exc.code)
    QMessageBox.critical(parent, QCoreApplication.translate("app", "Inspector cannot open your data"),
                         error_text(exc))


def prepare_workspace(directory: Path) -> tuple[Any, Workspace | None, bool]:
    """On the DB lane: (what opening needs, the workspace when no passphrase is needed, needs profile)."""
    from inspector.workspace import Workspace

    info = Workspace.inspect(directory)
    if info.needs_passphrase:
        return info, None, True
    ws = Workspace.open(directory)
    try:
        return info, ws, ws.settings.needs_profile()
    except BaseException:
        ws.close()
        raise


class Startup:
    """Opens the workspace behind the already shown window; asks passphrase and profile when needed.

    Showing the window first keeps start-up close to a bare Qt window: the core is imported and the
    encrypted database opened on the DB lane while the window paints.
    """

    def __init__(self, app: Any, window: Any, runner: TaskRunner, directory: Path) -> None:
        self.app, self.window, self.runner, self.directory = app, window, runner, directory
        self.ws: Workspace | None = None

    def begin(self) -> None:
        from . import labels

        directory = self.directory
        self.runner.run_db(lambda: prepare_workspace(directory), self._prepared, self._failed)
        self.runner.run_io(labels.load_catalog, None, lambda exc: log.warning("templates: %s", exc))

    def _failed(self, exc: BaseException, passphrase: str | None = None) -> None:
        from inspector.errors import InspectorError
        from inspector.opening import RESTORABLE

        from . import keyring_help

        if isinstance(exc, InspectorError) and exc.code in RESTORABLE:
            self._offer_restore(exc, passphrase)
            return
        if keyring_help.offer(exc, self):  # no keyring: try again, or a passphrase workspace
            return
        show_start_problem(exc, self.window)
        self.app.exit(1)

    def _offer_restore(self, exc: InspectorError, passphrase: str | None) -> None:
        """Damaged or missing: offer the newest backup; restored on the DB lane, then start again."""
        from .start_dialogs import RestoreOffer

        log.warning("cannot open the workspace: %s", exc.code)
        offer = RestoreOffer(exc, self.window)
        if not offer.wants_restore():
            self.app.exit(1)
            return
        directory = self.directory

        def work() -> Any:
            from inspector.workspace import Workspace

            return Workspace.restore(directory, offer.backup, passphrase)

        def restored(done: Any) -> None:
            from PySide6.QtWidgets import QMessageBox

            log.info("backup %s restored", done.backup.name)
            QMessageBox.information(self.window, offer.windowTitle(),
                                    offer.restored_text(done.backup.name, _in_folder(done.kept, directory)))
            self.begin()

        self.runner.run_db(work, restored, lambda e: (show_start_problem(e, self.window), self.app.exit(1)))

    def _prepared(self, result: tuple[Any, Workspace | None, bool]) -> None:
        from PySide6.QtWidgets import QDialog

        from .start_dialogs import FirstRunDialog, UnlockDialog

        info, ws, needs_profile = result
        if ws is None:
            dialog = UnlockDialog(info, self.runner, self.window)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.workspace is None:
                if dialog.start_problem is not None:
                    self._failed(dialog.start_problem, dialog.entered)
                    return
                self.app.exit(0)
                return
            ws = dialog.workspace
            try:
                needs_profile = call_on_db(self.runner, ws.settings.needs_profile)
            except Exception as exc:  # noqa: BLE001 - shown plainly, then the app stops
                self.ws = ws
                self._failed(exc)
                return
        self.ws = ws
        if needs_profile:
            first_run = FirstRunDialog(ws, self.runner, self.window)
            if first_run.exec() != QDialog.DialogCode.Accepted:
                self.app.exit(0)
                return
        self.window.attach_workspace(ws)
        self.window.restore_last_visit()


def _in_folder(path: Path | None, directory: Path) -> str:
    """``path`` as the user finds it in the workspace folder ("" for none)."""
    if path is None:
        return ""
    return str(path.relative_to(directory)) if path.is_relative_to(directory) else str(path)


def run(argv: Sequence[str]) -> int:
    """Run the app; returns the process exit code."""
    args, qt_args = parse_args(argv[1:])
    from inspector.paths import default_workspace_dir

    directory = Path(args.workspace).expanduser() if args.workspace else default_workspace_dir()
    log_file = setup_logging(directory)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([argv[0] if argv else "inspector", *qt_args])
    app.setApplicationName("Inspector")
    app.setOrganizationName("Inspector")
    app.setApplicationDisplayName("Inspector")
    from . import i18n

    lang = i18n.resolve_language(args.lang)
    i18n.install_translators(app, lang)
    install_excepthook(log_file)
    gc_timer = collect_garbage_on_gui_thread(app)
    log.info("starting; language %s", lang)

    from .bus import Bus
    from .errors import show_error
    from .main_window import MainWindow
    from .tasks import TaskRunner

    runner = TaskRunner(default_error=lambda exc: show_error(QApplication.activeWindow(), exc))
    window = MainWindow(None, runner, Bus())
    window.restore_geometry()
    startup = Startup(app, window, runner, directory)
    if os.environ.get(ENV_QUIT_WHEN_READY):
        _quit_when_ready(app, window)
    window.show()
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, startup.begin)
    try:
        return int(app.exec())
    finally:
        window.close()
        runner.wait()
        if startup.ws is not None:  # on the DB lane: closing may make the day's backup
            runner.run_db(startup.ws.close, None, None)
            runner.wait(600_000)
        gc_timer.stop()
        log.info("stopped")


def _quit_when_ready(app: Any, window: Any) -> None:
    """For the startup benchmark: say when the window is up, the workspace open, and the data shown."""
    from PySide6.QtCore import QTimer

    def shown() -> None:
        print("SHOWN", flush=True)

    window.workspace_attached.connect(lambda: print("OPENED", flush=True))

    def ready() -> None:
        print("READY", flush=True)
        app.quit()

    QTimer.singleShot(0, shown)
    window.loaded.connect(lambda: QTimer.singleShot(0, ready))
