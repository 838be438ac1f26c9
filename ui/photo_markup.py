"""Marking up a photo: arrows, circles, rectangles and blurred regions drawn over it with the mouse, a
finger or the keyboard. The original photo never changes; the mark-up is saved as data on the photo
(``ws.visits.set_markup``) and the report prints a version rendered from both (``inspector.markup``).

The photo and its mosaic (what a blurred region shows) are decoded on the IO lane; the editor only
paints them. A finalized visit's mark-up opens read-only.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
    QShortcut,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from inspector import markup
from inspector.model import MARKUP_SCALE, Attachment, Changes, MarkupShape
from ui.errors import error_text
from ui.visit import decoder
from ui.visit.context import VisitContext
from ui.visit.forms import InlineMessage

PREVIEW_SIDE = 1280  # px: the photo as the editor shows it (a 2560 px photo decodes at half size)
COLOURS = (("#e00000", "Red"), ("#ffd400", "Yellow"), ("#0057d9", "Blue"))
STEP = 200  # a keyboard move or resize: 2 % of the photo
MIN_SIZE = 80  # a drawn shape smaller than this (0.8 % of the photo) is a slip, not a shape


def _images(data: bytes) -> tuple[QImage, QImage]:
    """The photo and its mosaic as QImages (IO lane: QImage, unlike QPixmap, may be made off the GUI
    thread). Pillow works in a helper process: in a thread it would hold the GIL long enough to stall
    the GUI thread (``decoder``)."""
    (width, height), photo, coarse = decoder.markup_images(data, PREVIEW_SIDE)
    # RGB32 is the screen's own format: painted without converting every pixel on each repaint. The
    # converted QImage also owns its pixels (the bytes objects go when this returns).
    return tuple(QImage(pixels, width, height, width * 3, QImage.Format.Format_RGB888)  # type: ignore[return-value]
                 .convertToFormat(QImage.Format.Format_RGB32) for pixels in (photo, coarse))


def _clamp(value: float) -> int:
    return max(0, min(MARKUP_SCALE, round(value)))


class MarkupCanvas(QWidget):
    """The photo with its shapes. Drag to draw with the current tool; Space or Enter puts one in the
    middle, the arrow keys move the last one and Shift with an arrow key resizes it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("markup_canvas")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)  # a finger draws like the mouse
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 240)
        self.photo: QImage | None = None
        self.coarse: QImage | None = None
        self.shapes: list[MarkupShape] = []
        self.history: list[list[MarkupShape]] = []  # what undo goes back to
        self.tool = "arrow"
        self.colour = COLOURS[0][0]
        self.editable = True
        self.placeholder = ""
        self._drawing: MarkupShape | None = None
        self._shown: QPixmap | None = None  # the photo at the size it is painted

    # --- state --------------------------------------------------------------------------------
    def set_images(self, photo: QImage, coarse: QImage) -> None:
        self.photo, self.coarse = photo, coarse
        self._shown = None
        self.update()

    def shown_photo(self, size: QSize) -> QPixmap:
        """The photo scaled to ``size``, made once per size: a repaint while drawing only copies it."""
        if self._shown is None or self._shown.size() != size:
            assert self.photo is not None
            self._shown = QPixmap.fromImage(self.photo.scaled(size, Qt.AspectRatioMode.IgnoreAspectRatio,
                                                              Qt.TransformationMode.FastTransformation))
        return self._shown

    def set_shapes(self, shapes: list[MarkupShape]) -> None:
        self.shapes = [MarkupShape(**vars(s)) for s in shapes]
        self.history = []
        self.update()

    def _commit(self, shapes: list[MarkupShape]) -> None:
        self.history.append(self.shapes)
        self.shapes = shapes
        self.update()
        self.changed.emit()

    def add(self, shape: MarkupShape) -> None:
        self._commit([*self.shapes, shape])

    def undo(self) -> None:
        if self.history:
            self.shapes = self.history.pop()
            self.update()
            self.changed.emit()

    def clear(self) -> None:
        if self.shapes:
            self._commit([])

    def _new(self, x: int, y: int) -> MarkupShape:
        return MarkupShape(self.tool, x, y, x, y, "" if self.tool == "blur" else self.colour)

    # --- geometry -----------------------------------------------------------------------------
    def image_rect(self) -> QRectF:
        """Where the photo is painted: fitted into the widget, centred."""
        if self.photo is None or self.photo.isNull():
            return QRectF(self.rect())
        size = QSize(self.photo.size()).scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        return QRectF((self.width() - size.width()) / 2, (self.height() - size.height()) / 2,
                      size.width(), size.height())

    def to_scale(self, pos: QPointF) -> tuple[int, int]:
        r = self.image_rect()
        return (_clamp((pos.x() - r.x()) / max(r.width(), 1) * MARKUP_SCALE),
                _clamp((pos.y() - r.y()) / max(r.height(), 1) * MARKUP_SCALE))

    def to_widget(self, x: int, y: int) -> QPointF:
        r = self.image_rect()
        return QPointF(r.x() + x * r.width() / MARKUP_SCALE, r.y() + y * r.height() / MARKUP_SCALE)

    def _box(self, s: MarkupShape) -> QRectF:
        return QRectF(self.to_widget(s.x1, s.y1), self.to_widget(s.x2, s.y2)).normalized()

    # --- painting -----------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#2b2f33"))
        if self.photo is None or self.photo.isNull():
            p.setPen(QColor("white"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.placeholder)
            return
        target = self.image_rect()
        p.drawPixmap(target.topLeft(), self.shown_photo(target.size().toSize()))
        shapes = self.shapes + ([self._drawing] if self._drawing is not None else [])
        for s in shapes:
            if s.kind == "blur":
                self._paint_blur(p, s)
        width = max(2.0, max(target.width(), target.height()) * markup.LINE)
        for s in shapes:
            if s.kind != "blur":
                self._paint_shape(p, s, width)
        if self.hasFocus() and self.editable:
            p.setPen(QPen(QColor("#66a3ff"), 2))
            p.setBrush(Qt.BrushStyle.NoBrush)  # an arrow's head leaves its colour as the brush
            p.drawRect(self.rect().adjusted(1, 1, -2, -2))

    def _paint_blur(self, p: QPainter, s: MarkupShape) -> None:
        box = self._box(s)
        if self.coarse is not None and not self.coarse.isNull():
            cw, ch = self.coarse.width(), self.coarse.height()
            source = QRectF(QPointF(s.x1 * cw / MARKUP_SCALE, s.y1 * ch / MARKUP_SCALE),
                            QPointF(s.x2 * cw / MARKUP_SCALE, s.y2 * ch / MARKUP_SCALE)).normalized()
            p.drawImage(box, self.coarse, source)
        if self.editable:  # the region's edge, in the editor only
            p.setPen(QPen(QColor("white"), 1, Qt.PenStyle.DashLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(box)

    def _paint_shape(self, p: QPainter, s: MarkupShape, width: float) -> None:
        colour = QColor(s.colour)
        p.setPen(QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.setBrush(Qt.BrushStyle.NoBrush)
        if s.kind == "ellipse":
            p.drawEllipse(self._box(s))
        elif s.kind == "rectangle":
            p.drawRect(self._box(s))
        elif s.kind == "arrow":
            start, tip = self.to_widget(s.x1, s.y1), self.to_widget(s.x2, s.y2)
            line = tip - start
            length = (line.x() ** 2 + line.y() ** 2) ** 0.5
            if length < 1:
                return
            head = min(width * 4.5, length * 0.6)
            ux, uy = line.x() / length, line.y() / length
            base = QPointF(tip.x() - ux * head, tip.y() - uy * head)
            half = head * 0.55
            p.drawLine(start, base)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawPolygon(QPolygonF([tip, QPointF(base.x() - uy * half, base.y() + ux * half),
                                     QPointF(base.x() + uy * half, base.y() - ux * half)]))

    # --- mouse and finger ---------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if not self.editable or self.photo is None or event.button() != Qt.MouseButton.LeftButton:
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._drawing = self._new(*self.to_scale(event.position()))
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self._drawing is not None:
            self._drawing.x2, self._drawing.y2 = self.to_scale(event.position())
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        shape, self._drawing = self._drawing, None
        if shape is None:
            return
        shape.x2, shape.y2 = self.to_scale(event.position())
        dx, dy = abs(shape.x2 - shape.x1), abs(shape.y2 - shape.y1)
        big = max(dx, dy) >= MIN_SIZE if shape.kind == "arrow" else min(dx, dy) >= MIN_SIZE
        if big:
            self.add(shape)
        else:
            self.update()

    # --- keyboard -----------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = Qt.Key(event.key())
        moves = {Qt.Key.Key_Left: (-STEP, 0), Qt.Key.Key_Right: (STEP, 0),
                 Qt.Key.Key_Up: (0, -STEP), Qt.Key.Key_Down: (0, STEP)}
        if not self.editable:
            super().keyPressEvent(event)
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            middle = self._new(3500, 3500)
            middle.x2 = middle.y2 = 6500 if self.tool != "arrow" else 5000
            self.add(middle)
        elif key in moves and self.shapes:
            dx, dy = moves[key]
            last = MarkupShape(**vars(self.shapes[-1]))
            resize = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if not resize:  # a move keeps the shape whole inside the photo
                dx = max(-min(last.x1, last.x2), min(dx, MARKUP_SCALE - max(last.x1, last.x2)))
                dy = max(-min(last.y1, last.y2), min(dy, MARKUP_SCALE - max(last.y1, last.y2)))
                last.x1, last.y1 = last.x1 + dx, last.y1 + dy
            last.x2, last.y2 = _clamp(last.x2 + dx), _clamp(last.y2 + dy)
            self._commit([*self.shapes[:-1], last])
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.shapes:
            self._commit(self.shapes[:-1])
        else:
            super().keyPressEvent(event)


class MarkupDialog(QDialog):
    """The mark-up editor of one photo: tools, colours, undo, remove all, save."""

    saved = Signal()

    def __init__(self, ctx: VisitContext, photo: Attachment, read_only: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.photo, self.read_only = ctx, photo, read_only
        self._saving = False
        self.setObjectName("markup_dialog")
        title = self.tr("Mark up photo {n}").format(n=photo.number)
        self.setWindowTitle(title + (f" – {photo.caption}" if photo.caption else ""))
        lay = QVBoxLayout(self)
        self.canvas = MarkupCanvas()
        self.canvas.placeholder = self.tr("Loading the photo…")
        self.canvas.editable = not read_only
        self.canvas.setAccessibleName(self.tr("Photo to mark up"))
        self.canvas.setAccessibleDescription(self.tr(
            "Drag to draw. Space puts a shape in the middle; the arrow keys move the last shape, "
            "Shift with an arrow key changes its size; Delete removes it."))
        self.canvas.set_shapes(photo.markup)
        self.canvas.changed.connect(self._changed)
        if read_only:
            note = QLabel(self.tr("This visit is finalized: the mark-up can be viewed, not changed."))
            note.setObjectName("markup_locked")
            lay.addWidget(note)
        else:
            lay.addLayout(self._tools())
            hint = QLabel(self.tr(
                "Draw with the mouse or a finger. Blur makes a face or a document unrecognizable in the "
                "report. The original photo is kept unchanged as evidence."))
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #444;")
            lay.addWidget(hint)
        lay.addWidget(self.canvas, 1)
        self.message = InlineMessage()
        self.message.setObjectName("markup_message")
        lay.addWidget(self.message)
        self._changed()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close if read_only else
                                        QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        if not read_only:
            self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
            self.save_button.setObjectName("markup_save")
            self.save_button.setText(self.tr("Save mark-up"))
            QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        lay.addWidget(self.buttons)
        self._fit_screen()
        self._load()

    def _tools(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.tool_group = QButtonGroup(self)
        tools = (("arrow", self.tr("&Arrow")), ("ellipse", self.tr("&Circle")),
                 ("rectangle", self.tr("&Rectangle")), ("blur", self.tr("&Blur")))
        for code, label in tools:
            button = QPushButton(label)
            button.setObjectName(f"markup_tool_{code}")
            button.setCheckable(True)
            button.setMinimumHeight(40)  # a finger's width
            button.setStyleSheet("QPushButton:checked { background: #1f5fa8; color: white; "
                                 "border: 1px solid #123d6e; border-radius: 3px; padding: 0 12px; }")
            button.setChecked(code == self.canvas.tool)
            button.toggled.connect(lambda on, c=code: self._set_tool(c) if on else None)
            self.tool_group.addButton(button)
            row.addWidget(button)
        row.addSpacing(16)
        self.colour_group = QButtonGroup(self)
        names = {"Red": self.tr("Red"), "Yellow": self.tr("Yellow"), "Blue": self.tr("Blue")}
        for colour, name in COLOURS:
            swatch = QPushButton()
            swatch.setObjectName(f"markup_colour_{name.lower()}")
            swatch.setCheckable(True)
            swatch.setChecked(colour == self.canvas.colour)
            swatch.setFixedSize(40, 40)
            swatch.setToolTip(names[name])
            swatch.setAccessibleName(self.tr("Colour: {name}").format(name=names[name]))
            swatch.setStyleSheet(f"QPushButton {{ background: {colour}; border: 2px solid #888; "
                                 "border-radius: 4px; } QPushButton:checked { border: 4px solid #111; }")
            swatch.toggled.connect(lambda on, c=colour: self._set_colour(c) if on else None)
            self.colour_group.addButton(swatch)
            row.addWidget(swatch)
        row.addStretch(1)
        self.undo_button = QPushButton(self.tr("&Undo"))
        self.undo_button.setObjectName("markup_undo")
        self.undo_button.setMinimumHeight(40)
        self.undo_button.clicked.connect(self.canvas.undo)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.canvas.undo)
        row.addWidget(self.undo_button)
        self.clear_button = QPushButton(self.tr("Remove &all"))
        self.clear_button.setObjectName("markup_clear")
        self.clear_button.setMinimumHeight(40)
        self.clear_button.clicked.connect(self.canvas.clear)
        row.addWidget(self.clear_button)
        return row

    def _fit_screen(self) -> None:
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is None:
            self.resize(1100, 700)
            return
        self.resize(min(1200, screen.width() * 92 // 100), min(820, screen.height() * 92 // 100))

    def _set_tool(self, code: str) -> None:
        self.canvas.tool = code
        self.canvas.setFocus()

    def _set_colour(self, colour: str) -> None:
        self.canvas.colour = colour
        self.canvas.setFocus()

    def _changed(self) -> None:
        if not self.read_only:
            self.undo_button.setEnabled(bool(self.canvas.history))
            self.clear_button.setEnabled(bool(self.canvas.shapes))
            self.message.clear_message()

    @property
    def dirty(self) -> bool:
        return [vars(s) for s in self.canvas.shapes] != [vars(s) for s in self.photo.markup]

    # --- loading and saving ---------------------------------------------------------------------
    def _load(self) -> None:
        sha, runner = self.photo.sha256, self.ctx.runner

        def decode(data: bytes | None) -> None:
            if data is None:
                self._load_failed(None)
                return
            runner.run_io(lambda: _images(data), self._loaded, self._load_failed)

        self.ctx.read(lambda ws: ws.visits.blob(sha), decode)

    def _loaded(self, images: tuple[QImage, QImage]) -> None:
        self.canvas.set_images(*images)
        self.canvas.setFocus()

    def _load_failed(self, exc: BaseException | None) -> None:
        self.canvas.placeholder = self.tr("The photo cannot be shown.")
        self.canvas.update()
        self.message.show_message(error_text(exc) if exc is not None else self.tr(
            "The photo's image is not on this laptop (yet). Synchronize, then try again."))
        if not self.read_only:
            self.save_button.setEnabled(False)

    def save(self) -> None:
        """Save the shapes on the DB lane; the dialog closes when they are stored."""
        if self.read_only or self._saving:
            if self.read_only:
                self.accept()
            return
        shapes = [MarkupShape(**vars(s)) for s in self.canvas.shapes]
        pid = self.photo.id
        self._saving = True
        self.save_button.setEnabled(False)
        self.ctx.write(lambda ws: ws.visits.set_markup(pid, shapes), changes=Changes.ATTACHMENTS,
                       on_done=lambda _r: self._saved(shapes), on_error=self._save_failed)

    def _saved(self, _shapes: list[MarkupShape]) -> None:
        self._saving = False
        self.saved.emit()
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.message.show_message(error_text(exc))

    def reject(self) -> None:
        if self._saving:
            return
        if not self.read_only and self.dirty:
            answer = QMessageBox.question(
                self, self.tr("Discard mark-up?"),
                self.tr("The mark-up you drew has not been saved. Discard it?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()


def button_text(locked: bool) -> str:
    """The photo page's button: "Mark up…", or "Show mark-up…" on a finalized visit."""
    if locked:
        return QCoreApplication.translate("MarkupDialog", "Show mark-up…")
    return QCoreApplication.translate("MarkupDialog", "Mark up…")


def summary(photo: Attachment | None) -> str:
    """What mark-up a photo has, for the photo page ("Marked up: arrow, blur"), or ""."""
    if photo is None or not photo.markup:
        return ""
    names = {"arrow": QCoreApplication.translate("MarkupDialog", "arrow"),
             "ellipse": QCoreApplication.translate("MarkupDialog", "circle"),
             "rectangle": QCoreApplication.translate("MarkupDialog", "rectangle"),
             "blur": QCoreApplication.translate("MarkupDialog", "blur")}
    kinds = ", ".join(names[k] for k in markup.kinds(photo.markup))
    return QCoreApplication.translate("MarkupDialog", "Marked up: {kinds}").format(kinds=kinds)


def open_editor(ctx: VisitContext, photo: Attachment, read_only: bool, parent: QWidget) -> MarkupDialog:
    """Open the mark-up editor of ``photo`` (window-modal; it deletes itself when closed)."""
    dialog = MarkupDialog(ctx, photo, read_only, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
