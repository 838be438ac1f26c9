"""Photo mark-up: how long does rendering a marked-up print take, and is the GUI thread blocked while
the mark-up editor opens a large photo?

Imports a camera-like 4000×3000 JPEG (stored at 2560 px), renders its 1280 px print version with an
arrow, a circle and a blurred region (``inspector.markup.render``, what the report does per marked-up
photo), then opens the editor on a real VisitView (real TaskRunner, offscreen) five times and measures
how long until the photo shows and the longest gap between ticks of a 5 ms GUI-thread timer meanwhile.
Target: the GUI thread never blocked for 50 ms or more.

    .venv/bin/python benchmarks/bench_markup.py
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_photo_import import TARGET_MS, StallMeter, make_photos  # noqa: E402

from inspector import attachments, markup  # noqa: E402
from inspector.model import MarkupShape  # noqa: E402

SHAPES = [MarkupShape("blur", 5000, 1000, 9000, 4000, ""),
          MarkupShape("arrow", 1000, 8000, 4000, 5500, "#e00000"),
          MarkupShape("ellipse", 1500, 1500, 3500, 3500, "#ffd400")]
OPENS = 5


def render_ms(stored: bytes, runs: int = 10) -> float:
    printed = attachments.print_version(stored, 1280, 80)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        markup.render(printed, SHAPES, 80)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def pump(app: object) -> None:
    """Deliver pending events, then wait a moment. (Not ``processEvents(flags, maxtime)``: PySide6's
    overload with a time releases a reference to None on each call, and a few thousand calls crash.)"""
    app.processEvents()  # type: ignore[attr-defined]
    time.sleep(0.002)


def editor_opens(work: Path, photo: Path) -> tuple[list[float], list[float], list[float], float]:
    """Open the editor ``OPENS`` times: ms until the photo shows, the longest GUI-thread gap in ms and
    the most processor time the GUI thread used in one gap (its own work; the rest of a gap is the wait
    for a core on a loaded machine), each time; and the longest gap while the window was idle for 3 s
    before."""
    from PySide6.QtWidgets import QApplication

    from inspector.workspace import Workspace
    from ui.bus import Bus
    from ui.tasks import TaskRunner
    from ui.visit import VisitView

    app = QApplication.instance() or QApplication([])
    ws = Workspace.open(work / "ws", passphrase="benchmark-passphrase")
    ws.settings.set_profile("Toezichthouder Test", "TH-0042", "Team Zuid")
    case = ws.cases.create("BENCH-1", "oov", postcode="3511AB", huisnummer="1", straat="Kerkstraat",
                          woonplaats="Utrecht")
    ws.cases.add_person(case.id, "Jansen", voornamen="Demo A")
    vid = ws.visits.plan(case.id, "O2").id
    ws.visits.start(vid)
    ws.visits.record_id_shown(vid)
    ws.visits.record_consent(vid, "given", "Demo A Jansen", photo_consent=True)
    shot = ws.visits.add_photo(vid, photo)
    ws.visits.set_markup(shot.id, SHAPES)
    runner = TaskRunner()
    view = VisitView(ws, runner, Bus(), vid)
    view.resize(1366, 768)
    view.show()
    while not view.is_loaded():
        pump(app)
    view.go_to_step("photos")
    page = view.page("photos")
    while page.model.rowCount() == 0 or runner.pending:
        pump(app)
    page.select_row(0)
    idle = StallMeter()  # the same meter on the idle window first: the noise floor of this machine
    idle.start()
    end = time.perf_counter() + 3
    while time.perf_counter() < end:
        pump(app)
    idle_gap = idle.stop()
    shown, gaps, cpu = [], [], []
    for _ in range(OPENS):
        meter = StallMeter()
        meter.start()
        start = time.perf_counter()
        dialog = page.open_markup()
        assert dialog is not None
        while dialog.canvas.photo is None:
            pump(app)
        shown.append((time.perf_counter() - start) * 1000)
        end = time.perf_counter() + 0.1  # and the first paints after it
        while time.perf_counter() < end:
            pump(app)
        gaps.append(meter.stop())
        cpu.append(meter.max_cpu)
        dialog.reject()
        app.processEvents()
    view.close()
    runner.wait()
    ws.close()
    return shown, gaps, cpu, idle_gap


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="bench_markup_"))
    try:
        [photo] = make_photos(work / "photos", 1)
        stored = attachments.import_photo(photo).data
        render = render_ms(stored)
        shown, gaps, cpu, idle = editor_opens(work, photo)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    verdict = "OK" if max(gaps) < TARGET_MS else "TOO SLOW"
    print(f"mark-up render of a 1280 px print (arrow, circle, blur): {render:.1f} ms (median of 10)")
    print(f"editor opening a 2560 px photo: shown after {min(shown):.0f}–{max(shown):.0f} ms; longest "
          f"GUI-thread gap {max(gaps):.1f} ms (target < {TARGET_MS:.0f} ms: {verdict}; the same window idle "
          f"for 3 s: {idle:.1f} ms); the GUI thread's own work in one gap at most {max(cpu):.1f} ms")
    print(json.dumps({"markup_render_ms": round(render, 1),
                      "editor_shown_ms": round(statistics.median(shown)),
                      "editor_gui_block_ms": round(max(gaps), 1), "editor_gui_cpu_ms": round(max(cpu), 1),
                      "idle_block_ms": round(idle, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
