"""Removing this laptop's copy of finalized visits whose retention period has passed.

The server sets the periods and sends them at every sync (``POST /device/status``): how many days after
its receipt a laptop keeps a finalized visit, and per visit type how many months after finalizing the
server itself keeps it (a visit the server removed goes from the laptop too). Only a visit that is
finalized, carries its receipt, and has nothing unsent, refused or in conflict (itself, its answers,
photos, follow-ups, addenda and their audit entries) is removed, with the settled conflicts about
them; a draft or a visit waiting for its receipt never is. The case, its address and persons stay: the
server still has them (when the server removes a case, the laptop receives a departure notice and
removes it, see ``scope.py``).

Everything of one purge happens in one transaction, with one line in ``retention_log``: when, by which
rule, how many visits, records and photos, and the visits' ids and fingerprints (no personal data).
Runs on the workspace's database lane.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from .. import records
from ..evidence import parse_receipt
from ..model import new_id
from ..protocol.periods import months_before
from . import scope, search
from .repository import Repository

_UNDER_VISIT = records.CHILDREN["visits"]  # answers, attachments, follow-ups, addenda


@dataclass
class Purged:
    visits: list[dict[str, str]] = field(default_factory=list)  # id, fingerprint, rule
    records: int = 0
    photos: int = 0


def _moment(text: str) -> datetime | None:
    try:
        found = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return None
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def due(repo: Repository, keep_days: int | None, months: dict[str, int],
        now: datetime) -> list[tuple[str, str, str]]:
    """(visit id, fingerprint, rule) of finalized visits with a receipt whose period has passed.

    Only visits finalized before the latest moment a rule reaches are read, on the index of
    acknowledged visits by ``finalized_at`` (local step 0011): so a sync does not read every visit of
    the workspace. A receipt comes after its visit was finalized; a day's margin covers a laptop clock
    that ran ahead and a moment written with a UTC offset (compared as text). Each candidate is then
    checked exactly."""
    if keep_days is None and not months:
        return []
    reach = [months_before(now, m) for m in months.values()]
    if keep_days is not None:
        reach.append(now - timedelta(days=keep_days))
    before = (max(reach) + timedelta(days=1)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    out = []
    rows = repo.db.execute("SELECT id, template_id, finalized_at, fingerprint, receipt FROM visits "
                           "WHERE receipt != '' AND finalized_at < ? AND status IN ('finalized', 'synced') "
                           "AND dirty = 0 ORDER BY id", [before]).fetchall()
    for visit_id, template_id, finalized_at, fingerprint, receipt in rows:
        parsed = parse_receipt(str(receipt or ""))
        issued = _moment(parsed.issued_at) if parsed else None
        if issued is None:
            continue
        rule = ""
        if keep_days is not None and issued + timedelta(days=keep_days) <= now:
            rule = f"laptop: {keep_days} dagen na ontvangstbewijs"
        finalized = _moment(str(finalized_at or ""))
        if not rule and template_id in months and finalized is not None and \
                finalized < months_before(now, months[template_id]):
            rule = f"{template_id}: {months[template_id]} maanden na afronden"
        if rule:
            out.append((visit_id, str(fingerprint or ""), rule))
    return out


def belonging(repo: Repository, visit_id: str) -> dict[str, list[str]]:
    """The ids of a visit's records, per table, with the audit entries about any of them."""
    found: dict[str, list[str]] = {"visits": [visit_id]}
    for table in _UNDER_VISIT:
        found[table] = scope.ids(repo, f"SELECT id FROM [{table}] WHERE visit_id IN ({{}})", [visit_id])
    every = [i for ids in found.values() for i in ids]
    found["audit"] = scope.ids(repo, "SELECT id FROM audit WHERE entity_id IN ({})", every)
    return found


def held_back(repo: Repository, found: dict[str, list[str]]) -> bool:
    """Something of the visit has not reached the server or waits for the inspector: unsent, refused,
    in an open conflict, or an addendum without its receipt."""
    every = [i for ids in found.values() for i in ids]
    for table, ids in found.items():
        if scope.ids(repo, f"SELECT id FROM [{table}] WHERE dirty = 1 AND id IN ({{}})", ids):
            return True
    if scope.ids(repo, "SELECT entity_id FROM quarantine WHERE entity_id IN ({})", every) or scope.ids(
            repo, "SELECT entity_id FROM conflicts WHERE resolved = 0 AND entity_id IN ({})", every):
        return True
    return bool(scope.ids(repo, "SELECT id FROM addenda WHERE receipt = '' AND id IN ({})",
                          found.get("addenda", [])))


def purge(repo: Repository, visits: list[tuple[str, str, str]], now: datetime) -> Purged:
    """Remove these visits (from ``due``, each checked again here) in one transaction with one log line."""
    done = Purged()
    with repo.transaction():
        cases: set[str] = set()
        hashes: set[str] = set()
        for visit_id, fingerprint, rule in visits:
            found = belonging(repo, visit_id)
            if held_back(repo, found):
                continue
            row = repo.db.execute("SELECT case_id FROM visits WHERE id = ?", [visit_id]).fetchone()
            if row is None:
                continue
            cases.add(str(row[0]))
            hashes |= set(scope.ids(repo, "SELECT sha256 FROM attachments WHERE id IN ({})",
                                    found["attachments"]))
            for table in reversed(records.APPLY_ORDER):  # children before the visit they refer to
                if found.get(table):
                    for start in range(0, len(found[table]), 500):
                        part = found[table][start:start + 500]
                        repo.db.execute(f"DELETE FROM [{table}] WHERE id IN ({','.join('?' * len(part))})",
                                        part)
            every = [i for ids in found.values() for i in ids]
            for start in range(0, len(every), 500):  # settled conflicts still hold the values they were about
                part = every[start:start + 500]
                repo.db.execute(f"DELETE FROM conflicts WHERE entity_id IN ({','.join('?' * len(part))})",
                                part)
            done.records += len(every)
            done.visits.append({"id": visit_id, "fingerprint": fingerprint, "rule": rule})
        for sha in sorted(hashes):  # a photo may also belong to a visit that stays
            gone = repo.db.execute("DELETE FROM blobs WHERE sha256 = ? AND NOT EXISTS "
                                   "(SELECT 1 FROM attachments WHERE sha256 = ?)", [sha, sha]).rowcount
            done.photos += max(gone, 0)
        for case_id in sorted(cases):
            search.reindex_case(repo.db, case_id)
        if done.visits:
            rules = sorted({v["rule"] for v in done.visits})
            repo.db.execute(
                "INSERT INTO retention_log (id, at, rule, visits, records, photos, detail) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [new_id(), now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "; ".join(rules),
                 len(done.visits), done.records, done.photos,
                 json.dumps(done.visits, ensure_ascii=False)])
    return done


def log(repo: Repository) -> list[dict[str, Any]]:
    """The purges this laptop did, newest first."""
    return repo.query("SELECT * FROM retention_log ORDER BY at DESC, rowid DESC")

