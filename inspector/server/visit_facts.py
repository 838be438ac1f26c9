"""The facts of each visit that the back office counts, kept in indexed columns by every write of a
visit record (``Store.flush``, migration 0006): ``visit_facts`` (a row per visit: state, outcome,
follow-up), ``visit_fact_items`` (what a finalized visit adds to the counts: its outcome, LHS cell,
causes, referrals and signals) and ``visit_counts`` (those items summed per team, month, visit type,
domain and code, changed by the difference each write makes), so the figures of a year read a few
thousand sums instead of every visit.

A finalized visit's facts come from its frozen document (what the report says: outcome, consent,
Tafel van Elf causes, LHS cell, referrals, signals, follow-up date, moment of finalizing); a visit
without one (not finalized yet, or finalized by release 0.1) from its record. ``source`` says which.
Nothing here names a person: the facts are codes, dates and the ids that scope them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from ..protocol.constants import FINALIZED_STATUSES
from . import seals
from .db import visit_counts, visit_fact_items, visit_facts

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
           "followup_date": _followup_date(doc, v),
           "source": "document" if doc is not None else "record"}
    if not finalized_at:
        return row, []  # a draft's outcome, causes, referrals and signals are not counted
    found = [("visit", outcome, row["refused"])] + ([("lhs", lhs, False)] if lhs else [])
    found += [("cause", c, False) for c in causes]
    found += [("referral", str(r.get("kind") or ""), bool(r.get("consent_handover"))) for r in referrals]
    found += [("signal", str(s.get("target") or ""), False) for s in signals]
    common = {"visit_id": visit_id, "team_id": team_id, "template_id": row["template_id"],
              "domain": row["domain"], "month": row["finalized_on"][:7]}
    return row, [{**common, "kind": kind, "seq": i, "code": code[:200], "flag": flag}
                 for i, (kind, code, flag) in enumerate(found)]


def _followup_date(doc: dict[str, Any] | None, v: dict[str, Any]) -> str:
    """The day a visit's follow-up is due: its earliest follow-up action's due date (frozen with a
    finalized visit), else the single follow-up date older visits recorded."""
    dues = sorted(str(f.get("due_date") or "") for f in (doc or {}).get("followups") or []
                  if isinstance(f, dict) and f.get("due_date"))
    return (dues[0] if dues else str(v.get("followup_date") or ""))[:10]


_KEY = ("team_id", "month", "template_id", "domain", "kind", "code", "flag")


def _contributions(conn: Connection, ids: list[str]) -> Counter[tuple[Any, ...]]:
    """What the items of these visits add to ``visit_counts``, per key."""
    i = visit_fact_items
    found: Counter[tuple[Any, ...]] = Counter()
    for start in range(0, len(ids), 500):
        query = sa.select(*(i.c[k] for k in _KEY), sa.func.count().label("n")).where(
            i.c.visit_id.in_(ids[start:start + 500])).group_by(*(i.c[k] for k in _KEY))
        for r in conn.execute(query):
            key = (int(r.team_id), r.month, r.template_id, r.domain, r.kind, r.code, bool(r.flag))
            found[key] += int(r.n)
    return found


def _add(conn: Connection, delta: Counter[tuple[Any, ...]]) -> None:
    """Add ``delta`` to the counts (one statement per changed key; the revision lock every write of
    records holds makes these writes one at a time)."""
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    rows = [{**dict(zip(_KEY, key, strict=True)), "n": n} for key, n in sorted(delta.items()) if n]
    if not rows:
        return
    query = insert(visit_counts)
    conn.execute(query.on_conflict_do_update(index_elements=list(_KEY),
                                             set_={"n": visit_counts.c.n + query.excluded.n}), rows)
    emptied = [{f"b_{k}": row[k] for k in _KEY} for row in rows if row["n"] < 0]
    if emptied:
        conn.execute(sa.delete(visit_counts).where(
            visit_counts.c.n == 0, *(visit_counts.c[k] == sa.bindparam(f"b_{k}") for k in _KEY)), emptied)


def replace(conn: Connection, visits: Iterable[tuple[str, str, int, dict[str, Any], bool, str]]) -> None:
    """Write the facts of visits just written: (id, case id, team id, data, deleted, case domain)
    each, and change the counts by what changed. A deleted visit keeps no facts."""
    given = list(visits)
    if not given:
        return
    delta = Counter[tuple[Any, ...]]()
    delta.subtract(_contributions(conn, [v[0] for v in given]))
    for item in _write(conn, given):
        delta[tuple(item[k] for k in _KEY)] += 1
    _add(conn, delta)
    settle_followups(conn, sorted({v[1] for v in given}))


def _write(conn: Connection, given: list[tuple[str, str, int, dict[str, Any], bool, str]],
           fresh: bool = False) -> list[dict[str, Any]]:
    """Replace the facts rows and items of these visits (``fresh``: they have none yet); the items
    written."""
    if not fresh:
        forget(conn, [v[0] for v in given])
    rows: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    for visit_id, case_id, team_id, data, deleted, domain in given:
        if deleted:
            continue
        row, its = extract(visit_id, case_id, team_id, data, domain)
        rows.append({**row, "followup_done_on": ""})
        items.extend(its)
    if rows:
        conn.execute(sa.insert(visit_facts), rows)
    if items:
        conn.execute(sa.insert(visit_fact_items), items)
    return items


def forget(conn: Connection, visit_ids: list[str]) -> None:
    """Drop the per-visit facts and items of these visits, leaving ``visit_counts`` as it is (the
    retention run: those sums name no person, so the figures of past periods stay as reported; a
    rewrite: ``replace`` has already subtracted what they added)."""
    for start in range(0, len(visit_ids), 500):
        part = visit_ids[start:start + 500]
        conn.execute(sa.delete(visit_fact_items).where(visit_fact_items.c.visit_id.in_(part)))
        conn.execute(sa.delete(visit_facts).where(visit_facts.c.visit_id.in_(part)))


def settle_followups(conn: Connection, case_ids: list[str]) -> None:
    """Per visit with a follow-up date: the day the next visit of its case was finalized ("" while
    there is none), for the given cases."""
    f = visit_facts
    for start in range(0, len(case_ids), 500):
        rows = list(conn.execute(
            sa.select(f.c.visit_id, f.c.case_id, f.c.finalized_at, f.c.finalized_on, f.c.followup_date,
                      f.c.followup_done_on)
            .where(f.c.case_id.in_(case_ids[start:start + 500]), f.c.finalized_at != "")))
        by_case: dict[str, list[Any]] = {}
        for r in rows:
            by_case.setdefault(r.case_id, []).append(r)
        changed = []
        for visits in by_case.values():
            for v in visits:
                if not v.followup_date:
                    continue
                done = min((w.finalized_on for w in visits if w.finalized_at > v.finalized_at), default="")
                if done != v.followup_done_on:
                    changed.append({"b_id": v.visit_id, "done": done})
        if changed:
            conn.execute(sa.update(f).where(f.c.visit_id == sa.bindparam("b_id"))
                         .values(followup_done_on=sa.bindparam("done")), changed)


def move_case(conn: Connection, case_id: str, team_id: int) -> None:
    """A case moved to another team: its visits' facts and counts move with it."""
    ids = list(conn.execute(sa.select(visit_facts.c.visit_id).where(visit_facts.c.case_id == case_id))
               .scalars())
    delta = Counter[tuple[Any, ...]]()
    delta.subtract(_contributions(conn, ids))
    conn.execute(sa.update(visit_facts).where(visit_facts.c.case_id == case_id).values(team_id=team_id))
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        conn.execute(sa.update(visit_fact_items).where(visit_fact_items.c.visit_id.in_(part))
                     .values(team_id=team_id))
    delta.update(_contributions(conn, ids))
    _add(conn, delta)


def rebuild(conn: Connection, records: sa.Table | Any, batch: int = 2000) -> int:
    """Write the facts, counts and follow-up days of every live visit from the records, into empty
    tables (migration 0006's backfill); how many visits."""
    domains = {str(r.id): str(json.loads(r.data).get("domain") or "") for r in conn.execute(
        sa.select(records.c.id, records.c.data).where(records.c.entity == "cases"))}
    done, last = 0, ""
    while True:
        rows = list(conn.execute(
            sa.select(records.c.id, records.c.case_id, records.c.team_id, records.c.data, records.c.deleted)
            .where(records.c.entity == "visits", records.c.id > last).order_by(records.c.id).limit(batch)))
        if not rows:
            break
        _write(conn, [(str(r.id), str(r.case_id), int(r.team_id), json.loads(r.data), bool(r.deleted),
                       domains.get(str(r.case_id), "")) for r in rows], fresh=True)
        done += len(rows)
        last = str(rows[-1].id)
    i = visit_fact_items
    keys = [i.c[k] for k in _KEY]
    conn.execute(sa.insert(visit_counts).from_select(
        [*_KEY, "n"], sa.select(*keys, sa.func.count()).group_by(*keys)))
    v, later = visit_facts, visit_facts.alias("later")
    first_after = (sa.select(sa.func.min(later.c.finalized_on))
                   .where(later.c.case_id == v.c.case_id, later.c.finalized_at > v.c.finalized_at)
                   .scalar_subquery())
    conn.execute(sa.update(v).where(v.c.followup_date != "", v.c.finalized_at != "")
                 .values(followup_done_on=sa.func.coalesce(first_after, "")))
    return done
