"""No value changes on a mouse wheel or touchpad passing over a control: the page scrolls instead.

One event filter on the application covers every spin box, date/time edit, combo box and slider
(scroll bars excepted) in the app, also those built later: such a control reacts to the wheel only
while it has the keyboard focus (the user clicked or tabbed into it). Otherwise the wheel goes to
the scroll area around it, so scrolling a checklist never answers a question. The controls also stop
taking the focus from the wheel (``StrongFocus`` instead of Qt's ``WheelFocus``), which would
otherwise hand them the focus - and the wheel - the moment the pointer passes over them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QScrollBar,
    QWidget,
)

GUARDED = (QAbstractSpinBox, QComboBox, QAbstractSlider)
_installed: list[WheelGuard] = []


def is_guarded(obj: QObject) -> bool:
    """A control whose value a wheel would change (scroll bars are there to be wheeled)."""
    return isinstance(obj, GUARDED) and not isinstance(obj, QScrollBar)


def _calm(widget: QWidget) -> None:
    if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def _scroll_area(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


class WheelGuard(QObject):
    """The application-wide filter (see the module text); install it with ``install``."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if not is_guarded(obj):  # first: cheap, and most events are for other objects (asking an
            return False  # event its type costs several µs in Python, on every event of the app)
        kind = event.type()
        if kind == QEvent.Type.Polish:
            _calm(obj)  # type: ignore[arg-type]
        elif kind == QEvent.Type.Wheel:
            widget: QWidget = obj  # type: ignore[assignment]
            _calm(widget)
            if widget.hasFocus() or (isinstance(widget, QComboBox) and widget.view().isVisible()):
                return False
            self._pass_on(widget, event)  # type: ignore[arg-type]
            return True
        return False

    @staticmethod
    def _pass_on(widget: QWidget, event: QWheelEvent) -> None:
        """Scroll the page the control sits on, as if the control were not there."""
        event.accept()
        area = _scroll_area(widget)
        if area is None:
            return
        viewport = area.viewport()
        global_pos = event.globalPosition()
        local = viewport.mapFromGlobal(global_pos)
        copy = QWheelEvent(local, global_pos, event.pixelDelta(), event.angleDelta(), event.buttons(),
                           event.modifiers(), event.phase(), event.inverted(), event.source(),
                           event.pointingDevice())
        QCoreApplication.sendEvent(viewport, copy)


def install(app: QCoreApplication | None = None) -> WheelGuard:
    """Install the guard on ``app`` (the running application by default) once; returns it."""
    app = app or QCoreApplication.instance()
    assert app is not None, "a QApplication must exist"
    for existing in _installed:
        if existing.parent() is app:
            return existing
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    _installed[:] = [guard]
    for widget in app.allWidgets():  # type: ignore[attr-defined]
        if is_guarded(widget):
            _calm(widget)
    return guard
