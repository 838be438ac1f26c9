"""The back office's security, as a matrix: every page and form × (coordinator of the team, coordinator
of another team, administrator, inspector, nobody), forms without or with a wrong CSRF token, the
cookie's flags, the Content-Security-Policy, the login rate limit shared with the API, sessions that
end (logout, team change, deactivation)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from inspector.protocol.constants import HEADER, PROTOCOL_VERSION
from inspector.server import admin
from inspector.server.db import server_meta
from tests import test_beheer
from tests.servers import PASSWORD
from tests.test_beheer import BSN, BackOffice, new_case, team_ids

pytest_plugins = ["tests.servers"]
office = test_beheer.office  # the fixture: logged-in back office clients


@pytest.fixture
def world(any_server: Any, office: Any) -> dict[str, Any]:
    """Team Zuid's case (with a client) and laptop, Team Noord's case, and a client per role."""
    ids = team_ids(any_server)
    zuid_bo, noord_bo = office("coordinator-zuid"), office("coordinator-noord")
    zuid_case = new_case(zuid_bo, "2026-0901", ids["Team Zuid"])
    noord_case = new_case(noord_bo, "2026-0902", ids["Team Noord"], geslachtsnaam="Visser",
                          straat="Dorpsweg")
    any_server.token("toezichthouder-zuid")  # a laptop of Team Zuid
    device = re.search(r"/laptops/([0-9a-f-]{36})/", zuid_bo.get("/beheer/team").text).group(1)
    person = re.search(r'name="person" value="([^"]+)"', zuid_bo.get(f"/beheer/zaken/{zuid_case}").text)
    return {"server": any_server, "zuid": ids["Team Zuid"], "noord": ids["Team Noord"], "case": zuid_case,
            "noord_case": noord_case, "device": device, "person": person.group(1), "office": office,
            "clients": {"own": zuid_bo, "other": noord_bo, "admin": office("beheerder"),
                        "nobody": office("")}}


def forms(w: dict[str, Any]) -> dict[str, tuple[str, dict[str, str], Any]]:
    """Every form on Team Zuid's data: (path, fields, files)."""
    case, zuid = w["case"], str(w["zuid"])
    csv = b"zaaknummer;domein;bezoektype;gepland\n2026-0950;sociaal;S1;08-12-2026 09:00\n"
    return {
        "reveal": (f"/beheer/zaken/{case}/bsn", {"person": w["person"]}, None),
        "plan": (f"/beheer/zaken/{case}/bezoeken", {"template": "S1", "planned_at": "2026-12-08T09:00"},
                 None),
        "assign": (f"/beheer/zaken/{case}/toewijzen", {"team": zuid, "inspector": "toezichthouder-zuid"},
                   None),
        "new_case": ("/beheer/zaken/nieuw", {"team": zuid, "number": "2026-0960", "domain": "sociaal"}, None),
        "import": ("/beheer/import", {"team": zuid}, {"file": ("p.csv", csv)}),
        "revoke": (f"/beheer/team/{zuid}/laptops/{w['device']}/intrekken", {"confirm": "1"}, None),
    }


def effect(w: dict[str, Any], name: str) -> bool:
    """Whether the form ``name`` changed anything on the server."""
    server = w["server"]
    if name == "reveal":
        return any(a == "reveal_bsn" for _u, a, _t, _d in _log(server))
    if name == "plan":
        return len(server.records("visits")) > 0
    if name == "assign":
        return any(c["data"]["assigned_to"] for c in server.records("cases"))
    if name == "new_case":
        return any(c["data"]["number"] == "2026-0960" for c in server.records("cases"))
    if name == "import":
        return any(c["data"]["number"] == "2026-0950" for c in server.records("cases"))
    return "ingetrokken op" in w["clients"]["own"].get(f"/beheer/team?team={w['zuid']}").text


def _log(server: Any) -> list[tuple[str, str, str, str]]:
    from tests.test_beheer import access

    return access(server)


FORMS = ("reveal", "plan", "assign", "new_case", "import", "revoke")


@pytest.mark.parametrize("name", FORMS)
@pytest.mark.parametrize("who", ["own", "admin", "other", "nobody"])
def test_every_form_by_role(world: dict[str, Any], who: str, name: str) -> None:
    """Team Zuid's coordinator and the administrator may; Team Noord's coordinator gets "not found"
    (as for something that does not exist) and nobody gets the login page; neither changes anything."""
    client: BackOffice = world["clients"][who]
    path, fields, files = forms(world)[name]
    if who != "nobody":
        client.get("/beheer/zaken")  # the client's own, valid CSRF token
    r = client.post(path, fields, files=files)
    if who in ("own", "admin"):
        assert r.status_code in (200, 303), (r.status_code, r.text[:300])
        assert "problem" not in r.text
        assert effect(world, name)
    else:
        expected = 404 if who == "other" else 303
        assert r.status_code == expected
        assert "2026-0901" not in r.text and "Berg" not in r.text and BSN not in r.text
        assert not effect(world, name)
        if who == "nobody":
            assert r.headers["location"].startswith("/beheer/login")


@pytest.mark.parametrize("name", FORMS)
def test_every_form_refuses_a_missing_or_foreign_csrf_token(world: dict[str, Any], name: str) -> None:
    """Without the session's CSRF token, or with another session's, a form changes nothing (403)."""
    own: BackOffice = world["clients"]["own"]
    path, fields, files = forms(world)[name]
    r = own.post(path, fields, csrf=False, files=files)
    assert r.status_code == 403 and "Formulier geweigerd" in r.text
    world["clients"]["admin"].get("/beheer/zaken")
    r = own.post(path, {**fields, "csrf": world["clients"]["admin"].csrf}, csrf=False, files=files)
    assert r.status_code == 403
    assert not effect(world, name)


def test_every_page_by_role(world: dict[str, Any]) -> None:
    """Team Noord's coordinator sees nothing of Team Zuid on any page; the administrator sees both."""
    case, zuid = world["case"], world["zuid"]
    pages = [f"/beheer/zaken/{case}", f"/beheer/team?team={zuid}", "/beheer/zaken", "/beheer/zaken?q=Berg",
             "/beheer/planning", f"/beheer/zaken?team={zuid}", f"/beheer/planning?team={zuid}",
             "/beheer/team", "/beheer/import", "/beheer/zaken/nieuw", "/beheer/echtheid", "/beheer/cijfers",
             f"/beheer/cijfers?team={zuid}", f"/beheer/cijfers.csv?team={zuid}", "/beheer/cijfers.csv"]
    for path in pages:
        own = world["clients"]["own"].get(path)
        assert own.status_code == 200, path
        other = world["clients"]["other"].get(path)
        assert other.status_code in (200, 404), path
        assert "2026-0901" not in other.text and "Kerkstraat 12" not in other.text \
            and "toezichthouder-zuid" not in other.text, path
        assert "******653" not in other.text or "2026-0902" in other.text, path
        nobody = world["clients"]["nobody"].get(path)
        assert nobody.status_code == 303 and nobody.headers["location"].startswith("/beheer/login?next=")
    assert world["clients"]["other"].get(f"/beheer/zaken/{case}").status_code == 404
    unknown = "00000000-0000-0000-0000-000000000000"  # the same answer as for a case that does not exist
    assert world["clients"]["other"].get(f"/beheer/zaken/{case}").text.replace(case, unknown) == \
        world["clients"]["other"].get(f"/beheer/zaken/{unknown}").text
    every = world["clients"]["admin"].get("/beheer/zaken").text
    assert "2026-0901" in every and "2026-0902" in every


@pytest.mark.parametrize("who", ["own", "admin", "other", "nobody"])
def test_the_figures_parameters_are_the_administrators(world: dict[str, Any], who: str) -> None:
    """Only the administrator sets the parameters of the estimated saving (and only with the session's
    CSRF token); coordinators get "no access", nobody the login page; nothing changes for them."""
    from inspector.server.beheer import figures

    server = world["server"]
    with server.db.write() as conn:
        conn.execute(sa.delete(server_meta).where(server_meta.c.key.in_([figures.BENEFIT, figures.MONTHS])))
    client: BackOffice = world["clients"][who]
    fields = {"benefit": "1000", "months": "12"}
    if who != "nobody":
        client.get("/beheer/cijfers")
        page = client.get("/beheer/cijfers")
        assert page.status_code == 200 and "<script" not in page.text and "style=" not in page.text
        assert client.post("/beheer/cijfers/instellingen", fields, csrf=False).status_code == 403
    assert figures.parameters(server.db).benefit is None
    get = client.get("/beheer/cijfers/instellingen")
    r = client.post("/beheer/cijfers/instellingen", fields)
    if who == "admin":
        assert get.status_code == 200 and r.status_code == 303
        assert figures.parameters(server.db) == figures.Parameters(Decimal(1000), Decimal(12))
        return
    expected = 303 if who == "nobody" else 403
    assert get.status_code == expected and r.status_code == expected
    assert figures.parameters(server.db).benefit is None


def test_the_privacy_officer_sees_no_case_page_and_changes_nothing(world: dict[str, Any]) -> None:
    """The privacy officer (role privacy, no team) gets "Geen toegang" on every page and form of the
    coordinators, with nothing of a case in it, and changes nothing; the retention periods are the
    administrator's. Access requests and the access log are theirs (tests/test_subject_access.py)."""
    import uuid

    username = f"privacy-{uuid.uuid4().hex[:6]}"
    admin.add_user(world["server"].db, username, PASSWORD, "privacy", [], time_cost=1, memory_cost=1024)
    bo = world["office"](username)
    case, zuid = world["case"], world["zuid"]
    for path in (f"/beheer/zaken/{case}", f"/beheer/team?team={zuid}", "/beheer/zaken", "/beheer/planning",
                 "/beheer/import", "/beheer/zaken/nieuw", "/beheer/bewaartermijnen", "/beheer/cijfers",
                 "/beheer/cijfers.csv", "/beheer/echtheid",
                 f"/beheer/bezoeken/{case}/rapport.pdf"):
        r = bo.get(path)
        assert r.status_code == 403 and "Geen toegang" in r.text, path
        assert "2026-0901" not in r.text and "Berg" not in r.text, path
    assert bo.get("/beheer/inzage").status_code == 200
    bo.get("/beheer/avg")  # a valid CSRF token of this session
    for name, (path, fields, files) in forms(world).items():
        assert bo.post(path, fields, files=files).status_code == 403, name
        assert not effect(world, name), name


def test_an_inspector_is_refused_with_a_clear_page(world: dict[str, Any]) -> None:
    """The right password of an inspector gives a page saying the back office is not for them, and no
    session."""
    bo = world["office"]("")
    r = bo.login("toezichthouder-zuid")
    assert r.status_code == 403 and "Geen toegang" in r.text
    assert "Als toezichthouder werkt u in de Inspector-app op uw laptop" in r.text
    assert "beheer_sessie" not in r.headers.get("set-cookie", "")
    assert bo.get("/beheer/zaken").status_code == 303


def test_cookie_flags_and_security_headers(world: dict[str, Any]) -> None:
    """The session cookie is HttpOnly, SameSite=Strict, limited to /beheer, and Secure behind TLS (as
    a trusted proxy reports it); every page carries the CSP and is not cached."""
    server = world["server"]
    plain = BackOffice(server.url)
    tls = BackOffice(server.url, **{"X-Forwarded-Proto": "https"})
    try:
        for client, secure in ((plain, False), (tls, True)):
            client.get("/beheer/login")  # a Secure cookie is not sent back over plain HTTP: send it along
            r = client.http.post("/beheer/login", headers={"Cookie": f"beheer_login={client.csrf}"},
                                 data={"csrf": client.csrf, "username": "coordinator-zuid",
                                       "password": PASSWORD})
            assert r.status_code == 303
            cookie = next(c for c in r.headers.get_list("set-cookie") if c.startswith("beheer_sessie="))
            flags = {f.strip().lower() for f in cookie.split(";")[1:]}
            assert {"httponly", "samesite=strict", "path=/beheer"} <= flags
            assert ("secure" in flags) is secure
        for path in ("/beheer/login", "/beheer/zaken", "/beheer/zaken/nope", "/beheer/static/beheer.css"):
            r = plain.get(path)
            csp = r.headers["content-security-policy"]
            assert "default-src 'none'" in csp and "script-src 'self'" in csp
            assert "frame-ancestors 'none'" in csp
            assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
            assert (r.headers.get("cache-control") == "no-store") is (not path.endswith(".css"))
        page = plain.get("/beheer/zaken").text
        assert "<script" not in page and "style=" not in page and "http://" not in page
    finally:
        plain.close()
        tls.close()


def test_login_rate_limit_is_shared_with_the_api(world: dict[str, Any]) -> None:
    """Failed logins count together, in the back office and the laptops' API: after five, both say
    "too many" — also for the right password."""
    server = world["server"]
    bo = world["office"]("")
    for _ in range(3):
        assert bo.login("coordinator-zuid", "wrong-password").status_code == 401
    for _ in range(2):
        r = httpx.post(f"{server.url}/api/v1/login", headers={HEADER: str(PROTOCOL_VERSION)},
                       json={"username": "coordinator-zuid", "password": "nope-nope", "device_name": "x"})
        assert r.status_code == 401
    r = bo.login("coordinator-zuid")
    assert r.status_code == 429 and "Te veel mislukte inlogpogingen" in r.text and r.headers["retry-after"]
    r = httpx.post(f"{server.url}/api/v1/login", headers={HEADER: str(PROTOCOL_VERSION)},
                   json={"username": "coordinator-zuid", "password": PASSWORD, "device_name": "x"})
    assert r.status_code == 429


def test_login_form_needs_its_csrf_cookie(world: dict[str, Any]) -> None:
    """A login posted from another site (no token cookie) is refused."""
    r = httpx.post(f"{world['server'].url}/beheer/login",
                   data={"csrf": "x", "username": "coordinator-zuid", "password": PASSWORD})
    assert r.status_code == 403 and "beheer_sessie" not in r.headers.get("set-cookie", "")


def test_sessions_end_at_logout_team_change_and_deactivation(world: dict[str, Any]) -> None:
    """Logging out ends the session; a coordinator moved to another team loses the old team's case at
    once; a deactivated one is logged out."""
    server, case = world["server"], world["case"]
    bo = world["office"]("coordinator-zuid")
    stolen = bo.http.cookies.get("beheer_sessie")
    bo.get("/beheer/zaken")
    assert bo.post("/beheer/logout").headers["location"] == "/beheer/login?uit=1"
    replay = httpx.get(f"{server.url}/beheer/zaken", cookies={"beheer_sessie": stolen})
    assert replay.status_code == 303

    moved = world["clients"]["own"]
    assert moved.get(f"/beheer/zaken/{case}").status_code == 200
    admin.change_user(server.db, "coordinator-zuid", team_names=["Team Noord"])
    try:
        assert moved.get(f"/beheer/zaken/{case}").status_code == 404
        admin.set_active(server.db, "coordinator-zuid", False)
        assert moved.get("/beheer/zaken").status_code == 303
    finally:
        admin.set_active(server.db, "coordinator-zuid", True)
        admin.change_user(server.db, "coordinator-zuid", team_names=["Team Zuid"])


def test_a_new_password_with_log_out_devices_ends_browser_sessions(world: dict[str, Any]) -> None:
    """`users password` keeps the coordinator's browser session; with --log-out-devices it ends it, as
    it ends the laptops' sessions: the next page asks to log in, and the old cookie stays dead."""
    server, case = world["server"], world["case"]
    bo = world["office"]("coordinator-zuid")
    other = world["office"]("coordinator-noord")
    stolen = bo.http.cookies.get("beheer_sessie")
    admin.set_password(server.db, "coordinator-zuid", PASSWORD, time_cost=1, memory_cost=1024)
    assert bo.get(f"/beheer/zaken/{case}").status_code == 200
    devices, browsers = admin.set_password(server.db, "coordinator-zuid", PASSWORD, log_out_devices=True,
                                           time_cost=1, memory_cost=1024)
    assert browsers >= 2  # this client's session and the one the world's own client logged in with
    r = bo.get(f"/beheer/zaken/{case}")
    assert r.status_code == 303 and r.headers["location"].startswith("/beheer/login")
    assert httpx.get(f"{server.url}/beheer/zaken", cookies={"beheer_sessie": stolen}).status_code == 303
    assert other.get("/beheer/zaken").status_code == 200  # another user's session goes on
    assert bo.login("coordinator-zuid").status_code == 303  # the new password logs in again


def test_login_returns_only_inside_the_back_office(world: dict[str, Any]) -> None:
    """The page to return to after login is never another site."""
    bo = world["office"]("")
    bo.get("/beheer/login")
    r = bo.post("/beheer/login", {"username": "coordinator-zuid", "password": PASSWORD,
                                  "next": "https://evil.example/"})
    assert r.status_code == 303 and r.headers["location"] == "/beheer/"


def test_a_request_body_too_large_is_not_read(world: dict[str, Any]) -> None:
    """A body over 6 MB to the back office is refused before anything reads it (413)."""
    bo: BackOffice = world["clients"]["own"]
    bo.get("/beheer/import")
    r = bo.post("/beheer/import", {"team": str(world["zuid"])},
                files={"file": ("big.csv", b"x" * (7 * 2**20))})
    assert r.status_code == 413 and "te groot" in r.text
    assert "default-src 'none'" in r.headers["content-security-policy"]
