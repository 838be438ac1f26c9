"""The decision on a welfare application after an S1 intake visit (toegekend, toegekend met aanpassing,
afgewezen, ingetrokken, with its date), recorded by a coordinator of the visit's team against the
finalized visit (/beheer/bezoeken/{id}/besluit). It is the back office's own record: it never changes
the visit or its frozen document, and it does not go to the laptops. The figures count prevented
applications from it where it exists (``figures.py``). Every recording is in the access log."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter
from fastapi.responses import Response

from ... import validation
from ...errors import InspectorError
from ...protocol.constants import FINALIZED_STATUSES
from ..db import application_decisions, now_iso, visit_facts
from . import figures
from .web import PREFIX, PageError, Poster, Viewer, Web, not_found, redirect

routes = APIRouter(prefix=PREFIX, include_in_schema=False)

DECISIONS = figures.DECISIONS


def _visit(web: Web, visit_id: str) -> Any:
    """The finalized S1 visit (its facts) in the user's teams; anything else is "not found"."""
    with web.db.read() as conn:
        found = conn.execute(sa.select(visit_facts).where(visit_facts.c.visit_id == visit_id)).first()
    if found is None or not web.caller.can_see_team(int(found.team_id)) or found.template_id != "S1" \
            or found.status not in FINALIZED_STATUSES:
        raise not_found()
    return found


def current(web: Web, visit_id: str) -> Any:
    with web.db.read() as conn:
        return conn.execute(sa.select(application_decisions)
                            .where(application_decisions.c.visit_id == visit_id)).first()


def _page(web: Web, visit: Any, status: int = 200, problems: dict[str, str] | None = None,
          values: dict[str, str] | None = None) -> Response:
    kept = current(web, visit.visit_id)
    values = values or {"decision": kept.decision if kept else "",
                        "decided_on": validation.format_date(kept.decided_on) if kept else ""}
    saved = web.request.query_params.get("opgeslagen") == "1" and status == 200
    outcome = figures.outcome_label("S1", visit.outcome, web.lang)
    return web.render("besluit.html", status, visit=visit, kept=kept, outcome_label=outcome,
                      decisions=DECISIONS, values=values,
                      problems=problems or {}, can_record=web.caller.can_plan_team(int(visit.team_id)),
                      notice=web.t("The decision is recorded.") if saved else "")


@routes.get("/bezoeken/{visit_id}/besluit")
def decision_page(visit_id: str, web: Viewer) -> Response:
    return _page(web, _visit(web, visit_id))


@routes.post("/bezoeken/{visit_id}/besluit")
def record(visit_id: str, web: Poster) -> Response:
    visit = _visit(web, visit_id)
    if not web.caller.can_plan_team(int(visit.team_id)):
        raise PageError(403, "Only a coordinator of the visit's team records the decision.",
                        "Alleen een coördinator van het team van het bezoek legt het besluit vast.",
                        "No access", "Geen toegang")
    decision, day = web.field("decision"), web.field("decided_on")
    problems: dict[str, str] = {}
    if decision not in DECISIONS:
        problems["decision"] = web.pick("Choose the decision.", "Kies het besluit.")
    try:
        decided_on = validation.parse_date(day).iso()
    except InspectorError as exc:
        problems["decided_on"] = web.pick(exc.en, exc.nl)
    if problems:
        return _page(web, visit, 422, problems, {"decision": decision, "decided_on": day})
    if decided_on < visit.finalized_on:
        problem = web.pick("The decision cannot be dated before the visit.",
                           "Het besluit kan niet vóór het bezoek gedateerd zijn.")
        return _page(web, visit, 422, {"decided_on": problem}, {"decision": decision, "decided_on": day})
    old = current(web, visit_id)
    with web.db.write() as conn:
        conn.execute(sa.delete(application_decisions).where(application_decisions.c.visit_id == visit_id))
        conn.execute(sa.insert(application_decisions).values(
            visit_id=visit_id, decision=decision, decided_on=decided_on, recorded_by=web.caller.username,
            recorded_at=now_iso()))
    web.log("record_decision", visit_id, (f"{old.decision} {old.decided_on} -> " if old else "")
            + f"{decision} {decided_on}")
    return redirect(f"{PREFIX}/bezoeken/{visit_id}/besluit?opgeslagen=1")
