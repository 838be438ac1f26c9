"""The visit's evidence fields in the window: nothing pre-ticked, observed moments with "Nu" and
correction, the ground's problems while planning, officer roles, who opened each room, the caution's
time, and photo numbers by the moment taken."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPushButton, QRadioButton

from inspector import validation
from inspector.model import Ground, PresentPerson
from tests.test_ui_visit import click, dutch, english, find, open_view, plan, started, type_into  # noqa: F401 - fixtures
from ui.visit.forms import fmt_moment


@pytest.mark.usefixtures("english")
def test_understood_is_not_ticked_before_the_inspector_ticks_it(qtbot, workspace):
    """'The client understood the text' starts unticked and giving consent does not tick it."""
    ws = workspace
    vid = plan(ws)
    ws.visits.start(vid)
    view = open_view(qtbot, ws, vid)
    understood = find(view, QCheckBox, "consent_understood")
    assert not understood.isChecked()
    click(qtbot, view, QCheckBox, "id_shown")
    type_into(qtbot, view, QLineEdit, "consent_by", "Demo A Jansen")
    click(qtbot, view, QRadioButton, "consent_given")
    view.flush()
    assert ws.visits.get(vid).consent.status == "given"
    assert not understood.isChecked() and ws.visits.get(vid).consent.understood is False
    click(qtbot, view, QCheckBox, "consent_understood")
    assert ws.visits.get(vid).consent.understood is True


@pytest.mark.usefixtures("dutch")
def test_moments_are_recorded_with_now_and_corrected_by_typing(qtbot, workspace):
    """"Nu" records the moment; a typed time replaces it when the field is left; nonsense is refused
    inline in Dutch and the typed text stays."""
    ws = workspace
    vid = plan(ws)
    ws.visits.start(vid)
    view = open_view(qtbot, ws, vid)
    assert find(view, QPushButton, "rang_at_now").text() == "Nu"
    click(qtbot, view, QPushButton, "rang_at_now")
    rang = ws.visits.get(vid).rang_at
    assert rang and find(view, QLineEdit, "rang_at_edit").text() == fmt_moment(rang)
    edit = find(view, QLineEdit, "rang_at_edit")
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "20-11-2026 09:58")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    view.flush()
    assert ws.visits.get(vid).rang_at == validation.parse_moment("20-11-2026 09:58")
    assert edit.text() == "20-11-2026 09:58"
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "gisteren")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    view.flush()
    message = view.page("access").moments["rang_at"].message
    assert message.text().startswith("Dit tijdstip wordt niet herkend. Schrijf het als dd-mm-jjjj uu:mm")
    assert edit.text() == "gisteren"
    assert ws.visits.get(vid).rang_at == validation.parse_moment("20-11-2026 09:58")
    trail = [e for e in ws.visits.audit_trail(vid) if e["field"] == "rang_at"]
    assert [e["new"] for e in trail] == [rang, validation.parse_moment("20-11-2026 09:58")]


@pytest.mark.usefixtures("dutch")
def test_preparation_names_what_the_ground_lacks(qtbot, workspace):
    """While the visit is planned, a thin ground is named field by field before the start refuses it."""
    ws = workspace
    vid = plan(ws, ground=False)
    ws.visits.set_ground(vid, Ground(".", "LAA", "2026-11-01", "."))
    view = open_view(qtbot, ws, vid)
    problems = "\n".join(view.page("preparation").banner.messages)
    assert "De feiten van de redelijke grond zijn te summier" in problems
    assert "Waarom een lichter middel niet volstaat is te summier uitgelegd" in problems
    assert "Bron" not in problems and "datum" not in problems
    click(qtbot, view, QPushButton, "start_visit")
    assert "De redelijke grond houdt nog geen stand" in view.page("preparation").start_message.text()
    assert ws.visits.get(vid).status == "planned"


@pytest.mark.usefixtures("english")
def test_officer_role_is_chosen_in_words(qtbot, workspace):
    """Each officer is a supervisory officer or a special investigating officer (boa), stored as such."""
    ws = workspace
    vid = plan(ws)
    view = open_view(qtbot, ws, vid)
    role = find(view, QComboBox, "officers_role_0")
    assert [role.itemText(n) for n in range(role.count())] == [
        "Supervisory officer (toezichthouder)", "Special investigating officer (boa)"]
    role.setCurrentIndex(1)
    view.flush()
    assert [o.role for o in ws.visits.get(vid).officers] == ["boa"]


@pytest.mark.usefixtures("english")
def test_who_opened_each_room_is_picked_from_those_present(qtbot, workspace):
    """Per viewed room a choice of the persons present; a room not viewed has no choice."""
    ws = workspace
    vid = started(ws, rooms={"woonkamer": "viewed", "keuken": "not_applicable"})
    ws.visits.set_present(vid, [PresentPerson("Demo A Jansen", "client"),
                                PresentPerson("Demo Verhuurder", "verhuurder")])
    view = open_view(qtbot, ws, vid)
    opener = find(view, QComboBox, "room_woonkamer_opener")
    assert [opener.itemText(n) for n in range(opener.count())] == [
        "– opened by –", "Demo A Jansen", "Demo Verhuurder"]
    assert not find(view, QComboBox, "room_keuken_opener").isEnabled()
    opener.setCurrentIndex(2)
    opener.activated.emit(2)
    assert ws.visits.get(vid).room_openers == {"woonkamer": "Demo Verhuurder"}
    click(qtbot, view, QRadioButton, "room_woonkamer_refused")
    assert ws.visits.get(vid).room_openers == {}
    assert not opener.isEnabled()


@pytest.mark.usefixtures("english")
def test_identification_time_is_shown_and_corrected(qtbot, workspace):
    """Ticking 'identification shown' records the time, shown in a field that corrects it."""
    ws = workspace
    vid = plan(ws)
    ws.visits.start(vid)
    view = open_view(qtbot, ws, vid)
    assert not find(view, QLineEdit, "id_shown_at_edit").isVisible()
    click(qtbot, view, QCheckBox, "id_shown")
    edit = find(view, QLineEdit, "id_shown_at_edit")
    assert edit.isVisible() and edit.text() == fmt_moment(ws.visits.get(vid).id_shown_at)
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "20-11-2026 10:01")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    view.flush()
    visit = ws.visits.get(vid)
    assert visit.id_shown and visit.id_shown_at == validation.parse_moment("20-11-2026 10:01")


@pytest.mark.usefixtures("english")
def test_caution_time_is_shown_and_corrected(qtbot, workspace):
    """A caution given shows its time, which can be corrected like any observed moment."""
    ws = workspace
    vid = started(ws, rooms={"woonkamer": "viewed"})
    view = open_view(qtbot, ws, vid)
    assert not find(view, QLineEdit, "caution_at_edit").isVisible()
    click(qtbot, view, QRadioButton, "caution_given")
    edit = find(view, QLineEdit, "caution_at_edit")
    assert edit.isVisible() and edit.text() == fmt_moment(ws.visits.get(vid).caution.at)
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "20-11-2026 10:20")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    view.flush()
    caution = ws.visits.get(vid).caution
    assert caution.given and caution.at == validation.parse_moment("20-11-2026 10:20") and caution.text


def _exif_jpeg(path: Path, taken: str) -> Path:
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = taken
    buf = io.BytesIO()
    Image.new("RGB", (400, 300), "teal").save(buf, "JPEG", exif=exif.tobytes())
    path.write_bytes(buf.getvalue())
    return path


@pytest.mark.usefixtures("english")
def test_imported_photos_are_numbered_by_the_moment_taken(qtbot, workspace, tmp_path):
    """Photos chosen in any order are numbered by their EXIF time; the list shows those numbers."""
    ws = workspace
    vid = started(ws)
    view = open_view(qtbot, ws, vid)
    view.go_to_step("photos")
    files = [_exif_jpeg(tmp_path / "late.jpg", "2026:11:20 10:40:00"),
             _exif_jpeg(tmp_path / "early.jpg", "2026:11:20 10:05:00"),
             _exif_jpeg(tmp_path / "middle.jpg", "2026:11:20 10:20:00")]
    page = view.page("photos")
    page.import_files(files)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10_000)
    photos = ws.visits.attachments(vid)
    assert [(p.number, p.taken_at[11:16]) for p in photos] == [(1, "10:05"), (2, "10:20"), (3, "10:40")]
    assert [p.number for p in page.model.photos] == [1, 2, 3]
