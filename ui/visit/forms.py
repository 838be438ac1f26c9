"""Form building blocks of the visit pages: autosave, inline messages, banners, read-only mode."""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QSizePolicy,
    QTextEdit,
    QToolButton,
    QWidget,
)

from inspector.workspace import Workspace
from ui.errors import error_text
from ui.labels import format_datetime
from ui.visit.context import VisitContext, VisitState

TEXT_DELAY_MS = 500  # a pause in typing this long saves; the brief allows at most ~700 ms
NAV_PROPERTY = "visit_nav"  # widgets with this property stay usable when a visit is read-only

WriteFn = Callable[[Workspace], Any]


class InlineMessage(QLabel):
    """A message shown next to the field it is about; hidden while empty."""

    def __init__(self, parent: QWidget | None = None, kind: str = "error") -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        color = "#a4000f" if kind == "error" else "#5a4a00"
        self.setStyleSheet(f"color: {color};")
        self.setAccessibleName(QCoreApplication.translate("visit", "Message"))
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.show_message("")


class AutoSave(QObject):
    """One save target: ``build`` reads the widgets and returns the DB call (or None: nothing to save).

    Text widgets save after a pause in typing and on focus-out; buttons save at once. While a save
    is pending, in flight or has failed the target is ``busy`` and refreshes leave its widgets alone,
    so what the user typed is never overwritten and never lost.
    """

    saved = Signal()

    def __init__(self, ctx: VisitContext, build: Callable[[], WriteFn | None],
                 message: InlineMessage | None = None, delay_ms: int = TEXT_DELAY_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent or ctx)
        self.ctx, self.build, self.message = ctx, build, message
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.save_now)
        self.inflight = 0
        self.failed = False

    def watch_text(self, widget: QWidget) -> None:
        """Save ``widget`` (line edit, text edit or spin box) after a pause and on focus-out."""
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self.schedule)
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            widget.textChanged.connect(self.schedule)
        elif isinstance(widget, QAbstractSpinBox):
            widget.valueChanged.connect(self.schedule)  # type: ignore[attr-defined]
        widget.installEventFilter(self)

    def watch_now(self, signal: Any) -> None:
        """Save at once when ``signal`` fires (check boxes, radio buttons, combo boxes)."""
        signal.connect(lambda *_: self.save_now())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.FocusOut and self.timer.isActive():
            self.save_now()
        return False

    def schedule(self, *_: object) -> None:
        self.timer.start()

    def flush(self) -> None:
        """Save now if a save is waiting for the typing pause."""
        if self.timer.isActive():
            self.save_now()

    def save_now(self) -> None:
        self.timer.stop()
        try:
            fn = self.build()
        except Exception as exc:  # noqa: BLE001 - local validation: show it, keep the text
            self._failed(exc)
            return
        if fn is None:
            return
        self.inflight += 1
        self.ctx.write(fn, on_done=self._ok, on_error=self._failed)

    def _ok(self, _result: object) -> None:
        if not shiboken6.isValid(self):  # its row was removed while the save was under way
            return
        self.inflight = max(0, self.inflight - 1)
        self.failed = False
        if self.message is not None and shiboken6.isValid(self.message):
            self.message.clear_message()
        self.saved.emit()

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self.inflight = max(0, self.inflight - 1)
        self.failed = True
        if self.message is not None and shiboken6.isValid(self.message):
            self.message.show_message(error_text(exc))

    def reset(self) -> None:
        """Forget a failure (the widgets were refreshed on purpose)."""
        self.failed = False

    @property
    def busy(self) -> bool:
        return self.timer.isActive() or self.inflight > 0 or self.failed

    def editing(self, widget: QWidget) -> bool:
        """True when ``widget`` must not be refreshed now."""
        return self.busy or widget.hasFocus()


# --- setting widget values without triggering saves ---------------------------------------------
def set_text(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    current = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
    if current == text:
        return
    widget.blockSignals(True)
    if isinstance(widget, QLineEdit):
        widget.setText(text)
    else:
        widget.setPlainText(text)
    widget.blockSignals(False)


def set_checked(button: QAbstractButton, checked: bool) -> None:
    if button.isChecked() != checked:
        button.blockSignals(True)
        button.setChecked(checked)
        button.blockSignals(False)


def name_input(widget: QWidget, object_name: str, accessible: str) -> QWidget:
    """Give an input its object name (tests, styling) and its accessible name (screen readers)."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible)
    return widget


def line_edit(object_name: str, accessible: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    name_input(edit, object_name, accessible)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def text_edit(object_name: str, accessible: str, height: int = 72) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    name_input(edit, object_name, accessible)
    edit.setTabChangesFocus(True)  # keep Tab for moving between fields
    edit.setMinimumHeight(height)
    edit.setMaximumHeight(height + 56)
    return edit


class NumberSpin(QDoubleSpinBox):
    """A number with the locale's decimal separator (comma in Dutch), no trailing zeros, and an
    empty state shown as '–' (the value just below the minimum)."""

    def __init__(self, minimum: float | None, maximum: float | None, lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        locale = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands) if lang == "nl" \
            else QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
        locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
        self.setLocale(locale)
        self.setDecimals(2)
        low = 0.0 if minimum is None else minimum
        self.empty_value = low - 1
        self.setRange(self.empty_value, 1e9 if maximum is None else maximum)
        self.setSpecialValueText("–")
        self.setValue(self.empty_value)
        self.setKeyboardTracking(True)

    def is_empty(self) -> bool:
        return self.value() <= self.empty_value

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        # Typing into an empty field replaces the "–": click, type "2", and it says 2.
        text = event.text()
        if self.is_empty() and text and (text[0].isdigit() or text[0] in "-,.") and not self.isReadOnly():
            self.lineEdit().clear()
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusInEvent(event)
        if self.is_empty():
            QTimer.singleShot(0, self.selectAll)  # after the click has placed the cursor

    def textFromValue(self, value: float) -> str:  # noqa: N802 - Qt override
        text = self.locale().toString(value, "f", self.decimals())
        sep = self.locale().decimalPoint()
        if sep in text:
            text = text.rstrip("0").rstrip(sep)
        return text

    def number(self) -> float | int | None:
        value = self.value()
        if value <= self.empty_value:
            return None
        return int(value) if math.isclose(value, round(value)) else round(value, 2)

    def set_number(self, value: float | int | None) -> None:
        target = self.empty_value if value is None else float(value)
        if self.value() != target:
            self.blockSignals(True)
            self.setValue(target)
            self.blockSignals(False)


# --- banners, confirmation, scrolling ----------------------------------------------------------
class MissingBanner(QFrame):
    """'Still to do' for one step as ONE line of fixed height: the first missing thing (a link to where
    it is fixed) and a button listing all of them. It keeps its height whatever the answers, so the
    controls below never move under the pointer; with nothing left it says so in the same line."""

    def __init__(self, ctx: VisitContext, step: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.step = ctx, step
        self.setObjectName(f"missing_{step}")
        frame = "QFrame#missing_%s { background: %s; border: 1px solid %s; border-radius: 4px; }"
        self._styles = {True: frame % (step, "#fff4ce", "#e0c25c"),  # something missing: yellow
                        False: frame % (step, "#eef6ee", "#9cc79f")}  # nothing left: green
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 2, 6, 2)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(False)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                           | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.label.linkActivated.connect(self._open)
        layout.addWidget(self.label, 1)
        self.all_button = QToolButton()
        self.all_button.setObjectName(f"missing_all_{step}")
        self.all_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.all_button.setProperty(NAV_PROPERTY, True)
        self.menu = QMenu(self.all_button)
        self.all_button.setMenu(self.menu)
        layout.addWidget(self.all_button)
        self.messages: list[str] = []
        self._links: list[str] = []
        height = max(self.fontMetrics().height() + 10, self.all_button.sizeHint().height()) + 4
        self.setFixedHeight(height)
        self.hide()

    def apply(self, state: VisitState) -> None:
        if state.locked:
            self.messages, self._links = [], []
            self.hide()
            return
        missing = state.missing_for(self.step)
        self.messages = [m.message(self.ctx.lang) for m in missing]
        self._links = [f"{m.step}|{m.item_id}|{m.room}" for m in missing]
        self.setStyleSheet(self._styles[bool(missing)])
        self.menu.clear()
        for text, link in zip(self.messages, self._links, strict=True):
            action = self.menu.addAction(text)
            action.triggered.connect(lambda _=False, target=link: self._open(target))
        title = QCoreApplication.translate("visit", "Still to do")
        self.all_button.setText(QCoreApplication.translate("visit", "All ({n})").format(n=len(missing)))
        self.all_button.setVisible(len(missing) > 1)
        self.all_button.setAccessibleName(title + ": " + "; ".join(self.messages))
        self.label.setAccessibleName(self.all_button.accessibleName() if missing else self._done_text())
        self._render()
        self.show()

    def _done_text(self) -> str:
        return QCoreApplication.translate("visit", "Nothing left to do in this step.")

    def _render(self) -> None:
        if not self.messages:
            self.label.setText(f'<span style="color:#1e5b23">✓ {html.escape(self._done_text())}</span>')
            return
        title = QCoreApplication.translate("visit", "Still to do")
        head = f"{title} ({len(self.messages)}): " if len(self.messages) > 1 else f"{title}: "
        room = max(40, self.label.width() - self.fontMetrics().horizontalAdvance(head) - 12)
        first = self.fontMetrics().elidedText(self.messages[0], Qt.TextElideMode.ElideRight, room)
        self.label.setText(f"<b>{html.escape(head)}</b>"
                           f'<a href="{html.escape(self._links[0])}">{html.escape(first)}</a>')
        self.label.setToolTip(self.messages[0])

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._render()

    def _open(self, link: str) -> None:
        step, item, room = (link.split("|") + ["", ""])[:3]
        self.ctx.go(step, item, room)


class ConfirmBar(QFrame):
    """An inline 'are you sure?' with a confirm and a cancel button (no modal dialog)."""

    confirmed = Signal()

    def __init__(self, text: str, confirm_text: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setStyleSheet(f"QFrame#{name} {{ background: #fde7e9; border: 1px solid #d13438;"
                           " border-radius: 4px; }")
        layout = QHBoxLayout(self)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.yes = QPushButton(confirm_text)
        self.yes.setObjectName(f"{name}_yes")
        self.no = QPushButton(QCoreApplication.translate("visit", "Cancel"))
        self.no.setObjectName(f"{name}_no")
        layout.addWidget(self.yes)
        layout.addWidget(self.no)
        self.yes.clicked.connect(self._yes)
        self.no.clicked.connect(self.hide)
        self.hide()

    def ask(self) -> None:
        self.show()
        self.no.setFocus()

    def _yes(self) -> None:
        self.hide()
        self.confirmed.emit()


FINGER_PX = 40  # the least height of an answer a finger has to hit (at 100 % scaling)


def scroll_page(content: QWidget) -> QScrollArea:
    """A step page's scrolling body; a finger on a touch screen flicks it (kinetic scrolling)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(content)
    touch_scrolling(area)
    return area


def touch_scrolling(area: QAbstractScrollArea) -> None:
    """Kinetic scrolling by touch (a mouse still selects and clicks as before)."""
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    props = QScroller.scroller(area.viewport()).scrollerProperties()
    props.setScrollMetric(QScrollerProperties.ScrollMetric.OvershootDragResistanceFactor, 0.3)
    props.setScrollMetric(QScrollerProperties.ScrollMetric.OvershootScrollDistanceFactor, 0.1)
    QScroller.scroller(area.viewport()).setScrollerProperties(props)


def finger_sized(button: QAbstractButton) -> QAbstractButton:
    """An answer button a finger can hit: at least FINGER_PX high, the whole row clickable."""
    button.setMinimumHeight(FINGER_PX)
    return button


def heading(text: str, size: int = 15) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(f"font-size: {size}pt; font-weight: 600;")
    label.setWordWrap(True)
    return label


def small(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555; font-size: 8.5pt;")
    return label


def set_read_only(root: QWidget, read_only: bool) -> None:
    """Make every input under ``root`` read-only (text stays selectable); navigation stays usable."""
    for widget in root.findChildren(QWidget):
        if widget.property(NAV_PROPERTY):
            continue
        if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit | QAbstractSpinBox):
            widget.setReadOnly(read_only)
        elif isinstance(widget, QAbstractButton | QComboBox):
            widget.setEnabled(not read_only)
        elif hasattr(widget, "set_read_only"):
            widget.set_read_only(read_only)


def nav(widget: QWidget) -> QWidget:
    """Mark ``widget`` as navigation: it stays usable on a finalized (read-only) visit."""
    widget.setProperty(NAV_PROPERTY, True)
    return widget


def fmt_moment(iso: str) -> str:
    """A stored UTC moment (or a local ISO date/time) as local 'dd-mm-jjjj uu:mm'."""
    return format_datetime(iso)


def fmt_date(iso: str) -> str:
    """An ISO date as dd-mm-jjjj (empty stays empty)."""
    return fmt_moment(iso[:10]) if iso else ""
