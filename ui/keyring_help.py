"""When the keyring holding the workspace's key cannot be reached: say so plainly and offer a way on.

The existing workspace's key is a random key that lives only in the keyring, so no passphrase can
open it. What the inspector can do: try again once the keyring is unlocked (signing in to the desktop
as usual), or work on in a separate workspace protected with a passphrase (scrypt), beside the
existing one, which stays untouched and opens again as soon as the keyring is back. Never a
plaintext key, never the keyring library's own advice.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from inspector.errors import CredentialsError

from .errors import error_text

if TYPE_CHECKING:
    from .app import Startup

CODE = "keyring_unavailable"
RETRY, PASSPHRASE, QUIT = "retry", "passphrase", "quit"


def passphrase_directory(directory: Path) -> Path:
    """Where the passphrase workspace lives: beside the existing one, never inside or over it."""
    return directory.with_name(directory.name + "-wachtwoordzin")


class KeyringProblemDialog(QDialog):
    """The problem in plain words and the three ways on: try again, passphrase workspace, quit."""

    def __init__(self, exc: CredentialsError, directory: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = QUIT
        self.setWindowTitle(self.tr("The keyring cannot be reached"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        text = QLabel(error_text(exc))
        text.setObjectName("keyring_problem_text")
        text.setWordWrap(True)
        layout.addWidget(text)
        other = passphrase_directory(directory)
        route = QLabel(self.tr(
            "Need to work now? Start a separate workspace protected with a passphrase in %1. Your "
            "existing workspace stays as it is and opens again once the keyring can be reached; after "
            "signing in to the server, synchronising brings your cases into the new one.").replace(
                "%1", str(other)))
        route.setObjectName("keyring_problem_route")
        route.setWordWrap(True)
        route.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(route)
        buttons = QDialogButtonBox()
        role = QDialogButtonBox.ButtonRole
        self.retry = self._button(buttons, self.tr("&Try again"), RETRY, role.AcceptRole)
        self.passphrase = self._button(buttons, self.tr("Workspace with a &passphrase…"), PASSPHRASE,
                                       role.ActionRole)
        self.quit = self._button(buttons, self.tr("&Quit"), QUIT, role.RejectRole)
        layout.addWidget(buttons)
        self.retry.setDefault(True)

    def _button(self, box: QDialogButtonBox, text: str, choice: str,
                role: QDialogButtonBox.ButtonRole) -> QPushButton:
        button = box.addButton(text, role)
        button.setObjectName(f"keyring_{choice}")
        button.clicked.connect(lambda: self._choose(choice))
        return button

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.done(QDialog.DialogCode.Accepted if choice != QUIT else QDialog.DialogCode.Rejected)


def offer(exc: BaseException, startup: Startup) -> bool:
    """Handle a start that failed because the keyring is out of reach; False for any other problem."""
    if not isinstance(exc, CredentialsError) or exc.code != CODE:
        return False
    dialog = KeyringProblemDialog(exc, startup.directory, startup.window)
    dialog.exec()
    if dialog.choice == RETRY:
        startup.begin()
    elif dialog.choice == PASSPHRASE:
        startup.directory = passphrase_directory(startup.directory)
        startup.begin()
    else:
        startup.app.exit(1)
    return True
