"""Reading and writing record envelopes, scoping a case to a team, and receipts for sealed records."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .. import evidence
from .. import records as registry
from ..ids import new_id
from ..protocol.constants import DEPARTURES, FINALIZED_STATUSES
from . import seals, visit_facts
from .blob_access import present
from .db import RevAllocator, now_iso, receipts, records, teams

SERVER = "server"


def departure_id(case_id: str, team_id: int) -> str:
    return f"{case_id}:{team_id}"


class StaleRead(Exception):
    """A record changed between reading it and taking the revision lock."""


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass
class Stored:
    """One record as the server holds it."""

    entity: str
    id: str
    case_id: str
    team_id: int
    rev: int
    data: dict[str, Any]
    field_revs: dict[str, int] = field(default_factory=dict)
    field_writers: dict[str, str] = field(default_factory=dict)
    modified_at: str = ""
    modified_by: str = ""
    new: bool = False

    @property
    def deleted(self) -> bool:
        return bool(self.data.get("deleted"))

    def wire(self) -> dict[str, Any]:
        return {"entity": self.entity, "id": self.id, "rev": self.rev, "case_id": self.case_id,
                "data": self.data, "field_revs": self.field_revs, "modified_at": self.modified_at,
                "modified_by": self.modified_by}


def parent_of(entity: str, record_id: str, case_id: str, data: dict[str, Any]) -> str | None:
    """The record a record hangs under (its case, visit, or the record an audit entry is about)."""
    if entity == "addresses":
        return case_id
    parent = registry.entity(entity).parent if entity in registry.ENTITIES else None
    if parent is None:
        return None
    return str(data.get(parent[0]) or (case_id if parent[1] == "cases" else ""))


def ref_of(entity: str, data: dict[str, Any]) -> str | None:
    if entity == "cases":
        return str(data.get("number") or "")
    if entity == "attachments":
        return str(data.get("sha256") or "")
    return None


def with_defaults(entity: str, fields: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A complete record from the fields sent; also the required fields that are missing."""
    data: dict[str, Any] = {}
    missing: list[str] = []
    for name, default in registry.FIELDS[entity].items():
        if name in fields:
            data[name] = fields[name]
        elif default is registry.REQUIRED:
            missing.append(name)
        else:
            data[name] = default
    return data, missing


def _row_to_stored(row: Any) -> Stored:
    return Stored(row.entity, row.id, row.case_id, int(row.team_id), int(row.rev), json.loads(row.data),
                  json.loads(row.field_revs), json.loads(row.field_writers), row.modified_at,
                  row.modified_by)


_VALUE_COLUMNS = ("case_id", "team_id", "rev", "deleted", "parent_id", "ref", "data", "field_revs",
                  "field_writers", "modified_at", "modified_by")
_UPDATE = (sa.update(records)
           .where(records.c.entity == sa.bindparam("b_entity"), records.c.id == sa.bindparam("b_id"))
           .values({name: sa.bindparam(name) for name in _VALUE_COLUMNS}))


# Built once (statement construction shows up in every push otherwise).
_KEYS = sa.tuple_(records.c.entity, records.c.id).in_(sa.bindparam("keys", expanding=True))
_REVS = sa.select(records.c.entity, records.c.id, records.c.rev).where(_KEYS)
_RECORDS = sa.select(records).where(_KEYS)
_ONE = sa.select(records).where(records.c.entity == sa.bindparam("entity"),
                                records.c.id == sa.bindparam("id"))


class Store:
    """Record access inside one writing transaction, with a small cache of what it has seen."""

    def __init__(self, conn: Connection, *, lock_first: bool = True) -> None:
        self.conn = conn
        self._allocator: RevAllocator | None = RevAllocator(conn) if lock_first else None
        self._cache: dict[tuple[str, str], Stored | None] = {}
        self._teams: dict[str, int | None] = {}
        self._pending: dict[tuple[str, str], tuple[Stored, set[str]]] = {}

    def lock(self) -> None:
        """Take the revision lock (held until commit). Records read before it must be unchanged;
        otherwise ``StaleRead`` is raised and the caller runs again with the lock taken first."""
        if self._allocator is not None:
            return
        self._allocator = RevAllocator(self.conn)
        seen = {key: (rec.rev if rec is not None and not rec.new else None)
                for key, rec in self._cache.items()}
        current: dict[tuple[str, str], int | None] = dict.fromkeys(seen)
        keys = list(seen)
        for start in range(0, len(keys), 500):
            for row in self.conn.execute(_REVS, {"keys": keys[start:start + 500]}):
                current[(row.entity, row.id)] = int(row.rev)
        if current != seen:
            raise StaleRead

    def _rev(self) -> int:
        if self._allocator is None:
            self.lock()
        assert self._allocator is not None
        return self._allocator()

    def prefetch(self, keys: Sequence[tuple[str, str]]) -> None:
        """Load many records in one query (a push batch), so ``get`` needs no round trip each."""
        wanted = [k for k in dict.fromkeys(keys) if k not in self._cache]
        for start in range(0, len(wanted), 500):
            part = wanted[start:start + 500]
            rows = self.conn.execute(_RECORDS, {"keys": part}).all()
            found = {(r.entity, r.id): _row_to_stored(r) for r in rows}
            for key in part:
                self._cache[key] = found.get(key)

    def get(self, entity: str, record_id: str) -> Stored | None:
        key = (entity, record_id)
        if key not in self._cache:
            row = self.conn.execute(_ONE, {"entity": entity, "id": record_id}).first()
            self._cache[key] = _row_to_stored(row) if row is not None else None
        return self._cache[key]

    def team_id(self, name: str) -> int | None:
        if name not in self._teams:
            row = self.conn.execute(sa.select(teams.c.id).where(teams.c.name == name)).first()
            self._teams[name] = int(row[0]) if row else None
        return self._teams[name]

    def cases_by_number(self, number: str, team_ids: Iterable[int] | None = None) -> list[Stored]:
        """The live cases with this number in the teams ``team_ids`` (None: in any team). A number is
        unique within a team; another team may use it too (``push.py`` says why)."""
        self.lock()  # a check for uniqueness must see every committed case
        self.flush()
        query = sa.select(records.c.id).where(records.c.entity == "cases", records.c.ref == number,
                                              records.c.deleted.is_(False))
        if team_ids is not None:
            query = query.where(records.c.team_id.in_(sorted(set(team_ids)) or [-1]))
        found = [self.get("cases", row.id) for row in self.conn.execute(query.order_by(records.c.rev))]
        return [case for case in found if case is not None]

    def case_by_number(self, number: str, team_ids: Iterable[int] | None = None) -> Stored | None:
        """The first of ``cases_by_number``, or None."""
        found = self.cases_by_number(number, team_ids)
        return found[0] if found else None

    def children(self, entity: str, parent_id: str) -> list[Stored]:
        self.lock()
        self.flush()
        rows = self.conn.execute(sa.select(records).where(records.c.entity == entity,
                                                          records.c.parent_id == parent_id)).all()
        out = []
        for row in rows:
            cached = self._cache.get((entity, row.id))
            out.append(cached if cached is not None else _row_to_stored(row))
        return out

    def save(self, rec: Stored, changed: dict[str, Any], writer: str, modified_at: str = "",
             modified_by: str = "") -> Stored:
        """Change fields of a record (all of them for a new one); ``flush`` writes it under a new revision."""
        for name in changed:
            rec.data[name] = changed[name]
            rec.field_writers[name] = writer
        rec.modified_at = modified_at or now_iso()
        rec.modified_by = modified_by or rec.modified_by
        key = (rec.entity, rec.id)
        if key in self._pending:
            self._pending[key][1].update(changed)
        else:
            self._pending[key] = (rec, set(changed))
        self._cache[key] = rec
        return rec

    def flush(self) -> None:
        """Give every changed record its revision and write them all: the revision lock is taken only
        now, so concurrent pushes hold it for their writes, not for their checks."""
        if not self._pending:
            return
        self.lock()
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for rec, names in self._pending.values():
            rev = self._rev()
            rec.rev = rev
            for name in names:
                rec.field_revs[name] = rev
            values = {"case_id": rec.case_id, "team_id": rec.team_id, "rev": rev, "deleted": rec.deleted,
                      "parent_id": parent_of(rec.entity, rec.id, rec.case_id, rec.data),
                      "ref": ref_of(rec.entity, rec.data), "data": dumps(rec.data),
                      "field_revs": dumps(rec.field_revs), "field_writers": dumps(rec.field_writers),
                      "modified_at": rec.modified_at[:40], "modified_by": rec.modified_by[:200]}
            if rec.new:
                inserts.append({"entity": rec.entity, "id": rec.id, **values})
                rec.new = False
            else:
                updates.append({"b_entity": rec.entity, "b_id": rec.id, **values})
        visits = [rec for rec, _ in self._pending.values() if rec.entity == "visits"]
        self._pending = {}
        if inserts:
            self.conn.execute(sa.insert(records), inserts)
        if updates:
            self.conn.execute(_UPDATE, updates)
        if visits:
            visit_facts.replace(self.conn, [(v.id, v.case_id, v.team_id, v.data, v.deleted,
                                             self._domain(v.case_id)) for v in visits])

    def _domain(self, case_id: str) -> str:
        case = self.get("cases", case_id)
        return str(case.data.get("domain") or "") if case is not None else ""

    def create(self, entity: str, record_id: str, case_id: str, team_id: int, data: dict[str, Any],
               writer: str, modified_at: str = "", modified_by: str = "") -> Stored:
        rec = Stored(entity, record_id, case_id, team_id, 0, {}, new=True)
        return self.save(rec, data, writer, modified_at, modified_by)

    def rescope(self, case_id: str, team_id: int, by: str = SERVER) -> None:
        """Move every record of a case to another team; new revisions so that team pulls them.

        The team the case leaves gets a departure notice (entity ``departures``, pulled by that team
        only) under a newer revision than anything it had of the case, so its laptops remove their
        copy; a notice the new team may still have from an earlier move is dropped.
        """
        self.lock()
        self.flush()
        case = self.get("cases", case_id)
        old_team = case.team_id if case is not None else None
        rows = self.conn.execute(sa.select(records.c.entity, records.c.id).where(
            records.c.case_id == case_id, records.c.entity != DEPARTURES).order_by(records.c.rev)).all()
        for row in rows:
            rev = self._rev()
            self.conn.execute(sa.update(records).where(records.c.entity == row.entity,
                                                       records.c.id == row.id)
                              .values(team_id=team_id, rev=rev))
            cached = self._cache.get((row.entity, row.id))
            if cached is not None:
                cached.team_id, cached.rev = team_id, rev
        visit_facts.move_case(self.conn, case_id, team_id)
        self.conn.execute(sa.delete(records).where(
            records.c.entity == DEPARTURES, records.c.id.in_([departure_id(case_id, team_id)]
                                                             + ([departure_id(case_id, old_team)]
                                                                if old_team is not None else []))))
        if old_team is None or old_team == team_id:
            return
        name = self.conn.execute(sa.select(teams.c.name).where(teams.c.id == team_id)).scalar_one()
        data = {"case_id": case_id, "team": name}
        self.conn.execute(sa.insert(records).values(
            entity=DEPARTURES, id=departure_id(case_id, old_team), case_id=case_id, team_id=old_team,
            rev=self._rev(), deleted=False, parent_id=None, ref=str(team_id), data=dumps(data),
            field_revs="{}", field_writers="{}", modified_at=now_iso(), modified_by=by[:200]))

    def audit(self, case_id: str, team_id: int, entity: str, entity_id: str, field_name: str, old: Any,
              new: Any, actor: str, reason: str) -> Stored:
        """An audit record written by the server itself (it syncs to the laptops like any other)."""
        def text(v: Any) -> str | None:
            return v if isinstance(v, str) or v is None else dumps(v)
        data, _ = with_defaults("audit", {"at": now_iso(), "actor": actor, "entity": entity,
                                          "entity_id": entity_id, "field": field_name, "old": text(old),
                                          "new": text(new), "reason": reason})
        return self.create("audit", new_id(), case_id, team_id, data, SERVER, modified_by=actor)

    # --- receipts ---------------------------------------------------------------------------
    def try_receipt(self, entity: str, record_id: str) -> dict[str, str] | None:
        """Acknowledge a sealed record (a finalized visit, an addendum) the server holds and has checked:
        its seal was verified when it was taken (``seals.check``). A visit also needs every photo its
        document names to be here. The visit becomes "synced"; either way the record carries the receipt.
        """
        rec = self.get(entity, record_id)
        if rec is None or rec.deleted or rec.data.get("receipt") or not rec.data.get("fingerprint"):
            return None
        if entity == "visits" and rec.data.get("status") != "finalized":
            return None
        fingerprint = str(rec.data["fingerprint"])
        doc = seals.document(rec.data)
        if doc is not None and entity == "visits" and not self._photos_here(rec, evidence.blob_hashes(doc)):
            return None  # the photos come first in every sync: the next one brings them
        device = seals.device_of_key(self.conn, str(rec.data.get("signing_key") or "")) \
            or rec.field_writers.get("fingerprint", SERVER)
        issued = now_iso()
        receipt = seals.receipt(self.conn, record_id, fingerprint, device, issued)
        self.conn.execute(sa.insert(receipts).values(record_id=record_id, entity=entity,
                                                     fingerprint=fingerprint,
                                                     receipt=receipt, issued_at=issued))
        changed = {"receipt": receipt, **({"status": "synced"} if entity == "visits" else {})}
        self.save(rec, changed, SERVER, modified_by=SERVER)
        return {"entity": entity, "id": record_id, "fingerprint": fingerprint, "receipt": receipt,
                "issued_at": issued}

    def _photos_here(self, visit: Stored, hashes: list[str]) -> bool:
        """Every file a visit's document names is on the server as an accepted photo of the visit (a
        document naming someone else's file gets no receipt, so a receipt reveals nothing either)."""
        accepted = {str(a.data.get("sha256")) for a in self.children("attachments", visit.id)
                    if not a.deleted}
        return set(hashes) <= accepted and len(present(self.conn, hashes)) == len(set(hashes))


def is_locked(visit: Stored | None) -> bool:
    """A visit that was finalized (its record says so; a sealed one carries its document)."""
    return visit is not None and visit.data.get("status") in FINALIZED_STATUSES
