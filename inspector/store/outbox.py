"""What this laptop sends: changed records in push order, and the server's answer to them.

Every function here runs on the workspace's database lane.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from ..protocol.constants import FINALIZED_STATUSES
from ..protocol.wire import Entity, PushRecord, PushResponse
from ..records import CONTENT, FIELDS, PUSH_ORDER
from .conflicts import note_conflict, quarantine
from .merging import Applied, apply_record, dirty_fields, fold_answer, reindex, rows_by_id
from .repository import Repository
from .scope import case_of


def _dirty(tables: Iterable[str]) -> str:
    """Every dirty record of ``tables`` (its table's place among them, table, id, modified_at), one
    statement: each part stays on its table's partial index (migrations.py, 0002)."""
    return " UNION ALL ".join(
        f"SELECT {n} AS place, '{t}' AS entity, id, modified_at FROM [{t}] WHERE dirty = 1"
        for n, t in enumerate(tables))


# A record refused by the server waits in the quarantine until it is edited again (or released).
_PENDING = (f"SELECT d.entity, d.id FROM ({_dirty(PUSH_ORDER)}) AS d "
            "LEFT JOIN quarantine AS q ON q.entity = d.entity AND q.entity_id = d.id "
            "WHERE q.created_at IS NULL OR coalesce(d.modified_at, '') > q.created_at ORDER BY d.place, d.id")
_COUNT = f"SELECT count(*) FROM ({_dirty(CONTENT)})"
_WAITING = (f"SELECT (SELECT count(*) FROM ({_dirty(CONTENT)}) AS d WHERE NOT EXISTS "
            "(SELECT 1 FROM quarantine AS q WHERE q.entity = d.entity AND q.entity_id = d.id)), "
            "(SELECT count(*) FROM quarantine WHERE entity != 'audit')")


def pending_keys(repo: Repository) -> list[tuple[str, str]]:
    """Dirty records in push order (by table, then id), without those waiting in quarantine."""
    return [(str(t), str(i)) for t, i in repo.db.execute(_PENDING).fetchall()]


def pending_count(repo: Repository) -> int:
    """Changes waiting to be sent (audit entries not counted: they go with the change)."""
    return int(repo.db.execute(_COUNT).fetchone()[0])


def waiting(repo: Repository) -> tuple[int, int]:
    """(records changed here and not yet accepted by the server, not counting refused ones; refused
    records waiting in the quarantine), as reported to the server at each sync."""
    unsent, refused = repo.db.execute(_WAITING).fetchone()
    return int(unsent), int(refused)


def build_batch(repo: Repository, keys: Iterable[tuple[str, str]]) -> list[PushRecord]:
    """The push records for ``keys``: changed fields only, everything for a record the server lacks."""
    memo: dict[tuple[str, str], str] = {}
    out: list[PushRecord] = []
    by_table: dict[str, list[str]] = {}
    order = list(keys)
    for table, record_id in order:
        by_table.setdefault(table, []).append(record_id)
    rows = {t: rows_by_id(repo, t, ids) for t, ids in by_table.items()}
    for table, record_id in order:
        row = rows[table].get(record_id)
        if row is None or not row["dirty"]:
            continue
        synced = [c for c in FIELDS[table] if c in row]
        dirty = dirty_fields(row) & set(synced)
        # A visit being finalized goes whole: on the server its record must say what its document says.
        finalizing = table == "visits" and "status" in dirty and row["status"] in FINALIZED_STATUSES
        names = synced if row["rev"] == 0 or not dirty or finalizing else sorted(dirty)
        out.append(PushRecord(entity=cast(Entity, table), id=record_id, case_id=case_of(repo, table, row,
                                                                                        memo),
                              base_rev=int(row["rev"]), fields={c: row[c] for c in names},
                              modified_at=row["modified_at"] or "", modified_by=row["modified_by"] or ""))
    return out


def apply_push_results(repo: Repository, sent: list[PushRecord], response: PushResponse) -> Applied:
    """Record the server's answer to a batch: new revisions, merged fields, conflicts, quarantine."""
    done = Applied()
    by_key = {(r["entity"], r["id"]): r for r in sent}
    with repo.transaction():
        for result in response.get("results", []):
            rec = by_key.get((result["entity"], result["id"]))
            if rec is None:
                continue
            if result["status"] == "rejected":
                other = result.get("record")
                if result.get("code") == "duplicate_answer" and other is not None:
                    fold_answer(repo, other, rec["id"], done)
                    continue
                if result.get("code") == "blob_missing":
                    # The server lacks the photo this laptop thought it had sent: send it again, and the
                    # record with it, at the next sync (not a refusal to wait on).
                    repo.mark_unsent(str(rec["fields"].get("sha256") or ""))
                    continue
                quarantine(repo, rec["entity"], rec["id"], result.get("code", ""),
                            result.get("reason_nl", ""), result.get("reason", ""))
                done.rejected += rec["entity"] != "audit"
                continue
            server = result.get("record")
            if server is None:
                continue
            refused = set(result.get("conflicts", []))
            accepted = {k: v for k, v in rec["fields"].items() if k not in refused}
            apply_record(repo, server, done, accepted=accepted, refused=refused, base_rev=rec["base_rev"])
            done.accepted += rec["entity"] != "audit"
            repo.db.execute("DELETE FROM quarantine WHERE entity = ? AND entity_id = ?",
                          [rec["entity"], rec["id"]])
        for replaced in response.get("superseded", []):
            # The finalized visit kept this laptop's value; another laptop's differing value is shown.
            note_conflict(repo, replaced["entity"], replaced["id"], replaced["field"], replaced.get("kept"),
                          replaced.get("value"), int(replaced.get("rev") or 0), kind="superseded")
            done.conflicts += 1
        done.receipts += len(response.get("receipts", []))
        reindex(repo, done.case_ids)
    return done
