"""How fast a visit is finalized (frozen, fingerprinted, signed) and verified. Prints figures only.

    .venv/bin/python benchmarks/bench_evidence.py [--runs 9]

An F3 visit with 40 checklist rows and 30 photos (4000×3000 originals, stored the way the app does
at 2560 px), in a real SQLCipher workspace:
  - finalize: build the document, canonical bytes, SHA-256, Ed25519 signature, write (target < 100 ms);
  - verify: fingerprint, the laptop's signature and the receipt, as ``inspector verify`` checks them
    (target < 20 ms), and the same with every photo read back and hashed;
  - the check a laptop makes of each finalized visit it pulls (fingerprint and the laptop's signature);
  - with ``--pull N``: N such visits finalized on one laptop and pulled by another through a real server
    (uvicorn on loopback, SQLite), against the same number of visits in progress.
The last line is a JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import keyring  # noqa: E402

from benchmarks.bench_report import originals, visit_with_rows  # noqa: E402
from inspector import attachments, evidence  # noqa: E402
from inspector.workspace import Workspace  # noqa: E402
from tests.memory_keyring import MemoryKeyring  # noqa: E402


def median_ms(fn: Any, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def ready_visit(ws: Workspace, n: int, photos: list[attachments.ImportedImage]) -> str:
    """A complete visit with 40 report rows and 30 photos, ready to finalize."""
    vid = visit_with_rows(ws, f"BENCH-{n:03d}")
    for k, image in enumerate(photos):
        ws.visits.add_imported_photo(vid, image, caption=f"Ruimte {k + 1}, overzicht")
    ws.visits.record_statement(vid, "Ik woon hier sinds twee jaar.", read_back=True,
                               not_signed_reason="Wilde eerst overleggen.")
    tpl = ws.visits.template(ws.visits.get(vid))
    ws.visits.set_outcome(vid, tpl.outcomes[0].code, toe_causes=["T1"], lhs_cell="B2")
    assert ws.visits.missing(vid) == [], ws.visits.missing(vid)
    return vid


def measure_pull(tmp: Path, count: int, photos: list[attachments.ImportedImage],
                 figures: dict[str, Any]) -> None:
    """``count`` finalized visits and ``count`` visits in progress, each pulled by a fresh laptop."""
    from inspector.server import admin
    from inspector.server.app import create_app
    from tests.servers import ServerThread

    app = create_app(f"sqlite:///{tmp / 'server.db'}")
    for team in ("in_progress", "finalized"):  # one team each: each laptop pulls only its own kind
        admin.add_team(app.state.db, team)
        admin.add_user(app.state.db, team, "wachtwoord-bench-1", "inspector", [team], time_cost=1,
                       memory_cost=1024)
    thread = ServerThread(app).start()
    try:
        for finalized in (False, True):
            name = "finalized" if finalized else "in_progress"
            source = Workspace.open(tmp / f"source-{finalized}")
            source.settings.set_profile("Toezichthouder Bench", "TH-0001", name)
            source.sync.login(thread.url, name, "wachtwoord-bench-1")
            for n in range(count):
                vid = ready_visit(source, 1000 * finalized + n, photos[:3])
                if finalized:
                    source.visits.finalize(vid)
            source.sync.run()
            target = Workspace.open(tmp / f"target-{finalized}")
            target.settings.set_profile("Toezichthouder Bench", "TH-0002", name)
            target.sync.login(thread.url, name, "wachtwoord-bench-1")
            started = time.perf_counter()
            result = target.sync.run()
            seconds = time.perf_counter() - started
            figures[f"pull_{name}_s"] = seconds
            figures[f"pull_{name}_records_per_s"] = result.pulled / seconds
            print(f"pull of {count} visits {name.replace('_', ' ')} (3 photos each, {result.pulled} records "
                  f"with their cases, answers and photos): {seconds:.2f} s, "
                  f"{result.pulled / seconds:.0f} records/s", flush=True)
            source.close()
            target.close()
    finally:
        thread.stop()
        app.state.db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--pull", type=int, default=200, help="finalized visits to pull (0: skip)")
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())
    settings = attachments.ImportSettings()
    photos = [attachments.import_photo(data, settings) for data in originals()]
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.open(Path(tmp) / "ws")
        ws.settings.set_profile("Toezichthouder Bench", "TH-0001", "Team Bench")
        ws.evidence.public_key()  # the key is made once per workspace, not per visit
        visits = [ready_visit(ws, n, photos) for n in range(args.runs)]
        rows = len(ws.evidence.document(visits[0])["answers"])
        queue = list(visits)
        figures["finalize_ms"] = median_ms(lambda: ws.visits.finalize(queue.pop()), args.runs)
        vid = visits[0]
        size = len(ws.visits.get(vid).snapshot.encode())
        figures["document_kb"] = size / 1024
        print(f"finalize (40 rows, {rows} answers, 30 photos; document {size / 1024:.0f} KB): "
              f"{figures['finalize_ms']:.1f} ms (median of {args.runs}; target < 100 ms)", flush=True)
        figures["verify_ms"] = median_ms(lambda: ws.evidence.verify(vid), args.runs)
        print(f"verify (fingerprint, signature, receipt): {figures['verify_ms']:.2f} ms "
              f"(target < 20 ms)", flush=True)
        figures["verify_photos_ms"] = median_ms(lambda: ws.evidence.verify(vid, photos=True), args.runs)
        megabytes = sum(len(p.data) for p in photos) / 2**20
        print(f"verify with the 30 photos ({megabytes:.0f} MB) read back and hashed: "
              f"{figures['verify_photos_ms']:.1f} ms", flush=True)
        row = ws.repo.get("visits", vid)
        assert row is not None
        server_key = evidence.new_private_key()
        sealed = dict(row, status="synced", receipt=evidence.make_receipt(
            server_key, vid, row["fingerprint"], "device-1", "2026-10-01T10:00:00Z"))
        public = evidence.public_key_hex(server_key)
        checks = 200
        pulled = dict(sealed, receipt="")
        seconds = median_ms(lambda: [evidence.verdict("visit", vid, pulled, strict=False)
                                     for _ in range(checks)], 3) / 1000
        figures["pull_check_us"] = seconds / checks * 1e6
        print(f"check of a pulled finalized visit (fingerprint and the laptop's signature): "
              f"{figures['pull_check_us']:.0f} µs each", flush=True)
        seconds = median_ms(lambda: [evidence.verdict("visit", vid, sealed, server_key=public)
                                     for _ in range(checks)], 3) / 1000
        figures["verify_receipt_us"] = seconds / checks * 1e6
        print(f"the same with the receipt checked and the document's form too (as verify does): "
              f"{figures['verify_receipt_us']:.0f} µs each", flush=True)
        ws.close()
        if args.pull:
            measure_pull(Path(tmp), args.pull, photos, figures)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
