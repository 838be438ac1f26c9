"""Photos stream through the server: a 50 MB file up and down a real ``inspector-server serve``
process (files in a folder, and in object storage: moto's S3 server), whose peak memory grows by far
less than the file; the laptop's client never holds a file twice. And a server whose database still
holds its files (release 0.1 – 0.3) moves them into the blob store when it is upgraded."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import tracemalloc
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from inspector.server import __main__ as server_cli
from inspector.sync.client import SyncClient
from tests.servers import PASSWORD, free_port, running_moto
from tests.test_server import _wait_for

pytest_plugins = ["tests.servers"]
BIG = 50 * 2**20
# The most a server process may grow while it takes in and sends out a 50 MB file: a folder store
# moves 1 MB at a time; object storage buffers parts of 8 MB (two in flight) for a multipart upload.
SERVER_GROWTH_MB = {"folder": 12, "s3": 32}


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


def serve(tmp_path: Path, blobs: str, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    """A real server process on a SQLite file with one Team Zuid inspector; files at ``blobs``."""
    url = f"sqlite:///{tmp_path / 'server.db'}"
    base = ["--database", url, "--blobs", blobs]
    os.environ.update(env)  # the S3 settings, as an administrator would set them
    try:
        assert server_cli.main([*base, "teams", "add", "Team Zuid"]) == 0
        from inspector.server import admin
        from inspector.server.db import Database

        db = Database(url)
        admin.add_user(db, "toezichthouder-zuid", PASSWORD, "inspector", ["Team Zuid"], time_cost=1,
                       memory_cost=1024)
        db.dispose()
    finally:
        for key in env:
            os.environ.pop(key)
    port = free_port()
    exe = Path(sys.executable).parent / "inspector-server"
    proc = subprocess.Popen([str(exe), *base, "serve", "--port", str(port), "--log-level", "warning"],
                            env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for(f"http://127.0.0.1:{port}/api/v1/ping", proc)
    return proc, f"http://127.0.0.1:{port}"


def attach(client: SyncClient, sha: str) -> None:
    """Push a case with a visit and a photo record referring to ``sha`` (so it may be downloaded)."""
    case_id, visit_id = str(uuid.uuid4()), str(uuid.uuid4())
    answer = client.push(f"big-{sha[:8]}", [
        {"entity": "cases", "id": case_id, "case_id": case_id, "base_rev": 0,
         "fields": {"number": f"Z-{sha[:6]}", "domain": "sociaal", "team": "Team Zuid"}},
        {"entity": "visits", "id": visit_id, "case_id": case_id, "base_rev": 0,
         "fields": {"case_id": case_id, "template_id": "S1", "template_version": 1}},
        {"entity": "attachments", "id": str(uuid.uuid4()), "case_id": case_id, "base_rev": 0,
         "fields": {"visit_id": visit_id, "sha256": sha}}])  # type: ignore[list-item]
    assert [r["status"] for r in answer["results"]] == ["applied"] * 3


def round_trip(base: str, data: bytes) -> bytearray:
    sha = hashlib.sha256(data).hexdigest()
    with SyncClient(base) as client:
        client.login("toezichthouder-zuid", PASSWORD, "laptop")
        assert client.upload_blob(sha, data, chunk=4 * 2**20) == len(data)
        attach(client, sha)
        return client.download_blob(sha)


@pytest.fixture(params=["folder", "s3"])
def big_server(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    if request.param == "folder":
        proc, base = serve(tmp_path, str(tmp_path / "blobs"), {})
        yield proc, base, "folder"
    else:
        with running_moto() as endpoint:
            httpx.put(f"{endpoint}/municipality-photos").raise_for_status()
            env = {"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                   "AWS_REGION": "us-east-1", "AWS_ALLOW_HTTP": "true"}
            proc, base = serve(tmp_path, "s3://municipality-photos/inspector", env)
            yield proc, base, "s3"
            listed = httpx.get(f"{endpoint}/municipality-photos?list-type=2&prefix=inspector/").text
            assert "inspector/blobs/" in listed and "inspector/incoming/" not in listed
    proc.send_signal(signal.SIGTERM)
    proc.wait(20)


def test_a_50_mb_file_goes_up_and_down_without_the_server_holding_it(big_server) -> None:
    """Up in pieces of 4 MB (the last one assembling the file at its address), down as one streamed
    answer: the server's peak memory grows by a fraction of the file (by the whole file, or more, if any
    step held it), and the bytes come back unchanged."""
    proc, base, kind = big_server
    round_trip(base, os.urandom(3 * 2**20))  # warm up: every code path loaded once
    before = peak_rss_mb(proc.pid)
    data = os.urandom(BIG)
    assert round_trip(base, data) == data
    grown = peak_rss_mb(proc.pid) - before
    print(f"server peak memory grew by {grown:.1f} MB")
    assert grown < SERVER_GROWTH_MB[kind], f"the server grew by {grown:.0f} MB for a 50 MB file"


def test_the_laptop_never_holds_a_file_twice(server) -> None:
    """The client sends slices of the photo it was given (no copy) and gathers a download in one buffer
    of the announced size. Measured over the whole test process (the server runs in a thread of it):
    Python's peak allocation stays under a third of the file while uploading, and under one copy of the
    file plus a few MB while downloading."""
    data = os.urandom(20 * 2**20)
    sha = hashlib.sha256(data).hexdigest()
    with SyncClient(server.url, server.token("toezichthouder-zuid")) as client:
        tracemalloc.start()
        try:
            client.upload_blob(sha, data, chunk=4 * 2**20)
            sent_peak = tracemalloc.get_traced_memory()[1]
            attach(client, sha)
            tracemalloc.reset_peak()
            got = client.download_blob(sha)
            got_peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert got == data
    assert sent_peak < 7 * 2**20, f"uploading a 20 MB file allocated {sent_peak / 2**20:.1f} MB"
    assert got_peak < len(data) + 7 * 2**20, f"downloading a 20 MB file allocated {got_peak / 2**20:.1f} MB"


def test_an_upgraded_server_moves_the_files_from_its_database_into_the_blob_store(tmp_path, pg_cluster,
                                                                                moto_endpoint) -> None:
    """A database at schema 0003 with its files in it (SQLite, and PostgreSQL bytea): after the upgrade
    the bytes are in the blob store (a folder, and an S3 bucket) and equal, and the column is gone.
    (test_evidence_sync's release 0.1 upgrade has a laptop download such moved photos.)"""
    from alembic import command

    from inspector.server.app import create_app
    from inspector.server.db import Database
    from inspector.server.migrations import config
    from tests.servers import s3_store

    for url, store in ((f"sqlite:///{tmp_path / 'old.db'}", str(tmp_path / "moved")),
                       (pg_cluster.create_database("inspector_0003"), s3_store(moto_endpoint, "migrated"))):
        db = Database(url)
        command.upgrade(config(db.engine), "0003")
        photos = [os.urandom(n) for n in (10, 300_000, 2_000_000)]
        with db.write() as conn:
            for data in photos:
                conn.execute(sa.text("INSERT INTO blobs (sha256, size, data, created_at) VALUES "
                                     "(:s, :n, :d, '2026-01-01T00:00:00Z')"),
                             {"s": hashlib.sha256(data).hexdigest(), "n": len(data), "d": data})
        db.dispose()
        app = create_app(url, blob_store=store)
        for data in photos:
            assert b"".join(app.state.store.open(hashlib.sha256(data).hexdigest())) == data
        with app.state.db.read() as conn:
            assert "data" not in {c["name"] for c in sa.inspect(conn).get_columns("blobs")}
            assert conn.execute(sa.text("SELECT count(*) FROM blobs")).scalar_one() == 3
        app.state.db.dispose()
