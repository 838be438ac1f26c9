"""``ws.sync``: sync status, running a sync, logging in and out, conflicts and the quarantine.

Resolving a conflict writes through the repository, so the choice is audited and synced like any
other change: "keep mine" writes the laptop's value again (it is pushed on top of the server's),
"keep the server's" leaves the record as it is and records the decision in the audit trail.
The network side (``sync.engine``, ``sync.session``, httpx) is imported when first used: importing
httpx costs about 0.1 s, which the app's start and a CLI list should not pay.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ..errors import WorkflowError
from ..model import Changes
from ..protocol.constants import FINALIZED_STATUSES, url_problem
from ..protocol.wire import PullResponse, PushRecord, PushResponse, ServerRecord
from ..records import ENTITIES, FROZEN_CHILDREN, JSON_FIELDS, VISIT_CHILDREN
from ..store import bulk, inbox, outbox, queries, retention, scope, search
from ..store import conflicts as store
from ..store.merging import Applied
from ..sync.local import LAST_KEY, SERVER_KEY
from .part import Part

if TYPE_CHECKING:
    from ..sync.engine import SyncResult
    from ..sync.session import DbCall, LoginInfo

KEEP_MINE = "mine"
KEEP_SERVER = "server"
SERVER_KEPT, SUPERSEDED, SEAL_INVALID = "server_kept", "superseded", "seal_invalid"
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
    server_value: Any  # the column value the server kept (superseded: the other laptop's value)
    case_number: str
    created_at: str
    kind: str = SERVER_KEPT  # server_kept, superseded, seal_invalid
    visit_id: str = ""  # the visit it concerns (for an addendum)

    @property
    def locked(self) -> bool:
        """The value belongs to a finalized visit: it can no longer change, only be noted in an addendum."""
        return self.kind != SERVER_KEPT or bool(self.visit_id and self.entity in ("visits", "answers",
                                                                                   "attachments"))


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
    if isinstance(value, str) and field in JSON_FIELDS.get(entity, ()):
        try:
            value = json.loads(value)
        except ValueError:
            return str(value)
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class Sync(Part):
    """Sync as the inspector sees it."""

    # --- running ------------------------------------------------------------------------------
    def run(self, **options: Any) -> SyncResult:
        """Sync now (see ``sync.engine.SyncEngine`` for progress, cancel and the database lane)."""
        from ..sync.engine import SyncEngine

        return SyncEngine(self, **options).run()

    def login(self, url: str, username: str, password: str, device_name: str = "",
              db_call: DbCall[Any] | None = None, **options: Any) -> LoginInfo:
        from ..sync import session

        return session.login(self, url, username, password, device_name,
                             db_call=db_call or session.direct, **options)

    def logout(self, db_call: DbCall[Any] | None = None, **options: Any) -> None:
        from ..sync import session

        session.logout(self, db_call=db_call or session.direct, **options)

    @staticmethod
    def ping(url: str) -> bool:
        """Whether the server at ``url`` answers (raises SyncError when it does not)."""
        from ..sync.client import SyncClient

        with SyncClient.kept(url) as client:  # the connection a sync after it then uses
            client.ping()
        return True

    @staticmethod
    def url_problem(url: str) -> tuple[str, str, str] | None:
        """Why ``url`` cannot be a server address (code, nl, en), or None."""
        return url_problem(url)

    # --- status -------------------------------------------------------------------------------
    def pending(self) -> int:
        """How many changed records wait to be sent to the server (audit entries travel along)."""
        return outbox.pending_count(self.repo)

    def status(self) -> SyncStatus:
        from ..sync.session import load_token

        server = self.ws.settings.get(SERVER_KEY, {}) or {}
        last = self.ws.settings.get(LAST_KEY, {}) or {}
        failed_later = last.get("failed_at", "") > last.get("at", "") if last.get("failed_at") else False
        conflicts, held, awaiting = store.counts(self.repo, self.actor)
        return SyncStatus(
            url=server.get("url", ""), username=server.get("username", ""),
            logged_in=bool(server.get("logged_in")) and load_token(self.ws.workspace_id) is not None,
            last_sync_at=last.get("at", "") if last.get("ok") else "",
            last_error_nl=last.get("error_nl", "") if failed_later else "",
            last_error_en=last.get("error_en", "") if failed_later else "",
            pending=self.pending(), open_conflicts=conflicts, quarantined=held, awaiting_receipt=awaiting)

    def _case_number(self, entity: str, entity_id: str) -> str:
        row = self.repo.get(entity, entity_id) if entity in ENTITIES else None
        return store.case_number(self.repo, scope.case_of(self.repo, entity, row)) if row else ""

    # --- conflicts ----------------------------------------------------------------------------
    def conflicts(self) -> list[ConflictRow]:
        """Fields where the server kept another value than this laptop had, waiting for a decision."""
        out = []
        for r in store.open_conflicts(self.repo):
            row = self.repo.get(r["entity"], r["entity_id"]) if r["entity"] in ENTITIES else None
            server = _decode(r["server_value"])
            visit_id = _visit_of(r["entity"], r["entity_id"], row, server)
            locked = visit_id and self._locked("visits", self.repo.get("visits", visit_id) or {})
            out.append(ConflictRow(r["id"], r["entity"], r["entity_id"], r["field"],
                                   _decode(r["local_value"]),
                                   server, self._case_number(r["entity"], r["entity_id"]) or
                                   self._case_number("visits", visit_id), r["created_at"],
                                   r["kind"], visit_id if locked else ""))
        return out

    def _locked(self, entity: str, row: dict[str, Any]) -> bool:
        if entity == "visits":
            return row.get("status") in FINALIZED_STATUSES
        if entity in FROZEN_CHILDREN:
            visit = self.repo.get("visits", row.get("visit_id") or "")
            return visit is not None and visit["status"] in FINALIZED_STATUSES
        return False

    def resolve(self, conflict_id: str, keep: str) -> Changes:
        """Decide a conflict: ``keep="mine"`` (send my value again) or ``"server"`` (accept theirs)."""
        if keep not in (KEEP_MINE, KEEP_SERVER):
            raise ValueError(f"keep must be 'mine' or 'server', not {keep!r}")
        c = store.open_conflict(self.repo, conflict_id)
        if c is None:
            raise WorkflowError("conflict_not_found", "Dit conflict is al opgelost of bestaat niet.",
                                "This conflict has already been resolved or does not exist.")
        entity, entity_id, name = c["entity"], c["entity_id"], c["field"]
        row = self.repo.get(entity, entity_id) if entity in ENTITIES else None
        mine, theirs = _decode(c["local_value"]), _decode(c["server_value"])
        if c["kind"] != SERVER_KEPT:
            # A finalized visit keeps what it says: the other value was noted; it stays here as seen.
            with self.repo.transaction():
                self.repo.audit(entity, entity_id, name, theirs, mine, self.actor,
                                "conflict gezien: het afgeronde bezoek blijft zoals het is")
                store.mark_resolved(self.repo, conflict_id)
            return Changes.SYNC
        with self.repo.transaction():
            if keep == KEEP_MINE and row is not None and name != "*":
                if self._locked(entity, row):
                    raise WorkflowError(
                        "visit_locked",
                        "Dit bezoek is afgerond; uw waarde kan niet meer worden teruggezet. Voeg zo nodig "
                        "een aanvulling toe.",
                        "This visit is finalized; your value can no longer be restored. Add an addendum "
                        "if needed.")
                value = json.loads(mine) if name in JSON_FIELDS.get(entity, ()) and isinstance(mine, str) \
                    else mine
                self.repo.update(entity, entity_id, {name: value}, self.actor,
                                 "conflict opgelost: eigen waarde behouden")
            else:
                self.repo.audit(entity, entity_id, name, mine, theirs, self.actor,
                                "conflict opgelost: waarde van de server behouden")
            store.mark_resolved(self.repo, conflict_id)
            if entity in ("cases", "persons", "addresses") and row is not None:
                case_id = scope.case_of(self.repo, entity, row)
                if case_id:
                    search.reindex_case(self.repo.db, case_id)
        return Changes.SYNC | _CHANGES.get(entity, Changes.NONE)

    def to_addendum(self, conflict_id: str, text: str) -> Changes:
        """Settle a conflict on a finalized visit by an addendum (sealed, chained) with ``text``."""
        conflict = next((c for c in self.conflicts() if c.id == conflict_id), None)
        if conflict is None or not conflict.visit_id:
            raise WorkflowError("conflict_not_found",
                                "Dit conflict is al opgelost of hoort niet bij een afgerond "
                                "bezoek.", "This conflict has already been resolved or does not belong to a "
                                "finalized visit.")
        with self.repo.transaction():
            self.ws.evidence.add_addendum(conflict.visit_id, text)
            self.repo.audit(conflict.entity, conflict.entity_id, conflict.field, conflict.server_value,
                            conflict.local_value, self.actor, "conflict opgelost met een aanvulling")
            store.mark_resolved(self.repo, conflict_id)
        return Changes.SYNC | Changes.VISITS

    # --- quarantine ---------------------------------------------------------------------------
    def quarantined(self) -> list[QuarantineRow]:
        """Records the server refused, with its reason; they wait here and block nothing else."""
        out = []
        for r in store.quarantined(self.repo):
            try:
                reason = json.loads(r["reason"])
                nl, en = str(reason.get("nl", "")), str(reason.get("en", ""))
            except (ValueError, AttributeError):
                nl = en = str(r["reason"])
            number = self._case_number(r["entity"], r["entity_id"])
            elsewhere = r["reason_code"] in ("forbidden", "case_unknown") and bool(number) and \
                store.synced_case_id(self.repo, number) is not None
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
        case_id = store.synced_case_id(self.repo, rows[0].case_number)
        with self.repo.transaction():
            scope.forget_case(self.repo, str(case_id), unsent_too=True)
        return Changes.ALL

    def retry(self, ids: list[str] | None = None) -> Changes:
        """Offer refused records to the server again at the next sync (all when ``ids`` is None)."""
        with self.repo.transaction():
            store.release(self.repo, ids)
        return Changes.SYNC

    # --- what the sync job reads and writes (``sync.local.Local``, on the database lane) -------
    @property
    def workspace_id(self) -> str:
        return self.ws.workspace_id

    def setting(self, key: str, default: Any = None) -> Any:
        return self.ws.settings.get(key, default)

    def set_setting(self, key: str, value: Any, *, durable: bool = True) -> None:
        self.repo.set_setting(key, value, durable=durable)

    def public_key(self) -> str:
        return self.ws.evidence.public_key()

    def device_name(self) -> str:
        return self.ws.evidence.device_name()

    def has_synced(self) -> bool:
        return queries.has_synced(self.repo)

    def unsent_blobs(self) -> list[str]:
        return self.repo.unsent_blobs()

    def mark_uploaded(self, hashes: list[str]) -> None:
        self.repo.mark_uploaded(hashes)

    def blob(self, sha256: str) -> bytes | None:
        return self.repo.get_blob(sha256)

    def save_blobs(self, files: list[tuple[str, bytes | bytearray, str]]) -> None:
        """Files (hash, bytes, type) downloaded from the server (so none to upload) and checked against
        their hash, in one transaction."""
        with self.repo.transaction():
            for sha256, data, mime in files:
                self.repo.db.execute("INSERT OR IGNORE INTO blobs (sha256, size, mime, data, uploaded) "
                                     "VALUES (?, ?, ?, ?, 1)", [sha256, len(data), mime, data])

    def wipe(self) -> None:
        self.ws.wipe()

    def waiting(self) -> tuple[int, int]:
        """(unsent records, refused records in the quarantine), reported to the server at each sync."""
        return outbox.waiting(self.repo)

    def purge_expired(self, keep_days: int | None, months: dict[str, int]) -> int:
        """Remove this laptop's copy of finalized visits past the server's retention periods (see
        ``store/retention.py``); only visits whose receipt and seal check out. Returns how many."""
        now = datetime.now(UTC)
        due = [v for v in retention.due(self.repo, keep_days, months, now)
               if self.ws.evidence.verify(v[0]).ok]
        return len(retention.purge(self.repo, due, now).visits) if due else 0

    def retention_log(self) -> list[dict[str, Any]]:
        """What this laptop removed under the retention periods, newest first (no personal data)."""
        return retention.log(self.repo)

    def pending_keys(self) -> list[tuple[str, str]]:
        return outbox.pending_keys(self.repo)

    def batch(self, keys: list[tuple[str, str]]) -> list[PushRecord]:
        return outbox.build_batch(self.repo, keys)

    def apply_push_results(self, sent: list[PushRecord], response: PushResponse) -> Applied:
        return outbox.apply_push_results(self.repo, sent, response)

    def cursor(self) -> str:
        return str(self.repo.setting(inbox.CURSOR_KEY, "") or "")

    def missing_blobs(self, pulled: list[ServerRecord]) -> list[str]:
        return inbox.missing_blobs(self.repo, pulled)

    def apply_pages(self, pages: list[PullResponse]) -> Applied:
        return inbox.apply_pages(self.repo, pages)

    def prepare_indexes(self, incoming: int, least: int) -> bool:
        """Before a pull of ``incoming`` records: the screens' indexes set aside for one of at least
        ``least`` (``store/bulk.py``; True), else any a pull that was killed left aside put back."""
        if bulk.set_aside(self.repo, incoming, least):
            return True
        bulk.restore(self.repo)
        return False

    def restore_indexes(self) -> None:
        bulk.restore(self.repo)


def _decode(text: Any) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text




def _visit_of(entity: str, entity_id: str, row: dict[str, Any] | None, server: Any) -> str:
    """The visit a conflict's record belongs to ("" for a case, an address, a person)."""
    if entity in ("visits",):
        return entity_id
    if entity in VISIT_CHILDREN:
        source = row if row is not None else (server if isinstance(server, dict) else {})
        return str(source.get("visit_id") or "")
    return ""
