"""The sync server over real HTTP: authentication, authorization per endpoint, bad input, admin CLI."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from inspector.errors import SyncError, SyncKind
from inspector.protocol.constants import HEADER, MAX_JSON_BYTES, PROTOCOL_VERSION
from inspector.records import FIELDS as ENTITY_FIELDS
from inspector.records import REQUIRED
from inspector.server import __main__ as server_cli
from inspector.server.db import Database, devices
from inspector.sync.client import SyncClient

pytest_plugins = ["tests.servers"]

V1 = {HEADER: str(PROTOCOL_VERSION)}


def api(server: Any, token: str | None = None, ip: str | None = None) -> httpx.Client:
    headers = dict(V1)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    transport = httpx.HTTPTransport(local_address=ip) if ip else None
    return httpx.Client(base_url=server.url + "/api/v1", headers=headers, transport=transport)


def new_case(number: str, team: str = "Team Zuid") -> tuple[str, dict[str, Any]]:
    case_id = str(uuid.uuid4())
    return case_id, {"entity": "cases", "id": case_id, "case_id": case_id, "base_rev": 0,
                     "fields": {"number": number, "domain": "sociaal", "team": team}}


def seed_zuid(server: Any) -> dict[str, str]:
    """A Team Zuid case with a visit and a photo, pushed by a Zuid inspector."""
    photo = b"\xff\xd8 demo photo bytes \xff\xd9"
    sha = hashlib.sha256(photo).hexdigest()
    case_id, case = new_case("Z-0001")
    visit_id, att_id = str(uuid.uuid4()), str(uuid.uuid4())
    with api(server, server.token("toezichthouder-zuid")) as c:
        put = c.put(f"/blobs/{sha}", params={"offset": 0, "total": len(photo)}, content=photo)
        assert put.json()["complete"]
        answer = c.post("/push", json={"key": "seed-zuid-1", "records": [
            case,
            {"entity": "visits", "id": visit_id, "case_id": case_id, "base_rev": 0,
             "fields": {"case_id": case_id, "template_id": "S1", "template_version": 1}},
            {"entity": "attachments", "id": att_id, "case_id": case_id, "base_rev": 0,
             "fields": {"visit_id": visit_id, "sha256": sha}}]}).json()
    assert [r["status"] for r in answer["results"]] == ["applied", "applied", "applied"]
    return {"case_id": case_id, "visit_id": visit_id, "sha": sha, "case_rev": answer["results"][0]["rev"]}


def test_openapi_document_describes_every_endpoint(server) -> None:
    """/openapi.json lists every protocol endpoint with its error answers."""
    doc = httpx.get(server.url + "/openapi.json").json()
    assert sorted(doc["paths"]) == [
        "/api/v1/blobs/batch", "/api/v1/blobs/fetch", "/api/v1/blobs/missing", "/api/v1/blobs/{sha256}",
        "/api/v1/blobs/{sha256}/status",
        "/api/v1/cases/{number}/assign", "/api/v1/cases/{number}/visits", "/api/v1/device/key",
        "/api/v1/device/status", "/api/v1/login",
        "/api/v1/logout", "/api/v1/me", "/api/v1/ping", "/api/v1/pull", "/api/v1/push"]
    assert "426" in doc["paths"]["/api/v1/push"]["post"]["responses"]
    assert "PullResponse" in doc["components"]["schemas"]


def test_wrong_password_is_refused_and_login_attempts_are_rate_limited(server) -> None:
    """A wrong password gets 401; the sixth try from the same address gets 429, others still get in."""
    body = {"username": "toezichthouder-zuid", "password": "fout-wachtwoord", "device_name": "x"}
    with api(server) as c:
        answers = [c.post("/login", json=body) for _ in range(5)]
        assert [a.status_code for a in answers] == [401] * 5
        assert answers[0].json()["code"] == "bad_credentials"
        assert answers[0].json()["message_nl"] == "Onbekende gebruikersnaam of onjuist wachtwoord."
        blocked = c.post("/login", json=dict(body, password="wachtwoord-test-1"))
        assert blocked.status_code == 429 and blocked.json()["code"] == "too_many_attempts"
        assert int(blocked.headers["Retry-After"]) > 800
        unknown = c.post("/login", json=dict(body, username="niemand"))
        assert unknown.status_code == 401
    with api(server, ip="127.0.0.2") as other:
        assert other.post("/login", json=dict(body, password="wachtwoord-test-1")).status_code == 200


def test_missing_unknown_expired_and_logged_out_tokens_get_401(server) -> None:
    """Every way a token can be wrong gets a 401 with its own code."""
    with api(server) as c:
        assert c.get("/me").json()["code"] == "token_missing"
    with api(server, "not-a-real-token") as c:
        r = c.get("/me")
        assert (r.status_code, r.json()["code"]) == (401, "token_invalid")
    token = server.token("toezichthouder-zuid")
    with server.db.write() as conn:
        conn.execute(sa.update(devices).values(expires_at="2000-01-01T00:00:00Z"))
    with api(server, token) as c:
        r = c.get("/pull")
        assert (r.status_code, r.json()["code"]) == (401, "token_expired")
    token = server.token("toezichthouder-zuid")
    with api(server, token) as c:
        assert c.get("/me").json()["username"] == "toezichthouder-zuid"
        assert c.post("/logout").status_code == 204
        assert c.get("/me").json()["code"] == "token_invalid"


def test_revoked_device_gets_its_own_code(server) -> None:
    """A revoked device is told so (device_revoked), so its laptop knows to wipe."""
    from inspector.server import admin, auth

    token = server.token("toezichthouder-zuid")
    [device] = admin.list_devices(server.db)
    assert auth.revoke_device(server.db, device["id"]) is True
    with api(server, token) as c:
        r = c.post("/push", json={"key": "k-revoked-1", "records": []})
    assert (r.status_code, r.json()["code"]) == (401, "device_revoked")
    assert "revoked" in r.json()["message"]


def test_outdated_client_is_asked_to_update(server) -> None:
    """A missing or too old protocol version gets 426 "please update"; a newer one a clear 400."""
    for headers in ({}, {HEADER: "0"}, {HEADER: "1"}, {HEADER: "abc"}):
        r = httpx.get(server.url + "/api/v1/ping", headers=headers)
        assert (r.status_code, r.json()["code"]) == (426, "client_outdated")
        assert r.json()["message"] == ("This version of Inspector is too old for the server. "
                                       "Please update Inspector.")
    r = httpx.get(server.url + "/api/v1/ping", headers={HEADER: str(PROTOCOL_VERSION + 1)})
    assert (r.status_code, r.json()["code"]) == (400, "server_outdated")
    with SyncClient(server.url, protocol_version=0) as old, pytest.raises(SyncError) as refused:
        old.ping()
    assert (refused.value.kind, refused.value.status) == (SyncKind.PROTOCOL, 426)
    assert refused.value.nl == "Deze versie van Inspector is te oud voor de server. Werk Inspector bij."


@pytest.mark.parametrize(("method", "path", "kwargs"), [
    ("POST", "/push", {"content": b"{not json", "headers": {"Content-Type": "application/json"}}),
    ("POST", "/push", {"json": {"key": "short", "records": []}}),
    ("POST", "/push", {"json": {"key": "k-malformed-1", "records": [
        {"entity": "cars", "id": "x", "case_id": "x", "base_rev": 0, "fields": {}}]}}),
    ("POST", "/push", {"json": {"key": "k-malformed-2", "records": [
        {"entity": "cases", "id": "x", "case_id": "x", "base_rev": -1, "fields": {}}]}}),
    ("POST", "/push", {"json": {"key": "k-malformed-3", "records": [
        {"entity": "cases", "id": "x", "case_id": "x", "base_rev": 0, "fields": {"title": {"a": 1}}}]}}),
    ("POST", "/push", {"json": {"key": "k-malformed-4", "records": "all"}}),
    ("POST", "/push", {"json": {"key": "k-malformed-5", "records": [], "extra": 1}}),
    ("POST", "/push", {"json": [1, 2, 3]}),
    ("GET", "/pull", {"params": {"limit": 0}}),
    ("GET", "/pull", {"params": {"limit": "veel"}}),
    ("POST", "/blobs/missing", {"json": {"hashes": ["not-a-hash"]}}),
    ("GET", "/blobs/XYZ/status", {}),
    ("PUT", "/blobs/" + "a" * 64, {"params": {"offset": -1, "total": 3}, "content": b"abc"}),
    ("PUT", "/blobs/" + "a" * 64, {"params": {"offset": 5, "total": 3}, "content": b"abc"}),
    ("PUT", "/blobs/" + "a" * 64, {"params": {"offset": 0, "total": 2 * 1024 ** 3}, "content": b"abc"}),
    ("POST", "/cases/Z-1/visits", {"json": {"template_id": "S1", "planned_at": "gisteren",
                                            "team": "Team Zuid"}}),
    ("POST", "/login", {"json": {"username": "", "password": "x"}}),
    ("DELETE", "/push", {}),
    ("GET", "/does-not-exist", {}),
])
def test_malformed_requests_get_a_clear_4xx_never_a_500(server, method: str, path: str, kwargs: dict) -> None:
    """Garbage in any shape is refused with a 4xx and an error code."""
    with api(server, server.token("coordinator-zuid")) as c:
        r = c.request(method, path, **kwargs)
    assert 400 <= r.status_code < 500, r.text
    body = r.json()
    assert body["code"] and body["message"] and body["message_nl"]


def test_oversized_requests_are_refused_with_413(server) -> None:
    """Bodies over the limits are refused before they are read, also without a Content-Length."""
    token = server.token("toezichthouder-zuid")
    with api(server, token) as c:
        big = c.post("/push", content=b"x" * (MAX_JSON_BYTES + 1),
                     headers={"Content-Type": "application/json"})
        assert (big.status_code, big.json()["code"]) == (413, "too_large")

        def stream():
            for _ in range(10):
                yield b" " * (1024 * 1024)

        chunked = c.post("/push", content=stream(), headers={"Content-Type": "application/json"})
        assert chunked.status_code == 413
        piece = c.put("/blobs/" + "b" * 64, params={"offset": 0, "total": 5 * 2 ** 20},
                      content=b"y" * (5 * 2 ** 20))
        assert piece.status_code == 413


def test_uploads_are_verified_and_resume_at_the_servers_offset(server) -> None:
    """A wrong hash is discarded (422); a piece at the wrong offset gets 409 with where to resume."""
    data = os.urandom(3000)
    sha = hashlib.sha256(data).hexdigest()
    with api(server, server.token("toezichthouder-zuid")) as c:
        assert c.put(f"/blobs/{sha}", params={"offset": 0, "total": 3000}, content=data[:1000]).json()[
            "received"] == 1000
        r = c.put(f"/blobs/{sha}", params={"offset": 2000, "total": 3000}, content=data[2000:])
        assert (r.status_code, r.json()["detail"]) == (409, {"received": 1000})
        done = c.put(f"/blobs/{sha}", params={"offset": 1000, "total": 3000}, content=data[1000:])
        assert done.json() == {"sha256": sha, "size": 3000, "received": 3000, "complete": True}
        assert c.post("/blobs/missing", json={"hashes": [sha, "c" * 64]}).json() == {"missing": ["c" * 64]}
        wrong = "d" * 64
        r = c.put(f"/blobs/{wrong}", params={"offset": 0, "total": 3}, content=b"abc")
        assert (r.status_code, r.json()["code"]) == (422, "hash_mismatch")
        assert c.get(f"/blobs/{wrong}/status").json() == {"sha256": wrong, "size": 0, "received": 0,
                                                          "complete": False}


def test_another_team_is_refused_on_every_endpoint_and_sees_no_data(server) -> None:
    """An inspector or coordinator of Team Noord gets refusals for Team Zuid's data, never the data."""
    zuid = seed_zuid(server)
    with api(server, server.token("toezichthouder-noord")) as c:
        pull = c.get("/pull").json()
        assert pull["records"] == [] and pull["more"] is False
        answer = c.post("/push", json={"key": "noord-push-1", "records": [
            {"entity": "cases", "id": zuid["case_id"], "case_id": zuid["case_id"], "base_rev": 1,
             "fields": {"title": "overgenomen"}},
            {"entity": "persons", "id": str(uuid.uuid4()), "case_id": zuid["case_id"], "base_rev": 0,
             "fields": {"case_id": zuid["case_id"], "geslachtsnaam": "Test"}},
            {"entity": "answers", "id": str(uuid.uuid4()), "case_id": zuid["case_id"], "base_rev": 0,
             "fields": {"visit_id": zuid["visit_id"], "item_id": "id_gezien", "value": '"ja"'}},
            new_case("N-0001", team="Team Zuid")[1]]}).json()
        assert [(r["status"], r["code"], r["record"]) for r in answer["results"]] == [
            ("rejected", "forbidden", None), ("rejected", "case_unknown", None),
            ("rejected", "case_unknown", None), ("rejected", "forbidden", None)]
        r = c.get(f"/blobs/{zuid['sha']}")
        assert r.status_code == 404 and r.content.find(b"demo photo") == -1
        r = c.post("/cases/Z-0001/visits", json={"template_id": "S1", "planned_at": "02-12-2026 10:00",
                                                 "team": "Team Zuid"})
        assert (r.status_code, r.json()["code"]) == (403, "forbidden")
        r = c.post("/cases/Z-0001/assign", json={"team": "Team Noord"})
        assert (r.status_code, r.json()["code"]) == (403, "forbidden")  # inspectors do not assign
        assert c.get("/me").json()["teams"] == ["Team Noord"]
    with api(server, server.token("coordinator-noord")) as c:
        r = c.post("/cases/Z-0001/assign", json={"team": "Team Noord"})
        assert (r.status_code, r.json()["code"]) == (404, "case_unknown")
        r = c.post("/cases/N-0002/visits", json={"template_id": "S1", "planned_at": "02-12-2026 10:00",
                                                 "team": "Team Zuid"})
        assert r.status_code == 403
    with api(server, server.token("toezichthouder-zuid")) as c:
        r = c.post("/cases/Z-0001/visits", json={"template_id": "S1", "planned_at": "02-12-2026 10:00",
                                                 "team": "Team Zuid"})
        assert (r.status_code, r.json()["code"]) == (403, "forbidden")  # inspectors do not plan
        r = c.post("/push", json={"key": "zuid-assign-1", "records": [
            {"entity": "cases", "id": zuid["case_id"], "case_id": zuid["case_id"], "base_rev": 1,
             "fields": {"assigned_to": "toezichthouder-zuid-2"}}]}).json()
        assert r["results"][0]["code"] == "not_allowed"
        assert c.get(f"/blobs/{zuid['sha']}").content == b"\xff\xd8 demo photo bytes \xff\xd9"
    with api(server, server.token("beheerder")) as c:
        assert len(c.get("/pull").json()["records"]) == 3


def test_coordinator_moves_a_case_and_its_records_follow(server) -> None:
    """Assigning a case to another team moves all its records into that team's pull."""
    zuid = seed_zuid(server)
    with api(server, server.token("beheerder")) as c:
        r = c.post("/cases/Z-0001/assign", json={"team": "Team Noord", "inspector": "toezichthouder-noord"})
        assert r.status_code == 200 and r.json()["case_id"] == zuid["case_id"]
    with api(server, server.token("toezichthouder-noord")) as c:
        records = c.get("/pull").json()["records"]
    entities = sorted(r["entity"] for r in records)
    assert entities == ["attachments", "audit", "audit", "cases", "visits"]
    case = next(r for r in records if r["entity"] == "cases")
    assert (case["data"]["team"], case["data"]["assigned_to"]) == ("Team Noord", "toezichthouder-noord")
    with api(server, server.token("toezichthouder-zuid")) as c:  # only a notice that the case left
        [notice] = c.get("/pull").json()["records"]
    assert (notice["entity"], notice["case_id"], notice["data"]) == (
        "departures", zuid["case_id"], {"case_id": zuid["case_id"], "team": "Team Noord"})


def test_push_checks_records_it_cannot_accept(server) -> None:
    """Missing blob, immutable or server-owned field, incomplete or unknown fields: rejected per record."""
    zuid = seed_zuid(server)
    with api(server, server.token("toezichthouder-zuid")) as c:
        answer = c.post("/push", json={"key": "checks-1", "records": [
            {"entity": "attachments", "id": str(uuid.uuid4()), "case_id": zuid["case_id"], "base_rev": 0,
             "fields": {"visit_id": zuid["visit_id"], "sha256": "e" * 64}},
            {"entity": "cases", "id": zuid["case_id"], "case_id": zuid["case_id"], "base_rev": 1,
             "fields": {"number": "Z-9999"}},
            {"entity": "persons", "id": str(uuid.uuid4()), "case_id": zuid["case_id"], "base_rev": 0,
             "fields": {"case_id": zuid["case_id"]}},
            {"entity": "visits", "id": zuid["visit_id"], "case_id": zuid["case_id"], "base_rev": 2,
             "fields": {"colour": "blue"}},
            new_case("Z-0001")[1],
            {"entity": "visits", "id": zuid["visit_id"], "case_id": zuid["case_id"], "base_rev": 2,
             "fields": {"receipt": "r1.2026-10-01T10:00:00Z.forged"}},
            {"entity": "cases", "id": zuid["case_id"], "case_id": zuid["case_id"],
             "base_rev": zuid["case_rev"], "fields": {"title": "Nieuwe titel"}}]}).json()
    assert [(r["status"], r["code"]) for r in answer["results"]] == [
        ("rejected", "blob_missing"), ("rejected", "immutable_field"), ("rejected", "missing_field"),
        ("rejected", "unknown_field"), ("rejected", "case_number_taken"), ("rejected", "server_field"),
        ("applied", "")]
    assert answer["results"][6]["record"]["data"]["title"] == "Nieuwe titel"


def test_wire_schema_matches_the_laptop_database(workspace) -> None:
    """protocol.ENTITY_FIELDS lists exactly the laptop's synced columns with their defaults."""
    for entity, fields in ENTITY_FIELDS.items():
        cols = {r[1]: r for r in workspace.db.execute(f"PRAGMA table_info([{entity}])").fetchall()}
        names = set(cols) - {"id", "rev", "dirty", "dirty_fields", "modified_at", "modified_by"}
        assert names == set(fields), entity
        for name, default in fields.items():
            raw = cols[name][4]
            if default is REQUIRED:
                assert cols[name][3] == 1 and raw is None, (entity, name)
            elif default is None:
                assert raw is None and cols[name][3] == 0, (entity, name)
            else:
                assert raw == (f"'{default}'" if isinstance(default, str) else str(default)), (entity, name)


def test_admin_commands_work_from_a_script(tmp_path, monkeypatch, capsys) -> None:
    """teams/users/plan/assign/devices from a script: no prompts, clear exit codes."""
    url = f"sqlite:///{tmp_path / 'admin.db'}"

    def run(*args: str, stdin: str = "") -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return server_cli.main(["--database", url, *args])

    assert run("teams", "add", "Team West") == 0
    assert run("teams", "add", "Team West") == 1
    assert "Team 'Team West' bestaat al." in capsys.readouterr().err
    assert run("users", "add", "coordinator-west", "--role", "coordinator", "--team", "Team West",
               "--password-stdin", stdin="een-lang-wachtwoord\n") == 0
    assert run("users", "add", "iemand", "--role", "inspector", "--team", "Team Oost",
               "--password-stdin", stdin="een-lang-wachtwoord\n") == 1
    assert run("users", "add", "kort", "--role", "inspector", "--password-stdin", stdin="kort\n") == 1
    assert run("users", "add", "zonder", "--role", "inspector") == 1  # not a tty, no --password-stdin
    assert run("plan", "W-0001", "--type", "F2", "--at", "03-12-2026 14:00", "--team", "Team West") == 0
    assert run("assign", "W-0001", "--team", "Team West", "--inspector", "coordinator-west") == 0
    assert run("assign", "W-0404", "--team", "Team West") == 1
    assert run("plan", "W-0002", "--type", "X9", "--at", "03-12-2026 14:00", "--team", "Team West") == 1
    assert run("devices", "revoke", "no-such-device") == 1
    assert run("devices", "list") == 0
    assert run("users", "list") == 0
    out = capsys.readouterr().out
    assert "coordinator-west\tcoordinator\tTeam West" in out
    assert "planned for case W-0001 (Team West)" in out
    db = Database(url)
    from inspector.server import admin

    with db.read() as conn:
        rows = conn.execute(sa.text("SELECT entity, ref FROM records WHERE entity IN ('cases', 'visits') "
                                    "ORDER BY entity")).all()
    assert [tuple(r) for r in rows] == [("cases", "W-0001"), ("visits", None)]
    assert admin.list_teams(db) == ["Team West"]
    db.dispose()


def test_server_command_lists_its_commands_and_serves_with_no_setup(tmp_path) -> None:
    """`inspector-server --help` lists the commands; `serve` starts on the SQLite default."""
    exe = Path(sys.executable).parent / "inspector-server"
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"), HOME=str(tmp_path))
    env.pop("INSPECTOR_SERVER_DATABASE", None)
    out = server_cli.build_parser().format_help()
    for name in ("serve", "migrate", "users", "teams", "assign", "plan", "devices"):
        assert name in out
    from tests.servers import free_port

    port = free_port()
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port), "--log-level", "warning"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/v1/ping", headers=V1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.1)
        assert r.json()["ok"] is True
        assert (tmp_path / "data" / "inspector-server" / "inspector-server.db").exists()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(10)


def _wait_for(url: str, proc: subprocess.Popen[bytes]) -> httpx.Response:
    deadline = time.monotonic() + 30
    while True:
        try:
            return httpx.get(url, headers=V1)
        except httpx.TransportError:
            assert time.monotonic() < deadline and proc.poll() is None, proc.stderr and proc.stderr.read()
            time.sleep(0.1)


def test_several_server_processes_share_one_postgresql_database(pg_cluster, tmp_path) -> None:
    """`serve --workers 2` migrates once and serves from both processes; SQLite refuses it clearly."""
    from tests.servers import free_port

    url = pg_cluster.create_database("inspector_workers")
    exe = Path(sys.executable).parent / "inspector-server"
    assert server_cli.main(["--database", url, "teams", "add", "Team Zuid"]) == 0
    port = free_port()
    proc = subprocess.Popen([str(exe), "--database", url, "serve", "--port", str(port), "--workers", "2",
                             "--log-level", "warning"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert _wait_for(f"http://127.0.0.1:{port}/api/v1/ping", proc).json()["ok"] is True
        workers = subprocess.run(["pgrep", "-P", str(proc.pid), "-f", "multiprocessing.spawn"],
                                 capture_output=True, text=True).stdout.split()
        assert len(workers) == 2
        from inspector.server import admin

        db = Database(url)
        admin.add_user(db, "toezichthouder-zuid", "een-lang-wachtwoord", "inspector", ["Team Zuid"])
        db.dispose()
        with SyncClient(f"http://127.0.0.1:{port}") as c:
            token = c.login("toezichthouder-zuid", "een-lang-wachtwoord", "laptop")["token"]
        for _ in range(6):  # each a new connection, landing on either process: all know the device
            with SyncClient(f"http://127.0.0.1:{port}", token) as c:
                assert c.pull("", 10)["records"] == []
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(20)
    sqlite = subprocess.run([str(exe), "--database", f"sqlite:///{tmp_path / 's.db'}", "serve",
                             "--workers", "2"], capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, INSPECTOR_LANG="nl"))
    assert sqlite.returncode == 1
    assert "Meerdere serverprocessen (--workers) kunnen alleen met PostgreSQL" in sqlite.stderr


def test_a_server_process_that_cannot_start_stops_the_server_with_a_failure_code(pg_cluster) -> None:
    """A worker restarted while the database refuses connections cannot build its app: the whole server
    stops with exit code 4 and says why (uvicorn alone would end with 0, and a service manager's
    Restart=on-failure would leave the server down)."""
    from tests.servers import free_port

    url = pg_cluster.create_database("inspector_workers_down")
    exe = Path(sys.executable).parent / "inspector-server"
    port = free_port()
    proc = subprocess.Popen([str(exe), "--database", url, "serve", "--port", str(port), "--workers", "2",
                             "--log-level", "warning"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=dict(os.environ, INSPECTOR_LANG="nl"))
    admin = sa.create_engine(pg_cluster.url(), isolation_level="AUTOCOMMIT")
    try:
        assert _wait_for(f"http://127.0.0.1:{port}/api/v1/ping", proc).json()["ok"] is True
        workers = subprocess.run(["pgrep", "-P", str(proc.pid), "-f", "multiprocessing.spawn"],
                                 capture_output=True, text=True).stdout.split()
        assert len(workers) == 2
        with admin.connect() as conn:
            conn.exec_driver_sql('ALTER DATABASE "inspector_workers_down" WITH ALLOW_CONNECTIONS false')
        os.kill(int(workers[0]), signal.SIGKILL)  # e.g. the out-of-memory killer; uvicorn restarts it
        assert proc.wait(60) == 4
        stderr = proc.stderr.read().decode() if proc.stderr else ""
        assert "could not start: OperationalError" in stderr
        assert "Fout: Een serverproces kon niet starten" in stderr
        assert not subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True).stdout
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(20)
        with admin.connect() as conn:
            conn.exec_driver_sql('ALTER DATABASE "inspector_workers_down" WITH ALLOW_CONNECTIONS true')
        admin.dispose()


def test_an_unreadable_tls_certificate_is_refused_before_the_server_starts(tmp_path) -> None:
    bad = tmp_path / "server.pem"
    bad.write_text("geen certificaat\n")
    exe = Path(sys.executable).parent / "inspector-server"
    for lang, words in (("nl", "Fout: Het TLS-certificaat of de sleutel kan niet worden gelezen"),
                        ("en", "Error: The TLS certificate or key cannot be read")):
        result = subprocess.run([str(exe), "--database", f"sqlite:///{tmp_path / 's.db'}", "serve",
                                 "--ssl-certfile", str(bad), "--ssl-keyfile", str(bad)],
                                capture_output=True, text=True, timeout=60,
                                env=dict(os.environ, INSPECTOR_LANG=lang))
        assert result.returncode == 1, result.stderr
        assert words in result.stderr and str(bad) in result.stderr
        assert "Traceback" not in result.stderr


def test_users_are_changed_deactivated_and_given_a_new_password_from_a_script(tmp_path, monkeypatch,
                                                                               capsys) -> None:
    """users change/deactivate/activate/password/list --json: no prompts, a refusal changes nothing."""
    from inspector.server import admin, auth
    from inspector.server.errors import ApiError

    url = f"sqlite:///{tmp_path / 'admin.db'}"

    def run(*args: str, stdin: str = "") -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return server_cli.main(["--database", url, *args])

    def listed() -> dict[str, Any]:
        assert run("users", "list", "--json") == 0
        return {u["username"]: u for u in json.loads(capsys.readouterr().out)}

    for name in ("add", "list", "change", "deactivate", "activate", "password"):
        assert name in server_cli.build_parser().format_help()
    for team in ("Team West", "Team Oost"):
        assert run("teams", "add", team) == 0
    assert run("users", "add", "toezichthouder-west", "--role", "inspector", "--team", "Team West",
               "--password-stdin", stdin="een-lang-wachtwoord\n") == 0
    assert run("users", "add", "coordinator-west", "--role", "chef", "--password-stdin",
               stdin="een-lang-wachtwoord\n") == 1
    assert "Onbekende rol 'chef'" in capsys.readouterr().err
    assert listed() == {"toezichthouder-west": {"username": "toezichthouder-west", "role": "inspector",
                                                "active": True, "teams": ["Team West"]}}

    assert run("users", "change", "toezichthouder-west", "--role", "coordinator", "--team", "Team Oost",
               "--team", "Team West", "--team", "Team Oost") == 0
    assert capsys.readouterr().out == "user toezichthouder-west (coordinator; Team Oost, Team West; active)\n"
    now = {"username": "toezichthouder-west", "role": "coordinator", "active": True,
           "teams": ["Team Oost", "Team West"]}
    assert listed()["toezichthouder-west"] == now

    refusals = [
        (("users", "change", "toezichthouder-oost", "--role", "admin"),
         "Onbekende gebruiker 'toezichthouder-oost'."),
        (("users", "change", "toezichthouder-west", "--role", "admin", "--team", "Team West",
          "--team", "Team Noord"), "Team 'Team Noord' bestaat niet"),
        (("users", "change", "toezichthouder-west", "--role", "chef", "--no-teams"), "Onbekende rol 'chef'"),
        (("users", "change", "toezichthouder-west"), "Niets te wijzigen: geef --role, --team of --no-teams."),
        (("users", "deactivate", "toezichthouder-oost"), "Onbekende gebruiker 'toezichthouder-oost'."),
        (("users", "activate", "toezichthouder-oost"), "Onbekende gebruiker 'toezichthouder-oost'."),
    ]
    for args, message in refusals:
        assert run(*args) == 1, args
        assert message in capsys.readouterr().err, args
        assert listed()["toezichthouder-west"] == now, args
    monkeypatch.setenv("INSPECTOR_LANG", "en")
    assert run("users", "change", "toezichthouder-west", "--team", "Team Noord") == 1
    assert "Error: Team 'Team Noord' does not exist" in capsys.readouterr().err
    monkeypatch.setenv("INSPECTOR_LANG", "nl")
    with pytest.raises(SystemExit) as usage:
        run("users", "change", "toezichthouder-west", "--team", "Team West", "--no-teams")
    assert usage.value.code == 2
    assert listed()["toezichthouder-west"] == now

    assert run("users", "change", "toezichthouder-west", "--no-teams") == 0
    assert capsys.readouterr().out == "user toezichthouder-west (coordinator; no team; active)\n"
    assert run("users", "change", "toezichthouder-west", "--role", "inspector", "--team", "Team West") == 0
    assert capsys.readouterr().out == "user toezichthouder-west (inspector; Team West; active)\n"
    assert run("users", "deactivate", "toezichthouder-west") == 0
    assert capsys.readouterr().out == "user toezichthouder-west (inspector; Team West; inactive)\n"
    assert run("users", "list") == 0
    assert capsys.readouterr().out == "toezichthouder-west\tinspector\tTeam West\tinactive\n"
    assert listed()["toezichthouder-west"]["active"] is False
    assert run("users", "activate", "toezichthouder-west") == 0
    assert capsys.readouterr().out == "user toezichthouder-west (inspector; Team West; active)\n"

    assert run("users", "password", "toezichthouder-west", "--password-stdin", stdin="kort\n") == 1
    assert "Een wachtwoord heeft minstens 8 tekens." in capsys.readouterr().err
    assert run("users", "password", "toezichthouder-oost", "--password-stdin",
               stdin="een-nieuw-wachtwoord\n") == 1
    assert run("users", "password", "toezichthouder-west") == 1  # not a tty, no --password-stdin
    assert "--password-stdin" in capsys.readouterr().err
    assert run("users", "password", "toezichthouder-west", "--password-stdin",
               stdin="een-nieuw-wachtwoord\n") == 0
    assert capsys.readouterr().out == "password of toezichthouder-west changed\n"
    db = Database(url)
    with pytest.raises(ApiError) as old:
        auth.login(db, "toezichthouder-west", "een-lang-wachtwoord", "laptop", "127.0.0.1")
    assert old.value.code == "bad_credentials"
    token, who = auth.login(db, "toezichthouder-west", "een-nieuw-wachtwoord", "laptop", "127.0.0.1")
    assert token and who.team_names == ("Team West",)
    assert admin.get_user(db, "toezichthouder-west")["role"] == "inspector"
    db.dispose()


def _new_user(server: Any, prefix: str) -> str:
    """A fresh Team Zuid inspector with the test password (users outlive a test; this one is new)."""
    from inspector.server import admin
    from tests.servers import PASSWORD

    username = f"{prefix}-{uuid.uuid4().hex[:6]}"
    admin.add_user(server.db, username, PASSWORD, "inspector", ["Team Zuid"], time_cost=1, memory_cost=1024)
    return username


def _login(server: Any, username: str, password: str) -> httpx.Response:
    with api(server) as c:
        return c.post("/login", json={"username": username, "password": password, "device_name": "test"})


def test_deactivated_user_is_refused_without_a_wipe_and_can_be_reactivated(server, laptop) -> None:
    """Every device of a deactivated user gets 401 user_deactivated (the laptop keeps its data, the
    client sees an AUTH problem, not a revocation); login is refused as for a wrong password;
    after activation the same tokens and the password work again."""
    from inspector.server import admin, auth
    from tests.servers import PASSWORD

    username = _new_user(server, "toezichthouder-zuid-inactief")
    a = laptop(server.url, username=username)
    a.cases.create("Z-0101", "sociaal", team="Team Zuid", title="Intake")
    a.sync.run()
    token, revoked = server.token(username), server.token(username)
    with server.db.read() as conn:  # that token's device (devices logged in within a second tie on time)
        revoked_id = conn.execute(sa.select(devices.c.id).where(
            devices.c.token_hash == auth.token_hash(revoked))).scalar_one()
    auth.revoke_device(server.db, revoked_id)
    try:
        assert admin.set_active(server.db, username, False)["active"] is False
        with api(server, token) as c:
            answers = [c.get("/me"), c.get("/pull"),
                       c.post("/push", json={"key": "inactief-1", "records": []})]
        for r in answers:
            assert (r.status_code, r.json()["code"]) == (401, "user_deactivated")
            assert r.json()["message"] == "Your account has been deactivated. Contact the administrator."
            assert r.json()["message_nl"] == "Uw account is gedeactiveerd. Neem contact op met de beheerder."
        with api(server, revoked) as c:
            assert c.get("/me").json()["code"] == "device_revoked"  # a revoked laptop still wipes
        with SyncClient(server.url, token) as client, pytest.raises(SyncError) as refused:
            client.me()
        assert (refused.value.kind, refused.value.code, refused.value.status) == (
            SyncKind.AUTH, "user_deactivated", 401)
        r = _login(server, username, PASSWORD)
        assert (r.status_code, r.json()["code"]) == (401, "bad_credentials")
        assert r.json()["message"] == "Unknown username or wrong password."
        a.cases.create("Z-0102", "sociaal", team="Team Zuid", title="Tweede intake")
        with pytest.raises(SyncError) as stopped:
            a.sync.run()
        assert (stopped.value.kind, stopped.value.code) == (SyncKind.AUTH, "user_deactivated")
        assert a.directory.exists()
        assert sorted(row.number for row in a.cases.find()) == ["Z-0101", "Z-0102"]
        assert next(u for u in admin.list_users(server.db) if u["username"] == username)["active"] is False
    finally:
        assert admin.set_active(server.db, username, True)["active"] is True
    with api(server, token) as c:
        assert c.get("/me").json()["username"] == username
    assert _login(server, username, PASSWORD).status_code == 200
    a.sync.run()
    assert sorted(r["data"]["number"] for r in server.records("cases")) == ["Z-0101", "Z-0102"]


def test_new_password_and_logging_out_every_device(server, laptop, monkeypatch, capsys) -> None:
    """A reset password works and the old one stops; failed attempts are forgotten.
    `users password --log-out-devices` ends every session: the old tokens get a 401 that is not a
    revocation (the laptop keeps its data and must log in again); a revoked device stays revoked."""
    from inspector.server import admin, auth
    from tests.servers import PASSWORD

    username = _new_user(server, "toezichthouder-zuid-wachtwoord")
    a = laptop(server.url, username=username)
    a.cases.create("Z-0201", "sociaal", team="Team Zuid", title="Intake")
    a.sync.run()
    token = server.token(username)
    with api(server) as c:
        for _ in range(5):
            c.post("/login", json={"username": username, "password": "fout-wachtwoord", "device_name": "x"})
    assert _login(server, username, PASSWORD).status_code == 429

    admin.set_password(server.db, username, "een-nieuw-wachtwoord", time_cost=1, memory_cost=1024)
    assert _login(server, username, PASSWORD).json()["code"] == "bad_credentials"
    assert _login(server, username, "een-nieuw-wachtwoord").status_code == 200
    with api(server, token) as c:  # without --log-out-devices the sessions go on
        assert c.get("/me").json()["username"] == username
    revoked_token = _login(server, username, "een-nieuw-wachtwoord").json()["token"]
    with server.db.read() as conn:  # that token's device (devices logged in within a second tie on time)
        revoked_id = conn.execute(sa.select(devices.c.id).where(
            devices.c.token_hash == auth.token_hash(revoked_token))).scalar_one()
    auth.revoke_device(server.db, revoked_id)

    def run(*args: str, stdin: str = "") -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return server_cli.main(["--database", server.db.url, *args])

    monkeypatch.setenv("INSPECTOR_LANG", "en")
    assert run("users", "password", "toezichthouder-zuid-onbekend", "--password-stdin",
               stdin="nog-een-wachtwoord\n") == 1
    assert "Error: Unknown user 'toezichthouder-zuid-onbekend'." in capsys.readouterr().err
    assert run("users", "password", username, "--password-stdin", "--log-out-devices",
               stdin="nog-een-wachtwoord\n") == 0
    assert capsys.readouterr().out == \
        f"password of {username} changed; 3 devices logged out, 0 browser sessions ended\n"
    with api(server, token) as c:
        r = c.get("/me")
    assert r.status_code == 401 and r.json()["code"] not in ("device_revoked", "user_deactivated")
    with api(server, revoked_token) as c:
        assert c.get("/me").json()["code"] == "device_revoked"
    a.cases.create("Z-0202", "sociaal", team="Team Zuid", title="Tweede intake")
    with pytest.raises(SyncError) as logged_out:
        a.sync.run()
    assert logged_out.value.kind is SyncKind.AUTH and logged_out.value.status == 401
    assert a.directory.exists()
    assert sorted(row.number for row in a.cases.find()) == ["Z-0201", "Z-0202"]
    assert _login(server, username, "een-nieuw-wachtwoord").json()["code"] == "bad_credentials"
    fresh = _login(server, username, "nog-een-wachtwoord").json()["token"]
    with api(server, fresh) as c:
        assert c.get("/me").json()["username"] == username
