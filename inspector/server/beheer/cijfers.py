"""The management figures page (/beheer/cijfers), the same figures as CSV (/beheer/cijfers.csv), and
the administrator's page for the parameters of the estimated saving (/beheer/cijfers/instellingen).

The figures are aggregates of the user's teams and show no person, so viewing them is not logged in
the access log; changing the parameters is."""

from __future__ import annotations

import csv
import io
from datetime import date
from urllib.parse import urlencode

from fastapi import APIRouter
from fastapi.responses import Response

from . import figures, queries
from .web import PREFIX, PageError, Poster, Viewer, Web, not_found, redirect

routes = APIRouter(prefix=PREFIX, include_in_schema=False)


def _filters(web: Web) -> tuple[figures.Filters, dict[str, str]]:
    """The filters of the request (period kind and a day in it, team, visit type); a team outside the
    user's teams is answered as not found."""
    q = web.request.query_params
    kinds = {nl: en for en, nl in figures.KINDS.items()}
    kind = kinds.get(q.get("periode", ""), "year")
    try:
        day = date.fromisoformat(q.get("datum", "")) if q.get("datum") else date.today()
    except ValueError:
        day = date.today()
    if not 2000 <= day.year <= 2100:
        day = date.today()
    team_text = q.get("team", "")
    team_id: int | None = None
    if team_text:
        if not team_text.isdigit() or not web.caller.can_see_team(int(team_text)):
            raise not_found()
        team_id = int(team_text)
    types = {tid for tid, _, _ in figures.visit_types()}
    template = q.get("bezoektype", "")
    template = template if template in types else ""
    chosen = figures.Filters(figures.period(kind, day), figures.scope(web.caller, team_id), template)
    params = {"periode": figures.KINDS[kind], "datum": chosen.period.start.isoformat(),
              "team": str(team_id) if team_id is not None else "", "bezoektype": template}
    return chosen, params


def _cell(value: str) -> str:
    """A text Excel shows as text, never runs as a formula (a team or label starting with = + - @)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _link(params: dict[str, str], **changed: str) -> str:
    return "?" + urlencode({k: v for k, v in {**params, **changed}.items() if v})


@routes.get("/cijfers")
def page(web: Viewer) -> Response:
    chosen, params = _filters(web)
    sections = figures.compute(web.db, chosen, web.lang, date.today().isoformat())
    p = chosen.period
    return web.render("cijfers.html", sections=sections, period=p.label(web.lang), params=params,
                      previous=_link(params, datum=p.previous.start.isoformat()),
                      following=_link(params, datum=p.following.start.isoformat()),
                      csv=PREFIX + "/cijfers.csv" + _link(params),
                      teams=queries.team_choices(web.db, web.caller),
                      types=figures.visit_types(), kinds=figures.KINDS,
                      notice=web.t("The parameters are saved.") if web.request.query_params.get("opgeslagen")
                      else "")


@routes.get("/cijfers.csv")
def download(web: Viewer) -> Response:
    """The figures as a CSV that opens in Excel (Dutch settings): semicolons, UTF-8 with a BOM."""
    chosen, params = _filters(web)
    sections = figures.compute(web.db, chosen, web.lang, date.today().isoformat())
    out = io.StringIO()
    rows: list[list[str]] = []
    teams = dict(queries.team_choices(web.db, web.caller))
    rows.append([web.t("Management figures")])
    rows.append([web.t("Period"), chosen.period.label(web.lang)])
    team = teams.get(int(params["team"]), "") if params["team"] else web.t("All my teams")
    rows.append([web.t("Team"), team])
    rows.append([web.t("Visit type"), params["bezoektype"] or web.t("All visit types")])
    for section in sections:
        rows += [[], [section.title], section.headers]
        rows += [[label, *(c.text for c in cells)] for label, cells in section.rows]
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows([[_cell(v) for v in row] for row in rows])
    name = f"cijfers-{params['periode']}-{params['datum']}.csv"
    return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{name}"'})


def _admin(web: Web) -> None:
    if not web.caller.is_admin:
        raise PageError(403, "Only an administrator sets the parameters of the estimated saving.",
                        "Alleen een beheerder stelt de parameters van de geschatte besparing in.",
                        "No access", "Geen toegang")


@routes.get("/cijfers/instellingen")
def settings(web: Viewer) -> Response:
    _admin(web)
    kept = figures.parameters(web.db)
    return web.render("cijfers_instellingen.html", benefit=_shown(kept.benefit), months=_shown(kept.months),
                      problems={})


def _shown(value: object) -> str:
    return str(value).replace(".", ",") if value is not None else ""


@routes.post("/cijfers/instellingen")
def save_settings(web: Poster) -> Response:
    _admin(web)
    benefit = figures.parse_amount(web.field("benefit"), 100_000)
    months = figures.parse_amount(web.field("months"), 600)
    problems = {}
    if benefit is None:
        problems["benefit"] = web.pick(
            "Enter an amount in euros from 0 to 100,000, such as 1.250,00.",
            "Vul een bedrag in euro's in van 0 tot 100.000, bijvoorbeeld 1.250,00.")
    if months is None:
        problems["months"] = web.pick("Enter a number of months from 0 to 600, such as 14 or 8,5.",
                                      "Vul een aantal maanden in van 0 tot 600, bijvoorbeeld 14 of 8,5.")
    if benefit is None or months is None:
        return web.render("cijfers_instellingen.html", 422, benefit=web.field("benefit"),
                          months=web.field("months"), problems=problems)
    figures.save_parameters(web.db, benefit, months)
    web.log("set_figures_parameters", "figures", f"benefit={benefit};months={months}")
    return redirect(PREFIX + "/cijfers?opgeslagen=1")
