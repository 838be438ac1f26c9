"""Which case a record belongs to, every record of a case, and removing a case from this laptop.

The paths come from the record registry (``records.Entity.parent``): a person or visit names its
case, an answer, photo or addendum its visit, an audit entry the record it is about, and an address
belongs to the case that refers to it.

A laptop holds only the cases of its user's teams. When the server moves a case to another team,
the old team's laptops pull a *departure* notice; when the user's teams change, the server restarts
the pull from the beginning, and the cases it no longer delivers are out of scope. Either way the
laptop removes its copy — unless something in it has not reached the server yet: then the case
stays, and the refused push shows in the quarantine with the server's reason.
Every function here runs on the workspace's database lane, inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import records
from ..protocol.constants import DEPARTURES
from ..protocol.wire import ServerRecord
from . import search
from .repository import Repository

RESCAN_KEY = "sync_unconfirmed_cases"  # cases not yet seen again since the pull restarted
_PART = 500


def ids(repo: Repository, sql: str, keys: list[str]) -> list[str]:
    """The first column of ``sql`` with its ``IN ({})`` filled with ``keys`` (in parts)."""
    out: list[str] = []
    for start in range(0, len(keys), _PART):
        part = keys[start:start + _PART]
        out += [r[0] for r in repo.db.execute(sql.format(",".join("?" * len(part))), part).fetchall()]
    return out


def _delete(repo: Repository, table: str, column: str, keys: list[str]) -> None:
    for start in range(0, len(keys), _PART):
        part = keys[start:start + _PART]
        repo.db.execute(f"DELETE FROM [{table}] WHERE [{column}] IN ({','.join('?' * len(part))})", part)


def case_of(repo: Repository, entity: str, row: dict[str, Any],
            memo: dict[tuple[str, str], str] | None = None) -> str:
    """The id of the case ``row`` (a record of ``entity``) belongs to; "" when it has none here."""
    memo = {} if memo is None else memo
    key = (entity, row["id"])
    if key in memo:
        return memo[key]
    parent = records.entity(entity).parent
    case_id = ""
    if entity == "cases":
        case_id = row["id"]
    elif entity == "addresses":
        hit = repo.db.execute("SELECT id FROM cases WHERE address_id = ? ORDER BY rowid",
                              [row["id"]]).fetchone()
        case_id = hit[0] if hit else ""
    elif parent is not None and parent[1] == "cases":
        case_id = row[parent[0]]
    elif parent is not None:
        table = row["entity"] if parent[1] == "*" else parent[1]
        target = repo.get(table, row[parent[0]]) if table in records.ENTITIES and table != "audit" else None
        if target is not None:
            case_id = case_of(repo, table, target, memo)
    memo[key] = case_id
    return case_id


def case_records(repo: Repository, case_id: str) -> dict[str, list[str]]:
    """The ids of every record of a case, per table (audit entries about them included)."""
    found: dict[str, list[str]] = {"cases": [case_id]}
    frontier = ["cases"]
    while frontier:
        parent = frontier.pop()
        for child in records.CHILDREN[parent]:
            column = records.entity(child).parent[0]  # type: ignore[index]
            found[child] = ids(repo, f"SELECT id FROM [{child}] WHERE [{column}] IN ({{}})", found[parent])
            frontier.append(child)
    found["addresses"] = ids(repo, "SELECT a.id FROM addresses a JOIN cases c ON c.address_id = a.id "
                                   "WHERE c.id IN ({}) AND NOT EXISTS (SELECT 1 FROM cases o WHERE "
                                   "o.address_id = a.id AND o.id != c.id)", [case_id])
    every = [i for found_ids in found.values() for i in found_ids]
    found["audit"] = ids(repo, "SELECT id FROM audit WHERE entity_id IN ({})", every)
    return found


def forget_case(repo: Repository, case_id: str, *, unsent_too: bool = False) -> bool:
    """Remove a case and everything of it from this laptop (no audit: the server keeps the record).

    Returns False, keeping it, when any of it has changes the server has not received — unless
    ``unsent_too`` (the inspector chose to let go of a case that is no longer theirs)."""
    found = case_records(repo, case_id)
    for table, found_ids in found.items():
        if not unsent_too and ids(repo, f"SELECT id FROM [{table}] WHERE dirty = 1 AND id IN ({{}})",
                                  found_ids):
            return False
    every = [i for found_ids in found.values() for i in found_ids]
    hashes = ids(repo, "SELECT sha256 FROM attachments WHERE id IN ({})", found["attachments"])
    for table in reversed(records.APPLY_ORDER):  # children before what they refer to
        _delete(repo, table, "id", found[table])
    _delete(repo, "conflicts", "entity_id", every)
    _delete(repo, "quarantine", "entity_id", every)
    search.forget(repo.db, case_id)
    for sha in hashes:  # a photo may also belong to a case that stays
        repo.db.execute("DELETE FROM blobs WHERE sha256 = ? AND NOT EXISTS "
                        "(SELECT 1 FROM attachments WHERE sha256 = ?)", [sha, sha])
    return True


def start_rescan(repo: Repository) -> None:
    """The pull starts again from the beginning: every case the server has had is unconfirmed."""
    repo.set_setting(RESCAN_KEY, [r[0] for r in repo.db.execute(
        "SELECT id FROM cases WHERE rev > 0 ORDER BY id").fetchall()])


def settle(repo: Repository, pulled: list[ServerRecord], final: bool) -> list[str]:
    """Handle one pulled page: departure notices, and (during a restarted pull) the cases seen again;
    after the last page the cases not seen again are out of scope. Returns the numbers removed."""
    removed: list[str] = []
    departures = [rec for rec in pulled if rec["entity"] == DEPARTURES]
    unconfirmed = repo.setting(RESCAN_KEY)
    if not departures and unconfirmed is None:
        return removed  # the usual page: nothing left this laptop's scope
    latest: dict[str, int] = {}
    for rec in pulled:
        if rec["entity"] != DEPARTURES:
            latest[rec["case_id"]] = max(latest.get(rec["case_id"], 0), int(rec["rev"]))
    for rec in departures:
        # A case that left and came back within this page stays.
        if latest.get(rec["case_id"], 0) < int(rec["rev"]):
            gone = _forget(repo, [rec["case_id"]])
            # A case the server removed under its retention period did not move to another team.
            removed += [] if rec["data"].get("reason") == "retention" else gone
    if unconfirmed is None:
        return removed
    left = [c for c in unconfirmed if c not in latest]
    if final:
        removed += _forget(repo, left)
        repo.db.execute("DELETE FROM settings WHERE key = ?", [RESCAN_KEY])
    elif len(left) != len(unconfirmed):
        repo.set_setting(RESCAN_KEY, left)
    return removed


def _forget(repo: Repository, case_ids: Iterable[str]) -> list[str]:
    removed = []
    for case_id in case_ids:
        row = repo.db.execute("SELECT number FROM cases WHERE id = ?", [case_id]).fetchone()
        if row is not None and forget_case(repo, case_id):
            removed.append(str(row[0]))
    return removed
