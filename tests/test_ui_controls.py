"""How the controls behave under a user's hands: wheel, keyboard, touch, window size (pytest-qt)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScroller,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tests import test_ui_visit
from tests.test_ui_visit import find, open_view, started
from ui.visit.forms import NumberSpin
from ui.widgets import wheel_guard

dutch, english = test_ui_visit.dutch, test_ui_visit.english  # the Dutch and English UI fixtures


@pytest.fixture
def guarded(qapp):
    """The app-wide wheel guard, as the app installs it."""
    return wheel_guard.install(qapp)


def wheel_over(widget: QWidget, steps: int = -3) -> None:
    """Turn the mouse wheel (a real, spontaneous event) with the pointer over ``widget``."""
    window = widget.window().windowHandle()
    pos = widget.mapTo(widget.window(), widget.rect().center())
    for _ in range(abs(steps)):
        QTest.wheelEvent(window, QPointF(pos), QPoint(0, 120 if steps > 0 else -120))
    QApplication.processEvents()


def test_wheel_over_a_number_field_scrolls_the_checklist_and_leaves_the_value(qtbot, workspace, guarded,
                                                                             english):
    """Scrolling the checklist over 'Beds in use' never answers it; the page scrolls instead."""
    vid = started(workspace, rooms={"slaapkamer_1": "viewed", "woonkamer": "viewed"})
    view = open_view(qtbot, workspace, vid)
    view.go_to_step("checklist")
    page = view.page("checklist")
    spin = find(view, NumberSpin, "answer_bedden_in_gebruik:slaapkamer_1")
    page.focus_item("bedden_in_gebruik", "slaapkamer_1")
    view.step_list.setFocus()  # the inspector's focus is elsewhere: the pointer merely passes over
    bar = page.scroll.verticalScrollBar()
    before = bar.value()
    wheel_over(spin, -3)
    assert spin.number() is None and spin.text() == "–"
    assert bar.value() > before
    assert workspace.visits.answer_map(vid).get("bedden_in_gebruik") in (None, {})


def test_wheel_over_combo_and_spin_in_any_window_changes_nothing_until_focused(qtbot, guarded):
    """Every combo box and spin box in the app, also in dialogs, ignores a passing wheel."""
    box = QWidget()
    lay = QVBoxLayout(box)
    name, combo, spin = QLineEdit(), QComboBox(), QSpinBox()
    combo.addItems(["a", "b", "c"])
    lay.addWidget(name)
    lay.addWidget(combo)
    lay.addWidget(spin)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    name.setFocus()  # typing a name; the pointer rests on the controls below while scrolling
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus == spin.focusPolicy()
    wheel_over(combo, -1)
    wheel_over(spin, 2)
    assert (combo.currentIndex(), spin.value()) == (0, 0)
    spin.setFocus()  # clicked or tabbed into on purpose: now the wheel is the user's intent
    qtbot.waitUntil(spin.hasFocus)
    wheel_over(spin, 2)
    assert spin.value() == 2


def test_click_then_type_in_an_empty_number_field(qtbot, workspace, dutch):
    """A click into an empty number field ('–') and typing '2' gives 2, saved; no '–' to delete first."""
    vid = started(workspace, rooms={"slaapkamer_1": "viewed"})
    view = open_view(qtbot, workspace, vid)
    view.go_to_step("checklist")
    spin = find(view, NumberSpin, "answer_bedden_in_gebruik:slaapkamer_1")
    view.page("checklist").scroll.ensureWidgetVisible(spin)
    assert spin.text() == "–"
    edit = spin.lineEdit()
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() - 4, edit.height() // 2))
    qtbot.keyClicks(spin, "2")  # the spin box, not its inner line edit, has the keyboard focus
    assert spin.text() == "2" and spin.number() == 2
    view.flush()
    qtbot.waitUntil(lambda: workspace.visits.answer_map(vid).get("bedden_in_gebruik") == {"slaapkamer_1": 2})


def answer_tab_stops(start: QWidget, count: int) -> list[str]:
    """The answer inputs Tab reaches from ``start``, in order (the focus chain Qt's Tab follows)."""
    names: list[str] = []
    widget = start.nextInFocusChain()
    while len(names) < count and widget is not start:
        name = widget.objectName()
        tab_stop = widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        if tab_stop and name.startswith("answer_"):
            names.append(name)
        widget = widget.nextInFocusChain()
    return names


def test_per_room_items_come_in_tab_order_where_they_stand(qtbot, workspace, english):
    """Tab from 'Beds in use — Bedroom 1' goes to the next room's beds, then to the item below."""
    vid = started(workspace, rooms={"woonkamer": "viewed", "slaapkamer_1": "viewed"})
    view = open_view(qtbot, workspace, vid)
    view.go_to_step("checklist")
    first = find(view, NumberSpin, "answer_bedden_in_gebruik:woonkamer")
    assert answer_tab_stops(first, 2) == ["answer_bedden_in_gebruik:slaapkamer_1",
                                          "answer_spullen_of_post_van_anderen_ja"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_beds_asked_in_bedrooms_only_and_rooms_named_not_coded(qtbot, workspace, qapp, lang):
    """Hall, kitchen and bathroom are not asked for beds; the still-to-do line names the room."""
    qapp.setProperty("inspector_lang", lang)
    try:
        vid = started(workspace, rooms={"hal": "viewed", "keuken": "viewed", "badkamer": "viewed",
                                        "slaapkamer_1": "viewed"})
        view = open_view(qtbot, workspace, vid)
        view.go_to_step("checklist")
        page = view.page("checklist")
        beds = sorted(room for (item, room), editor in page.editors.items()
                      if item == "bedden_in_gebruik" and not editor.isHidden())
        assert beds == ["slaapkamer_1"]
        messages = [m for m in page.banner.messages if "Bed" in m]
        expected = {"nl": "Verplicht: Bedden in gebruik — Slaapkamer 1",
                    "en": "Required: Beds in use — Bedroom 1"}[lang]
        assert messages == [expected]
        assert not any("slaapkamer_1" in m or "badkamer" in m for m in page.banner.messages)
    finally:
        qapp.setProperty("inspector_lang", "nl")


def test_still_to_do_is_one_stable_line_that_lists_everything_on_demand(qtbot, workspace, english):
    """'Still to do' keeps one small height while answers come in, so nothing moves under the pointer."""
    vid = started(workspace, rooms={"slaapkamer_1": "viewed"})
    view = open_view(qtbot, workspace, vid)
    view.go_to_step("checklist")
    page = view.page("checklist")
    banner = page.banner
    top, height = page.scroll.geometry().top(), banner.height()
    assert banner.isVisible() and height <= 2.2 * banner.fontMetrics().height() + 12
    assert height < 0.08 * page.height()
    count = len(banner.messages)
    assert count > 5 and banner.all_button.text() == f"All ({count})"
    assert [a.text() for a in banner.menu.actions()] == banner.messages
    for item in ("zelfstandige_woonruimte_ja", "kinderspullen_nee"):
        test_ui_visit.click(qtbot, view, QRadioButton, f"answer_{item}")
        qtbot.waitUntil(lambda n=count: len(banner.messages) < n)
        count = len(banner.messages)
        assert (banner.height(), page.scroll.geometry().top()) == (height, top)
    beds = next(a for a in banner.menu.actions() if "Beds in use" in a.text())
    beds.trigger()
    assert view.current_step() == "checklist"
    assert page.editor("bedden_in_gebruik", "slaapkamer_1").spin.hasFocus() or \
        QApplication.focusWidget() is None  # offscreen windows may not take the focus


def test_not_saved_says_why_on_screen_until_a_save_succeeds(qtbot, workspace, english):
    """A failed save shows its reason in a line under the header (not only in a tooltip)."""
    vid = started(workspace)
    view = open_view(qtbot, workspace, vid)
    view.go_to_step("statement")
    workspace.db.execute("PRAGMA query_only = ON")  # the database now refuses every write
    edit = find(view, QPlainTextEdit, "statement_text")
    edit.setFocus()
    qtbot.keyClicks(edit, "Eerste zin.")
    view.flush()
    assert view.save_problem.isVisible()
    assert view.save_problem.text().startswith("Not saved: ") and "read-only" in view.save_problem.text()
    workspace.db.execute("PRAGMA query_only = OFF")
    qtbot.keyClicks(edit, " Tweede.")
    view.flush()
    assert not view.save_problem.isVisible()


def test_next_step_button_at_the_bottom_of_every_step_and_touch_friendly_pages(qtbot, workspace, english):
    """Every step but the last ends in 'Next step: …'; pages flick by touch; answers are finger-sized."""
    vid = started(workspace, rooms={"slaapkamer_1": "viewed"})
    view = open_view(qtbot, workspace, vid)
    steps = view.steps
    for n, step in enumerate(steps[:-1]):
        view.go_to_step(step)
        button = view.page(step).next_button
        assert button.text().startswith("Next step: ") and view.page(steps[n + 1]).title in button.text()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert view.current_step() == steps[n + 1]
    assert not hasattr(view.page(steps[-1]), "next_button")
    view.go_to_step("checklist")
    page = view.page("checklist")
    assert QScroller.hasScroller(page.scroll.viewport())
    answers = [b for b in page.findChildren(QRadioButton) if b.isVisible()]
    assert answers and min(b.height() for b in answers) >= 40


def test_the_clients_name_is_picked_not_typed_again(qtbot, workspace, english):
    """The case's client is one click away under Present; consent 'by whom' picks from who is present."""
    vid = started(workspace)
    workspace.visits.set_present(vid, [])
    view = open_view(qtbot, workspace, vid)
    view.go_to_step("access")
    page = view.page("access")
    suggest = find(view, QPushButton, "present_suggest_0")
    assert suggest.text() == "+ D.A. Jansen (Client)"
    qtbot.mouseClick(suggest, Qt.MouseButton.LeftButton)
    view.flush()
    assert [(p.name, p.role) for p in workspace.visits.get(vid).present] == [("D.A. Jansen", "client")]
    assert view.findChild(QPushButton, "present_suggest_0") is None or \
        not view.findChild(QPushButton, "present_suggest_0").isVisible()  # offered once only
    picker = find(view, QToolButton, "consent_by_pick")
    picker.menu().aboutToShow.emit()
    names = [a.text() for a in picker.menu().actions()]
    assert names == ["D.A. Jansen"]
    page.by.clear()
    picker.menu().actions()[0].trigger()
    assert page.by.text() == "D.A. Jansen"
    view.flush()
    assert workspace.visits.get(vid).consent.by == "D.A. Jansen"


HELPER_SCRIPT = """
import io, sys, time
from PIL import Image
from ui.visit import decoder
buf = io.BytesIO()
Image.new("RGB", (300, 200), "teal").save(buf, "JPEG")
decoder.thumbnail(buf.getvalue())  # starts the helper processes
print(" ".join(str(pid) for pid in decoder._pool._processes), flush=True)
time.sleep(120)
"""


def test_photo_helper_processes_end_when_the_app_is_killed(tmp_path):
    """Killing the app (no clean shutdown) leaves no photo helper process behind."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    app = subprocess.Popen([sys.executable, "-c", HELPER_SCRIPT], stdout=subprocess.PIPE, text=True,
                           env={**os.environ, "PYTHONPATH": str(root)})
    try:
        helpers = [int(pid) for pid in app.stdout.readline().split()]
        assert helpers and all(Path(f"/proc/{pid}").exists() for pid in helpers)
        app.send_signal(signal.SIGKILL)
        app.wait(10)
        deadline = time.monotonic() + 10
        while any(Path(f"/proc/{pid}").exists() and "Z" not in _state(pid) for pid in helpers):
            assert time.monotonic() < deadline, "photo helpers outlived the killed app"
            time.sleep(0.1)
    finally:
        app.kill()


def _state(pid: int) -> str:
    """The process state letter ('Z' for a zombie waiting to be reaped), '' when gone."""
    from pathlib import Path

    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return ""
