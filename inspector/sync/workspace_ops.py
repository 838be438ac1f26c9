"""Sync operations on the Workspace (mixed into ``Workspace``): status, conflicts, quarantine.

Resolving a conflict writes through the repository, so the choice is audited and synced like any
other change: "keep mine" writes the laptop's value again (it is pushed on top of the server's),
"keep the server's" leaves the record as it is and records the decision in the audit trail.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import WorkflowError
from ..model import JSON_FIELDS, Changes
from ..store import search
from . import local, scope
from .local import LAST_KEY, SERVER_KEY
from .schema import ENTITY_FIELDS, FINALIZED_STATUSES

if TYPE_CHECKING:
    from ..store.repository import Repository

KEEP_MINE = "mine"
KEEP_SERVER = "server"
_CHANGES = {"cases": Changes.CASES, "addresses": Changes.CASES, "persons": Changes.PERSONS,
            "visits": Changes.VISITS, "answers": Changes.ANSWERS, "attachments": Changes.ATTACHMENTS,
            "addenda": Changes.VISITS}


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar and the settings dialog show."""

    url: str
    username: str
    logged_in: bool
    last_sync_at: str  # UTC ISO of the last successful sync, "" when never
    last_error_nl: str
    last_error_en: str
    pending: int
    open_conflicts: int
    quarantined: int
    awaiting_receipt: int = 0  # visits finalized here, sent, and not (yet) acknowledged by the server


@dataclass(frozen=True)
class ConflictRow:
    id: str
    entity: str
    entity_id: str
    field: str
    local_value: Any  # the column value as this laptop had it
    server_value: Any  # the column value the server kept
    case_number: str
    created_at: str


@dataclass(frozen=True)
class QuarantineRow:
    id: str
    entity: str
    entity_id: str
    reason_code: str
    reason_nl: str
    reason_en: str
    case_number: str
    created_at: str
    case_elsewhere: bool = False  # its case was on the server and is now of a team the user is not in

    def reason(self, lang: str = "nl") -> str:
        return self.reason_en if lang == "en" else self.reason_nl


def display_value(entity: str, field: str, value: Any) -> str:
    """A column value as readable text (JSON columns decoded, lists and objects compact)."""
    if value is None:
        return ""
    if isinstance(value, str) and field in JSON_FIELDS.get(entity, {}):
        try:
            value = json.loads(value)
        except ValueError:
            return str(value)
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class SyncOps:
    """Expects ``repo``, ``db``, ``actor`` and ``workspace_id`` from Workspace."""

    repo: Repository

    if TYPE_CHECKING:
        @property
        def actor(self) -> str: ...
        @property
        def workspace_id(self) -> str: ...
        def setting(self, key: str, default: Any = None) -> Any: ...

    def sync_status(self) -> SyncStatus:
        from .session import load_token

        server = self.setting(SERVER_KEY, {}) or {}
        last = self.setting(LAST_KEY, {}) or {}
        failed_later = last.get("failed_at", "") > last.get("at", "") if last.get("failed_at") else False
        counts = self.repo.query(
            "SELECT (SELECT count(*) FROM conflicts WHERE resolved = 0) AS c, "
            "(SELECT count(*) FROM quarantine WHERE entity != 'audit') AS q, "
            "(SELECT count(*) FROM visits WHERE status = 'finalized' AND dirty = 0 AND rev > 0 "
            "AND modified_by = ?) AS r", [self.actor])[0]
        return SyncStatus(
            url=server.get("url", ""), username=server.get("username", ""),
            logged_in=bool(server.get("logged_in")) and load_token(self.workspace_id) is not None,
            last_sync_at=last.get("at", "") if last.get("ok") else "",
            last_error_nl=last.get("error_nl", "") if failed_later else "",
            last_error_en=last.get("error_en", "") if failed_later else "",
            pending=local.pending_count(self),  # type: ignore[arg-type]
            open_conflicts=int(counts["c"]), quarantined=int(counts["q"]),
            awaiting_receipt=int(counts["r"]))

    def _case_number(self, entity: str, entity_id: str) -> str:
        row = self.repo.get(entity, entity_id) if entity in ENTITY_FIELDS else None
        if row is None:
            return ""
        case_id = local._case_of(self, entity, row, {})  # type: ignore[arg-type]  # noqa: SLF001
        hit = self.repo.query("SELECT number FROM cases WHERE id = ?", [case_id])
        return str(hit[0]["number"]) if hit else ""

    def open_conflicts(self) -> list[ConflictRow]:
        """Fields where the server kept another value than this laptop had, waiting for a decision."""
        rows = self.repo.query("SELECT * FROM conflicts WHERE resolved = 0 ORDER BY created_at, rowid")
        return [ConflictRow(r["id"], r["entity"], r["entity_id"], r["field"], _decode(r["local_value"]),
                            _decode(r["server_value"]), self._case_number(r["entity"], r["entity_id"]),
                            r["created_at"]) for r in rows]

    def _locked(self, entity: str, row: dict[str, Any]) -> bool:
        if entity == "visits":
            return row.get("status") in FINALIZED_STATUSES
        if entity in ("answers", "attachments"):
            hit = self.repo.query("SELECT status FROM visits WHERE id = ?", [row.get("visit_id")])
            return bool(hit) and hit[0]["status"] in FINALIZED_STATUSES
        return False

    def resolve_conflict(self, conflict_id: str, keep: str) -> Changes:
        """Decide a conflict: ``keep="mine"`` (send my value again) or ``"server"`` (accept theirs)."""
        if keep not in (KEEP_MINE, KEEP_SERVER):
            raise ValueError(f"keep must be 'mine' or 'server', not {keep!r}")
        hits = self.repo.query("SELECT * FROM conflicts WHERE id = ? AND resolved = 0", [conflict_id])
        if not hits:
            raise WorkflowError("conflict_not_found", "Dit conflict is al opgelost of bestaat niet.",
                                "This conflict has already been resolved or does not exist.")
        c = hits[0]
        entity, entity_id, name = c["entity"], c["entity_id"], c["field"]
        row = self.repo.get(entity, entity_id) if entity in ENTITY_FIELDS else None
        mine, theirs = _decode(c["local_value"]), _decode(c["server_value"])
        with self.repo.transaction():
            if keep == KEEP_MINE and row is not None and name != "*":
                if self._locked(entity, row):
                    raise WorkflowError(
                        "visit_locked",
                        "Dit bezoek is afgerond; uw waarde kan niet meer worden teruggezet. Voeg zo nodig "
                        "een aanvulling toe.",
                        "This visit is finalized; your value can no longer be restored. Add an addendum "
                        "if needed.")
                value = json.loads(mine) if name in JSON_FIELDS.get(entity, {}) and isinstance(mine, str) \
                    else mine
                self.repo.update(entity, entity_id, {name: value}, self.actor,
                                 "conflict opgelost: eigen waarde behouden")
            else:
                self.repo._audit(entity, entity_id, name, mine, theirs, self.actor,  # noqa: SLF001
                                 "conflict opgelost: waarde van de server behouden")
            self.repo.db.execute("UPDATE conflicts SET resolved = 1 WHERE id = ?", [conflict_id])
            if entity in ("cases", "persons", "addresses") and row is not None:
                case_id = local._case_of(self, entity, row, {})  # type: ignore[arg-type]  # noqa: SLF001
                if case_id:
                    search.reindex_case(self.repo.db, case_id)
        return Changes.SYNC | _CHANGES.get(entity, Changes.NONE)

    def quarantined(self) -> list[QuarantineRow]:
        """Records the server refused, with its reason; they wait here and block nothing else."""
        out = []
        query = "SELECT * FROM quarantine WHERE entity != 'audit' ORDER BY created_at, rowid"
        for r in self.repo.query(query):
            try:
                reason = json.loads(r["reason"])
                nl, en = str(reason.get("nl", "")), str(reason.get("en", ""))
            except (ValueError, AttributeError):
                nl = en = str(r["reason"])
            number = self._case_number(r["entity"], r["entity_id"])
            elsewhere = r["reason_code"] in ("forbidden", "case_unknown") and bool(number) and bool(
                self.repo.query("SELECT 1 FROM cases WHERE number = ? AND rev > 0", [number]))
            out.append(QuarantineRow(r["id"], r["entity"], r["entity_id"], r["reason_code"], nl, en,
                                     number, r["created_at"], elsewhere))
        return out

    def let_go_of_case(self, quarantine_id: str) -> Changes:
        """Remove from this laptop the case of a refused record that is no longer the user's, with its
        unsent changes (the inspector confirmed this; the server keeps what it had)."""
        rows = [r for r in self.quarantined() if r.id == quarantine_id]
        if not rows or not rows[0].case_elsewhere:
            raise WorkflowError("not_out_of_scope",
                            "Alleen een zaak die bij een ander team hoort, kan van deze laptop worden "
                            "verwijderd.",
                            "Only a case that belongs to another team can be removed from this laptop.")
        hit = self.repo.query("SELECT id FROM cases WHERE number = ?", [rows[0].case_number])
        with self.repo.transaction():
            scope.forget_case(self, hit[0]["id"], unsent_too=True)  # type: ignore[arg-type]
        return Changes.ALL

    def retry_quarantined(self, ids: list[str] | None = None) -> Changes:
        """Offer refused records to the server again at the next sync (all when ``ids`` is None)."""
        with self.repo.transaction():
            if ids is None:
                self.repo.db.execute("DELETE FROM quarantine")
            else:
                for qid in ids:
                    # The record's audit entries were refused with it and go again with it.
                    self.repo.db.execute(
                        "DELETE FROM quarantine WHERE entity = 'audit' AND entity_id IN "
                        "(SELECT a.id FROM audit a JOIN quarantine q ON q.entity_id = a.entity_id "
                        "WHERE q.id = ?)", [qid])
                    self.repo.db.execute("DELETE FROM quarantine WHERE id = ?", [qid])
        return Changes.SYNC


def _decode(text: Any) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text
