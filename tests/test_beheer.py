"""The back office (/beheer/) on a real uvicorn server, PostgreSQL and SQLite: logging in, planning a
visit that a real laptop then syncs, the planning CSV with the laptop's messages, the week grid, the
team overview with a finalized visit's receipt, revoking a laptop, the access log and the BSN mask."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi.routing import APIRoute

from inspector import planning
from inspector.protocol.constants import HEADER, PROTOCOL_VERSION
from inspector.server.beheer.tables import access_log, web_sessions
from inspector.workspace import Workspace
from tests.servers import PASSWORD
from tests.test_sync import finalized_visit, make_case

pytest_plugins = ["tests.servers"]
BSN = "999993653"


class BackOffice:
    """A browser-like client of /beheer/: cookies, forms with their CSRF token."""

    def __init__(self, url: str, **headers: str) -> None:
        self.http = httpx.Client(base_url=url, follow_redirects=False, headers=headers, timeout=30)
        self.csrf = ""

    def close(self) -> None:
        self.http.close()

    def get(self, path: str) -> httpx.Response:
        r = self.http.get(path)
        if found := re.search(r'name="csrf" value="([^"]+)"', r.text):
            self.csrf = found.group(1)
        return r

    def post(self, path: str, data: dict[str, str] | None = None, *, csrf: bool = True,
             files: Any = None) -> httpx.Response:
        body = {**({"csrf": self.csrf} if csrf else {}), **(data or {})}
        return self.http.post(path, data=body, files=files)

    def login(self, username: str, password: str = PASSWORD) -> httpx.Response:
        self.get("/beheer/login")
        r = self.post("/beheer/login", {"username": username, "password": password, "next": "/beheer/zaken"})
        if r.status_code == 303:
            self.get("/beheer/zaken")
        return r

    def case_id(self, number: str) -> str:
        found = re.search(r'href="/beheer/zaken/([0-9a-f-]{36})">' + re.escape(number) + "<",
                          self.get(f"/beheer/zaken?q={number}").text)
        assert found, number
        return found.group(1)


def messages(r: httpx.Response) -> list[str]:
    """The notices and problems a page shows."""
    return [html.unescape(m.strip()) for m in re.findall(r'class="(?:notice|problem)"[^>]*>([^<]+)<', r.text)]


@pytest.fixture
def office(any_server: Any) -> Iterator[Any]:
    """A function making logged-in back office clients of the server (each test starts without sessions)."""
    with any_server.db.write() as conn:
        conn.execute(sa.delete(web_sessions))
        conn.execute(sa.delete(access_log))
    made: list[BackOffice] = []

    def make(username: str = "coordinator-zuid", **headers: str) -> BackOffice:
        client = BackOffice(any_server.url, **headers)
        if username:
            assert client.login(username).status_code == 303
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


def new_case(bo: BackOffice, number: str, team_id: int, **extra: str) -> str:
    bo.get("/beheer/zaken/nieuw")
    r = bo.post("/beheer/zaken/nieuw", {
        "team": str(team_id), "number": number, "domain": "sociaal", "title": "Intake",
        "straat": "Kerkstraat", "huisnummer": "12", "postcode": "3511ab", "woonplaats": "Utrecht",
        "geslachtsnaam": "Berg", "voorvoegsel": "van den", "voornamen": "Jan", "bsn": BSN, **extra})
    assert r.status_code == 303, messages(r)
    return r.headers["location"].split("/")[-1].split("?")[0]


def team_ids(server: Any) -> dict[str, int]:
    from inspector.server.db import teams

    with server.db.read() as conn:
        return {r.name: int(r.id) for r in conn.execute(sa.select(teams.c.id, teams.c.name))}


def access(server: Any) -> list[tuple[str, str, str, str]]:
    with server.db.read() as conn:
        rows = conn.execute(sa.select(access_log).order_by(access_log.c.id)).all()
    return [(r.username, r.action, r.target, r.detail) for r in rows]


def test_planned_in_the_back_office_reaches_the_laptop(any_server, office, laptop) -> None:
    """A coordinator creates a case, plans a visit and assigns the case; the team's laptop syncs and
    holds the case with its address, client and the planned visit."""
    bo = office()
    zuid = team_ids(any_server)["Team Zuid"]
    case_id = new_case(bo, "2026-0401", zuid)
    r = bo.get(f"/beheer/zaken/{case_id}")
    assert "Kerkstraat 12, 3511 AB Utrecht" in r.text and "Jan van den Berg" in r.text
    r = bo.post(f"/beheer/zaken/{case_id}/bezoeken", {"template": "S1", "planned_at": "2026-12-07T10:00",
                                                      "announced": "1"})
    assert messages(r) == ["Het bezoek is gepland; de laptops van het team krijgen het bij hun volgende "
                           "synchronisatie."]
    r = bo.post(f"/beheer/zaken/{case_id}/toewijzen", {"team": str(zuid), "inspector": "toezichthouder-zuid"})
    assert messages(r) == ["De zaak is toegewezen."]

    ws: Workspace = laptop(any_server.url)
    ws.sync.run()
    case = ws.cases.by_number("2026-0401")
    assert case is not None and case.assigned_to == "toezichthouder-zuid" and case.team == "Team Zuid"
    [person] = ws.cases.persons(case.id)
    assert (person.geslachtsnaam, person.voorvoegsel, person.bsn) == ("Berg", "van den", BSN)
    [visit] = ws.visits.find(case_id=case.id)
    visit = ws.visits.get(visit.id)
    assert (visit.template_id, visit.planned_at, visit.status, visit.announced) == \
        ("S1", "2026-12-07T10:00", "planned", True)

    grid = bo.get("/beheer/planning?week=2026-12-09")
    row = re.search(r"<th scope=\"row\">toezichthouder-zuid</th>(.*?)</tr>", grid.text, re.S)
    assert row and "10:00</strong> S1<br>2026-0401" in row.group(1)
    assert "Week 50" in grid.text


def test_a_wrong_case_is_refused_with_its_field(any_server, office) -> None:
    """A bad BSN or a taken number is refused with the laptop's message; nothing is stored."""
    bo = office()
    zuid = team_ids(any_server)["Team Zuid"]
    bo.get("/beheer/zaken/nieuw")
    r = bo.post("/beheer/zaken/nieuw", {"team": str(zuid), "number": "2026-0402", "domain": "sociaal",
                                        "geslachtsnaam": "Berg", "bsn": "123456789"})
    assert r.status_code == 400 and any("BSN" in m for m in messages(r))
    assert 'id="bsn" name="bsn" type="text" value="123456789" class="short" aria-invalid="true"' in r.text
    assert 'value="2026-0402"' in r.text  # what was typed stays in the form
    assert any_server.records("cases") == []
    new_case(bo, "2026-0402", zuid)
    r = bo.post("/beheer/zaken/nieuw", {"team": str(zuid), "number": "2026-0402", "domain": "sociaal"})
    assert messages(r) == ["Zaaknummer 2026-0402 bestaat al."]
    assert len(any_server.records("cases")) == 1


def test_planning_csv_gives_the_laptops_messages(any_server, office, tmp_path: Path) -> None:
    """The same file imported on the server and on a laptop: the same visits and the same messages per
    line; importing it again adds nothing."""
    bsn = "999993653"
    csv = ("zaaknummer;domein;bezoektype;gepland;geslachtsnaam;bsn;postcode;huisnummer\n"
           f"2026-0501;sociaal;S1;08-12-2026 09:00;Jansen;{bsn};3511 AB;3\n"
           "2026-0502;sociaal;X9;08-12-2026 10:00;;;;\n"
           "2026-0503;sociaal;S1;32-12-2026 10:00;;;;\n"
           "2026-0504;fysiek;F2;09-12-2026 11:00;;;9999 ZZZ;\n")
    bo = office()
    zuid = team_ids(any_server)["Team Zuid"]
    bo.get("/beheer/import")
    r = bo.post("/beheer/import", {"team": str(zuid)}, files={"file": ("planning.csv", csv.encode())})
    assert r.status_code == 200
    server_lines = [html.unescape(x) for x in re.findall(r"<li>([^<]+)</li>", r.text)]

    path = tmp_path / "planning.csv"
    path.write_text(csv, encoding="utf-8")
    ws = Workspace.open(tmp_path / "laptop")
    try:
        ws.settings.set_profile("Toezichthouder Test", "TH-0001", "Team Zuid")
        local = planning.import_planning(ws, path)
    finally:
        ws.close()
    assert server_lines == [p.message("nl") for p in local.problems] and len(server_lines) == 3
    assert messages(r)[0] == f"{local.imported} bezoeken geïmporteerd, 0 waren er al."
    [case] = any_server.records("cases")
    assert case["data"]["number"] == "2026-0501" and case["data"]["team"] == "Team Zuid"
    [person] = any_server.records("persons")
    assert person["data"]["geslachtsnaam"] == "Jansen" and person["data"]["bsn"] == bsn

    r = bo.post("/beheer/import", {"team": str(zuid)}, files={"file": ("planning.csv", csv.encode())})
    assert messages(r)[0] == "0 bezoeken geïmporteerd, 1 waren er al."
    assert len(any_server.records("visits")) == 1

    r = bo.post("/beheer/import", {"team": str(zuid)}, files={"file": ("x.csv", b"naam;datum\nx;y\n")})
    assert messages(r) == ["Verplichte kolommen ontbreken: zaaknummer, domein, bezoektype, gepland. "
                           "Gevonden kolommen: naam, datum."]


def test_team_overview_shows_states_laptops_and_revokes(any_server, office, laptop) -> None:
    """Planned and finalized-with-receipt visits, the team's laptop with its last contact, and a
    revoke (after a confirmation) that the laptop learns at its next sync."""
    ws: Workspace = laptop(any_server.url)
    case = make_case(ws, "2026-0601")
    finalized_visit(ws, case.id)
    ws.visits.plan(case.id, "S1", "2026-12-10T09:00")
    ws.sync.run()
    bo = office()
    r = bo.get("/beheer/team")
    assert '<span class="state state-receipt">afgerond, ontvangstbewijs</span>' in r.text
    assert '<span class="state state-planned">gepland</span>' in r.text
    assert "laptop 0" in r.text and "toezichthouder-zuid" in r.text
    row = re.search(r"<td>laptop 0</td><td>toezichthouder-zuid</td>.*?</tr>", r.text, re.S).group(0)
    assert re.search(r"<td>0</td><td>0</td>", row)  # reported at the sync: nothing unsent, nothing refused
    assert "Geen laptop van dit team meldde geweigerde records" in r.text
    planned = re.search(r"state-planned\">gepland</span> <strong>(\d+)</strong>", r.text).group(1)
    ws.visits.plan(case.id, "S1", "2026-12-11T09:00")
    ws.sync.run()  # a change of the team: the overview counts again
    again = bo.get("/beheer/team").text
    assert re.search(r"state-planned\">gepland</span> <strong>(\d+)</strong>", again).group(1) == \
        str(int(planned) + 1)
    device = re.search(r"/laptops/([0-9a-f-]{36})/intrekken", r.text).group(1)
    zuid = team_ids(any_server)["Team Zuid"]
    r = bo.post(f"/beheer/team/{zuid}/laptops/{device}/intrekken")
    assert "intrekken?" in r.text and 'name="confirm" value="1"' in r.text  # asked first
    assert "ingetrokken op" not in bo.get("/beheer/team").text
    r = bo.post(f"/beheer/team/{zuid}/laptops/{device}/intrekken", {"confirm": "1"})
    assert messages(r) == ["De laptop is ingetrokken. Bij het volgende contact met de server verwijdert "
                           "hij zijn lokale gegevens."]
    assert "ingetrokken op" in r.text
    with pytest.raises(Exception, match="ingetrokken|revoked"):
        ws.sync.run()


def test_team_overview_shows_what_each_laptop_reported(any_server, office, laptop) -> None:
    """A laptop reports its unsent and refused records (at a sync, when they changed) and the team
    overview shows them per laptop and in the quarantine section; a laptop of an older app (it logged
    in, never reported) is "onbekend"."""
    ws: Workspace = laptop(any_server.url)
    make_case(ws, "2026-0611", team="Team Noord")  # refused: not the user's team
    make_case(ws, "2026-0612")
    ws.sync.run()
    any_server.token("toezichthouder-zuid")  # an older laptop: logs in, never reports
    r = office().get("/beheer/team")
    row = re.search(r"<td>laptop 0</td><td>toezichthouder-zuid</td>.*?</tr>", r.text, re.S).group(0)
    assert re.search(r'<td>0</td><td><strong class="late">3</strong></td>', row)
    older = re.search(r"<td>test</td><td>toezichthouder-zuid</td>.*?</tr>", r.text, re.S).group(0)
    assert older.count(">onbekend<") == 2
    assert "3 geweigerde records wachten in de quarantaine van 1 laptops" in r.text


def test_bsn_is_masked_until_revealed_and_every_view_is_logged(any_server, office) -> None:
    """The case page shows ******653; revealing shows the BSN once, and the access log holds who saw
    the list, the case and the BSN."""
    bo = office()
    case_id = new_case(bo, "2026-0701", team_ids(any_server)["Team Zuid"])
    r = bo.get(f"/beheer/zaken/{case_id}")
    assert "******653" in r.text and BSN not in r.text
    person = re.search(r'name="person" value="([^"]+)"', r.text).group(1)
    r = bo.post(f"/beheer/zaken/{case_id}/bsn", {"person": person})
    assert f'<span class="bsn">{BSN}</span>' in r.text
    assert BSN not in bo.get(f"/beheer/zaken/{case_id}").text
    log = access(any_server)
    assert ("coordinator-zuid", "view_cases", "team:*", "") in log
    assert ("coordinator-zuid", "reveal_bsn", case_id, f"person:{person}") in log
    assert [a for _u, a, t, _d in log if t == case_id] == ["view_case", "reveal_bsn", "view_case",
                                                           "view_case"]
    assert all(BSN not in detail for *_x, detail in log)  # the log itself holds no BSN


def test_access_log_page_is_for_the_administrator(any_server, office) -> None:
    """The administrator sees who looked at what (and that look is logged too); a coordinator may not."""
    zuid = office()
    case_id = new_case(zuid, "2026-0751", team_ids(any_server)["Team Zuid"])
    zuid.get(f"/beheer/zaken/{case_id}")
    assert zuid.get("/beheer/inzage").status_code == 403
    page = office("beheerder").get("/beheer/inzage")
    assert page.status_code == 200 and "Inzagelogboek" in page.text
    row = re.search(r"<tr><td[^>]*>[^<]+</td><td>coordinator-zuid</td><td>bekeek een zaak</td>.*?</tr>",
                    page.text)
    assert row and f'href="/beheer/zaken/{case_id}"' in row.group(0)
    assert access(any_server)[-1][:2] == ("beheerder", "view_access_log")


def test_an_unexpected_error_is_a_page_not_json(tmp_path: Path) -> None:
    """A crash inside a back office page is answered with a page; the API keeps its JSON answer."""
    from inspector.server.app import create_app
    from tests.servers import ServerThread

    app = create_app(f"sqlite:///{tmp_path / 'server.db'}")

    def boom() -> None:
        raise RuntimeError("a bug")

    app.router.routes.insert(0, APIRoute("/beheer/kapot", boom))
    app.router.routes.insert(0, APIRoute("/api/v1/kapot", boom))
    thread = ServerThread(app).start()
    try:
        page = httpx.get(f"{thread.url}/beheer/kapot")
        assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
        assert "Er ging iets mis op de server" in page.text and "a bug" not in page.text
        api = httpx.get(f"{thread.url}/api/v1/kapot", headers={HEADER: str(PROTOCOL_VERSION)})
        assert api.status_code == 500 and api.json()["code"] == "server_error"
    finally:
        thread.stop()
        app.state.db.dispose()


def test_a_team_id_beyond_any_number_is_not_found(any_server, office) -> None:
    """An absurd team id in a link is "not found", also for the administrator who sees every team."""
    r = office("beheerder").get("/beheer/zaken?team=" + "9" * 30)
    assert r.status_code == 404 and "Niet gevonden" in r.text


def test_search_finds_by_name_address_and_bsn(any_server, office) -> None:
    """Words of a name or street (without accents) and a whole BSN find the case; others do not."""
    bo = office()
    zuid = team_ids(any_server)["Team Zuid"]
    new_case(bo, "2026-0801", zuid, straat="Coördinatieweg")
    new_case(bo, "2026-0802", zuid, geslachtsnaam="Jansen", bsn="")
    for query, found in (("berg coordinatie", ["2026-0801"]), (BSN, ["2026-0801"]),
                         ("jansen", ["2026-0802"]), ("2026-08", ["2026-0802", "2026-0801"]),
                         ("pietersen", [])):
        r = bo.get(f"/beheer/zaken?q={query}")
        assert re.findall(r">(2026-08\d\d)</a>", r.text) == found, query


def test_english_and_dutch(any_server, office) -> None:
    """Dutch by default; the switch turns every page to English and back."""
    bo = office()
    assert "<h1>Zaken</h1>" in bo.get("/beheer/zaken").text
    r = bo.get("/beheer/taal/en?next=/beheer/planning")
    assert r.status_code == 303 and r.headers["location"] == "/beheer/planning"
    page = bo.get("/beheer/planning").text
    assert "Planned visits per inspector and day" in page and 'lang="en"' in page
    assert bo.get("/beheer/taal/nl?next=https://example.org/").headers["location"] == "/beheer/"
    bo.get("/beheer/taal/nl?next=/beheer/zaken")
    assert "Geplande bezoeken per toezichthouder en dag" in bo.get("/beheer/planning").text


def test_every_text_has_its_dutch() -> None:
    """Each _("…") in the templates and each label the code passes has a Dutch translation."""
    from inspector.server.beheer import i18n

    folder = Path(i18n.__file__).parent / "templates"
    texts = set()
    for path in folder.glob("*.html"):
        source = path.read_text(encoding="utf-8")
        texts |= set(re.findall(r'_\("((?:[^"\\]|\\.)*)"\)', source))
        texts |= set(re.findall(r"_\('((?:[^'\\]|\\.)*)'\)", source))
    texts |= {*i18n.DOMAINS.values(), *i18n.STATES.values(), *i18n.ROLES.values(), *i18n.ACTIONS.values(),
              *i18n.REMOVAL_KINDS.values()}
    assert len(texts) > 100
    assert sorted(t for t in texts if t not in i18n.NL) == []
