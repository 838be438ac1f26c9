"""Dialogs on cases: a new case (dossier) with its address and client, and planning a visit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from inspector import validation
from inspector.errors import ValidationError
from inspector.model import Changes

from . import labels
from .bus import Bus
from .dialog_base import TaskDialog
from .forms import FieldErrors
from .tasks import TaskRunner

if TYPE_CHECKING:
    from inspector.model import Case, Visit
    from inspector.workspace import Workspace

DOMAINS = ("sociaal", "fysiek", "oov")
PERSON_KEYS = ("voornamen", "voorvoegsel", "geslachtsnaam", "bsn", "birth_date")
HOUSE_KEYS = ("huisnummer", "huisletter", "toevoeging")


class NewCaseDialog(TaskDialog):
    """A new case with address and (optionally) its client; problems appear under the field."""

    field_aliases: ClassVar[dict[str, str]] = {"date": "birth_date"}

    def __init__(self, workspace: Workspace, runner: TaskRunner, bus: Bus,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.runner, self.bus = workspace, runner, bus
        self.case: Case | None = None
        self.setWindowTitle(self.tr("New case"))
        self.errors = FieldErrors()
        self.edits: dict[str, QLineEdit] = {}

        case_box = QGroupBox(self.tr("Case"))
        case_form = QFormLayout(case_box)
        self._line("number", self.tr("Case &number"), case_form, self.tr("e.g. 2026-0123"))
        self.domain = QComboBox()
        for code in DOMAINS:
            self.domain.addItem(labels.domain_label(code), code)
        self.errors.add_row("domain", self.tr("&Domain"), self.domain, form=case_form)
        self._line("title", self.tr("Sub&ject"), case_form, self.tr("e.g. Intake application"))

        person_box = QGroupBox(self.tr("Client"))
        person_form = QFormLayout(person_box)
        self._line("voornamen", self.tr("&First names"), person_form)
        self._line("voorvoegsel", self.tr("Surname pr&efix"), person_form, self.tr("e.g. van den"))
        self._line("geslachtsnaam", self.tr("S&urname"), person_form)
        self._line("bsn", self.tr("&BSN"), person_form, self.tr("9 digits"))
        self._line("birth_date", self.tr("Date of b&irth"), person_form, self.tr("dd-mm-yyyy"))

        address_box = QGroupBox(self.tr("Address"))
        address_form = QFormLayout(address_box)
        self._line("postcode", self.tr("&Postcode"), address_form, self.tr("e.g. 1234 AB"))
        self._line("huisnummer", self.tr("&House number"), address_form)
        self._line("huisletter", self.tr("House &letter"), address_form)
        self._line("toevoeging", self.tr("Suffi&x"), address_form)
        self._line("straat", self.tr("&Street"), address_form)
        self._line("woonplaats", self.tr("&Town"), address_form)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(case_box)
        left.addWidget(person_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(address_box)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(columns)
        self._add_general_error(lay)
        self._add_buttons(lay, self.tr("&Create case"))
        self.edits["number"].setFocus()

    def _line(self, key: str, label: str, form: QFormLayout, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setMinimumWidth(230)
        edit.setObjectName(key)
        if placeholder:
            edit.setPlaceholderText(placeholder)
        self.errors.add_row(key, label, edit, form=form)
        self.edits[key] = edit
        edit.textEdited.connect(lambda _text, k=key: self._edited(k))
        edit.editingFinished.connect(lambda k=key: self._left(k))
        return edit

    def text(self, key: str) -> str:
        return self.edits[key].text().strip()

    # --- validation (pure functions, no disk: fine on the GUI thread) ----------------------------
    def _edited(self, key: str) -> None:
        # A shown problem stays until the value is right: typing re-checks, it does not just hide it.
        if self.errors.error(key):
            self.check(key, focus=False)

    def _left(self, key: str) -> None:
        if self.text(key):
            self.check(key, focus=False)  # Tab moves on; the message stays under the field

    def check(self, key: str, required: bool = False, focus: bool = True) -> bool:
        """Validate one field and show (or clear) its inline error; True when it is fine."""
        value = self.text(key)
        try:
            if key == "number" and not value:
                self.errors.set_error(key, self.tr("Enter a case number."))
                return False
            if key == "postcode" and (value or required):
                validation.normalize_postcode(value)
            elif key in HOUSE_KEYS and (value or required):
                for k in HOUSE_KEYS:
                    self.errors.set_error(k, "")
                validation.validate_house_number(self.text("huisnummer"), self.text("huisletter"),
                                                 self.text("toevoeging"))
            elif key == "bsn" and value:
                validation.normalize_bsn(value)
            elif key == "birth_date" and value:
                validation.parse_date(value, allow_partial=True)
            elif key in ("voornamen", "voorvoegsel", "geslachtsnaam"):
                validation.validate_name(value, key, required=required)
        except ValidationError as exc:
            self.errors.show(exc, aliases=self.field_aliases, fallback=key, focus=focus)
            return False
        self.errors.set_error(key, "")
        return True

    def check_all(self) -> bool:
        """Validate every field; focus the first one with a problem."""
        person = any(self.text(k) for k in PERSON_KEYS)
        ok = True
        for key in ("number", "postcode", "huisnummer", *PERSON_KEYS):
            ok = self.check(key, required=key in ("postcode", "huisnummer")
                            or (key == "geslachtsnaam" and person)) and ok
        first = self.errors.first_invalid()
        if first is not None:
            first.setFocus()
        return ok

    # --- saving ---------------------------------------------------------------------------------
    def _submit(self) -> None:
        self.general_error.setVisible(False)
        if not self.check_all():
            return
        values = {k: self.text(k) for k in self.edits}
        domain = self.domain.currentData()
        ws = self.ws

        def work() -> Case:
            case = ws.cases.create(
                values["number"], domain, postcode=values["postcode"], huisnummer=values["huisnummer"],
                huisletter=values["huisletter"] or None, toevoeging=values["toevoeging"] or None,
                straat=values["straat"], woonplaats=values["woonplaats"], title=values["title"])
            if values["geslachtsnaam"]:
                ws.cases.add_person(case.id, values["geslachtsnaam"], voornamen=values["voornamen"],
                              voorvoegsel=values["voorvoegsel"], bsn=values["bsn"],
                              birth_date=values["birth_date"])
            return case

        self._set_busy(True)
        self.runner.run_db(work, self._created, self._failed)

    def _created(self, case: Case) -> None:
        self.case = case
        self.bus.emit_changes(Changes.CASES | Changes.PERSONS)
        self._finish()


class PlanVisitDialog(TaskDialog):
    """Plan a visit of a case: a visit type of the case's domain, a date and a time."""

    closes_while_busy = True  # Cancel and Escape close it even while the visit is being planned

    def __init__(self, workspace: Workspace, runner: TaskRunner, bus: Bus, case_id: str, domain: str,
                 case_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.runner, self.bus = workspace, runner, bus
        self.case_id, self.domain_code = case_id, domain
        self.visit: Visit | None = None
        self.setWindowTitle(self.tr("Plan a visit"))
        self.setMinimumWidth(480)
        lay = QVBoxLayout(self)
        if case_text:
            head = QLabel(case_text)
            head.setWordWrap(True)
            lay.addWidget(head)
        form = QFormLayout()
        self.errors = FieldErrors(form)
        self.visit_type = QComboBox()
        self.errors.add_row("template_id", self.tr("Visit &type"), self.visit_type)
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd-MM-yyyy")
        self.errors.add_row("date", self.tr("&Date"), self.date)
        self.time = QTimeEdit(QTime(9, 0))
        self.time.setDisplayFormat("HH:mm")
        self.errors.add_row("time", self.tr("T&ime"), self.time)
        self.announced = QCheckBox(self.tr("&Announced (the resident was told in advance)"))
        self.announced.setAccessibleName(self.tr("Announced"))
        form.addRow("", self.announced)
        lay.addLayout(form)
        self._add_general_error(lay)
        self._add_buttons(lay, self.tr("&Plan visit"))
        self.buttons.setEnabled(False)
        self.runner.run_io(labels.load_catalog, self._catalog_loaded, self._failed)

    def _catalog_loaded(self, catalog: labels.Catalog) -> None:
        self.visit_type.clear()
        for vt in catalog.for_domain(self.domain_code):
            self.visit_type.addItem(f"{vt.id} – {vt.title()}", vt.id)
        self.buttons.setEnabled(self.visit_type.count() > 0)
        if not self.visit_type.count():
            self.errors.set_error("template_id", self.tr("There is no visit type for this domain."))
        self.visit_type.setFocus()

    def planned_at(self) -> str:
        return f"{self.date.date().toString('yyyy-MM-dd')}T{self.time.time().toString('HH:mm')}"

    def _submit(self) -> None:
        if self.visit_type.currentData() is None:
            return
        self.errors.clear()
        self.general_error.setVisible(False)
        ws, case_id, template_id = self.ws, self.case_id, self.visit_type.currentData()
        planned_at, announced = self.planned_at(), self.announced.isChecked()
        self._set_busy(True)

        def work() -> Any:
            return ws.visits.plan(case_id, template_id, planned_at, announced=announced)

        self.runner.run_db(work, self._planned, self._failed)

    def _planned(self, visit: Visit) -> None:
        self.visit = visit
        self.bus.emit_changes(Changes.VISITS)
        self._finish()
