"""The laptop side of a sync: reading what to push, and writing what the server sent.

Server changes are written straight into the tables: never marked dirty and without local audit
entries (the server's audit rows arrive as records of their own). A record changed locally is
merged field by field (``conflicts.merge_local``). A finalized visit on this laptop is evidence: a
merge never changes its fingerprinted content (see ``_protect_locked``).
Every function here runs on the workspace's database lane.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..fingerprint import VISIT_EXCLUDED
from ..model import new_id, utc_now
from ..store import search
from . import scope
from .conflicts import merge_local
from .schema import APPLY_ORDER, ENTITY_FIELDS, FINALIZED_STATUSES, PUSH_ORDER

if TYPE_CHECKING:
    from ..workspace import Workspace

META = ("id", "rev", "dirty", "dirty_fields", "modified_at", "modified_by")
CURSOR_KEY = "sync_cursor"  # workspace settings used by sync
SERVER_KEY = "sync_server"
LAST_KEY = "sync_last"
SYNC_ACTOR = "synchronisatie"
_CHUNK = 500


@dataclass
class Applied:
    """What writing server data changed locally."""

    records: int = 0  # records written (audit entries not counted)
    accepted: int = 0  # pushed records the server took (audit entries not counted)
    conflicts: int = 0
    rejected: int = 0
    receipts: int = 0
    case_ids: set[str] = field(default_factory=set)
    new_cases: set[str] = field(default_factory=set)  # inserted by this page (no search document yet)
    removed: list[str] = field(default_factory=list)  # numbers of cases that left this laptop's scope


def _columns(ws: Workspace, table: str) -> list[str]:
    return [r[1] for r in ws.db.execute(f"PRAGMA table_info([{table}])").fetchall()]


def _rows_by_id(ws: Workspace, table: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), _CHUNK):
        part = ids[start:start + _CHUNK]
        marks = ",".join("?" * len(part))
        for row in ws.db.query(f"SELECT * FROM [{table}] WHERE id IN ({marks})", part):
            out[row["id"]] = row
    return out


def _dirty(row: dict[str, Any]) -> set[str]:
    try:
        return set(json.loads(row.get("dirty_fields") or "[]"))
    except ValueError:
        return set()


# --- push side --------------------------------------------------------------------------------
def pending_keys(ws: Workspace) -> list[tuple[str, str]]:
    """Dirty records in push order, without those waiting in quarantine."""
    held = {(r["entity"], r["entity_id"]): r["created_at"]
            for r in ws.db.query("SELECT entity, entity_id, created_at FROM quarantine")}
    keys: list[tuple[str, str]] = []
    for table in PUSH_ORDER:
        # ORDER BY id, not rowid: it keeps the query on the partial index (no scan of the table).
        for record_id, modified_at in ws.db.execute(
                f"SELECT id, modified_at FROM [{table}] WHERE dirty = 1 ORDER BY id").fetchall():
            since = held.get((table, record_id))
            if since is None or (modified_at or "") > since:  # edited after it was refused: try again
                keys.append((table, record_id))
    return keys


def pending_count(ws: Workspace) -> int:
    """Changes waiting to be sent (audit entries not counted: they go with the change)."""
    return sum(ws.db.execute(f"SELECT count(*) FROM [{t}] WHERE dirty = 1").fetchone()[0]
               for t in PUSH_ORDER if t != "audit")


def _case_of(ws: Workspace, entity: str, row: dict[str, Any], memo: dict[tuple[str, str], str]) -> str:
    key = (entity, row["id"])
    if key in memo:
        return memo[key]
    case_id = ""
    if entity == "cases":
        case_id = row["id"]
    elif entity in ("persons", "visits"):
        case_id = row["case_id"]
    elif entity in ("answers", "attachments", "addenda"):
        hit = ws.db.execute("SELECT case_id FROM visits WHERE id = ?", [row["visit_id"]]).fetchone()
        case_id = hit[0] if hit else ""
    elif entity == "addresses":
        hit = ws.db.execute("SELECT id FROM cases WHERE address_id = ? ORDER BY rowid",
                            [row["id"]]).fetchone()
        case_id = hit[0] if hit else ""
    elif entity == "audit":
        target = ws.db.execute(f"SELECT * FROM [{row['entity']}] WHERE id = ?", [row["entity_id"]]) \
            .fetchone() if row["entity"] in ENTITY_FIELDS and row["entity"] != "audit" else None
        if target is not None:
            cols = _columns(ws, row["entity"])
            case_id = _case_of(ws, row["entity"], dict(zip(cols, target, strict=True)), memo)
    memo[key] = case_id
    return case_id


def build_batch(ws: Workspace, keys: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    """The push records for ``keys``: changed fields only, everything for a record the server lacks."""
    memo: dict[tuple[str, str], str] = {}
    out: list[dict[str, Any]] = []
    by_table: dict[str, list[str]] = {}
    order = list(keys)
    for table, record_id in order:
        by_table.setdefault(table, []).append(record_id)
    rows = {t: _rows_by_id(ws, t, ids) for t, ids in by_table.items()}
    for table, record_id in order:
        row = rows[table].get(record_id)
        if row is None or not row["dirty"]:
            continue
        synced = [c for c in ENTITY_FIELDS[table] if c in row]
        dirty = _dirty(row) & set(synced)
        names = synced if row["rev"] == 0 or not dirty else sorted(dirty)
        out.append({"entity": table, "id": record_id, "case_id": _case_of(ws, table, row, memo),
                    "base_rev": int(row["rev"]), "fields": {c: row[c] for c in names},
                    "modified_at": row["modified_at"] or "", "modified_by": row["modified_by"] or ""})
    return out


def apply_push_results(ws: Workspace, sent: list[dict[str, Any]], response: dict[str, Any]) -> Applied:
    """Record the server's answer to a batch: new revisions, merged fields, conflicts, quarantine."""
    done = Applied()
    by_key = {(r["entity"], r["id"]): r for r in sent}
    with ws.repo.transaction():
        for result in response.get("results", []):
            rec = by_key.get((result["entity"], result["id"]))
            if rec is None:
                continue
            if result["status"] == "rejected":
                if result.get("code") == "duplicate_answer" and result.get("record"):
                    _fold_answer(ws, result["record"], rec["id"], done)
                    continue
                _quarantine(ws, rec["entity"], rec["id"], result.get("code", ""),
                            result.get("reason_nl", ""), result.get("reason", ""))
                done.rejected += rec["entity"] != "audit"
                continue
            server = result.get("record")
            if server is None:
                continue
            refused = set(result.get("conflicts", []))
            accepted = {k: v for k, v in rec["fields"].items() if k not in refused}
            _apply_record(ws, server, done, accepted=accepted, refused=refused, base_rev=rec["base_rev"])
            done.accepted += rec["entity"] != "audit"
            ws.db.execute("DELETE FROM quarantine WHERE entity = ? AND entity_id = ?",
                          [rec["entity"], rec["id"]])
        done.receipts += len(response.get("receipts", []))
        _reindex(ws, done.case_ids)
    return done


def _quarantine(ws: Workspace, entity: str, entity_id: str, code: str, nl: str, en: str) -> None:
    ws.db.execute("DELETE FROM quarantine WHERE entity = ? AND entity_id = ?", [entity, entity_id])
    ws.db.execute("INSERT INTO quarantine (id, entity, entity_id, reason_code, reason, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?)",
                  [new_id(), entity, entity_id, code, json.dumps({"nl": nl, "en": en}, ensure_ascii=False),
                   utc_now()])


def _conflict(ws: Workspace, entity: str, entity_id: str, name: str, local: Any, server: Any,
              server_rev: int) -> None:
    """Keep the laptop's value of a field the server decided otherwise (one open row per field)."""
    ws.db.execute("DELETE FROM conflicts WHERE entity = ? AND entity_id = ? AND field = ? AND resolved = 0",
                  [entity, entity_id, name])
    ws.db.execute("INSERT INTO conflicts (id, entity, entity_id, field, local_value, server_value, "
                  "server_rev, created_at, resolved) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",
                  [new_id(), entity, entity_id, name, json.dumps(local, ensure_ascii=False),
                   json.dumps(server, ensure_ascii=False), server_rev, utc_now()])


# --- pull side --------------------------------------------------------------------------------
def missing_blobs(ws: Workspace, records: list[dict[str, Any]]) -> list[str]:
    """Blob hashes that pulled attachments refer to and this laptop does not have."""
    wanted = sorted({str(r["data"].get("sha256")) for r in records
                     if r["entity"] == "attachments" and r["data"].get("sha256")})
    have: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        part = wanted[start:start + _CHUNK]
        have |= {row[0] for row in ws.db.execute(
            f"SELECT sha256 FROM blobs WHERE sha256 IN ({','.join('?' * len(part))})", part)}
    return [h for h in wanted if h not in have]


def apply_page(ws: Workspace, records: list[dict[str, Any]], blobs: dict[str, tuple[bytes, str]],
               cursor: str, *, restart: bool = False, final: bool = False) -> Applied:
    """Write one pulled page and its blobs, and move the cursor, in one transaction.

    Foreign keys are off while applying: a page may bring a case before the address it refers to
    (records arrive in revision order); the next pages bring the rest. Cases that left this
    laptop's scope are removed (``scope.settle``); ``restart``: the server started this pull from
    the beginning; ``final``: the last page.
    """
    done = Applied()
    conn = ws.db.conn
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        with ws.repo.transaction():
            if restart:
                scope.start_rescan(ws)
            for sha, (data, mime) in blobs.items():
                ws.db.execute("INSERT OR IGNORE INTO blobs (sha256, size, mime, data, uploaded) "
                              "VALUES (?, ?, ?, ?, 1)", [sha, len(data), mime, data])
            grouped: dict[str, list[dict[str, Any]]] = {}
            for rec in records:
                if rec["entity"] in ENTITY_FIELDS:
                    grouped.setdefault(rec["entity"], []).append(rec)
            for table in APPLY_ORDER:
                if table in grouped:
                    _apply_table(ws, table, grouped[table], done)
            _reindex(ws, done.case_ids, done.new_cases)
            done.removed = scope.settle(ws, records, final)
            ws.repo.set_setting(CURSOR_KEY, cursor)
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    return done


def _apply_table(ws: Workspace, table: str, recs: list[dict[str, Any]], done: Applied) -> None:
    cols = _columns(ws, table)
    existing = _rows_by_id(ws, table, [r["id"] for r in recs])
    new = [r for r in recs if r["id"] not in existing]
    numbers = _lookup(ws, "SELECT number, id FROM cases WHERE number IN ({})",
                      [r["data"].get("number") for r in new]) if table == "cases" else {}
    visit_ids = [r["data"].get("visit_id") for r in new] if table in ("answers", "attachments") else []
    guarded = set(_lookup(ws, "SELECT id, id FROM visits WHERE id IN ({}) AND dirty = 1 AND status IN "
                              "('finalized', 'synced')", visit_ids)) if visit_ids else set()
    answered = _lookup(ws, "SELECT visit_id || '|' || item_id || '|' || room, id FROM answers "
                           "WHERE visit_id IN ({})", visit_ids) if table == "answers" else {}
    inserts: list[dict[str, Any]] = []
    for rec in recs:
        local = existing.get(rec["id"])
        if local is None:
            data = rec["data"]
            if table == "cases" and numbers.get(data.get("number"), rec["id"]) != rec["id"]:
                _free_case_number(ws, rec)
            elif table == "answers" and answered.get(
                    f"{data.get('visit_id')}|{data.get('item_id')}|{data.get('room', '')}", rec["id"]) \
                    != rec["id"] and _answer_taken(ws, rec, done):
                continue
            if table in ("answers", "attachments") and data.get("visit_id") in guarded:
                _conflict(ws, table, rec["id"], "*", None, rec["data"], rec["rev"])
                done.conflicts += 1
                continue
            inserts.append(rec)
        elif local["rev"] == rec["rev"] and not local["dirty"]:
            continue
        else:
            _apply_record(ws, rec, done, local=local)
    if inserts:
        fields = [c for c in cols if c not in META]
        names = [*META, *fields]
        sql = f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in names)}) " \
              f"VALUES ({', '.join('?' * len(names))})"
        defaults = {c: _default(ENTITY_FIELDS[table].get(c)) for c in fields}
        pick = operator.itemgetter(*fields)
        values = []
        for rec in inserts:
            data = rec["data"]
            try:
                picked = pick(data)  # the server sends every column: the fast path
            except KeyError:
                picked = tuple(data.get(c, defaults[c]) for c in fields)
            values.append((rec["id"], rec["rev"], 0, "[]", rec.get("modified_at", ""),
                           rec.get("modified_by", ""), *picked))
            _note_case(ws, table, rec, done)
        ws.db.conn.executemany(sql, values)
        done.records += len(inserts) if table != "audit" else 0
        if table == "cases":
            done.new_cases |= {rec["id"] for rec in inserts}


def _lookup(ws: Workspace, sql: str, keys: list[Any]) -> dict[Any, Any]:
    """{first column: second column} for ``sql`` with its ``IN ({})`` filled with ``keys``."""
    out: dict[Any, Any] = {}
    wanted = sorted({k for k in keys if k is not None})
    for start in range(0, len(wanted), _CHUNK):
        part = wanted[start:start + _CHUNK]
        out.update(ws.db.execute(sql.format(",".join("?" * len(part))), part).fetchall())
    return out


def _default(value: Any) -> Any:
    return None if value is None or not isinstance(value, str | int | float) else value


def _apply_record(ws: Workspace, rec: dict[str, Any], done: Applied, *, local: dict[str, Any] | None = None,
                  accepted: dict[str, Any] | None = None, refused: set[str] | None = None,
                  base_rev: int | None = None) -> None:
    """Merge one server record into an existing local row (pulled, or the answer to a push)."""
    table = rec["entity"]
    if local is None:
        local = ws.repo.get(table, rec["id"])
        if local is None:
            return
    dirty = _dirty(local)
    merged = merge_local(local, local["rev"] if base_rev is None else base_rev, dirty, rec["data"],
                         rec.get("field_revs", {}), accepted, refused or ())
    _protect_locked(ws, table, local, rec, merged)
    for name, mine, theirs in merged.conflicts:
        _conflict(ws, table, rec["id"], name, mine, theirs, rec["rev"])
        done.conflicts += 1
    row = dict(merged.updates)
    row.update(rev=rec["rev"], dirty=1 if merged.dirty else 0, dirty_fields=json.dumps(sorted(merged.dirty)))
    if not merged.dirty:
        row.update(modified_at=rec.get("modified_at") or local["modified_at"],
                   modified_by=rec.get("modified_by") or local["modified_by"])
    assignments = ", ".join(f"[{k}] = ?" for k in row)
    ws.db.execute(f"UPDATE [{table}] SET {assignments} WHERE id = ?", [*row.values(), rec["id"]])
    if not merged.dirty:
        ws.db.execute("DELETE FROM quarantine WHERE entity = ? AND entity_id = ?", [table, rec["id"]])
    if table == "visits" and local.get("status") not in FINALIZED_STATUSES and \
            merged.updates.get("status") in FINALIZED_STATUSES:
        _retire_unaccepted_children(ws, rec["id"], done)
    done.records += 1 if table != "audit" else 0
    _note_case(ws, table, rec, done)


def _retire_unaccepted_children(ws: Workspace, visit_id: str, done: Applied) -> None:
    """The visit was finalized elsewhere: answers and photos added here that the server never took
    cannot be part of it. Each is kept as an open conflict (nothing lost) and set aside locally."""
    for table in ("answers", "attachments"):
        for row in ws.repo.query(f"SELECT * FROM [{table}] WHERE visit_id = ? AND rev = 0 AND deleted = 0",
                                 [visit_id]):
            data = {k: row[k] for k in ENTITY_FIELDS[table] if k in row}
            _conflict(ws, table, row["id"], "*", data, None, 0)
            done.conflicts += 1
            ws.db.execute(f"UPDATE [{table}] SET deleted = 1, dirty = 0, dirty_fields = '[]' WHERE id = ?",
                          [row["id"]])
            ws.db.execute("DELETE FROM quarantine WHERE entity = ? AND entity_id = ?", [table, row["id"]])


def _visit_guarded(ws: Workspace, visit_id: Any) -> bool:
    """The visit was finalized on this laptop and the server has not yet accepted that."""
    hit = ws.db.execute("SELECT status, dirty FROM visits WHERE id = ?", [visit_id]).fetchone()
    return bool(hit) and hit[0] in FINALIZED_STATUSES and bool(hit[1])


def _protect_locked(ws: Workspace, table: str, local: dict[str, Any], rec: dict[str, Any],
                    merged: Any) -> None:
    """Never change a locally finalized visit's evidence: keep the local value and send it instead.

    The server accepts it from the laptop that finalized the visit (and audits what it replaces).
    Only the status and the receipt may come from the server once it holds the visit as finalized.
    """
    if table == "visits":
        if local.get("status") not in FINALIZED_STATUSES or not local.get("dirty"):
            return
        same = rec["data"].get("fingerprint") == local.get("fingerprint")
        free = {"status", "receipt"} if same and rec["data"].get("status") in FINALIZED_STATUSES else set()
        guarded = set(local) - free - {"id", "rev", "dirty", "dirty_fields", "modified_at", "modified_by"}
        guarded -= VISIT_EXCLUDED - {"status", "fingerprint"}
    elif table in ("answers", "attachments") and _visit_guarded(ws, local.get("visit_id")):
        guarded = set(ENTITY_FIELDS[table])
    else:
        return
    for name in guarded:
        if name in merged.updates:
            del merged.updates[name]
            if local.get(name) != rec["data"].get(name, local.get(name)):
                merged.dirty.add(name)
    kept = [c for c in merged.conflicts if c[0] in guarded]
    for name, _mine, _theirs in kept:
        merged.dirty.add(name)
    merged.conflicts = [c for c in merged.conflicts if c[0] not in guarded]


def _note_case(ws: Workspace, table: str, rec: dict[str, Any], done: Applied) -> None:
    if table == "cases":
        done.case_ids.add(rec["id"])
    elif table == "persons":
        done.case_ids.add(str(rec["data"].get("case_id") or rec.get("case_id") or ""))
    elif table == "addresses":
        done.case_ids.add(str(rec.get("case_id") or ""))


def _reindex(ws: Workspace, case_ids: set[str], new_cases: set[str] | None = None) -> None:
    """Search documents of the cases touched; a case inserted just now has none to replace."""
    fresh = sorted(new_cases or set())
    search.reindex_cases(ws.db, sorted(c for c in case_ids - set(fresh) if c))
    search.reindex_cases(ws.db, fresh, new=True)


def _free_case_number(ws: Workspace, rec: dict[str, Any]) -> None:
    """A case created here offline took a number the server gave to another case: rename ours."""
    number = rec["data"].get("number")
    hit = ws.db.execute("SELECT id, rev FROM cases WHERE number = ? AND id != ?",
                        [number, rec["id"]]).fetchone()
    if hit is None:
        return
    other_id, rev = hit
    new_number = f"{number}-{other_id[:4]}"
    if rev == 0:
        ws.repo.update("cases", other_id, {"number": new_number}, SYNC_ACTOR,
                       f"zaaknummer {number} is op de server al in gebruik")
        # Its records were refused along with it ("case unknown"): under the new number they go again.
        for table, ids in scope.case_records(ws, other_id).items():
            for record_id in ids:
                ws.db.execute("DELETE FROM quarantine WHERE entity = ? AND entity_id = ?", [table, record_id])
    else:
        ws.db.execute("UPDATE cases SET number = ? WHERE id = ?", [new_number, other_id])


def _answer_taken(ws: Workspace, rec: dict[str, Any], done: Applied) -> bool:
    """Fold a local answer to the same question into the server's answer (conflict when they differ)."""
    data = rec["data"]
    hit = ws.db.execute("SELECT id FROM answers WHERE visit_id = ? AND item_id = ? AND room = ? AND id != ?",
                        [data.get("visit_id"), data.get("item_id"), data.get("room", ""),
                         rec["id"]]).fetchone()
    if hit is None:
        return False
    _fold_answer(ws, rec, hit[0], done)
    return True


def _fold_answer(ws: Workspace, server: dict[str, Any], local_id: str, done: Applied) -> None:
    local = ws.repo.get("answers", local_id)
    if local is None:
        return
    if _visit_guarded(ws, local["visit_id"]):
        _conflict(ws, "answers", server["id"], "*", None, server["data"], server["rev"])
        done.conflicts += 1
        return
    ws.db.execute("DELETE FROM answers WHERE id = ?", [local_id])
    if local["deleted"]:
        local = {**local, "value": server["data"].get("value"), "note": server["data"].get("note")}
    ws.db.execute("DELETE FROM quarantine WHERE entity = 'answers' AND entity_id = ?", [local_id])
    if ws.repo.get("answers", server["id"]) is None:
        cols = _columns(ws, "answers")
        row = {"id": server["id"], "rev": server["rev"], "dirty": 0, "dirty_fields": "[]",
               "modified_at": server.get("modified_at", ""), "modified_by": server.get("modified_by", "")}
        values = [row[c] if c in row else server["data"].get(c) for c in cols]
        marks = ", ".join("?" * len(cols))
        ws.db.execute(f"INSERT INTO answers ({', '.join(cols)}) VALUES ({marks})", values)
        done.records += 1
    for name in ("value", "note"):
        if local.get(name) != server["data"].get(name):
            _conflict(ws, "answers", server["id"], name, local.get(name), server["data"].get(name),
                      server["rev"])
            done.conflicts += 1
