"""One checklist item as a form row, rendered by its type, with its note, photos and messages."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from inspector import templates
from inspector.model import Answer
from ui.visit.context import VisitContext
from ui.visit.forms import (
    AutoSave,
    InlineMessage,
    NumberSpin,
    WriteFn,
    finger_sized,
    set_checked,
    set_text,
    small,
    text_edit,
)

RADIO_LIMIT = 5  # choices with more options than this become a drop-down list
TYPED = ("number", "text", "date", "datetime")  # inputs refreshed only while not focused


def has_focus_within(widget: QWidget) -> bool:
    """True when the keyboard focus is on ``widget`` or inside it."""
    focused = QApplication.focusWidget()
    return focused is not None and (focused is widget or widget.isAncestorOf(focused))


class ItemEditor(QFrame):
    """A checklist item (for one room when it is asked per room)."""

    value_changed = Signal(str, str, object)  # item id, room, value
    photos_requested = Signal(str)  # item id

    def __init__(self, ctx: VisitContext, item: templates.Item, room: str = "", room_label: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.item, self.room = ctx, item, room
        self.key = f"{item.id}:{room}" if room else item.id
        self.setObjectName(f"item_{self.key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label_text = ctx.text(item.label) + (f" — {room_label}" if room_label else "")
        self._photo_ids: list[str] = []
        self._not_applicable = False  # stored as "n.v.t." (templates.NOT_APPLICABLE); inputs stay empty
        self.buttons: dict[str, QRadioButton | QCheckBox] = {}
        self.save = AutoSave(ctx, self._build_save, parent=self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(4)
        self._build_header(layout)
        self.input = self._build_input()
        layout.addWidget(self.input)
        self.message = InlineMessage()
        self.save.message = self.message
        layout.addWidget(self.message)
        self._build_footer(layout)

    # --- building -------------------------------------------------------------------------
    def _build_header(self, layout: QVBoxLayout) -> None:
        row = QHBoxLayout()
        marker = ' <span style="color:#a4000f">*</span>' if self.item.required else ""
        self.title = QLabel(f"<b>{self._escape(self.label_text)}</b>{marker}")
        self.title.setWordWrap(True)
        row.addWidget(self.title, 1)
        self.missing_label = QLabel(self.tr("not answered yet"))
        self.missing_label.setObjectName(f"missing_{self.key}")
        self.missing_label.setStyleSheet("color: #a4000f; font-size: 8.5pt;")
        self.missing_label.hide()
        row.addWidget(self.missing_label)
        self.not_applicable_label = QLabel(self.tr("not applicable"))
        self.not_applicable_label.setObjectName(f"not_applicable_{self.key}")
        self.not_applicable_label.setStyleSheet("color: #1f4e79; font-weight: bold; font-size: 8.5pt;")
        self.not_applicable_label.hide()
        row.addWidget(self.not_applicable_label)
        if self.item.help:
            self.help_button = QToolButton()
            self.help_button.setText("?")
            self.help_button.setCheckable(True)
            self.help_button.setObjectName(f"help_{self.key}")
            self.help_button.setAccessibleName(self.tr("Help for: {item}").format(item=self.label_text))
            self.help_button.setToolTip(self.ctx.text(self.item.help))
            self.help_button.setProperty("visit_nav", True)
            row.addWidget(self.help_button)
        layout.addLayout(row)
        if self.item.help:
            self.help_label = small(self.ctx.text(self.item.help))
            self.help_label.setStyleSheet("color: #1f4e79; font-size: 9pt;")
            self.help_label.hide()
            self.help_button.toggled.connect(self.help_label.setVisible)
            layout.addWidget(self.help_label)
        if self.item.regulation:
            self.regulation = small(self.item.regulation)
            self.regulation.setObjectName(f"regulation_{self.key}")
            layout.addWidget(self.regulation)

    @staticmethod
    def _escape(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def _radio_row(self, options: list[tuple[str, str]]) -> QWidget:
        """The options side by side; more than three in rows of three, so a narrow window (1024 px,
        150 %) never needs to scroll sideways."""
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(box)
        per_row = len(options) if len(options) <= 3 else 3
        for n, (code, label) in enumerate(options):
            button = QRadioButton(label)
            button.setObjectName(f"answer_{self.key}_{code}")
            button.setAccessibleName(f"{self.label_text}: {label}")
            button.setProperty("code", code)
            finger_sized(button)
            self.group.addButton(button)
            self.buttons[code] = button
            grid.addWidget(button, n // per_row, n % per_row)
        grid.setColumnStretch(per_row, 1)
        self.group.buttonClicked.connect(lambda *_: self._changed(now=True))
        return box

    def _build_input(self) -> QWidget:
        kind, name = self.item.type, f"answer_{self.key}"
        options = [(o.code, self.ctx.text(o.label)) for o in self.item.options]
        if kind == "yesno":
            return self._radio_row([("ja", self.tr("Yes")), ("nee", self.tr("No")),
                                    ("onbekend", self.tr("Unknown"))])
        if kind == "choice" and len(options) <= RADIO_LIMIT:
            return self._radio_row(options)
        if kind == "choice":
            self.combo = QComboBox()
            self.combo.addItem(self.tr("— choose —"), "")
            for code, label in options:
                self.combo.addItem(label, code)
            self.combo.activated.connect(lambda *_: self._changed(now=True))
            return self._named(self.combo, name)
        if kind == "multichoice":
            box = QWidget()
            grid = QGridLayout(box)
            grid.setContentsMargins(0, 0, 0, 0)
            for n, (code, label) in enumerate(options):
                check = QCheckBox(label)
                check.setObjectName(f"answer_{self.key}_{code}")
                check.setAccessibleName(f"{self.label_text}: {label}")
                check.clicked.connect(lambda *_: self._changed(now=True))
                finger_sized(check)
                self.buttons[code] = check
                grid.addWidget(check, n // 2, n % 2)
            return box
        if kind == "number":
            self.spin = NumberSpin(self.item.min, self.item.max, self.ctx.lang)
            self.spin.setMaximumWidth(160)
            self.spin.valueChanged.connect(lambda *_: self._changed(now=False))
            self.save.watch_text(self.spin)
            return self._named(self.spin, name)
        if kind in ("date", "datetime"):
            self.line = QLineEdit()
            self.line.setMaximumWidth(220)
            self.line.setPlaceholderText(self.tr("dd-mm-yyyy") if kind == "date"
                                         else self.tr("dd-mm-yyyy hh:mm"))
            self.line.textEdited.connect(lambda *_: self._changed(now=False))
            self.save.watch_text(self.line)
            return self._named(self.line, name)
        if kind == "photo":
            box = QWidget()
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            add = QPushButton(self.tr("Add photos to this item…"))
            add.setObjectName(f"photos_add_{self.key}")
            add.clicked.connect(lambda: self.photos_requested.emit(self.item.id))
            row.addWidget(add)
            self.photo_link = QPushButton(self.tr("Show photos"))
            self.photo_link.setFlat(True)
            self.photo_link.setProperty("visit_nav", True)
            self.photo_link.setObjectName(f"photos_show_{self.key}")
            self.photo_link.clicked.connect(lambda: self.ctx.go("photos"))
            row.addWidget(self.photo_link)
            row.addStretch(1)
            return box
        self.text = text_edit(name, self.label_text, 60)
        self.text.textChanged.connect(lambda: self._changed(now=False))
        self.save.watch_text(self.text)
        return self.text

    def _named(self, widget: QWidget, name: str) -> QWidget:
        widget.setObjectName(name)
        widget.setAccessibleName(self.label_text)
        return widget

    def _build_footer(self, layout: QVBoxLayout) -> None:
        row = QHBoxLayout()
        self.note_button = QToolButton()
        self.note_button.setText(self.tr("Note"))
        self.note_button.setCheckable(True)
        self.note_button.setObjectName(f"note_toggle_{self.key}")
        self.note_button.setAccessibleName(self.tr("Show note for: {item}").format(item=self.label_text))
        self.note_button.setProperty("visit_nav", True)
        row.addWidget(self.note_button)
        if self.item.type != "photo":
            self.photo_button = QToolButton()
            self.photo_button.setText(self.tr("Add photo"))
            self.photo_button.setObjectName(f"photo_for_{self.key}")
            self.photo_button.setAccessibleName(self.tr("Add photo to: {item}").format(item=self.label_text))
            self.photo_button.clicked.connect(lambda: self.photos_requested.emit(self.item.id))
            row.addWidget(self.photo_button)
        self.photo_count = QLabel()
        self.photo_count.setStyleSheet("color: #555;")
        row.addWidget(self.photo_count)
        row.addStretch(1)
        layout.addLayout(row)
        self._layout = layout
        self.note: QPlainTextEdit | None = None  # made when first needed: most items get no note, and 40
        self._read_only = False  # text editors made up front were a third of building a checklist
        self.note_button.toggled.connect(self._toggle_note)

    def _ensure_note(self) -> QPlainTextEdit:
        if self.note is None:
            note_name = self.tr("Note for: {item}").format(item=self.label_text)
            self.note = text_edit(f"note_{self.key}", note_name, 48)
            self.note.setPlaceholderText(self.tr("Note (facts only)"))
            self.note.setReadOnly(self._read_only)
            self.note.hide()
            self.save.watch_text(self.note)
            self._layout.addWidget(self.note)
            QWidget.setTabOrder(self.note_button, self.note)  # Tab reaches it where it is shown
        return self.note

    def _toggle_note(self, shown: bool) -> None:
        note = self._ensure_note()
        note.setVisible(shown or bool(note.toPlainText()))
        if shown:
            note.setFocus()

    def set_read_only(self, read_only: bool) -> None:
        """Also for the note, which may be made later."""
        self._read_only = read_only
        if self.note is not None:
            self.note.setReadOnly(read_only)

    # --- values ---------------------------------------------------------------------------
    def value(self) -> Any:
        """What the widgets hold now (None when unanswered; "n.v.t." when so marked and still empty)."""
        value = self._input_value()
        return templates.NOT_APPLICABLE if value is None and self._not_applicable else value

    def _input_value(self) -> Any:
        kind = self.item.type
        if kind == "yesno" or (kind == "choice" and self.buttons):
            button = self.group.checkedButton()
            return button.property("code") if button is not None else None
        if kind == "choice":
            return self.combo.currentData() or None
        if kind == "multichoice":
            return [code for code, check in self.buttons.items() if check.isChecked()] or None
        if kind == "number":
            return self.spin.number()
        if kind in ("date", "datetime"):
            return self.line.text().strip() or None
        if kind == "photo":
            return list(self._photo_ids) or None
        return self.text.toPlainText().strip() or None

    def set_value(self, value: Any) -> None:
        """Show a stored value without triggering a save."""
        kind = self.item.type
        if kind == "yesno" or (kind == "choice" and self.buttons):
            self.group.setExclusive(False)
            for code, button in self.buttons.items():
                set_checked(button, code == value)
            self.group.setExclusive(True)
        elif kind == "choice":
            self.combo.blockSignals(True)
            self.combo.setCurrentIndex(max(0, self.combo.findData(value or "")))
            self.combo.blockSignals(False)
        elif kind == "multichoice":
            chosen = set(value or [])
            for code, check in self.buttons.items():
                set_checked(check, code in chosen)
        elif kind == "number":
            self.spin.set_number(value)
        elif kind == "date":
            set_text(self.line, "-".join(reversed(value.split("-"))) if value else "")
        elif kind == "datetime":
            set_text(self.line, self._dutch_moment(value) if value else "")
        elif kind == "photo":
            self._photo_ids = list(value or [])
        else:
            set_text(self.text, value or "")

    @staticmethod
    def _dutch_moment(iso: str) -> str:
        day, _, time = iso.partition("T")
        return ("-".join(reversed(day.split("-"))) + " " + time[:5]).strip()

    def apply_answer(self, answer: Answer | None) -> None:
        """Refresh from the stored answer unless the user is busy with this item."""
        if self.save.busy or (self.item.type in TYPED and has_focus_within(self.input)):
            return
        value = answer.value if answer else None
        self._not_applicable = value == templates.NOT_APPLICABLE
        self.not_applicable_label.setVisible(self._not_applicable)
        self.set_value(None if self._not_applicable else value)
        text = answer.note if answer else ""
        if text and self.note is None:
            self._ensure_note()
        if self.note is not None and not self.note.hasFocus():
            set_text(self.note, text)
            self.note.setVisible(self.note_button.isChecked() or bool(self.note.toPlainText()))

    def set_photo_count(self, count: int) -> None:
        self.photo_count.setText(self.tr("Photos: {n}").format(n=count) if count else "")

    def set_missing(self, missing: bool) -> None:
        self.missing_label.setVisible(missing)

    def focus_input(self) -> None:
        target = self.group.buttons()[0] if self.buttons and self.item.type != "multichoice" else \
            next(iter(self.buttons.values()), None) if self.buttons else self.input
        (target or self.input).setFocus()

    def _changed(self, now: bool) -> None:
        if self._not_applicable and self._input_value() is not None:  # an answer replaces "n.v.t."
            self._not_applicable = False
            self.not_applicable_label.hide()
        value = self.value()
        if self.item.type in ("date", "datetime"):
            try:
                value = templates.validate_answer(self.item, value)
            except Exception:  # noqa: BLE001 - incomplete while typing: no live effect yet
                value = None
        self.value_changed.emit(self.item.id, self.room, value)
        if now:
            self.save.save_now()
        else:
            self.save.schedule()

    def _build_save(self) -> WriteFn:
        value = self.value()
        if value is not None and self.item.type in ("date", "datetime"):
            value = templates.validate_answer(self.item, value)  # a wrong date is shown, not saved
        note = self.note.toPlainText() if self.note is not None else None  # None: the note stays as it is
        vid, item_id, room = self.ctx.visit_id, self.item.id, self.room
        return lambda ws: ws.visits.answer(vid, item_id, value, room=room, note=note)
