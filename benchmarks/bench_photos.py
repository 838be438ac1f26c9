"""Photo transfer on loopback (issue 13): push and pull of photos through a real server, per blob store.

Starts a throwaway PostgreSQL 15 cluster and ``inspector-server serve`` as its own process, once with
its files in a folder (the default store) and once in object storage (moto's S3 server, a process on
127.0.0.1). For each: a laptop records ``--visits`` visits with 3 photos of ``--photo-kb`` each and
syncs; a second laptop of the team then syncs from nothing. The photos travel from one laptop's
encrypted workspace to the other's: photo_push_mb_s is photo bytes / time of the sync's photo upload
stage (read from the workspace, sent, stored and flushed on the server), photo_pull_mb_s photo bytes /
time of the pull's photo downloads (fetched, checked, stored in the workspace); the whole syncs' times
are printed too. Target: >= 60 MB/s each way. load_1m is the machine's load when the run ended (a
shared machine gives lower figures); *_cpu_ms_per_mb is the processor time all parts (laptop, server,
PostgreSQL, the S3 server) spent per MB of photos in those stages, a figure the load changes little:
on two cores of its own a stage can move at most about 2000 / that many MB/s.
moto is a test double written in Python: its figures say that the S3 path streams and works, not
what real object storage (MinIO, AWS S3) would reach.

    .venv/bin/python benchmarks/bench_photos.py [--visits 1000] [--photo-kb 150] [--stores folder,s3]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402

from tests.memory_keyring import MemoryKeyring  # noqa: E402

PASSWORD = "wachtwoord-bench-1"
FACTS = "Post van derden bezorgd op dit adres gemeld"  # enough for the reasonable-ground check
TEAM = "Team Foto"


@contextlib.contextmanager
def serving(url: str, blobs: str, env: dict[str, str]) -> Iterator[str]:
    """``inspector-server serve`` as a process with its files at ``blobs``; yields its base URL."""
    import httpx

    from tests.servers import free_port

    port = free_port()
    exe = Path(sys.executable).parent / "inspector-server"
    proc = subprocess.Popen([str(exe), "--database", url, "--blobs", blobs, "serve", "--port", str(port),
                             "--log-level", "error"], env={**os.environ, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(base + "/healthz")
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(20)


def laptop(folder: Path, url: str, username: str) -> Any:
    from inspector.sync import session
    from inspector.workspace import Workspace

    ws = Workspace.open(folder)
    ws.settings.set_profile("Toezichthouder Bench", "TH-0001", TEAM)
    session.login(ws.sync, url, username, PASSWORD, device_name=folder.name)
    return ws


def record_visits(ws: Any, visits: int, photo_kb: int) -> int:
    """``visits`` started visits with 3 photos each (random bytes: nothing compresses); photo bytes."""
    from inspector.attachments import ImportedImage, sha256_hex

    total = 0
    cases = [ws.cases.create(f"F-{n:05d}", "sociaal", team=TEAM, ground_facts=FACTS,
                             ground_source="LAA", ground_date="2026-09-01",
                             ground_why_not_lighter="Gesprek gaf geen uitsluitsel")
             for n in range(max(1, visits // 10))]
    for n in range(visits):
        visit = ws.visits.plan(cases[n % len(cases)].id, "S1", "2026-12-01T09:00")
        ws.visits.start(visit.id)
        ws.visits.record_id_shown(visit.id)
        ws.visits.record_consent(visit.id, "given", "Demo A", photo_consent=True)
        for k in range(3):
            data = os.urandom(photo_kb * 1024)
            total += len(data)
            ws.visits.add_imported_photo(visit.id, ImportedImage(data, sha256_hex(data), "image/jpeg", 2560,
                                                                 1920, None), caption=f"Foto {k + 1}")
    return total


def _cpu_seconds(roots: list[int]) -> dict[int, float]:
    """Processor seconds (user + system) of each process of ``roots`` with all its descendants."""
    parent: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parent[int(entry.name)] = int(fields[1])
            times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    found: dict[int, float] = {}
    for root in roots:
        todo = [root]
        while todo:
            pid = todo.pop()
            found[root] = found.get(root, 0.0) + times.get(pid, 0.0)
            todo += [child for child, ppid in parent.items() if ppid == pid and child not in roots]
    return found


def timed_sync(ws: Any, processes: list[int]) -> tuple[Any, float, float, dict[int, float]]:
    """Sync ``ws``; its result, the seconds of its photo transfers and of the whole sync, and the
    processor seconds of each of ``processes`` (with its children) during the photo transfers."""
    from inspector.sync.engine import SyncEngine

    class Timed(SyncEngine):
        photo_s = 0.0
        cpu_s: dict[int, float] = {}

        def _timed(self, work: Any) -> None:
            start, cpu = time.perf_counter(), _cpu_seconds(processes)
            work()
            self.photo_s += time.perf_counter() - start
            for pid, seconds in _cpu_seconds(processes).items():
                self.cpu_s[pid] = self.cpu_s.get(pid, 0.0) + seconds - cpu.get(pid, 0.0)

        def _blobs(self, client: Any) -> None:
            self._timed(lambda: super(Timed, self)._blobs(client))

        def _download(self, client: Any, wanted: list[str], mimes: dict[str, str]) -> None:
            self._timed(lambda: super(Timed, self)._download(client, wanted, mimes))

    engine = Timed(ws.sync)
    start = time.perf_counter()
    result = engine.run()
    return result, engine.photo_s, time.perf_counter() - start, engine.cpu_s


def measure(url: str, blobs: str, env: dict[str, str], args: argparse.Namespace, tmp: Path,
            name: str, postgres: int) -> dict[str, float]:
    with serving(url, blobs, env) as base:
        # The laptop (this process), the server, the S3 server, PostgreSQL: each with its children.
        labels = {os.getpid(): "laptop", **dict(_children(os.getpid())), postgres: "postgresql"}
        processes = list(labels)
        pusher = laptop(tmp / f"{name}-push", base, "foto-1")
        size = record_visits(pusher, args.visits, args.photo_kb)
        pushed, push_s, push_all, push_cpu = timed_sync(pusher, processes)
        pusher.close()
        puller = laptop(tmp / f"{name}-pull", base, "foto-2")
        pulled, pull_s, pull_all, pull_cpu = timed_sync(puller, processes)
        puller.close()
    assert pushed.blobs_up == pulled.blobs_down == 3 * args.visits, (pushed, pulled)
    mb = size / 1e6
    for way, cpu in (("up", push_cpu), ("down", pull_cpu)):
        print(f"  processor ms per MB {way}: " + ", ".join(
            f"{labels[pid]} {seconds / mb * 1000:.0f}" for pid, seconds in cpu.items()))
    push_cpu_s, pull_cpu_s = sum(push_cpu.values()), sum(pull_cpu.values())
    print(f"{name}: {3 * args.visits} photos of {args.photo_kb} KB ({mb:.0f} MB) uploaded in {push_s:.1f} s "
          f"({mb / push_s:.0f} MB/s; the whole push with {pushed.pushed} records {push_all:.1f} s), "
          f"downloaded into a new laptop in {pull_s:.1f} s ({mb / pull_s:.0f} MB/s; the whole pull with "
          f"{pulled.pulled} records {pull_all:.1f} s); processor time per MB of photos: "
          f"{push_cpu_s / mb * 1000:.0f} ms up, {pull_cpu_s / mb * 1000:.0f} ms down", flush=True)
    return {"photo_push_mb_s": round(mb / push_s, 1), "photo_pull_mb_s": round(mb / pull_s, 1),
            "photo_push_cpu_ms_per_mb": round(push_cpu_s / mb * 1000, 1),
            "photo_pull_cpu_ms_per_mb": round(pull_cpu_s / mb * 1000, 1)}


def _children(pid: int) -> list[tuple[int, str]]:
    """The direct child processes of ``pid`` (the server, the S3 server) and their program names."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                head, tail = (entry / "stat").read_text().rsplit(")", 1)
            except OSError:
                continue
            if int(tail.split()[1]) == pid:
                found.append((int(entry.name), head.split("(", 1)[1]))
    return sorted(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=1000)
    parser.add_argument("--photo-kb", type=int, default=150)
    parser.add_argument("--stores", default="folder,s3", help="which blob stores to measure")
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())

    from inspector.server import admin
    from inspector.server.db import Database
    from inspector.server.migrations import migrate
    from tests.servers import running_moto, running_pg_cluster

    figures: dict[str, Any] = {}
    stores = args.stores.split(",")
    with running_pg_cluster() as cluster, tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        postgres = int((cluster.folder / "data" / "postmaster.pid").read_text().split()[0])
        for name in stores:
            url = cluster.create_database(f"inspector_photos_{name}")
            db = Database(url)
            migrate(db.engine)
            admin.add_team(db, TEAM)
            for n in (1, 2):
                admin.add_user(db, f"foto-{n}", PASSWORD, "inspector", [TEAM])
            db.dispose()
            if name == "folder":
                result = measure(url, str(tmp / "blobs"), {}, args, tmp, name, postgres)
            else:
                import httpx

                with running_moto() as endpoint:
                    httpx.put(f"{endpoint}/photos").raise_for_status()
                    env = {"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "bench",
                           "AWS_SECRET_ACCESS_KEY": "bench", "AWS_REGION": "us-east-1",
                           "AWS_ALLOW_HTTP": "true"}
                    result = measure(url, "s3://photos/inspector", env, args, tmp, name, postgres)
            if name == stores[0]:
                figures.update(result)  # the default store's figures under the names
            figures.update({f"{key}_{name}": value for key, value in result.items()})
    figures["load_1m"] = round(os.getloadavg()[0], 1)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
