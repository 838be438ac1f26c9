"""``ws.followups``: follow-up actions (vervolgacties) of a visit, each with an owner and a due date.

They are part of what the report says after the outcome (DOMAIN.md §2.11: "outcome, follow-up,
referrals and signals"), so they freeze with the visit like its answers and photos: a finalized
visit is evidence that nothing may change (DESIGN.md, DOMAIN.md §1 "notes may not be silently
edited afterwards"). A later change is an addendum. Sync guards them the same way (records.py:
``FROZEN_CHILDREN``).
"""

from __future__ import annotations

from .. import validation
from ..errors import ValidationError, WorkflowError
from ..model import Changes, FollowUp
from ..records import from_row
from .part import Part

ACTION_MAX = 2000


class FollowUps(Part):
    def of_visit(self, visit_id: str) -> list[FollowUp]:
        """The visit's follow-up actions, soonest due first."""
        rows = self.repo.find("followups", "due_date, rowid", visit_id=visit_id)
        return [from_row(FollowUp, r) for r in rows]

    def add(self, visit_id: str, action: str, owner: str, due_date: str) -> FollowUp:
        """Record a follow-up action: what, who takes it (a person or a team), by when."""
        self._editable(visit_id)
        row = self.repo.insert("followups", {"visit_id": visit_id, **self._clean(visit_id, action, owner,
                                                                                   due_date)}, self.actor)
        return from_row(FollowUp, row)

    def update(self, followup_id: str, action: str, owner: str, due_date: str) -> Changes:
        row = self._row(followup_id)
        self._editable(row["visit_id"])
        self.repo.update("followups", followup_id, self._clean(row["visit_id"], action, owner, due_date),
                         self.actor)
        return Changes.VISITS

    def remove(self, followup_id: str, reason: str = "") -> Changes:
        """Remove a follow-up action before finalizing (a tombstone; the audit keeps that it existed)."""
        row = self._row(followup_id)
        self._editable(row["visit_id"])
        self.repo.tombstone("followups", followup_id, self.actor, reason)
        return Changes.VISITS

    # --- rules ------------------------------------------------------------------------------
    def _editable(self, visit_id: str) -> None:
        if self.ws.visits.get(visit_id).is_locked:
            raise WorkflowError(
                "visit_locked",
                "Dit bezoek is afgerond: de vervolgacties horen bij het vastgelegde rapport en kunnen niet "
                "meer worden gewijzigd. Voeg een aanvulling (addendum) toe als er iets verandert.",
                "This visit is finalized: its follow-up actions belong to the recorded report and can no "
                "longer be changed. Add an addendum if something changes.")

    def _clean(self, visit_id: str, action: str, owner: str, due_date: str) -> dict[str, str]:
        action = (action or "").strip()
        if not action:
            raise ValidationError("followup_action", "Beschrijf de vervolgactie.",
                                  "Describe the follow-up action.", field="action")
        if len(action) > ACTION_MAX:
            raise ValidationError("followup_action_long",
                                  f"De vervolgactie is langer dan {ACTION_MAX} tekens; zet details in de "
                                  "samenvatting.",
                                  f"The follow-up action is longer than {ACTION_MAX} characters; put details "
                                  "in the summary.", field="action")
        owner = validation.single_line(owner or "", "owner").strip()
        if not owner:
            raise ValidationError("followup_owner", "Vul in wie de vervolgactie uitvoert.",
                                  "Enter who carries out the follow-up action.", field="owner")
        if not (due_date or "").strip():
            raise ValidationError("followup_due", "Vul de datum in waarop de vervolgactie klaar moet zijn.",
                                  "Enter the date the follow-up action is due.", field="due_date")
        due = validation.parse_date(due_date).iso()
        visit = self.ws.visits.get(visit_id)
        day = (visit.started_at or visit.planned_at)[:10]
        if day and due < day:
            raise ValidationError("followup_due_past",
                                  "De uiterste datum ligt vóór het bezoek.",
                                  "The due date lies before the visit.", field="due_date")
        return {"action": action, "owner": owner, "due_date": due}

    def _row(self, followup_id: str) -> dict[str, str]:
        row = self.repo.get("followups", followup_id)
        if row is None or row["deleted"]:
            raise WorkflowError("followup_not_found", "Deze vervolgactie bestaat niet (meer).",
                                "This follow-up action does not exist (any more).")
        return row
