"""Planning pages: cases and visits of the user's teams with search, a new case, planning a visit,
assigning a case to a team or an inspector, importing a planning CSV, and what is planned per
inspector and day. Writes go through the same code as the coordinator API (``admin.assign``,
``admin.plan_visit``) and the laptop's CSV importer, so laptops receive it at their next sync."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from fastapi import APIRouter
from fastapi.responses import Response

from ... import templates
from ...errors import InspectorError
from ...planning import parse_planned
from .. import admin
from ..errors import AdminError
from . import casework, queries
from .web import PREFIX, PageError, Poster, Viewer, Web, not_found, redirect

routes = APIRouter(prefix=PREFIX, include_in_schema=False)
CASE_FIELDS = ("number", "domain", "title", "straat", "huisnummer", "huisletter", "toevoeging", "postcode",
               "woonplaats", "geslachtsnaam", "voorvoegsel", "voornamen", "bsn", "birth_date",
               "ground_facts", "ground_source", "ground_date", "ground_why_not_lighter", "due_date")


def _team_id(web: Web, value: str) -> int | None:
    """A team id from a query or form field: one of the user's teams, or None (all of them)."""
    if not value:
        return None
    if not value.isdigit() or len(value) > 9 or not web.caller.can_see_team(int(value)):
        raise not_found()
    return int(value)


def _team_name(web: Web, team_id: int) -> str:
    for tid, name in queries.team_choices(web.db, web.caller):
        if tid == team_id:
            return name
    raise not_found()


def _plannable(web: Web) -> list[tuple[int, str]]:
    return [(tid, name) for tid, name in queries.team_choices(web.db, web.caller)
            if web.caller.can_plan_team(tid)]


def _message(web: Web, exc: InspectorError | AdminError) -> str:
    return web.pick(exc.en, exc.nl)


@routes.get("/")
def home(web: Viewer) -> Response:
    return redirect(f"{PREFIX}/avg" if web.caller.role == "privacy" else f"{PREFIX}/zaken")


@routes.get("/zaken")
def cases(web: Viewer) -> Response:
    params = web.request.query_params
    text = params.get("q", "").strip()[:200]
    team_id = _team_id(web, params.get("team", ""))
    found, total = queries.find_cases(web.db, web.caller, team_id, text) if text \
        else queries.case_page(web.db, web.caller, team_id)
    web.log("view_cases", f"team:{team_id or '*'}", f"search:{text}" if text else "")
    return web.render("cases.html", cases=found, total=total, shown=queries.SHOWN,
                      q=text, team_id=team_id, teams=queries.team_choices(web.db, web.caller))


def _case_form(web: Web, status: int = 200, values: dict[str, str] | None = None, problem: str = "",
               team_id: int | None = None, problem_field: str = "") -> Response:
    return web.render("case_new.html", status, values=values or {}, problem=problem,
                      problem_field=problem_field,
                      teams=_plannable(web), team_id=team_id)


@routes.get("/zaken/nieuw")
def new_case(web: Viewer) -> Response:
    if not _plannable(web):
        raise _not_planner()
    return _case_form(web)


def _not_planner() -> PageError:
    return PageError(403, "Only a coordinator of a team creates cases and plans visits.",
                     "Alleen een coördinator van een team maakt zaken aan en plant bezoeken.",
                     "No access", "Geen toegang")


@routes.post("/zaken/nieuw")
def create_case(web: Poster) -> Response:
    values = {name: web.field(name) for name in CASE_FIELDS}
    team_id = _team_id(web, web.field("team"))
    if team_id is None or not web.caller.can_plan_team(team_id):
        return _case_form(web, 400, values, web.pick("Choose a team.", "Kies een team."))
    try:
        case_id = casework.create_case(web.db, web.caller, _team_name(web, team_id), values)
    except (InspectorError, AdminError) as exc:
        field = (exc.field or "") if isinstance(exc, InspectorError) else ""
        return _case_form(web, 400, values, _message(web, exc), team_id, field)
    return redirect(f"{PREFIX}/zaken/{case_id}?nieuw=1")


def _case_page(web: Web, case_id: str, status: int = 200, problem: str = "", notice: str = "",
               revealed: str = "") -> Response:
    found = queries.case(web.db, web.caller, case_id)
    if found is None:
        raise not_found()
    plannable = _plannable(web)
    members = sorted({(user, name) for tid, name in plannable
                      for user, role in queries.team_members(web.db, tid) if role == "inspector"})
    web.log("view_case", case_id, f"case:{found.number}" + (f"; bsn revealed:{revealed}" if revealed else ""))
    choices = [t for t in templates.load_templates().values() if t.domain == found.domain]
    return web.render("case.html", status, case=found, problem=problem, notice=notice, revealed=revealed,
                      plannable=plannable, members=members, can_plan=web.caller.can_plan_team(found.team_id),
                      visit_types=[(t.id, t.title.get(web.lang)) for t in choices])


@routes.get("/zaken/{case_id}")
def case_page(case_id: str, web: Viewer) -> Response:
    notice = web.pick("The case was created.", "De zaak is aangemaakt.") \
        if web.request.query_params.get("nieuw") == "1" else ""
    return _case_page(web, case_id, notice=notice)


@routes.post("/zaken/{case_id}/bsn")
def reveal_bsn(case_id: str, web: Poster) -> Response:
    """Show one person's full BSN, once; the reveal is logged."""
    found = queries.case(web.db, web.caller, case_id)
    person = web.field("person")
    if found is None or person not in {p.id for p in found.persons}:
        raise not_found()
    web.log("reveal_bsn", case_id, f"person:{person}")
    return _case_page(web, case_id, revealed=person)


@routes.post("/zaken/{case_id}/bezoeken")
def plan_visit(case_id: str, web: Poster) -> Response:
    found = queries.case(web.db, web.caller, case_id)
    if found is None:
        raise not_found()
    if not web.caller.can_plan_team(found.team_id):
        raise _not_planner()
    try:
        when = parse_planned(web.field("planned_at"))
        target = casework.ServerPlanning(web.db, web.caller, found.team)
        with target.transaction():
            target.plan(case_id, web.field("template").upper(), when,
                        announced=web.field("announced") == "1")
    except (InspectorError, AdminError) as exc:
        return _case_page(web, case_id, 400, problem=_message(web, exc))
    return _case_page(web, case_id, notice=web.pick(
        "The visit is planned; the team's laptops receive it at their next sync.",
        "Het bezoek is gepland; de laptops van het team krijgen het bij hun volgende synchronisatie."))


@routes.post("/zaken/{case_id}/toewijzen")
def assign(case_id: str, web: Poster) -> Response:
    found = queries.case(web.db, web.caller, case_id)
    if found is None:
        raise not_found()
    team_id = _team_id(web, web.field("team"))
    try:
        admin.assign(web.db, web.caller, found.number, _team_name(web, team_id) if team_id else "",
                     web.field("inspector"), from_team=found.team)
    except AdminError as exc:
        return _case_page(web, case_id, 400, problem=_message(web, exc))
    if team_id is not None and not web.caller.can_see_team(team_id):
        return redirect(f"{PREFIX}/zaken")
    if queries.case(web.db, web.caller, case_id) is None:  # moved to a team the user does not see
        return redirect(f"{PREFIX}/zaken")
    return _case_page(web, case_id, notice=web.pick("The case is assigned.", "De zaak is toegewezen."))


def _monday(text: str) -> date:
    try:
        day = date.fromisoformat(text) if text else date.today()
    except ValueError:
        day = date.today()
    return day - timedelta(days=day.weekday())


@routes.get("/planning")
def planning(web: Viewer) -> Response:
    """What is planned per inspector and day, one week at a time."""
    params = web.request.query_params
    start = _monday(params.get("week", ""))
    days = [start + timedelta(days=n) for n in range(7)]
    team_id = _team_id(web, params.get("team", ""))
    grid: dict[str, dict[date, list[queries.VisitView]]] = defaultdict(lambda: defaultdict(list))
    end = days[-1] + timedelta(days=1)
    for visit in queries.planned_between(web.db, web.caller, team_id, days[0].isoformat(), end.isoformat()):
        try:
            day = datetime.fromisoformat(visit.planned_at).date()
        except ValueError:
            continue
        grid[visit.assigned_to][day].append(visit)
    web.log("view_planning", f"team:{team_id or '*'}", f"week:{start.isoformat()}")
    people = sorted(grid, key=lambda u: (u == "", u))
    return web.render("planning.html", days=days, grid=grid, people=people, team_id=team_id,
                      teams=queries.team_choices(web.db, web.caller),
                      previous=(start - timedelta(days=7)).isoformat(),
                      next=(start + timedelta(days=7)).isoformat(), week=start.isocalendar().week)


def _import_page(web: Web, status: int = 200, **context: object) -> Response:
    return web.render("import.html", status, teams=_plannable(web), **context)


@routes.get("/import")
def import_form(web: Viewer) -> Response:
    if not _plannable(web):
        raise _not_planner()
    return _import_page(web)


MAX_CSV = 5 * 2**20


@routes.post("/import")
def import_csv(web: Poster) -> Response:
    team_id = _team_id(web, web.field("team"))
    upload = web.upload("file")
    if team_id is None or not web.caller.can_plan_team(team_id):
        return _import_page(web, 400, problem=web.pick("Choose a team.", "Kies een team."))
    if upload is None or not upload.filename:
        return _import_page(web, 400, problem=web.pick("Choose a CSV file.", "Kies een CSV-bestand."))
    data = upload.file.read(MAX_CSV + 1)
    if len(data) > MAX_CSV:
        return _import_page(web, 400, problem=web.pick("The file is larger than 5 MB.",
                                                       "Het bestand is groter dan 5 MB."))
    try:
        result = casework.import_csv(web.db, web.caller, _team_name(web, team_id), data)
    except (InspectorError, AdminError) as exc:
        return _import_page(web, 400, problem=_message(web, exc), team_id=team_id)
    return _import_page(web, result=result, team_id=team_id,
                        problems=[p.message(web.lang) for p in result.problems])
