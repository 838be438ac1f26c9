"""Administration: teams, users, devices, and a coordinator assigning cases and planning visits.

Used by the ``inspector-server`` command (as the administrator) and by the coordinator endpoints
(with the caller's rights). Changes to cases and visits are written as records under new revisions,
with an audit record, so they reach the laptops on their next sync.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..errors import InspectorError
from ..ids import new_id
from ..protocol.constants import ROLES
from .auth import MIN_PASSWORD, Caller, end_session, hash_password, user_teams
from .case_rules import not_your_team
from .db import Database, devices, login_failures, memberships, now_iso, teams, users
from .errors import AdminError
from .records import Store, Stored, with_defaults

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
    ids: list[int] = []
    for name in dict.fromkeys(names):  # a team named twice is one membership
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
    _check_role(role)
    _check_password(password)
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


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AdminError("role", f"Unknown role '{role}' (one of: {', '.join(ROLES)}).",
                         f"Onbekende rol '{role}' (een van: {', '.join(ROLES)}).")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AdminError("password_short", f"A password needs at least {MIN_PASSWORD} characters.",
                         f"Een wachtwoord heeft minstens {MIN_PASSWORD} tekens.")


def _user_id(conn: sa.Connection, username: str) -> int:
    row = conn.execute(sa.select(users.c.id).where(users.c.username == username.strip())).first()
    if row is None:
        raise AdminError("user_unknown", f"Unknown user '{username}'.", f"Onbekende gebruiker '{username}'.")
    return int(row[0])


def _user_info(conn: sa.Connection, user_id: int) -> dict[str, Any]:
    r = conn.execute(sa.select(users).where(users.c.id == user_id)).one()
    return {"username": r.username, "role": r.role, "active": bool(r.active),
            "teams": [t[1] for t in user_teams(conn, r.id)]}


def list_users(db: Database) -> list[dict[str, Any]]:
    """Every user: username, role, active (False once deactivated) and team names."""
    with db.read() as conn:
        rows = conn.execute(sa.select(users).order_by(users.c.username)).all()
        return [{"username": r.username, "role": r.role, "active": bool(r.active),
                 "teams": [t[1] for t in user_teams(conn, r.id)]} for r in rows]


def get_user(db: Database, username: str) -> dict[str, Any]:
    """One user as in ``list_users``; refused when unknown."""
    with db.read() as conn:
        return _user_info(conn, _user_id(conn, username))


def change_user(db: Database, username: str, role: str | None = None,
                team_names: list[str] | None = None) -> dict[str, Any]:
    """Give a user another role and/or replace their teams (``[]`` removes every team).

    One transaction: an unknown user, role or team changes nothing. The user's devices get the new
    rights on their next call. Returns the user as in ``list_users``."""
    if role is not None:
        _check_role(role)
    with db.write() as conn:
        user_id = _user_id(conn, username)
        if role is not None:
            conn.execute(sa.update(users).where(users.c.id == user_id).values(role=role))
        if team_names is not None:
            team_ids = _team_ids(conn, team_names)
            conn.execute(sa.delete(memberships).where(memberships.c.user_id == user_id))
            for team_id in team_ids:
                conn.execute(sa.insert(memberships).values(user_id=user_id, team_id=team_id))
        return _user_info(conn, user_id)


def set_active(db: Database, username: str, active: bool) -> dict[str, Any]:
    """Deactivate or reactivate a user. A deactivated user cannot log in, and each of their devices
    is told ``user_deactivated`` (401) on its next call; nothing is wiped and the devices keep their
    tokens, so after reactivation they work again. Returns the user as in ``list_users``."""
    with db.write() as conn:
        user_id = _user_id(conn, username)
        conn.execute(sa.update(users).where(users.c.id == user_id).values(active=active))
        return _user_info(conn, user_id)


def set_password(db: Database, username: str, password: str, log_out_devices: bool = False,
                 **hash_options: Any) -> tuple[int, int]:
    """Give a user a new password (argon2id); the old one stops working at once.

    Failed login attempts for the username are forgotten, so the user can log in straight away.
    With ``log_out_devices`` every session of the user ends too: their devices are told to log in
    again (as after ``/logout``), not revoked, so nothing is wiped, and their back-office sessions in
    a browser end (the next page asks to log in). Revoked devices stay revoked.
    Returns the number of devices logged out and of browser sessions ended."""
    _check_password(password)
    hashed = hash_password(password, **hash_options)
    with db.write() as conn:
        user_id = _user_id(conn, username)
        conn.execute(sa.update(users).where(users.c.id == user_id).values(password_hash=hashed))
        conn.execute(sa.delete(login_failures).where(login_failures.c.username == username.strip()))
        if not log_out_devices:
            return 0, 0
        stamp = now_iso()
        ids = conn.execute(sa.select(devices.c.id).where(
            devices.c.user_id == user_id, devices.c.revoked_at.is_(None), devices.c.expires_at > stamp,
            sa.not_(devices.c.token_hash.startswith("logged-out:")))).scalars().all()
        for device_id in ids:
            end_session(conn, device_id)
        from .beheer.tables import web_sessions  # here: the back office's package imports this module

        browsers = conn.execute(sa.delete(web_sessions).where(web_sessions.c.user_id == user_id)).rowcount
        return len(ids), int(browsers or 0)


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


def _planner(caller: Caller) -> None:
    if not caller.is_admin and caller.role != "coordinator":
        raise AdminError("forbidden", "Only a coordinator plans visits and assigns cases.",
                         "Alleen een coördinator plant bezoeken en wijst zaken toe.")


def _team(store: Store, caller: Caller, name: str) -> int:
    """A team the caller plans for; another team gets the answer of a team that does not exist."""
    team_id = store.team_id(name)
    if team_id is None or not caller.can_plan_team(team_id):
        raise AdminError(*not_your_team(caller, name))
    return team_id


def _case_unknown(number: str) -> AdminError:
    return AdminError("case_unknown", f"Case {number} is not on the server or not in your teams.",
                      f"Zaak {number} staat niet op de server of hoort niet bij uw teams.")


def _case_to_assign(store: Store, caller: Caller, number: str, from_team: str) -> Stored:
    """The case with this number in the teams the caller plans for (or in ``from_team``)."""
    if from_team:
        source = store.team_id(from_team)
        if source is None or not caller.can_plan_team(source):
            raise _case_unknown(number)
        found = store.cases_by_number(number, [source])
    else:
        found = store.cases_by_number(number, None if caller.is_admin else caller.team_ids)
        found = [case for case in found if caller.can_plan_team(case.team_id)]
    if not found:
        raise _case_unknown(number)
    if len(found) > 1:
        names = ", ".join(sorted(str(c.data.get("team") or "") for c in found))
        raise AdminError("case_ambiguous", f"Case number {number} is in use in several of your teams "
                         f"({names}); name the team the case is in.", f"Zaaknummer {number} is in gebruik "
                         f"in meerdere van uw teams ({names}); geef aan in welk team de zaak zit.")
    return found[0]


def assign(db: Database, caller: Caller, case_number: str, team: str, inspector: str = "",
           from_team: str = "") -> tuple[str, int]:
    """Give a case (and with it its visits) to a team and optionally an inspector.

    Only cases and teams the caller plans for count: anything else is answered as if it did not exist.
    ``from_team`` names the team the case is in, when its number is used in several. Returns the case
    id and its revision."""
    _planner(caller)
    with db.write() as conn:
        store = Store(conn)
        case = _case_to_assign(store, caller, case_number, from_team)
        team_id = _team(store, caller, team)
        if team_id != case.team_id and store.case_by_number(case_number, [team_id]) is not None:
            raise AdminError("case_number_taken", f"Team '{team}' already has a case {case_number}.",
                             f"Team '{team}' heeft al een zaak {case_number}.")
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
            store.rescope(case.id, team_id, caller.username)
        store.flush()
        return case.id, case.rev


def plan(db: Database, caller: Caller, case_number: str, template_id: str, planned_at: str,
         team: str) -> Planned:
    """Plan a visit of a case (created when new) for a team; it appears on the team's laptops."""
    from .. import templates  # loading the checklist templates is only needed here
    from ..planning import parse_planned

    try:
        tpl = templates.get_template(template_id.upper())
        when = parse_planned(planned_at)
    except InspectorError as exc:
        raise AdminError(exc.code, exc.en, exc.nl) from exc
    except (KeyError, LookupError, ValueError) as exc:
        raise AdminError("template_unknown", f"Unknown visit type '{template_id}'.",
                         f"Onbekend bezoektype '{template_id}'.") from exc
    _planner(caller)
    with db.write() as conn:
        store = Store(conn)
        team_id = _team(store, caller, team)
        case = store.case_by_number(case_number, [team_id])
        elsewhere = store.case_by_number(case_number, None if caller.is_admin else caller.team_ids) \
            if case is None else None
        if elsewhere is not None:  # in another team the caller sees: their own mix-up
            raise AdminError("case_other_team", f"Case {case_number} belongs to team "
                             f"'{elsewhere.data.get('team')}'; plan it there or assign it first.",
                             f"Zaak {case_number} hoort bij team '{elsewhere.data.get('team')}'; plan het "
                             "bezoek daar of wijs de zaak eerst toe.")
        if case is None:
            data, _ = with_defaults("cases", {"number": case_number, "domain": tpl.domain, "team": team,
                                              "title": tpl.title.nl})
            case_id = new_id()
            case = store.create("cases", case_id, case_id, team_id, data, "server",
                                modified_by=caller.username)
            store.audit(case.id, team_id, "cases", case.id, "*", None, "created", caller.username,
                        "planned on the server")
        elif case.data.get("domain") != tpl.domain:
            raise AdminError("template_domain", f"Visit type {tpl.id} does not fit domain "
                             f"{case.data.get('domain')}.", f"Bezoektype {tpl.id} past niet bij domein "
                             f"{case.data.get('domain')}.")
        visit = plan_visit(store, caller, case, tpl.id, tpl.version, when)
        store.flush()
        return Planned(case.id, visit.id, visit.rev)


def plan_visit(store: Store, caller: Caller, case: Stored, template_id: str, template_version: int,
               when: str, announced: bool = False) -> Stored:
    """A planned visit of ``case`` (its reasonable ground copied from the case), with its audit record;
    written at the store's next ``flush``. Shared by ``plan`` and the back office's planning import."""
    from ..model import Ground, dumps

    d = case.data
    ground = Ground(str(d.get("ground_facts", "")), str(d.get("ground_source", "")),
                    str(d.get("ground_date", "")), str(d.get("ground_why_not_lighter", "")))
    data, _ = with_defaults("visits", {"case_id": case.id, "template_id": template_id,
                                       "template_version": template_version, "status": "planned",
                                       "planned_at": when, "announced": int(announced),
                                       "ground": dumps(ground)})
    visit = store.create("visits", new_id(), case.id, case.team_id, data, "server",
                         modified_by=caller.username)
    store.audit(case.id, case.team_id, "visits", visit.id, "*", None, "created", caller.username,
                "planned on the server")
    return visit
