"""The team overview: every visit with its state and follow-up, what the server knows of refused
records, the team's laptops with their last contact, and revoking a laptop."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from fastapi.responses import Response

from .. import auth
from . import queries
from .web import PREFIX, PageError, Poster, Viewer, Web, not_found

routes = APIRouter(prefix=PREFIX, include_in_schema=False)


def _team(web: Web, value: str) -> tuple[int, str]:
    teams = queries.team_choices(web.db, web.caller)
    if not teams:
        raise PageError(404, "You are not a member of any team.", "U bent geen lid van een team.",
                        "No team", "Geen team")
    if not value:
        return teams[0]
    for tid, name in teams:
        if str(tid) == value:
            return tid, name
    raise not_found()


def _overview(web: Web, team: tuple[int, str], status: int = 200, notice: str = "") -> Response:
    team_id, name = team
    today = date.today().isoformat()
    visits = queries.team_visits(web.db, web.caller, team_id, today)
    web.log("view_team", f"team:{team_id}", "")
    return web.render("team.html", status, team_id=team_id, team_name=name, visits=visits.newest,
                      total=visits.total, counts=visits.counts, today=today, due=visits.due,
                      overdue=visits.overdue, laptops=queries.team_laptops(web.db, team_id),
                      teams=queries.team_choices(web.db, web.caller), notice=notice,
                      can_revoke=web.caller.can_plan_team(team_id))


@routes.get("/team")
def overview(web: Viewer) -> Response:
    return _overview(web, _team(web, web.request.query_params.get("team", "")))


@routes.post("/team/{team_id}/laptops/{device_id}/intrekken")
def revoke(team_id: str, device_id: str, web: Poster) -> Response:
    """Revoke a laptop of a team member: at its next contact it is told so and wipes its data."""
    team = _team(web, team_id)
    if not web.caller.can_plan_team(team[0]) or not queries.laptop_in_team(web.db, device_id, team[0]):
        raise not_found()
    if web.field("confirm") != "1":
        laptop = next(x for x in queries.team_laptops(web.db, team[0]) if x.id == device_id)
        return web.render("confirm.html", title=web.pick("Revoke laptop", "Laptop intrekken"),
                          message=web.pick(
                              f"Revoke the laptop '{laptop.name}' of {laptop.username}? At its next contact "
                              "with the server it removes all its local data, including changes it has not "
                              "sent yet. The user can log in again on another laptop.",
                              f"De laptop '{laptop.name}' van {laptop.username} intrekken? Bij het volgende "
                              "contact met de server verwijdert hij al zijn lokale gegevens, ook wijzigingen "
                              "die nog niet zijn verzonden. De gebruiker kan opnieuw inloggen op een andere "
                              "laptop."),
                          action=f"{PREFIX}/team/{team[0]}/laptops/{device_id}/intrekken",
                          button=web.pick("Revoke", "Intrekken"), back=f"{PREFIX}/team?team={team[0]}")
    auth.revoke_device(web.db, device_id)
    web.log("revoke_laptop", f"device:{device_id}", f"team:{team[0]}")
    return _overview(web, team, notice=web.pick(
        "The laptop is revoked. At its next contact with the server it removes its local data.",
        "De laptop is ingetrokken. Bij het volgende contact met de server verwijdert hij zijn lokale "
        "gegevens."))
