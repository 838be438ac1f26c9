"""Sync figures on loopback with PostgreSQL (DESIGN.md §3, issue 5).

Starts a throwaway PostgreSQL 15 cluster and ``inspector-server serve`` as its own process, then:

1. initial pull of 10 000 cases and 50 000 visits into a fresh laptop workspace (target ≥ 25 000
   records/s, issue 13), and of a workspace ten times larger (``--scale 10``; target: no slower),
   with the CPU time the laptop and the server spent per record (what still compares runs on a
   machine shared with other work). The records are loaded straight into the server's table with
   ids made as the app makes them (time-ordered, ``inspector/ids.py``), and the table vacuumed, as a
   running server's long has been. The laptop collects garbage as the app does (``inspector/garbage.py``:
   once a second the generation that is due, not on its own). The server keeps freed memory for reuse
   (``inspector/server/allocator.py``; with ``GLIBC_TUNABLES=glibc.malloc.tcache_count=7``, glibc's default,
   in the environment it does not: an operator's malloc setting stands);
2. a sync with nothing to do on each (target ≤ 5 ms, and no slower at ten times the size), from 5 s
   after the pull (the app syncs when the inspector asks and when the server is reachable again, not
   right after a pull): five series of 15, 2 s apart, their median (and each series' own); right
   after the pull too;
3. a push of 1 000 visits with 3 photos each (photo size ``--photo-kb``);
4. server latency (median, p99) with 50 laptops syncing at once, simulated by threads, each doing a
   bounded number of small push + pull rounds (target p99 < 500 ms).

    .venv/bin/python benchmarks/bench_sync.py [--cases 10000] [--visits 50000] [--scale 10]
        [--photo-kb 150] [--laptops 50] [--rounds 20] [--parts pull,push,latency]

``--parts pull`` runs only 1 and 2: the syncs with nothing to do at both sizes, after the initial
pulls that fill their workspaces.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402

from tests.memory_keyring import MemoryKeyring  # noqa: E402

PASSWORD = "wachtwoord-bench-1"
FACTS = "Post van derden bezorgd op dit adres gemeld"  # enough for the reasonable-ground check


def seed_server_records(url: str, team_id: int, team: str, cases: int, visits: int, start_rev: int) -> int:
    """Bulk-load cases and visits straight into the server's records table (COPY); returns the last rev.

    Their ids are made as the app makes them (``inspector.ids.new_id``: time-ordered), in the order the
    server's revisions number them, as records created one after another would be."""
    import psycopg

    from inspector.ids import new_id
    from inspector.server.records import dumps, with_defaults

    rev = start_rev
    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    now = "2026-10-01T08:00:00Z"
    with psycopg.connect(conninfo) as conn, conn.cursor() as cur:
        with cur.copy("COPY records (entity, id, case_id, team_id, rev, deleted, parent_id, ref, data, "
                      "field_revs, field_writers, modified_at, modified_by) FROM STDIN") as copy:
            case_ids = []
            for n in range(cases):
                rev += 1
                case_id = new_id()
                case_ids.append(case_id)
                data, _ = with_defaults("cases", {"number": f"B-{start_rev}-{n:07d}", "domain": "sociaal",
                                                  "team": team, "title": "Intake",
                                                  "ground_facts": FACTS, "ground_source": "LAA",
                                                  "ground_date": "2026-09-01",
                                                  "ground_why_not_lighter": "Gesprek gaf geen uitsluitsel"})
                copy.write_row(("cases", case_id, case_id, team_id, rev, False, None, data["number"],
                                dumps(data), dumps({k: rev for k in data}), dumps({k: "seed" for k in data}),
                                now, "Coordinator Bench"))
            for n in range(visits):
                rev += 1
                case_id = case_ids[n % len(case_ids)]
                visit_id = new_id()
                data, _ = with_defaults("visits", {
                    "case_id": case_id, "template_id": "S1", "template_version": 1, "status": "planned",
                    "planned_at": f"2026-12-{1 + n % 28:02d}T{8 + n % 9:02d}:00",
                    "ground": json.dumps({"date": "2026-09-01", "facts": FACTS, "source": "LAA",
                                          "why_not_lighter": "Gesprek gaf geen uitsluitsel"},
                                         separators=(",", ":")),
                    "officers": '[{"appointment":"TH-0001","name":"Toezichthouder Bench",'
                                '"role":"toezichthouder"}]'})
                copy.write_row(("visits", visit_id, case_id, team_id, rev, False, case_id, None, dumps(data),
                                dumps({k: rev for k in data}), dumps({k: "seed" for k in data}), now,
                                "Coordinator Bench"))
        cur.execute("UPDATE counters SET value = %s WHERE name = 'rev'", (rev,))
        conn.commit()
    with psycopg.connect(conninfo, autocommit=True) as conn:
        # What autovacuum does after a bulk load on a running server; left to it, that work (and the
        # first reads marking the new rows visible) would run on these two cores during the timed pull.
        conn.execute("VACUUM (ANALYZE) records")
    return rev


def start_server(url: str, workers: int, blobs: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``inspector-server serve`` as a process, its photos in ``blobs`` (a temporary folder, not the
    default data folder)."""
    from tests.servers import free_port

    port = free_port()
    exe = Path(sys.executable).parent / "inspector-server"
    command = [str(exe), "--database", url, "--blobs", str(blobs), "serve", "--port", str(port),
               "--log-level", "error", "--workers", str(workers)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import httpx

    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(base + "/healthz")
            return proc, base
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the server did not start")


def laptop(folder: Path, url: str, username: str) -> Any:
    from inspector.sync import session
    from inspector.workspace import Workspace

    ws = Workspace.open(folder)
    ws.settings.set_profile("Toezichthouder Bench", "TH-0001", "Team Bench")
    session.login(ws.sync, url, username, PASSWORD, device_name=folder.name)
    return ws


def timed(fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far; 0 where /proc is not there."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class AppGarbageCollection:
    """Garbage collected as the app collects it: automatic collection off, and once a second the
    generation that is due (the app's GUI timer, ui/app.py; here a thread)."""

    def __enter__(self) -> AppGarbageCollection:
        from inspector.garbage import collect_due

        self.stop = threading.Event()
        gc.disable()

        def tick() -> None:
            while not self.stop.wait(1.0):
                collect_due()

        self.thread = threading.Thread(target=tick, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        gc.enable()


def timed_pull(ws: Any, server_pid: int) -> tuple[float, Any, dict[str, float]]:
    """A sync, with the CPU seconds the laptop and the server spent on it: on a machine shared with
    other work the wall time says little, the CPU time per record still compares runs."""
    laptop_cpu, server_cpu = time.process_time(), cpu_seconds(server_pid)
    with AppGarbageCollection():
        seconds, result = timed(lambda: ws.sync.run())
    per = 1e6 / max(1, result.pulled)
    return seconds, result, {"laptop_cpu_us": (time.process_time() - laptop_cpu) * per,
                             "server_cpu_us": (cpu_seconds(server_pid) - server_cpu) * per}


SETTLED_S = 5.0  # seconds after a pull before the syncs with nothing to do
SERIES, SERIES_GAP_S = 5, 2.0  # series of syncs with nothing to do, this far apart


def settled_noop_ms(ws: Any, server_pid: int) -> tuple[float, float, float, float, list[float]]:
    """The sync with nothing to do as the app meets it, from ``SETTLED_S`` after the pull (the
    inspector's next sync, or the one when the server is reachable again): ``SERIES`` series of 15,
    ``SERIES_GAP_S`` apart, so that one slow moment of the machine (its speed drifts by half within
    seconds) does not make the figure; the medians of all of them, each series' median wall time, and
    the median wall time right after the pull too (the first syncs then pay for the pull's
    after-effects on both sides)."""
    right_after = statistics.median(noop_times(ws, server_pid)[0])
    time.sleep(SETTLED_S)
    walls, cpus, servers, medians = [], [], [], []
    for n in range(SERIES):
        if n:
            time.sleep(SERIES_GAP_S)
        wall, cpu, server = noop_times(ws, server_pid)
        walls += wall
        cpus += cpu
        servers.append(server)
        medians.append(round(statistics.median(wall), 2))
    return statistics.median(walls), statistics.median(cpus), statistics.mean(servers), right_after, medians


def noop_times(ws: Any, server_pid: int, repeat: int = 15) -> tuple[list[float], list[float], float]:
    """``repeat`` syncs with nothing to do one after the other, garbage collected as the app collects
    it: each one's wall and laptop CPU time, and the server's CPU time per sync, in ms."""
    walls, cpus = [], []
    server = cpu_seconds(server_pid)
    with AppGarbageCollection():
        for _ in range(repeat):
            cpu = time.process_time()
            walls.append(timed(lambda: ws.sync.run())[0] * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
    return walls, cpus, (cpu_seconds(server_pid) - server) * 1000 / repeat


def push_visits(ws: Any, visits: int, photos: int, photo_kb: int) -> tuple[float, Any, int]:
    """Record ``visits`` started visits with ``photos`` photos each, then time their push."""
    from inspector.attachments import ImportedImage, sha256_hex

    total_bytes = 0
    cases = [ws.cases.create(f"P-{n:05d}", "sociaal", team="Team Bench", ground_facts=FACTS,
                            ground_source="LAA", ground_date="2026-09-01",
                            ground_why_not_lighter="Gesprek gaf geen uitsluitsel")
             for n in range(visits // 10)]
    for n in range(visits):
        visit = ws.visits.plan(cases[n % len(cases)].id, "S1", "2026-12-01T09:00")
        ws.visits.start(visit.id)
        ws.visits.record_id_shown(visit.id)
        ws.visits.record_consent(visit.id, "given", "Demo A", photo_consent=True)
        for k in range(photos):
            data = os.urandom(photo_kb * 1024)
            total_bytes += len(data)
            image = ImportedImage(data, sha256_hex(data), "image/jpeg", 2560, 1920, None)
            ws.visits.add_imported_photo(visit.id, image,
                                  caption=f"Foto {k + 1}")
    seconds, result = timed(lambda: ws.sync.run())
    return seconds, result, total_bytes


def latency(url: str, laptops: int, rounds: int) -> dict[str, float]:
    """``laptops`` threads, each ``rounds`` times: push one small change, pull from its cursor."""
    import httpx

    from inspector.sync.client import SyncClient

    tokens = []
    for n in range(laptops):
        with SyncClient(url) as c:
            tokens.append(c.login(f"latency-{n % 5}", PASSWORD, f"laptop {n}")["token"])
    lat: list[float] = []
    kinds: dict[str, list[float]] = {"push": [], "pull": []}
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(laptops + 1)

    def run(n: int) -> None:
        client = SyncClient(url, tokens[n], timeout=httpx.Timeout(60.0))
        case_id = str(uuid.uuid4())
        cursor, base_rev = "", 0
        mine_kinds: dict[str, list[float]] = {"push": [], "pull": []}
        try:
            first = client.push(f"latency-{n}-create", [{"entity": "cases", "id": case_id, "case_id": case_id,
                                                     "base_rev": 0, "fields": {"number": f"L-{n:03d}",
                                                                               "domain": "oov",
                                                                               "team": "Team Latency"}}])
            base_rev = first["results"][0]["rev"]
            while True:
                page = client.pull(cursor, 1000)
                cursor = page["cursor"]
                if not page["more"]:
                    break
            barrier.wait()
            for r in range(rounds):
                t0 = time.perf_counter()
                answer = client.push(f"latency-{n}-{r}", [{"entity": "cases", "id": case_id,
                                                           "case_id": case_id, "base_rev": base_rev,
                                                           "fields": {"title": f"Ronde {r}"}}])
                mine_kinds["push"].append(time.perf_counter() - t0)
                base_rev = answer["results"][0]["rev"]
                t0 = time.perf_counter()
                page = client.pull(cursor, 1000)
                mine_kinds["pull"].append(time.perf_counter() - t0)
                cursor = page["cursor"]
        except Exception as exc:  # noqa: BLE001 - reported below
            with lock:
                errors.append(repr(exc))
            barrier.abort()
        finally:
            client.close()
        with lock:
            for kind, values in mine_kinds.items():
                kinds[kind].extend(values)
                lat.extend(values)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(laptops)]
    for t in threads:
        t.start()
    try:
        barrier.wait()  # every laptop has logged in, created its case and pulled: go
    except threading.BrokenBarrierError:
        pass
    start = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    if errors:
        print(f"first error of {len(errors)}: {errors[0]}", flush=True)
    if not lat:
        return {"requests": 0, "errors": len(errors), "p50_ms": 0, "p99_ms": 0, "max_ms": 0, "req_per_s": 0}
    figures = {"requests": len(lat), "errors": len(errors), "req_per_s": len(lat) / wall, **_spread(lat)}
    for kind, values in kinds.items():
        figures.update({f"{kind}_{k}": v for k, v in _spread(values).items()})
    return figures


def _ms(values: list[float]) -> str:
    return " / ".join(f"{v:.1f}" for v in values) + " ms"


def _spread(values: list[float]) -> dict[str, float]:
    """Median, 99th percentile and maximum in milliseconds."""
    values = sorted(values)
    if not values:
        return {"p50_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0}
    return {"p50_ms": statistics.median(values) * 1000,
            "p99_ms": values[min(len(values) - 1, int(len(values) * 0.99))] * 1000,
            "max_ms": values[-1] * 1000}


def measure_pull(args: argparse.Namespace, url: str, team_id: int, base: str, server_pid: int, tmp: Path,
                 figures: dict[str, Any]) -> None:

    last = seed_server_records(url, team_id, "Team Bench", args.cases, args.visits, 0)
    ws = laptop(tmp / "laptop-1", base, "bench-0")
    seconds, result, cpu = timed_pull(ws, server_pid)
    figures["initial_pull_s"] = seconds
    figures["initial_pull_records"] = result.pulled
    figures.update({f"pull_{k}": round(v, 1) for k, v in cpu.items()})
    print(f"initial pull: {args.cases} cases + {args.visits} visits in {seconds:.2f} s "
          f"({result.pulled / seconds:.0f} records/s; target < 10 s); CPU per record: laptop "
          f"{cpu['laptop_cpu_us']:.0f} µs, server {cpu['server_cpu_us']:.0f} µs (target ≥ 25 000 records/s)",
          flush=True)
    (figures["noop_ms"], figures["noop_cpu_ms"], figures["noop_server_cpu_ms"],
     figures["noop_right_after_ms"], figures["noop_series_ms"]) = settled_noop_ms(ws, server_pid)
    print(f"sync with nothing to do: {figures['noop_ms']:.1f} ms, laptop CPU {figures['noop_cpu_ms']:.1f} ms "
          f"(medians of {SERIES} series of 15), server CPU {figures['noop_server_cpu_ms']:.1f} ms "
          f"(target ≤ 5 ms); each series {_ms(figures['noop_series_ms'])}; right after the pull "
          f"{figures['noop_right_after_ms']:.1f} ms", flush=True)
    ws.close()
    if args.scale <= 1:
        return
    seed_server_records(url, team_id, "Team Bench", args.cases * (args.scale - 1),
                        args.visits * (args.scale - 1), last)
    big = laptop(tmp / "laptop-big", base, "bench-1")
    seconds, result, cpu = timed_pull(big, server_pid)
    figures["big_pull_s"] = seconds
    figures["big_pull_records"] = result.pulled
    figures.update({f"pull_x10_{k}": round(v, 1) for k, v in cpu.items()})
    print(f"initial pull x{args.scale}: {result.pulled} records in {seconds:.1f} s "
          f"({result.pulled / seconds:.0f} records/s); CPU per record: laptop {cpu['laptop_cpu_us']:.0f} µs, "
          f"server {cpu['server_cpu_us']:.0f} µs", flush=True)
    (figures["noop_big_ms"], figures["noop_cpu_ms_x10"], figures["noop_server_cpu_ms_x10"],
     figures["noop_right_after_ms_x10"], figures["noop_series_ms_x10"]) = settled_noop_ms(big, server_pid)
    print(f"sync with nothing to do, workspace x{args.scale}: {figures['noop_big_ms']:.1f} ms, laptop CPU "
          f"{figures['noop_cpu_ms_x10']:.1f} ms, server CPU {figures['noop_server_cpu_ms_x10']:.1f} ms "
          f"(target: no slower); each series {_ms(figures['noop_series_ms_x10'])}; right after the pull "
          f"{figures['noop_right_after_ms_x10']:.1f} ms", flush=True)
    big.close()


def measure_push(args: argparse.Namespace, base: str, tmp: Path, figures: dict[str, Any]) -> None:

    pusher = laptop(tmp / "laptop-push", base, "bench-2")
    pusher.sync.run()
    seconds, result, size = push_visits(pusher, args.push_visits, 3, args.photo_kb)
    figures["push_s"] = seconds
    print(f"push of {args.push_visits} visits with 3 photos each ({size / 2**20:.0f} MB of photos, "
          f"{result.pushed} records, {result.blobs_up} photos): {seconds:.1f} s "
          f"({size / 2**20 / seconds:.0f} MB/s)", flush=True)
    pusher.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--visits", type=int, default=50_000)
    parser.add_argument("--scale", type=int, default=10, help="the larger workspace for the no-op sync")
    parser.add_argument("--push-visits", type=int, default=1000)
    parser.add_argument("--photo-kb", type=int, default=150)
    parser.add_argument("--laptops", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--parts", default="pull,push,latency", help="which figures to measure")
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())

    from inspector.server import admin
    from inspector.server.db import Database
    from inspector.server.migrations import migrate
    from tests.servers import running_pg_cluster

    figures: dict[str, Any] = {}
    with running_pg_cluster() as cluster, tempfile.TemporaryDirectory() as tmp:
        url = cluster.create_database("inspector_bench")
        db = Database(url)
        migrate(db.engine)
        team_id = admin.add_team(db, "Team Bench")
        admin.add_team(db, "Team Latency")
        for n in range(5):
            admin.add_user(db, f"bench-{n}", PASSWORD, "inspector", ["Team Bench"])
            admin.add_user(db, f"latency-{n}", PASSWORD, "inspector", ["Team Latency"])
        proc, base = start_server(url, args.workers, Path(tmp) / "blobs")
        parts = set(args.parts.split(","))
        try:
            if "pull" in parts:
                measure_pull(args, url, team_id, base, proc.pid, Path(tmp), figures)
            if "push" in parts:
                measure_push(args, base, Path(tmp), figures)
            if "latency" in parts:
                # The earlier parts leave a large heap here; without this the simulated laptops'
                # own garbage collection pauses would count as server latency.
                gc.collect()
                gc.freeze()
                lat = latency(base, args.laptops, args.rounds)
                figures["latency"] = lat
                print(f"{args.laptops} laptops at once ({args.workers} server process(es)), "
                      f"{lat['requests']:.0f} "
                      f"requests ({lat['errors']:.0f} errors): median {lat['p50_ms']:.0f} ms, p99 "
                      f"{lat['p99_ms']:.0f} ms, max {lat['max_ms']:.0f} ms, "
                      f"{lat['req_per_s']:.0f} requests/s "
                      "(target p99 < 500 ms)", flush=True)
                print(f"  push: median {lat['push_p50_ms']:.0f} ms, p99 {lat['push_p99_ms']:.0f} ms; "
                      f"pull: median {lat['pull_p50_ms']:.0f} ms, p99 {lat['pull_p99_ms']:.0f} ms",
                      flush=True)
        finally:
            proc.terminate()
            proc.wait(10)
            db.dispose()
    if "initial_pull_s" in figures:  # the names issue 13 compares runs by
        figures["pull_records_per_s"] = round(figures["initial_pull_records"] / figures["initial_pull_s"])
    if "big_pull_s" in figures:
        figures["pull_records_per_s_x10"] = round(figures["big_pull_records"] / figures["big_pull_s"])
        figures["noop_ms_x10"] = figures["noop_big_ms"]
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
