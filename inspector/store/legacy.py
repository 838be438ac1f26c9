"""Visits finalized by release 0.1 (fingerprint format 1): freezing the bytes they were fingerprinted over.

Release 0.1 fingerprinted a visit over its live rows, so a later correction of the case's address
(or a case-number rename) made the check fail. The migration to this release looks, per such visit,
for the state of its records that matches its fingerprint — as they are now, or with the audited
changes to its case and address since then undone, newest first — and stores those bytes with the
visit. From then on the visit verifies against them, whatever is corrected later. A visit whose
fingerprint matches no such state is left as it is: it fails under its own rules, truthfully.
A visit still waiting for its receipt sends the frozen bytes to the server, which checks them.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlite_utils

from ..evidence import v1_content
from ..records import entity


def _rows(db: sqlite_utils.Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    return list(db.query(sql, params))


def _one(db: sqlite_utils.Database, table: str, record_id: str | None) -> dict[str, Any] | None:
    rows = _rows(db, f"SELECT * FROM [{table}] WHERE id = ?", [record_id]) if record_id else []
    return rows[0] if rows else None


def _stored(table: str, field: str, text: Any) -> Any:
    """An audit trail's old value as the column stores it."""
    if text is None:
        return None
    try:
        kind = entity(table).field(field).kind
    except KeyError:
        return text
    if kind in ("int", "bool"):
        try:
            return int(text)
        except ValueError:
            return text
    return text


def frozen_v1(db: sqlite_utils.Database, visit: dict[str, Any]) -> bytes | None:
    """The bytes a format-1 visit was fingerprinted over, found by undoing later corrections of its
    case and address one by one (newest first); None when no state matches."""
    case = _one(db, "cases", visit["case_id"]) or {"number": "", "domain": "", "address_id": None}
    address = _one(db, "addresses", case.get("address_id"))
    answers = _rows(db, "SELECT * FROM answers WHERE visit_id = ? AND deleted = 0", [visit["id"]])
    attachments = _rows(db, "SELECT * FROM attachments WHERE visit_id = ? AND deleted = 0", [visit["id"]])
    case_row = dict(case)
    address_row = dict(address) if address else None
    rows = {"cases": case_row, "addresses": address_row}
    changes = _rows(db,
                    "SELECT entity, entity_id, field, old FROM audit WHERE entity IN ('cases', 'addresses') "
                    "AND entity_id IN (?, ?) AND field NOT IN ('*', 'deleted') ORDER BY at DESC, rowid DESC",
                    [case.get("id", ""), (address or {}).get("id", "")])
    for step in range(len(changes) + 1):
        if step:
            change = changes[step - 1]
            target = rows[change["entity"]]
            if target is not None:
                target[change["field"]] = _stored(change["entity"], change["field"], change["old"])
        content = v1_content(visit, case_row, address_row, answers, attachments)
        if hashlib.sha256(content).hexdigest() == visit["fingerprint"]:
            return content
    return None


def freeze_release_0_1(db: sqlite_utils.Database) -> int:
    """Store the matching bytes with every format-1 visit; returns how many were frozen."""
    frozen = 0
    for visit in _rows(db,
                       "SELECT * FROM visits WHERE status IN ('finalized', 'synced') AND fingerprint != '' "
                           "AND snapshot = '' AND deleted = 0", []):
        content = frozen_v1(db, visit)
        if content is None:
            continue
        changes: dict[str, Any] = {"snapshot": content.decode("utf-8")}
        if visit["status"] == "finalized":  # not acknowledged yet: the server checks the frozen bytes
            dirty = set(json.loads(visit["dirty_fields"] or "[]")) | {"snapshot"}
            changes.update(dirty=1, dirty_fields=json.dumps(sorted(dirty)))
        db.table("visits").update(visit["id"], changes)
        frozen += 1
    return frozen
