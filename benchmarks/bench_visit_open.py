"""How long opening a visit blocks the GUI thread, and how fast the first "Opslaan als…" opens.

    .venv/bin/python benchmarks/bench_visit_open.py [--runs 3]

An F3 visit with 40 checklist rows (16 items once + 4 per room in 6 rooms) and 30 photos (imported
the app's way), in a real encrypted workspace. The app's main window opens it the first time and
then shows the checklist, the photos and the report step, while a watchdog timer on the GUI thread
(1 ms interval) records the gaps between its ticks: the longest gap, less the interval, is the
longest time the window could not react (``gui_block_ms``; target < 50 ms), and per step the most
processor time the GUI thread used in one gap (``*_block_cpu_ms``: the app's own work in a block, the
rest being the wait for a core on a loaded machine). Offscreen by default, so painting
costs less than on a real screen. Each run is a fresh process-level first open (new window, new
visit view). Ends with one JSON line of the figures.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import keyring  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402
from PySide6.QtCore import QCoreApplication, QElapsedTimer, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.bench_report import visit_with_rows  # noqa: E402
from inspector.workspace import Workspace  # noqa: E402
from tests.memory_keyring import MemoryKeyring  # noqa: E402

PHOTOS = 30
TARGET_MS = 50


class Watchdog:
    """A 1 ms timer on the GUI thread; the longest gap between two ticks is the longest block.

    It also keeps the most processor time the GUI thread itself used between two ticks
    (``longest_cpu``): on a shared, loaded machine a gap is mostly waiting for a core, and this is the
    part of it that is the app's own work."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._tick)
        self.last = 0
        self.longest = 0.0
        self.cpu = 0.0
        self.longest_cpu = 0.0

    def _tick(self) -> None:
        now, cpu = self.clock.nsecsElapsed(), time.thread_time()
        self.longest = max(self.longest, (now - self.last) / 1e6 - 1.0)
        self.longest_cpu = max(self.longest_cpu, (cpu - self.cpu) * 1000)
        self.last, self.cpu = now, cpu

    def start(self) -> None:
        self.clock.start()
        self.last, self.longest = 0, 0.0
        self.cpu, self.longest_cpu = time.thread_time(), 0.0
        self.timer.start()

    def stop(self) -> float:
        self._tick()
        self.timer.stop()
        return max(0.0, self.longest)


def photos() -> list[bytes]:
    out = []
    for n in range(PHOTOS):
        img = Image.effect_noise((400, 300), 40).convert("RGB").resize((2400, 1800))
        ImageDraw.Draw(img).rectangle((100 + n * 40, 300, 900 + n * 40, 1500), fill=(60 + n * 5, 90, 140))
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=88)
        out.append(buf.getvalue())
    return out


def wait_until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the visit did not finish loading")
        QCoreApplication.processEvents()
        time.sleep(0.001)


def settle(runner: object, seconds: float = 0.3) -> None:
    """Process events until the lanes are idle and nothing happened for a while."""
    end = time.monotonic() + seconds
    while time.monotonic() < end or runner.pending:  # type: ignore[attr-defined]
        QCoreApplication.processEvents()
        time.sleep(0.001)


def open_once(ws: Workspace, vid: str) -> dict[str, float]:
    """A new window opens the visit the first time; GUI blocks while opening and going through steps."""
    from ui.bus import Bus
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner

    runner = TaskRunner()
    window = MainWindow(ws, runner, Bus())
    window.resize(1366, 768)
    window.show()
    wait_until(lambda: window.today.today_model.rowCount() > 0)
    settle(runner)
    dog = Watchdog()
    figures: dict[str, float] = {}
    dog.start()
    t = time.perf_counter()
    view = window.open_visit(vid, "checklist")
    wait_until(lambda: view is not None and view.is_loaded())  # type: ignore[attr-defined]
    settle(runner, 0.5)
    figures["open_ms"] = (time.perf_counter() - t) * 1000
    figures["open_block_ms"] = dog.stop()
    figures["open_block_cpu_ms"] = dog.longest_cpu
    for step in ("photos", "report"):
        dog.start()
        view.go_to_step(step)  # type: ignore[union-attr]
        settle(runner, 1.0 if step == "report" else 0.5)
        figures[f"{step}_block_ms"] = dog.stop()
        figures[f"{step}_block_cpu_ms"] = dog.longest_cpu
    panel = view.page("report").panel  # type: ignore[union-attr]
    dog.start()
    t = time.perf_counter()
    dialog = panel._save_dialog()
    dialog.selectFile(panel.suggested_name())
    dialog.show()
    QCoreApplication.processEvents()
    figures["save_dialog_ms"] = (time.perf_counter() - t) * 1000
    dialog.hide()
    dog.stop()
    runner.wait()
    window.close()
    window.deleteLater()
    QCoreApplication.processEvents()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())
    app = QApplication.instance() or QApplication(["bench"])
    from ui import i18n

    i18n.install_translators(app, "nl")
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.open(Path(tmp) / "ws")
        ws.settings.set_profile("Toezichthouder Demo", "TH-0001")
        vid = visit_with_rows(ws, "BENCH-OPEN")
        for n, data in enumerate(photos(), start=1):
            ws.visits.add_photo(vid, data, caption=f"kamer, overzicht {n}")
        rows = sum(len(v) if isinstance(v, dict) else 1 for v in ws.visits.answer_map(vid).values())
        print(f"visit: {rows} answers, {len(ws.visits.attachments(vid, 'photo'))} photos")
        runs = [open_once(ws, vid) for _ in range(args.runs)]
        ws.close()
    keys = runs[0].keys()
    result = {k: round(max(r[k] for r in runs), 1) for k in keys}
    result["gui_block_ms"] = max(result[k] for k in ("open_block_ms", "photos_block_ms", "report_block_ms"))
    for k in keys:
        print(f"{k:>16}: median {statistics.median(r[k] for r in runs):7.1f}  worst {result[k]:7.1f}")
    print(f"longest GUI-thread block while opening: {result['gui_block_ms']:.1f} ms "
          f"(target < {TARGET_MS} ms)")
    print(json.dumps({"gui_block_ms": result["gui_block_ms"], **{k: result[k] for k in keys},
                      "runs": args.runs}))


if __name__ == "__main__":
    main()
