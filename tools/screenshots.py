"""Render the main screens with demo data to ``docs/screenshots/*.png`` (``make screenshots``).

Seeds a demo workspace in a temporary folder, opens the screens offscreen at 1366×768 and saves
them: Vandaag, Dossiers with a search, a case's detail, the new-case dialog with inline errors, the
first-run and passphrase dialogs, and — when those parts are present — visit steps and the report.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

SIZE = (1366, 768)
PASSPHRASE = "screenshots-demo-passphrase"  # a throwaway workspace in a temporary folder


def wait_until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    """Process events until ``condition()`` holds (raises TimeoutError after ``timeout`` s)."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the screen did not finish loading")
        QCoreApplication.processEvents()
        time.sleep(0.01)


def settle(runner: object, rounds: int = 5) -> None:
    """Let queued loads finish and paint."""
    for _ in range(rounds):
        wait_until(lambda: runner.pending == 0)  # type: ignore[attr-defined]
        QCoreApplication.processEvents()
        time.sleep(0.02)


def save(widget: QWidget, out: Path, name: str) -> Path:
    QCoreApplication.processEvents()
    path = out / name
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return path


def dialog_shot(dialog: QWidget, out: Path, name: str) -> Path:
    dialog.show()
    dialog.adjustSize()
    QCoreApplication.processEvents()
    path = save(dialog, out, name)
    dialog.close()
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render screenshots of the main screens.")
    parser.add_argument("--lang", default="nl", choices=("nl", "en"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    sys.path.insert(0, str(ROOT / "tools"))
    import build_translations

    if build_translations.stale():
        build_translations.release()

    app = QApplication.instance() or QApplication(["inspector-screenshots"])
    app.setApplicationName("Inspector")
    app.setOrganizationName("Inspector")
    from ui import i18n

    i18n.install_translators(app, args.lang)
    with tempfile.TemporaryDirectory(prefix="inspector-shots-") as tmp:
        shoot(Path(tmp), args.out)
    return 0


def shoot(tmp: Path, out: Path) -> None:
    from inspector import demo
    from inspector.opening import WorkspaceInfo
    from inspector.workspace import Workspace
    from ui.bus import Bus
    from ui.case_dialogs import NewCaseDialog
    from ui.main_window import MainWindow
    from ui.start_dialogs import FirstRunDialog, UnlockDialog
    from ui.tasks import TaskRunner

    ws = Workspace.open(tmp / "ws", PASSPHRASE)
    demo.seed(ws)
    ws.settings.set("municipality", {"name": "Gemeente Demostad", "address": "Postbus 1\n1234 AB Demostad"})
    runner, bus = TaskRunner(), Bus()
    window = MainWindow(ws, runner, bus)
    window.resize(*SIZE)
    window.show()
    wait_until(lambda: window.today.today_model.rowCount() > 0)
    settle(runner)
    save(window, out, "01-vandaag.png")

    window.show_cases()
    wait_until(lambda: window.cases.model.rowCount() > 0)
    settle(runner)
    save(window, out, "02-dossiers.png")

    window.cases.search.setText("coordinatie")
    wait_until(lambda: 0 < window.cases.model.rowCount() < 10)
    settle(runner)
    save(window, out, "03-dossiers-zoeken.png")

    window.cases.search.setText("")
    wait_until(lambda: window.cases.model.rowCount() > 10)
    rows = window.cases.model.records()
    social = next((r for r in rows if r.domain == "sociaal" and r.open_followups), rows[0])
    window.cases.select_case(social.id)
    wait_until(lambda: window.cases.detail.detail is not None
               and window.cases.detail.detail.case.id == social.id)
    settle(runner)
    save(window, out, "04-zaak.png")

    dialog = NewCaseDialog(ws, runner, bus, window)
    for key, value in (("number", "2026-0999"), ("geslachtsnaam", "Berg"), ("voorvoegsel", "van den"),
                       ("voornamen", "Demo"), ("bsn", "123456789"), ("postcode", "1234 SA"),
                       ("huisnummer", "12"), ("straat", "Coördinatiestraat"), ("woonplaats", "Utrecht")):
        dialog.edits[key].setText(value)
    dialog.check_all()
    dialog_shot(dialog, out, "05-nieuwe-zaak-fouten.png")

    first = FirstRunDialog(ws, runner, window)
    dialog_shot(first, out, "06-eerste-start.png")
    unlock = UnlockDialog(WorkspaceInfo(tmp / "nieuw", False, "", True, True), runner, window)
    dialog_shot(unlock, out, "07-wachtwoordzin.png")

    visit_shots(window, ws, runner, out)
    markup_shot(window, ws, runner, out)
    runner.wait()
    window.close()
    ws.close()


def visit_shots(window: object, ws: object, runner: object, out: Path) -> None:
    """Visit steps of a running visit, and the finalized report."""
    running = ws.visits.find(statuses=("in_progress",))  # type: ignore[attr-defined]
    done = ws.visits.find(statuses=("finalized",))  # type: ignore[attr-defined]
    if running:  # a room the checklist did not list, found on the walk-through
        visit = ws.visits.get(running[0].id)  # type: ignore[attr-defined]
        if visit.consent.status == "given" and visit.present:
            room = ws.visits.add_room(visit.id, "", "Zolderkamer", viewed=True)  # type: ignore[attr-defined]
            openers = {**visit.room_openers, room: visit.present[0].name}
            ws.visits.set_room_openers(visit.id, openers)  # type: ignore[attr-defined]
    shots = [(running, ("access", "checklist", "outcome"), "bezoek"),
             (done, ("finalize", "report"), "afgerond")]
    n = 8
    for visits, steps, label in shots:
        if not visits:
            continue
        view = window.open_visit(visits[0].id)  # type: ignore[attr-defined]
        if view is None:
            return
        wait_until(view.is_loaded)
        for step in steps:
            if step not in view.steps:
                print(f"step {step!r} is not in this version")
                continue
            view.go_to_step(step)
            settle(runner, 8)
            shown = {"access": "rooms_box", "outcome": "followups"}.get(step)  # the rooms, with the one
            if shown:  # added; the follow-up actions
                page = view.page(step)
                page.scroll.ensureWidgetVisible(getattr(page, shown), 0, 0)  # type: ignore[attr-defined]
                settle(runner, 4)
            if step == "report":
                time.sleep(1.0)  # the preview renders the PDF on the IO lane
                settle(runner, 8)
            save(window, out, f"{n:02d}-{label}-{step}.png")  # type: ignore[arg-type]
            n += 1


def markup_shot(window: object, ws: object, runner: object, out: Path) -> None:
    """The mark-up editor of a photo of a running visit: an arrow, a circle and a blurred document."""
    from inspector import demo
    from inspector.model import MarkupShape

    running = [v for v in ws.visits.find(statuses=("in_progress",))  # type: ignore[attr-defined]
               if ws.visits.get(v.id).consent.photo_consent]  # type: ignore[attr-defined]
    if not running:
        return
    vid = running[0].id
    photo = ws.visits.add_photo(vid, demo._photo(1, "Woonkamer"),  # type: ignore[attr-defined]  # noqa: SLF001
                                caption="Woonkamer, post op tafel")
    ws.visits.set_markup(photo.id, [  # type: ignore[attr-defined]
        MarkupShape("blur", 250, 250, 5200, 1500, ""),
        MarkupShape("arrow", 3500, 4000, 5900, 5600, "#e00000"),
        MarkupShape("ellipse", 6500, 2500, 9400, 6800, "#ffd400")])
    view = window.open_visit(vid)  # type: ignore[attr-defined]
    if view is None or "photos" not in view.steps:
        return
    wait_until(view.is_loaded)
    view.go_to_step("photos")
    settle(runner, 8)
    page = view.pages["photos"]
    wait_until(lambda: page.model.rowCount() > 0)
    page.select_row(page.model.rowCount() - 1)
    dialog = page.open_markup()
    wait_until(lambda: dialog.canvas.photo is not None)
    settle(runner, 4)
    save(dialog, out, "13-foto-markeren.png")
    dialog.close()


if __name__ == "__main__":
    raise SystemExit(main())
