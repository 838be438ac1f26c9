"""Retention (AVG, Archiefwet): how long the server keeps a finalized visit of each visit type, how long
laptops keep their copy, and removing what passed its period.

Rules: per visit type a period in months (an administrator sets it on ``/beheer/bewaartermijnen``;
no rule: the server keeps that type), and one laptop period in days (no rule: laptops keep their copy).
Laptops learn both at every sync (``POST /api/v1/device/status``) and remove their own copy
(``workspace/retention.py``).

What the server removes (``run``, the command ``inspector-server retention --apply``):

* a **visit** of a type with a rule, finalized (its ``finalized_at``) longer ago than the period, *and*
  acknowledged with a receipt. A finalized visit still waiting for its receipt (its photos have not all
  arrived) is never removed: it is counted as waiting. With the visit go the records that belong only
  to it: answers, photos and signatures (attachments), follow-up actions, addenda, and the audit
  entries about any of them. The statement is part of the visit's record. A case that stays gets an
  audit entry naming the removed visit's id, the rule and its fingerprint (so its history says what
  went, and its team's overview counts again).
* a **photo's bytes** (and the server's note of who uploaded them) once no remaining attachment record,
  of any case, refers to them. The bytes go from the blob store after the database commit.
* a **case** once it has no live visit left (only visits removed now or earlier, or tombstones):
  then the case, its address, its persons, its tombstoned visits with theirs and every audit entry
  about them go too, and the case's team gets a departure notice (the existing ``departures`` record,
  without a destination team), so its laptops remove their copy at their next sync (as when a case
  moves to another team). A case with a visit still planned, in progress or finalized stays whole.
* **answers to old pushes** kept for replays (``push_batches``) older than 14 days, of every device:
  they hold copies of records.

What stays: each receipt (``receipts``: record id, fingerprint, the server's signed receipt, when),
which holds no personal data, so the server can still say that a fingerprint was received and when;
and one entry per run and kind in ``removals``: when, by whom, by which rule, how many, and the ids and
fingerprints of the removed visits and the ids of removed cases (no names, no BSNs, no case numbers).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .. import records as registry
from ..protocol.constants import DEPARTURES
from ..protocol.periods import months_before
from . import visit_facts
from .db import (
    Database,
    allocate_revs,
    blob_holders,
    blobs,
    devices,
    now_iso,
    push_batches,
    records,
    removals,
    retention_rules,
)
from .push import KEEP_BATCHES_DAYS
from .records import Store, departure_id, dumps
from .storage import BlobStore

LAPTOP = "laptop"
VISITS = "visits"
MAX_MONTHS = 1200  # 100 years
MAX_DAYS = 3650
BATCH = 100  # visits removed per transaction (the revision lock is held only that long)


@dataclass(frozen=True)
class Rules:
    """The periods in force: months per visit type, and the laptops' days (None: keep)."""

    months: dict[str, int]
    laptop_days: int | None
    set_at: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (when, by whom)


def rules(db: Database) -> Rules:
    with db.read() as conn:
        return read_rules(conn)


def read_rules(conn: Connection) -> Rules:
    months: dict[str, int] = {}
    laptop: int | None = None
    stamps: dict[str, tuple[str, str]] = {}
    for row in conn.execute(sa.select(retention_rules)):
        if row.kind == LAPTOP:
            laptop = int(row.amount)
            stamps[LAPTOP] = (row.set_at, row.set_by)
        else:
            months[str(row.template_id)] = int(row.amount)
            stamps[str(row.template_id)] = (row.set_at, row.set_by)
    return Rules(months, laptop, stamps)


class RuleError(ValueError):
    """A period that cannot be a rule, in English and Dutch."""

    def __init__(self, en: str, nl: str) -> None:
        super().__init__(en)
        self.en, self.nl = en, nl


def set_rule(db: Database, kind: str, template_id: str, amount: int | None, by: str) -> None:
    """Set (or with ``amount`` None: remove) a period: months for a visit type, days for laptops."""
    if kind not in (LAPTOP, VISITS):
        raise RuleError(f"Unknown kind of rule '{kind}'.", f"Onbekend soort termijn '{kind}'.")
    limit = MAX_DAYS if kind == LAPTOP else MAX_MONTHS
    lowest = 0 if kind == LAPTOP else 1
    if amount is not None and not lowest <= amount <= limit:
        unit_en, unit_nl = ("days", "dagen") if kind == LAPTOP else ("months", "maanden")
        raise RuleError(f"A period is {lowest} to {limit} {unit_en}.",
                        f"Een termijn is {lowest} tot {limit} {unit_nl}.")
    key = "" if kind == LAPTOP else template_id
    with db.write() as conn:
        conn.execute(sa.delete(retention_rules).where(retention_rules.c.kind == kind,
                                                      retention_rules.c.template_id == key))
        if amount is not None:
            conn.execute(sa.insert(retention_rules).values(
                kind=kind, template_id=key, amount=amount, unit="days" if kind == LAPTOP else "months",
                set_at=now_iso(), set_by=by[:200]))


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- what a laptop reports, and what it is told ---------------------------------------------------
def report(db: Database, device_id: str, unsent: int, quarantined: int) -> dict[str, Any]:
    """Keep what a laptop reported at its sync; answer the periods it must apply to its own copy."""
    with db.write() as conn:
        conn.execute(sa.update(devices).where(devices.c.id == device_id).values(
            unsent=unsent, quarantined=quarantined, status_at=now_iso()))
        found = read_rules(conn)
    return {"keep_days": found.laptop_days, "retention_months": found.months}


# --- removing ---------------------------------------------------------------------------------------
@dataclass
class RuleResult:
    template_id: str
    months: int
    cutoff: str
    visits: list[dict[str, str]] = field(default_factory=list)  # id, fingerprint, case_id
    waiting: int = 0  # finalized and past the period, but without a receipt: kept


@dataclass
class Outcome:
    """What a run removed (or, as a dry run, would remove)."""

    applied: bool
    at: str
    per_rule: list[RuleResult] = field(default_factory=list)
    cases: list[str] = field(default_factory=list)
    records: dict[str, int] = field(default_factory=dict)  # per entity
    photos: int = 0
    push_answers: int = 0

    @property
    def visits(self) -> int:
        return sum(len(r.visits) for r in self.per_rule)

    @property
    def waiting(self) -> int:
        return sum(r.waiting for r in self.per_rule)


def _due(conn: Connection, template_id: str, cutoff: str) -> tuple[list[dict[str, str]], int]:
    """Finalized visits of one type finalized before ``cutoff``: those with a receipt, and how many wait."""
    query = sa.select(records.c.id, records.c.case_id, records.c.data).where(
        records.c.entity == "visits", records.c.deleted.is_(False),
        records.c.data.like(f'%"template_id":{json.dumps(template_id)}%'))
    due, waiting = [], 0
    for row in conn.execute(query):
        data = json.loads(row.data)
        if data.get("template_id") != template_id or data.get("status") not in ("finalized", "synced"):
            continue
        if not data.get("finalized_at") or str(data["finalized_at"]) >= cutoff:
            continue
        if not data.get("receipt"):
            waiting += 1
            continue
        due.append({"id": row.id, "fingerprint": str(data.get("fingerprint") or ""), "case_id": row.case_id})
    return due, waiting


def _parts(items: list[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


_UNDER = (*registry.VISIT_CHILDREN, "audit")  # what hangs under a visit (and under those)


def _belonging(conn: Connection, ids: list[str]) -> list[tuple[str, str, str | None]]:
    """(entity, id, ref) of the records under these records (children, their audit entries)."""
    found: list[tuple[str, str, str | None]] = []
    frontier = list(ids)
    while frontier:
        nxt: list[str] = []
        for part in _parts(frontier):
            for entity in _UNDER:  # one query per entity: the (entity, parent_id) index serves it
                for row in conn.execute(sa.select(records.c.id, records.c.ref).where(
                        records.c.entity == entity, records.c.parent_id.in_(part))):
                    found.append((entity, row.id, row.ref))
                    if entity != "audit":
                        nxt.append(row.id)
        frontier = nxt
    return found


def _delete(conn: Connection, keys: list[tuple[str, str]]) -> None:
    for start in range(0, len(keys), 500):
        conn.execute(sa.delete(records).where(
            sa.tuple_(records.c.entity, records.c.id).in_(keys[start:start + 500])))


class _Run:
    """One pass over a batch of visits inside one transaction (``apply`` False: only counting)."""

    def __init__(self, conn: Connection, outcome: Outcome) -> None:
        self.conn, self.outcome = conn, outcome
        self.gone: set[tuple[str, str]] = set()  # records removed (or that would be) in this run
        self.hashes: set[str] = set()

    def _count(self, entity: str) -> None:
        self.outcome.records[entity] = self.outcome.records.get(entity, 0) + 1

    def take(self, keys: Iterable[tuple[str, str, str | None]]) -> None:
        for entity, record_id, ref in keys:
            if (entity, record_id) in self.gone:
                continue
            self.gone.add((entity, record_id))
            self._count(entity)
            if entity == "attachments" and ref:
                self.hashes.add(ref)

    def visits(self, visits: list[dict[str, str]]) -> None:
        ids = [v["id"] for v in visits]
        self.take([("visits", i, None) for i in ids])
        self.take(_belonging(self.conn, ids))

    def empty_cases(self, case_ids: Iterable[str]) -> list[tuple[str, int]]:
        """The cases (and their team) without a live visit once this run's visits are gone."""
        empty = []
        for case_id in sorted(set(case_ids)):
            team = self.conn.execute(sa.select(records.c.team_id).where(
                records.c.entity == "cases", records.c.id == case_id)).scalar()
            if team is None:
                continue
            live = [r.id for r in self.conn.execute(sa.select(records.c.id).where(
                records.c.entity == "visits", records.c.case_id == case_id, records.c.deleted.is_(False)))
                if ("visits", r.id) not in self.gone]
            if not live:
                empty.append((case_id, int(team)))
        return empty

    def cases(self, cases: list[tuple[str, int]]) -> None:
        for case_id, _team in cases:
            rows = self.conn.execute(sa.select(records.c.entity, records.c.id, records.c.ref).where(
                records.c.case_id == case_id, records.c.entity != DEPARTURES)).all()
            self.take((r.entity, r.id, r.ref) for r in rows)
            self.take(_belonging(self.conn, [r.id for r in rows]))
            self.outcome.cases.append(case_id)

    def unreferenced(self) -> list[str]:
        """Of the files this run's photos named, those no remaining attachment record refers to."""
        loose = []
        for sha in sorted(self.hashes):
            users = [r.id for r in self.conn.execute(sa.select(records.c.id).where(
                records.c.entity == "attachments", records.c.ref == sha))
                if ("attachments", r.id) not in self.gone]
            if not users:
                loose.append(sha)
        return loose


def run(db: Database, store: BlobStore | None, *, apply: bool, by: str,
        now: datetime | None = None) -> Outcome:
    """Remove (``apply``) or count what passed its retention period; see the module text."""
    moment = now or datetime.now(UTC)
    outcome = Outcome(apply, _stamp(moment))
    with db.read() as conn:
        found = read_rules(conn)
        for template_id, months in sorted(found.months.items()):
            cutoff = _stamp(months_before(moment, months))
            due, waiting = _due(conn, template_id, cutoff)
            outcome.per_rule.append(RuleResult(template_id, months, cutoff, due, waiting))
    todo = [(rule, visit) for rule in outcome.per_rule for visit in rule.visits]
    if not apply:
        with db.read() as conn:
            work = _Run(conn, outcome)
            work.visits([v for _r, v in todo])
            work.cases(work.empty_cases(v["case_id"] for _r, v in todo))
            outcome.photos = len(work.unreferenced())
            old = _stamp(moment - timedelta(days=KEEP_BATCHES_DAYS))
            outcome.push_answers = int(conn.execute(sa.select(sa.func.count()).select_from(push_batches)
                                                    .where(push_batches.c.created_at < old)).scalar_one())
        return outcome
    for start in range(0, max(len(todo), 1), BATCH):
        _apply_batch(db, store, outcome, todo[start:start + BATCH], by)
    with db.write() as conn:
        old = _stamp(moment - timedelta(days=KEEP_BATCHES_DAYS))
        outcome.push_answers = int(conn.execute(sa.delete(push_batches).where(
            push_batches.c.created_at < old)).rowcount or 0)
        if outcome.push_answers:
            _log(conn, outcome.at, by, f"push answers older than {KEEP_BATCHES_DAYS} days", "push_answers",
                 outcome.push_answers, [])
    return outcome


def _apply_batch(db: Database, store: BlobStore | None, outcome: Outcome,
                 batch: list[tuple[RuleResult, dict[str, str]]], by: str) -> None:
    loose: list[str] = []
    with db.write() as conn:
        allocate_revs(conn, 1)  # the revision lock: no push writes while this batch decides and deletes
        work = _Run(conn, outcome)
        still = [(rule, v) for rule, v in batch if _still_due(conn, v["id"], rule.cutoff)]
        work.visits([v for _r, v in still])
        empty = work.empty_cases(v["case_id"] for _r, v in still)
        work.cases(empty)
        loose = work.unreferenced()
        _delete(conn, sorted(work.gone))
        visit_facts.forget(conn, sorted(i for e, i in work.gone if e == "visits"))
        for sha_part in _parts(loose):
            conn.execute(sa.delete(blobs).where(blobs.c.sha256.in_(sha_part)))
            conn.execute(sa.delete(blob_holders).where(blob_holders.c.sha256.in_(sha_part)))
        outcome.photos += len(loose)
        for case_id, team_id in empty:  # the team's laptops remove their copy at their next sync
            conn.execute(sa.delete(records).where(records.c.entity == DEPARTURES,
                                                  records.c.case_id == case_id))
            conn.execute(sa.insert(records).values(
                entity=DEPARTURES, id=departure_id(case_id, team_id), case_id=case_id, team_id=team_id,
                rev=allocate_revs(conn, 1), deleted=False, parent_id=None, ref="",
                data=dumps({"case_id": case_id, "team": "", "reason": "retention"}), field_revs="{}",
                field_writers="{}", modified_at=now_iso(), modified_by="retention"))
        history = Store(conn)
        removed_cases = {c for c, _t in empty}
        for rule, visit in still:  # a case that stays says in its history what went, and why
            if visit["case_id"] not in removed_cases:
                team = conn.execute(sa.select(records.c.team_id).where(
                    records.c.entity == "cases", records.c.id == visit["case_id"])).scalar()
                if team is not None:
                    history.audit(visit["case_id"], int(team), "cases", visit["case_id"], "visit",
                                  visit["id"], None, "retention",
                                  f"removed after its retention period ({rule.template_id}: "
                                  f"{rule.months} months; fingerprint {visit['fingerprint']})")
        history.flush()
        per_rule: dict[str, list[dict[str, str]]] = {}
        for rule, visit in still:
            per_rule.setdefault(f"{rule.template_id}: {rule.months} months", []).append(visit)
        for rule_text, visits in per_rule.items():
            _log(conn, outcome.at, by, rule_text, "visits", len(visits), visits)
        if empty:
            _log(conn, outcome.at, by, "case without live visits", "cases", len(empty),
                 [{"id": c} for c, _t in empty])
        if loose:
            _log(conn, outcome.at, by, "file no longer referred to", "photos", len(loose), [])
        if still:
            counts = {e: sum(1 for g in work.gone if g[0] == e) for e in registry.ENTITIES}
            _log(conn, outcome.at, by, "records of the removed visits and cases", "records",
                 len(work.gone), [{k: v for k, v in counts.items() if v}])
    if store is not None and loose:
        store.delete(loose)  # after the commit: a failed transaction never loses a file still referred to


def _still_due(conn: Connection, visit_id: str, cutoff: str) -> bool:
    row = conn.execute(sa.select(records.c.data, records.c.deleted).where(
        records.c.entity == "visits", records.c.id == visit_id)).first()
    if row is None or row.deleted:
        return False
    data = json.loads(row.data)
    return bool(data.get("receipt")) and str(data.get("finalized_at") or "9") < cutoff


def _log(conn: Connection, at: str, by: str, rule: str, kind: str, count: int, detail: list[Any]) -> None:
    conn.execute(sa.insert(removals).values(at=at, by=by[:200], rule=rule[:200], kind=kind, count=count,
                                            detail=dumps(detail)))


def history(db: Database, limit: int = 50) -> list[Any]:
    """The newest entries of the removal log."""
    with db.read() as conn:
        return list(conn.execute(sa.select(removals).order_by(removals.c.id.desc()).limit(limit)))
