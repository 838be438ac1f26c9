"""Crash trials: a child process edits a workspace through the Workspace facade and acknowledges every
call that returned; it is killed (SIGKILL) at a random moment; the workspace must then reopen (which
runs ``quick_check`` after an unclean stop), pass SQLite's ``integrity_check`` and foreign-key check,
hold every acknowledged edit, and every finalized visit in it must pass ``verify`` (fingerprint,
device signature, photos).

    python tools/crash_trials.py [--trials 200] [--creation 20] [--passphrase 10] [--seed N]

Three kinds of trial, all against real SQLCipher files and real processes:
- editing: cases created, titles changed, visits planned, started and rescheduled, statements saved
  with a new signature (a blob, an attachment and the statement in one transaction), visits carried
  out (checklist, consent, sometimes photos) and finalized (the fingerprint acknowledged); each call is
  announced (``I``) before and acknowledged (``A``) after it returns. After the kill every
  acknowledged value must be there; a field may also hold the one value announced after it (the
  call that was running: committed or not, both are fine). A statement's signature must be a live
  attachment with its blob.
- creation: a new workspace killed while it is being made; the folder must open afterwards.
- passphrase: ``Workspace.change_passphrase`` killed at a random moment; exactly one of the two
  passphrases must open the workspace, whole, and the other must be refused.

Prints figures and ends with one JSON line. ``make crash-trials`` runs 200 editing trials;
``tests/test_crash_trials.py`` a handful of each in the normal test command.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ENV_KEYRING = "INSPECTOR_TRIAL_KEYRING"  # the trials' keyring file (JSON), never the user's keyring
ENV_KDF_N = "INSPECTOR_TRIAL_KDF_N"  # passphrase trials: a cheaper scrypt, so more kills fit in a run
SOCIAL_CASE = "P-S"  # the case the finalized visits belong to (the social domain asks the most)
GROUND = {"ground_facts": "Post op naam van een niet-ingeschreven persoon.",
          "ground_source": "Melding Landelijke Aanpak Adreskwaliteit", "ground_date": "2026-09-01",
          "ground_why_not_lighter": "Een gesprek op kantoor gaf geen uitsluitsel."}
OLD_PASSPHRASE, NEW_PASSPHRASE = "de oude wachtwoordzin", "de nieuwe wachtwoordzin"


# --- the child ------------------------------------------------------------------------------------
def file_keyring(path: Path) -> Any:
    """A test keyring kept in a JSON file, so a key stored by a killed child is still there (as in a
    real keyring) for the next process; never the user's keyring."""
    from tests.memory_keyring import MemoryKeyring

    class TrialKeyring(MemoryKeyring):
        def __init__(self) -> None:
            super().__init__()
            if path.exists():
                self.store = {tuple(k.split("|", 1)): v  # type: ignore[misc]
                              for k, v in json.loads(path.read_text("utf-8")).items()}

        def _save(self) -> None:
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(json.dumps({f"{s}|{n}": v for (s, n), v in self.store.items()}), "utf-8")
            with open(tmp, "rb+") as f:
                os.fsync(f.fileno())
            os.replace(tmp, path)

        def set_password(self, service: str, username: str, password: str) -> None:
            super().set_password(service, username, password)
            self._save()

        def delete_password(self, service: str, username: str) -> None:
            super().delete_password(service, username)
            self._save()

    return TrialKeyring()


def _install_keyring() -> Any:
    import keyring

    backend = file_keyring(Path(os.environ[ENV_KEYRING]))
    keyring.set_keyring(backend)
    return backend


def _signature(rnd: random.Random) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.line([(rnd.randrange(300), rnd.randrange(100)) for _ in range(6)], fill=(0, 0, 0, 255), width=3)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def child_edit(directory: Path, seed: int) -> None:
    """Edit for ever, announcing (I) and acknowledging (A) every call on stdout."""
    _install_keyring()
    from inspector.workspace import Workspace

    rnd = random.Random(seed)
    ws = Workspace.open(directory)
    out = sys.stdout

    def say(kind: str, **what: Any) -> None:
        out.write(kind + " " + json.dumps(what, sort_keys=True) + "\n")
        out.flush()

    say("READY")
    n = 0
    while True:
        n += 1
        tag = f"{seed}-{n}"
        cases = [c for c in ws.cases.find()]
        visits = ws.visits.find()
        op = rnd.choice(["case", "title", "title", "plan", "reschedule", "start", "statement", "statement",
                         "finalize"])
        if op == "case" or not cases:
            number = f"K-{tag}"
            say("I", op="case", key=number, value=number)
            ws.cases.create(number, "fysiek", title=f"t-{tag}")
            say("A", op="case", key=number, value=number)
        elif op == "title":
            case = rnd.choice(cases)
            say("I", op="title", key=case.id, value=f"t-{tag}")
            ws.cases.update(case.id, title=f"t-{tag}")
            say("A", op="title", key=case.id, value=f"t-{tag}")
        elif op == "plan" or not visits:
            case = rnd.choice([c for c in cases if c.number != SOCIAL_CASE] or cases)
            say("I", op="plan", key=case.id, value=tag)
            visit = ws.visits.plan(case.id, "F2", "2026-12-01T10:00")
            say("A", op="plan", key=visit.id, value=tag)
        elif op == "finalize":
            _finalize(ws, rnd, say)
        elif op == "reschedule":
            open_visits = [v for v in visits if v.status in ("planned", "in_progress")]
            if not open_visits:
                continue
            visit = rnd.choice(open_visits)
            moment = f"2026-12-{rnd.randint(1, 28):02d}T{rnd.randint(8, 17):02d}:{n % 60:02d}"
            say("I", op="planned_at", key=visit.id, value=moment)
            ws.visits.update(visit.id, planned_at=moment)
            say("A", op="planned_at", key=visit.id, value=moment)
        elif op == "start":
            planned = [v for v in visits if v.status == "planned"]
            if planned:
                visit = rnd.choice(planned)
                say("I", op="status", key=visit.id, value="in_progress")
                ws.visits.start(visit.id)
                say("A", op="status", key=visit.id, value="in_progress")
        else:
            started = [v for v in visits if v.status == "in_progress"]
            if started:
                visit = rnd.choice(started)
                png = _signature(rnd)
                say("I", op="statement", key=visit.id, value=f"s-{tag}")
                ws.visits.record_statement(visit.id, f"s-{tag}", read_back=True, signed=True,
                                           signature_png=png)
                say("A", op="statement", key=visit.id, value=f"s-{tag}")


def _finalize(ws: Any, rnd: random.Random, say: Any) -> None:
    """Plan a visit on the social case, carry it out (checklist, sometimes photos) and finalize it;
    the fingerprint it returns is acknowledged."""
    from inspector import demo, templates

    case = ws.cases.by_number(SOCIAL_CASE)
    visit = ws.visits.plan(case.id, "S1", "2026-12-01T09:00")
    say("A", op="plan", key=visit.id, value=visit.id)
    demo._run_visit(ws, visit.id, templates.get_template("S1"), datetime(2026, 12, 1, 9, tzinfo=UTC),  # noqa: SLF001
                    rnd, photos=rnd.random() < 0.3, refuse=rnd.random() < 0.2)
    say("I", op="fingerprint", key=visit.id, value="")
    fingerprint = ws.visits.finalize(visit.id)
    say("A", op="fingerprint", key=visit.id, value=fingerprint)


def child_create(directory: Path) -> None:
    _install_keyring()
    from inspector.workspace import Workspace

    print("READY", flush=True)
    Workspace.open(directory).close()
    print("DONE", flush=True)


def child_passphrase(directory: Path) -> None:
    from inspector import credentials

    n = int(os.environ.get(ENV_KDF_N, "0"))
    if n:
        credentials.KDF_PARAMS["n"] = n
    from inspector.workspace import Workspace

    print("READY", flush=True)
    Workspace.change_passphrase(directory, OLD_PASSPHRASE, NEW_PASSPHRASE)
    print("DONE", flush=True)


# --- the parent -----------------------------------------------------------------------------------
@dataclass
class Summary:
    trials: int = 0
    acknowledged: int = 0
    lost: int = 0
    corrupt: int = 0
    unopenable: int = 0
    finalized: int = 0  # acknowledged finalizations
    verified: int = 0  # finalized visits checked after a kill (fingerprint, seal, photos)
    verify_failed: int = 0
    problems: list[str] = field(default_factory=list)
    reopen_ms: list[float] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.corrupt or self.unopenable)


def _env(keyring_file: Path | None = None, **extra: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), **extra)
    env.pop("INSPECTOR_WORKSPACE", None)
    if keyring_file is not None:
        env[ENV_KEYRING] = str(keyring_file)
    return env


def _use_keyring(path: Path) -> None:
    import keyring

    os.environ[ENV_KEYRING] = str(path)
    keyring.set_keyring(file_keyring(path))


def _spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(Path(__file__).resolve()), *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)


def _kill(proc: subprocess.Popen[str]) -> tuple[str, str]:
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=60)
    return out, err


@dataclass
class Expected:
    acked: dict[tuple[str, str], str] = field(default_factory=dict)  # (op, key): last acknowledged value
    running: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # announced after that ack
    cases: set[str] = field(default_factory=set)  # acknowledged new case numbers
    visits: set[str] = field(default_factory=set)  # acknowledged new visits
    acks: int = 0
    finalized: int = 0


def _expected(lines: list[str]) -> Expected:
    """What the child's announcements and acknowledgements promise."""
    out = Expected()
    for line in lines:
        kind, _, body = line.partition(" ")
        if kind not in ("I", "A"):
            continue
        what = json.loads(body)
        slot = (what["op"], what["key"])
        if kind == "I":
            out.running.setdefault(slot, set()).add(what["value"])
            continue
        out.acks += 1
        out.finalized += what["op"] == "fingerprint"
        if what["op"] == "case":
            out.cases.add(what["value"])
        elif what["op"] == "plan":
            out.visits.add(what["key"])
        else:
            out.acked[slot] = what["value"]
            out.running.pop(slot, None)
    return out


def _verify(directory: Path, lines: list[str], summary: Summary, trial: int) -> None:
    """Reopen, check the file, and compare with what the child acknowledged."""
    from inspector.errors import InspectorError
    from inspector.workspace import Workspace

    expected = _expected(lines)
    summary.acknowledged += expected.acks
    summary.finalized += expected.finalized
    start = time.perf_counter()
    try:
        ws = Workspace.open(directory)
    except InspectorError as exc:
        summary.unopenable += 1
        summary.problems.append(f"trial {trial}: reopen failed: {exc.code}: {exc.en}")
        return
    summary.reopen_ms.append((time.perf_counter() - start) * 1000)
    try:
        integrity = [r[0] for r in ws.db.execute("PRAGMA integrity_check").fetchall()]
        fk = ws.db.execute("PRAGMA foreign_key_check").fetchall()
        if integrity != ["ok"] or fk:
            summary.corrupt += 1
            summary.problems.append(f"trial {trial}: integrity {integrity[:3]}, foreign keys {fk[:3]}")
        missing = (expected.cases - {c.number for c in ws.cases.find()}) | (
            expected.visits - set(ws.visits.ids()))
        for what in sorted(missing):
            summary.lost += 1
            summary.problems.append(f"trial {trial}: acknowledged new record {what} missing")
        for (op, key), value in expected.acked.items():
            found = _current(ws, op, key)
            if found != value and found not in expected.running.get((op, key), set()):
                summary.lost += 1
                summary.problems.append(f"trial {trial}: {op} of {key}: {found!r}, acknowledged {value!r}")
        for visit in ws.visits.find():
            _check_signature(ws, visit.id, summary, trial)
            if visit.status in ("finalized", "synced"):
                summary.verified += 1
                verdict = ws.evidence.verify(visit.id, photos=True)
                if not verdict.ok:
                    summary.corrupt += 1
                    summary.verify_failed += 1
                    failed = [c.name for c in verdict.checks if c.state == "failed"]
                    summary.problems.append(f"trial {trial}: finalized visit {visit.id[:8]} fails {failed}")
    finally:
        ws.close()


def _current(ws: Any, op: str, key: str) -> str | None:
    if op == "title":
        return str(ws.cases.get(key).title)
    if op in ("planned_at", "status"):
        return str(getattr(ws.visits.get(key), op))
    if op == "statement":
        return str(ws.visits.get(key).statement.text)
    if op == "fingerprint":
        return str(ws.visits.get(key).fingerprint)
    return None


def _check_signature(ws: Any, visit_id: str, summary: Summary, trial: int) -> None:
    sha = ws.visits.get(visit_id).statement.signature_sha256
    live = [a.sha256 for a in ws.visits.attachments(visit_id, "signature")]
    if (sha and (live != [sha] or ws.visits.blob(sha) is None)) or len(live) > 1:
        summary.corrupt += 1
        summary.problems.append(f"trial {trial}: statement of {visit_id} points at {sha[:8]}, live {live}")


def prepare(directory: Path) -> None:
    """A workspace with a profile and a few cases (its key in the trials' keyring)."""
    from inspector.workspace import Workspace

    ws = Workspace.open(directory)
    ws.settings.set_profile("Toezichthouder Proef", "TH-0001", "Team Proef")
    for i in range(3):
        ws.cases.create(f"P-{i}", "fysiek", title="begin")
    case = ws.cases.create(SOCIAL_CASE, "sociaal", title="begin", **GROUND)
    ws.cases.add_person(case.id, "Berg", voorvoegsel="van den", voornamen="Proef", bsn="999993653")
    _finalize(ws, random.Random(1), lambda *_a, **_k: None)  # so that every trial checks a sealed visit
    ws.close()


def edit_trials(n: int, base: Path, rnd: random.Random, log: bool = True) -> Summary:
    directory = base / "edit"
    _use_keyring(base / "keyring.json")
    prepare(directory)
    summary = Summary()
    for trial in range(1, n + 1):
        proc = _spawn(["child-edit", str(directory), str(rnd.randrange(10**9))], _env(base / "keyring.json"))
        early = rnd.random() < 0.15  # sometimes while it is still opening (and checking) the workspace
        if early:
            time.sleep(rnd.uniform(0.0, 1.0))
        else:
            assert proc.stdout is not None
            ready = proc.stdout.readline()
            if not ready.startswith("READY"):
                out, err = _kill(proc)
                summary.unopenable += 1
                summary.problems.append(f"trial {trial}: child did not start: {err.strip()[-400:]}")
                continue
            time.sleep(rnd.uniform(0.0, 2.5))
        out, err = _kill(proc)
        if proc.returncode != -signal.SIGKILL:
            summary.problems.append(f"trial {trial}: child ended by itself ({proc.returncode}): {err[-400:]}")
            summary.unopenable += 1
        summary.trials += 1
        _verify(directory, out.splitlines(), summary, trial)
        if log and (trial % 20 == 0 or not summary.ok):
            print(f"  {trial} trials, {summary.acknowledged} acknowledged edits, lost {summary.lost}, "
                  f"corrupt {summary.corrupt}, unopenable {summary.unopenable}", flush=True)
    return summary


def creation_trials(n: int, base: Path, rnd: random.Random) -> Summary:
    """Kill a child while it creates a new workspace; the folder must open afterwards."""
    from inspector.errors import InspectorError
    from inspector.workspace import Workspace

    summary = Summary()
    keys = base / "keyring.json"
    _use_keyring(keys)
    proc = _spawn(["child-create", str(base / "calibrate")], _env(keys))
    assert proc.stdout is not None
    proc.stdout.readline()  # READY: imported, about to create the workspace
    start = time.perf_counter()
    proc.stdout.readline()  # DONE
    took = time.perf_counter() - start
    proc.communicate(timeout=120)
    for trial in range(1, n + 1):
        directory = base / f"create-{trial}"
        proc = _spawn(["child-create", str(directory)], _env(keys))
        assert proc.stdout is not None
        proc.stdout.readline()
        time.sleep(rnd.uniform(0.0, took * 1.05))
        _kill(proc)
        summary.trials += 1
        _use_keyring(keys)  # what the child stored before it died
        try:
            ws = Workspace.open(directory)
            ws.cases.create("C-1", "oov")
            ws.close()
            Workspace.open(directory).close()
        except InspectorError as exc:
            summary.unopenable += 1
            summary.problems.append(f"creation trial {trial}: {exc.code}: {exc.en}")
    return summary


def passphrase_trials(n: int, base: Path, rnd: random.Random, kdf_n: int = 2**12) -> Summary:
    """Kill ``change_passphrase`` at random moments: exactly one passphrase opens the whole workspace."""
    import keyring
    from keyring.backends.fail import Keyring as FailKeyring

    from inspector import credentials
    from inspector.errors import InspectorError
    from inspector.workspace import Workspace

    keyring.set_keyring(FailKeyring())
    saved = dict(credentials.KDF_PARAMS)
    credentials.KDF_PARAMS["n"] = kdf_n
    summary = Summary()
    try:
        template = base / "passphrase-template"
        ws = Workspace.open(template, OLD_PASSPHRASE)
        ws.settings.set_profile("Toezichthouder Proef", "TH-0001")
        for i in range(60):  # some megabytes, so that re-keying takes a while
            data = os.urandom(200_000)
            ws.repo.put_blob(f"{i:064x}", data, "application/octet-stream")
        ws.close()
        env = _env(None, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring", **{ENV_KDF_N: str(kdf_n)})
        shutil.copytree(template, base / "calibrate-pp")
        proc = _spawn(["child-passphrase", str(base / "calibrate-pp")], env)
        assert proc.stdout is not None
        proc.stdout.readline()  # READY: imported, about to change the passphrase
        start = time.perf_counter()
        proc.stdout.readline()  # DONE
        took = time.perf_counter() - start
        proc.communicate(timeout=120)
        for trial in range(1, n + 1):
            directory = base / f"passphrase-{trial}"
            shutil.copytree(template, directory)
            proc = _spawn(["child-passphrase", str(directory)], env)
            assert proc.stdout is not None
            proc.stdout.readline()
            time.sleep(rnd.uniform(0.0, took * 1.05))
            _kill(proc)
            summary.trials += 1
            opened = []
            for phrase in (OLD_PASSPHRASE, NEW_PASSPHRASE):
                try:
                    ws = Workspace.open(directory, phrase)
                except InspectorError as exc:
                    if exc.code not in ("wrong_key", "rekey_done", "rekey_not_done"):
                        summary.problems.append(f"passphrase trial {trial}: {exc.code}: {exc.en}")
                        summary.unopenable += 1
                    continue
                blobs = ws.repo.query("SELECT count(*) AS n FROM blobs")[0]["n"]
                integrity = [r[0] for r in ws.db.execute("PRAGMA integrity_check").fetchall()]
                pending = "rekey" in ws.info
                ws.close()
                opened.append(phrase)
                if blobs != 60 or integrity != ["ok"] or pending:
                    summary.corrupt += 1
                    summary.problems.append(f"passphrase trial {trial}: {blobs} blobs, {integrity[:2]}")
            if len(opened) != 1:
                summary.unopenable += 1
                summary.problems.append(f"passphrase trial {trial}: opened by {len(opened)} passphrases")
    finally:
        credentials.KDF_PARAMS.update(saved)
    return summary


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if args and args[0] == "child-edit":
        child_edit(Path(args[1]), int(args[2]))
        return 0
    if args and args[0] == "child-create":
        child_create(Path(args[1]))
        return 0
    if args and args[0] == "child-passphrase":
        child_passphrase(Path(args[1]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=200, help="editing trials (default 200)")
    parser.add_argument("--creation", type=int, default=20, help="trials killing a new workspace's creation")
    parser.add_argument("--passphrase", type=int, default=10, help="trials killing a passphrase change")
    parser.add_argument("--seed", type=int, default=None)
    opts = parser.parse_args(args)
    seed = opts.seed if opts.seed is not None else random.randrange(10**6)
    rnd = random.Random(seed)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="crash-trials-") as tmp:
        print(f"crash trials (seed {seed}): {opts.trials} editing, {opts.creation} creation, "
              f"{opts.passphrase} passphrase change", flush=True)
        edits = edit_trials(opts.trials, Path(tmp), rnd)
        creation = creation_trials(opts.creation, Path(tmp), rnd)
        passphrase = passphrase_trials(opts.passphrase, Path(tmp), rnd)
    for problem in (edits.problems + creation.problems + passphrase.problems)[:30]:
        print("PROBLEM", problem)
    seconds = time.perf_counter() - started
    reopen = statistics.median(edits.reopen_ms) if edits.reopen_ms else 0.0
    print(f"editing: {edits.trials} kills, {edits.acknowledged} acknowledged edits, {edits.lost} lost, "
          f"{edits.corrupt} corrupt, {edits.unopenable} not reopened; reopen median {reopen:.0f} ms")
    print(f"finalized visits: {edits.finalized} acknowledged, {edits.verified} checks of a finalized visit "
          f"after a kill (fingerprint, seal, photos) by {edits.verified - edits.verify_failed} passed")
    print(f"creation: {creation.trials} kills, {creation.unopenable} folders left unusable")
    print(f"passphrase change: {passphrase.trials} kills, {passphrase.unopenable} not opened by exactly one "
          f"passphrase, {passphrase.corrupt} damaged")
    figures = {
        "seed": seed, "seconds": round(seconds, 1),
        "edit_trials": edits.trials, "acknowledged_edits": edits.acknowledged, "lost_edits": edits.lost,
        "corrupt_databases": edits.corrupt, "not_reopened": edits.unopenable,
        "reopen_median_ms": round(reopen, 1), "finalized_acknowledged": edits.finalized,
        "finalized_checks": edits.verified, "finalized_checks_failed": edits.verify_failed,
        "creation_trials": creation.trials, "creation_unusable": creation.unopenable,
        "passphrase_trials": passphrase.trials,
        "passphrase_failures": passphrase.unopenable + passphrase.corrupt,
    }
    print(json.dumps(figures))
    return 0 if edits.ok and creation.ok and passphrase.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
