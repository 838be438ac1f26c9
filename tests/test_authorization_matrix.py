"""The authorization matrix: every endpoint × role (inspector, coordinator, administrator) × own team,
other team, no team, on a real server (PostgreSQL and SQLite) over real HTTP; and tokens after logout,
revocation, deactivation and expiry. No data crosses a team boundary: what a caller cannot see is
answered as if it did not exist, no answer carries another team's content, and nothing of another
team changes."""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from inspector.server import admin, auth
from inspector.server.db import blob_holders, blob_uploads, blobs, devices
from tests.test_server import api

pytest_plugins = ["tests.servers"]
PLAN = {"template_id": "S1", "planned_at": "02-12-2026 10:00"}
KEY = "ab" * 32  # a device's public signing key (hex)


@dataclass(frozen=True)
class Actor:
    username: str
    role: str
    relation: str  # to Team Zuid: "own", "other" (Team Noord), "none" (no team), "all" (administrator)
    teams: tuple[str, ...]

    @property
    def sees_zuid(self) -> bool:
        return self.relation in ("own", "all")

    @property
    def plans_zuid(self) -> bool:
        return self.sees_zuid and self.role != "inspector"

    @property
    def visible(self) -> tuple[str, ...]:
        return ("Team Zuid", "Team Noord") if self.relation == "all" else self.teams


ACTORS = [
    Actor("toezichthouder-zuid-2", "inspector", "own", ("Team Zuid",)),
    Actor("coordinator-zuid", "coordinator", "own", ("Team Zuid",)),
    Actor("toezichthouder-noord", "inspector", "other", ("Team Noord",)),
    Actor("coordinator-noord", "coordinator", "other", ("Team Noord",)),
    Actor("toezichthouder-zonder-team", "inspector", "none", ()),
    Actor("coordinator-zonder-team", "coordinator", "none", ()),
    Actor("beheerder", "admin", "all", ()),
]


@dataclass
class Team:
    """One team's seeded case: its ids, its photo, and text only its members may ever see."""

    name: str
    number: str
    case_id: str
    visit_id: str
    photo: bytes
    markers: tuple[bytes, ...]

    @property
    def sha(self) -> str:
        return hashlib.sha256(self.photo).hexdigest()


def user(server: Any, username: str, role: str, teams: list[str]) -> str:
    """A token for ``username``, made once on the session's server (users outlive a test)."""
    from tests.servers import PASSWORD

    if username not in {u["username"] for u in admin.list_users(server.db)}:
        admin.add_user(server.db, username, PASSWORD, role, teams, time_cost=1, memory_cost=1024)
    return server.token(username)  # type: ignore[no-any-return]


def seed(server: Any, name: str, number: str, uploader: str) -> Team:
    """A case with an address, a person, a visit with an answer and a photo, pushed by ``uploader``."""
    word = name.split()[-1]
    team = Team(name, number, str(uuid.uuid4()), str(uuid.uuid4()), f"foto van {word} {os.urandom(8).hex()}"
                .encode(), (f"Geheime titel {word}".encode(), f"{word}geheimstraat".encode(),
                            f"{word}geheim".encode(), f"notitie {word}".encode()))
    address_id = str(uuid.uuid4())
    case, visit = team.case_id, team.visit_id
    rec = {"base_rev": 0, "case_id": case}
    records = [
        {**rec, "entity": "cases", "id": case, "fields": {
            "number": number, "domain": "sociaal", "team": name, "address_id": address_id,
            "title": f"Geheime titel {word}"}},
        {**rec, "entity": "addresses", "id": address_id, "fields": {"straat": f"{word}geheimstraat"}},
        {**rec, "entity": "persons", "id": str(uuid.uuid4()), "fields": {
            "case_id": case, "geslachtsnaam": f"{word}geheim"}},
        {**rec, "entity": "visits", "id": visit, "fields": {"case_id": case, "template_id": "S1",
                                                           "template_version": 1}},
        {**rec, "entity": "answers", "id": str(uuid.uuid4()), "fields": {
            "visit_id": visit, "item_id": "id_gezien", "value": '"ja"', "note": f"notitie {word}"}},
        {**rec, "entity": "attachments", "id": str(uuid.uuid4()), "fields": {
            "visit_id": visit, "sha256": team.sha}}]
    with api(server, server.token(uploader)) as c:
        assert c.put(f"/blobs/{team.sha}", params={"offset": 0, "total": len(team.photo)},
                     content=team.photo).json()["complete"]
        answer = c.post("/push", json={"key": f"seed-{word}-1", "records": records}).json()
    assert {r["status"] for r in answer["results"]} == {"applied"}, answer
    return team


def state(server: Any, team: Team | None = None) -> Any:
    """What the server holds (of one team's case, or everything): records, files, holders, uploads."""
    with server.db.read() as conn:
        files = sorted(tuple(r) for r in conn.execute(sa.select(blobs.c.sha256, blobs.c.size)))
        holders = sorted(tuple(r) for r in conn.execute(sa.select(blob_holders.c.sha256,
                                                                   blob_holders.c.user_id)))
        uploads = sorted(tuple(r) for r in conn.execute(sa.select(blob_uploads.c.sha256,
                                                                   blob_uploads.c.received)))
        keys = sorted(str(r[0]) for r in conn.execute(sa.select(devices.c.signing_key)))
    rows = [(r["entity"], r["id"], r["rev"], r["data"]) for r in server.records()
            if team is None or r["case_id"] == team.case_id]
    return rows if team is not None else (rows, files, holders, uploads, keys)


class Recorder:
    """A logged-in client that keeps every answer, to look for another team's content afterwards."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client
        self.answers: list[httpx.Response] = []

    def __call__(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        r = self.client.request(method, path, **kwargs)
        self.answers.append(r)
        return r

    def push(self, *records: dict[str, Any]) -> list[tuple[str, str]]:
        body = {"key": f"matrix-{uuid.uuid4().hex[:12]}", "records": list(records)}
        return [(r["status"], r["code"]) for r in self("POST", "/push", json=body).json()["results"]]

    def told(self, sha: str) -> tuple[Any, ...]:
        """Everything the blob endpoints say about a file (its own hash taken out)."""
        status = self("GET", f"/blobs/{sha}/status")
        got = self("GET", f"/blobs/{sha}")
        missing = self("POST", "/blobs/missing", json={"hashes": [sha]}).json()["missing"]
        fetched = self("POST", "/blobs/fetch", json={"hashes": [sha], "max_bytes": 1 << 20})
        head, _, body = fetched.content.partition(b"\n")
        named = json.loads(head)
        return (status.status_code, {k: v for k, v in status.json().items() if k != "sha256"},
                got.status_code, got.content if got.status_code != 200 else b"<the file>", missing == [sha],
                fetched.status_code, [f["size"] for f in named["files"]], named["later"], len(body))


def refusal(r: httpx.Response, *names: str) -> tuple[int, str, str, str]:
    body = r.json()
    texts = [body.get("message", ""), body.get("message_nl", "")]
    for name in names:
        texts = [t.replace(name, "…") for t in texts]
    return (r.status_code, body.get("code", ""), *texts)


def new_attachment(team: Team, sha: str) -> dict[str, Any]:
    return {"entity": "attachments", "id": str(uuid.uuid4()), "case_id": team.case_id, "base_rev": 0,
            "fields": {"visit_id": team.visit_id, "sha256": sha}}


@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: f"{a.role}-{a.relation}")
def test_every_endpoint_for_each_role_and_team(any_server, actor: Actor) -> None:
    """Each role, in Team Zuid, in Team Noord or in no team (and the administrator) on every endpoint:
    Team Zuid's case, photo and planning are open to exactly those who may, refused to everyone else
    with the answer for something that does not exist, and nobody receives another team's content."""
    zuid = seed(any_server, "Team Zuid", "Z-0001", "toezichthouder-zuid")
    noord = seed(any_server, "Team Noord", "N-0001", "toezichthouder-noord")
    zuid_before = state(any_server, zuid)
    token = user(any_server, actor.username, actor.role, list(actor.teams))
    nowhere = hashlib.sha256(uuid.uuid4().bytes).hexdigest()
    with api(any_server, token) as client:
        call = Recorder(client)
        assert call("GET", "/ping").json()["ok"] is True
        me = call("GET", "/me").json()
        assert (me["username"], me["role"], me["teams"]) == (actor.username, actor.role, list(actor.teams))
        pulled = call("GET", "/pull").json()["records"]
        expected = {t.case_id for t in (zuid, noord) if t.name in actor.visible}
        assert {r["case_id"] for r in pulled} == expected

        # photos: by scope, never by hash
        if actor.sees_zuid:
            assert call.told(zuid.sha) == (200, {"size": len(zuid.photo), "received": len(zuid.photo),
                                                 "complete": True}, 200, b"<the file>", False,
                                           200, [len(zuid.photo)], [], len(zuid.photo))
            assert call("GET", f"/blobs/{zuid.sha}").content == zuid.photo
        else:
            assert call.told(zuid.sha) == call.told(nowhere)
            assert call.told(zuid.sha)[:3] == (200, {"size": 0, "received": 0, "complete": False}, 404)
            assert call.told(zuid.sha)[5:] == (200, [], [], 0)  # fetch names nothing, sends nothing
        own_file = os.urandom(600)
        assert call("PUT", f"/blobs/{hashlib.sha256(own_file).hexdigest()}", params={
            "offset": 0, "total": 600}, content=own_file).json()["complete"] is True
        batch_file = os.urandom(700)
        batch_sha = hashlib.sha256(batch_file).hexdigest()
        manifest = json.dumps({"files": [{"sha256": batch_sha, "size": 700}]}).encode() + b"\n"
        assert call("POST", "/blobs/batch", content=manifest + batch_file).json() == \
            {"stored": [batch_sha], "refused": []}

        # push: Team Zuid's case, a new record in it, a photo record, a new case, a move
        edit = {"entity": "cases", "id": zuid.case_id, "case_id": zuid.case_id,
                "base_rev": max(r[2] for r in zuid_before if r[0] == "cases"),
                "fields": {"due_date": "2026-12-31"}}
        person = {"entity": "persons", "id": str(uuid.uuid4()), "case_id": zuid.case_id, "base_rev": 0,
                  "fields": {"case_id": zuid.case_id, "geslachtsnaam": "Nieuw"}}
        new_case_id = str(uuid.uuid4())
        new_case = {"entity": "cases", "id": new_case_id, "case_id": new_case_id, "base_rev": 0,
                    "fields": {"number": f"Z-1{ACTORS.index(actor)}", "domain": "sociaal",
                               "team": "Team Zuid"}}
        got = call.push(edit, person, new_attachment(zuid, zuid.sha), new_case)
        if actor.sees_zuid:
            assert got == [("applied", "")] * 4
        else:
            assert got == [("rejected", "forbidden"), ("rejected", "case_unknown"),
                           ("rejected", "case_unknown"), ("rejected", "forbidden")]
        if actor.relation == "other":  # Zuid's photo by its hash, in Noord's own visit
            assert call.push(new_attachment(noord, zuid.sha)) == [("rejected", "blob_missing")]
        target = "Team Nergens" if actor.relation == "all" else "Team Noord"
        move = dict(edit, base_rev=0, fields={"team": target})
        assert call.push(move) == [("rejected", {"own": "not_allowed", "all": "team_unknown"}.get(
            actor.relation, "forbidden"))]

        # planning
        plan = call("POST", f"/cases/{zuid.number}/visits", json={**PLAN, "team": "Team Zuid"})
        assign = call("POST", f"/cases/{zuid.number}/assign", json={"team": "Team Zuid",
                                                                     "inspector": "toezichthouder-zuid"})
        if actor.plans_zuid:
            assert (plan.status_code, assign.status_code) == (200, 200)
        elif actor.role == "inspector":
            assert refusal(plan)[:2] == refusal(assign)[:2] == (403, "forbidden")
        else:
            other_plan = call("POST", f"/cases/{zuid.number}/visits", json={**PLAN, "team": "Team Nergens"})
            assert refusal(plan, "Team Zuid") == refusal(other_plan, "Team Nergens")
            assert refusal(plan)[:2] == (403, "forbidden")
            other_assign = call("POST", "/cases/Q-0000/assign", json={"team": "Team Zuid"})
            assert refusal(assign, zuid.number) == refusal(other_assign, "Q-0000")
            assert refusal(assign)[:2] == (404, "case_unknown")

        # the device itself
        assert call("POST", "/device/key", json={"signing_key": KEY}).json()["signing_key"] == KEY
        assert call("POST", "/device/status", json={"unsent": 2, "quarantined": 1}).json() == \
            {"keep_days": None, "retention_months": {}}  # its own counts only; periods for everyone
        assert call("POST", "/logout").status_code == 204
        assert call("GET", "/me").json()["code"] == "token_invalid"

    hidden = [m for t in (zuid, noord) if t.name not in actor.visible for m in (*t.markers, t.photo)]
    for answer in call.answers:
        for marker in hidden:
            assert marker not in answer.content, (answer.request.method, answer.request.url, marker)
    if not actor.sees_zuid:
        assert state(any_server, zuid) == zuid_before


def kill(server: Any, token: str, how: str) -> None:
    device = next(d for d in admin.list_devices(server.db) if d["id"] == auth.authenticate(
        server.db, f"Bearer {token}").device_id)
    if how == "logout":
        auth.logout_device(server.db, device["id"])
    elif how == "revoke":
        auth.revoke_device(server.db, device["id"])
    elif how == "deactivate":
        admin.set_active(server.db, device["username"], False)
    else:
        with server.db.write() as conn:
            conn.execute(sa.update(devices).where(devices.c.id == device["id"])
                         .values(expires_at="2000-01-01T00:00:00Z"))


@pytest.mark.parametrize(("how", "code"), [("logout", "token_invalid"), ("revoke", "device_revoked"),
                                           ("deactivate", "user_deactivated"), ("expire", "token_expired")])
def test_a_dead_token_gets_401_on_every_endpoint_and_changes_nothing(any_server, how: str, code: str) -> None:
    """After logout, revocation, deactivation of the user or expiry, every endpoint that needs a login
    answers 401 with its code, carries no content, and the server holds exactly what it held."""
    zuid = seed(any_server, "Team Zuid", "Z-0001", "toezichthouder-zuid")
    username = "coordinator-zuid-matrix"
    token = user(any_server, username, "coordinator", ["Team Zuid"])
    kill(any_server, token, how)
    before = state(any_server)
    data = os.urandom(100)
    calls = [("GET", "/me", {}), ("POST", "/logout", {}),
             ("POST", "/device/key", {"json": {"signing_key": KEY}}), ("GET", "/pull", {}),
             ("POST", "/device/status", {"json": {"unsent": 1, "quarantined": 0}}),
             ("POST", "/push", {"json": {"key": "dead-token-1", "records": [
                 {"entity": "cases", "id": zuid.case_id, "case_id": zuid.case_id, "base_rev": 1,
                  "fields": {"title": "overgenomen"}}]}}),
             ("POST", "/blobs/missing", {"json": {"hashes": [zuid.sha]}}),
             ("POST", "/blobs/fetch", {"json": {"hashes": [zuid.sha]}}),
             ("POST", "/blobs/batch", {"content": json.dumps({"files": [
                 {"sha256": hashlib.sha256(data).hexdigest(), "size": 100}]}).encode() + b"\n" + data}),
             ("GET", f"/blobs/{zuid.sha}/status", {}), ("GET", f"/blobs/{zuid.sha}", {}),
             ("PUT", f"/blobs/{hashlib.sha256(data).hexdigest()}", {"params": {"offset": 0, "total": 100},
                                                                    "content": data}),
             ("POST", "/cases/Z-0001/visits", {"json": {**PLAN, "team": "Team Zuid"}}),
             ("POST", "/cases/Z-0001/assign", {"json": {"team": "Team Zuid"}})]
    try:
        with api(any_server, token) as c:
            for method, path, kwargs in calls:
                r = c.request(method, path, **kwargs)
                assert (r.status_code, r.json()["code"]) == (401, code), (method, path)
                assert set(r.json()) == {"code", "message", "message_nl", "detail"}
                assert all(m not in r.content for m in (*zuid.markers, zuid.photo))
    finally:
        admin.set_active(any_server.db, username, True)
    assert state(any_server) == before


def test_the_matrix_covers_every_endpoint(any_server) -> None:
    """Every operation of the OpenAPI description is one the matrix calls."""
    covered = {("get", "/ping"), ("get", "/me"), ("get", "/pull"), ("post", "/push"), ("post", "/login"),
               ("post", "/logout"), ("post", "/device/key"), ("post", "/device/status"),
               ("post", "/blobs/missing"), ("post", "/blobs/fetch"), ("post", "/blobs/batch"),
               ("get", "/blobs/{sha256}/status"), ("get", "/blobs/{sha256}"), ("put", "/blobs/{sha256}"),
               ("post", "/cases/{number}/visits"), ("post", "/cases/{number}/assign")}
    paths = httpx.get(any_server.url + "/openapi.json").json()["paths"]
    assert {(m, p.removeprefix("/api/v1")) for p, ops in paths.items() for m in ops} == covered
