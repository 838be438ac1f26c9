"""Creating cases and importing a planning CSV on the server, with a coordinator's rights.

``ServerPlanning`` offers the few workspace operations that ``inspector.planning.import_planning``
calls (find a case by number, create one, add a person, plan a visit, one transaction per row), on the
server's records. So a planning CSV is imported in the back office by the laptop's own importer: the
same parser, the same rules per row, the same messages, and importing a file twice changes nothing.
Field values are checked with the laptop's ``inspector.validation`` and then against the record
registry, as a push would be.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from ... import records as registry
from ... import templates, validation
from ...errors import InspectorError, ValidationError
from ...ids import new_id
from ...model import Domain
from ...planning import ImportResult, import_planning
from ..admin import plan_visit
from ..auth import Caller
from ..case_rules import not_your_team
from ..db import Database
from ..errors import AdminError
from ..records import Store, Stored


@dataclass(frozen=True)
class CaseRef:
    """What the importer needs to know of a case."""

    id: str
    number: str
    domain: str
    address_id: str = ""
    ground_facts: str = ""
    ground_source: str = ""
    ground_date: str = ""
    ground_why_not_lighter: str = ""

    @classmethod
    def of(cls, rec: Stored) -> CaseRef:
        d = rec.data
        return cls(rec.id, str(d.get("number") or ""), str(d.get("domain") or ""),
                   str(d.get("address_id") or ""), *(str(d.get(n) or "") for n in _GROUND))


_GROUND = ("ground_facts", "ground_source", "ground_date", "ground_why_not_lighter")


def _invalid(exc: registry.Invalid) -> ValidationError:
    return ValidationError(exc.code, exc.nl, exc.en, field=exc.field)


def _date(value: str, field: str, *, partial: bool = False) -> str:
    """An ISO date from what was typed; a problem names the field it is about."""
    if not value.strip():
        return ""
    try:
        return validation.parse_date(value, allow_partial=partial).iso()
    except ValidationError as exc:
        exc.field = field
        raise


_PERSON = ("role", "geslachtsnaam", "voorvoegsel", "voornamen", "bsn", "birth_date")


class ServerPlanning:
    """Cases and planned visits written as server records for ``caller`` in the teams it plans for;
    a new case without a team goes to ``team``."""

    def __init__(self, db: Database, caller: Caller, team: str) -> None:
        if not caller.is_admin and caller.role != "coordinator":
            raise AdminError("forbidden", "Only a coordinator plans visits and assigns cases.",
                             "Alleen een coördinator plant bezoeken en wijst zaken toe.")
        self.db, self.caller, self.team = db, caller, team
        self._store: Store | None = None
        self.repo, self.cases, self.visits = self, self, self  # the parts a workspace has

    # --- the workspace operations the importer uses ----------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.db.write() as conn:
            self._store = Store(conn)
            try:
                yield
                self._store.flush()
            finally:
                self._store = None

    @property
    def store(self) -> Store:
        assert self._store is not None, "used outside a transaction"
        return self._store

    def _plannable(self) -> list[int] | None:
        return None if self.caller.is_admin else sorted(self.caller.team_ids)

    def _team_id(self, name: str) -> int:
        team_id = self.store.team_id(name)
        if team_id is None or not self.caller.can_plan_team(team_id):
            code, en, nl = not_your_team(self.caller, name)
            raise ValidationError(code, nl, en, field="team")
        return team_id

    def by_number(self, number: str) -> CaseRef | None:
        """The case with this number: in the import's team first, else in another team planned for."""
        found = self.store.cases_by_number(number, [self._team_id(self.team)]) \
            or self.store.cases_by_number(number, self._plannable())
        if len(found) > 1:
            raise ValidationError("case_ambiguous", f"zaaknummer {number} is in gebruik in meerdere van "
                                  "uw teams; importeer per team.", f"case number {number} is in use in "
                                  "several of your teams; import per team.")
        return CaseRef.of(found[0]) if found else None

    def create(self, number: str, domain: str, *, postcode: str = "", huisnummer: int | str | None = None,
               huisletter: str | None = None, toevoeging: str | None = None, straat: str = "",
               woonplaats: str = "", bag_id: str | None = None, title: str = "", team: str = "",
               assigned_to: str = "", due_date: str = "", ground_facts: str = "",
               ground_source: str = "", ground_date: str = "",
               ground_why_not_lighter: str = "") -> CaseRef:
        """A new case with its address (the laptop's ``cases.create``, checked the same way)."""
        number = validation.single_line(number, "number")
        if not number:
            raise ValidationError("case_number_empty", "Vul een zaaknummer in.", "Enter a case number.",
                                  field="number")
        if domain not in {d.value for d in Domain}:
            raise ValidationError("domain_unknown", f"Onbekend domein '{domain}'.",
                                  f"Unknown domain '{domain}'.", field="domain")
        team = validation.single_line(team, "team") or self.team
        team_id = self._team_id(team)
        seen = None if self.caller.is_admin else {team_id} | set(self.caller.team_ids)
        if self.store.case_by_number(number, seen) is not None:
            raise ValidationError("case_number_taken", f"Zaaknummer {number} bestaat al.",
                                  f"Case number {number} already exists.", field="number")
        pc = validation.normalize_postcode(postcode) if postcode else ""
        house: int | None = None
        if huisnummer not in (None, ""):
            house, huisletter, toevoeging = validation.validate_house_number(
                cast(Any, huisnummer), huisletter, toevoeging)
        address = {"postcode": pc, "huisnummer": house, "huisletter": huisletter or None,
                   "toevoeging": toevoeging or None, "straat": validation.single_line(straat, "straat"),
                   "woonplaats": validation.single_line(woonplaats, "woonplaats"),
                   "bag_id": validation.single_line(bag_id or "", "bag_id") or None}
        case = {"number": number, "domain": domain, "title": validation.single_line(title, "title"),
                "team": team, "assigned_to": validation.single_line(assigned_to, "assigned_to"),
                "due_date": _date(due_date, "due_date"),
                "ground_facts": ground_facts, "ground_source": ground_source,
                "ground_date": _date(ground_date, "ground_date"),
                "ground_why_not_lighter": ground_why_not_lighter}
        case_id, address_id = new_id(), new_id()
        try:
            address_data = registry.validate("addresses", address, creating=True)
            case_data = registry.validate("cases", {**case, "address_id": address_id}, creating=True)
        except registry.Invalid as exc:
            raise _invalid(exc) from exc
        who = self.caller.username
        self.store.create("addresses", address_id, case_id, team_id, address_data, "server", modified_by=who)
        self.store.create("cases", case_id, case_id, team_id, case_data, "server", modified_by=who)
        self.store.audit(case_id, team_id, "cases", case_id, "*", None, "created", who,
                         "created on the server")
        return CaseRef(case_id, number, domain)

    def add_person(self, case_id: str, geslachtsnaam: str, *, voornamen: str = "", voorvoegsel: str = "",
                   bsn: str = "", birth_date: str = "", role: str = "client") -> None:
        """A person of the case (the laptop's ``cases.add_person``, checked the same way)."""
        case = self._case(case_id)
        validation.validate_name(geslachtsnaam, "geslachtsnaam")
        person = {"case_id": case_id, "geslachtsnaam": geslachtsnaam.strip(),
                  "voornamen": validation.single_line(voornamen, "name"),
                  "voorvoegsel": validation.single_line(voorvoegsel, "name"),
                  "bsn": validation.normalize_bsn(bsn) if bsn.strip() else "",
                  "birth_date": _date(birth_date, "birth_date", partial=True), "role": role}
        try:
            data = registry.validate("persons", person, creating=True)
        except registry.Invalid as exc:
            raise _invalid(exc) from exc
        person_id = new_id()
        self.store.create("persons", person_id, case_id, case.team_id, data, "server",
                          modified_by=self.caller.username)
        self.store.audit(case_id, case.team_id, "persons", person_id, "*", None, "created",
                         self.caller.username, "created on the server")

    # --- what the importer reads of an existing case, and what it fills in (audited) ------------------
    def get(self, entity: str, record_id: str) -> dict[str, Any] | None:
        assert entity == "addresses"
        rec = self.store.get(entity, record_id)
        return None if rec is None or rec.deleted else dict(rec.data)

    def persons(self, case_id: str) -> list[SimpleNamespace]:
        return [SimpleNamespace(id=p.id, **{k: p.data.get(k) for k in _PERSON})
                for p in self.store.children("persons", case_id) if not p.deleted]

    def _fill(self, rec: Stored, fields: dict[str, Any], reason: str) -> None:
        """Write values a record lacked, each with an audit entry (the laptop's corrections)."""
        who = self.caller.username
        try:
            registry.validate(rec.entity, {**rec.data, **fields}, creating=False)
        except registry.Invalid as exc:
            raise _invalid(exc) from exc
        for name, value in fields.items():
            self.store.audit(rec.case_id, rec.team_id, rec.entity, rec.id, name, rec.data.get(name), value,
                             who, reason)
        self.store.save(rec, fields, "server", modified_by=who)

    def update_address(self, case_id: str, **fields: Any) -> None:
        case = self._case(case_id)
        address = self.store.get("addresses", str(case.data.get("address_id") or ""))
        if address is not None:
            if "postcode" in fields:
                fields["postcode"] = validation.normalize_postcode(fields["postcode"])
            self._fill(address, fields, "planning-import")

    def update(self, case_id: str, reason: str = "", **fields: Any) -> None:
        if "ground_date" in fields:
            fields["ground_date"] = _date(fields["ground_date"], "ground_date")
        self._fill(self._case(case_id), fields, reason or "planning-import")

    def update_person(self, person_id: str, **fields: Any) -> None:
        person = self.store.get("persons", person_id)
        if person is not None and not person.deleted:
            if fields.get("bsn"):
                fields["bsn"] = validation.normalize_bsn(fields["bsn"])
            if "birth_date" in fields:
                fields["birth_date"] = _date(fields["birth_date"], "birth_date", partial=True)
            self._fill(person, fields, "planning-import")

    def find(self, entity: str, **where: Any) -> list[dict[str, Any]]:
        """Live visits of a case matching ``where`` (the importer's "imported before?" check)."""
        assert entity == "visits"
        found = [v.data for v in self.store.children("visits", str(where["case_id"])) if not v.deleted]
        return [d for d in found if all(d.get(k) == v for k, v in where.items())]

    def plan(self, case_id: str, template_id: str, planned_at: str, *, announced: bool = False) -> Stored:
        case = self._case(case_id)
        tpl = templates.get_template(template_id)
        if case.data.get("domain") != tpl.domain:
            raise ValidationError("template_domain", f"Bezoektype {tpl.id} past niet bij domein "
                                  f"{case.data.get('domain')}.", f"Visit type {tpl.id} does not fit "
                                  f"domain {case.data.get('domain')}.")
        return plan_visit(self.store, self.caller, case, tpl.id, tpl.version, planned_at, announced)

    def _case(self, case_id: str) -> Stored:
        case = self.store.get("cases", case_id)
        if case is None or case.deleted or not self.caller.can_plan_team(case.team_id):
            raise ValidationError("case_unknown", "Deze zaak bestaat niet (meer).",
                                  "This case does not exist (any more).")
        return case


def import_csv(db: Database, caller: Caller, team: str, data: bytes) -> ImportResult:
    """Import a planning CSV (its bytes) as ``caller``: the laptop's importer on the server's records.
    Raises ``InspectorError`` for a file that cannot be read as a planning (its message says why)."""
    target = ServerPlanning(db, caller, team)
    with tempfile.TemporaryDirectory(prefix="inspector-import-") as folder:
        path = Path(folder) / "planning.csv"
        path.write_bytes(data)
        return import_planning(cast(Any, target), path)


def create_case(db: Database, caller: Caller, team: str, fields: dict[str, str]) -> str:
    """Create a case from the back office's form (and its client, when a surname is given); returns
    its id. Raises ``InspectorError`` with the problem of the first wrong field."""
    target = ServerPlanning(db, caller, team)
    names = ("postcode", "huisnummer", "huisletter", "toevoeging", "straat", "woonplaats", "title",
             "ground_facts", "ground_source", "ground_date", "ground_why_not_lighter", "due_date")
    with target.transaction():
        ref = target.create(fields.get("number", ""), fields.get("domain", ""),
                            **{k: fields.get(k, "") for k in names})
        if fields.get("geslachtsnaam"):
            target.add_person(ref.id, fields["geslachtsnaam"], voornamen=fields.get("voornamen", ""),
                              voorvoegsel=fields.get("voorvoegsel", ""), bsn=fields.get("bsn", ""),
                              birth_date=fields.get("birth_date", ""))
    return ref.id


__all__ = ["InspectorError", "ServerPlanning", "create_case", "import_csv"]
