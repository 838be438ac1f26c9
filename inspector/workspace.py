"""The ``Workspace`` facade: the one API the UI and the CLI call.

Opening, settings, the inspector's profile, cases, persons and addresses live here; the visit
workflow lives in ``workflow.VisitOps`` which this class mixes in. Every operation validates
its input, writes in one transaction with an audit entry per change, and returns what changed.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from . import credentials, opening, validation
from .errors import ValidationError, WorkflowError
from .model import Address, Case, Changes, Domain, Person, Visit, from_row
from .paths import default_workspace_dir
from .store import search
from .store.repository import Repository
from .sync.workspace_ops import SyncOps
from .workflow import VisitOps

CASE_FIELDS = {"title", "team", "assigned_to", "due_date", "status", "ground_facts", "ground_source",
               "ground_date", "ground_why_not_lighter"}


@dataclass
class Profile:
    name: str = ""
    appointment: str = ""
    team: str = ""

    @property
    def actor(self) -> str:
        return self.name or "onbekend"


@dataclass
class CaseRow:
    """One line of the case list."""

    id: str
    number: str
    domain: str
    status: str
    title: str
    client: str
    client_sort: str
    bsn_masked: str
    address: str
    postcode: str
    team: str
    assigned_to: str
    due_date: str
    next_visit: str
    open_followups: int
    modified_at: str


@dataclass
class VisitRow:
    """One line of a visit list (Vandaag, case history, CLI list)."""

    id: str
    case_id: str
    case_number: str
    template_id: str
    status: str
    planned_at: str
    started_at: str
    finalized_at: str
    client: str
    address: str
    outcome: str
    followup_date: str


@dataclass
class CaseDetail:
    case: Case
    address: Address | None
    persons: list[Person] = field(default_factory=list)
    visits: list[VisitRow] = field(default_factory=list)


def format_address(a: dict[str, Any] | Address | None) -> str:
    """"Kerkstraat 12A bis, 3511 AB Utrecht" from stored (already normalised) address fields."""
    if a is None:
        return ""
    d = a if isinstance(a, dict) else a.__dict__
    street, pc, town = d.get("straat") or "", d.get("postcode") or "", d.get("woonplaats") or ""
    if not street and not pc:
        return ""
    number = ""
    if d.get("huisnummer"):
        number = f"{d['huisnummer']}{d.get('huisletter') or ''}"
        if d.get("toevoeging"):
            number += f" {d['toevoeging']}"
    pc_text = f"{pc[:4]} {pc[4:]}" if len(pc) == 6 else pc
    first = f"{street} {number}".strip()
    second = f"{pc_text} {town}".strip()
    return f"{first}, {second}" if first and second else first or second


def name_forms(voornamen: str, voorvoegsel: str, geslachtsnaam: str) -> tuple[str, str]:
    """(display, sort name) of a person: ("D. van den Berg", "Berg, D. van den")."""
    name = validation.PersonName(voornamen, voorvoegsel, geslachtsnaam)
    initials = name.initials()
    prefix = voorvoegsel or ""
    display_prefix = prefix[0].upper() + prefix[1:] if prefix and not initials else prefix
    display = " ".join(p for p in (initials, display_prefix, geslachtsnaam) if p)
    rest = " ".join(p for p in (initials, prefix) if p)
    return display, (f"{geslachtsnaam}, {rest}" if rest else geslachtsnaam)


class Workspace(VisitOps, SyncOps):
    """An open, unlocked local workspace."""

    def __init__(self, directory: Path, db: sqlite_utils.Database, info: dict[str, object]) -> None:
        self.directory = directory
        self.db = db
        self.info = info
        self.repo = Repository(db)

    # --- opening --------------------------------------------------------------------------
    @classmethod
    def open(cls, directory: Path | str | None = None, passphrase: str | None = None) -> Workspace:
        """Open (creating when new) the workspace in ``directory`` or the default folder."""
        path = Path(directory) if directory else default_workspace_dir()
        db, info = opening.open_database(path, passphrase)
        return cls(path, db, info)

    @staticmethod
    def inspect(directory: Path | str | None = None) -> opening.WorkspaceInfo:
        return opening.inspect(Path(directory) if directory else default_workspace_dir())

    @property
    def workspace_id(self) -> str:
        return str(self.info["workspace_id"])

    def close(self) -> None:
        self.db.close()

    def wipe(self) -> None:
        """Remove this workspace's data and keys (a revoked device, or the user's request)."""
        self.close()
        credentials.delete_db_key(self.workspace_id)
        credentials.delete_token(self.workspace_id)
        shutil.rmtree(self.directory, ignore_errors=True)

    # --- profile and settings -------------------------------------------------------------
    def profile(self) -> Profile:
        data = self.repo.setting("profile") or {}
        return Profile(**{k: v for k, v in data.items() if k in ("name", "appointment", "team")})

    def needs_profile(self) -> bool:
        return not self.profile().name

    def set_profile(self, name: str, appointment: str, team: str = "") -> Changes:
        if not name.strip():
            raise ValidationError("profile_name", "Vul uw naam in.", "Enter your name.", field="name")
        if not appointment.strip():
            raise ValidationError("profile_appointment",
                                  "Vul uw aanstellingsnummer (toezichthouder/BOA-nummer) in.",
                                  "Enter your appointment number (supervisor/BOA number).",
                                  field="appointment")
        self.repo.set_setting("profile", {"name": name.strip(), "appointment": appointment.strip(),
                                          "team": team.strip()})
        return Changes.SETTINGS

    def setting(self, key: str, default: Any = None) -> Any:
        return self.repo.setting(key, default)

    def set_setting(self, key: str, value: Any) -> Changes:
        self.repo.set_setting(key, value)
        return Changes.SETTINGS

    @property
    def actor(self) -> str:
        return self.profile().actor

    # --- cases, persons, addresses --------------------------------------------------------
    def _address_row(self, postcode: str, huisnummer: int | str | None, huisletter: str | None,
                     toevoeging: str | None, straat: str, woonplaats: str,
                     bag_id: str | None) -> dict[str, Any]:
        pc = validation.normalize_postcode(postcode) if postcode else ""
        number: int | None = None
        if huisnummer not in (None, ""):
            number, huisletter, toevoeging = validation.validate_house_number(
                huisnummer, huisletter, toevoeging)
        return {"postcode": pc, "huisnummer": number, "huisletter": huisletter or None,
                "toevoeging": toevoeging or None, "straat": straat.strip(),
                "woonplaats": woonplaats.strip(), "bag_id": (bag_id or "").strip() or None}

    def create_case(self, number: str, domain: str, *, postcode: str = "",
                    huisnummer: int | str | None = None, huisletter: str | None = None,
                    toevoeging: str | None = None, straat: str = "", woonplaats: str = "",
                    bag_id: str | None = None, title: str = "", team: str = "",
                    assigned_to: str = "", due_date: str = "", ground_facts: str = "",
                    ground_source: str = "", ground_date: str = "",
                    ground_why_not_lighter: str = "") -> Case:
        """Create a case (dossier) with its address."""
        number = number.strip()
        if not number:
            raise ValidationError("case_number_empty", "Vul een zaaknummer in.",
                                  "Enter a case number.", field="number")
        if domain not in {d.value for d in Domain}:
            raise ValidationError("domain_unknown", f"Onbekend domein '{domain}'.",
                                  f"Unknown domain '{domain}'.", field="domain")
        if self.repo.query("SELECT 1 FROM cases WHERE number = ?", [number]):
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
                "team": team or self.profile().team, "assigned_to": assigned_to, "due_date": due_date,
                "ground_facts": ground_facts, "ground_source": ground_source,
                "ground_date": ground_date, "ground_why_not_lighter": ground_why_not_lighter}, actor)
            search.reindex_case(self.db, row["id"])
        return self.case(row["id"])

    def case(self, case_id: str) -> Case:
        row = self.repo.get("cases", case_id)
        if row is None or row["deleted"]:
            raise WorkflowError("case_not_found", "Deze zaak bestaat niet (meer).",
                                "This case does not exist (any more).")
        return from_row(Case, "cases", row)

    def case_by_number(self, number: str) -> Case | None:
        rows = self.repo.rows("cases", "number = ?", [number])
        return from_row(Case, "cases", rows[0]) if rows else None

    def update_case(self, case_id: str, reason: str = "", **fields: Any) -> Changes:
        unknown = set(fields) - CASE_FIELDS
        if unknown:
            raise ValueError(f"not a case field: {sorted(unknown)}")
        for key in ("ground_date", "due_date"):
            if fields.get(key):
                fields[key] = validation.parse_date(fields[key]).iso()
        self.case(case_id)
        with self.repo.transaction():
            self.repo.update("cases", case_id, fields, self.actor, reason)
            search.reindex_case(self.db, case_id)
        return Changes.CASES

    def update_address(self, case_id: str, **fields: Any) -> Changes:
        case = self.case(case_id)
        current = self.repo.get("addresses", case.address_id or "") or {}
        merged = {k: current.get(k) for k in ("postcode", "huisnummer", "huisletter", "toevoeging",
                                               "straat", "woonplaats", "bag_id")}
        merged.update(fields)
        row = self._address_row(merged["postcode"] or "", merged["huisnummer"], merged["huisletter"],
                                merged["toevoeging"], merged["straat"] or "",
                                merged["woonplaats"] or "", merged["bag_id"])
        with self.repo.transaction():
            self.repo.update("addresses", str(case.address_id), row, self.actor)
            search.reindex_case(self.db, case_id)
        return Changes.CASES

    def address(self, address_id: str | None) -> Address | None:
        row = self.repo.get("addresses", address_id) if address_id else None
        return from_row(Address, "addresses", row) if row else None

    def add_person(self, case_id: str, geslachtsnaam: str, *, voornamen: str = "",
                   voorvoegsel: str = "", bsn: str = "", birth_date: str = "",
                   role: str = "client") -> Person:
        """Add a person to a case; BSN and (partial) birth date are checked."""
        self.case(case_id)
        row = self._person_row(geslachtsnaam, voornamen, voorvoegsel, bsn, birth_date, role)
        with self.repo.transaction():
            row = self.repo.insert("persons", {"case_id": case_id, **row}, self.actor)
            search.reindex_case(self.db, case_id)
        return from_row(Person, "persons", row)

    def _person_row(self, geslachtsnaam: str, voornamen: str, voorvoegsel: str, bsn: str,
                    birth_date: str, role: str) -> dict[str, Any]:
        validation.validate_name(geslachtsnaam, "geslachtsnaam")
        return {"geslachtsnaam": geslachtsnaam.strip(), "voornamen": voornamen.strip(),
                "voorvoegsel": voorvoegsel.strip(),
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
            search.reindex_case(self.db, row["case_id"])
        return Changes.PERSONS

    def persons(self, case_id: str) -> list[Person]:
        return [from_row(Person, "persons", r) for r in self.repo.rows("persons", "case_id = ?",
                                                                        [case_id])]

    # --- lists and search -----------------------------------------------------------------
    def list_cases(self, text: str = "", limit: int = 100_000) -> list[CaseRow]:
        """Cases for the case list; ``text`` searches names, BSN, address and case number."""
        where, params = "c.deleted = 0", []
        ids: list[str] | None = None
        if text.strip():
            ids = search.search_cases(self.db, text, limit=limit)
            if not ids:
                return []
            where += f" AND c.id IN ({','.join('?' * len(ids))})"
            params = list(ids)
        sql = f"""
            SELECT c.*, a.postcode, a.huisnummer, a.huisletter, a.toevoeging, a.straat, a.woonplaats
            FROM cases c LEFT JOIN addresses a ON a.id = c.address_id
            WHERE {where} ORDER BY c.number LIMIT {int(limit)}"""
        case_rows = self.repo.query(sql, params)
        extra = self._case_extras(ids)
        for r in case_rows:
            r["client"], r["next_visit"], r["followups"] = extra.get(r["id"], ("", "", 0))
        rows = [self._case_row(r) for r in case_rows]
        if ids is not None:
            order = {cid: i for i, cid in enumerate(ids)}
            rows.sort(key=lambda r: order.get(r.id, 0))
        return rows

    def _case_extras(self, ids: list[str] | None) -> dict[str, tuple[str, str, int]]:
        """Per case: first person (client first), next planned visit, open follow-ups."""
        where_p = where_v = ""
        params: list[str] = []
        if ids is not None:
            marks = ",".join("?" * len(ids))
            where_p, where_v, params = f" AND case_id IN ({marks})", f" AND case_id IN ({marks})", ids
        out: dict[str, list[Any]] = {}
        for r in self.db.execute(
                "SELECT case_id, voornamen || '|' || voorvoegsel || '|' || geslachtsnaam || '|' || bsn "
                f"FROM persons WHERE deleted = 0{where_p} ORDER BY role != 'client' DESC, rowid DESC",
                params):
            out.setdefault(r[0], ["", "", 0])[0] = r[1]  # the last write is the first person
        for r in self.db.execute(
                "SELECT case_id, min(CASE WHEN status IN ('planned', 'in_progress') THEN planned_at END), "
                "sum(followup_date != '' AND status IN ('finalized', 'synced')) "
                f"FROM visits WHERE deleted = 0{where_v} GROUP BY case_id", params):
            entry = out.setdefault(r[0], ["", "", 0])
            entry[1], entry[2] = r[1] or "", r[2] or 0
        return {k: (v[0], v[1], v[2]) for k, v in out.items()}

    @staticmethod
    def _case_row(r: dict[str, Any]) -> CaseRow:
        client = sort = masked = ""
        if r["client"]:
            voornamen, voorvoegsel, achternaam, bsn = r["client"].split("|")
            client, sort = name_forms(voornamen, voorvoegsel, achternaam)
            masked = "******" + bsn[-3:] if len(bsn) == 9 else validation.mask_bsn(bsn)
        return CaseRow(r["id"], r["number"], r["domain"], r["status"], r["title"], client, sort,
                       masked, format_address(r), r["postcode"] or "", r["team"], r["assigned_to"],
                       r["due_date"], r["next_visit"] or "", r["followups"], r["modified_at"])

    def case_detail(self, case_id: str) -> CaseDetail:
        case = self.case(case_id)
        return CaseDetail(case, self.address(case.address_id), self.persons(case_id),
                          self.list_visits(case_id=case_id))

    def list_visits(self, *, case_id: str | None = None, date_from: str | None = None,
                    date_to: str | None = None, statuses: tuple[str, ...] = ()) -> list[VisitRow]:
        """Visits, optionally of one case, planned within [date_from, date_to) or of some statuses."""
        where, params = ["v.deleted = 0"], []
        if case_id:
            where.append("v.case_id = ?")
            params.append(case_id)
        if date_from:
            where.append("v.planned_at >= ?")
            params.append(date_from)
        if date_to:
            where.append("v.planned_at < ?")
            params.append(date_to)
        if statuses:
            where.append(f"v.status IN ({','.join('?' * len(statuses))})")
            params += list(statuses)
        sql = f"""
            SELECT v.id, v.case_id, c.number, v.template_id, v.status, v.planned_at, v.started_at,
              v.finalized_at, v.outcome, v.followup_date, a.postcode, a.huisnummer, a.huisletter,
              a.toevoeging, a.straat, a.woonplaats,
              (SELECT p.voornamen || '|' || p.voorvoegsel || '|' || p.geslachtsnaam FROM persons p
                 WHERE p.case_id = c.id AND p.deleted = 0 ORDER BY p.role != 'client', p.rowid
                 LIMIT 1) AS client
            FROM visits v JOIN cases c ON c.id = v.case_id
            LEFT JOIN addresses a ON a.id = c.address_id
            WHERE {' AND '.join(where)} ORDER BY v.planned_at, c.number"""
        out = []
        for r in self.repo.query(sql, params):
            client = ""
            if r["client"]:
                client = name_forms(*r["client"].split("|"))[0]
            out.append(VisitRow(r["id"], r["case_id"], r["number"], r["template_id"], r["status"],
                                r["planned_at"], r["started_at"], r["finalized_at"], client,
                                format_address(r), r["outcome"], r["followup_date"]))
        return out

    def unsynced_count(self) -> int:
        """How many changed records wait to be sent to the server (audit entries travel along)."""
        return sum(self.db.execute(f"SELECT count(*) FROM [{table}] WHERE dirty = 1").fetchone()[0]
                   for table in ("addresses", "cases", "persons", "visits", "answers", "attachments",
                                 "addenda"))

    def audit_trail(self, entity_id: str) -> list[dict[str, Any]]:
        return self.repo.query("SELECT at, actor, entity, field, old, new, reason FROM audit "
                               "WHERE entity_id = ? ORDER BY at, rowid", [entity_id])

    def visit_ids(self) -> list[str]:
        return [r["id"] for r in self.repo.query("SELECT id FROM visits WHERE deleted = 0")]

    def _visit_or_none(self, visit_id: str) -> Visit | None:
        row = self.repo.get("visits", visit_id)
        return from_row(Visit, "visits", row) if row and not row["deleted"] else None
