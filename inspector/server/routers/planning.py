"""Planning endpoints for coordinators: give a case to a team, plan a visit."""

from __future__ import annotations

from typing import Annotated

from fastapi import Body, Path

from ...protocol import wire
from .. import admin
from ..errors import AdminError, ApiError
from .common import ERRORS, Caller, router

routes = router()
Number = Annotated[str, Path(min_length=1, max_length=100)]


def _admin_error(exc: AdminError) -> ApiError:
    status = {"forbidden": 403, "case_unknown": 404, "team_unknown": 404, "inspector_unknown": 404,
              "case_other_team": 409, "case_ambiguous": 409, "case_number_taken": 409}.get(exc.code, 400)
    return ApiError(status, exc.code, exc.en, exc.nl)


@routes.post("/cases/{number}/assign", response_model=wire.PlanResponse, responses=ERRORS,
             tags=["planning"], summary="Coordinator: give a case to a team (and an inspector)")
def assign_case(number: Number, who: Caller,
                body: Annotated[wire.AssignRequest, Body()]) -> wire.PlanResponse:
    try:
        case_id, rev = admin.assign(who.db, who.caller(), number, body["team"], body.get("inspector", ""),
                                    body.get("from_team", ""))
    except AdminError as exc:
        raise _admin_error(exc) from exc
    return wire.PlanResponse(case_id=case_id, visit_id="", rev=rev)


@routes.post("/cases/{number}/visits", response_model=wire.PlanResponse, responses=ERRORS,
             tags=["planning"], summary="Coordinator: plan a visit; it appears on the team's laptops")
def plan_visit(number: Number, who: Caller,
               body: Annotated[wire.PlanRequest, Body()]) -> wire.PlanResponse:
    try:
        planned = admin.plan(who.db, who.caller(), number, body["template_id"], body["planned_at"],
                             body["team"])
    except AdminError as exc:
        raise _admin_error(exc) from exc
    return wire.PlanResponse(case_id=planned.case_id, visit_id=planned.visit_id, rev=planned.rev)
