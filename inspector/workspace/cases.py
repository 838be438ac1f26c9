"""``ws.cases``: cases (dossiers), their address and persons, and the case list."""

from __future__ import annotations

from typing import Any

from .. import validation
from ..errors import ValidationError, WorkflowError
from ..model import Address, Case, CaseDetail, CaseRow, Changes, Domain, Person
from ..records import from_row
from ..store import queries, search
from .part import Part

SINGLE_LINE_FIELDS = {"title", "team", "assigned_to"}
GROUND_FIELDS = {"ground_facts", "ground_source", "ground_date", "ground_why_not_lighter"}
CASE_FIELDS = {"title", "team", "assigned_to", "due_date", "status", "ground_facts", "ground_source",
               "ground_date", "ground_why_not_lighter"}


class Cases(Part):
    def _address_row(self, postcode: str, huisnummer: int | str | None, huisletter: str | None,
                     toevoeging: str | None, straat: str, woonplaats: str,
                     bag_id: str | None) -> dict[str, Any]:
        pc = validation.normalize_postcode(postcode) if postcode else ""
        number: int | None = None
        if huisnummer not in (None, ""):
            number, huisletter, toevoeging = validation.validate_house_number(
                huisnummer, huisletter, toevoeging)
        return {"postcode": pc, "huisnummer": number, "huisletter": huisletter or None,
                "toevoeging": toevoeging or None, "straat": validation.single_line(straat, "straat"),
                "woonplaats": validation.single_line(woonplaats, "woonplaats"),
                "bag_id": validation.single_line(bag_id or "", "bag_id") or None}

    def create(self, number: str, domain: str, *, postcode: str = "",
                    huisnummer: int | str | None = None, huisletter: str | None = None,
                    toevoeging: str | None = None, straat: str = "", woonplaats: str = "",
                    bag_id: str | None = None, title: str = "", team: str = "",
                    assigned_to: str = "", due_date: str = "", ground_facts: str = "",
                    ground_source: str = "", ground_date: str = "",
                    ground_why_not_lighter: str = "") -> Case:
        """Create a case (dossier) with its address."""
        number = validation.single_line(number, "number")
        if not number:
            raise ValidationError("case_number_empty", "Vul een zaaknummer in.",
                                  "Enter a case number.", field="number")
        team = validation.single_line(team, "team")
        assigned_to = validation.single_line(assigned_to, "assigned_to")
        title = validation.single_line(title, "title")
        if domain not in {d.value for d in Domain}:
            raise ValidationError("domain_unknown", f"Onbekend domein '{domain}'.",
                                  f"Unknown domain '{domain}'.", field="domain")
        if queries.case_number_taken(self.repo, number):
            raise ValidationError("case_number_taken", f"Zaaknummer {number} bestaat al.",
                                  f"Case number {number} already exists.", field="number")
        address = self._address_row(postcode, huisnummer, huisletter, toevoeging, straat,
                                    woonplaats, bag_id)
        if ground_date:
            ground_date = validation.parse_date(ground_date).iso()
        if due_date:
            due_date = validation.parse_date(due_date).iso()
        actor = self.actor
        with self.repo.transaction():
            arow = self.repo.insert("addresses", address, actor)
            row = self.repo.insert("cases", {
                "number": number, "domain": domain, "address_id": arow["id"], "title": title,
                "team": team or self.ws.settings.profile().team, "assigned_to": assigned_to,
                "due_date": due_date,
                "ground_facts": ground_facts, "ground_source": ground_source,
                "ground_date": ground_date, "ground_why_not_lighter": ground_why_not_lighter}, actor)
            search.reindex_case(self.repo.db, row["id"])
        return self.get(row["id"])

    def get(self, case_id: str) -> Case:
        row = self.repo.get("cases", case_id)
        if row is None or row["deleted"]:
            raise WorkflowError("case_not_found", "Deze zaak bestaat niet (meer).",
                                "This case does not exist (any more).")
        return from_row(Case, row)

    def by_number(self, number: str) -> Case | None:
        rows = self.repo.find("cases", number=number)
        return from_row(Case, rows[0]) if rows else None

    def update(self, case_id: str, reason: str = "", **fields: Any) -> Changes:
        unknown = set(fields) - CASE_FIELDS
        if unknown:
            raise ValueError(f"not a case field: {sorted(unknown)}")
        for key in ("ground_date", "due_date"):
            if fields.get(key):
                fields[key] = validation.parse_date(fields[key]).iso()
        for key in SINGLE_LINE_FIELDS & set(fields):
            fields[key] = validation.single_line(str(fields[key] or ""), key)
        self.get(case_id)
        with self.repo.transaction():
            self.repo.update("cases", case_id, fields, self.actor, reason)
            search.reindex_case(self.repo.db, case_id)
            if fields.keys() & GROUND_FIELDS:  # until a visit starts, its ground follows the case
                return Changes.CASES | self.ws.visits.follow_case_ground(case_id)
        return Changes.CASES

    def update_address(self, case_id: str, **fields: Any) -> Changes:
        case = self.get(case_id)
        current = self.repo.get("addresses", case.address_id or "") or {}
        merged = {k: current.get(k) for k in ("postcode", "huisnummer", "huisletter", "toevoeging",
                                               "straat", "woonplaats", "bag_id")}
        merged.update(fields)
        row = self._address_row(merged["postcode"] or "", merged["huisnummer"], merged["huisletter"],
                                merged["toevoeging"], merged["straat"] or "",
                                merged["woonplaats"] or "", merged["bag_id"])
        with self.repo.transaction():
            self.repo.update("addresses", str(case.address_id), row, self.actor)
            search.reindex_case(self.repo.db, case_id)
        return Changes.CASES

    def address(self, address_id: str | None) -> Address | None:
        row = self.repo.get("addresses", address_id) if address_id else None
        return from_row(Address, row) if row else None

    def add_person(self, case_id: str, geslachtsnaam: str, *, voornamen: str = "",
                   voorvoegsel: str = "", bsn: str = "", birth_date: str = "",
                   role: str = "client") -> Person:
        """Add a person to a case; BSN and (partial) birth date are checked."""
        self.get(case_id)
        row = self._person_row(geslachtsnaam, voornamen, voorvoegsel, bsn, birth_date, role)
        with self.repo.transaction():
            row = self.repo.insert("persons", {"case_id": case_id, **row}, self.actor)
            search.reindex_case(self.repo.db, case_id)
        return from_row(Person, row)

    def _person_row(self, geslachtsnaam: str, voornamen: str, voorvoegsel: str, bsn: str,
                    birth_date: str, role: str) -> dict[str, Any]:
        return {"geslachtsnaam": validation.validate_name(geslachtsnaam, "geslachtsnaam"),
                "voornamen": validation.single_line(voornamen, "name"),
                "voorvoegsel": validation.single_line(voorvoegsel, "name"),
                "bsn": validation.normalize_bsn(bsn) if bsn.strip() else "",
                "birth_date": validation.parse_date(birth_date, allow_partial=True).iso()
                if birth_date.strip() else "", "role": role}

    def update_person(self, person_id: str, **fields: Any) -> Changes:
        row = self.repo.get("persons", person_id)
        if row is None:
            raise WorkflowError("person_not_found", "Deze persoon bestaat niet (meer).",
                                "This person does not exist (any more).")
        merged = {k: row[k] for k in ("geslachtsnaam", "voornamen", "voorvoegsel", "bsn",
                                      "birth_date", "role")}
        merged.update(fields)
        new = self._person_row(merged["geslachtsnaam"], merged["voornamen"], merged["voorvoegsel"],
                               merged["bsn"], merged["birth_date"], merged["role"])
        with self.repo.transaction():
            self.repo.update("persons", person_id, new, self.actor)
            search.reindex_case(self.repo.db, row["case_id"])
        return Changes.PERSONS

    def persons(self, case_id: str) -> list[Person]:
        return [from_row(Person, r) for r in self.repo.find("persons", case_id=case_id)]


    def find(self, text: str = "", limit: int = 100_000) -> list[CaseRow]:
        """Cases for the case list; ``text`` searches names, BSN, address and case number."""
        return queries.list_cases(self.repo, text, limit)

    def detail(self, case_id: str) -> CaseDetail:
        case = self.get(case_id)
        visits = self.ws.visits.find(case_id=case_id)
        followups = sorted((f for v in visits if v.status in ("finalized", "synced")
                            for f in self.ws.followups.of_visit(v.id)), key=lambda f: (f.due_date, f.id))
        return CaseDetail(case, self.address(case.address_id), self.persons(case_id), visits, followups)
