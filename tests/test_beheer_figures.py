"""The management figures (/beheer/cijfers) on a real server, PostgreSQL and SQLite: counted from the
frozen documents of visits a real laptop finalized and synced, the same figures as an Excel-ready CSV,
the administrator's parameters of the estimated saving, scoping to the own teams, and the facts kept
for a server upgraded from schema 0005."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from inspector.server.db import visit_counts, visit_fact_items, visit_facts
from inspector.workspace import Workspace
from tests import test_beheer
from tests.test_beheer import messages, team_ids
from tests.test_sync import finalized_visit, make_case

pytest_plugins = ["tests.servers"]
office = test_beheer.office  # the fixture: logged-in back office clients
OCTOBER = "/beheer/cijfers?periode=maand&datum=2026-10-01"


def figure(page: str, section: str, label: str) -> list[str]:
    """The cells of the row ``label`` in the figure ``section`` of the page (as shown)."""
    part = page.split(f'id="{section}"', 1)[1].split("</section>", 1)[0]
    for row in re.findall(r"<tr>(.*?)</tr>", part, re.S):
        head = re.search(r'<th scope="row">(.*?)</th>', row, re.S)
        if head and html.unescape(head.group(1).strip()) == label:
            cells = re.findall(r'<td class="num[^"]*">(.*?)</td>', row, re.S)
            return [html.unescape(c.strip()) for c in cells]
    raise AssertionError(f"no row {label!r} in {section}")


def forget_parameters(server: Any) -> None:
    """No parameters of the estimated saving set (they live in server_meta, which tests keep)."""
    from inspector.server.beheer import figures
    from inspector.server.db import server_meta

    with server.db.write() as conn:
        conn.execute(sa.delete(server_meta).where(server_meta.c.key.in_([figures.BENEFIT, figures.MONTHS])))


def intake(ws: Workspace, number: str, outcome: str, refuse: bool = False) -> str:
    """An S1 intake on a new case, finalized with ``outcome`` (and T1 as the cause, a referral to debt
    counselling with a warm handover and a BRP signal), or refused at the door."""
    case = make_case(ws, number)

    def decide(visit_id: str) -> None:
        ws.visits.set_outcome(visit_id, outcome, toe_causes=["T1"])
        ws.visits.add_signal(visit_id, "brp", note="Gerede twijfel aan de inschrijving.")

    if not refuse:
        return finalized_visit(ws, case.id, decide)
    from datetime import UTC, datetime

    from inspector import demo, templates

    visit = ws.visits.plan(case.id, "S1", "2026-10-02T09:00")
    demo._run_visit(ws, visit.id, templates.get_template("S1"), datetime(2026, 10, 2, 9, 0, tzinfo=UTC),  # noqa: SLF001
                    __import__("random").Random(3), photos=False, refuse=True)
    ws.visits.finalize(visit.id, at="2026-10-02T10:00:00Z")
    return visit.id


def recheck(ws: Workspace, number: str, day: str) -> str:
    """A re-check visit of the case ``number``, finalized on ``day``."""
    import random
    from datetime import UTC, datetime

    from inspector import demo, templates

    case = ws.cases.by_number(number)
    assert case is not None
    visit = ws.visits.plan(case.id, "S1", f"{day}T09:00")
    demo._run_visit(ws, visit.id, templates.get_template("S1"),  # noqa: SLF001
                    datetime.fromisoformat(f"{day}T09:00").replace(tzinfo=UTC), random.Random(5),
                    photos=False, refuse=False)
    ws.visits.finalize(visit.id, at=f"{day}T10:00:00Z")
    return visit.id


def test_figures_change_when_a_laptop_finalizes_and_syncs(any_server, office, laptop) -> None:
    """Nothing counted before the sync; afterwards the S1 outcomes at the door, the prevented
    application with its estimated saving, the refusal, the cause, the referral with its warm handover,
    the social → BRP signal and the overdue follow-ups; a re-check makes one on time; a visit of
    another month is not in October."""
    forget_parameters(any_server)
    ws: Workspace = laptop(any_server.url)
    intake(ws, "2026-1001", "aanvraag_ingetrokken")
    intake(ws, "2026-1002", "niets_gevonden")
    intake(ws, "2026-1003", "", refuse=True)
    bo = office()
    before = bo.get(OCTOBER).text
    assert "Managementcijfers · oktober 2026" in before
    assert figure(before, "visits", "Afgeronde bezoeken") == ["0", ""]
    ws.sync.run()
    page = bo.get(OCTOBER).text
    assert figure(page, "visits", "Afgeronde bezoeken") == ["3", ""]
    assert figure(page, "visits", "Weigeringen aan de deur (geen toestemming)") == ["1", "33%"]
    assert figure(page, "intake", "Aanvraag ingetrokken") == ["1", "33%"]
    assert figure(page, "intake", "Niets gevonden") == ["1", "33%"]
    assert figure(page, "intake", "S1-intakebezoeken") == ["3", ""]
    assert figure(page, "prevention",
                  "Voorkomen aanvragen (volgens het besluit, anders de uitkomst aan de deur)") == ["1"]
    assert figure(page, "decisions", "geen besluit vastgelegd") == ["3", "100%"]
    assert figure(page, "prevention", "Geschatte besparing") == [
        "niet ingesteld: de beheerder stelt de parameters in"]
    assert figure(page, "causes", "T1 Kennis van de regels") == ["< 5"]  # a fine breakdown: never 1 or 2
    assert figure(page, "referrals", "Alle doorverwijzingen") == ["2", "2", "100%"]
    assert figure(page, "referrals", "Schuldhulpverlening") == ["< 5", "< 5", ""]  # the share would tell
    assert figure(page, "signals", "Sociaal")[0] == "< 5"  # first target: BRP
    assert figure(page, "followups", "Niet gedaan, te laat") == ["2", "100%"]  # due 29-10, no later visit
    assert "<svg" in page and "<rect" in page and "<script" not in page
    assert "2026-1001" not in page and "Berg" not in page and "999993653" not in page
    assert figure(bo.get("/beheer/cijfers?periode=maand&datum=2026-11-01").text,
                  "visits", "Afgeronde bezoeken") == ["0", ""]
    year = bo.get("/beheer/cijfers?periode=jaar&datum=2026-05-05&bezoektype=S1").text
    assert "Managementcijfers · 2026" in year and figure(year, "visits", "Afgeronde bezoeken") == ["3", ""]
    assert figure(bo.get("/beheer/cijfers?periode=jaar&datum=2026-05-05&bezoektype=F2").text,
                  "visits", "Afgeronde bezoeken") == ["0", ""]

    recheck(ws, "2026-1001", "2026-10-20")  # the re-check before the follow-up date of 29-10
    ws.sync.run()
    page = bo.get(OCTOBER).text
    assert figure(page, "followups", "Op tijd gedaan") == ["1", "50%"]
    assert figure(page, "followups", "Niet gedaan, te laat") == ["1", "50%"]
    assert figure(page, "visits", "Afgeronde bezoeken") == ["4", ""]

    admin = office("beheerder")
    admin.get("/beheer/cijfers/instellingen")
    r = admin.post("/beheer/cijfers/instellingen", {"benefit": "1.250,00", "months": "14"})
    assert r.status_code == 303
    page = bo.get(OCTOBER).text
    assert figure(page, "prevention", "Gemiddelde uitkering per maand") == ["€ 1.250"]
    assert figure(page, "prevention", "Gemiddelde duur in maanden") == ["14"]
    assert figure(page, "prevention", "Geschatte besparing") == ["€ 17.500"]


def test_csv_opens_in_excel_with_the_same_figures(any_server, office, laptop) -> None:
    """The CSV starts with a BOM, uses semicolons, and holds what the page shows, in the user's
    language, for the same filters."""
    ws: Workspace = laptop(any_server.url)
    intake(ws, "2026-1101", "afgewezen")
    ws.sync.run()
    bo = office()
    r = bo.get("/beheer/cijfers.csv?periode=kwartaal&datum=2026-11-15")
    assert r.status_code == 200 and r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["content-disposition"] == 'attachment; filename="cijfers-kwartaal-2026-10-01.csv"'
    assert r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Managementcijfers"] and rows[1] == ["Periode", "4e kwartaal 2026"]
    assert rows[2] == ["Team", "Al mijn teams"]
    assert ["Afgeronde bezoeken", "1", ""] in rows
    assert ["Aanvraag afgewezen", "1", "100%"] in rows
    assert ["Voorkomen aanvragen (volgens het besluit, anders de uitkomst aan de deur)", "1"] in rows
    assert ["T1 Kennis van de regels", "< 5"] in rows
    assert "S1-intakebezoeken: uitkomst aan de deur" in [row[0] for row in rows if row]
    page = bo.get("/beheer/cijfers?periode=kwartaal&datum=2026-11-15").text
    assert figure(page, "intake", "Aanvraag afgewezen") == ["1", "100%"]
    assert 'href="/beheer/cijfers.csv?periode=kwartaal&amp;datum=2026-10-01"' in page
    bo.get("/beheer/taal/en?next=/beheer/cijfers")
    english = bo.get("/beheer/cijfers.csv?periode=kwartaal&datum=2026-11-15").content.decode("utf-8-sig")
    assert "Finalized visits;1;" in english and "Application rejected;1;100%" in english


def test_a_csv_cell_never_runs_as_a_formula() -> None:
    """A team name or label that Excel would take for a formula is written as text."""
    from inspector.server.beheer.cijfers import _cell

    assert [_cell(v) for v in ("=HYPERLINK(1)", "+31", "@x", "-1", "< 5", "Team Zuid", "")] == \
        ["'=HYPERLINK(1)", "'+31", "'@x", "'-1", "< 5", "Team Zuid", ""]


def test_another_teams_coordinator_sees_none_of_the_figures(any_server, office, laptop) -> None:
    """Team Noord's coordinator counts nothing of Team Zuid's visits and cannot choose Team Zuid; the
    administrator counts them under all teams."""
    ws: Workspace = laptop(any_server.url)
    intake(ws, "2026-1201", "aanvraag_ingetrokken")
    ws.sync.run()
    ids = team_ids(any_server)
    noord = office("coordinator-noord")
    page = noord.get(OCTOBER).text
    assert figure(page, "visits", "Afgeronde bezoeken") == ["0", ""]
    assert "Team Zuid" not in page
    for path in (f"{OCTOBER}&team={ids['Team Zuid']}", f"/beheer/cijfers.csv?team={ids['Team Zuid']}"):
        r = noord.get(path)
        assert r.status_code == 404 and "Niet gevonden" in r.text
    csv_rows = noord.get("/beheer/cijfers.csv?periode=maand&datum=2026-10-01").content.decode("utf-8-sig")
    assert "Afgeronde bezoeken;0;" in csv_rows
    admin = office("beheerder")
    assert figure(admin.get(OCTOBER).text, "visits", "Afgeronde bezoeken") == ["1", ""]
    assert figure(admin.get(f"{OCTOBER}&team={ids['Team Noord']}").text, "visits", "Afgeronde bezoeken") == \
        ["0", ""]


def test_a_recorded_decision_counts_instead_of_the_outcome_at_the_door(any_server, office, laptop) -> None:
    """Team Zuid's coordinator records that the application withdrawn at the door was then granted
    after all (and one left undecided): the figures count one prevented application fewer, from the
    decision; the decision page checks its fields; Team Noord's coordinator can neither see nor record
    it; the visit's record is untouched."""
    ws: Workspace = laptop(any_server.url)
    withdrawn = intake(ws, "2026-1501", "aanvraag_ingetrokken")
    found_nothing = intake(ws, "2026-1502", "niets_gevonden")
    ws.sync.run()
    before = {r["id"]: r["rev"] for r in any_server.records("visits")}
    bo = office()
    page = bo.get(OCTOBER).text
    label = "Voorkomen aanvragen (volgens het besluit, anders de uitkomst aan de deur)"
    assert figure(page, "prevention", label) == ["1"]
    case_page = bo.get(f"/beheer/zaken/{bo.case_id('2026-1501')}").text
    assert f'href="/beheer/bezoeken/{withdrawn}/besluit">Besluit</a>' in case_page
    r = bo.get(f"/beheer/bezoeken/{withdrawn}/besluit")
    assert "Aanvraag ingetrokken" in r.text and "nog niet vastgelegd" in r.text
    r = bo.post(f"/beheer/bezoeken/{withdrawn}/besluit", {"decision": "", "decided_on": "31-02-2026"})
    assert r.status_code == 422 and "Kies het besluit." in r.text and r.text.count('aria-invalid="true"') == 2
    decide = f"/beheer/bezoeken/{withdrawn}/besluit"
    r = bo.post(decide, {"decision": "toegekend", "decided_on": "01-09-2026"})
    assert r.status_code == 422 and "Het besluit kan niet vóór het bezoek gedateerd zijn." in r.text
    noord = office("coordinator-noord")
    noord.get("/beheer/cijfers")
    assert noord.get(f"/beheer/bezoeken/{withdrawn}/besluit").status_code == 404
    assert noord.post(f"/beheer/bezoeken/{withdrawn}/besluit",
                      {"decision": "afgewezen", "decided_on": "15-10-2026"}).status_code == 404
    r = bo.post(f"/beheer/bezoeken/{withdrawn}/besluit",
                {"decision": "toegekend_met_aanpassing", "decided_on": "15-10-2026"})
    assert r.status_code == 303
    r = bo.get(r.headers["location"])
    assert messages(r) == ["Het besluit is vastgelegd."]
    assert "toegekend met aanpassing, 15-10-2026 (coordinator-zuid)" in r.text
    page = bo.get(OCTOBER).text
    assert figure(page, "decisions", "toegekend met aanpassing") == ["1", "50%"]
    assert figure(page, "decisions", "geen besluit vastgelegd") == ["1", "50%"]
    assert figure(page, "prevention", label) == ["0"]
    assert figure(page, "prevention", "waarvan geteld vanuit een vastgelegd besluit") == ["0"]
    bo.get(f"/beheer/bezoeken/{found_nothing}/besluit")
    bo.post(f"/beheer/bezoeken/{found_nothing}/besluit", {"decision": "afgewezen",
                                                          "decided_on": "2026-11-02"})
    page = bo.get(OCTOBER).text
    assert figure(page, "prevention", label) == ["1"]
    assert figure(page, "prevention", "waarvan geteld vanuit een vastgelegd besluit") == ["1"]
    assert figure(noord.get(OCTOBER).text, "decisions", "afgewezen") == ["0", "—"]
    assert {r["id"]: r["rev"] for r in any_server.records("visits")} == before  # evidence untouched
    assert ("coordinator-zuid", "record_decision", withdrawn, "toegekend_met_aanpassing 2026-10-15") in \
        test_beheer.access(any_server)


def test_parameters_are_the_administrators_with_clear_messages(any_server, office) -> None:
    """A coordinator may not set the parameters; a wrong number is marked with its message and nothing
    is saved; a good one is, and the change is in the access log."""
    forget_parameters(any_server)
    coordinator = office()
    assert coordinator.get("/beheer/cijfers/instellingen").status_code == 403
    coordinator.get("/beheer/cijfers")
    r = coordinator.post("/beheer/cijfers/instellingen", {"benefit": "1000", "months": "12"})
    assert r.status_code == 403
    admin = office("beheerder")
    admin.get("/beheer/cijfers/instellingen")
    r = admin.post("/beheer/cijfers/instellingen", {"benefit": "veel", "months": "-3"})
    assert r.status_code == 422
    assert 'aria-invalid="true"' in r.text and "Niet opgeslagen: controleer de gemarkeerde velden." in r.text
    assert "Vul een bedrag in euro&#39;s in van 0 tot 100.000, bijvoorbeeld 1.250,00." in r.text
    assert "Vul een aantal maanden in van 0 tot 600, bijvoorbeeld 14 of 8,5." in r.text
    assert 'value="veel"' in r.text  # what was typed stays
    assert "niet ingesteld" in admin.get("/beheer/cijfers").text
    r = admin.post("/beheer/cijfers/instellingen", {"benefit": "987,65", "months": "8,5"})
    assert r.status_code == 303 and r.headers["location"] == "/beheer/cijfers?opgeslagen=1"
    assert messages(admin.get("/beheer/cijfers?opgeslagen=1")) == ["De parameters zijn opgeslagen."]
    assert 'value="987,65"' in admin.get("/beheer/cijfers/instellingen").text
    assert ("beheerder", "set_figures_parameters", "figures", "benefit=987.65;months=8.5") in \
        test_beheer.access(any_server)


def test_team_overview_counts_from_the_facts_and_follows_a_moved_case(any_server, office, laptop) -> None:
    """The team overview's counts come from the visits' facts: a case the administrator moves to Team
    Noord takes its visits' counts (and figures) with it."""
    ws: Workspace = laptop(any_server.url)
    case = make_case(ws, "2026-1301")
    finalized_visit(ws, case.id)
    ws.visits.plan(case.id, "S1", "2026-12-10T09:00")
    ws.sync.run()
    ids = team_ids(any_server)
    admin = office("beheerder")
    zuid = admin.get(f"/beheer/team?team={ids['Team Zuid']}").text
    assert re.search(r'state-planned">gepland</span> <strong>1</strong>', zuid)
    assert re.search(r'state-receipt">afgerond, ontvangstbewijs</span> <strong>1</strong>', zuid)
    case_id = admin.case_id("2026-1301")
    admin.get(f"/beheer/zaken/{case_id}")
    assert admin.post(f"/beheer/zaken/{case_id}/toewijzen", {"team": str(ids["Team Noord"]),
                                                              "inspector": ""}).status_code in (200, 303)
    zuid = admin.get(f"/beheer/team?team={ids['Team Zuid']}").text
    noord = admin.get(f"/beheer/team?team={ids['Team Noord']}").text
    assert re.search(r'state-planned">gepland</span> <strong>0</strong>', zuid)
    assert re.search(r'state-planned">gepland</span> <strong>1</strong>', noord)
    assert figure(admin.get(f"{OCTOBER}&team={ids['Team Noord']}").text, "visits", "Afgeronde bezoeken") == \
        ["1", ""]
    with any_server.db.read() as conn:
        teams = {r.team_id for r in conn.execute(sa.select(visit_fact_items.c.team_id))}
    assert teams == {ids["Team Noord"]}


def test_an_upgraded_server_finds_the_facts_of_visits_it_already_held(any_server, laptop,
                                                                       tmp_path: Path) -> None:
    """Migration 0006 fills the facts from the records a server at 0005 held: the same facts the
    push writes, a finalized visit's from its frozen document."""
    from alembic import command

    from inspector.server.db import Database, records
    from inspector.server.migrations import config, migrate

    ws: Workspace = laptop(any_server.url)
    intake(ws, "2026-1401", "afgewezen")
    ws.visits.plan(make_case(ws, "2026-1402").id, "S3", "2026-12-01T09:00")
    ws.sync.run()
    def kept(db: Any) -> dict[str, list[tuple[Any, ...]]]:
        with db.read() as conn:
            return {t.name: sorted(tuple(r) for r in conn.execute(sa.select(t)))
                    for t in (visit_facts, visit_fact_items, visit_counts)}

    with any_server.db.read() as conn:
        held = [dict(r._mapping) for r in conn.execute(sa.select(records))]
        sources = {r.source for r in conn.execute(sa.select(visit_facts.c.source))}
    assert sources == {"document", "record"}  # finalized: its document; planned: its record
    pushed = kept(any_server.db)
    assert ("visit", "afgewezen", False) in {(r[4], r[5], r[6]) for r in pushed["visit_counts"]}
    old = Database(f"sqlite:///{tmp_path / 'old.db'}")
    command.upgrade(config(old.engine), "0005")
    with old.write() as conn:
        conn.execute(sa.insert(records), held)
    migrate(old.engine)
    assert kept(old) == pushed
    old.dispose()


def test_every_figure_text_has_its_dutch() -> None:
    """Each text the figures' code passes through ``t`` (labels, notes, headers) and the period names
    have a Dutch translation."""
    import ast

    from inspector.server.beheer import cijfers, figures, i18n

    texts = {f"per {kind}" for kind in figures.KINDS}
    for module in (figures, cijfers):
        for node in ast.walk(ast.parse(Path(module.__file__).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "t" \
                    and node.args and isinstance(node.args[0], ast.Constant):
                texts.add(node.args[0].value)
    assert len(texts) > 40
    assert sorted(t for t in texts if t not in i18n.NL) == []
