"""The window and its dialogs as a user meets them: focus, sizes, words and times (pytest-qt, Dutch UI)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ui import i18n
from ui.bus import Bus
from ui.case_dialogs import NewCaseDialog
from ui.tasks import SyncTaskRunner


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
