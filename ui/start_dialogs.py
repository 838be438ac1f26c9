"""The dialogs of the first minutes: unlocking with a passphrase, and the first-run profile."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from inspector import credentials
from inspector.errors import InspectorError
from inspector.opening import MIN_PASSPHRASE, RESTORABLE

from .dialog_base import TaskDialog
from .errors import error_text
from .forms import ERROR_STYLE, FieldErrors
from .tasks import TaskRunner

if TYPE_CHECKING:
    from inspector.opening import WorkspaceInfo
    from inspector.workspace import Workspace


def _busy_bar(name: str) -> QProgressBar:
    bar = QProgressBar()
    bar.setRange(0, 0)  # indeterminate: the work reports no steps
    bar.setTextVisible(False)
    bar.setMaximumHeight(10)
    bar.setAccessibleName(name)
    bar.setVisible(False)
    return bar


class UnlockDialog(TaskDialog):
    """Asks the passphrase (twice for a new workspace) and opens the workspace on the DB lane.

    A wrong passphrase is said under the field and the dialog asks again; ``workspace`` holds the
    opened workspace after ``accept``.
    """

    unlocked = Signal(object)  # Workspace

    def __init__(self, info: WorkspaceInfo, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info, self.runner = info, runner
        self.workspace: Workspace | None = None
        self.start_problem: InspectorError | None = None  # damaged or missing: a backup may help
        self.entered = ""  # the passphrase, to restore a backup with
        new = info.new_passphrase
        self.setWindowTitle(self.tr("Choose a passphrase") if new else self.tr("Unlock Inspector"))
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        intro = QLabel()
        intro.setWordWrap(True)
        if new:
            intro.setText(error_text(credentials.no_keyring_error()) + "\n\n" + self.tr(
                "Choose a passphrase of at least %1 characters and type it twice. You need it every "
                "time you start Inspector; without it nobody, not even the helpdesk, can open the "
                "data on this laptop.").replace("%1", str(MIN_PASSPHRASE)))
        else:
            intro.setText(self.tr(
                "There is no secure keyring on this computer, so the data of this workspace is "
                "protected with a passphrase. Enter it to continue."))
        intro.setAccessibleName(self.tr("Explanation"))
        lay.addWidget(intro)
        form = QFormLayout()
        self.errors = FieldErrors(form)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors.add_row("passphrase", self.tr("&Passphrase"), self.passphrase)
        self.confirm: QLineEdit | None = None
        if new:
            self.confirm = QLineEdit()
            self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
            self.errors.add_row("confirm", self.tr("&Repeat passphrase"), self.confirm)
        lay.addLayout(form)
        where = QLabel(self.tr("Workspace: %1").replace("%1", str(info.directory)))
        where.setWordWrap(True)
        where.setStyleSheet("color: palette(mid);")
        lay.addWidget(where)
        self.busy_bar = _busy_bar(self.tr("Opening the workspace"))
        lay.addWidget(self.busy_bar)
        self._add_buttons(lay, self.tr("&Unlock"))
        self.passphrase.setFocus()

    def _submit(self) -> None:
        self.errors.clear()
        text = self.passphrase.text()
        if self.confirm is not None:
            if len(text) < MIN_PASSPHRASE:
                self.errors.set_error("passphrase", self.tr(
                    "Choose a passphrase of at least %1 characters.").replace("%1", str(MIN_PASSPHRASE)))
                self.passphrase.setFocus()
                return
            if self.confirm.text() != text:
                self.errors.set_error("confirm", self.tr("The two passphrases differ. Type it again."))
                self.confirm.clear()
                self.confirm.setFocus()
                return
        elif not text:
            self.errors.set_error("passphrase", self.tr("Enter the passphrase."))
            return
        self._set_busy(True)
        directory: Path = self.info.directory

        def work() -> Any:
            from inspector.workspace import Workspace

            return Workspace.open(directory, text)

        self.runner.run_db(work, self._opened, self._failed)

    def _set_busy(self, busy: bool) -> None:
        super()._set_busy(busy)
        self.busy_bar.setVisible(busy)
        self.passphrase.setEnabled(not busy)
        if self.confirm is not None:
            self.confirm.setEnabled(not busy)

    def _opened(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.unlocked.emit(workspace)
        self._finish()

    def _show_problem(self, exc: InspectorError) -> None:
        if exc.code in RESTORABLE:  # not the passphrase's fault: the start offers the backup
            self.start_problem, self.entered = exc, self.passphrase.text()
            self.done(QDialog.DialogCode.Rejected)
            return
        self.errors.set_error("passphrase", error_text(exc))
        self.passphrase.selectAll()
        self.passphrase.setFocus()


class RestoreOffer(QMessageBox):
    """The database is damaged or missing: say so, and offer the newest backup when there is one.

    ``exc.details`` (from the core) names the newest backup, so showing this touches no disk.
    """

    def __init__(self, exc: InspectorError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        details = exc.details if isinstance(exc.details, dict) else {}
        self.backup = details.get("backup")
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(self.tr("Inspector cannot open your data"))
        self.setText(error_text(exc))
        self.restore_button = None
        if self.backup:
            question = self.tr("Restore the backup of %1 now?").replace(
                "%1", str(details.get("backup_made_at") or self.backup))
            if exc.code == "damaged":
                question += " " + self.tr("The damaged file is kept aside; nothing is deleted.")
            self.setInformativeText(question)
            self.restore_button = self.addButton(self.tr("&Restore backup"),
                                                 QMessageBox.ButtonRole.AcceptRole)
            self.setDefaultButton(self.restore_button)
        self.addButton(self.tr("&Close Inspector"), QMessageBox.ButtonRole.RejectRole)

    def wants_restore(self) -> bool:
        """Show the offer; True when the user chose to restore the backup."""
        self.exec()
        return self.restore_button is not None and self.clickedButton() is self.restore_button

    def restored_text(self, backup: str, kept: str) -> str:
        text = self.tr("The backup %1 was restored.").replace("%1", backup)
        if kept:
            text += " " + self.tr("The file it replaced is kept as %1.").replace("%1", kept)
        return text


class FirstRunDialog(TaskDialog):
    """First start: who is the inspector (name, appointment number, team), and demo data or not."""

    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.runner = workspace, runner
        self.demo_cases = 0
        self._seeding = False
        self.setWindowTitle(self.tr("Welcome to Inspector"))
        self.setMinimumWidth(540)
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Inspector keeps your cases and visits on this laptop, encrypted, and works without a "
            "network. Who are you? Your name and appointment number appear in every report you make."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.errors = FieldErrors(form)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Inspector Test"))
        self.errors.add_row("name", self.tr("&Name"), self.name)
        self.appointment = QLineEdit()
        self.appointment.setPlaceholderText(self.tr("supervisor or BOA number, e.g. TH-0042"))
        self.errors.add_row("appointment", self.tr("&Appointment number"), self.appointment)
        self.team = QLineEdit()
        self.errors.add_row("team", self.tr("&Team"), self.team)
        lay.addLayout(form)
        self.demo = QCheckBox(self.tr("Load &demo data: practice cases with test BSNs, no real people"))
        self.demo.setAccessibleName(self.tr("Load demo data"))
        lay.addWidget(self.demo)
        self.status = QLabel()
        self.status.setVisible(False)
        lay.addWidget(self.status)
        self.busy_bar = _busy_bar(self.tr("Loading demo data"))
        lay.addWidget(self.busy_bar)
        self._add_buttons(lay, self.tr("&Start"))
        self.name.setFocus()

    def _submit(self) -> None:
        self.errors.clear()
        name, appointment, team = self.name.text(), self.appointment.text(), self.team.text()
        self._set_busy(True, self.tr("Saving…"))
        self.runner.run_db(lambda: self.ws.settings.set_profile(name, appointment, team), self._saved,
                           self._failed)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        super()._set_busy(busy)
        self.busy_bar.setVisible(busy)
        self.status.setStyleSheet("")
        self.status.setText(text)
        self.status.setVisible(bool(text))
        for w in (self.name, self.appointment, self.team, self.demo):
            w.setEnabled(not busy)

    def _saved(self, _changes: object) -> None:
        if not self.demo.isChecked():
            self._finish()
            return
        self._set_busy(True, self.tr("Loading demo data… this takes a few seconds."))
        self._seeding = True
        ws = self.ws

        def work() -> int:
            from inspector import demo

            return demo.seed(ws)

        self.runner.run_db(work, self._seeded, self._failed)

    def _seeded(self, count: int) -> None:
        self.demo_cases = count
        self._seeding = False
        self._finish()

    def _show_problem(self, exc: InspectorError) -> None:
        if self._seeding or not self.errors.show(exc):
            self.status.setText(error_text(exc))
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setVisible(True)
        self._seeding = False

