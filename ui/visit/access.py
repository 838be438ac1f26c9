"""Toegang en toestemming: ID shown, who is present, the consent text and answer, rooms, caution."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from inspector.model import ConsentStatus, PresentPerson, RoomState, VisitStatus
from inspector.workspace import Workspace
from ui.visit.added_rooms import RoomAdder, RoomRemover
from ui.visit.context import VisitContext, VisitState
from ui.visit.forms import InlineMessage, WriteFn, line_edit, nav, set_checked, set_text, small
from ui.visit.moments import MomentField
from ui.visit.page import StepPage
from ui.visit.rows import Column, RowList, with_name_picker

ROLES = ("client", "partner", "medebewoner", "kind", "verhuurder", "tolk", "overig")


def _uncheck_all(group: QButtonGroup) -> None:
    group.setExclusive(False)
    for button in group.buttons():
        set_checked(button, False)
    group.setExclusive(True)


class AccessPage(StepPage):
    """Everything that happens at the door; a refusal leads straight on to the outcome."""

    step = "access"

    def __init__(self, ctx: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent=parent)
        self._room_groups: dict[str, QButtonGroup] = {}
        self._room_openers: dict[str, QComboBox] = {}
        self._rooms_key: tuple[str, ...] = ()
        self.later += [self._build_not_started, self._build_times, self._build_id, self._build_present,
                       self._build_consent, self._build_refusal, self._build_rooms, self._build_caution,
                       lambda: self.body.addStretch(1)]

    # --- building -------------------------------------------------------------------------
    def _build_not_started(self) -> None:
        self.not_started = QFrame()
        row = QHBoxLayout(self.not_started)
        row.addWidget(QLabel(self.tr("The visit has not started yet. Start it under Preparation when you "
                                     "ring the bell.")), 1)
        button = QPushButton(self.tr("Go to Preparation"))
        button.setObjectName("goto_preparation")
        button.clicked.connect(lambda: self.ctx.go("preparation"))
        row.addWidget(nav(button))
        self.body.addWidget(self.not_started)

    def _build_times(self) -> None:
        box = self.times_box = QGroupBox(self.tr("Times (as observed)"))
        form = QFormLayout(box)
        form.addRow(small(self.tr("Press Now when it happens, or type the time as it was. "
                                  "Corrections are kept in the audit trail.")))
        self.moments: dict[str, MomentField] = {}
        for name, label in (("rang_at", self.tr("Rang the bell")), ("entered_at", self.tr("Entered")),
                            ("ended_at", self.tr("Left"))):
            field = MomentField(self, name, label, self._moment_writer(name))
            self.moments[name] = field
            form.addRow(label + ":", field)
        self.body.addWidget(box)

    def _moment_writer(self, name: str) -> Callable[[Workspace, str], object]:
        vid = self.ctx.visit_id
        return lambda ws, value: ws.visits.record_moment(vid, name, value)

    def _build_id(self) -> None:
        box = self.id_box = QGroupBox(self.tr("Identification"))
        layout = QVBoxLayout(box)
        self.id_shown = QCheckBox(self.tr("I showed my identification and stated the purpose of the visit"))
        self.id_shown.setObjectName("id_shown")
        self.id_shown.setAccessibleName(self.tr("Identification shown"))
        self.id_message = InlineMessage()
        save = self.autosave(self._save_id, self.id_message)
        save.watch_now(self.id_shown.toggled)
        vid = self.ctx.visit_id
        self.id_shown_at = MomentField(
            self, "id_shown_at", self.tr("Time identification was shown"),
            lambda ws, value: ws.visits.record_id_shown(vid, True, at=value or None))
        self.id_when = QWidget()
        when = QHBoxLayout(self.id_when)
        when.setContentsMargins(22, 0, 0, 0)
        when.addWidget(QLabel(self.tr("Shown at:")))
        when.addWidget(self.id_shown_at, 1)
        layout.addWidget(self.id_shown)
        layout.addWidget(self.id_when)
        layout.addWidget(self.id_message)
        self.body.addWidget(box)

    def _build_present(self) -> None:
        box = self.present_box = QGroupBox(self.tr("Present"))
        layout = QVBoxLayout(box)
        self.present_message = InlineMessage()
        self.present_save = self.autosave(self._save_present, self.present_message)
        roles = [(code, self._role_label(code)) for code in ROLES]
        self.present = RowList("present", [Column("name", self.tr("Name"), stretch=3),
                                           Column("role", self.tr("Role"), roles, stretch=1)],
                               self.tr("Add person"), self.present_save)
        layout.addWidget(self.present)
        layout.addWidget(self.present_message)
        self.body.addWidget(box)

    def _build_consent(self) -> None:
        box = self.consent_box = QGroupBox(self.tr("Consent"))
        layout = QVBoxLayout(box)
        layout.addWidget(QLabel(self.tr("Read this text out exactly as shown:")))
        self.consent_text = QPlainTextEdit()
        self.consent_text.setObjectName("consent_text")
        self.consent_text.setAccessibleName(self.tr("Consent text to read out"))
        self.consent_text.setReadOnly(True)
        self.consent_text.setTabChangesFocus(True)
        self.consent_text.setMinimumHeight(130)
        self.consent_text.setStyleSheet("QPlainTextEdit { background: #f3f6fa; }")
        layout.addWidget(self.consent_text)
        radios = QHBoxLayout()
        self.consent_group = QButtonGroup(self)
        self.given = QRadioButton(self.tr("Consent given"))
        self.given.setObjectName("consent_given")
        self.refused = QRadioButton(self.tr("Consent refused"))
        self.refused.setObjectName("consent_refused")
        for button in (self.given, self.refused):
            button.setAccessibleName(button.text())
            self.consent_group.addButton(button)
            radios.addWidget(button)
        radios.addStretch(1)
        layout.addLayout(radios)
        form = QFormLayout()
        self.by = line_edit("consent_by", self.tr("Consent given or refused by"))
        self._names = QStringListModel(self)
        self.by.setCompleter(QCompleter(self._names, self.by))
        form.addRow(self.tr("By whom:"), with_name_picker(self.by, self._present_names,
                                                           lambda: self.consent_save.schedule()))
        self.understood = QCheckBox(self.tr("The client understood the text"))
        self.understood.setObjectName("consent_understood")  # never ticked until the inspector does
        self.interpreter = line_edit("consent_interpreter", self.tr("Interpreter"),
                                     self.tr("name or phone interpreter, if any"))
        form.addRow(self.understood)
        form.addRow(self.tr("Interpreter:"), self.interpreter)
        self.form_signed = QCheckBox(self.tr("Consent form signed"))
        self.form_signed.setObjectName("consent_form_signed")
        self.form_reason = line_edit("consent_form_reason", self.tr("Why the form was not signed"))
        form.addRow(self.form_signed)
        form.addRow(self.tr("Not signed, because:"), self.form_reason)
        self.consequences = QCheckBox(self.tr("The consequences of refusing were explained"))
        self.consequences.setObjectName("consent_consequences")
        self.cupboards = QCheckBox(self.tr("Separate consent to open cupboards and drawers"))
        self.cupboards.setObjectName("consent_cupboards")
        self.photos = QCheckBox(self.tr("Separate consent to take photos"))
        self.photos.setObjectName("consent_photos")
        for check in (self.consequences, self.cupboards, self.photos):
            form.addRow(check)
        for check in (self.understood, self.form_signed, self.consequences, self.cupboards, self.photos):
            check.setAccessibleName(check.text())
        layout.addLayout(form)
        self.consent_message = InlineMessage()
        layout.addWidget(self.consent_message)
        self.consent_save = self.autosave(self._save_consent, self.consent_message)
        self.consent_save.watch_now(self.consent_group.buttonClicked)
        for check in (self.understood, self.form_signed, self.consequences, self.cupboards, self.photos):
            self.consent_save.watch_now(check.toggled)
        for edit in (self.by, self.interpreter, self.form_reason):
            self.consent_save.watch_text(edit)
        self.body.addWidget(box)

    def _build_refusal(self) -> None:
        self.refusal = QFrame()
        self.refusal.setObjectName("refusal_notice")
        self.refusal.setStyleSheet("QFrame#refusal_notice { background: #eef4fb; border: 1px solid "
                                   "#8fb3dd; border-radius: 4px; }")
        row = QHBoxLayout(self.refusal)
        row.addWidget(QLabel(self.tr("Access was refused. The checklist, photos and statement do not "
                                     "apply: record the outcome and finalize the visit.")), 1)
        self.to_outcome = QPushButton(self.tr("Continue to Outcome"))
        self.to_outcome.setObjectName("refusal_to_outcome")
        self.to_outcome.clicked.connect(lambda: self.ctx.go("outcome"))
        row.addWidget(nav(self.to_outcome))
        self.refusal.hide()
        self.body.addWidget(self.refusal)

    def _build_rooms(self) -> None:
        box = self.rooms_box = QGroupBox(self.tr("Rooms in scope"))
        layout = QVBoxLayout(box)
        layout.addWidget(small(self.tr("Per room: viewed, refused or not applicable. Other people's "
                                       "belongings and an absent lodger's room are out of scope.")))
        self.rooms_grid = QGridLayout()
        layout.addLayout(self.rooms_grid)
        self.rooms_message = InlineMessage()
        layout.addWidget(self.rooms_message)
        self.room_remover = RoomRemover(self.ctx, self.rooms_message)
        layout.addWidget(self.room_remover)
        self.room_adder = RoomAdder(self.ctx)
        layout.addWidget(self.room_adder)
        self.rooms_save = self.autosave(self._save_rooms, self.rooms_message)
        self.openers_save = self.autosave(self._save_openers, self.rooms_message)
        self.body.addWidget(box)
        if self.ctx.state is not None:  # built in its own turn, not with the rest of the first state
            self._ensure_rooms(self.ctx.state)

    def _build_caution(self) -> None:
        box = self.caution_box = QGroupBox(self.tr("Caution (cautie)"))
        layout = QVBoxLayout(box)
        self.caution_group = QButtonGroup(self)
        self.caution_given = QRadioButton(self.tr("Caution given, in these words:"))
        self.caution_given.setObjectName("caution_given")
        self.caution_text = small("")
        self.caution_text.setObjectName("caution_text")
        self.caution_text.setStyleSheet("color: #333; margin-left: 22px;")
        self.caution_not_needed = QRadioButton(self.tr("No caution needed (no questioning with a view "
                                                       "to a fine)"))
        self.caution_not_needed.setObjectName("caution_not_needed")
        self.caution_reason = line_edit("caution_reason", self.tr("Why no caution was needed"),
                                        self.tr("why no caution was needed"))
        for button in (self.caution_given, self.caution_not_needed):
            button.setAccessibleName(button.text())
            self.caution_group.addButton(button)
        vid, lang = self.ctx.visit_id, self.ctx.lang
        self.caution_at = MomentField(self, "caution_at", self.tr("Time of the caution"),
                                      lambda ws, value: ws.visits.record_caution(vid, True, lang=lang,
                                                                                 at=value or None))
        self.caution_when = QWidget()
        when = QHBoxLayout(self.caution_when)
        when.setContentsMargins(22, 0, 0, 0)
        when.addWidget(QLabel(self.tr("Given at:")))
        when.addWidget(self.caution_at, 1)
        layout.addWidget(self.caution_given)
        layout.addWidget(self.caution_text)
        layout.addWidget(self.caution_when)
        layout.addWidget(self.caution_not_needed)
        layout.addWidget(self.caution_reason)
        self.caution_message = InlineMessage()
        layout.addWidget(self.caution_message)
        self.caution_save = self.autosave(self._save_caution, self.caution_message)
        self.caution_save.watch_now(self.caution_group.buttonClicked)
        self.caution_save.watch_text(self.caution_reason)
        self.body.addWidget(box)

    def _role_label(self, code: str) -> str:
        labels = {"client": self.tr("Client"), "partner": self.tr("Partner"),
                  "medebewoner": self.tr("Co-occupant"), "kind": self.tr("Child"),
                  "verhuurder": self.tr("Landlord"), "tolk": self.tr("Interpreter"),
                  "overig": self.tr("Other")}
        return labels.get(code, code)

    def _present_names(self) -> list[str]:
        """Who can give consent: the persons present first, then the case's other persons."""
        present = [r["name"] for r in self.present.values() if r["name"]]
        state = self.ctx.state
        others = [n for n, _role in (state.case_persons if state else []) if n not in present]
        return present + others

    # --- saving ---------------------------------------------------------------------------
    def _save_id(self) -> WriteFn:
        vid, shown = self.ctx.visit_id, self.id_shown.isChecked()
        state = self.ctx.state
        at = state.visit.id_shown_at if state and state.visit.id_shown and shown else None
        return lambda ws: ws.visits.record_id_shown(vid, shown, at=at or None)

    def _save_present(self) -> WriteFn:
        people = [PresentPerson(r["name"], r["role"]) for r in self.present.values() if r["name"]]
        vid = self.ctx.visit_id
        return lambda ws: ws.visits.set_present(vid, people)

    def _save_consent(self) -> WriteFn | None:
        status = ConsentStatus.GIVEN.value if self.given.isChecked() else \
            ConsentStatus.REFUSED.value if self.refused.isChecked() else ""
        if not status:
            return None
        state = self.ctx.state
        at = state.visit.consent.at if state and state.visit.consent.status == status else ""
        vid, lang = self.ctx.visit_id, self.ctx.lang
        values = dict(lang=lang, understood=self.understood.isChecked(),
                      interpreter=self.interpreter.text(), form_signed=self.form_signed.isChecked(),
                      form_not_signed_reason=self.form_reason.text(),
                      consequences_explained=self.consequences.isChecked(),
                      cupboards_consent=self.cupboards.isChecked(), photo_consent=self.photos.isChecked(),
                      at=at or None)
        by = self.by.text()
        return lambda ws: ws.visits.record_consent(vid, status, by, **values)

    def _save_rooms(self) -> WriteFn:
        rooms = {code: str(group.checkedButton().property("state"))
                 for code, group in self._room_groups.items() if group.checkedButton() is not None}
        vid = self.ctx.visit_id
        return lambda ws: ws.visits.set_rooms(vid, rooms)

    def _save_openers(self) -> WriteFn:
        openers = {code: combo.currentText() for code, combo in self._room_openers.items()
                   if combo.isEnabled() and combo.currentIndex() > 0}
        vid = self.ctx.visit_id
        return lambda ws: ws.visits.set_room_openers(vid, openers)

    def _save_caution(self) -> WriteFn | None:
        if not self.caution_given.isChecked() and not self.caution_not_needed.isChecked():
            return None
        given = self.caution_given.isChecked()
        state = self.ctx.state
        at = state.visit.caution.at if state and state.visit.caution.given and given else None
        vid, lang, reason = self.ctx.visit_id, self.ctx.lang, self.caution_reason.text()
        return lambda ws: ws.visits.record_caution(vid, given, not_needed_reason=reason, lang=lang,
                                                   at=at or None)

    # --- showing --------------------------------------------------------------------------
    def _ensure_rooms(self, state: VisitState) -> None:
        key = tuple(r.code for r in state.template.rooms)
        if key == self._rooms_key:
            return
        self._rooms_key = key
        while self.rooms_grid.count():  # a room was added or removed: the rows again
            widget = self.rooms_grid.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        for group in self._room_groups.values():
            group.deleteLater()
        self._room_groups.clear()
        self._room_openers.clear()
        added = {a.code for a in state.visit.added_rooms}
        labels = {"viewed": self.tr("viewed"), "refused": self.tr("refused"),
                  "not_applicable": self.tr("n/a")}
        header = small(self.tr("Opened or shown by"))
        self.rooms_grid.addWidget(header, 0, 4)
        for row, room in enumerate(state.template.rooms, start=1):
            name = self.ctx.text(room.label)
            label = QLabel(name)
            if room.code in added:  # not on the checklist: said so beside its name
                mark = self.tr("added")
                label.setText(f"{html.escape(name)} <span style='color:#666'>({mark})</span>")
                label.setAccessibleName(f"{name} ({mark})")
            self.rooms_grid.addWidget(label, row, 0)
            group = QButtonGroup(self)
            for col, value in enumerate((RoomState.VIEWED, RoomState.REFUSED, RoomState.NOT_APPLICABLE)):
                button = QRadioButton(labels[value.value])
                button.setObjectName(f"room_{room.code}_{value.value}")
                button.setAccessibleName(f"{name}: {labels[value.value]}")
                button.setProperty("state", value.value)
                group.addButton(button)
                self.rooms_grid.addWidget(button, row, col + 1)
            self.rooms_save.watch_now(group.buttonClicked)
            self._room_groups[room.code] = group
            opener = QComboBox()
            opener.setObjectName(f"room_{room.code}_opener")
            opener.setAccessibleName(self.tr("{room}: opened or shown by").format(room=name))
            opener.setToolTip(self.tr("Who of the persons present opened or showed this room"))
            opener.setMinimumWidth(160)
            opener.activated.connect(lambda *_: self.openers_save.save_now())
            self.rooms_grid.addWidget(opener, row, 4)
            self._room_openers[room.code] = opener
            if room.code in added:
                remove = QPushButton(self.tr("Remove"))
                remove.setObjectName(f"room_{room.code}_remove")
                remove.setAccessibleName(self.tr("Remove room {room}").format(room=name))
                remove.clicked.connect(lambda _=False, c=room.code, n=name: self.room_remover.ask_for(c, n))
                self.rooms_grid.addWidget(remove, row, 5)
                if self.read_only:
                    remove.setEnabled(False)
        self.rooms_grid.setColumnStretch(6, 1)

    def apply_state(self, state: VisitState) -> None:
        visit = state.visit
        self._ensure_rooms(state)
        started = visit.status != VisitStatus.PLANNED.value
        self.not_started.setVisible(not started)
        for box in (self.times_box, self.id_box, self.present_box, self.consent_box, self.rooms_box,
                    self.caution_box):
            box.setEnabled(started)
        set_checked(self.id_shown, visit.id_shown)
        self.id_when.setVisible(visit.id_shown)
        self.id_shown_at.apply(visit.id_shown_at, enabled=visit.id_shown)
        self._names.setStringList(state.persons)
        self.present.set_completions(state.persons)
        self.present.set_suggestions([(f"{name} ({self._role_label(role)})", {"name": name, "role": role})
                                      for name, role in state.case_persons])
        if not self.present.editing():
            self.present.set_values([{"name": p.name, "role": p.role} for p in visit.present])
        set_text(self.consent_text, state.consent_text)
        self._apply_consent(state)
        if not self.rooms_save.busy:
            for code, group in self._room_groups.items():
                wanted = visit.rooms.get(code, "")
                if not wanted:
                    _uncheck_all(group)
                for button in group.buttons():
                    if button.property("state") == wanted:
                        set_checked(button, True)
        self.room_adder.apply(state)
        self.room_adder.setVisible(not state.locked)
        self._apply_openers(state)
        self._apply_moments(state)
        self._apply_caution(state)

    def _apply_moments(self, state: VisitState) -> None:
        visit = state.visit
        refused = visit.consent.status == ConsentStatus.REFUSED.value
        for name, field in self.moments.items():
            field.apply(getattr(visit, name), enabled=not (name == "entered_at" and refused))

    def _apply_openers(self, state: VisitState) -> None:
        """Per room a choice of the persons present; only for a room marked viewed."""
        visit = state.visit
        names = [p.name for p in visit.present]
        for code, combo in self._room_openers.items():
            viewed = visit.rooms.get(code) == RoomState.VIEWED.value
            combo.setEnabled(viewed)
            if self.openers_save.busy or combo.hasFocus():
                continue
            chosen = visit.room_openers.get(code, "")
            items = [self.tr("– opened by –") if viewed else ""] + names
            if chosen and chosen not in names:
                items.append(chosen)  # shown as recorded; the Afronden check names it
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(items)
            combo.setCurrentIndex(items.index(chosen) if chosen else 0)
            combo.blockSignals(False)

    def _apply_consent(self, state: VisitState) -> None:
        consent = state.visit.consent
        refused = consent.status == ConsentStatus.REFUSED.value
        if not self.consent_save.busy:
            if consent.status == ConsentStatus.GIVEN.value:
                set_checked(self.given, True)
            elif refused:
                set_checked(self.refused, True)
            else:
                _uncheck_all(self.consent_group)
            if consent.status:
                for edit, value in ((self.by, consent.by), (self.interpreter, consent.interpreter),
                                    (self.form_reason, consent.form_not_signed_reason)):
                    if not edit.hasFocus():
                        set_text(edit, value)
                for check, flag in ((self.understood, consent.understood),
                                    (self.form_signed, consent.form_signed),
                                    (self.consequences, consent.consequences_explained),
                                    (self.cupboards, consent.cupboards_consent),
                                    (self.photos, consent.photo_consent)):
                    set_checked(check, flag)
            self.refusal.setVisible(refused)
        shown_refused = self.refused.isChecked()
        self.rooms_box.setVisible(not shown_refused)
        self.caution_box.setVisible(not shown_refused)
        self.rooms_box.setEnabled(consent.status == ConsentStatus.GIVEN.value)
        for check in (self.cupboards, self.photos):
            check.setEnabled(not shown_refused)

    def _apply_caution(self, state: VisitState) -> None:
        caution = state.visit.caution
        self.caution_text.setText(self.ctx.text(state.template.caution_text)
                                  if not caution.given or not caution.text else caution.text)
        if self.caution_save.busy:
            return
        self.caution_when.setVisible(caution.given)
        self.caution_at.apply(caution.at, enabled=caution.given)
        if caution.given:
            set_checked(self.caution_given, True)
        elif caution.not_needed_reason:
            set_checked(self.caution_not_needed, True)
        else:
            _uncheck_all(self.caution_group)
        if not self.caution_reason.hasFocus():
            set_text(self.caution_reason, caution.not_needed_reason)
