"""Applying a push batch: per record applied, conflict or rejected; idempotent by batch key.

One rejected record never blocks the rest. The whole batch runs in one transaction, and its answer is
stored under (device, key): a replay after a dropped connection gets the same answer and changes
nothing.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from ..sync.conflicts import FieldRev, merge_push
from ..sync.protocol import ENTITY_FIELDS, IMMUTABLE_FIELDS, PushRecord, PushRequest
from .auth import Caller, Identify
from .db import Database, blobs, now_iso, push_batches
from .records import SERVER, StaleRead, Store, Stored, dumps, is_locked, with_defaults

CHILDREN_OF_VISIT = ("answers", "attachments")  # the children inside a visit's fingerprint
KEEP_BATCHES_DAYS = 14
_STORED_ANSWER = sa.select(push_batches.c.response).where(
    push_batches.c.device_id == sa.bindparam("device"), push_batches.c.key == sa.bindparam("key"))
_STORE_ANSWER = sa.insert(push_batches)


class Rejected(Exception):
    def __init__(self, code: str, en: str, nl: str, record: Stored | None = None) -> None:
        super().__init__(en)
        self.code, self.en, self.nl, self.record = code, en, nl, record


def push(db: Database, identify: Identify, request: PushRequest) -> dict[str, Any]:
    """Apply a batch (or return the stored answer of a batch already applied); ``identify`` names the
    caller on the batch's own connection.

    Reads happen before the revision lock is taken, so concurrent pushes hold it only for their
    writes; if anything read changed meanwhile, the batch runs again with the lock taken first.
    """
    try:
        return _push(db, identify, request, lock_first=False)
    except (StaleRead, sa.exc.IntegrityError):
        return _push(db, identify, request, lock_first=True)


def _push(db: Database, identify: Identify, request: PushRequest, *, lock_first: bool) -> dict[str, Any]:
    with db.write() as conn:
        caller = identify(conn)
        stored = conn.execute(_STORED_ANSWER, {"device": caller.device_id, "key": request.key}).first()
        if stored is not None:
            return json.loads(stored[0])  # type: ignore[no-any-return]
        store = Store(conn, lock_first=lock_first)
        keys = [(r.entity, r.id) for r in request.records]
        keys += [("cases", r.case_id) for r in request.records]
        keys += [("visits", str(r.fields["visit_id"])) for r in request.records if "visit_id" in r.fields]
        store.prefetch(keys)
        batch = _Batch(store, caller)
        results = [batch.apply(rec) for rec in request.records]
        issued = [r for r in (store.try_receipt(v) for v in sorted(batch.touched_visits)) if r]
        store.lock()  # also for a batch that changed nothing: its answer is stored under the lock
        store.flush()
        for result in results:  # revisions are known now
            rec = result.get("record")
            if isinstance(rec, Stored):
                result["record"] = rec.wire()
                if result["status"] != "rejected":
                    result["rev"] = rec.rev
        response = {"results": results, "receipts": issued}
        if random.random() < 0.05:  # now and then, not on every push: old answers are only kept for replays
            old = (datetime.now(UTC) - timedelta(days=KEEP_BATCHES_DAYS)).strftime("%Y-%m-%dT%H:%M:%SZ")
            conn.execute(sa.delete(push_batches).where(push_batches.c.device_id == caller.device_id,
                                                       push_batches.c.created_at < old))
        conn.execute(_STORE_ANSWER, {"device_id": caller.device_id, "key": request.key,
                                     "response": dumps(response), "created_at": now_iso()})
    return response


class _Batch:
    def __init__(self, store: Store, caller: Caller) -> None:
        self.store = store
        self.caller = caller
        self.touched_visits: set[str] = set()

    def apply(self, rec: PushRecord) -> dict[str, Any]:
        try:
            return self._apply(rec)
        except Rejected as exc:
            return {"entity": rec.entity, "id": rec.id, "status": "rejected", "rev": 0, "conflicts": [],
                    "code": exc.code, "reason": exc.en, "reason_nl": exc.nl,
                    "record": exc.record}

    # --- checks -------------------------------------------------------------------------------
    def _scope(self, rec: PushRecord, current: Stored | None) -> tuple[Stored | None, int]:
        """The record's case (None for a new case) and team; refuses what the caller may not touch."""
        if rec.entity == "cases":
            if rec.case_id != rec.id:
                raise _mismatch()
            if current is not None:
                if not self.caller.can_see_team(current.team_id):
                    raise Rejected("forbidden", "This case belongs to a team you are not a member of.",
                                   "Deze zaak hoort bij een team waar u geen lid van bent.")
                return current, current.team_id
            return None, self._new_case_team(rec)
        case = self.store.get("cases", rec.case_id)
        if case is None or not self.caller.can_see_team(case.team_id):
            # The same answer whether the case is elsewhere or absent: never reveal other teams' data.
            raise Rejected("case_unknown",
                           "The case of this record is not on the server or not in your teams "
                           "(it may have been refused, or not sent yet).",
                           "De zaak van dit record staat niet op de server of hoort niet bij uw teams "
                           "(ze is misschien geweigerd of nog niet verstuurd).")
        if current is not None and current.case_id != rec.case_id:
            raise _mismatch()
        return case, case.team_id

    def _new_case_team(self, rec: PushRecord) -> int:
        name = str(rec.fields.get("team") or "")
        if not name and len(self.caller.team_names) == 1:
            name = self.caller.team_names[0]
            rec.fields["team"] = name
        team_id = self.store.team_id(name) if name else None
        if team_id is None:
            raise Rejected("team_unknown",
                           f"The team '{name}' does not exist on the server; choose one of your teams.",
                           f"Het team '{name}' bestaat niet op de server; kies een van uw teams.")
        if not self.caller.can_see_team(team_id):
            raise Rejected("forbidden", f"You are not a member of team '{name}'.",
                           f"U bent geen lid van team '{name}'.")
        return team_id

    def _check_case(self, rec: PushRecord, current: Stored | None, changes: dict[str, Any]) -> None:
        if current is None:
            number = str(rec.fields.get("number") or "")
            if number and self.store.case_by_number(number) is not None:
                raise Rejected("case_number_taken",
                               f"Case number {number} already exists on the server.",
                               f"Zaaknummer {number} bestaat al op de server.")
            return
        if "team" in changes:
            target = self.store.team_id(str(changes["team"]))
            if target is None:
                raise Rejected("team_unknown", f"The team '{changes['team']}' does not exist on the server.",
                               f"Het team '{changes['team']}' bestaat niet op de server.")
            if not (self.caller.can_plan_team(current.team_id) and self.caller.can_plan_team(target)):
                raise _not_allowed()
        if "assigned_to" in changes and not self.caller.can_plan_team(current.team_id):
            raise _not_allowed()

    def _parent_visit(self, rec: PushRecord, current: Stored | None) -> Stored | None:
        if rec.entity not in ("answers", "attachments", "addenda"):
            return None
        visit_id = str((current.data if current else rec.fields).get("visit_id") or "")
        visit = self.store.get("visits", visit_id)
        if visit is None or visit.case_id != rec.case_id:
            raise Rejected("parent_unknown",
                           "The visit of this record is not on the server (it may have been refused).",
                           "Het bezoek van dit record staat niet op de server (het is misschien geweigerd).")
        return visit

    def _check_new(self, rec: PushRecord, case: Stored | None, visit: Stored | None) -> None:
        if rec.entity in ("persons", "visits") and rec.fields.get("case_id") != rec.case_id:
            raise _mismatch()
        if rec.entity == "addresses" and (case is None or case.data.get("address_id") != rec.id):
            raise _mismatch()
        if rec.entity == "answers" and visit is not None:
            for other in self.store.children("answers", visit.id):
                if other.id != rec.id and not other.deleted and \
                        other.data.get("item_id") == rec.fields.get("item_id") and \
                        other.data.get("room", "") == rec.fields.get("room", ""):
                    raise Rejected("duplicate_answer",
                                   "This question was already answered on another laptop; both answers "
                                   "are kept as a conflict.",
                                   "Deze vraag is al op een andere laptop beantwoord; beide antwoorden "
                                   "blijven bewaard als conflict.", record=other)
        if rec.entity == "attachments":
            sha = str(rec.fields.get("sha256") or "")
            present = self.store.conn.execute(sa.select(blobs.c.sha256).where(blobs.c.sha256 == sha)).first()
            if present is None:
                raise Rejected("blob_missing", "The photo itself has not been uploaded yet.",
                               "De foto zelf is nog niet geüpload.")

    def _owns_finalized(self, visit: Stored) -> bool:
        """This device finalized the visit and the server has not acknowledged it yet."""
        return visit.data.get("status") == "finalized" and \
            visit.field_writers.get("status") == self.caller.device_id

    # --- apply --------------------------------------------------------------------------------
    def _apply(self, rec: PushRecord) -> dict[str, Any]:
        unknown = sorted(set(rec.fields) - set(ENTITY_FIELDS[rec.entity]))
        if unknown:
            raise Rejected("unknown_field", f"Unknown fields for {rec.entity}: {', '.join(unknown)}.",
                           f"Onbekende velden voor {rec.entity}: {', '.join(unknown)}.")
        current = self.store.get(rec.entity, rec.id)
        case, team_id = self._scope(rec, current)
        visit = self._parent_visit(rec, current)
        if rec.entity == "visits":
            visit = current
        changes = {k: v for k, v in rec.fields.items() if current is None or current.data.get(k) != v}
        if rec.entity == "cases":
            self._check_case(rec, current, changes)
        if rec.entity == "visits" and (changes.get("receipt") or changes.get("status") == "synced"):
            raise Rejected("server_field", "Only the server issues receipts and marks a visit as synced.",
                           "Alleen de server geeft ontvangstbewijzen en markeert een bezoek als "
                           "gesynchroniseerd.")
        if current is not None:
            frozen = sorted(set(changes) & IMMUTABLE_FIELDS.get(rec.entity, frozenset()))
            if frozen:
                raise Rejected("immutable_field", f"These fields cannot be changed: {', '.join(frozen)}.",
                               f"Deze velden kunnen niet worden gewijzigd: {', '.join(frozen)}.")
        owner = False
        if visit is not None and (rec.entity == "visits" or rec.entity in CHILDREN_OF_VISIT) and changes:
            owner = self._owns_finalized(visit)
            finalizing = rec.entity == "visits" and current is not None and not is_locked(current) \
                and changes.get("status") == "finalized"
            if is_locked(visit) and not owner:
                raise Rejected("visit_finalized",
                               "This visit is finalized on the server and can no longer be changed; "
                               "add an addendum instead.",
                               "Dit bezoek is op de server afgerond en kan niet meer worden gewijzigd; "
                               "voeg een aanvulling toe.")
            owner = owner or finalizing
        if current is None:
            self._check_new(rec, case, visit)
            data, missing = with_defaults(rec.entity, rec.fields)
            if missing:
                raise Rejected("incomplete_record", f"Required fields are missing: {', '.join(missing)}.",
                               f"Verplichte velden ontbreken: {', '.join(missing)}.")
            saved = self.store.create(rec.entity, rec.id, rec.case_id, team_id, data,
                                      self.caller.device_id, rec.modified_at, rec.modified_by)
            self._touch(rec.entity, saved)
            return _result(saved, [])
        revs = {k: FieldRev(current.field_revs.get(k, 0), current.field_writers.get(k, SERVER))
                for k in changes}
        merged = merge_push(current.data, revs, rec.base_rev, changes, self.caller.device_id)
        if owner and merged.conflicts:
            # The finalizing laptop's content is the evidence: it wins; the server's value is audited.
            for name in merged.conflicts:
                self.store.audit(current.case_id, current.team_id, rec.entity, rec.id, name,
                                 current.data.get(name), changes[name], SERVER,
                                 "overridden by the finalized visit")
                merged.applied[name] = changes[name]
            merged.conflicts = []
        if merged.applied:
            old_team = current.team_id
            self.store.save(current, merged.applied, self.caller.device_id, rec.modified_at,
                            rec.modified_by)
            if rec.entity == "cases" and "team" in merged.applied:
                new_team = self.store.team_id(str(merged.applied["team"]))
                if new_team is not None and new_team != old_team:
                    self.store.rescope(current.id, new_team, rec.modified_by or self.caller.username)
            self._touch(rec.entity, current)
        return _result(current, merged.conflicts)

    def _touch(self, entity: str, rec: Stored) -> None:
        if entity == "visits":
            self.touched_visits.add(rec.id)
        elif entity in CHILDREN_OF_VISIT:
            self.touched_visits.add(str(rec.data.get("visit_id")))


def _result(rec: Stored, conflicts: list[str]) -> dict[str, Any]:
    """The answer for one record; its revision and content are filled in after the flush."""
    return {"entity": rec.entity, "id": rec.id, "status": "conflict" if conflicts else "applied",
            "rev": 0, "conflicts": conflicts, "code": "", "reason": "", "reason_nl": "", "record": rec}


def _mismatch() -> Rejected:
    return Rejected("scope_mismatch", "This record does not belong to the case it was sent with.",
                    "Dit record hoort niet bij de zaak waarmee het is verstuurd.")


def _not_allowed() -> Rejected:
    return Rejected("not_allowed", "Only a coordinator of the team may assign a case.",
                    "Alleen een coördinator van het team mag een zaak toewijzen.")
