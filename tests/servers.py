"""Fixtures for the sync tests: a real PostgreSQL, real uvicorn servers, a connection-cutting proxy.

Load with ``pytest_plugins = ["tests.servers"]``. PostgreSQL 15 is started once per session in a
temporary folder (fsync off); each server runs uvicorn in a thread on a free 127.0.0.1 port and keeps
its files in a temporary folder, or (``s3_server_session``) in a bucket of moto's S3 server, run as a
process on 127.0.0.1. Between tests the data tables are emptied; users and teams (seeded once, with
cheap argon2 parameters) stay.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import uvicorn

PG_BIN = Path(os.environ.get("INSPECTOR_PG_BIN", "/usr/lib/postgresql/15/bin"))
PASSWORD = "wachtwoord-test-1"
TEAMS = ("Team Zuid", "Team Noord")
USERS = (  # username, role, teams
    ("toezichthouder-zuid", "inspector", ["Team Zuid"]),
    ("toezichthouder-zuid-2", "inspector", ["Team Zuid"]),
    ("coordinator-zuid", "coordinator", ["Team Zuid"]),
    ("toezichthouder-noord", "inspector", ["Team Noord"]),
    ("coordinator-noord", "coordinator", ["Team Noord"]),
    ("beheerder", "admin", []),
)


# --- PostgreSQL --------------------------------------------------------------------------------
def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgCluster:
    folder: Path
    port: int

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        engine.dispose()
        return self.url(name)


@contextmanager
def running_pg_cluster() -> Iterator[PgCluster]:
    """Start a throwaway PostgreSQL 15 cluster on 127.0.0.1 (trust auth, fsync off); stop it after."""
    if not (PG_BIN / "initdb").exists():
        raise RuntimeError(f"PostgreSQL binaries not found in {PG_BIN}; run tools/system-deps.sh")
    folder = Path(tempfile.mkdtemp(prefix="inspector-pg-"))
    data, sockets = folder / "data", folder / "sock"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(sockets, "postgres")
    port = free_port()
    subprocess.run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                                 "--no-sync", "-E", "UTF8", "--locale=C"]),
                   check=True, capture_output=True)
    options = (f"-k {sockets} -c listen_addresses=127.0.0.1 -c port={port} -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "log"),
                                 "-o", options, "start"]), check=True, capture_output=True)
    try:
        yield PgCluster(folder, port)
    finally:
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """A throwaway PostgreSQL 15 cluster, once per session."""
    try:
        with running_pg_cluster() as cluster:
            yield cluster
    except RuntimeError as exc:
        pytest.fail(str(exc))


# --- uvicorn -----------------------------------------------------------------------------------
class ServerThread:
    """A real uvicorn serving ``app`` on a free 127.0.0.1 port, in a background thread."""

    def __init__(self, app: Any) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = int(self.sock.getsockname()[1])
        from inspector.server.http_limits import uvicorn_options

        config = uvicorn.Config(app, log_level="error", lifespan="off", **uvicorn_options())
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       daemon=True, name=f"uvicorn-{self.port}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


@dataclass
class RunningServer:
    """A server the tests talk to: its URL, its database, and helpers to act as a user."""

    url: str
    db: Any  # inspector.server.db.Database
    kind: str
    thread: ServerThread = field(repr=False)
    store: Any = field(default=None, repr=False)  # inspector.server.storage.BlobStore

    def reset(self) -> None:
        from inspector.server.db import DATA_TABLES

        with self.db.write() as conn:
            for table in DATA_TABLES:
                conn.execute(sa.delete(table))

    def records(self, entity: str | None = None) -> list[dict[str, Any]]:
        """Every record the server holds (decoded), ordered by revision."""
        import json

        from inspector.server.db import records

        query = sa.select(records).order_by(records.c.rev)
        if entity:
            query = query.where(records.c.entity == entity)
        with self.db.read() as conn:
            return [dict(r._mapping, data=json.loads(r.data)) for r in conn.execute(query)]

    def max_rev(self) -> int:
        from inspector.server.db import records

        with self.db.read() as conn:
            return int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(records.c.rev), 0))).scalar_one())

    def token(self, username: str) -> str:
        """Log ``username`` in over HTTP and return a device token."""
        import httpx

        from inspector.protocol.constants import HEADER, PROTOCOL_VERSION

        r = httpx.post(f"{self.url}/api/v1/login", headers={HEADER: str(PROTOCOL_VERSION)},
                       json={"username": username, "password": PASSWORD, "device_name": "test"})
        r.raise_for_status()
        return str(r.json()["token"])


def _seed(db: Any) -> None:
    from inspector.server import admin

    for name in TEAMS:
        admin.add_team(db, name)
    for username, role, teams in USERS:
        admin.add_user(db, username, PASSWORD, role, teams, time_cost=1, memory_cost=1024)


def start_server(url: str, kind: str, blob_store: Any = None, report_signer: Any = None) -> RunningServer:
    """A seeded server on ``url`` (a SQLAlchemy URL), serving in a thread; its files in ``blob_store``
    (default: a new temporary folder); signing the reports it hands out with ``report_signer``."""
    from inspector.server.app import create_app

    app = create_app(url, blob_store=blob_store or tempfile.mkdtemp(prefix="inspector-blobs-"),
                     report_signer=report_signer)
    _seed(app.state.db)
    thread = ServerThread(app).start()
    return RunningServer(thread.url, app.state.db, kind, thread, app.state.store)


# --- S3 (moto's server) -------------------------------------------------------------------------
@contextmanager
def running_moto() -> Iterator[str]:
    """moto's S3 server as a process on a free 127.0.0.1 port; yields its endpoint URL."""
    import sys

    import httpx

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(endpoint + "/moto-api/", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("moto's S3 server did not start") from None
                time.sleep(0.1)
        yield endpoint
    finally:
        proc.terminate()
        proc.wait(10)


def s3_store(endpoint: str, bucket: str, prefix: str = "inspector") -> Any:
    """A blob store in a new bucket of the S3 server at ``endpoint`` (moto accepts any keys)."""
    import httpx

    from inspector.server.storage.objects import ObjectStore

    httpx.put(f"{endpoint}/{bucket}").raise_for_status()
    return ObjectStore(bucket, prefix, endpoint=endpoint, region="us-east-1", access_key_id="test",
                       secret_access_key="test")


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    with running_moto() as endpoint:
        yield endpoint


@pytest.fixture(scope="session")
def s3_server_session(pg_cluster: PgCluster, moto_endpoint: str) -> Iterator[RunningServer]:
    """A PostgreSQL-backed server keeping its files in object storage (moto's S3 server)."""
    running = start_server(pg_cluster.create_database("inspector_s3"), "postgresql-s3",
                           s3_store(moto_endpoint, "inspector-test"))
    yield running
    running.thread.stop()
    running.db.dispose()


@pytest.fixture(scope="session")
def pg_server_session(pg_cluster: PgCluster) -> Iterator[RunningServer]:
    running = start_server(pg_cluster.create_database("inspector_sync"), "postgresql")
    yield running
    running.thread.stop()
    running.db.dispose()


@pytest.fixture(scope="session")
def sqlite_server_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    path = tmp_path_factory.mktemp("server") / "inspector-server.db"
    running = start_server(f"sqlite:///{path}", "sqlite")
    yield running
    running.thread.stop()
    running.db.dispose()


@pytest.fixture
def server(pg_server_session: RunningServer) -> RunningServer:
    """The PostgreSQL-backed server, emptied of data (users and teams stay)."""
    pg_server_session.reset()
    return pg_server_session


@pytest.fixture(params=["postgresql", "sqlite"])
def any_server(request: pytest.FixtureRequest) -> RunningServer:
    """Each backend in turn: PostgreSQL and the embedded SQLite default."""
    running: RunningServer = request.getfixturevalue(
        "pg_server_session" if request.param == "postgresql" else "sqlite_server_session")
    running.reset()
    return running


@pytest.fixture(params=["postgresql", "sqlite", "postgresql-s3"])
def any_store(request: pytest.FixtureRequest) -> RunningServer:
    """Each backend and each blob store in turn: PostgreSQL and SQLite with files in a folder, and
    PostgreSQL with files in object storage (moto's S3 server)."""
    name = {"postgresql": "pg_server_session", "sqlite": "sqlite_server_session",
            "postgresql-s3": "s3_server_session"}[request.param]
    running: RunningServer = request.getfixturevalue(name)
    running.reset()
    return running


# --- the proxy that drops connections ------------------------------------------------------------
class CuttingProxy:
    """A loopback TCP proxy; ``cut()`` arms a one-shot drop of a connection after N bytes.

    ``cut(when=b"PUT /api/v1/blobs/", direction="up", after=1_300_000)``: once a request starting
    with ``when`` passes, count bytes in ``direction`` ("up" = laptop → server, "down" = server →
    laptop) and close both sides when ``after`` is reached.
    """

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.bytes_up = 0
        self.bytes_down = 0
        self.cuts = 0
        self.connections = 0  # connections passed on to the server
        self._rule: tuple[bytes, str, int] | None = None
        self._lock = threading.Lock()
        self._socks: list[socket.socket] = []
        self._closed = False
        self._down = False
        threading.Thread(target=self._accept, daemon=True, name=f"proxy-{self.port}").start()

    @property
    def down(self) -> bool:
        """True: the server seems away (its open connections are cut, every new one closed at once)."""
        return self._down

    @down.setter
    def down(self, value: bool) -> None:
        self._down = value
        if value:
            for s in list(self._socks):
                _close(s)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cut(self, when: bytes, direction: str, after: int) -> None:
        with self._lock:
            self._rule = (when, direction, after)

    def close(self) -> None:
        self._closed = True
        self.listener.close()
        for s in list(self._socks):
            _close(s)

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.down:
                _close(client)
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                _close(client)
                continue
            self._socks += [client, upstream]
            self.connections += 1
            self._serve(client, upstream)

    def _serve(self, client: socket.socket, upstream: socket.socket) -> None:
        conn = _Conn(self, client, upstream)
        threading.Thread(target=conn.pipe, args=("up",), daemon=True).start()
        threading.Thread(target=conn.pipe, args=("down",), daemon=True).start()


class _Conn:
    def __init__(self, proxy: CuttingProxy, client: socket.socket, upstream: socket.socket) -> None:
        self.proxy, self.client, self.upstream = proxy, client, upstream
        self.armed: tuple[str, int] | None = None  # direction, bytes left
        self.tail = b""

    def pipe(self, direction: str) -> None:
        src, dst = (self.client, self.upstream) if direction == "up" else (self.upstream, self.client)
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                data, cut = self._filter(direction, data)
                if data:
                    dst.sendall(data)
                if cut:
                    break
        except OSError:
            pass
        finally:
            _close(self.client)
            _close(self.upstream)

    def _filter(self, direction: str, data: bytes) -> tuple[bytes, bool]:
        proxy = self.proxy
        with proxy._lock:  # noqa: SLF001
            if direction == "up":
                proxy.bytes_up += len(data)
            else:
                proxy.bytes_down += len(data)
            start = 0
            if self.armed is None and proxy._rule is not None and direction == "up":  # noqa: SLF001
                when, rule_dir, after = proxy._rule  # noqa: SLF001
                window = self.tail + data
                at = window.find(when)
                if at >= 0:
                    self.armed = (rule_dir, after)
                    proxy._rule = None  # noqa: SLF001
                    start = max(0, at - len(self.tail)) if rule_dir == "up" else len(data)
                self.tail = window[-len(when):]
            if self.armed is None or self.armed[0] != direction:
                return data, False
            _dir, left = self.armed
            counted = len(data) - start
            if counted < left:
                self.armed = (_dir, left - counted)
                return data, False
            proxy.cuts += 1
            return data[:start + left], True


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass


@pytest.fixture
def proxy(server: RunningServer) -> Iterator[CuttingProxy]:
    """A cutting proxy in front of the PostgreSQL-backed server."""
    p = CuttingProxy(server.thread.port)
    yield p
    p.close()


# --- laptops -----------------------------------------------------------------------------------
@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Make a laptop: a fresh workspace with a profile, logged in to ``url`` as ``username``."""
    from inspector.sync import session
    from inspector.workspace import Workspace

    opened: list[Any] = []

    def make(url: str, username: str = "toezichthouder-zuid", name: str = "Toezichthouder Test",
             team: str = "Team Zuid") -> Any:
        ws = Workspace.open(tmp_path / f"laptop-{len(opened)}")
        ws.settings.set_profile(name, f"TH-{len(opened) + 1:04d}", team)
        session.login(ws.sync, url, username, PASSWORD, device_name=f"laptop {len(opened)}")
        opened.append(ws)
        return ws

    yield make
    for ws in opened:
        try:
            ws.close()
        except Exception:  # noqa: BLE001 - a wiped workspace is already closed
            pass
