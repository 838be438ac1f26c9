"""What the back office's pages show, read from the server's records within the user's teams.

Records outside the user's teams are never read: every query is limited to their team ids
(an administrator's: all teams). A case outside them is answered as if it did not exist.
"""

from __future__ import annotations

import json
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ... import validation
from ..auth import Caller
from ..db import Database, devices, memberships, records, teams, users, visit_facts

SHOWN = 300  # rows in one list; a search narrows it down


@dataclass
class PersonView:
    id: str
    name: str
    bsn: str
    birth_date: str
    role: str

    @property
    def masked(self) -> str:
        return validation.mask_bsn(self.bsn)


@dataclass
class VisitView:
    id: str
    case_id: str
    case_number: str
    team: str
    assigned_to: str
    template_id: str
    status: str
    planned_at: str
    finalized_at: str
    receipt: bool
    followup_date: str
    outcome: str

    @property
    def state(self) -> str:
        """planned, in_progress, finalized, or receipt (finalized and acknowledged by the server)."""
        if self.receipt:
            return "receipt"
        return "finalized" if self.status in ("finalized", "synced") else self.status


@dataclass
class CaseView:
    id: str
    team_id: int
    number: str
    team: str
    domain: str
    title: str
    status: str
    assigned_to: str
    address: str
    ground: str
    persons: list[PersonView] = field(default_factory=list)
    visits: list[VisitView] = field(default_factory=list)

    @property
    def client(self) -> str:
        return next((p.name for p in self.persons if p.role == "client"),
                    self.persons[0].name if self.persons else "")


def team_choices(db: Database, caller: Caller) -> list[tuple[int, str]]:
    """The teams the user works for: (id, name), by name."""
    with db.read() as conn:
        query = sa.select(teams.c.id, teams.c.name).order_by(teams.c.name)
        if not caller.is_admin:
            query = query.where(teams.c.id.in_(sorted(caller.team_ids) or [-1]))
        return [(int(r.id), str(r.name)) for r in conn.execute(query)]


def _scope(caller: Caller, team_id: int | None) -> list[int] | None:
    """The team ids to read: one chosen team (when the user may see it), else all of theirs."""
    if team_id is not None:
        return [team_id] if caller.can_see_team(team_id) else [-1]
    return None if caller.is_admin else sorted(caller.team_ids) or [-1]


def fold(text: str) -> str:
    """Lower case without diacritics, so "coordinatie" finds "coördinatie"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def _address(d: dict[str, Any]) -> str:
    house = ""
    if d.get("huisnummer") not in (None, ""):
        house = f"{d['huisnummer']}{d.get('huisletter') or ''}" + (
            f" {d['toevoeging']}" if d.get("toevoeging") else "")
    street = " ".join(x for x in (str(d.get("straat") or ""), house) if x)
    place = " ".join(x for x in (validation.format_postcode(str(d.get("postcode") or ""))
                                 if d.get("postcode") else "", str(d.get("woonplaats") or "")) if x)
    return ", ".join(x for x in (street, place) if x)


def _name(d: dict[str, Any]) -> str:
    return " ".join(str(x) for x in (d.get("voornamen"), d.get("voorvoegsel"), d.get("geslachtsnaam")) if x)


def _rows(conn: Connection, entities: Iterable[str], scope: list[int] | None,
          case_ids: list[str] | None = None) -> list[Any]:
    query = sa.select(records.c.entity, records.c.id, records.c.case_id, records.c.team_id,
                      records.c.data).where(records.c.entity.in_(list(entities)),
                                            records.c.deleted.is_(False))
    if scope is not None:
        query = query.where(records.c.team_id.in_(scope))
    if case_ids is not None:
        query = query.where(records.c.case_id.in_(case_ids or ["-"]))
    return list(conn.execute(query))


def _team_names(conn: Connection) -> dict[int, str]:
    return {int(r.id): str(r.name) for r in conn.execute(sa.select(teams.c.id, teams.c.name))}


def load_cases(db: Database, caller: Caller, team_id: int | None = None,
               case_ids: list[str] | None = None) -> list[CaseView]:
    """The live cases in the user's teams (or one of them, or the given ids), with their address,
    persons and visits; newest case number first."""
    scope = _scope(caller, team_id)
    with db.read() as conn:
        rows = _rows(conn, ("cases", "addresses", "persons", "visits"), scope, case_ids)
        names = _team_names(conn)
    by_entity: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        by_entity[row.entity].append(row)
    addresses = {r.id: json.loads(r.data) for r in by_entity["addresses"]}
    cases: dict[str, CaseView] = {}
    for r in by_entity["cases"]:
        d = json.loads(r.data)
        cases[r.id] = CaseView(
            r.id, int(r.team_id), str(d.get("number") or ""), names.get(int(r.team_id), ""),
            str(d.get("domain") or ""), str(d.get("title") or ""), str(d.get("status") or ""),
            str(d.get("assigned_to") or ""), _address(addresses.get(str(d.get("address_id") or ""), {})),
            str(d.get("ground_facts") or ""))
    for r in by_entity["persons"]:
        d = json.loads(r.data)
        if r.case_id in cases:
            cases[r.case_id].persons.append(PersonView(r.id, _name(d), str(d.get("bsn") or ""),
                                                       str(d.get("birth_date") or ""),
                                                       str(d.get("role") or "")))
    for r in by_entity["visits"]:
        d = json.loads(r.data)
        case = cases.get(r.case_id)
        if case is not None:
            case.visits.append(VisitView(
                r.id, case.id, case.number, case.team, case.assigned_to, str(d.get("template_id") or ""),
                str(d.get("status") or ""), str(d.get("planned_at") or ""),
                str(d.get("finalized_at") or ""), bool(d.get("receipt")), str(d.get("followup_date") or ""),
                str(d.get("outcome") or "")))
    for case in cases.values():
        case.visits.sort(key=lambda v: v.planned_at)
    return sorted(cases.values(), key=lambda c: (c.number, c.team), reverse=True)


def search(cases: list[CaseView], text: str) -> list[CaseView]:
    """Cases whose number, title, address or person names hold every word of ``text``; a BSN (nine
    digits) finds its person's case."""
    words = fold(text).split()
    if not words:
        return cases
    digits = "".join(c for c in text if c.isdigit())
    found = []
    for case in cases:
        if len(digits) >= 8 and len(digits) == len(text.strip()) \
                and any(p.bsn and p.bsn.lstrip("0") == digits.lstrip("0") for p in case.persons):
            found.append(case)
            continue
        hay = fold(" ".join([case.number, case.title, case.address, case.assigned_to, case.team,
                             *(p.name for p in case.persons)]))
        if all(w in hay for w in words):
            found.append(case)
    return found


def _visit_table(db: Database, scope: list[int] | None) -> sa.Subquery:
    """The live visits in ``scope`` with the fields lists show, from their indexed facts
    (``visit_facts``, kept by every write of a visit record)."""
    f = visit_facts
    query = sa.select(f.c.visit_id.label("id"), f.c.case_id, f.c.team_id, f.c.template_id, f.c.status,
                      f.c.planned_at, f.c.finalized_at, f.c.receipt, f.c.followup_date, f.c.outcome)
    if scope is not None:
        query = query.where(f.c.team_id.in_(scope))
    return query.subquery("vis")


def _visit_views(conn: Connection, rows: list[Any]) -> list[VisitView]:
    """Visit rows with their case's number, team and assignee (read for these visits only)."""
    names = _team_names(conn)
    case_ids = sorted({r.case_id for r in rows})
    cases: dict[str, tuple[str, str]] = {}
    for start in range(0, len(case_ids), 500):
        for c in conn.execute(sa.select(records.c.id, records.c.ref, records.c.data).where(
                records.c.entity == "cases", records.c.id.in_(case_ids[start:start + 500]))):
            cases[c.id] = (str(c.ref or ""), str(json.loads(c.data).get("assigned_to") or ""))
    return [VisitView(r.id, r.case_id, cases.get(r.case_id, ("", ""))[0], names.get(int(r.team_id), ""),
                      cases.get(r.case_id, ("", ""))[1], str(r.template_id or ""), str(r.status or ""),
                      str(r.planned_at or ""), str(r.finalized_at or ""), bool(r.receipt),
                      str(r.followup_date or ""), str(r.outcome or "")) for r in rows]


@dataclass
class TeamVisits:
    counts: dict[str, int]
    total: int
    due: int
    overdue: int
    newest: list[VisitView]


_TEAM_CACHE: dict[tuple[str, int, str], tuple[int, TeamVisits]] = {}
_CACHE_LOCK = threading.Lock()


def team_visits(db: Database, caller: Caller, team_id: int, today: str) -> TeamVisits:
    """A team's visits for its overview (the caller may see the team: checked by the page). Kept per
    process until any record of the team changes: its highest revision, read from an index, is the key,
    so a view after a change always counts again."""
    if not caller.can_see_team(team_id):
        return TeamVisits(dict.fromkeys(("planned", "in_progress", "finalized", "receipt"), 0), 0, 0, 0, [])
    with db.read() as conn:
        newest_rev = int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(records.c.rev), 0))
                                      .where(records.c.team_id == team_id)).scalar_one())
    key = (db.url, team_id, today)
    with _CACHE_LOCK:
        kept = _TEAM_CACHE.get(key)
    if kept is not None and kept[0] == newest_rev:
        return kept[1]
    found = _count_team_visits(db, caller, team_id, today)
    with _CACHE_LOCK:
        if len(_TEAM_CACHE) > 1000:
            _TEAM_CACHE.clear()
        _TEAM_CACHE[key] = (newest_rev, found)
    return found


def _count_team_visits(db: Database, caller: Caller, team_id: int, today: str) -> TeamVisits:
    """Counts per state and of follow-ups (by the database), and the ``SHOWN`` newest by planned time."""
    vis = _visit_table(db, _scope(caller, team_id))
    has_receipt = sa.case((vis.c.receipt.is_(True), 1), else_=0)
    late = sa.case((vis.c.followup_date == "", -1),
                   (vis.c.followup_date < today, 1), else_=0)
    counted = sa.select(vis.c.status, has_receipt.label("has_receipt"), late.label("late"),
                        sa.func.count().label("n")).group_by(vis.c.status, has_receipt, late)
    counts = dict.fromkeys(("planned", "in_progress", "finalized", "receipt"), 0)
    follow = {0: 0, 1: 0}
    with db.read() as conn:
        for row in conn.execute(counted):
            state = "receipt" if row.has_receipt else \
                "finalized" if row.status in ("finalized", "synced") else str(row.status)
            counts[state] = counts.get(state, 0) + int(row.n)
            if int(row.late) >= 0:
                follow[int(row.late)] += int(row.n)
        rows = list(conn.execute(sa.select(vis).order_by(vis.c.planned_at.desc(), vis.c.id).limit(SHOWN)))
        newest = _visit_views(conn, rows)
    return TeamVisits(counts, sum(counts.values()), follow[0], follow[1], newest)


def planned_between(db: Database, caller: Caller, team_id: int | None, start: str,
                    end: str) -> list[VisitView]:
    """Planned visits (not started) with a planned time from ``start`` up to (not including) ``end``."""
    vis = _visit_table(db, _scope(caller, team_id))
    query = sa.select(vis).where(vis.c.status == "planned", vis.c.planned_at >= start,
                                 vis.c.planned_at < end).order_by(vis.c.planned_at)
    with db.read() as conn:
        return _visit_views(conn, list(conn.execute(query)))


def case_page(db: Database, caller: Caller, team_id: int | None) -> tuple[list[CaseView], int]:
    """The first ``SHOWN`` cases by number (newest first) and how many there are, without a search."""
    scope = _scope(caller, team_id)
    where = [records.c.entity == "cases", records.c.deleted.is_(False)]
    if scope is not None:
        where.append(records.c.team_id.in_(scope))
    with db.read() as conn:
        total = int(conn.execute(sa.select(sa.func.count()).select_from(records).where(*where)).scalar_one())
        ids = list(conn.execute(sa.select(records.c.id).where(*where)
                                .order_by(records.c.ref.desc(), records.c.id).limit(SHOWN)).scalars())
    return load_cases(db, caller, team_id, case_ids=ids), total


def find_cases(db: Database, caller: Caller, team_id: int | None, text: str) -> tuple[list[CaseView], int]:
    """The cases matching a search (see ``search``), the first ``SHOWN`` of them in full, and how many
    there are. Only cases, addresses and persons are read for matching, not the visits."""
    scope = _scope(caller, team_id)
    with db.read() as conn:
        rows = _rows(conn, ("cases", "addresses", "persons"), scope)
    by_entity: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        by_entity[row.entity].append(row)
    addresses = {r.id: json.loads(r.data) for r in by_entity["addresses"]}
    light: dict[str, CaseView] = {}
    for r in by_entity["cases"]:
        d = json.loads(r.data)
        light[r.id] = CaseView(r.id, int(r.team_id), str(d.get("number") or ""), "", "",
                               str(d.get("title") or ""), "", str(d.get("assigned_to") or ""),
                               _address(addresses.get(str(d.get("address_id") or ""), {})), "")
    for r in by_entity["persons"]:
        if r.case_id in light:
            d = json.loads(r.data)
            light[r.case_id].persons.append(PersonView(r.id, _name(d), str(d.get("bsn") or ""), "", ""))
    found = sorted(search(list(light.values()), text), key=lambda c: (c.number, c.id), reverse=True)
    shown = load_cases(db, caller, team_id, case_ids=[c.id for c in found[:SHOWN]])
    return shown, len(found)


def case(db: Database, caller: Caller, case_id: str) -> CaseView | None:
    """One case in the user's teams, or None (also for a case of another team)."""
    found = load_cases(db, caller, case_ids=[case_id])
    return found[0] if found else None


def team_members(db: Database, team_id: int) -> list[tuple[str, str]]:
    """(username, role) of the team's active members."""
    with db.read() as conn:
        rows = conn.execute(sa.select(users.c.username, users.c.role).join(
            memberships, memberships.c.user_id == users.c.id).where(
            memberships.c.team_id == team_id, users.c.active.is_(True)).order_by(users.c.username))
        return [(str(r.username), str(r.role)) for r in rows]


@dataclass
class LaptopView:
    id: str
    username: str
    name: str
    created_at: str
    last_seen_at: str
    revoked_at: str
    logged_out: bool
    unsent: int | None = None  # what the laptop reported at its last sync (None: never, an older app)
    quarantined: int | None = None
    status_at: str = ""


def team_laptops(db: Database, team_id: int) -> list[LaptopView]:
    """The devices of the team's members (laptops that logged in), newest contact first."""
    with db.read() as conn:
        rows = conn.execute(sa.select(devices, users.c.username).join(users, users.c.id == devices.c.user_id)
                            .join(memberships, memberships.c.user_id == users.c.id)
                            .where(memberships.c.team_id == team_id)
                            .order_by(devices.c.last_seen_at.desc()))
        return [LaptopView(r.id, r.username, r.name, r.created_at, r.last_seen_at, r.revoked_at or "",
                           r.token_hash.startswith("logged-out:"), r.unsent, r.quarantined,
                           r.status_at or "") for r in rows]


def laptop_in_team(db: Database, device_id: str, team_id: int) -> bool:
    with db.read() as conn:
        return conn.execute(sa.select(devices.c.id).join(
            memberships, memberships.c.user_id == devices.c.user_id).where(
            devices.c.id == device_id, memberships.c.team_id == team_id)).first() is not None
