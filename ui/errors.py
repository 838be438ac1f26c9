"""Showing errors: known problems in plain words, bugs with a crash dialog and a log file."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QMessageBox, QWidget

from inspector import redaction
from inspector.errors import InspectorError, StorageError

log = logging.getLogger("inspector.ui")


def ui_lang() -> str:
    """'nl' or 'en', following the language the app was started with."""
    app = QCoreApplication.instance()
    lang = app.property("inspector_lang") if app is not None else None
    if isinstance(lang, str) and lang in ("nl", "en"):
        return lang
    return "en" if QLocale().language() == QLocale.Language.English else "nl"


def error_text(exc: BaseException) -> str:
    """The user-facing text of a known error in the UI language."""
    if isinstance(exc, InspectorError):
        return exc.message(ui_lang())
    return str(exc)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Known problems get a plain message; anything else is a bug and gets the crash dialog."""
    if isinstance(exc, InspectorError):
        title = QCoreApplication.translate("errors", "Storage problem") if isinstance(exc, StorageError) \
            else QCoreApplication.translate("errors", "Cannot do that")
        QMessageBox.warning(parent, title, error_text(exc))
        return
    show_crash(parent, exc)


def show_crash(parent: QWidget | None, exc: BaseException, log_file: Path | None = None) -> None:
    text = getattr(exc, "__traceback_text__", None) or redaction.traceback_text(
        type(exc), exc, exc.__traceback__)
    log.error("unexpected error:\n%s", text)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("errors", "Unexpected error"))
    where = f"\n\n{log_file}" if log_file else ""
    box.setText(QCoreApplication.translate(
        "errors", "Something went wrong in Inspector. Your saved work is safe. Please send the log "
                  "file to the helpdesk.") + where)
    box.setDetailedText(text)
    box.exec()
