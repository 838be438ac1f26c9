"""The facts of each visit that the back office counts, kept in indexed columns (``visit_facts``,
``visit_fact_items``, migration 0006) by every write of a visit record (``Store.flush``).

A finalized visit's facts come from its frozen document (what the report says: outcome, consent,
Tafel van Elf causes, LHS cell, referrals, signals, follow-up date, moment of finalizing); a visit
without one (not finalized yet, or finalized by release 0.1) from its record. ``source`` says which.
Nothing here names a person: the facts are codes, dates and the ids that scope them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..protocol.constants import FINALIZED_STATUSES
from . import seals
from .db import visit_fact_items, visit_facts

ZONE = ZoneInfo("Europe/Amsterdam")


def local_day(moment: str) -> str:
    """The day (yyyy-mm-dd) of a recorded moment in Dutch time; a moment without a zone is taken as
    written (already local)."""
    if not moment:
        return ""
    try:
        when = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    except ValueError:
        return moment[:10]
    return (when.astimezone(ZONE) if when.tzinfo else when).date().isoformat()


def _json(value: Any, empty: Any) -> Any:
    """A JSON column as the record holds it (its canonical text, or already decoded)."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if value else empty
        except ValueError:
            return empty
    return value if isinstance(value, type(empty)) else empty


def _code(value: Any) -> str:
    return str(value.get("code") or "") if isinstance(value, dict) else str(value or "")


def extract(visit_id: str, case_id: str, team_id: int, data: dict[str, Any],
            case_domain: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The facts row of one visit record and its items (causes, referrals, signals)."""
    status = str(data.get("status") or "")
    doc = seals.document(data) if status in FINALIZED_STATUSES else None
    v: dict[str, Any] = (doc.get("visit") or {}) if doc is not None else data
    if doc is not None:
        domain = str((doc.get("case") or {}).get("domain") or (doc.get("template") or {}).get("domain") or "")
        causes = [_code(c) for c in v.get("toe_causes") or []]
        lhs = _code(v.get("lhs"))
        outcome = _code(v.get("outcome"))
    else:
        domain = case_domain
        causes = [str(c) for c in _json(v.get("toe_causes"), [])]
        lhs = str(v.get("lhs_cell") or "")
        outcome = str(v.get("outcome") or "")
    consent = _json(v.get("consent"), {})
    referrals = [r for r in _json(v.get("referrals"), []) if isinstance(r, dict)]
    signals = [s for s in _json(v.get("signals"), []) if isinstance(s, dict)]
    finalized_at = str(v.get("finalized_at") or "") if status in FINALIZED_STATUSES else ""
    row = {"visit_id": visit_id, "case_id": case_id, "team_id": team_id, "domain": domain[:20],
           "template_id": str(data.get("template_id") or "")[:40], "status": status[:20],
           "receipt": bool(data.get("receipt")), "planned_at": str(data.get("planned_at") or "")[:40],
           "finalized_at": finalized_at[:40], "finalized_on": local_day(finalized_at),
           "outcome": outcome[:200], "refused": consent.get("status") == "refused", "lhs_cell": lhs[:2],
           "followup_date": str(v.get("followup_date") or "")[:10],
           "source": "document" if doc is not None else "record"}
    if not finalized_at:
        return row, []  # a draft's causes, referrals and signals are not counted
    found = [("cause", c, False) for c in causes]
    found += [("referral", str(r.get("kind") or ""), bool(r.get("consent_handover"))) for r in referrals]
    found += [("signal", str(s.get("target") or ""), False) for s in signals]
    common = {k: row[k] for k in ("visit_id", "team_id", "template_id", "domain", "finalized_on")}
    return row, [{**common, "kind": kind, "seq": i, "code": code[:200], "flag": flag}
                 for i, (kind, code, flag) in enumerate(found)]


def replace(conn: Connection, visits: Iterable[tuple[str, str, int, dict[str, Any], bool, str]]) -> None:
    """Write the facts of visits just written: (id, case id, team id, data, deleted, case domain)
    each. A deleted visit keeps no facts."""
    given = list(visits)
    if not given:
        return
    ids = [v[0] for v in given]
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        conn.execute(sa.delete(visit_fact_items).where(visit_fact_items.c.visit_id.in_(part)))
        conn.execute(sa.delete(visit_facts).where(visit_facts.c.visit_id.in_(part)))
    rows: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    for visit_id, case_id, team_id, data, deleted, domain in given:
        if deleted:
            continue
        row, its = extract(visit_id, case_id, team_id, data, domain)
        rows.append(row)
        items.extend(its)
    if rows:
        conn.execute(sa.insert(visit_facts), rows)
    if items:
        conn.execute(sa.insert(visit_fact_items), items)


def move_case(conn: Connection, case_id: str, team_id: int) -> None:
    """A case moved to another team: its visits' facts move with it."""
    conn.execute(sa.update(visit_facts).where(visit_facts.c.case_id == case_id).values(team_id=team_id))
    conn.execute(sa.update(visit_fact_items).where(visit_fact_items.c.visit_id.in_(
        sa.select(visit_facts.c.visit_id).where(visit_facts.c.case_id == case_id))).values(team_id=team_id))


def rebuild(conn: Connection, records: sa.Table | Any, batch: int = 2000) -> int:
    """Write the facts of every live visit from the records (migration 0006's backfill); how many."""
    domains = {str(r.id): str(json.loads(r.data).get("domain") or "") for r in conn.execute(
        sa.select(records.c.id, records.c.data).where(records.c.entity == "cases"))}
    done, last = 0, ""
    while True:
        rows = list(conn.execute(
            sa.select(records.c.id, records.c.case_id, records.c.team_id, records.c.data, records.c.deleted)
            .where(records.c.entity == "visits", records.c.id > last).order_by(records.c.id).limit(batch)))
        if not rows:
            return done
        replace(conn, [(str(r.id), str(r.case_id), int(r.team_id), json.loads(r.data), bool(r.deleted),
                        domains.get(str(r.case_id), "")) for r in rows])
        done += len(rows)
        last = str(rows[-1].id)
