"""Applying a push batch: per record applied, conflict or rejected; idempotent by batch key.

One rejected record never blocks the rest: each is checked against the record registry (fields,
types, allowed values, JSON shapes, NUL, lone surrogates, NaN) and refused on its own, never stored.
The whole batch runs in one transaction, and its answer is stored under (device, key): a replay
after a dropped connection gets the same answer and changes nothing; the same key with other
content is refused.

Finalized visits are evidence (``seals.py``). The push that finalizes a visit must carry a valid seal;
its values then win over what other laptops wrote (each replaced value is reported back as
"superseded", and audited). After that the visit's record never changes again, and an answer or
photo of it is taken only when it agrees with the visit's frozen document; what the document does
not hold is set aside (tombstoned, audited, reported). A receipt is signed once the server holds the
sealed record (and, for a visit, its photos).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from .. import records as registry
from .. import snapshot
from ..protocol.merge import FieldRev, merge_push
from ..protocol.wire import PushRecord, PushRequest
from . import blob_access, case_rules, seals
from .auth import Caller, Identify
from .case_rules import Rejected, scope_mismatch
from .db import Database, now_iso, push_batches
from .errors import ApiError
from .records import SERVER, StaleRead, Store, Stored, dumps, is_locked, with_defaults

KEEP_BATCHES_DAYS = 14
_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
_KEY = re.compile(r"[A-Za-z0-9_.:-]{8,128}")
_STORED_ANSWER = sa.select(push_batches.c.response, push_batches.c.request_hash).where(
    push_batches.c.device_id == sa.bindparam("device"), push_batches.c.key == sa.bindparam("key"))
_STORE_ANSWER = sa.insert(push_batches)


def push(db: Database, identify: Identify, request: PushRequest) -> dict[str, Any]:
    """Apply a batch (or return the stored answer of a batch already applied); ``identify`` names the
    caller on the batch's own connection.

    Reads happen before the revision lock is taken, so concurrent pushes hold it only for their
    writes; if anything read changed meanwhile, the batch runs again with the lock taken first.
    """
    if not _KEY.fullmatch(request["key"]):
        raise ApiError(422, "invalid_request", "The batch key may hold only letters, digits and _.:-",
                       "De sleutel van de batch mag alleen letters, cijfers en _.:- bevatten.")
    digest = hashlib.sha256(dumps(request["records"]).encode("utf-8", "surrogatepass")).hexdigest()
    try:
        return _push(db, identify, request, digest, lock_first=False)
    except (StaleRead, sa.exc.IntegrityError):
        return _push(db, identify, request, digest, lock_first=True)


def _push(db: Database, identify: Identify, request: PushRequest, digest: str, *,
          lock_first: bool) -> dict[str, Any]:
    with db.write() as conn:
        caller = identify(conn)
        stored = conn.execute(_STORED_ANSWER, {"device": caller.device_id, "key": request["key"]}).first()
        if stored is not None:
            if stored.request_hash not in (None, digest):
                raise ApiError(409, "key_reused",
                               "This batch key was used before for other records; send the "
                               "batch under a new key.", "Deze batchsleutel is eerder gebruikt voor andere "
                               "records; verstuur de batch met een nieuwe sleutel.")
            return json.loads(stored.response)  # type: ignore[no-any-return]
        store = Store(conn, lock_first=lock_first)
        recs = request["records"]
        keys = [(r["entity"], r["id"]) for r in recs] + [("cases", r["case_id"]) for r in recs]
        keys += [("visits", str(r["fields"]["visit_id"])) for r in recs if "visit_id" in r["fields"]]
        store.prefetch(keys)
        batch = _Batch(store, caller, [str(r["fields"].get("sha256") or "") for r in recs
                                       if r["entity"] == "attachments"])
        results = [batch.apply(rec) for rec in recs]
        batch.settle_sealed_visits()
        issued = [r for r in (store.try_receipt(e, i) for e, i in sorted(batch.touched_sealed)) if r]
        store.lock()  # also for a batch that changed nothing: its answer is stored under the lock
        store.flush()
        for result in results:  # revisions are known now
            rec = result.get("record")
            if isinstance(rec, Stored):
                result["record"] = rec.wire()
                if result["status"] != "rejected":
                    result["rev"] = rec.rev
        for other in batch.superseded:
            other["rev"] = other.pop("_record").rev
        response = {"results": results, "receipts": issued, "superseded": batch.superseded}
        if random.random() < 0.05:  # now and then, not on every push: old answers are only kept for replays
            old = (datetime.now(UTC) - timedelta(days=KEEP_BATCHES_DAYS)).strftime("%Y-%m-%dT%H:%M:%SZ")
            conn.execute(sa.delete(push_batches).where(push_batches.c.device_id == caller.device_id,
                                                       push_batches.c.created_at < old))
        conn.execute(_STORE_ANSWER, {"device_id": caller.device_id, "key": request["key"],
                                     "request_hash": digest,
                                     "response": dumps(response), "created_at": now_iso()})
    return response


class _Batch:
    def __init__(self, store: Store, caller: Caller, files: list[str]) -> None:
        self.store = store
        self.caller = caller
        # The batch's photos the caller may refer to, asked once (three queries), not per record. A
        # record accepted earlier in the batch adds nothing: a later one with the same file is only
        # allowed if the earlier one was, and so already here.
        self.visible_files = blob_access.visible(store.conn, caller, files) if files else set()
        self.touched_sealed: set[tuple[str, str]] = set()  # sealed records (and visits of changed children)
        self.batch_device = caller.device_id
        self.superseded: list[dict[str, Any]] = []

    def apply(self, rec: PushRecord) -> dict[str, Any]:
        try:
            return self._apply(rec)
        except Rejected as exc:
            return {"entity": rec["entity"], "id": rec["id"], "status": "rejected", "rev": 0, "conflicts": [],
                    "code": exc.code, "reason": exc.en, "reason_nl": exc.nl, "record": exc.record}

    # --- checks -------------------------------------------------------------------------------
    @staticmethod
    def _envelope(rec: PushRecord, creating: bool) -> None:
        """The record's id, case and authorship as every record must have them, and its fields as the
        record registry declares them."""
        texts = (rec.get("modified_by", ""), rec.get("modified_at", ""))
        if not _ID.fullmatch(rec["id"]) or not _ID.fullmatch(rec["case_id"]) or \
                any(registry.text_problem(t) for t in texts):
            raise Rejected("invalid_record", "The record's id, case or author is not valid.",
                           "Het id, de zaak of de auteur van het record is ongeldig.")
        try:
            registry.validate(rec["entity"], rec["fields"], creating=creating)
        except registry.Invalid as exc:  # its code says which rule (missing_field, invalid_json …)
            raise Rejected(exc.code, f"This record cannot be stored: {exc.en}.",
                           f"Dit record kan niet worden opgeslagen: {exc.nl}.") from exc

    def _scope(self, rec: PushRecord, current: Stored | None) -> tuple[Stored | None, int]:
        """The record's case (None for a new case) and team; refuses what the caller may not touch."""
        if rec["entity"] == "cases":
            if rec["case_id"] != rec["id"]:
                raise scope_mismatch()
            if current is not None:
                if not self.caller.can_see_team(current.team_id):
                    raise Rejected("forbidden", "This case belongs to a team you are not a member of.",
                                   "Deze zaak hoort bij een team waar u geen lid van bent.")
                return current, current.team_id
            return None, case_rules.new_case_team(self.store, self.caller, rec)
        case = self.store.get("cases", rec["case_id"])
        if case is None or not self.caller.can_see_team(case.team_id):
            # The same answer whether the case is elsewhere or absent: never reveal other teams' data.
            raise Rejected("case_unknown",
                           "The case of this record is not on the server or not in your teams "
                           "(it may have been refused, or not sent yet).",
                           "De zaak van dit record staat niet op de server of hoort niet bij uw teams "
                           "(ze is misschien geweigerd of nog niet verstuurd).")
        if current is not None and current.case_id != rec["case_id"]:
            raise scope_mismatch()
        return case, case.team_id

    def _parent_visit(self, rec: PushRecord, current: Stored | None) -> Stored | None:
        if rec["entity"] not in registry.VISIT_CHILDREN:
            return None
        visit_id = str((current.data if current else rec["fields"]).get("visit_id") or "")
        visit = self.store.get("visits", visit_id)
        if visit is None or visit.case_id != rec["case_id"]:
            raise Rejected("parent_unknown",
                           "The visit of this record is not on the server (it may have been refused).",
                           "Het bezoek van dit record staat niet op de server (het is misschien geweigerd).")
        return visit

    def _check_new(self, rec: PushRecord, case: Stored | None, visit: Stored | None) -> None:
        fields = rec["fields"]
        if rec["entity"] in ("persons", "visits") and fields.get("case_id") != rec["case_id"]:
            raise scope_mismatch()
        if rec["entity"] == "addresses" and (case is None or case.data.get("address_id") != rec["id"]):
            raise scope_mismatch()
        if rec["entity"] == "answers" and visit is not None and not is_locked(visit):
            for other in self.store.children("answers", visit.id):
                if other.id != rec["id"] and not other.deleted and \
                        other.data.get("item_id") == fields.get("item_id") and \
                        other.data.get("room", "") == fields.get("room", ""):
                    raise Rejected("duplicate_answer",
                                   "This question was already answered on another laptop; both answers "
                                   "are kept as a conflict.",
                                   "Deze vraag is al op een andere laptop beantwoord; beide antwoorden "
                                   "blijven bewaard als conflict.", record=other)
        if rec["entity"] == "attachments" and str(fields.get("sha256") or "") not in self.visible_files:
            # Not uploaded by this user nor in their teams: the same answer as for a file the server
            # lacks, so a hash alone grants nothing (the laptop uploads the file, then sends the record).
            raise Rejected("blob_missing", "The photo itself has not been uploaded yet.",
                           "De foto zelf is nog niet geüpload.")

    def _owns_finalized(self, visit: Stored) -> bool:
        """This device finalized the visit (release 0.1: a visit without a frozen document)."""
        return visit.data.get("status") in ("finalized", "synced") and \
            visit.field_writers.get("status") == self.caller.device_id

    def _sealed_rules(self, rec: PushRecord, current: Stored | None, visit: Stored | None,
                      changes: dict[str, Any], case_id: str) -> bool:
        """Refuse what would change evidence; returns whether this push's values win over other laptops'
        (the push that finalizes a visit, or a child that agrees with its visit's frozen document)."""
        entity = rec["entity"]
        if entity in registry.SEALED:
            sealed_now = current is not None and _sealed(entity, current)
            if sealed_now and changes.keys() == {"snapshot"} and current is not None and \
                    not current.data.get("snapshot"):
                # A visit of release 0.1 not yet acknowledged: its laptop now sends the bytes it was
                # fingerprinted over, and they must match.
                refusal = seals.check(self.store.conn, entity, rec["id"], case_id, {**current.data,
                                                                                    **changes})
                if refusal is not None:
                    raise Rejected(*refusal)
                return False
            if sealed_now and changes:
                raise _finalized(entity)
            proposed = {**(current.data if current else with_defaults(entity, rec["fields"])[0]),
                        **rec["fields"]}
            if not sealed_now and _sealed(entity, proposed):
                refusal = seals.check(self.store.conn, entity, rec["id"], case_id, proposed)
                if refusal is not None:
                    raise Rejected(*refusal)
                if entity == "addenda":
                    self._check_chain(proposed, visit)
                return True
            if entity == "visits" and is_locked(current) and changes:
                raise _finalized(entity)
            return False
        if entity in registry.FROZEN_CHILDREN and visit is not None and is_locked(visit) and changes:
            doc = seals.document(visit.data)
            if doc is None:  # a visit of release 0.1: its finalizing laptop may still send its rows
                if not self._owns_finalized(visit):
                    raise _finalized("visits")
                return True
            proposed = {**(current.data if current else with_defaults(entity, rec["fields"])[0]),
                        **rec["fields"]}
            if snapshot.child_differences(doc, entity, _decoded(entity, rec["id"], proposed)):
                raise _finalized("visits")
            return True
        return False

    def _check_chain(self, addendum: dict[str, Any], visit: Stored | None) -> None:
        """An addendum follows its visit's fingerprint or that of another addendum of the visit."""
        if visit is None or not is_locked(visit):
            raise Rejected("not_finalized", "An addendum is only for a finalized visit.",
                           "Een aanvulling hoort alleen bij een afgerond bezoek.")
        known = {visit.data.get("fingerprint")} | {a.data.get("fingerprint")
                                                   for a in self.store.children("addenda", visit.id)}
        if addendum.get("base_fingerprint") not in known:
            raise Rejected("seal_mismatch", "This addendum does not follow a fingerprint of its visit.",
                           "Deze aanvulling sluit niet aan op een vingerafdruk van haar bezoek.")

    # --- apply --------------------------------------------------------------------------------
    def _apply(self, rec: PushRecord) -> dict[str, Any]:
        entity = rec["entity"]
        current = self.store.get(entity, rec["id"])
        self._envelope(rec, creating=current is None)
        case, team_id = self._scope(rec, current)
        visit = self._parent_visit(rec, current)
        if entity == "visits":
            visit = current
        changes = {k: v for k, v in rec["fields"].items() if current is None or current.data.get(k) != v}
        if entity == "cases":
            case_rules.check_case(self.store, self.caller, rec, current, team_id, changes)
        server_only = [k for k in changes.keys() & registry.SERVER_ONLY[entity] if changes[k]]
        if server_only or (entity == "visits" and changes.get("status") == "synced"):
            raise Rejected("server_field", "Only the server issues receipts and marks a visit as synced.",
                           "Alleen de server geeft ontvangstbewijzen en markeert een bezoek als "
                           "gesynchroniseerd.")
        if current is not None:
            frozen = sorted(changes.keys() & registry.IMMUTABLE[entity])
            if frozen:
                raise Rejected("immutable_field", f"These fields cannot be changed: {', '.join(frozen)}.",
                               f"Deze velden kunnen niet worden gewijzigd: {', '.join(frozen)}.")
        wins = self._sealed_rules(rec, current, visit, changes, rec["case_id"])
        if current is None:
            self._check_new(rec, case, visit)
            data, missing = with_defaults(entity, rec["fields"])
            if missing:
                raise Rejected("incomplete_record", f"Required fields are missing: {', '.join(missing)}.",
                               f"Verplichte velden ontbreken: {', '.join(missing)}.")
            saved = self.store.create(entity, rec["id"], rec["case_id"], team_id, data,
                                      self.caller.device_id, rec.get("modified_at",
                                                                     ""), rec.get("modified_by", ""))
            self._touch(entity, saved)
            return _result(saved, [])
        revs = {k: FieldRev(current.field_revs.get(k, 0), current.field_writers.get(k,
                                                                                    SERVER)) for k in changes}
        merged = merge_push(current.data, revs, rec["base_rev"], changes, self.caller.device_id)
        if wins and merged.conflicts:
            # The finalized visit's values are the evidence: they win; what they replace is audited and
            # reported to this laptop as superseded.
            for name in merged.conflicts:
                self._supersede(current, name, changes[name], current.data.get(name))
                merged.applied[name] = changes[name]
            merged.conflicts = []
        if merged.applied:
            old_team = current.team_id
            self.store.save(current, merged.applied, self.caller.device_id, rec.get("modified_at", ""),
                            rec.get("modified_by", ""))
            if entity == "cases" and "team" in merged.applied:
                new_team = self.store.team_id(str(merged.applied["team"]))
                if new_team is not None and new_team != old_team:
                    self.store.rescope(current.id, new_team, rec.get("modified_by") or self.caller.username)
            self._touch(entity, current)
        return _result(current, merged.conflicts)

    def _touch(self, entity: str, rec: Stored) -> None:
        if entity in registry.SEALED:
            self.touched_sealed.add((entity, rec.id))
        elif entity in registry.FROZEN_CHILDREN:
            self.touched_sealed.add(("visits", str(rec.data.get("visit_id"))))

    def _supersede(self, rec: Stored, name: str, kept: Any, value: Any) -> None:
        visit_id = rec.id if rec.entity == "visits" else str(rec.data.get("visit_id") or "")
        self.store.audit(rec.case_id, rec.team_id, rec.entity, rec.id, name, value, kept, SERVER,
                         "vervangen door het afgeronde bezoek / replaced by the finalized visit")
        self.superseded.append({"entity": rec.entity, "id": rec.id, "visit_id": visit_id, "field": name,
                                "kept": kept, "value": value, "_record": rec})

    def settle_sealed_visits(self) -> None:
        """Bring the answers and photos of each sealed visit this batch touched in line with its frozen
        document: what the document does not hold is set aside (tombstoned), a value it holds otherwise
        is replaced by the document's; each is audited and reported as superseded."""
        for entity, visit_id in sorted(self.touched_sealed):
            visit = self.store.get(entity, visit_id) if entity == "visits" else None
            doc = seals.document(visit.data) if visit is not None and is_locked(visit) else None
            if doc is None:
                continue
            sealed = snapshot.Children(doc)
            for table in registry.FROZEN_CHILDREN:
                for child in self.store.children(table, visit_id):
                    wrong = sealed.differences(table, _decoded(table, child.id, child.data))
                    if not wrong or wrong == ["deleted"]:
                        continue
                    others = set(child.field_writers.values()) - {self.batch_device, SERVER}
                    if wrong == ["*"]:
                        if others:  # another laptop's record; this laptop's own goes as it deleted it
                            self._supersede(child, "*", None, dict(child.data))
                        self.store.save(child, {"deleted": 1}, SERVER, modified_by=SERVER)
                    else:
                        fixes = _sealed_values(doc, table, child.id, wrong)
                        for name, value in fixes.items():
                            self._supersede(child, name, value, child.data.get(name))
                        self.store.save(child, fixes, SERVER, modified_by=SERVER)


def _sealed(entity: str, data: Stored | dict[str, Any]) -> bool:
    """A sealed record: a finalized visit with a fingerprint, or an addendum with one."""
    values = data.data if isinstance(data, Stored) else data
    if not values.get("fingerprint"):
        return False
    return entity != "visits" or values.get("status") in ("finalized", "synced")


def _decoded(entity: str, record_id: str, data: dict[str, Any]) -> dict[str, Any]:
    row = {**data, "id": record_id}
    for name in registry.JSON_FIELDS[entity]:  # a document holds them decoded
        if isinstance(row.get(name), str):
            row[name] = registry.loads_strict(row[name])
    return row


def _sealed_values(doc: dict[str, Any], entity: str, record_id: str, names: list[str]) -> dict[str, Any]:
    """A child's fields as its visit's document holds them (JSON columns as their stored text)."""
    if entity == "answers":
        source = next(a for a in doc.get("answers", []) if a["id"] == record_id)
    elif entity == "followups":
        source = next(f for f in doc.get("followups", []) if f["id"] == record_id)
    elif (doc.get("signature") or {}).get("id") == record_id:
        source = doc["signature"]
    else:
        source = next(p for p in doc.get("photos", []) if p["id"] == record_id)
    out = {}
    for name in names:
        value = source.get(name)
        out[name] = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) \
            if name in registry.JSON_FIELDS[entity] else value
    return out


def _result(rec: Stored, conflicts: list[str]) -> dict[str, Any]:
    """The answer for one record; its revision and content are filled in after the flush."""
    return {"entity": rec.entity, "id": rec.id, "status": "conflict" if conflicts else "applied",
            "rev": 0, "conflicts": conflicts, "code": "", "reason": "", "reason_nl": "", "record": rec}


def _finalized(entity: str) -> Rejected:
    if entity == "addenda":
        return Rejected("addendum_sealed", "An addendum cannot be changed once recorded.",
                        "Een aanvulling kan na vastleggen niet meer worden gewijzigd.")
    return Rejected("visit_finalized",
                    "This visit is finalized on the server and can no longer be changed; add an addendum "
                    "instead.",
                    "Dit bezoek is op de server afgerond en kan niet meer worden gewijzigd; voeg een "
                    "aanvulling toe.")
