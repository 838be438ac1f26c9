"""The mark-up editor driven through its real widgets (pytest-qt): drawing with the mouse and the
keyboard, undo, remove all, save; read-only on a finalized visit; Dutch complete."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton

from inspector.model import MarkupShape
from inspector.workspace import Workspace
from tests.test_markup import document_photo
from tests.test_sync import finalized_visit, make_case
from tests.test_ui_visit import click, english, find, open_view, started
from ui import i18n
from ui.photo_markup import MarkupCanvas, MarkupDialog
from ui.tasks import TaskRunner

english = english  # the fixture: the English UI
TS_FILE = Path(__file__).resolve().parent.parent / "resources" / "translations" / "markup_nl.ts"


@pytest.fixture
def dutch_ui(qapp):
    """The whole Dutch UI, as the app installs it."""
    i18n.install_translators(qapp, "nl")
    yield
    i18n.remove_translators(qapp)


def photo_visit(ws: Workspace) -> str:
    vid = started(ws)
    ws.visits.add_photo(vid, document_photo(800, 600), caption="Brief op tafel")
    return vid


def open_editor(qtbot, view) -> MarkupDialog:  # noqa: ANN001 - pytest-qt's bot, a VisitView
    view.go_to_step("photos")
    page = view.page("photos")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.select_row(0)
    click(qtbot, view, QPushButton, "photo_markup")
    dialog = view.findChild(MarkupDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.canvas.photo is not None)
    dialog.activateWindow()  # keyboard shortcuts work in the active window
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def drag(canvas: MarkupCanvas, start: tuple[float, float], end: tuple[float, float]) -> None:
    """A press, a few moves and a release over the photo (fractions of the photo's width and height)."""
    r = canvas.image_rect()

    def at(fx: float, fy: float) -> QPoint:
        return QPoint(round(r.x() + fx * r.width()), round(r.y() + fy * r.height()))

    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(*start))
    for i in range(1, 5):
        fx, fy = start[0] + (end[0] - start[0]) * i / 5, start[1] + (end[1] - start[1]) * i / 5
        QTest.mouseMove(canvas, at(fx, fy))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(*end))


def near(shape: MarkupShape, kind: str, box: tuple[int, int, int, int]) -> bool:
    return shape.kind == kind and all(abs(a - b) <= 150 for a, b in
                                      zip((shape.x1, shape.y1, shape.x2, shape.y2), box, strict=True))


def test_draw_an_arrow_and_a_blur_then_save(qtbot, workspace, dutch_ui) -> None:
    """Arrow (red) and a blurred region drawn with the mouse, saved: the photo's record holds both
    shapes, the photo page says "Bewerkt: pijl, vervaging", and the stored photo is the same bytes."""
    ws = workspace
    vid = photo_visit(ws)
    [photo] = ws.visits.attachments(vid, "photo")
    original = ws.visits.blob(photo.sha256)
    view = open_view(qtbot, ws, vid)
    dialog = open_editor(qtbot, view)
    assert dialog.windowTitle() == "Foto 1 markeren – Brief op tafel"
    assert find(dialog, QPushButton, "markup_tool_arrow").text() == "&Pijl"
    drag(dialog.canvas, (0.1, 0.8), (0.4, 0.55))
    click(qtbot, dialog, QPushButton, "markup_tool_blur")
    drag(dialog.canvas, (0.5, 0.1), (0.9, 0.4))
    assert len(dialog.canvas.shapes) == 2
    assert find(dialog, QPushButton, "markup_save").text() == "Markering opslaan"
    click(qtbot, dialog, QPushButton, "markup_save")
    qtbot.waitUntil(lambda: not dialog.isVisible())

    [saved] = ws.visits.attachments(vid, "photo")
    arrow, blur = saved.markup
    assert near(arrow, "arrow", (1000, 8000, 4000, 5500)) and arrow.colour == "#e00000"
    assert near(blur, "blur", (5000, 1000, 9000, 4000)) and blur.colour == ""
    assert saved.sha256 == photo.sha256 and ws.visits.blob(saved.sha256) == original
    page = view.page("photos")
    qtbot.waitUntil(lambda: page.markup_note.text() == "Bewerkt: pijl, vervaging")
    assert page.markup_button.text() == "Markeren…"


def test_undo_remove_all_and_the_keyboard(qtbot, workspace, english) -> None:
    """Space puts a circle in the middle, the arrow keys move it, Shift+arrow resizes it; undo goes back
    a step; "Remove all" empties the photo and undo brings the shapes back; a too-small drag is no shape."""
    ws = workspace
    vid = photo_visit(ws)
    view = open_view(qtbot, ws, vid)
    dialog = open_editor(qtbot, view)
    canvas = dialog.canvas
    undo, clear = find(dialog, QPushButton, "markup_undo"), find(dialog, QPushButton, "markup_clear")
    assert not undo.isEnabled() and not clear.isEnabled()
    click(qtbot, dialog, QPushButton, "markup_tool_ellipse")
    click(qtbot, dialog, QPushButton, "markup_colour_yellow")
    assert canvas.hasFocus()  # picking a tool or colour hands the keyboard to the photo
    QTest.keyClick(canvas, Qt.Key.Key_Space)
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    QTest.keyClick(canvas, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert [vars(s) for s in canvas.shapes] == [
        {"kind": "ellipse", "x1": 3700, "y1": 3500, "x2": 6700, "y2": 6700, "colour": "#ffd400"}]
    drag(canvas, (0.5, 0.5), (0.502, 0.503))  # a slip of the finger
    assert len(canvas.shapes) == 1
    click(qtbot, dialog, QPushButton, "markup_undo")
    assert canvas.shapes[0].y2 == 6500  # the resize undone
    click(qtbot, dialog, QPushButton, "markup_clear")
    assert canvas.shapes == [] and not clear.isEnabled()
    click(qtbot, dialog, QPushButton, "markup_undo")
    assert len(canvas.shapes) == 1
    QTest.keyClick(canvas, Qt.Key.Key_Delete)
    assert canvas.shapes == []
    QTest.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(canvas.shapes) == 1
    QTest.keyClick(canvas, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert ws.visits.attachments(vid, "photo")[0].markup[0].kind == "ellipse"


def test_the_photo_is_decoded_in_the_background(qtbot, workspace, english) -> None:
    """With the real task lanes the editor opens at once saying it loads, then shows the photo."""
    ws = workspace
    vid = photo_visit(ws)
    runner = TaskRunner()
    view = open_view(qtbot, ws, vid, runner)
    view.go_to_step("photos")
    page = view.page("photos")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.select_row(0)
    dialog = page.open_markup()
    assert dialog.canvas.photo is None and dialog.canvas.placeholder == "Loading the photo…"
    qtbot.waitUntil(lambda: dialog.canvas.photo is not None, timeout=10_000)
    assert dialog.canvas.photo.width() == 800 and dialog.canvas.coarse.width() == 800
    # made in the screen's own format on the IO lane: painting converts no pixels
    assert dialog.canvas.photo.format() == dialog.canvas.coarse.format() == QImage.Format.Format_RGB32
    dialog.close()
    runner.wait()


def test_the_editor_scales_the_photo_once_per_size(qtbot, workspace, english) -> None:
    """The photo is painted fitted into the editor; repaints while drawing reuse the scaled photo, a
    new size of the window scales it again, and the painted pixels are the photo's."""
    ws = workspace
    view = open_view(qtbot, ws, photo_visit(ws))
    dialog = open_editor(qtbot, view)
    canvas = dialog.canvas
    canvas.repaint()
    rect = canvas.image_rect()
    shown = canvas._shown
    assert shown is not None
    assert (shown.width(), shown.height()) == (round(rect.width()), round(rect.height()))
    drag(canvas, (0.1, 0.9), (0.3, 0.7))  # several repaints while drawing
    canvas.repaint()
    assert canvas._shown.cacheKey() == shown.cacheKey()
    dialog.resize(dialog.width() - 200, dialog.height() - 100)
    qtbot.waitUntil(lambda: canvas.image_rect().width() < rect.width())
    canvas.repaint()
    smaller = canvas.image_rect()
    assert canvas._shown.size() == smaller.size().toSize()
    painted = canvas.grab().toImage()
    # the paper of document_photo at the photo's top left, where nothing is drawn (the focus frame
    # drawn last leaves the photo and the arrow as they are)
    assert canvas.hasFocus()
    paper = painted.pixelColor(round(smaller.x() + smaller.width() * 0.1), round(smaller.y() + 20))
    assert abs(paper.red() - 200) < 12 and abs(paper.green() - 190) < 12 and abs(paper.blue() - 170) < 12
    arrow = painted.pixelColor(smaller.topLeft().toPoint() + QPoint(round(smaller.width() * 0.2),
                                                                    round(smaller.height() * 0.8)))
    assert arrow.red() > 200 and arrow.green() < 40 and arrow.blue() < 40


def test_a_finalized_visits_markup_can_be_viewed_not_changed(qtbot, workspace, dutch_ui) -> None:
    """Finalized: the button says "Markering bekijken…", the editor has no tools and no save, and a
    drag draws nothing."""
    ws = workspace
    case = make_case(ws)
    shape = MarkupShape("rectangle", 1000, 1000, 3000, 3000, "#0057d9")
    vid = finalized_visit(ws, case.id, lambda v: ws.visits.set_markup(
        ws.visits.attachments(v, "photo")[0].id, [shape]))
    view = open_view(qtbot, ws, vid)
    view.go_to_step("photos")
    page = view.page("photos")
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    page.select_row(0)
    assert page.markup_button.isEnabled() and page.markup_button.text() == "Markering bekijken…"
    assert not page.delete_button.isEnabled()
    click(qtbot, view, QPushButton, "photo_markup")
    dialog = view.findChild(MarkupDialog)
    qtbot.waitUntil(lambda: dialog.canvas.photo is not None)
    assert "afgerond" in find(dialog, QLabel, "markup_locked").text()
    assert dialog.findChild(QPushButton, "markup_save") is None
    assert dialog.findChild(QPushButton, "markup_tool_arrow") is None
    drag(dialog.canvas, (0.5, 0.5), (0.9, 0.9))
    assert dialog.canvas.shapes == [shape]
    dialog.reject()
    assert ws.visits.attachments(vid, "photo")[0].markup == [shape]


def test_every_markup_string_has_its_dutch() -> None:
    """markup_nl.ts has a Dutch translation for every string (nothing unfinished)."""
    unfinished = [m.findtext("source") for m in ElementTree.parse(TS_FILE).getroot().iter("message")
                  if m.find("translation").get("type") in ("unfinished", "obsolete")]
    assert unfinished == []


def test_closing_with_unsaved_markup_asks_first(qtbot, workspace, english) -> None:
    """Escape with shapes drawn but not saved asks; "Cancel" keeps the editor and the shapes, "Discard"
    closes it and nothing is stored."""
    ws = workspace
    vid = photo_visit(ws)
    view = open_view(qtbot, ws, vid)
    dialog = open_editor(qtbot, view)
    drag(dialog.canvas, (0.2, 0.2), (0.6, 0.6))
    answers = iter((QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard))
    asked: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        asked.append(box.text())
        box.button(next(answers)).click()

    QTimer.singleShot(0, answer)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == ["The mark-up you drew has not been saved. Discard it?"]
    assert dialog.isVisible() and len(dialog.canvas.shapes) == 1
    QTimer.singleShot(0, answer)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(asked) == 2 and not dialog.isVisible()
    assert ws.visits.attachments(vid, "photo")[0].markup == []


def test_a_finger_draws_like_the_mouse(qtbot, workspace, english) -> None:
    """A touch drag over the photo (a touch screen, a tablet laptop) draws a rectangle."""
    ws = workspace
    view = open_view(qtbot, ws, photo_visit(ws))
    dialog = open_editor(qtbot, view)
    click(qtbot, dialog, QPushButton, "markup_tool_rectangle")
    canvas = dialog.canvas
    r = canvas.image_rect()
    finger = QTest.createTouchDevice()
    points = [QPoint(round(r.x() + f * r.width()), round(r.y() + f * r.height())) for f in (0.2, 0.4, 0.6)]
    QTest.touchEvent(canvas, finger).press(0, points[0], canvas).commit()
    QTest.touchEvent(canvas, finger).move(0, points[1], canvas).commit()
    QTest.touchEvent(canvas, finger).move(0, points[2], canvas).commit()
    QTest.touchEvent(canvas, finger).release(0, points[2], canvas).commit()
    qtbot.waitUntil(lambda: len(canvas.shapes) == 1)
    assert near(canvas.shapes[0], "rectangle", (2000, 2000, 6000, 6000))


def red_pixels(image: QImage, box: tuple[int, int, int, int]) -> int:
    """How many pixels inside ``box`` (x1, y1, x2, y2) are clearly red."""
    x1, y1, x2, y2 = box
    return sum(1 for x in range(x1, x2) for y in range(y1, y2)
               if (c := image.pixelColor(x, y)).red() > 150 and c.green() < 100 and c.blue() < 100)


def test_the_thumbnail_shows_the_markup_and_the_original_stays(qtbot, workspace, english) -> None:
    """After a red arrow is saved, the photo list's thumbnail and the preview beside it show the arrow
    (made in the background); the stored photo is unchanged; after "Remove all" the thumbnail is the
    photo as taken again."""
    ws = workspace
    vid = photo_visit(ws)
    [photo] = ws.visits.attachments(vid, "photo")
    original = ws.visits.blob(photo.sha256)
    runner = TaskRunner()
    view = open_view(qtbot, ws, vid, runner)
    view.go_to_step("photos")
    page = view.page("photos")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and photo.sha256 in view.ctx.thumbs, timeout=10_000)
    page.select_row(0)
    index = page.model.index(0)
    before = index.data(Qt.ItemDataRole.DecorationRole).copy()
    arrow_box = (10, 60, 70, 102)  # the 160×120 thumbnail around an arrow from (10 %, 80 %) to (40 %, 55 %)
    assert (before.width(), before.height()) == (160, 120) and red_pixels(before, arrow_box) == 0

    dialog = page.open_markup()
    qtbot.waitUntil(lambda: dialog.canvas.photo is not None, timeout=10_000)
    drag(dialog.canvas, (0.1, 0.8), (0.4, 0.55))
    with qtbot.waitSignal(dialog.finished, timeout=10_000):  # saved, closed (and deleted)
        click(qtbot, dialog, QPushButton, "markup_save")
    qtbot.waitUntil(lambda: red_pixels(index.data(Qt.ItemDataRole.DecorationRole), arrow_box) > 15,
                    timeout=10_000)
    marked = index.data(Qt.ItemDataRole.DecorationRole)
    assert (marked.width(), marked.height()) == (160, 120)
    assert red_pixels(marked, (80, 0, 160, 120)) == 0  # the right half, where nothing was drawn
    assert red_pixels(page.preview.pixmap().toImage(), arrow_box) > 15
    assert ws.visits.blob(photo.sha256) == original  # the evidence is the photo as taken

    dialog = page.open_markup()
    qtbot.waitUntil(lambda: dialog.canvas.photo is not None, timeout=10_000)
    click(qtbot, dialog, QPushButton, "markup_clear")
    with qtbot.waitSignal(dialog.finished, timeout=10_000):  # saved, closed (and deleted)
        click(qtbot, dialog, QPushButton, "markup_save")
    qtbot.waitUntil(lambda: red_pixels(index.data(Qt.ItemDataRole.DecorationRole), arrow_box) == 0,
                    timeout=10_000)
    assert index.data(Qt.ItemDataRole.DecorationRole) == before
    assert red_pixels(page.preview.pixmap().toImage(), arrow_box) == 0
    runner.wait()
