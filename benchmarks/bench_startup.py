"""Start-up time of the app on a 10 000-case workspace, next to a bare PySide6 window.

    python benchmarks/bench_startup.py [--cases 10000] [--runs 7]

Both are started the same way: a fresh ``python`` process, offscreen, from compiled bytecode,
timed from just before the process is spawned to the line it prints when its window is up and
taking input (``SHOWN``); for the app also when the encrypted workspace is unlocked and open behind
the window (``OPENED``) and when the first page shows its data (``READY``: Vandaag from a
10 000-case database). The target is app/bare ≤ 1.5 for the interactive window.

The workspace key lives in a real Secret Service: when no D-Bus session is running, the script
re-runs itself inside ``dbus-run-session`` with an unlocked ``gnome-keyring-daemon`` (as the
keyring integration test does), so the app opens without a passphrase dialog, as on a desktop.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE_WINDOW = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setCentralWidget(QLabel("Inspector"))
    window.resize(1366, 768)
    window.show()
    def shown():
        print("SHOWN", flush=True)
        print("READY", flush=True)
        app.quit()
    QTimer.singleShot(0, shown)
    sys.exit(app.exec())
""")

STREETS = ["Coördinatiestraat", "Kerkstraat", "Dorpsweg", "Stationsplein", "Lindelaan", "IJsselkade"]
SURNAMES = [("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("", "Bakker"), ("", "Öztürk")]


def in_keyring_session(argv: list[str]) -> bool:
    """Re-run inside a private D-Bus session with gnome-keyring; True when this process did so."""
    if os.environ.get("INSPECTOR_BENCH_SESSION") or os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return False
    if not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")):
        return False
    home = Path(tempfile.mkdtemp(prefix="inspector-bench-home-"))
    (home / "run").mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_RUNTIME_DIR": str(home / "run"),
           "INSPECTOR_BENCH_SESSION": "1"}
    shell = ('echo -n "bench-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; '
             'exec "$0" "$@"')
    try:
        code = subprocess.call(["dbus-run-session", "--", "bash", "-c", shell, sys.executable,
                                str(Path(__file__).resolve()), *argv], env=env)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    raise SystemExit(code)


def seed(directory: Path, cases: int) -> float:
    """A workspace with ``cases`` cases (address, client) and ~300 visits, bulk-inserted; seconds taken."""
    from inspector import validation
    from inspector.store import search
    from inspector.workspace import Workspace

    start = time.perf_counter()
    ws = Workspace.open(directory)
    ws.settings.set_profile("Toezichthouder Bench", "TH-0001", "Team Centrum")
    now = "2026-01-01T00:00:00Z"
    meta = {"rev": 0, "dirty": 1, "dirty_fields": "[]", "modified_at": now,
            "modified_by": "Toezichthouder Bench", "deleted": 0}
    today = date.today()
    addresses, rows, persons, visits = [], [], [], []
    for i in range(cases):
        aid, cid = str(uuid.uuid4()), str(uuid.uuid4())
        prefix, surname = SURNAMES[i % len(SURNAMES)]
        addresses.append({"id": aid, "postcode": f"{1000 + i % 8999}AB", "huisnummer": 1 + i % 300,
                          "straat": STREETS[i % len(STREETS)], "woonplaats": "Utrecht", **meta})
        rows.append({"id": cid, "number": f"BENCH-{i:06d}", "domain": ("sociaal", "fysiek", "oov")[i % 3],
                     "address_id": aid, "title": "Bench", "team": "Team Centrum", **meta})
        persons.append({"id": str(uuid.uuid4()), "case_id": cid, "role": "client",
                        "bsn": validation.make_test_bsn(i % 9000), "voornamen": f"Demo {chr(65 + i % 26)}",
                        "voorvoegsel": prefix, "geslachtsnaam": surname, **meta})
        if i % 33 == 0:
            day = today + timedelta(days=i % 7)
            visits.append({"id": str(uuid.uuid4()), "case_id": cid, "template_id": ("S1", "F2", "O2")[i % 3],
                           "template_version": 1, "status": "planned",
                           "planned_at": f"{day.isoformat()}T{9 + i % 8:02d}:00", **meta})
    with ws.repo.transaction():
        for table, data in (("addresses", addresses), ("cases", rows), ("persons", persons),
                            ("visits", visits)):
            ws.db[table].insert_all(data, batch_size=1000)
        search.reindex_all(ws.db)
    ws.close()
    return time.perf_counter() - start


def timed_start(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    """Spawn ``cmd``; seconds from spawn to each marker line it prints, and its CPU seconds ("cpu")."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            cwd=ROOT)
    marks: dict[str, float] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        word = line.strip()
        if word in ("SHOWN", "OPENED", "READY"):
            marks[word] = time.perf_counter() - start
    err = proc.stderr.read() if proc.stderr else ""
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 or "READY" not in marks:
        raise RuntimeError(f"{cmd[1]} failed ({proc.returncode}): {err[-2000:]}")
    marks["cpu"] = usage.ru_utime + usage.ru_stime
    return marks


def core_figures(directory: Path) -> dict[str, float]:
    """In-process: opening, the full case list and a search on the seeded workspace."""
    from inspector.workspace import Workspace

    t0 = time.perf_counter()
    ws = Workspace.open(directory)
    t1 = time.perf_counter()
    rows = ws.cases.find()
    t2 = time.perf_counter()
    found = ws.cases.find("coordinatie 1")
    t3 = time.perf_counter()
    ws.close()
    return {"open": t1 - t0, "list_all": t2 - t1, "search": t3 - t2, "rows": len(rows), "found": len(found)}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    in_keyring_session(argv)

    from inspector import credentials

    if not credentials.secure_keyring_available():
        print("no secure keyring (and no gnome-keyring to start one): cannot open the app without a "
              "passphrase dialog, so no start-up figures", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="inspector-bench-") as tmp:
        directory = Path(tmp) / "ws"
        seconds = seed(directory, args.cases)
        print(f"seeded {args.cases} cases in {seconds:.1f} s (bulk insert + search index); "
              f"keyring: {credentials.keyring_name()}")
        core = core_figures(directory)
        print(f"core: open {core['open'] * 1000:.0f} ms · list of all {core['rows']} cases "
              f"{core['list_all'] * 1000:.0f} ms · search 'coordinatie 1' ({core['found']} hits) "
              f"{core['search'] * 1000:.1f} ms")
        # Like an installed app, both run from compiled bytecode: the warm-up run writes it to a
        # temporary cache (PYTHONPYCACHEPREFIX), not into the source tree.
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "INSPECTOR_QUIT_WHEN_READY": "1",
               "INSPECTOR_LANG": "nl", "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pycache")}
        env.pop("INSPECTOR_WORKSPACE", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        app_cmd = [sys.executable, str(ROOT / "main.py"), "--workspace", str(directory)]
        bare_cmd = [sys.executable, "-c", BARE_WINDOW]
        timed_start(app_cmd, env)  # warm the file cache and the .pyc files once, for both
        timed_start(bare_cmd, env)
        app_runs, bare_runs = [], []
        for _ in range(args.runs):
            bare_runs.append(timed_start(bare_cmd, env))
            app_runs.append(timed_start(app_cmd, env))
    def med(runs: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in runs)

    def low(runs: list[dict[str, float]], key: str) -> float:
        return min(r[key] for r in runs)

    bare, bare_min = med(bare_runs, "READY"), low(bare_runs, "READY")
    shown, shown_min = med(app_runs, "SHOWN"), low(app_runs, "SHOWN")
    ready, ready_min = med(app_runs, "READY"), low(app_runs, "READY")
    opened = med(app_runs, "OPENED")
    print(f"{args.runs} runs each, wall time from spawn (median / best); CPU of the whole process (median)")
    print(f"  bare PySide6 window:            {bare * 1000:5.0f} / {bare_min * 1000:4.0f} ms   "
          f"cpu {med(bare_runs, 'cpu') * 1000:4.0f} ms")
    print(f"  app window shown (interactive): {shown * 1000:5.0f} / {shown_min * 1000:4.0f} ms   "
          f"= {shown / bare:.2f} x / {shown_min / bare_min:.2f} x bare")
    print(f"  app workspace unlocked, opened: {opened * 1000:5.0f} ms (median)")
    print(f"  app with Vandaag loaded:        {ready * 1000:5.0f} / {ready_min * 1000:4.0f} ms   "
          f"= {ready / bare:.2f} x / {ready_min / bare_min:.2f} x bare   "
          f"cpu {med(app_runs, 'cpu') * 1000:4.0f} ms")
    print(f"  target: window shown within 1.5 x bare -> "
          f"{'met' if shown_min / bare_min <= 1.5 else 'NOT met'} (best runs), "
          f"{'met' if shown / bare <= 1.5 else 'NOT met'} (medians)")
    print(json.dumps({"cases": args.cases, "runs": args.runs, "bare_ms": round(bare * 1000),
                      "app_shown_ms": round(shown * 1000), "app_ready_ms": round(ready * 1000),
                      "startup_ratio": round(shown / bare, 2),
                      "ratio_shown_best": round(shown_min / bare_min, 2),
                      "ratio_ready": round(ready / bare, 2), "target_ratio": 1.5}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
