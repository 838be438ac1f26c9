"""Limits that hold against a real server: the size of a request's head (a real socket, a real
`inspector-server serve` process), the login rate limit under 40 parallel guesses (PostgreSQL and
SQLite), and methods that are not allowed (405 with Allow)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from inspector.protocol.constants import HEADER, PROTOCOL_VERSION
from inspector.server.db import login_failures
from inspector.server.http_limits import MAX_HEAD_BYTES
from tests.test_server import api

pytest_plugins = ["tests.servers"]
ROOT = Path(__file__).resolve().parent.parent


def send_head(port: int, head_filler: int, *, url_filler: int = 0) -> bytes:
    """Send a GET /api/v1/ping whose head carries ``head_filler`` bytes in one header (and a query of
    ``url_filler`` bytes), over a plain socket, all of it before reading; the raw answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        query = ("?x=" + "u" * url_filler) if url_filler else ""
        s.sendall(f"GET /api/v1/ping{query} HTTP/1.1\r\nHost: x\r\n{HEADER}: {PROTOCOL_VERSION}\r\n"
                  "X-Filler: ".encode())
        block = b"a" * 2**20
        try:
            for start in range(0, head_filler, len(block)):
                s.sendall(block[:head_filler - start])
            s.sendall(b"\r\nConnection: close\r\n\r\n")
        except OSError:  # the server may stop reading once it has answered
            pass
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    return answer


def peak_rss_mb(pid: int) -> tuple[int, int]:
    """(current, peak since the last reset) resident memory of a process, in MB."""
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    return int(status["VmRSS"].split()[0]) // 1024, int(status["VmHWM"].split()[0]) // 1024


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[int, int]]:
    """`inspector-server serve` on a SQLite file, as a process of its own: (port, pid)."""
    from tests.servers import free_port

    exe = Path(sys.executable).parent / "inspector-server"
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([str(exe), "--database", f"sqlite:///{tmp_path / 's.db'}", "serve", "--port",
                             str(port), "--log-level", "error"], env=env, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/v1/ping", headers={HEADER: str(PROTOCOL_VERSION)})
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.1)
        yield port, proc.pid
    finally:
        proc.terminate()
        proc.wait(10)


def test_oversized_request_heads_get_431_and_memory_stays_bounded(served) -> None:
    """Six clients at once each send a 64 MiB header: each gets 431 with an ErrorBody, at once, and the
    server's peak memory grows by less than 16 MB (it was about 460 MB, and 50 s of CPU, without the
    bound). A request line over the limit gets the same; a head just under it is served."""
    port, pid = served
    for _ in range(20):  # warm up, then measure the peak from here
        assert send_head(port, 100).startswith(b"HTTP/1.1 200")
    Path(f"/proc/{pid}/clear_refs").write_text("5")
    before, _ = peak_rss_mb(pid)
    started = time.monotonic()
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda _: send_head(port, 64 * 2**20), range(6)))
    took = time.monotonic() - started
    _, peak = peak_rss_mb(pid)
    for answer in answers:
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 431 Request Header Fields Too Large\r\n"), answer[:200]
        assert json.loads(body) == {
            "code": "headers_too_large", "message": "The request line and headers are larger than 64 KB.",
            "message_nl": "De aanvraagregel en kopregels van het verzoek zijn groter dan 64 KB.",
            "detail": None}
    assert peak - before < 16, (before, peak)
    assert took < 10, took
    assert send_head(port, 0, url_filler=MAX_HEAD_BYTES).startswith(b"HTTP/1.1 431")
    assert send_head(port, MAX_HEAD_BYTES - 500).startswith(b"HTTP/1.1 200")


def test_a_head_over_the_limit_gets_a_clear_answer_over_httpx(any_server) -> None:
    """A client library that sends the whole request before reading gets the 431 ErrorBody too; the
    connection is closed, the server goes on serving."""
    with api(any_server) as c:
        r = c.get("/ping", headers={"X-Filler": "a" * (MAX_HEAD_BYTES + 1)})
        assert (r.status_code, r.json()["code"]) == (431, "headers_too_large")
        assert r.headers["connection"] == "close"
        assert c.get("/ping", headers={"X-Filler": "a" * 30_000}).json()["ok"] is True


def test_forty_parallel_guesses_check_at_most_five_passwords(any_server) -> None:
    """40 wrong passwords at once for one username from one address: at most 5 are checked (401), the
    rest get 429 before any check; also for a username that does not exist. The right password is
    then refused too, from that address."""
    # Clients made beforehand, with time to wait: the 429s queue behind the checks (an unknown username
    # is checked against a full-cost hash) for the server's 4 worker threads.
    clients = [httpx.Client(base_url=any_server.url + "/api/v1", timeout=60,
                            headers={HEADER: str(PROTOCOL_VERSION)}) for _ in range(40)]
    for username in ("toezichthouder-zuid", f"niemand-{uuid.uuid4().hex[:6]}"):
        def guess(i: int, username: str = username) -> int:
            return clients[i].post("/login", json={"username": username, "password": f"fout-{i:04d}",
                                                   "device_name": "x"}).status_code

        with ThreadPoolExecutor(40) as pool:
            codes = list(pool.map(guess, range(40)))
        assert (codes.count(401), codes.count(429)) == (5, 35), codes
        with any_server.db.read() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(login_failures).where(
                login_failures.c.username == username)).scalar_one() == 5
    for client in clients:
        client.close()
    from tests.servers import PASSWORD

    with api(any_server) as c:
        r = c.post("/login", json={"username": "toezichthouder-zuid", "password": PASSWORD})
        assert (r.status_code, r.json()["code"]) == (429, "too_many_attempts")


@pytest.mark.parametrize(("method", "path", "allow"), [
    ("TRACE", "/api/v1/push", "POST"),
    ("TRACE", "/api/v1/ping", "GET"),
    ("DELETE", "/api/v1/pull", "GET"),
    ("OPTIONS", "/api/v1/login", "POST"),
    ("PATCH", "/api/v1/blobs/" + "a" * 64, "GET, PUT"),
    ("TRACE", "/healthz", "GET"),
])
def test_a_method_not_allowed_gets_405_with_allow(any_server, method: str, path: str, allow: str) -> None:
    """TRACE or any other method a path does not take: 405, an Allow header naming what it takes, and an
    ErrorBody in English and Dutch."""
    r = httpx.request(method, any_server.url + path, headers={HEADER: str(PROTOCOL_VERSION)})
    assert r.status_code == 405
    assert sorted(r.headers["allow"].split(", ")) == sorted(allow.split(", "))
    body: dict[str, Any] = r.json()
    assert body == {"code": "method_not_allowed", "message": "This method is not allowed here.",
                    "message_nl": "Deze methode is hier niet toegestaan.", "detail": None}
