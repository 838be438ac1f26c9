"""A signature pad: strokes from the mouse, a tablet pen or a finger, kept as a QPainterPath."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTabletEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolButton, QWidget

INK = QColor("#0b1f4b")
PEN_WIDTH = 2.6


class SignaturePad(QWidget):
    """Draw a signature; ``to_png()`` gives it on a transparent background, ``is_empty()`` says if
    anything was drawn. ``changed`` fires when a stroke ends or the pad is cleared."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signature_pad")
        self.setAccessibleName(self.tr("Signature pad"))
        self.setAccessibleDescription(self.tr("Sign here with a pen, a finger or the mouse."))
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumSize(360, 170)
        self.setFixedHeight(190)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.path = QPainterPath()
        self._stroke_open = False
        self._background: QImage | None = None
        self._read_only = False
        self.clear_button = QToolButton(self)
        self.clear_button.setText(self.tr("Clear"))
        self.clear_button.setObjectName("signature_clear")
        self.clear_button.setAccessibleName(self.tr("Clear signature"))
        self.clear_button.clicked.connect(self.clear)

    # --- state ----------------------------------------------------------------------------
    def is_empty(self) -> bool:
        return self.path.isEmpty() and self._background is None

    def clear(self) -> None:
        """Remove the signature."""
        if self._read_only:
            return
        had = not self.is_empty()
        self.path = QPainterPath()
        self._background = None
        self._stroke_open = False
        self.update()
        if had:
            self.changed.emit()

    def set_png(self, data: bytes | None) -> None:
        """Show a stored signature (replaces what is on the pad; emits nothing)."""
        self.path = QPainterPath()
        self._stroke_open = False
        image = QImage()
        self._background = image if data and image.loadFromData(data) else None
        self.update()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.clear_button.setEnabled(not read_only)
        self.setCursor(Qt.CursorShape.ArrowCursor if read_only else Qt.CursorShape.CrossCursor)

    def to_png(self) -> bytes:
        """The signature as PNG bytes, ink on a transparent background (empty pad: empty bytes)."""
        if self.is_empty():
            return b""
        image = QImage(self.size(), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        self._paint_ink(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        return bytes(data.data())

    # --- strokes --------------------------------------------------------------------------
    def _begin(self, pos: QPointF) -> None:
        if self._read_only:
            return
        self.path.moveTo(pos)
        self.path.lineTo(pos + QPointF(0.01, 0.01))  # a dot is a stroke too
        self._stroke_open = True
        self.update()

    def _extend(self, pos: QPointF) -> None:
        if self._stroke_open:
            self.path.lineTo(pos)
            self.update()

    def _end(self, pos: QPointF) -> None:
        if self._stroke_open:
            self.path.lineTo(pos)
            self._stroke_open = False
            self.update()
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self._end(event.position())

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position())
        elif kind == QEvent.Type.TabletMove:
            self._extend(event.position())
        elif kind == QEvent.Type.TabletRelease:
            self._end(event.position())
        event.accept()  # no synthesised mouse events: the pen draws once

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            points = event.points()  # type: ignore[attr-defined]
            if points:
                pos = points[0].position()
                if kind == QEvent.Type.TouchBegin:
                    self._begin(pos)
                elif kind == QEvent.Type.TouchUpdate:
                    self._extend(pos)
                else:
                    self._end(pos)
            event.accept()
            return True
        return super().event(event)

    # --- painting -------------------------------------------------------------------------
    def _paint_ink(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._background is not None:
            target = QRectF(self.rect())
            size = self._background.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target.setSize(size.toSizeF())
            painter.drawImage(target, self._background)
        pen = QPen(INK, PEN_WIDTH, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        painter.setPen(QPen(QColor("#9aa5b1"), 1, Qt.PenStyle.DashLine))
        base = self.height() - 40
        painter.drawLine(24, base, self.width() - 24, base)
        painter.drawText(24, base + 18, self.tr("Signature"))
        painter.setPen(QPen(QColor("#c3cad3") if not self.hasFocus() else QColor("#2b6cb0"), 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        self._paint_ink(painter)
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        hint = self.clear_button.sizeHint()
        self.clear_button.setGeometry(self.width() - hint.width() - 6, 6, hint.width(), hint.height())
        super().resizeEvent(event)
