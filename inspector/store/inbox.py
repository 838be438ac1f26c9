"""Applying what the server sent: pulled pages with their cursor, several in one transaction.

Every function here runs on the workspace's database lane.
"""

from __future__ import annotations

import operator
from typing import Any

from .. import evidence
from ..protocol.constants import FINALIZED_STATUSES
from ..protocol.wire import PullResponse, ServerRecord
from ..records import APPLY_ORDER, FIELDS, FROZEN_CHILDREN, SEALED
from . import scope
from .conflicts import note_conflict
from .merging import (
    CHUNK,
    META,
    Applied,
    apply_record,
    child_conforms,
    columns,
    fold_answer,
    note_case,
    reindex,
    rows_by_id,
    visit_guarded,
)
from .repository import Repository

CURSOR_KEY = "sync_cursor"  # the workspace setting holding the pull's position
SYNC_ACTOR = "synchronisatie"


def missing_blobs(repo: Repository, records: list[ServerRecord]) -> list[str]:
    """Blob hashes that pulled attachments refer to and this laptop does not have."""
    wanted = sorted({str(r["data"].get("sha256")) for r in records
                     if r["entity"] == "attachments" and r["data"].get("sha256")})
    have: set[str] = set()
    for start in range(0, len(wanted), CHUNK):
        part = wanted[start:start + CHUNK]
        have |= {row[0] for row in repo.db.execute(
            f"SELECT sha256 FROM blobs WHERE sha256 IN ({','.join('?' * len(part))})", part)}
    return [h for h in wanted if h not in have]


def apply_pages(repo: Repository, pages: list[PullResponse]) -> Applied:
    """Write consecutive pulled pages, each with its cursor, in one transaction.

    Each page is applied as it came, and as if alone: its records, then the search documents of the
    cases it touched, then its cursor. One commit for several pages: the records of a large pull go
    into the indexes (random ids) of an ever larger workspace, and every commit writes each index
    page it changed once more (encrypted), so fewer commits write far less. A pull cut short still
    loses nothing: what was committed is there, with the cursor that continues after it.

    Foreign keys are off while applying: a page may bring a case before the address it refers to
    (records arrive in revision order); the next pages bring the rest. Cases that left this
    laptop's scope are removed (``scope.settle``); a page with ``restart``: the server started this
    pull from the beginning; without ``more``: the last page. A finalized visit or addendum whose
    seal does not hold is not taken: it waits as a conflict of kind seal_invalid.
    """
    done = Applied()
    if len(pages) == 1 and not pages[0]["records"] and not pages[0].get("restart") and \
            repo.setting(CURSOR_KEY) == pages[0]["cursor"] and repo.setting(scope.RESCAN_KEY) is None:
        return done  # nothing new (a sync with nothing to do): no write, no commit
    conn = repo.db.conn
    conn.execute("PRAGMA foreign_keys = OFF")  # outside the transaction: inside, SQLite ignores it
    try:
        with repo.transaction():
            for page in pages:
                done.add(_apply_page(repo, page))
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    return done


def _apply_page(repo: Repository, page: PullResponse) -> Applied:
    done = Applied()
    records = [r for r in page["records"] if r["entity"] not in SEALED or _seal_holds(repo, r, done)]
    if page.get("restart"):
        scope.start_rescan(repo)
    grouped: dict[str, list[ServerRecord]] = {}
    for rec in records:
        if rec["entity"] in FIELDS:
            grouped.setdefault(rec["entity"], []).append(rec)
    for table in APPLY_ORDER:
        if table in grouped:
            _apply_table(repo, table, grouped[table], done)
    reindex(repo, done.case_ids, done.new_cases)
    done.removed = scope.settle(repo, records, not page["more"])
    repo.set_setting(CURSOR_KEY, page["cursor"])
    return done


def _apply_table(repo: Repository, table: str, recs: list[ServerRecord], done: Applied) -> None:
    existing = rows_by_id(repo, table, [r["id"] for r in recs])
    inserts = [r for r in recs if r["id"] not in existing] if existing else recs
    if table in _CHECKED_WHEN_NEW and inserts:
        inserts = _admit_new(repo, table, inserts, done)
    for rec in recs if existing else ():
        local = existing.get(rec["id"])
        if local is not None and (local["rev"] != rec["rev"] or local["dirty"]):
            apply_record(repo, rec, done, local=local)
    if inserts:
        _insert(repo, table, inserts)
        done.records += len(inserts) if table != "audit" else 0
        if table in _INDEXED:
            for rec in inserts:
                note_case(repo, table, rec, done)
        if table == "cases":
            done.new_cases.update(rec["id"] for rec in inserts)


_CHECKED_WHEN_NEW = frozenset({"cases", *FROZEN_CHILDREN})  # see _admit_new
_INDEXED = frozenset({"cases", "persons", "addresses"})  # what the search documents hold (note_case)


def _admit_new(repo: Repository, table: str, recs: list[ServerRecord], done: Applied) -> list[ServerRecord]:
    """The new records of a page that may be inserted as they are: a case number a case created here
    took is freed first, an answer to a question this laptop answered too is folded into it, and a new
    answer or photo of a visit finalized here is taken only when the visit's document holds it."""
    if table == "cases":
        numbers = _lookup(repo, "SELECT number, id FROM cases WHERE number IN ({})",
                          [r["data"].get("number") for r in recs])
        for rec in recs:
            if numbers.get(rec["data"].get("number"), rec["id"]) != rec["id"]:
                _free_case_number(repo, rec)
        return recs
    visit_ids = [r["data"].get("visit_id") for r in recs]
    guarded = set(_lookup(repo, "SELECT id, id FROM visits WHERE id IN ({}) AND status IN "
                                "('finalized', 'synced')", visit_ids))
    answered = _lookup(repo, "SELECT visit_id || '|' || item_id || '|' || room, id FROM answers "
                             "WHERE visit_id IN ({})", visit_ids) if table == "answers" else {}
    admitted = []
    for rec in recs:
        data = rec["data"]
        if answered and answered.get(f"{data.get('visit_id')}|{data.get('item_id')}|{data.get('room', '')}",
                                     rec["id"]) != rec["id"] and _answer_taken(repo, rec, done):
            continue
        if data.get("visit_id") in guarded and not _new_child_fits(repo, table, rec, done):
            note_conflict(repo, table, rec["id"], "*", None, rec["data"], rec["rev"])
            done.conflicts += 1
            continue
        admitted.append(rec)
    return admitted


def _insert(repo: Repository, table: str, recs: list[ServerRecord]) -> None:
    """Insert records this laptop does not have, as the server sent them (one statement per page)."""
    fields = [c for c in columns(repo, table) if c not in META]
    names = [*META, *fields]
    sql = f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in names)}) " \
          f"VALUES ({', '.join('?' * len(names))})"
    pick = operator.itemgetter(*fields)
    try:  # the server sends every column: the fast path
        values = [(r["id"], r["rev"], 0, "[]", r["modified_at"], r["modified_by"], *pick(r["data"]))
                  for r in recs]
    except KeyError:
        defaults = {c: _default(FIELDS[table].get(c)) for c in fields}
        values = [(r["id"], r["rev"], 0, "[]", r.get("modified_at", ""), r.get("modified_by", ""),
                   *(r["data"].get(c, defaults[c]) for c in fields)) for r in recs]
    repo.db.conn.executemany(sql, values)


def _lookup(repo: Repository, sql: str, keys: list[Any]) -> dict[Any, Any]:
    """{first column: second column} for ``sql`` with its ``IN ({})`` filled with ``keys``."""
    out: dict[Any, Any] = {}
    wanted = sorted({k for k in keys if k is not None})
    for start in range(0, len(wanted), CHUNK):
        part = wanted[start:start + CHUNK]
        out.update(repo.db.execute(sql.format(",".join("?" * len(part))), part).fetchall())
    return out


def _default(value: Any) -> Any:
    return None if value is None or not isinstance(value, str | int | float) else value


def _free_case_number(repo: Repository, rec: ServerRecord) -> None:
    """A case created here offline took a number the server gave to another case: rename ours."""
    number = rec["data"].get("number")
    hit = repo.db.execute("SELECT id, rev FROM cases WHERE number = ? AND id != ?",
                        [number, rec["id"]]).fetchone()
    if hit is None:
        return
    other_id, rev = hit
    new_number = f"{number}-{other_id[-4:]}"  # random in every id version (ids.py)
    if rev == 0:
        repo.update("cases", other_id, {"number": new_number}, SYNC_ACTOR,
                       f"zaaknummer {number} is op de server al in gebruik")
        # Its records were refused along with it ("case unknown"): under the new number they go again.
        for table, ids in scope.case_records(repo, other_id).items():
            for record_id in ids:
                repo.db.execute("DELETE FROM quarantine WHERE entity = ? AND entity_id = ?", [table,
                                                                                              record_id])
    else:
        repo.db.execute("UPDATE cases SET number = ? WHERE id = ?", [new_number, other_id])


def _answer_taken(repo: Repository, rec: ServerRecord, done: Applied) -> bool:
    """Fold a local answer to the same question into the server's answer (conflict when they differ)."""
    data = rec["data"]
    hit = repo.db.execute("SELECT id FROM answers WHERE visit_id = ? AND item_id = ? AND room = ? "
                          "AND id != ?",
                        [data.get("visit_id"), data.get("item_id"), data.get("room", ""),
                         rec["id"]]).fetchone()
    if hit is None:
        return False
    if data.get("deleted"):
        return True  # the server set that answer aside: this laptop never had it and keeps its own
    fold_answer(repo, rec, hit[0], done)
    return True


def _new_child_fits(repo: Repository, table: str, rec: ServerRecord, done: Applied) -> bool:
    """A new answer or photo of a visit finalized on this laptop is taken only when its document has it
    (or, for a visit of release 0.1, when the server already holds that visit as finalized)."""
    conforms = child_conforms(repo, table, rec["data"], rec["id"], done)
    if conforms is None:
        return not visit_guarded(repo, rec["data"].get("visit_id"))
    return conforms


def _seal_holds(repo: Repository, rec: ServerRecord, done: Applied) -> bool:
    """A pulled sealed record (a finalized visit, an addendum): does its frozen document still have its
    fingerprint, signed by the laptop that sealed it? (The device's signature is what the server could
    not forge; the server's own receipt is checked when the visit is verified or shown: each check
    costs an Ed25519 verification, about 0.15 ms here, and an initial pull brings thousands.)
    Other records always pass."""
    data = rec.get("data") or {}
    if rec["entity"] == "visits" and data.get("status") not in FINALIZED_STATUSES:
        return True
    if rec["entity"] not in SEALED or data.get("deleted"):
        return True
    kind = evidence.KIND_VISIT if rec["entity"] == "visits" else evidence.KIND_ADDENDUM
    if evidence.fingerprint_format(str(data.get("fingerprint") or "")) == 1:  # release 0.1: as then
        return True
    verdict = evidence.verdict(kind, rec["id"], {**data, "receipt": ""}, strict=False)
    if verdict.ok:
        return True
    note_conflict(repo, rec["entity"], rec["id"], "*", None, data, int(rec["rev"]), kind="seal_invalid")
    done.conflicts += 1
    return False
