"""The two local lists sync keeps beside the records: open conflicts and the quarantine.

A conflict: a field where the server kept another value than this laptop had (the laptop's value is
kept here for the inspector to decide). The quarantine: records the server refused, with its reason;
they wait and block nothing else.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import new_id, utc_now
from .repository import Repository


def quarantine(repo: Repository, entity: str, entity_id: str, code: str, nl: str, en: str) -> None:
    repo.db.execute("DELETE FROM quarantine WHERE entity = ? AND entity_id = ?", [entity, entity_id])
    repo.db.execute("INSERT INTO quarantine (id, entity, entity_id, reason_code, reason, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?)",
                  [new_id(), entity, entity_id, code, json.dumps({"nl": nl, "en": en}, ensure_ascii=False),
                   utc_now()])


def note_conflict(repo: Repository, entity: str, entity_id: str, name: str, local: Any, server: Any,
                  server_rev: int, kind: str = "server_kept") -> None:
    """Keep a value the server did not take (one open row per field). ``kind``: server_kept (the server
    kept its value; the laptop's is here), superseded (a finalized visit kept the laptop's value; another
    laptop's is here), seal_invalid (a finalized visit from the server whose seal does not hold)."""
    repo.db.execute("DELETE FROM conflicts WHERE entity = ? AND entity_id = ? AND field = ? AND resolved = 0",
                    [entity, entity_id, name])
    repo.db.execute("INSERT INTO conflicts (id, entity, entity_id, field, local_value, server_value, "
                    "server_rev, created_at, resolved, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
                    [new_id(), entity, entity_id, name, json.dumps(local, ensure_ascii=False),
                     json.dumps(server, ensure_ascii=False), server_rev, utc_now(), kind])


def open_conflicts(repo: Repository) -> list[dict[str, Any]]:
    return repo.query("SELECT * FROM conflicts WHERE resolved = 0 ORDER BY created_at, rowid")


def open_conflict(repo: Repository, conflict_id: str) -> dict[str, Any] | None:
    hits = repo.query("SELECT * FROM conflicts WHERE id = ? AND resolved = 0", [conflict_id])
    return hits[0] if hits else None


def mark_resolved(repo: Repository, conflict_id: str) -> None:
    repo.db.execute("UPDATE conflicts SET resolved = 1 WHERE id = ?", [conflict_id])


def quarantined(repo: Repository) -> list[dict[str, Any]]:
    """Refused records (their audit entries, refused along with them, left out)."""
    return repo.query("SELECT * FROM quarantine WHERE entity != 'audit' ORDER BY created_at, rowid")


def release(repo: Repository, quarantine_ids: list[str] | None = None) -> None:
    """Offer refused records to the server again at the next sync (all when ``quarantine_ids`` is None)."""
    if quarantine_ids is None:
        repo.db.execute("DELETE FROM quarantine")
        return
    for qid in quarantine_ids:
        # The record's audit entries were refused with it and go again with it.
        repo.db.execute(
            "DELETE FROM quarantine WHERE entity = 'audit' AND entity_id IN "
            "(SELECT a.id FROM audit a JOIN quarantine q ON q.entity_id = a.entity_id WHERE q.id = ?)", [qid])
        repo.db.execute("DELETE FROM quarantine WHERE id = ?", [qid])


def counts(repo: Repository, actor: str) -> tuple[int, int, int]:
    """(open conflicts, quarantined records, visits finalized by ``actor`` and sent, without receipt)."""
    row = repo.query(
        "SELECT (SELECT count(*) FROM conflicts WHERE resolved = 0) AS c, "
        "(SELECT count(*) FROM quarantine WHERE entity != 'audit') AS q, "
        "(SELECT count(*) FROM visits WHERE status = 'finalized' AND dirty = 0 AND rev > 0 "
        "AND modified_by = ?) AS r", [actor])[0]
    return int(row["c"]), int(row["q"]), int(row["r"])


def case_number(repo: Repository, case_id: str) -> str:
    hit = repo.query("SELECT number FROM cases WHERE id = ?", [case_id])
    return str(hit[0]["number"]) if hit else ""


def synced_case_id(repo: Repository, number: str) -> str | None:
    """The id of the case with ``number`` when the server has had it (rev > 0)."""
    hit = repo.query("SELECT id FROM cases WHERE number = ? AND rev > 0", [number])
    return str(hit[0]["id"]) if hit else None
