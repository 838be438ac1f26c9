"""The report panel driven through real widgets: autosave, text blocks, the QtPdf preview, export."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTranslator
from PySide6.QtPdf import QPdfDocument

from inspector import demo
from inspector.model import Changes
from ui.bus import Bus
from ui.report_panel import REFRESH_MS, ReportPanel
from ui.tasks import SyncTaskRunner, TaskRunner

ROOT = Path(__file__).resolve().parent.parent
TS_FILE = ROOT / "resources" / "translations" / "report_nl.ts"
LRELEASE = Path(sys.executable).parent / "pyside6-lrelease"


@pytest.fixture
def seeded(workspace):
    """The test workspace with 5 demo cases: one finalized visit, one in progress, three planned."""
    demo.seed(workspace, cases=5, photos=False)
    return workspace


@pytest.fixture
def runner(qapp):
    """The real background lanes; the test ends only when they are idle."""
    tasks = TaskRunner()
    yield tasks
    assert tasks.wait(30_000)


def visit_of(ws, status: str) -> str:
    return ws.visits.find(statuses=(status,))[0].id


def make_panel(qtbot, ws, tasks, visit_id: str) -> ReportPanel:
    panel = ReportPanel(ws, tasks, Bus())
    qtbot.addWidget(panel)
    panel.resize(1200, 800)
    panel.show()
    panel.set_visit(visit_id)
    qtbot.waitUntil(lambda: panel.state is not None and panel.busy_jobs == 0 and tasks.pending == 0,
                    timeout=20_000)
    return panel


def test_typing_in_summary_autosaves_once_after_a_pause(qtbot, seeded, runner):
    """Typing in the summary saves it to the workspace, once, after typing pauses."""
    vid = visit_of(seeded, "in_progress")
    panel = make_panel(qtbot, seeded, runner, vid)
    panel.summary_edit.clear()
    qtbot.waitUntil(lambda: runner.pending == 0 and panel.save_state.text() == "Saved", timeout=10_000)
    before = len([a for a in seeded.visits.audit_trail(vid) if a["field"] == "summary"])
    qtbot.keyClicks(panel.summary_edit, "Bewoner was thuis, 12 euro contant.")
    assert panel.save_state.text() == "Changes not saved yet…"
    qtbot.waitUntil(lambda: runner.pending == 0 and panel.save_state.text() == "Saved", timeout=10_000)
    assert seeded.visits.get(vid).summary == "Bewoner was thuis, 12 euro contant."
    after = len([a for a in seeded.visits.audit_trail(vid) if a["field"] == "summary"])
    assert after - before == 1


def test_inserting_a_text_block_fills_placeholders(qtbot, seeded):
    """Insert puts the chosen block at the cursor with the client's name, address, date filled in."""
    tasks = SyncTaskRunner()
    vid = visit_of(seeded, "in_progress")
    panel = make_panel(qtbot, seeded, tasks, vid)
    context = panel.state.context
    ids = [panel.blocks.item(i).data(Qt.ItemDataRole.UserRole).id for i in range(panel.blocks.count())]
    assert ids[:2] == ["algemeen_met_toestemming", "algemeen_geweigerd"]
    panel.summary_edit.setPlainText("Verslag:")
    panel.summary_edit.setFocus()
    panel.summary_edit.moveCursor(panel.summary_edit.textCursor().MoveOperation.End)
    panel.blocks.setCurrentRow(0)
    qtbot.mouseClick(panel.insert_button, Qt.MouseButton.LeftButton)
    text = panel.summary_edit.toPlainText()
    assert text.startswith(f"Verslag: Op {context['date']} is door {context['inspector']} een bezoek "
                           f"afgelegd aan {context['address']} in het kader van zaak "
                           f"{context['case_number']}")
    assert context["client_name"] in text
    assert "{" not in text
    panel.flush()
    assert seeded.visits.get(vid).summary == text


def test_preview_loads_a_real_pdf(qtbot, seeded, runner):
    """The preview document reaches Ready with the report's pages; the busy indicator goes away."""
    vid = visit_of(seeded, "in_progress")
    panel = make_panel(qtbot, seeded, runner, vid)
    qtbot.waitUntil(lambda: panel.document.status() == QPdfDocument.Status.Ready, timeout=20_000)
    assert panel.document.pageCount() >= 1
    assert not panel.busy.isVisibleTo(panel)
    assert "Rapport van bevindingen" in panel.document.getAllText(0).text()


def test_stale_previews_are_dropped(qtbot, seeded, runner):
    """Three refreshes in a row render once: the older ones are overtaken before their render."""
    vid = visit_of(seeded, "in_progress")
    panel = make_panel(qtbot, seeded, runner, vid)
    loads = []
    panel.preview_updated.connect(loads.append)
    for _ in range(3):
        panel.refresh_preview()
    assert panel.busy.isVisibleTo(panel)
    qtbot.waitUntil(lambda: panel.busy_jobs == 0 and runner.pending == 0, timeout=20_000)
    qtbot.wait(50)
    assert len(loads) == 1


def test_the_preview_shows_the_page_of_the_part_being_edited(qtbot, seeded, runner):
    """With a summary of several pages, focusing the conclusion shows the page that prints it and
    focusing the summary the page where it starts, as the renderer placed them."""
    vid = visit_of(seeded, "in_progress")
    seeded.visits.set_report_text(vid, summary=" ".join(f"Bevinding {n} in de keuken." for n in range(500)),
                                  conclusion="Hercontrole over zes weken afgesproken.")
    panel = make_panel(qtbot, seeded, runner, vid)
    qtbot.waitUntil(lambda: panel.document.status() == QPdfDocument.Status.Ready, timeout=20_000)
    pages = [" ".join(panel.document.getAllText(p).text().split()) for p in range(panel.document.pageCount())]
    summary_page = next(n for n, text in enumerate(pages) if "Bevinding 0 in de keuken." in text)
    conclusion_page = next(n for n, text in enumerate(pages) if "Hercontrole over zes weken" in text)
    assert conclusion_page > summary_page
    panel.follow("conclusion")  # what focusing the editor does (offscreen windows may not take focus)
    assert panel.view.pageNavigator().currentPage() == conclusion_page
    panel.follow("summary")
    assert panel.view.pageNavigator().currentPage() == summary_page
    panel.follow("conclusion")
    loads = []
    panel.preview_updated.connect(loads.append)
    panel.refresh_preview()  # a new preview keeps showing the part being edited
    qtbot.waitUntil(lambda: bool(loads) and panel.busy_jobs == 0, timeout=20_000)
    assert panel.view.pageNavigator().currentPage() == conclusion_page


def test_finalized_visit_is_read_only(qtbot, seeded, runner):
    """A finalized visit's editors are read-only, Insert is off, and its preview still shows."""
    vid = visit_of(seeded, "finalized")
    panel = make_panel(qtbot, seeded, runner, vid)
    summary = seeded.visits.get(vid).summary
    assert panel.summary_edit.isReadOnly() and panel.conclusion_edit.isReadOnly()
    assert not panel.insert_button.isEnabled()
    assert panel.locked_note.isVisibleTo(panel)
    qtbot.keyClicks(panel.summary_edit, "extra")
    assert panel.summary_edit.toPlainText() == summary
    qtbot.waitUntil(lambda: panel.document.status() == QPdfDocument.Status.Ready, timeout=20_000)


def test_finalizing_elsewhere_makes_the_editors_read_only(qtbot, seeded, runner):
    """When the visit is finalized in another view, the bus tells the panel and it locks its editors."""
    vid = visit_of(seeded, "in_progress")
    panel = make_panel(qtbot, seeded, runner, vid)
    assert not panel.summary_edit.isReadOnly()
    seeded.visits.finalize(vid)
    panel.bus.emit_changes(Changes.VISITS)
    qtbot.waitUntil(lambda: panel.summary_edit.isReadOnly() and panel.locked_note.isVisibleTo(panel),
                    timeout=10_000)
    qtbot.waitUntil(lambda: panel.busy_jobs == 0 and runner.pending == 0, timeout=20_000)
    assert "CONCEPT" not in panel.document.getAllText(0).text()


def test_hidden_panel_renders_only_when_shown_again(qtbot, seeded, runner):
    """Changes while the panel is hidden cost no render; showing it brings the preview up to date."""
    vid = visit_of(seeded, "in_progress")
    panel = make_panel(qtbot, seeded, runner, vid)
    loads = []
    panel.preview_updated.connect(loads.append)
    panel.hide()
    panel.bus.emit_changes(Changes.ANSWERS)
    panel.bus.emit_changes(Changes.ATTACHMENTS)
    qtbot.wait(REFRESH_MS + 200)
    assert loads == [] and panel.busy_jobs == 0
    panel.show()
    qtbot.waitUntil(lambda: len(loads) == 1 and panel.busy_jobs == 0, timeout=20_000)


def test_set_read_only_locks_editors_and_insert(qtbot, seeded):
    """The visit view can make the panel read-only (while finalizing) and release it again."""
    vid = visit_of(seeded, "in_progress")
    panel = make_panel(qtbot, seeded, SyncTaskRunner(), vid)
    panel.set_read_only(True)
    assert panel.summary_edit.isReadOnly() and not panel.insert_button.isEnabled()
    panel.set_read_only(False)
    assert not panel.summary_edit.isReadOnly() and panel.insert_button.isEnabled()


def test_export_writes_the_report_in_the_chosen_language(qtbot, seeded, runner, tmp_path):
    """Save as (here export_to) writes the PDF on the IO lane in the language chosen."""
    vid = visit_of(seeded, "finalized")
    panel = make_panel(qtbot, seeded, runner, vid)
    panel.language.setCurrentIndex(panel.language.findData("en"))
    target = tmp_path / panel.suggested_name()
    assert target.name.startswith("rapport-DEMO-") and target.name.endswith(f"-{vid[-8:]}.pdf")
    with qtbot.waitSignal(panel.exported, timeout=20_000) as signal:
        panel.export_to(str(target))
    assert signal.args == [str(target)]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "Report of findings" in text
    assert seeded.visits.get(vid).fingerprint in text


def test_dutch_translations_are_complete_and_compile(qapp, tmp_path):
    """report_nl.ts translates every string of the panel and compiles; "Save &as…" is Dutch."""
    root = ElementTree.parse(TS_FILE).getroot()
    messages = root.findall(".//context[name='ReportPanel']/message")
    assert len(messages) >= 20
    for message in messages:
        translation = message.find("translation")
        assert translation is not None and translation.text and translation.get("type") is None, \
            message.findtext("source")
    qm = tmp_path / "report_nl.qm"
    subprocess.run([str(LRELEASE), str(TS_FILE), "-qm", str(qm)], check=True, capture_output=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("ReportPanel", "Save &as…") == "Opslaan &als…"
    assert translator.translate("ReportPanel", "Saved") == "Opgeslagen"


def test_the_lanes_hand_the_interpreter_back_to_the_window_within_a_millisecond(qapp) -> None:
    """A preview rendered on a lane holds Python's interpreter lock; each time the GUI thread returns
    from Qt it waits for the lane's switch interval (5 ms by default, which made the Rapport step block
    70-85 ms for 25 ms of its own work). The app's lanes shorten it to 1 ms."""
    sys.setswitchinterval(0.005)
    try:
        runner = TaskRunner()
        assert sys.getswitchinterval() <= 0.001
        runner.wait()
    finally:
        sys.setswitchinterval(0.001)
