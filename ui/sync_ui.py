"""Sync in the desktop app: a controller for the Sync button and status line, and two dialogs.

``SyncController`` runs the sync job (``inspector.sync.engine``) on the IO lane. The job reaches the
workspace only through ``db_caller(runner)``: each database step is queued on the serial DB lane and
the IO thread waits for it, so the engine never uses the GUI's connection at the same time as the DB
lane, and the GUI thread never waits on the network or the disk. A cheap ping on the IO lane, with
backoff while the server is away, starts a sync when the server becomes reachable.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import SyncError, SyncKind
from inspector.model import Changes
from inspector.workspace.sync import (
    KEEP_MINE,
    KEEP_SERVER,
    SEAL_INVALID,
    SERVER_KEPT,
    SUPERSEDED,
    ConflictRow,
    QuarantineRow,
    SyncStatus,
    display_value,
)

from . import labels
from .errors import error_text, ui_lang
from .sync_addendum import AddendumDialog, ConflictDetail, load_details

if TYPE_CHECKING:
    from inspector.workspace import Workspace
    from inspector.workspace.sync import LoginInfo, SyncResult

    from .bus import Bus
    from .tasks import TaskRunner

log = logging.getLogger("inspector.ui.sync")
T = TypeVar("T")
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


def db_caller(runner: TaskRunner) -> Callable[[Callable[[], T]], T]:
    """Run a database step on the DB lane and wait for it (from a worker thread; inline on the GUI thread).

    The step completes its Future on the DB thread itself, so a waiting worker never depends on the
    GUI event loop.
    """
    def call(fn: Callable[[], T]) -> T:
        if threading.current_thread() is threading.main_thread():
            return fn()  # the synchronous test runner runs the IO lane inline
        future: Future[T] = Future()

        def job() -> None:
            try:
                future.set_result(fn())
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting worker
                future.set_exception(exc)

        runner.run_db(job)
        return future.result()
    return call


class SyncController(QObject):
    """Sync now, cancel, a status line, and automatic sync when the server becomes reachable."""

    status_changed = Signal(str)
    progress = Signal(int, int)
    finished = Signal(bool)
    device_revoked = Signal()  # the workspace has been wiped; the main window must close it

    def __init__(self, workspace: Workspace, runner: TaskRunner, bus: Bus, parent: QObject | None = None, *,
                 ping_interval_ms: int = 60_000, retry_ms: int = 5_000, max_backoff_ms: int = 300_000,
                 auto: bool = True, engine_options: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self._runner = runner
        self._bus = bus
        self._db = db_caller(runner)
        self._cancel = threading.Event()
        self._running = False
        self._dead = False
        self._status: SyncStatus | None = None
        self._reachable: bool | None = None
        self._interval = ping_interval_ms
        self._retry = retry_ms
        self._max_backoff = max_backoff_ms
        self._backoff = retry_ms
        self._engine_options = engine_options or {}
        self.last_result: SyncResult | None = None
        self.last_error: BaseException | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._ping)
        bus.changed.connect(self._on_changes)
        self.refresh_status()
        if auto:
            self._timer.start(0)

    # --- public -------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._running

    def sync_now(self) -> None:
        """Start a sync in the background (ignored while one runs)."""
        if self._running or self._dead:
            return
        self._running = True
        self._cancel.clear()
        self.status_changed.emit(self.tr("Syncing…"))
        ws, cancel, options = self._ws, self._cancel, dict(self._engine_options)

        def job() -> SyncResult:
            return ws.sync.run(db_call=self._db, progress=self._on_progress, cancel=cancel, **options)

        self._runner.run_io(job, self._sync_done, self._sync_failed)

    def cancel(self) -> None:
        """Stop the running sync at the next safe point (nothing is lost)."""
        self._cancel.set()

    def refresh_status(self) -> None:
        """Recompute the status line (after a login, logout, or a change)."""
        if self._dead:
            return
        self._runner.run_db(self._ws.sync.status, self._status_loaded, lambda exc: log.warning("%s", exc))

    def stop(self) -> None:
        """No more pings (the main window is closing)."""
        self._timer.stop()
        self._dead = True

    # --- status line --------------------------------------------------------------------------
    def _on_changes(self, changes: object) -> None:
        if isinstance(changes, Changes) and changes & ~Changes.SYNC and not self._running:
            self.refresh_status()

    def _status_loaded(self, status: SyncStatus) -> None:
        self._status = status
        if not self._running:
            self.status_changed.emit(self.status_text(status))

    def status_text(self, s: SyncStatus) -> str:
        """e.g. "Last synced 14:02, 3 changes waiting" (Dutch through the translation)."""
        if not s.url:
            parts = [self.tr("Not connected to a server")]
        elif not s.logged_in:
            parts = [self.tr("Logged out")]
        elif self._reachable is False:
            parts = [self.tr("Server not reachable")]
        elif s.last_sync_at:
            parts = [self.tr("Last synced %1").replace("%1", _local_time(s.last_sync_at))]
        else:
            parts = [self.tr("Not synced yet")]
        if s.pending == 1:
            parts.append(self.tr("1 change waiting"))
        elif s.pending > 1:
            parts.append(self.tr("%1 changes waiting").replace("%1", str(s.pending)))
        if s.open_conflicts == 1:
            parts.append(self.tr("1 conflict to resolve"))
        elif s.open_conflicts > 1:
            parts.append(self.tr("%1 conflicts to resolve").replace("%1", str(s.open_conflicts)))
        if s.quarantined:
            parts.append(self.tr("%1 refused").replace("%1", str(s.quarantined)))
        if s.awaiting_receipt == 1:
            parts.append(self.tr("1 finalized visit without a receipt"))
        elif s.awaiting_receipt > 1:
            parts.append(self.tr("%1 finalized visits without a receipt")
                         .replace("%1", str(s.awaiting_receipt)))
        return ", ".join(parts)

    # --- the job ------------------------------------------------------------------------------
    def _on_progress(self, _stage: str, done: int, total: int) -> None:
        self.progress.emit(done, total)  # from the worker thread: queued to the GUI

    def _sync_done(self, result: SyncResult) -> None:
        self._running = False
        self._reachable = True
        self.last_result, self.last_error = result, None
        if result.pushed or result.pulled or result.rejected or result.conflicts or result.receipts \
                or result.removed or result.purged:
            self._bus.emit_changes(Changes.ALL)
        if result.removed:
            self._bus.status_message.emit(
                self.tr("Moved to another team and removed from this laptop: %1")
                .replace("%1", ", ".join(result.removed)))
        self.refresh_status()
        self.finished.emit(True)

    def _sync_failed(self, exc: BaseException) -> None:
        self._running = False
        self.last_result, self.last_error = None, exc
        if isinstance(exc, SyncError) and exc.kind is SyncKind.REVOKED:
            self.stop()
            self.status_changed.emit(self.tr("This laptop was revoked by the administrator; its data has "
                                             "been removed."))
            self._bus.status_message.emit(error_text(exc))
            self.device_revoked.emit()
            self.finished.emit(False)
            return
        if isinstance(exc, SyncError) and exc.code == "cancelled":
            self.status_changed.emit(self.tr("Sync cancelled; nothing was lost."))
        elif isinstance(exc, SyncError) and exc.kind is SyncKind.NETWORK:
            self._reachable = False
            self._schedule_backoff()
            self.refresh_status()
        elif isinstance(exc, SyncError):
            self.status_changed.emit(self.tr("Sync failed: %1").replace("%1", error_text(exc)))
        else:
            log.error("sync crashed: %r", exc)
            self.status_changed.emit(self.tr("Sync failed: %1").replace("%1", str(exc)))
        if isinstance(exc, SyncError):
            self._bus.status_message.emit(error_text(exc))
        self.finished.emit(False)

    # --- reachability -------------------------------------------------------------------------
    def _ping(self) -> None:
        status = self._status
        if self._dead:
            return
        if self._running or status is None or not status.url or not status.logged_in:
            self._timer.start(self._interval)
            return
        url = status.url

        self._runner.run_io(lambda: self._ws.sync.ping(url), self._ping_ok, self._ping_failed)

    def _ping_ok(self, _result: object) -> None:
        was = self._reachable
        self._reachable = True
        self._backoff = self._retry
        if not self._dead:
            self._timer.start(self._interval)
        if was is not True:
            self.sync_now()

    def _ping_failed(self, _exc: BaseException) -> None:
        was = self._reachable
        self._reachable = False
        self._schedule_backoff()
        if was is not False and self._status is not None and not self._running:
            self.status_changed.emit(self.status_text(self._status))

    def _schedule_backoff(self) -> None:
        if self._dead:
            return
        self._timer.start(self._backoff)
        self._backoff = min(self._backoff * 2, self._max_backoff)


def _local_time(iso: str) -> str:
    """HH:MM in local time for today, dd-mm-jjjj HH:MM otherwise."""
    try:
        moment = labels.local(datetime.fromisoformat(iso.replace("Z", "+00:00")))
    except ValueError:
        return iso
    if moment.date() == labels.now().date():
        return moment.strftime("%H:%M")
    return moment.strftime("%d-%m-%Y %H:%M")


# --- settings: server, login, logout ------------------------------------------------------------
class ServerSettingsDialog(QDialog):
    """Server address, username and password → log in; log out. Errors appear inline."""

    login_changed = Signal()

    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self._runner = runner
        self._db = db_caller(runner)
        self.setWindowTitle(self.tr("Server"))
        self.url = QLineEdit()
        self.url.setPlaceholderText(self.tr("https://inspector.example.nl"))
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Server &address"), self.url)
        form.addRow(self.tr("&Username"), self.username)
        form.addRow(self.tr("&Password"), self.password)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("server_message")
        self.login_button = QPushButton(self.tr("Log &in"))
        self.logout_button = QPushButton(self.tr("Log &out"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.login_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.logout_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.login_button.clicked.connect(self.log_in)
        self.logout_button.clicked.connect(self.log_out)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._busy(True)
        runner.run_db(workspace.sync.status, self._loaded, self._failed)

    def _busy(self, busy: bool) -> None:
        for w in (self.login_button, self.logout_button, self.url, self.username, self.password):
            w.setEnabled(not busy)

    def _loaded(self, status: SyncStatus) -> None:
        self._busy(False)
        self.url.setText(status.url)
        self.username.setText(status.username)
        self.logout_button.setEnabled(status.logged_in)
        if status.logged_in:
            self.message.setText(self.tr("Logged in as %1 on %2.").replace("%1", status.username)
                                 .replace("%2", status.url))
        else:
            self.message.setText(self.tr("Not logged in."))

    def log_in(self) -> None:
        url, user, password = self.url.text().strip(), self.username.text().strip(), self.password.text()
        problem = self._ws.sync.url_problem(url)
        if problem is not None:
            self.message.setText(problem[2] if ui_lang() == "en" else problem[1])
            return
        if not user or not password:
            self.message.setText(self.tr("Enter your username and password."))
            return
        self._busy(True)
        self.message.setText(self.tr("Logging in…"))
        ws, db = self._ws, self._db
        self._runner.run_io(lambda: ws.sync.login(url, user, password, db_call=db), self._logged_in,
                            self._failed)

    def _logged_in(self, info: LoginInfo) -> None:
        self._busy(False)
        self.password.clear()
        text = self.tr("Logged in as %1 on %2.").replace("%1", info.username).replace("%2", info.url)
        if not info.token_in_keyring:
            text += " " + self.tr("There is no secure keyring on this computer: the login lasts until "
                                  "Inspector is closed.")
        self.message.setText(text)
        self.login_changed.emit()

    def log_out(self) -> None:
        self._busy(True)
        ws, db = self._ws, self._db
        self._runner.run_io(lambda: ws.sync.logout(db_call=db), self._logged_out, self._failed)

    def _logged_out(self, _result: object) -> None:
        self._busy(False)
        self.logout_button.setEnabled(False)
        self.message.setText(self.tr("Logged out. The data on this laptop is kept."))
        self.login_changed.emit()

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.message.setText(error_text(exc))


# --- conflicts and quarantine --------------------------------------------------------------------
class SyncLabels(QObject):
    """Translated names of record kinds (one translation context, shared by the models)."""

    def entity(self, entity: str) -> str:
        labels = {"cases": self.tr("Case"), "addresses": self.tr("Address"), "persons": self.tr("Person"),
                  "visits": self.tr("Visit"), "answers": self.tr("Answer"), "attachments": self.tr("Photo"),
                  "addenda": self.tr("Addendum"), "audit": self.tr("Audit entry")}
        return labels.get(entity, entity)

    def field(self, entity: str, name: str) -> str:
        """A field of a visit (or a photo's caption) as the visit steps name it; others as stored."""
        if name == "*":
            return self.tr("whole record")
        if entity == "attachments" and name == "caption":
            return self.tr("Caption")
        if entity != "visits":
            return name
        names = {"summary": self.tr("Summary"), "conclusion": self.tr("Conclusion"),
                 "outcome": self.tr("Outcome"), "followup_date": self.tr("Follow-up date"),
                 "followup_note": self.tr("Follow-up note"), "statement": self.tr("Statement"),
                 "consent": self.tr("Consent"), "rooms": self.tr("Rooms"), "caution": self.tr("Caution"),
                 "referrals": self.tr("Referrals"), "signals": self.tr("Signals"),
                 "toe_causes": self.tr("Causes (Tafel van Elf)"), "lhs_cell": self.tr("LHS cell"),
                 "present": self.tr("Present"), "ground": self.tr("Reasonable ground")}
        return names.get(name, name)


class _Table(QAbstractTableModel):
    """A list of records, one per row; subclasses give the headers and the cells."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self.labels = SyncLabels(self)

    def headers(self) -> list[str]:
        raise NotImplementedError

    def cell(self, rec: Any, column: int) -> str:
        raise NotImplementedError

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def record(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        headers = self.headers()
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(headers):
            return headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        rec = self._rows[index.row()]
        if role == RECORD_ROLE:
            return rec
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cell(rec, index.column())
        return None


class ConflictsModel(_Table):
    """Open conflicts: the case, the record, the field, my value and the server's value side by side,
    and what kind of conflict it is. Answers of a finalized visit are shown by their question and
    readable values (``details``, read on the DB lane)."""

    CASE, RECORD, FIELD, MINE, SERVER, KIND = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.details: dict[str, ConflictDetail] = {}

    def set_conflicts(self, rows: list[ConflictRow], details: dict[str, ConflictDetail]) -> None:
        self.beginResetModel()
        self._rows, self.details = list(rows), dict(details)
        self.endResetModel()

    def headers(self) -> list[str]:
        return [self.tr("Case"), self.tr("Record"), self.tr("Field"), self.tr("My value"),
                self.tr("Server's value"), self.tr("Kind")]

    def cell(self, rec: ConflictRow, column: int) -> str:
        if column == self.CASE:
            return rec.case_number
        if column == self.RECORD:
            return self.labels.entity(rec.entity)
        if column == self.FIELD:
            return self.field_name(rec)
        if column == self.KIND:
            return self.kind_text(rec)
        return self.value_text(rec, mine=column == self.MINE)

    def field_name(self, rec: ConflictRow) -> str:
        detail = self.details.get(rec.id)
        return detail.field if detail is not None else self.labels.field(rec.entity, rec.field)

    def value_text(self, rec: ConflictRow, *, mine: bool) -> str:
        detail = self.details.get(rec.id)
        if detail is not None:
            if mine and rec.kind == SUPERSEDED and not detail.mine:
                return detail.kept  # another laptop's whole answer: this laptop's is the visit's own
            return detail.mine if mine else detail.theirs
        value = rec.local_value if mine else rec.server_value
        if rec.kind == SEAL_INVALID and isinstance(value, dict):  # the whole record the server sent
            return self.tr("finalized visit, fingerprint %1").replace(
                "%1", str(value.get("fingerprint") or "")[:15] + "…")
        return display_value(rec.entity, rec.field, value)

    def kept_text(self, rec: ConflictRow) -> str:
        """What the finalized visit holds (for a conflict of a finalized visit)."""
        detail = self.details.get(rec.id)
        if detail is not None:
            return detail.kept
        return self.value_text(rec, mine=rec.kind == SUPERSEDED)

    def kind_text(self, rec: ConflictRow) -> str:
        if rec.kind == SUPERSEDED:
            return self.tr("Finalized visit kept its value")
        if rec.kind == SEAL_INVALID:
            return self.tr("Not taken: did not pass the check")
        return self.tr("Server kept its value; visit finalized") if rec.locked else \
            self.tr("Server kept its value")


class QuarantineModel(_Table):
    """Records the server refused, with its reason."""

    CASE, RECORD, SINCE, REASON = range(4)  # the reason last: it takes the width that is left

    def headers(self) -> list[str]:
        return [self.tr("Case"), self.tr("Record"), self.tr("Since"), self.tr("Reason")]

    def cell(self, rec: QuarantineRow, column: int) -> str:
        if column == self.CASE:
            return rec.case_number
        if column == self.RECORD:
            return self.labels.entity(rec.entity)
        if column == self.REASON:
            return rec.reason(ui_lang())
        return _local_time(rec.created_at)


class ConflictsDialog(QDialog):
    """Open conflicts and the records waiting in quarantine.

    A conflict of a record that can still change: keep mine / keep the server's. A conflict of a
    finalized visit (it no longer changes): seen, or settled by an addendum. A finalized visit the
    server sent whose seal does not hold (not taken): seen.
    """

    def __init__(self, workspace: Workspace, runner: TaskRunner, bus: Bus,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self._runner = runner
        self._bus = bus
        self.setWindowTitle(self.tr("Sync conflicts"))
        self.conflicts = ConflictsModel(self)
        self.quarantine = QuarantineModel(self)
        self.conflict_view = self._view(self.conflicts)
        self.quarantine_view = self._view(self.quarantine)
        self.keep_mine = QPushButton(self.tr("Keep &mine"))
        self.keep_mine.setObjectName("conflict_keep_mine")
        self.keep_server = QPushButton(self.tr("Keep the &server's"))
        self.keep_server.setObjectName("conflict_keep_server")
        self.seen = QPushButton()
        self.seen.setObjectName("conflict_seen")
        self.make_addendum = QPushButton(self.tr("Make an &addendum…"))
        self.make_addendum.setObjectName("conflict_addendum")
        self.detail = QLabel()
        self.detail.setObjectName("conflict_detail")
        self.detail.setWordWrap(True)
        self.addendum_dialog: AddendumDialog | None = None
        self.retry = QPushButton(self.tr("&Try again"))
        self.let_go = QPushButton(self.tr("&Remove case from this laptop"))
        self.let_go.setToolTip(self.tr("For a case that now belongs to another team: removes it from this "
                                       "laptop, with the changes the server refused."))
        self.let_go.setEnabled(False)
        self.confirm: QMessageBox | None = None
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.keep_mine.clicked.connect(lambda: self._resolve("mine"))
        self.keep_server.clicked.connect(lambda: self._resolve("server"))
        self.seen.clicked.connect(self._seen)
        self.make_addendum.clicked.connect(self._ask_addendum)
        self.retry.clicked.connect(self._retry)
        self.let_go.clicked.connect(self._ask_let_go)
        tabs = QTabWidget()
        tabs.addTab(self._page(self.conflict_view, self.tr("Both values are kept until you choose. "
                                                           "Your choice is recorded in the audit trail."),
                               self.keep_mine, self.keep_server, self.seen, self.make_addendum,
                               detail=self.detail), self.tr("Conflicts"))
        tabs.addTab(self._page(self.quarantine_view, self.tr("The server refused these records. They wait "
                                                             "here and do not block anything else."),
                               self.let_go, self.retry), self.tr("Refused by the server"))
        self.quarantine_view.selectionModel().selectionChanged.connect(self._quarantine_selected)
        self.conflict_view.selectionModel().selectionChanged.connect(self._conflict_selected)
        self._size_conflict_columns()
        self.tabs = tabs
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(1040, 460)
        self.reload()

    @staticmethod
    def _view(model: QAbstractTableModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        view.horizontalHeader().setStretchLastSection(True)
        view.verticalHeader().hide()
        return view

    def _size_conflict_columns(self) -> None:
        """One line per conflict (the full text in its tooltip); the field takes the width that is left."""
        view, header = self.conflict_view, self.conflict_view.horizontalHeader()
        view.setWordWrap(False)
        header.setStretchLastSection(False)
        for column in range(ConflictsModel.KIND + 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ConflictsModel.FIELD, QHeaderView.ResizeMode.Stretch)
        for column in (ConflictsModel.MINE, ConflictsModel.SERVER):  # values can be long texts
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, max(140, header.sectionSizeHint(column)))

    @staticmethod
    def _page(view: QTableView, note: str, *buttons: QPushButton, detail: QWidget | None = None) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        label = QLabel(note)
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(view)
        if detail is not None:
            layout.addWidget(detail)
        row = QHBoxLayout()
        row.addStretch(1)
        for b in buttons:
            row.addWidget(b)
        layout.addLayout(row)
        return page

    def reload(self) -> None:
        ws, lang = self._ws, ui_lang()

        def load() -> tuple[list[ConflictRow], list[QuarantineRow], dict[str, ConflictDetail]]:
            conflicts = ws.sync.conflicts()
            return conflicts, ws.sync.quarantined(), load_details(ws, conflicts, lang)

        self._runner.run_db(load, self._loaded, self._failed)

    def _loaded(self, rows: tuple[list[ConflictRow], list[QuarantineRow], dict[str, ConflictDetail]]) -> None:
        conflicts, quarantined, details = rows
        self.conflicts.set_conflicts(conflicts, details)
        self.quarantine.set_rows(quarantined)
        self.retry.setEnabled(bool(quarantined))
        if conflicts:
            self.conflict_view.selectRow(0)
        self._conflict_selected()

    def _conflict_selected(self) -> None:
        """The choices that fit the selected conflict, and what it means in words."""
        rec: ConflictRow | None = self._selected(self.conflict_view, self.conflicts)
        open_record = rec is None or not rec.locked
        for button in (self.keep_mine, self.keep_server):
            button.setVisible(open_record)
            button.setEnabled(rec is not None)
        self.seen.setVisible(not open_record)
        self.seen.setText(self.tr("&Seen") if rec is not None and rec.kind == SEAL_INVALID else
                          self.tr("&Seen — the finalized visit stays as it is"))
        self.make_addendum.setVisible(rec is not None and rec.locked and rec.kind != SEAL_INVALID
                                      and bool(rec.visit_id))
        self.detail.setText(self._explain(rec) if rec is not None else "")
        self.detail.setVisible(bool(self.detail.text()))

    def _explain(self, rec: ConflictRow) -> str:
        model, empty = self.conflicts, self.tr("(empty)")
        field, kept = model.field_name(rec), _quoted(model.kept_text(rec), empty)
        mine = _quoted(model.value_text(rec, mine=True), empty)
        theirs = _quoted(model.value_text(rec, mine=False), empty)
        if rec.kind == SEAL_INVALID:
            return self.tr("The server sent a finalized visit that did not pass the check: its fingerprint "
                           "or the signature of the device that finalized it does not hold. It was not "
                           "taken; this laptop keeps what it had. Report this to the application manager.")
        if rec.kind == SUPERSEDED:
            return _fill(self.tr("This visit was finalized on this laptop and says %1 for “%2”. Another "
                                 "laptop had recorded %3. A finalized visit no longer changes: mark this as "
                                 "seen, or record the other value in an addendum."), kept, field, theirs)
        if rec.locked:
            return _fill(self.tr("This visit is finalized and says %1 for “%2”. This laptop had %3, the "
                                 "server %4. A finalized visit no longer changes: mark this as seen, or "
                                 "record the difference in an addendum."), kept, field, mine, theirs)
        return self.tr("The server already had another value and kept it. Choose which value stays.")

    def _selected(self, view: QTableView, model: _Table) -> Any:
        rows = view.selectionModel().selectedRows()
        if not rows:
            return None
        return model.record(rows[0].row())

    def _resolve(self, keep: str) -> None:
        rec = self._selected(self.conflict_view, self.conflicts)
        if rec is None:
            self.message.setText(self.tr("Select a conflict first."))
            return
        ws = self._ws
        self._runner.run_db(lambda: ws.sync.resolve(rec.id, keep), self._changed, self._failed)

    def _seen(self) -> None:
        """Note a conflict of a finalized visit as seen: the visit stays as it is (audited)."""
        rec = self._selected(self.conflict_view, self.conflicts)
        if rec is not None:
            # The server's value is the one the visit holds for a server_kept conflict; for the other
            # kinds the core only notes the conflict as seen, whichever side is named.
            self._resolve(KEEP_SERVER if rec.kind == SERVER_KEPT else KEEP_MINE)

    def _ask_addendum(self) -> None:
        """Ask for the addendum's text (prefilled with what the conflict is about)."""
        rec = self._selected(self.conflict_view, self.conflicts)
        if rec is None or not rec.visit_id:
            return
        model, empty = self.conflicts, self.tr("(empty)")
        field, kept = model.field_name(rec), _quoted(model.kept_text(rec), empty)
        mine = _quoted(model.value_text(rec, mine=True), empty)
        theirs = _quoted(model.value_text(rec, mine=False), empty)
        if rec.kind == SUPERSEDED:
            text = _fill(self.tr("After finalizing it turned out that another laptop had recorded %1 for "
                                 "“%2”; this finalized visit says %3."), theirs, field, kept)
        else:
            text = _fill(self.tr("This laptop had recorded %1 for “%2”, the server %3; the finalized visit "
                                 "says %4."), mine, field, theirs, kept)
        intro = _fill(self.tr("Case %1, “%2”. The addendum is signed by this laptop, linked to the "
                              "fingerprint of the finalized visit and printed with its report; the conflict "
                              "is then settled."), rec.case_number, field)
        dialog = AddendumDialog(self._ws, self._runner, self._bus, rec.id, intro, text, self)
        dialog.accepted.connect(self._addendum_recorded)
        dialog.finished.connect(lambda _result: setattr(self, "addendum_dialog", None))
        self.addendum_dialog = dialog
        dialog.open()

    def _addendum_recorded(self) -> None:
        self.message.setText(self.tr("The addendum was recorded and the conflict settled."))
        self.reload()

    def _retry(self) -> None:
        rec = self._selected(self.quarantine_view, self.quarantine)
        ws = self._ws
        ids = [rec.id] if rec is not None else None
        self._runner.run_db(lambda: ws.sync.retry(ids), self._changed, self._failed)

    def _quarantine_selected(self) -> None:
        rec = self._selected(self.quarantine_view, self.quarantine)
        self.let_go.setEnabled(rec is not None and rec.case_elsewhere)

    def _ask_let_go(self) -> None:
        rec = self._selected(self.quarantine_view, self.quarantine)
        if rec is None:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Remove case from this laptop"),
                          self.tr("Case %1 belongs to a team you are not in. Remove it from this laptop? "
                                  "The changes the server refused are lost; the server keeps the case "
                                  "as it has it.").replace("%1", rec.case_number),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda answer: self._let_go(rec.id, answer))
        self.confirm = box
        box.open()

    def _let_go(self, quarantine_id: str, answer: int) -> None:
        self.confirm = None
        if answer != QMessageBox.StandardButton.Yes:
            return
        ws = self._ws
        self._runner.run_db(lambda: ws.sync.let_go_of_case(quarantine_id), self._changed, self._failed)

    def _changed(self, changes: Changes) -> None:
        self.message.clear()
        self._bus.emit_changes(changes)
        self.reload()

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(error_text(exc))


def _quoted(value: str, empty: str) -> str:
    return f"'{value}'" if value else empty


def _fill(text: str, *values: str) -> str:
    """Put ``values`` in for %1, %2 … in one pass (a value that itself holds "%2" stays as it is)."""
    return re.sub(r"%(\d)", lambda m: values[int(m.group(1)) - 1], text)
