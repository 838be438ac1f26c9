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


def pending_keys(repo: Repository) -> list[tuple[str, str]]:
    """Dirty records in push order, without those waiting in quarantine."""
    held = {(r["entity"], r["entity_id"]): r["created_at"]
            for r in repo.db.query("SELECT entity, entity_id, created_at FROM quarantine")}
    keys: list[tuple[str, str]] = []
    for table in PUSH_ORDER:
        # ORDER BY id, not rowid: it keeps the query on the partial index (no scan of the table).
        for record_id, modified_at in repo.db.execute(
                f"SELECT id, modified_at FROM [{table}] WHERE dirty = 1 ORDER BY id").fetchall():
            since = held.get((table, record_id))
            if since is None or (modified_at or "") > since:  # edited after it was refused: try again
                keys.append((table, record_id))
    return keys


def pending_count(repo: Repository) -> int:
    """Changes waiting to be sent (audit entries not counted: they go with the change)."""
    return sum(repo.db.execute(f"SELECT count(*) FROM [{t}] WHERE dirty = 1").fetchone()[0]
               for t in CONTENT)


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
