"""Writing what the server sent into the laptop's rows: field-level merge, conflicts, quarantine.

Server changes are written straight into the tables: never marked dirty and without local audit
entries (the server's audit rows arrive as records of their own). A record changed locally is
merged field by field (``protocol.merge.merge_local``). A finalized visit on this laptop is evidence:
a merge never changes its content (see ``protect_locked``).
Every function here runs on the workspace's database lane, inside the caller's transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .. import snapshot
from ..protocol.constants import FINALIZED_STATUSES
from ..protocol.merge import merge_local
from ..protocol.wire import ServerRecord
from ..records import FIELDS, FROZEN_CHILDREN, JSON_FIELDS
from . import search
from .conflicts import note_conflict
from .repository import Repository

META = ("id", "rev", "dirty", "dirty_fields", "modified_at", "modified_by")
CHUNK = 500


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
    documents: dict[Any, snapshot.Children | None] = field(default_factory=dict, repr=False)  # by visit

    def add(self, other: Applied) -> None:
        """Count in what ``other`` (the next page of the same pull) changed."""
        self.records += other.records
        self.accepted += other.accepted
        self.conflicts += other.conflicts
        self.rejected += other.rejected
        self.receipts += other.receipts
        self.removed += other.removed


def columns(repo: Repository, table: str) -> list[str]:
    return [r[1] for r in repo.db.execute(f"PRAGMA table_info([{table}])").fetchall()]


def rows_by_id(repo: Repository, table: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), CHUNK):
        part = ids[start:start + CHUNK]
        marks = ",".join("?" * len(part))
        for row in repo.query(f"SELECT * FROM [{table}] WHERE id IN ({marks})", part):
            out[row["id"]] = row
    return out


def dirty_fields(row: dict[str, Any]) -> set[str]:
    try:
        return set(json.loads(row.get("dirty_fields") or "[]"))
    except ValueError:
        return set()


def apply_record(repo: Repository, rec: ServerRecord, done: Applied, *, local: dict[str, Any] | None = None,
                  accepted: dict[str, Any] | None = None, refused: set[str] | None = None,
                  base_rev: int | None = None) -> None:
    """Merge one server record into an existing local row (pulled, or the answer to a push)."""
    table = rec["entity"]
    if local is None:
        local = repo.get(table, rec["id"])
        if local is None:
            return
    dirty = dirty_fields(local)
    merged = merge_local(local, local["rev"] if base_rev is None else base_rev, dirty, rec["data"],
                         rec.get("field_revs", {}), accepted, refused or ())
    protect_locked(repo, table, local, rec, merged, done)
    for name, mine, theirs in merged.conflicts:
        note_conflict(repo, table, rec["id"], name, mine, theirs, rec["rev"])
        done.conflicts += 1
    row = dict(merged.updates)
    row.update(rev=rec["rev"], dirty=1 if merged.dirty else 0, dirty_fields=json.dumps(sorted(merged.dirty)))
    if not merged.dirty:
        row.update(modified_at=rec.get("modified_at") or local["modified_at"],
                   modified_by=rec.get("modified_by") or local["modified_by"])
    assignments = ", ".join(f"[{k}] = ?" for k in row)
    repo.db.execute(f"UPDATE [{table}] SET {assignments} WHERE id = ?", [*row.values(), rec["id"]])
    if not merged.dirty:
        repo.db.execute("DELETE FROM quarantine WHERE entity = ? AND entity_id = ?", [table, rec["id"]])
    if table == "visits" and local.get("status") not in FINALIZED_STATUSES and \
            merged.updates.get("status") in FINALIZED_STATUSES:
        retire_unaccepted_children(repo, rec["id"], done)
    done.records += 1 if table != "audit" else 0
    note_case(repo, table, rec, done)


def retire_unaccepted_children(repo: Repository, visit_id: str, done: Applied) -> None:
    """The visit was finalized elsewhere: answers and photos added here that the server never took
    cannot be part of it. Each is kept as an open conflict (nothing lost) and set aside locally."""
    for table in FROZEN_CHILDREN:
        for row in repo.query(f"SELECT * FROM [{table}] WHERE visit_id = ? AND rev = 0 AND deleted = 0",
                                 [visit_id]):
            data = {k: row[k] for k in FIELDS[table] if k in row}
            note_conflict(repo, table, row["id"], "*", data, None, 0)
            done.conflicts += 1
            repo.db.execute(f"UPDATE [{table}] SET deleted = 1, dirty = 0, dirty_fields = '[]' WHERE id = ?",
                          [row["id"]])
            repo.db.execute("DELETE FROM quarantine WHERE entity = ? AND entity_id = ?", [table, row["id"]])


def visit_guarded(repo: Repository, visit_id: Any) -> bool:
    """The visit was finalized on this laptop and the server has not yet accepted that."""
    hit = repo.db.execute("SELECT status, dirty FROM visits WHERE id = ?", [visit_id]).fetchone()
    return bool(hit) and hit[0] in FINALIZED_STATUSES and bool(hit[1])


def visit_locked(repo: Repository, visit_id: Any) -> bool:
    """The visit is finalized on this laptop."""
    hit = repo.db.execute("SELECT status FROM visits WHERE id = ?", [visit_id]).fetchone()
    return bool(hit) and hit[0] in FINALIZED_STATUSES


def frozen_children(repo: Repository, visit_id: Any, done: Applied) -> snapshot.Children | None:
    """The answers and photos of the frozen document (format 2) of a visit finalized on this laptop, or
    None (kept for the rest of the page: a page brings many children of one visit)."""
    if visit_id not in done.documents:
        hit = repo.db.execute("SELECT status, fingerprint, snapshot FROM visits WHERE id = ?",
                              [visit_id]).fetchone()
        children = None
        if hit and hit[0] in FINALIZED_STATUSES and str(hit[1]).startswith("v") and hit[2]:
            children = snapshot.Children(json.loads(hit[2]))
        done.documents[visit_id] = children
    return done.documents[visit_id]


def child_conforms(repo: Repository, table: str, data: dict[str, Any], record_id: str,
                   done: Applied) -> bool | None:
    """Whether a child record as the server sent it agrees with its visit's frozen document on this
    laptop; None when the visit is not frozen here (format 2)."""
    children = frozen_children(repo, data.get("visit_id"), done)
    if children is None:
        return None
    row = {**data, "id": record_id}
    for name in JSON_FIELDS[table]:  # a document holds them decoded
        if isinstance(row.get(name), str):
            row[name] = json.loads(row[name])
    return not children.differences(table, row)


def protect_locked(repo: Repository, table: str, local: dict[str, Any], rec: ServerRecord,
                   merged: Any, done: Applied) -> None:
    """Never change a finalized visit on this laptop: its record and its answers and photos stay what its
    frozen document says. Only the server's status (synced) and receipt for that same fingerprint come
    in; an answer or photo the server sends is taken only when it agrees with the document. Anything
    else keeps the local value, which is sent again (the server takes it: it agrees with the document)."""
    if table == "visits":
        if local.get("status") not in FINALIZED_STATUSES:
            return
        same = rec["data"].get("fingerprint") == local.get("fingerprint")
        free = {"status", "receipt"} if same and rec["data"].get("status") in FINALIZED_STATUSES else set()
        guarded = set(FIELDS["visits"]) - free - {"deleted"}
    elif table in FROZEN_CHILDREN:
        conforms = child_conforms(repo, table, {**local, **rec["data"]}, rec["id"], done)
        if conforms is None:  # a visit of release 0.1 (format 1): guarded until the server has it
            if not visit_guarded(repo, local.get("visit_id")):
                return
        elif conforms:
            return
        guarded = set(FIELDS[table])
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


def note_case(repo: Repository, table: str, rec: ServerRecord, done: Applied) -> None:
    if table == "cases":
        done.case_ids.add(rec["id"])
    elif table == "persons":
        done.case_ids.add(str(rec["data"].get("case_id") or rec.get("case_id") or ""))
    elif table == "addresses":
        done.case_ids.add(str(rec.get("case_id") or ""))


def reindex(repo: Repository, case_ids: set[str], new_cases: set[str] | None = None) -> None:
    """Search documents of the cases touched; a case inserted just now has none to replace."""
    fresh = sorted(new_cases or set())
    search.reindex_cases(repo.db, sorted(c for c in case_ids - set(fresh) if c))
    search.reindex_cases(repo.db, fresh, new=True)


def fold_answer(repo: Repository, server: ServerRecord, local_id: str, done: Applied) -> None:
    local = repo.get("answers", local_id)
    if local is None:
        return
    conforms = child_conforms(repo, "answers", server["data"], server["id"], done)
    if conforms is False or (conforms is None and visit_locked(repo, local["visit_id"])):
        # A finalized visit's answer is never replaced by one its document does not hold.
        note_conflict(repo, "answers", server["id"], "*", None, server["data"], server["rev"])
        done.conflicts += 1
        return
    repo.db.execute("DELETE FROM answers WHERE id = ?", [local_id])
    if local["deleted"]:
        local = {**local, "value": server["data"].get("value"), "note": server["data"].get("note")}
    repo.db.execute("DELETE FROM quarantine WHERE entity = 'answers' AND entity_id = ?", [local_id])
    if repo.get("answers", server["id"]) is None:
        cols = columns(repo, "answers")
        row = {"id": server["id"], "rev": server["rev"], "dirty": 0, "dirty_fields": "[]",
               "modified_at": server.get("modified_at", ""), "modified_by": server.get("modified_by", "")}
        values = [row[c] if c in row else server["data"].get(c) for c in cols]
        marks = ", ".join("?" * len(cols))
        repo.db.execute(f"INSERT INTO answers ({', '.join(cols)}) VALUES ({marks})", values)
        done.records += 1
    for name in ("value", "note"):  # the laptop's own answer is kept visibly
        if local.get(name) != server["data"].get(name):
            note_conflict(repo, "answers", server["id"], name, local.get(name), server["data"].get(name),
                          server["rev"])
            done.conflicts += 1
