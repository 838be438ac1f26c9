"""Answers reveal nothing of other teams (real server, PostgreSQL and SQLite): another team's case
numbers and team names cannot be probed through push, plan or assign, while the caller's own mistakes
keep clear messages; a case cannot point at another team's address."""

from __future__ import annotations

import io
import uuid
from typing import Any

import httpx
import pytest

from inspector.server import __main__ as server_cli
from inspector.server import admin
from tests.test_server import api, new_case, seed_zuid

pytest_plugins = ["tests.servers"]
PLAN = {"template_id": "S1", "planned_at": "02-12-2026 10:00"}


def push(c: httpx.Client, records: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(status, code, English reason) per record."""
    answer = c.post("/push", json={"key": f"scope-{uuid.uuid4().hex[:12]}", "records": records}).json()
    return [(r["status"], r["code"], r["reason"]) for r in answer["results"]]


def answer(r: httpx.Response, *names: str) -> tuple[int, str, str, str]:
    """Status, code and messages of a refusal, with the names the caller sent taken out."""
    body = r.json()
    en, nl = body.get("message", ""), body.get("message_nl", "")
    for name in names:
        en, nl = en.replace(name, "…"), nl.replace(name, "…")
    return r.status_code, body.get("code", ""), en, nl


def same(pair: list[tuple[str, str, str]], names: tuple[str, str]) -> bool:
    """Two push results that differ only in the name each request sent."""
    (s1, c1, r1), (s2, c2, r2) = pair
    return (s1, c1, r1.replace(names[0], "…")) == (s2, c2, r2.replace(names[1], "…"))


def with_user(server: Any, username: str, role: str, teams: list[str]) -> str:
    """A user of the session's server (made once; users outlive a test)."""
    from tests.servers import PASSWORD

    if username not in {u["username"] for u in admin.list_users(server.db)}:
        admin.add_user(server.db, username, PASSWORD, role, teams, time_cost=1, memory_cost=1024)
    return server.token(username)


def test_other_teams_case_numbers_and_team_names_cannot_be_probed(any_server) -> None:
    """For Team Noord, Team Zuid's case numbers are free and Team Zuid is answered like a team that does
    not exist, on push, plan and assign alike."""
    seed_zuid(any_server)  # Z-0001
    with api(any_server, any_server.token("coordinator-zuid")) as zuid:
        for number in ("Z-0002", "Z-0003"):
            assert zuid.post(f"/cases/{number}/visits", json={**PLAN, "team": "Team Zuid"}).status_code == 200
    with api(any_server, any_server.token("toezichthouder-noord")) as noord:
        for number in ("Z-0001", "N-0001"):
            assert push(noord, [new_case(number, "Team Noord")[1]])[0][:2] == ("applied", "")
        refusals = [push(noord, [new_case("N-0002", team)[1]])[0] for team in ("Team Zuid", "Team Nergens")]
        assert same(refusals, ("Team Zuid", "Team Nergens")) and refusals[0][1] == "forbidden"
        assert refusals[0][2] == "'Team Zuid' is not one of your teams (yours: Team Noord)."
    noord_case = next(r for r in any_server.records("cases") if r["data"]["number"] == "N-0001")
    with api(any_server, any_server.token("coordinator-noord")) as c:
        for number in ("Z-0002", "Q-0404"):  # Zuid's number is free in Noord
            assert c.post(f"/cases/{number}/visits", json={**PLAN, "team": "Team Noord"}).status_code == 200
        pairs = [
            [c.post("/cases/N-0001/visits", json={**PLAN, "team": t}) for t in ("Team Zuid", "Team Nergens")],
            [c.post("/cases/N-0001/assign", json={"team": t}) for t in ("Team Zuid", "Team Nergens")],
        ]
        for one, other in pairs:
            assert answer(one, "Team Zuid") == answer(other, "Team Nergens")
            assert answer(one)[:2] == (403, "forbidden")
        assert c.post("/cases/Z-0001/assign", json={"team": "Team Noord"}).status_code == 200  # Noord's own
        for body in ({"team": "Team Noord"}, {"team": "Team Noord", "from_team": "Team Zuid"}):
            unknown = [c.post(f"/cases/{n}/assign", json=body) for n in ("Z-0003", "Q-9999")]
            assert answer(unknown[0], "Z-0003") == answer(unknown[1], "Q-9999")
            assert answer(unknown[0])[:2] == (404, "case_unknown")
        team_moves = [push(c, [{"entity": "cases", "id": noord_case["id"], "case_id": noord_case["id"],
                                "base_rev": noord_case["rev"], "fields": {"team": t}}])[0]
                      for t in ("Team Zuid", "Team Nergens")]
        assert team_moves[0] == team_moves[1] and team_moves[0][1] == "not_allowed"
    assert [r["data"]["team"] for r in any_server.records("cases") if r["id"] == noord_case["id"]] == [
        "Team Noord"]


def test_own_mistakes_keep_clear_answers(any_server) -> None:
    """Within the caller's own teams the answers stay specific: a number taken in the own team, a case
    of another own team, a number used in two own teams (name the team), a team that does not exist
    for an administrator."""
    seed_zuid(any_server)  # Z-0001 in Team Zuid
    with api(any_server, any_server.token("toezichthouder-noord")) as noord:
        assert push(noord, [new_case("Z-0001", "Team Noord")[1]])[0][:2] == ("applied", "")
    with api(any_server, any_server.token("coordinator-zuid")) as zuid:
        assert push(zuid, [new_case("Z-0001")[1]])[0] == (
            "rejected", "case_number_taken", "Case number Z-0001 already exists on the server.")
    both = with_user(any_server, "coordinator-beide", "coordinator", ["Team Zuid", "Team Noord"])
    with api(any_server, both) as c:
        assert push(c, [new_case("Z-0001", "Team Noord")[1]])[0][1] == "case_number_taken"
        r = c.post("/cases/Z-0001/assign", json={"team": "Team Zuid"})
        assert answer(r)[:2] == (409, "case_ambiguous")
        assert "(Team Noord, Team Zuid); name the team the case is in" in answer(r)[2]
        r = c.post("/cases/Z-0001/assign", json={"team": "Team Zuid", "from_team": "Team Noord"})
        assert answer(r) == (409, "case_number_taken", "Team 'Team Zuid' already has a case Z-0001.",
                             "Team 'Team Zuid' heeft al een zaak Z-0001.")
        r = c.post("/cases/Z-0001/assign", json={"team": "Team Zuid", "from_team": "Team Zuid",
                                                "inspector": "toezichthouder-zuid-2"})
        assert r.status_code == 200
        zuid_case = next(x for x in any_server.records("cases") if x["data"]["number"] == "Z-0001"
                         and x["data"]["team"] == "Team Zuid")
        assert zuid_case["data"]["assigned_to"] == "toezichthouder-zuid-2"
    with api(any_server, any_server.token("coordinator-zuid")) as zuid:
        assert zuid.post("/cases/Z-0009/visits", json={**PLAN, "team": "Team Zuid"}).status_code == 200
    with api(any_server, both) as c:
        r = c.post("/cases/Z-0009/visits", json={**PLAN, "team": "Team Noord"})
        assert answer(r) == (409, "case_other_team",
                             "Case Z-0009 belongs to team 'Team Zuid'; plan it there or assign it first.",
                             "Zaak Z-0009 hoort bij team 'Team Zuid'; plan het bezoek daar of wijs de zaak "
                             "eerst toe.")
    with api(any_server, any_server.token("beheerder")) as c:
        r = c.post("/cases/Q-0001/visits", json={**PLAN, "team": "Team Nergens"})
        assert answer(r) == (404, "team_unknown", "The team 'Team Nergens' does not exist on the server.",
                             "Het team 'Team Nergens' bestaat niet op de server.")


def test_the_admin_command_names_the_team_when_a_number_is_in_several(any_server, monkeypatch,
                                                                       capsys) -> None:
    """`inspector-server assign` of a number two teams use is refused (exit 1) until --from-team says
    which case is meant."""
    seed_zuid(any_server)
    with api(any_server, any_server.token("toezichthouder-noord")) as noord:
        push(noord, [new_case("Z-0001", "Team Noord")[1]])
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    monkeypatch.setenv("INSPECTOR_LANG", "en")
    url = any_server.db.url
    assert server_cli.main(["--database", url, "assign", "Z-0001", "--team", "Team Zuid",
                            "--inspector", "toezichthouder-zuid"]) == 1
    assert "Case number Z-0001 is in use in several of your teams (Team Noord, Team Zuid)" in \
        capsys.readouterr().err
    assert server_cli.main(["--database", url, "assign", "Z-0001", "--team", "Team Zuid", "--from-team",
                            "Team Zuid", "--inspector", "toezichthouder-zuid"]) == 0


@pytest.mark.parametrize("how", ["new case", "changed case"])
def test_a_case_cannot_point_at_another_teams_address(any_server, how: str) -> None:
    """A case whose address_id is an address of another team's case is refused (scope_mismatch) and
    stored unchanged; a case of the same team may share an address; Noord never pulls Zuid's address."""
    zuid_case_id, zuid_case = new_case("Z-0700")
    address_id = str(uuid.uuid4())
    zuid_case["fields"]["address_id"] = address_id
    address = {"entity": "addresses", "id": address_id, "case_id": zuid_case_id, "base_rev": 0,
               "fields": {"postcode": "1234AB", "huisnummer": 7, "straat": "Zuidstraat",
                          "woonplaats": "Zuid"}}
    with api(any_server, any_server.token("toezichthouder-zuid")) as zuid:
        assert [x[0] for x in push(zuid, [zuid_case, address])] == ["applied", "applied"]
        shared = new_case("Z-0701")[1]
        shared["fields"]["address_id"] = address_id
        assert push(zuid, [shared])[0][:2] == ("applied", "")
    with api(any_server, any_server.token("toezichthouder-noord")) as noord:
        case_id, case = new_case("N-0700", "Team Noord")
        if how == "new case":
            case["fields"]["address_id"] = address_id
            result = push(noord, [case])[0]
        else:
            assert push(noord, [case])[0][0] == "applied"
            rev = next(r["rev"] for r in any_server.records("cases") if r["id"] == case_id)
            result = push(noord, [{"entity": "cases", "id": case_id, "case_id": case_id, "base_rev": rev,
                                   "fields": {"address_id": address_id}}])[0]
        assert result == ("rejected", "scope_mismatch", "The case refers to an address that is not one of "
                                                        "its own.")
        got = push(noord, [{**address, "case_id": case_id, "fields": {"straat": "Noordstraat"}}])[0]
        assert got[:2] == ("rejected", "case_unknown" if how == "new case" else "scope_mismatch")
        pulled = noord.get("/pull").json()["records"]
    assert [r["data"].get("address_id") for r in pulled if r["entity"] == "cases"] == (
        [] if how == "new case" else [None])
    assert not [r for r in pulled if r["entity"] == "addresses"]
    assert [r["data"]["straat"] for r in any_server.records("addresses")] == ["Zuidstraat"]
