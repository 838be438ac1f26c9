"""Administration: teams, users, devices, and a coordinator assigning cases and planning visits.

Used by the ``inspector-server`` command (as the administrator) and by the coordinator endpoints
(with the caller's rights). Changes to cases and visits are written as records under new revisions,
with an audit record, so they reach the laptops on their next sync.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..errors import InspectorError
from ..sync.schema import ROLES
from .auth import MIN_PASSWORD, Caller, hash_password, user_teams
from .db import Database, devices, memberships, now_iso, teams, users
from .errors import AdminError
from .records import Store, with_defaults

ADMIN = Caller(0, "admin", "admin", "server", frozenset(), ())


def add_team(db: Database, name: str) -> int:
    name = name.strip()
    if not name:
        raise AdminError("team_name", "A team needs a name.", "Een team heeft een naam nodig.")
    with db.write() as conn:
        if conn.execute(sa.select(teams.c.id).where(teams.c.name == name)).first() is not None:
            raise AdminError("team_exists", f"Team '{name}' already exists.", f"Team '{name}' bestaat al.")
        return int(conn.execute(sa.insert(teams).values(name=name, created_at=now_iso())
                                .returning(teams.c.id)).scalar_one())


def list_teams(db: Database) -> list[str]:
    with db.read() as conn:
        return [r[0] for r in conn.execute(sa.select(teams.c.name).order_by(teams.c.name))]


def _team_ids(conn: sa.Connection, names: list[str]) -> list[int]:
    ids = []
    for name in names:
        row = conn.execute(sa.select(teams.c.id).where(teams.c.name == name)).first()
        if row is None:
            raise AdminError("team_unknown", f"Team '{name}' does not exist; create it with 'teams add'.",
                             f"Team '{name}' bestaat niet; maak het aan met 'teams add'.")
        ids.append(int(row[0]))
    return ids


def add_user(db: Database, username: str, password: str, role: str, team_names: list[str],
             **hash_options: Any) -> int:
    """Create a user with a role and teams (the password is hashed with argon2id)."""
    username = username.strip()
    if not username or len(username) > 200:
        raise AdminError("username", "A username is 1 to 200 characters.",
                         "Een gebruikersnaam heeft 1 tot 200 tekens.")
    if role not in ROLES:
        raise AdminError("role", f"Unknown role '{role}'.", f"Onbekende rol '{role}'.")
    if len(password) < MIN_PASSWORD:
        raise AdminError("password_short", f"A password needs at least {MIN_PASSWORD} characters.",
                         f"Een wachtwoord heeft minstens {MIN_PASSWORD} tekens.")
    hashed = hash_password(password, **hash_options)
    with db.write() as conn:
        if conn.execute(sa.select(users.c.id).where(users.c.username == username)).first() is not None:
            raise AdminError("user_exists", f"User '{username}' already exists.",
                             f"Gebruiker '{username}' bestaat al.")
        team_ids = _team_ids(conn, team_names)
        user_id = int(conn.execute(sa.insert(users).values(
            username=username, password_hash=hashed, role=role, active=True, created_at=now_iso())
            .returning(users.c.id)).scalar_one())
        for team_id in team_ids:
            conn.execute(sa.insert(memberships).values(user_id=user_id, team_id=team_id))
    return user_id


def list_users(db: Database) -> list[dict[str, Any]]:
    with db.read() as conn:
        rows = conn.execute(sa.select(users).order_by(users.c.username)).all()
        return [{"username": r.username, "role": r.role, "active": r.active,
                 "teams": [t[1] for t in user_teams(conn, r.id)]} for r in rows]


def list_devices(db: Database) -> list[dict[str, Any]]:
    with db.read() as conn:
        rows = conn.execute(sa.select(devices, users.c.username).join(users, users.c.id == devices.c.user_id)
                            .order_by(devices.c.created_at)).all()
    return [{"id": r.id, "username": r.username, "name": r.name, "created_at": r.created_at,
             "last_seen_at": r.last_seen_at, "revoked_at": r.revoked_at or ""} for r in rows]


def caller_for(db: Database, username: str) -> Caller:
    """A user's rights, for tests and tools acting as that user."""
    with db.read() as conn:
        row = conn.execute(sa.select(users).where(users.c.username == username)).first()
        if row is None:
            raise AdminError("user_unknown", f"Unknown user '{username}'.",
                             f"Onbekende gebruiker '{username}'.")
        team_rows = user_teams(conn, row.id)
    return Caller(row.id, row.username, row.role, "server", frozenset(t[0] for t in team_rows),
                  tuple(t[1] for t in team_rows))


@dataclass
class Planned:
    case_id: str
    visit_id: str
    rev: int


def _team(store: Store, caller: Caller, name: str) -> int:
    team_id = store.team_id(name)
    if team_id is None:
        raise AdminError("team_unknown", f"Team '{name}' does not exist.", f"Team '{name}' bestaat niet.")
    if not caller.can_plan_team(team_id):
        raise AdminError("forbidden", f"Only a coordinator of '{name}' may do this.",
                         f"Alleen een coördinator van '{name}' mag dit.")
    return team_id


def assign(db: Database, caller: Caller, case_number: str, team: str, inspector: str = ""
           ) -> tuple[str, int]:
    """Give a case (and with it its visits) to a team and optionally an inspector.

    Returns the case id and its revision."""
    with db.write() as conn:
        store = Store(conn)
        case = store.case_by_number(case_number)
        if case is None or not caller.can_plan_team(case.team_id):
            raise AdminError("case_unknown", f"Case {case_number} is not on the server or not in your teams.",
                             f"Zaak {case_number} staat niet op de server of hoort niet bij uw teams.")
        team_id = _team(store, caller, team)
        if inspector:
            row = conn.execute(sa.select(users.c.id).where(users.c.username == inspector)).first()
            if row is None or team_id not in {t[0] for t in user_teams(conn, row.id)}:
                raise AdminError("inspector_unknown", f"'{inspector}' is not a member of team '{team}'.",
                                 f"'{inspector}' is geen lid van team '{team}'.")
        changes = {k: v for k, v in (("team", team), ("assigned_to", inspector))
                   if case.data.get(k) != v}
        if not changes:
            return case.id, case.rev
        old_team = case.team_id
        for name, value in changes.items():
            store.audit(case.id, old_team, "cases", case.id, name, case.data.get(name), value,
                        caller.username,
                        "assigned on the server")
        store.save(case, changes, "server", modified_by=caller.username)
        if team_id != old_team:
            store.rescope(case.id, team_id)
        store.flush()
        return case.id, case.rev


def plan(db: Database, caller: Caller, case_number: str, template_id: str, planned_at: str,
         team: str) -> Planned:
    """Plan a visit of a case (created when new) for a team; it appears on the team's laptops."""
    from .. import templates  # loading the checklist templates is only needed here
    from ..model import Ground, dumps
    from ..planning import parse_planned

    try:
        tpl = templates.get_template(template_id.upper())
        when = parse_planned(planned_at)
    except InspectorError as exc:
        raise AdminError(exc.code, exc.en, exc.nl) from exc
    except (KeyError, LookupError, ValueError) as exc:
        raise AdminError("template_unknown", f"Unknown visit type '{template_id}'.",
                         f"Onbekend bezoektype '{template_id}'.") from exc
    with db.write() as conn:
        store = Store(conn)
        team_id = _team(store, caller, team)
        case = store.case_by_number(case_number)
        if case is None:
            data, _ = with_defaults("cases", {"number": case_number, "domain": tpl.domain, "team": team,
                                              "title": tpl.title.nl})
            case_id = str(uuid.uuid4())
            case = store.create("cases", case_id, case_id, team_id, data, "server",
                                modified_by=caller.username)
            store.audit(case.id, team_id, "cases", case.id, "*", None, "created", caller.username,
                        "planned on the server")
        elif case.team_id != team_id:
            raise AdminError("case_other_team", f"Case {case_number} belongs to another team.",
                             f"Zaak {case_number} hoort bij een ander team.")
        elif case.data.get("domain") != tpl.domain:
            raise AdminError("template_domain", f"Visit type {tpl.id} does not fit domain "
                             f"{case.data.get('domain')}.", f"Bezoektype {tpl.id} past niet bij domein "
                             f"{case.data.get('domain')}.")
        d = case.data
        ground = Ground(str(d.get("ground_facts", "")), str(d.get("ground_source", "")),
                        str(d.get("ground_date", "")), str(d.get("ground_why_not_lighter", "")))
        data, _ = with_defaults("visits", {"case_id": case.id, "template_id": tpl.id,
                                           "template_version": tpl.version, "status": "planned",
                                           "planned_at": when, "ground": dumps(ground)})
        visit = store.create("visits", str(uuid.uuid4()), case.id, team_id, data, "server",
                             modified_by=caller.username)
        store.audit(case.id, team_id, "visits", visit.id, "*", None, "created", caller.username,
                    "planned on the server")
        store.flush()
        return Planned(case.id, visit.id, visit.rev)
