"""Settings: the inspector's profile, language, the municipality on the report, photos, BSN on reports.

Workspace settings (``municipality``, ``report_show_bsn``, ``photo_max_long_side``, the profile) are
read and written on the DB lane; the language lives in QSettings and applies at the next start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inspector.model import Changes

from . import i18n
from .bus import Bus
from .dialog_base import TaskDialog
from .errors import ui_lang
from .forms import FieldErrors
from .tasks import TaskRunner

if TYPE_CHECKING:
    from inspector.workspace import Workspace

PHOTO_DEFAULT = 2560


class SettingsDialog(TaskDialog):
    """Edit the settings; ``language_changed`` tells the caller a restart is needed for the language."""

    closes_while_busy = True  # Cancel and Escape close it even while the settings load or are saved

    def __init__(self, workspace: Workspace, runner: TaskRunner, bus: Bus, parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.ws, self.runner, self.bus = workspace, runner, bus
        self.settings = settings
        self.language_changed = False
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(560)
        lay = QVBoxLayout(self)
        self.errors = FieldErrors()

        who = QGroupBox(self.tr("Inspector"))
        who_form = QFormLayout(who)
        self.name = QLineEdit()
        self.errors.add_row("name", self.tr("&Name"), self.name, form=who_form)
        self.appointment = QLineEdit()
        self.errors.add_row("appointment", self.tr("&Appointment number"), self.appointment,
                            form=who_form)
        self.team = QLineEdit()
        self.errors.add_row("team", self.tr("&Team"), self.team, form=who_form)
        lay.addWidget(who)

        looks = QGroupBox(self.tr("Language"))
        looks_form = QFormLayout(looks)
        self.language = QComboBox()
        for code in i18n.LANGUAGES:
            self.language.addItem(i18n.language_name(code), code)
        self.language.setCurrentIndex(i18n.LANGUAGES.index(ui_lang()))
        self.errors.add_row("language", self.tr("&Language"), self.language, form=looks_form)
        note = QLabel(self.tr("A different language takes effect when Inspector is started again."))
        note.setWordWrap(True)
        looks_form.addRow("", note)
        lay.addWidget(looks)

        report = QGroupBox(self.tr("Report"))
        report_form = QFormLayout(report)
        self.municipality = QLineEdit()
        self.municipality.setPlaceholderText(self.tr("e.g. Municipality of Utrecht"))
        self.errors.add_row("municipality", self.tr("&Municipality"), self.municipality,
                            form=report_form)
        self.municipality_address = QPlainTextEdit()
        self.municipality_address.setTabChangesFocus(True)
        self.municipality_address.setFixedHeight(64)
        self.errors.add_row("municipality_address", self.tr("Municipality a&ddress"),
                            self.municipality_address, form=report_form)
        self.show_bsn = QCheckBox(self.tr("Show the full &BSN in reports (otherwise masked)"))
        self.show_bsn.setAccessibleName(self.tr("Show the full BSN in reports"))
        report_form.addRow("", self.show_bsn)
        lay.addWidget(report)

        photos = QGroupBox(self.tr("Photos"))
        photos_form = QFormLayout(photos)
        self.photo_size = QSpinBox()
        self.photo_size.setRange(800, 8000)
        self.photo_size.setSingleStep(100)
        self.photo_size.setSuffix(" px")
        self.photo_size.setValue(PHOTO_DEFAULT)
        self.errors.add_row("photo_size", self.tr("Ma&ximum photo size (long side)"), self.photo_size,
                            form=photos_form)
        lay.addWidget(photos)

        self._add_general_error(lay)
        self._add_buttons(lay, which=QDialogButtonBox.StandardButton.Save
                          | QDialogButtonBox.StandardButton.Cancel)
        self._set_busy(True)  # until the settings are loaded
        ws = self.ws
        self.runner.run_db(lambda: (ws.settings.profile(), ws.settings.get("municipality") or {},
                                    bool(ws.settings.get("report_show_bsn", False)),
                                    int(ws.settings.get("photo_max_long_side", PHOTO_DEFAULT))),
                           self._loaded, self._failed)

    def _loaded(self, values: tuple[Any, dict[str, str], bool, int]) -> None:
        profile, municipality, show_bsn, photo = values
        self.name.setText(profile.name)
        self.appointment.setText(profile.appointment)
        self.team.setText(profile.team)
        self.municipality.setText(str(municipality.get("name", "")))
        self.municipality_address.setPlainText(str(municipality.get("address", "")))
        self.show_bsn.setChecked(show_bsn)
        self.photo_size.setValue(photo)
        self._set_busy(False)
        self.name.setFocus()

    def _submit(self) -> None:
        self.errors.clear()
        self.general_error.setVisible(False)
        name, appointment, team = self.name.text(), self.appointment.text(), self.team.text()
        municipality = {"name": self.municipality.text().strip(),
                        "address": self.municipality_address.toPlainText().strip()}
        show_bsn, photo = self.show_bsn.isChecked(), self.photo_size.value()
        lang = self.language.currentData()
        self.language_changed = lang != ui_lang()
        ws = self.ws

        def work() -> Changes:
            changes = ws.settings.set_profile(name, appointment, team)
            ws.settings.set("municipality", municipality)
            ws.settings.set("report_show_bsn", show_bsn)
            ws.settings.set("photo_max_long_side", photo)
            return changes | Changes.SETTINGS

        self._set_busy(True)
        if self.language_changed:
            settings = self.settings
            self.runner.run_io(lambda: i18n.store_language(lang, settings), None, self._failed)
        self.runner.run_db(work, self._saved, self._failed)

    def _saved(self, changes: Changes) -> None:
        self.bus.emit_changes(changes)
        self._finish()
