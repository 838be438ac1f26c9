"""Print versions in the app: made when a photo is imported on the photo page, made in the background
for photos that came without one, and kept after a report preview had to make them; all off the
GUI thread, through the real lanes and photo helper processes."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PIL import Image

from inspector import attachments
from inspector.attachments import ImportedImage, sha256_hex
from inspector.report.pdf import clear_print_cache
from inspector.workspace import Workspace
from tests import test_ui_visit
from tests.test_print_versions import photo, stored, visit_with_photos
from tests.test_report_ui import make_panel
from tests.test_ui_shell import make_window, on_db
from tests.test_ui_visit import open_view, started
from ui.print_versions import PrintFiller
from ui.tasks import TaskRunner

english = test_ui_visit.english  # the fixture: the app in English


@pytest.fixture
def runner(qapp):
    """The real background lanes; the test ends only when they are idle."""
    tasks = TaskRunner()
    yield tasks
    assert tasks.wait(30_000)


def test_photo_imported_on_the_photo_page_gets_its_print_version(qtbot, workspace: Workspace, runner,
                                                                  tmp_path: Path, english) -> None:
    """A photo imported in the visit is stored with its print version (made in a helper process),
    the same bytes as one made from the stored photo later."""
    vid = started(workspace)
    path = tmp_path / "woonkamer.jpg"
    path.write_bytes(photo(1, (3000, 2250)))
    view = open_view(qtbot, workspace, vid, runner)
    view.go_to_step("photos")
    page = view.page("photos")
    page.import_files([path])
    qtbot.waitUntil(lambda: page.importer.done == 1 and page.model.rowCount() == 1, timeout=20_000)
    assert runner.wait(10_000)
    [attachment] = workspace.visits.attachments(vid)
    row = stored(workspace)[attachment.sha256]
    original = workspace.visits.blob(attachment.sha256)
    assert original is not None
    assert attachments.make_print_version(original, attachment.width, attachment.height, 1600,
                                          80).data == row["data"]
    view.close()
    assert runner.wait(10_000)


def test_filler_makes_missing_print_versions_off_the_gui_thread(qtbot, workspace: Workspace, runner,
                                                               monkeypatch) -> None:
    """Photos stored without one (as a pull brings them) get their print versions from the filler;
    started again while busy, it looks once more when done; the GUI thread decodes nothing."""
    vid, _photos = visit_with_photos(workspace, 1)
    for n in range(8):  # more than one batch
        data = photo(20 + n, (1600, 1200))
        workspace.visits.add_imported_photo(vid, ImportedImage(data, sha256_hex(data), "image/jpeg",
                                                               1600, 1200, None))
    workspace.settings.set("report_photo_max_side", 1000)
    gui = threading.get_ident()
    decoded_on: set[int] = set()
    load = Image.Image.load

    def watched(self: Image.Image) -> object:
        decoded_on.add(threading.get_ident())
        return load(self)

    monkeypatch.setattr(Image.Image, "load", watched)
    filler = PrintFiller(workspace, runner)
    filler.start()
    filler.start()
    qtbot.waitUntil(lambda: not filler.busy and runner.pending == 0, timeout=30_000)
    assert filler.made == 9 and workspace.prints.missing() == []
    sides = {sha: r["side"] for sha, r in stored(workspace, 1000).items()}
    assert sorted(sides.values()) == [800] * 8 + [1000]  # 1600 px photos at 1/2; the 2560 px one resampled
    assert gui not in decoded_on


def test_report_preview_keeps_the_print_versions_it_made(qtbot, workspace: Workspace, runner) -> None:
    """A preview of a visit whose photos have no print version (the print size changed) makes them once
    and stores them: the next report reads them instead of the photos."""
    vid, photos = visit_with_photos(workspace)
    workspace.settings.set("report_photo_max_side", 1200)
    clear_print_cache()
    make_panel(qtbot, workspace, runner, vid)
    qtbot.waitUntil(lambda: runner.pending == 0 and len(stored(workspace, 1200)) == 2, timeout=20_000)
    data = workspace.reports.collect(vid)
    assert all(p.printed is not None and p.data == b"" for p in data.photos)
    assert {p.sha256 for p in data.photos} == {p.sha256 for p in photos}


def test_window_makes_print_versions_when_sync_is_wired_and_after_each_sync(qtbot, workspace: Workspace,
                                                                           runner) -> None:
    """The main window fills in missing print versions in the background once sync is in place, and
    again after every sync (photos a pull brought from another laptop)."""
    vid, _photos = visit_with_photos(workspace, 1)

    def pulled(n: int) -> str:
        data = photo(40 + n, (1600, 1200))
        image = ImportedImage(data, sha256_hex(data), "image/jpeg", 1600, 1200, None)
        return workspace.visits.add_imported_photo(vid, image).sha256

    first = pulled(1)
    window = make_window(qtbot, workspace, runner)
    qtbot.waitUntil(lambda: window.sync is not None, timeout=10_000)
    qtbot.waitUntil(lambda: runner.pending == 0 and first in stored(workspace), timeout=20_000)
    runner.wait()
    second = on_db(runner, lambda: pulled(2))
    window.sync.finished.emit(True)
    qtbot.waitUntil(lambda: runner.pending == 0 and second in stored(workspace), timeout=20_000)
    assert on_db(runner, workspace.prints.missing) == []
    window.sync.stop()
