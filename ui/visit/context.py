"""What every visit page shares: the visit's state (loaded on the DB lane), writes and navigation.

Pages never touch the database on the GUI thread: ``VisitContext.reload`` builds a ``VisitState``
on the serial DB lane and hands it to the pages, and ``VisitContext.write`` runs an operation on the
same lane, so writes and reloads keep their order.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from inspector import attachments, evidence, templates, validation
from inspector.display import format_address
from inspector.errors import InspectorError
from inspector.evidence import Verdict
from inspector.model import Addendum, Answer, Attachment, Changes, FollowUp, Visit
from inspector.workspace import Missing, Workspace
from ui.bus import Bus
from ui.errors import error_text, ui_lang
from ui.tasks import Slices, TaskRunner

log = logging.getLogger(__name__)

REFRESH_ON = Changes.VISITS | Changes.ANSWERS | Changes.ATTACHMENTS


@dataclass(frozen=True)
class SealedAddendum:
    """One addendum of a finalized visit and what holds of it."""

    addendum: Addendum
    verdict: Verdict  # fingerprint, signature, receipt, chain
    receipt_at: str = ""  # when the server acknowledged it (UTC ISO), "" without a receipt


@dataclass(frozen=True)
class EvidenceState:
    """What holds of a finalized visit: its verdict, whose key sealed it, its receipt and addenda."""

    verdict: Verdict  # fingerprint, signature, receipt and (format 2) photos
    own_key: bool  # sealed with this laptop's key
    receipt_at: str = ""  # when the server acknowledged the visit (UTC ISO), "" without a receipt
    blob_count: int = 0  # photos and signature image the frozen document names
    addenda: list[SealedAddendum] = field(default_factory=list)


@dataclass
class VisitState:
    """Everything the pages show about one visit, read in one go on the DB lane."""

    visit: Visit
    template: templates.Template
    case_number: str
    client: str
    address: str
    persons: list[str]
    answers: dict[tuple[str, str], Answer]
    answer_map: dict[str, Any]
    photos: list[Attachment]
    missing: list[Missing]
    consent_text: str
    import_settings: attachments.ImportSettings
    signature_png: bytes | None = None
    last_step: str = ""
    evidence: EvidenceState | None = None  # only for a finalized visit
    followups: list[FollowUp] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    case_persons: list[tuple[str, str]] = field(default_factory=list)  # (name, role) of the case's persons

    def missing_for(self, step: str) -> list[Missing]:
        return [m for m in self.missing if m.step == step]

    @property
    def locked(self) -> bool:
        return self.visit.is_locked


def load_state(ws: Workspace, visit_id: str, lang: str, with_position: bool = False) -> VisitState:
    """Read the visit and all it needs (runs on the DB lane)."""
    visit = ws.visits.get(visit_id)
    tpl = ws.visits.template(visit)
    case = ws.cases.get(visit.case_id)
    persons = ws.cases.persons(case.id)
    names = [validation.PersonName(p.voornamen, p.voorvoegsel, p.geslachtsnaam).display() for p in persons]
    client = next((n for p, n in zip(persons, names, strict=True) if p.role == "client"),
                  names[0] if names else "")
    answers = {(a.item_id, a.room): a for a in ws.visits.answers(visit_id)}
    sig = ws.visits.blob(visit.statement.signature_sha256) if visit.statement.signature_sha256 else None
    last_step = ""
    if with_position and ws.settings.get("ui_last_visit") == visit_id:
        last_step = str(ws.settings.get("ui_last_step") or "")
    return VisitState(
        visit=visit, template=tpl, case_number=case.number, client=client,
        address=format_address(ws.cases.address(case.address_id)), persons=names, answers=answers,
        answer_map=ws.visits.answer_map(visit_id), photos=ws.visits.attachments(visit_id, "photo"),
        missing=ws.visits.missing(visit_id), consent_text=ws.visits.consent_text(visit_id, lang),
        import_settings=ws.visits.import_settings(), signature_png=sig, last_step=last_step,
        evidence=load_evidence(ws, visit) if visit.is_locked else None,
        followups=ws.followups.of_visit(visit_id),
        case_persons=[(n, p.role) for p, n in zip(persons, names, strict=True)])


def load_evidence(ws: Workspace, visit: Visit) -> EvidenceState:
    """Check a finalized visit and its addenda (runs on the DB lane: it reads and hashes the photos)."""
    verdict = ws.evidence.verify(visit.id, photos=True)
    blobs = 0
    if verdict.state("fingerprint") == evidence.OK and verdict.format >= 2:
        blobs = len(evidence.blob_hashes(json.loads(visit.snapshot)))
    own = bool(verdict.signing_key_id) and verdict.signing_key_id == ws.evidence.own_key_id()
    addenda = [SealedAddendum(a, v, _receipt_at(a.receipt))
               for a, v in zip(ws.evidence.addenda(visit.id), ws.evidence.verify_addenda(visit.id),
                               strict=True)]
    return EvidenceState(verdict, own, _receipt_at(visit.receipt), blobs, addenda)


def _receipt_at(receipt: str) -> str:
    parsed = evidence.parse_receipt(receipt) if receipt else None
    return parsed.issued_at if parsed is not None else ""


class VisitContext(QObject):
    """The workspace, runner and bus of one open visit, plus its latest state."""

    state_changed = Signal(object)  # VisitState
    save_status = Signal(str, str)  # "saving" | "saved" | "failed", message
    navigate_requested = Signal(str, str, str)  # step, item id, room
    load_failed = Signal(str)

    def __init__(self, ws: Workspace, runner: TaskRunner, bus: Bus, visit_id: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws, self.runner, self.bus, self.visit_id = ws, runner, bus, visit_id
        self.lang = ui_lang()
        self.state: VisitState | None = None
        self.thumbs: dict[str, QImage] = {}
        self.slices = Slices(self)  # widget building in small turns (pages, checklist editors)
        self.alive = True
        self._loading = False
        self._again = False
        self._pending_writes = 0
        self._first = True
        bus.changed.connect(self._on_changed)

    # --- reading --------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the state again on the DB lane; overlapping requests collapse into one more."""
        if not self.alive:
            return
        if self._loading:
            self._again = True
            return
        self._loading = True
        first, self._first = self._first, False
        ws, vid, lang = self.ws, self.visit_id, self.lang
        self.runner.run_db(lambda: load_state(ws, vid, lang, first), self._loaded, self._load_error)

    def _loaded(self, state: VisitState) -> None:
        self._loading = False
        if not self.alive:
            return
        if self._again:
            self._again = False
            self.reload()
        self.state = state
        self.state_changed.emit(state)

    def _load_error(self, exc: BaseException) -> None:
        self._loading = False
        if not self.alive:
            return
        log.error("loading visit %s failed: %s", self.visit_id, exc)
        self.load_failed.emit(error_text(exc))
        if not isinstance(exc, InspectorError):
            self.runner.default_error(exc)

    def _on_changed(self, changes: object) -> None:
        if isinstance(changes, Changes) and changes & REFRESH_ON:
            self.reload()

    def read(self, fn: Callable[[Workspace], Any], on_done: Callable[[Any], None]) -> None:
        """Run a read on the DB lane; ``on_done`` runs on the GUI thread while the view lives."""
        ws = self.ws
        self.runner.run_db(lambda: fn(ws), lambda r: self.alive and on_done(r),
                           lambda exc: log.error("read failed: %s", exc))

    # --- writing --------------------------------------------------------------------------
    def write(self, fn: Callable[[Workspace], Any], *, on_done: Callable[[Any], None] | None = None,
              on_error: Callable[[BaseException], None] | None = None,
              changes: Changes = Changes.VISITS) -> None:
        """Run an operation on the DB lane, report it in the save indicator and announce the change."""
        ws = self.ws
        self._pending_writes += 1
        self.save_status.emit("saving", "")

        def done(result: Any) -> None:
            self._pending_writes -= 1
            if self._pending_writes == 0 and self.alive:
                self.save_status.emit("saved", "")
            if on_done is not None and self.alive:
                on_done(result)  # first: the saver is no longer busy when the pages refresh
            self.bus.emit_changes(result if isinstance(result, Changes) else changes)

        def failed(exc: BaseException) -> None:
            self._pending_writes -= 1
            if self.alive:
                self.save_status.emit("failed", error_text(exc))
                if on_error is not None:
                    on_error(exc)
            if not isinstance(exc, InspectorError):
                self.runner.default_error(exc)

        self.runner.run_db(lambda: fn(ws), done, failed)

    @property
    def pending_writes(self) -> int:
        return self._pending_writes

    # --- helpers --------------------------------------------------------------------------
    def text(self, value: templates.Text | None) -> str:
        """A template text in the UI language."""
        return value.get(self.lang) if value is not None else ""

    def go(self, step: str, item_id: str = "", room: str = "") -> None:
        self.navigate_requested.emit(step, item_id, room)

    def close(self) -> None:
        """Stop delivering results to the (closing) view."""
        self.alive = False
        self.slices.cancel()
        try:
            self.bus.changed.disconnect(self._on_changed)
        except (RuntimeError, TypeError):
            pass
