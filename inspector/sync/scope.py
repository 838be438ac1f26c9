"""Cases that leave this laptop's scope: moved to another team, or the user left a team.

A laptop holds only the cases of its user's teams. When the server moves a case to another team,
the old team's laptops pull a *departure* notice; when the user's teams change, the server restarts
the pull from the beginning, and the cases it no longer delivers are out of scope. Either way the
laptop removes its copy — unless something in it has not reached the server yet: then the case
stays, and the refused push shows in the quarantine with the server's reason.
Every function here runs on the workspace's database lane, inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..workspace import Workspace

RESCAN_KEY = "sync_unconfirmed_cases"  # cases not yet seen again since the pull restarted
DEPARTURES = "departures"


def _ids(ws: Workspace, sql: str, keys: list[str]) -> list[str]:
    """The first column of ``sql`` with its ``IN ({})`` filled with ``keys`` (in parts)."""
    out: list[str] = []
    for start in range(0, len(keys), 500):
        part = keys[start:start + 500]
        out += [r[0] for r in ws.db.execute(sql.format(",".join("?" * len(part))), part).fetchall()]
    return out


def _delete(ws: Workspace, table: str, column: str, keys: list[str]) -> None:
    for start in range(0, len(keys), 500):
        part = keys[start:start + 500]
        ws.db.execute(f"DELETE FROM [{table}] WHERE [{column}] IN ({','.join('?' * len(part))})", part)


def case_records(ws: Workspace, case_id: str) -> dict[str, list[str]]:
    """The ids of every record of a case, per table (audit entries about them included)."""
    visits = _ids(ws, "SELECT id FROM visits WHERE case_id IN ({})", [case_id])
    found = {
        "cases": [case_id],
        "persons": _ids(ws, "SELECT id FROM persons WHERE case_id IN ({})", [case_id]),
        "visits": visits,
        "answers": _ids(ws, "SELECT id FROM answers WHERE visit_id IN ({})", visits),
        "attachments": _ids(ws, "SELECT id FROM attachments WHERE visit_id IN ({})", visits),
        "addenda": _ids(ws, "SELECT id FROM addenda WHERE visit_id IN ({})", visits),
        "addresses": _ids(ws, "SELECT a.id FROM addresses a JOIN cases c ON c.address_id = a.id "
                              "WHERE c.id IN ({}) AND NOT EXISTS (SELECT 1 FROM cases o WHERE "
                              "o.address_id = a.id AND o.id != c.id)", [case_id]),
    }
    every = [i for ids in found.values() for i in ids]
    found["audit"] = _ids(ws, "SELECT id FROM audit WHERE entity_id IN ({})", every)
    return found


def forget_case(ws: Workspace, case_id: str, *, unsent_too: bool = False) -> bool:
    """Remove a case and everything of it from this laptop (no audit: the server keeps the record).

    Returns False, keeping it, when any of it has changes the server has not received — unless
    ``unsent_too`` (the inspector chose to let go of a case that is no longer theirs)."""
    found = case_records(ws, case_id)
    for table, ids in found.items():
        if not unsent_too and _ids(ws, f"SELECT id FROM [{table}] WHERE dirty = 1 AND id IN ({{}})", ids):
            return False
    every = [i for ids in found.values() for i in ids]
    hashes = _ids(ws, "SELECT sha256 FROM attachments WHERE id IN ({})", found["attachments"])
    for table in ("audit", "attachments", "answers", "addenda", "visits", "persons", "cases", "addresses"):
        _delete(ws, table, "id", found[table])
    _delete(ws, "conflicts", "entity_id", every)
    _delete(ws, "quarantine", "entity_id", every)
    ws.db.execute("DELETE FROM search WHERE case_id = ?", [case_id])
    for sha in hashes:  # a photo may also belong to a case that stays
        ws.db.execute("DELETE FROM blobs WHERE sha256 = ? AND NOT EXISTS "
                      "(SELECT 1 FROM attachments WHERE sha256 = ?)", [sha, sha])
    return True


def start_rescan(ws: Workspace) -> None:
    """The pull starts again from the beginning: every case the server has had is unconfirmed."""
    ws.repo.set_setting(RESCAN_KEY, [r[0] for r in ws.db.execute(
        "SELECT id FROM cases WHERE rev > 0 ORDER BY id").fetchall()])


def settle(ws: Workspace, records: list[dict[str, Any]], final: bool) -> list[str]:
    """Handle one pulled page: departure notices, and (during a restarted pull) the cases seen again;
    after the last page the cases not seen again are out of scope. Returns the numbers removed."""
    removed: list[str] = []
    latest: dict[str, int] = {}
    for rec in records:
        if rec["entity"] != DEPARTURES:
            latest[rec["case_id"]] = max(latest.get(rec["case_id"], 0), int(rec["rev"]))
    for rec in records:
        # A case that left and came back within this page stays.
        if rec["entity"] == DEPARTURES and latest.get(rec["case_id"], 0) < int(rec["rev"]):
            removed += _forget(ws, [rec["case_id"]])
    unconfirmed = ws.repo.setting(RESCAN_KEY)
    if unconfirmed is None:
        return removed
    left = [c for c in unconfirmed if c not in latest]
    if final:
        removed += _forget(ws, left)
        ws.db.execute("DELETE FROM settings WHERE key = ?", [RESCAN_KEY])
    elif len(left) != len(unconfirmed):
        ws.repo.set_setting(RESCAN_KEY, left)
    return removed


def _forget(ws: Workspace, case_ids: Iterable[str]) -> list[str]:
    removed = []
    for case_id in case_ids:
        row = ws.db.execute("SELECT number FROM cases WHERE id = ?", [case_id]).fetchone()
        if row is not None and forget_case(ws, case_id):
            removed.append(str(row[0]))
    return removed
