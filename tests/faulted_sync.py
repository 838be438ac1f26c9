"""The faulted-sync campaign: laptops and a real server through a proxy that breaks connections.

Every round each laptop works offline — its own cases and visits (a conclusion, photos, visits
finalized), and a summary and an address that all laptops change at the same time (same-field
conflicts), on a shared case that also holds a visit finalized halfway — and then syncs through a
proxy that resets, stalls and truncates connections at random. After the last round the proxy is
made clean and every laptop syncs until nothing moves. Then it must hold that:

- every laptop holds the same data and has nothing left to send;
- nothing acknowledged is lost: a laptop's own edit is the final value everywhere; of an edit all
  laptops made at once, each laptop's last value is the final value or one side of a kept conflict;
- nothing is duplicated (cases, photos, server records);
- every photo is on every laptop, byte for byte;
- every finalized visit has its receipt and passes verification (photos included) on every laptop.

Used by ``tests/test_faulted_sync.py`` (a short run in the test command) and by
``tools/faulted_sync.py`` (the long run, ``make faulted-sync``).
"""

from __future__ import annotations

import functools
import hashlib
import io
import random
import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
from PIL import Image

from inspector import records
from inspector.attachments import ImportedImage, sha256_hex
from inspector.errors import SyncError
from inspector.ids import short_id
from inspector.sync import session
from inspector.sync.client import SyncClient
from inspector.workspace import Workspace
from tests.servers import PASSWORD, CuttingProxy, RunningServer, _close
from tests.test_sync import finish, make_case, started_visit, table

USERS = ("toezichthouder-zuid", "toezichthouder-zuid-2")  # a third laptop is a second device of the first


# --- the proxy ---------------------------------------------------------------------------------
@dataclass
class Fault:
    kind: str  # "reset" (RST both ways), "truncate" (a clean close mid-stream), "stall" (a pause)
    direction: str  # "up" (laptop → server) or "down"
    after: int  # bytes passed in that direction before it strikes
    pause: float = 0.0  # seconds, for a stall


class FaultProxy(CuttingProxy):
    """A loopback proxy that gives a share of its connections a fault (while ``enabled``)."""

    def __init__(self, target_port: int, rng: random.Random, rate: float, max_pause: float) -> None:
        self.rng, self.rate, self.max_pause = rng, rate, max_pause
        self.enabled = False
        self.fired: Counter[str] = Counter()
        super().__init__(target_port)

    def _plan(self) -> Fault | None:
        with self._lock:
            rng = self.rng
            if not self.enabled or rng.random() >= self.rate:
                return None
            kind = rng.choice(("reset", "reset", "truncate", "stall"))
            direction = "down" if kind == "truncate" else rng.choice(("up", "down"))
            after = rng.choice((rng.randrange(0, 1_500), rng.randrange(0, 20_000),
                                rng.randrange(0, 400_000)))
            return Fault(kind, direction, after, round(rng.uniform(0.2, self.max_pause), 2))

    def _serve(self, client: socket.socket, upstream: socket.socket) -> None:
        conn = _FaultConn(self, client, upstream, self._plan())
        threading.Thread(target=conn.pipe, args=("up",), daemon=True).start()
        threading.Thread(target=conn.pipe, args=("down",), daemon=True).start()


class _FaultConn:
    def __init__(self, proxy: FaultProxy, client: socket.socket, upstream: socket.socket,
                 fault: Fault | None) -> None:
        self.proxy, self.client, self.upstream, self.fault = proxy, client, upstream, fault
        self.passed = 0

    def pipe(self, direction: str) -> None:
        src, dst = (self.client, self.upstream) if direction == "up" else (self.upstream, self.client)
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                fault = self.fault
                if fault is None or fault.direction != direction or self.passed + len(data) <= fault.after:
                    self.passed += len(data) if fault and fault.direction == direction else 0
                    dst.sendall(data)
                    continue
                self.fault = None
                keep = fault.after - self.passed
                dst.sendall(data[:keep])
                with self.proxy._lock:  # noqa: SLF001
                    self.proxy.fired[fault.kind] += 1
                if fault.kind == "stall":
                    time.sleep(fault.pause)
                    dst.sendall(data[keep:])
                    continue
                if fault.kind == "reset":
                    for sock in (self.client, self.upstream):
                        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                break
        except OSError:
            pass
        finally:
            _close(self.client)
            _close(self.upstream)


# --- the campaign ------------------------------------------------------------------------------
@dataclass
class Laptop:
    name: str
    ws: Workspace
    cases: list[str] = field(default_factory=list)
    open_visits: list[str] = field(default_factory=list)


@dataclass
class Figures:
    backend: str
    laptops: int
    rounds: int
    syncs: int = 0
    failed_syncs: int = 0
    faults: dict[str, int] = field(default_factory=dict)
    edits: int = 0
    cases: int = 0
    photos: int = 0
    finalized: int = 0
    conflicts: int = 0
    refused_on_sealed: int = 0
    settle_passes: int = 0
    lost: int = 0
    duplicated: int = 0
    photos_differing: int = 0
    without_receipt: int = 0
    unverified: int = 0
    differing_tables: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def held(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "problems": self.problems[:20]}


class Campaign:
    def __init__(self, server: RunningServer, folder: Path, *, laptops: int = 2, rounds: int = 6,
                 seed: int = 1, rate: float = 0.7, timeout: float = 2.0) -> None:
        self.server, self.folder = server, folder
        self.rng = random.Random(seed)
        self.rounds = rounds
        self.proxy = FaultProxy(server.thread.port, random.Random(seed + 1), rate, max_pause=2 * timeout)
        self.client = functools.partial(SyncClient, timeout=httpx.Timeout(timeout, connect=timeout))
        self.figures = Figures(server.kind, laptops, rounds)
        self.laptops = [self._laptop(i) for i in range(laptops)]
        self.own: dict[tuple[str, str, str], str] = {}  # (entity, id, field) → the one writer's last value
        self.shared: dict[tuple[str, str, str], dict[str, str]] = {}  # … → {laptop: its last value}
        self.photos: set[tuple[str, str]] = set()  # (visit id, sha256)
        self.finalized: set[str] = set()
        self.case_numbers: set[str] = set()

    def _laptop(self, i: int) -> Laptop:
        ws = Workspace.open(self.folder / f"laptop-{i}")
        ws.settings.set_profile(f"Toezichthouder {i + 1}", f"TH-{i + 1:04d}", "Team Zuid")
        session.login(ws.sync, self.proxy.url, USERS[i % len(USERS)], PASSWORD, device_name=f"laptop {i}")
        return Laptop(f"L{i + 1}", ws)

    def close(self) -> None:
        self.proxy.close()
        for lap in self.laptops:
            lap.ws.close()

    # --- running --------------------------------------------------------------------------------
    def run(self) -> Figures:
        started = time.perf_counter()
        first = self.laptops[0]
        shared = self._new_case(first)
        self.shared_case = first.ws.cases.get(shared)
        self.shared_open = first.open_visits.pop()
        self.shared_sealed = started_visit(first.ws, shared)  # finalized by the first laptop halfway
        for lap in self.laptops:
            lap.ws.sync.run()
        self.proxy.enabled = True
        for number in range(self.rounds):
            for lap in self.laptops:
                self._edit(lap, number)
            for lap in self.rng.sample(self.laptops, len(self.laptops)):
                self._sync(lap)
        self.proxy.enabled = False
        self._settle()
        self._check()
        self.figures.faults = dict(self.proxy.fired)
        self.figures.seconds = round(time.perf_counter() - started, 1)
        return self.figures

    def _sync(self, lap: Laptop) -> None:
        self.figures.syncs += 1
        try:
            lap.ws.sync.run(client_factory=self.client)
        except SyncError:
            self.figures.failed_syncs += 1

    def _settle(self) -> None:
        """Clean syncs, round after round, until a round in which no laptop sends or receives."""
        for passes in range(1, 8):
            moved = 0
            for lap in self.laptops:
                result = lap.ws.sync.run()
                moved += result.pushed + result.pulled + result.receipts + result.blobs_up + result.blobs_down
            self.figures.settle_passes = passes
            if not moved:
                return
        self.figures.problems.append("the laptops still exchanged records after 7 clean passes")

    # --- offline work ---------------------------------------------------------------------------
    def _new_case(self, lap: Laptop) -> str:
        index = self.laptops.index(lap) if lap in self.laptops else 0
        case_number = f"2026-{(index + 1) * 1000 + len(lap.cases):04d}"
        case = make_case(lap.ws, case_number)
        lap.cases.append(case.id)
        lap.open_visits.append(started_visit(lap.ws, case.id))
        self.case_numbers.add(case_number)
        self.figures.edits += 6
        return case.id

    def _edit(self, lap: Laptop, number: int) -> None:
        ws, tag, rng = lap.ws, f"{lap.name} ronde {number + 1}", self.rng
        if not lap.open_visits or rng.random() < 0.3:
            self._new_case(lap)
        visit_id = rng.choice(lap.open_visits)
        ws.visits.set_report_text(visit_id, conclusion=f"Conclusie {tag}")
        self._own("visits", visit_id, "conclusion", f"Conclusie {tag}")
        if rng.random() < 0.5:
            size = rng.choice((120, 400, 1100))
            photo = _noise(rng, size, size * 3 // 4)
            ws.visits.add_imported_photo(visit_id, photo, caption=f"Foto {tag}")
            self.photos.add((visit_id, photo.sha256))
            self.figures.edits += 1
        self._shared(lap, "visits", self.shared_open, "summary", f"Samenvatting {tag}",
                     lambda value: ws.visits.set_report_text(self.shared_open, summary=value))
        self._shared(lap, "addresses", str(self.shared_case.address_id), "straat", f"Kerkstraat {tag}",
                     lambda value: ws.cases.update_address(self.shared_case.id, straat=value))
        if ws.visits.get(self.shared_sealed).status in ("in_progress", "planned"):
            self._shared(lap, "visits", self.shared_sealed, "summary", f"Samenvatting {tag}",
                         lambda value: ws.visits.set_report_text(self.shared_sealed, summary=value))
            if lap is self.laptops[0] and number == self.rounds // 2:
                self._finalize(lap, self.shared_sealed)
        else:
            self.figures.refused_on_sealed += _refused(
                lambda: ws.visits.set_report_text(self.shared_sealed, summary=f"Te laat {tag}"))
        if len(lap.open_visits) > 1 and rng.random() < 0.3:
            done = rng.choice([v for v in lap.open_visits if v != visit_id])
            lap.open_visits.remove(done)
            self._finalize(lap, done)

    def _finalize(self, lap: Laptop, visit_id: str) -> None:
        finish(lap.ws, visit_id)
        self.finalized.add(visit_id)
        self.figures.edits += 6

    def _own(self, entity: str, entity_id: str, name: str, value: str) -> None:
        self.own[(entity, entity_id, name)] = value
        self.figures.edits += 1

    def _shared(self, lap: Laptop, entity: str, entity_id: str, name: str, value: str,
                write: Any) -> None:
        write(value)
        self.shared.setdefault((entity, entity_id, name), {})[lap.name] = value
        self.figures.edits += 1

    # --- what must hold -------------------------------------------------------------------------
    def _check(self) -> None:
        f, laps = self.figures, self.laptops
        problem = f.problems.append
        for lap in laps:
            if lap.ws.sync.status().pending:
                problem(f"{lap.name} still has {lap.ws.sync.status().pending} changes to send")
        tables = {lap.name: {name: table(lap.ws, name) for name in records.PUSH_ORDER} for lap in laps}
        first = tables[laps[0].name]
        for lap in laps[1:]:
            for name in records.PUSH_ORDER:
                if tables[lap.name][name] != first[name]:
                    f.differing_tables.append(f"{lap.name}:{name}")
                    problem(f"{lap.name} differs from {laps[0].name} in {name}")
        kept: set[tuple[str, str, str, str]] = set()
        for lap in laps:
            for c in lap.ws.sync.conflicts():
                f.conflicts += 1
                for value in (c.local_value, c.server_value):
                    kept.add((c.entity, c.entity_id, c.field, str(value)))
        for lap in laps:
            rows = tables[lap.name]
            for (entity, entity_id, name), value in self.own.items():
                if rows[entity].get(entity_id, {}).get(name) != value:
                    f.lost += 1
                    problem(f"{lap.name}: {entity}.{name} of {short_id(entity_id)} is not '{value}'")
            for (entity, entity_id, name), last in self.shared.items():
                final = rows[entity].get(entity_id, {}).get(name)
                for writer, value in last.items():
                    if value != final and (entity, entity_id, name, value) not in kept:
                        f.lost += 1
                        problem(f"{lap.name}: '{value}' ({writer}) is neither {entity}.{name} nor kept")
        self._check_records(tables)
        f.photos, f.cases, f.finalized = len(self.photos), len(self.case_numbers), len(self.finalized)

    def _check_records(self, tables: dict[str, dict[str, dict[str, dict[str, Any]]]]) -> None:
        f, problem = self.figures, self.figures.problems.append
        for lap in self.laptops:
            rows, ws = tables[lap.name], lap.ws
            numbers = Counter(r["number"] for r in rows["cases"].values())
            f.duplicated += sum(n - 1 for n in numbers.values())
            if set(numbers) != self.case_numbers:
                f.lost += len(self.case_numbers - set(numbers))
                problem(f"{lap.name} holds cases {sorted(numbers)}, expected {sorted(self.case_numbers)}")
            photos = Counter((r["visit_id"], r["sha256"]) for r in rows["attachments"].values()
                             if r["kind"] == "photo" and not r["deleted"])
            f.duplicated += sum(n - 1 for n in photos.values())
            for visit_id, sha in self.photos:
                data = ws.visits.blob(sha)
                if (visit_id, sha) not in photos or data is None:
                    f.lost += 1
                    problem(f"{lap.name} lacks photo {sha[:12]} of visit {short_id(visit_id)}")
                elif hashlib.sha256(data).hexdigest() != sha:
                    f.photos_differing += 1
                    problem(f"{lap.name}: photo {sha[:12]} differs from what was taken")
            for visit_id in self.finalized:
                visit = ws.visits.get(visit_id)
                if not visit.receipt.startswith("r2."):
                    f.without_receipt += 1
                    problem(f"{lap.name}: finalized visit {short_id(visit_id)} has no receipt")
                verdict = ws.evidence.verify(visit_id, photos=True)
                if not verdict.ok:
                    f.unverified += 1
                    failed = [c.name for c in verdict.checks if c.state == "failed"]
                    problem(f"{lap.name}: finalized visit {short_id(visit_id)} fails {failed}")
        for entity in records.PUSH_ORDER:
            held = self.server.records(entity)
            ids = Counter(r["id"] for r in held)
            f.duplicated += sum(n - 1 for n in ids.values())
            if entity == "cases":
                f.duplicated += len(held) - len({r["data"]["number"] for r in held})


def _noise(rng: random.Random, width: int, height: int) -> ImportedImage:
    img = Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    data = buf.getvalue()
    return ImportedImage(data, sha256_hex(data), "image/jpeg", width, height, None)


def _refused(write: Any) -> int:
    """1 when a write to a sealed visit is refused, as it must be; the campaign notes it otherwise."""
    from inspector.errors import WorkflowError

    try:
        write()
    except WorkflowError:
        return 1
    raise AssertionError("a finalized visit took an edit")
