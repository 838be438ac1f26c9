"""What a push may do to a case (its team, number, assignee and address), answered so that nothing of
another team leaks.

The rule for every answer: data outside the caller's scope is treated as if it did not exist. A team
the caller is not a member of (an administrator: is a member of all) gets the answer of a team that
does not exist; a case number used only in teams the caller cannot see is free. A case number is
therefore unique *within a team*: a new case is refused as ``case_number_taken`` only when its number
is in use in its own team or in another team the caller can see (then the caller's laptop holds that
case, or can pull it). Mistakes within the caller's own teams keep their specific answers.
"""

from __future__ import annotations

from typing import Any

from ..protocol.wire import PushRecord
from .auth import Caller
from .records import Store, Stored


class Rejected(Exception):
    """One pushed record refused: its code and reasons (English, Dutch); ``record`` is what the laptop
    may see of a record it collided with (only ever one in its own scope)."""

    def __init__(self, code: str, en: str, nl: str, record: Stored | None = None) -> None:
        super().__init__(en)
        self.code, self.en, self.nl, self.record = code, en, nl, record


def not_your_team(caller: Caller, name: str) -> tuple[str, str, str]:
    """(code, English, Dutch) for a team name the caller cannot use: for an administrator, who sees every
    team, it does not exist; for anyone else it is not one of their teams, whether or not it exists."""
    if caller.is_admin:
        return ("team_unknown", f"The team '{name}' does not exist on the server.",
                f"Het team '{name}' bestaat niet op de server.")
    yours = ", ".join(caller.team_names) or "-"
    return ("forbidden", f"'{name}' is not one of your teams (yours: {yours}).",
            f"'{name}' is niet een van uw teams (de uwe: {yours}).")


def scope_mismatch(en: str = "This record does not belong to the case it was sent with.",
                   nl: str = "Dit record hoort niet bij de zaak waarmee het is verstuurd.") -> Rejected:
    return Rejected("scope_mismatch", en, nl)


def not_allowed() -> Rejected:
    return Rejected("not_allowed", "Only a coordinator of the team (of both teams, for a move) may assign "
                    "a case.", "Alleen een coördinator van het team (van beide teams, bij verplaatsen) mag "
                    "een zaak toewijzen.")


def new_case_team(store: Store, caller: Caller, rec: PushRecord) -> int:
    """The team a new case goes to (the caller's only team when it names none)."""
    name = str(rec["fields"].get("team") or "")
    if not name and len(caller.team_names) == 1:
        name = caller.team_names[0]
        rec["fields"]["team"] = name
    team_id = store.team_id(name) if name else None
    if team_id is None or not caller.can_see_team(team_id):
        raise Rejected(*not_your_team(caller, name))
    return team_id


def check_case(store: Store, caller: Caller, rec: PushRecord, current: Stored | None, team_id: int,
               changes: dict[str, Any]) -> None:
    """A new case's number, a move to another team, the assignee, the address."""
    fields = rec["fields"] if current is None else changes
    if current is None:
        _number_free(store, caller, str(fields.get("number") or ""), team_id, visible=True)
    if current is not None and "team" in changes:
        if not caller.can_plan_team(current.team_id):
            raise not_allowed()
        target = store.team_id(str(changes["team"]))
        if target is None or not caller.can_plan_team(target):
            code, en, nl = not_your_team(caller, str(changes["team"]))
            raise not_allowed() if code == "forbidden" else Rejected(code, en, nl)
        if target != current.team_id:
            _number_free(store, caller, str(current.data.get("number") or ""), target, visible=False)
    if current is not None and "assigned_to" in changes and not caller.can_plan_team(current.team_id):
        raise not_allowed()
    address_id = str(fields.get("address_id") or "")
    address = store.get("addresses", address_id) if address_id else None
    if address is not None and address.team_id != team_id:
        raise scope_mismatch("The case refers to an address that is not one of its own.",
                             "De zaak verwijst naar een adres dat niet bij haar hoort.")


def _number_free(store: Store, caller: Caller, number: str, team_id: int, *, visible: bool) -> None:
    """Refuse a number in use in ``team_id`` (and, with ``visible``, in any other team the caller sees)."""
    if not number:
        return
    teams = None if caller.is_admin and visible else {team_id} | (caller.team_ids if visible else set())
    if store.case_by_number(number, teams) is not None:
        raise Rejected("case_number_taken", f"Case number {number} already exists on the server.",
                       f"Zaaknummer {number} bestaat al op de server.")
