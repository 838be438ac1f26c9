"""Domain model: plain dataclasses and enums, no storage and no Qt.

Every synced record carries the sync metadata of DESIGN.md §2 (``SyncMeta``). Rows from the
store are turned into these objects by ``records.from_row``, which knows from the record registry
which columns hold JSON (officers, consent, referrals …) and which booleans.
"""

from __future__ import annotations

import dataclasses
import enum
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .ids import new_id as new_id  # record ids (ids.py); imported from here by most of the app


def utc_now() -> str:
    """Current UTC time as ISO 8601 with seconds and a 'Z'."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Domain(enum.StrEnum):
    SOCIAAL = "sociaal"
    FYSIEK = "fysiek"
    OOV = "oov"


class CaseStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class VisitStatus(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    FINALIZED = "finalized"
    SYNCED = "synced"


class ConsentStatus(enum.StrEnum):
    GIVEN = "given"
    REFUSED = "refused"


PERSON_ROLES = ("client", "partner", "medebewoner", "kind", "verhuurder", "tolk", "overig")
OFFICER_ROLES = ("toezichthouder", "boa")


class RoomState(enum.StrEnum):
    VIEWED = "viewed"
    REFUSED = "refused"
    NOT_APPLICABLE = "not_applicable"


class Changes(enum.Flag):
    """What an operation changed, so each view refreshes only what it shows."""

    NONE = 0
    SETTINGS = enum.auto()
    CASES = enum.auto()
    PERSONS = enum.auto()
    VISITS = enum.auto()
    ANSWERS = enum.auto()
    ATTACHMENTS = enum.auto()
    AUDIT = enum.auto()
    SYNC = enum.auto()
    ALL = SETTINGS | CASES | PERSONS | VISITS | ANSWERS | ATTACHMENTS | AUDIT | SYNC


@dataclass
class Officer:
    name: str
    appointment: str = ""  # toezichthouder / BOA number
    role: str = "toezichthouder"


@dataclass
class AddedRoom:
    """A room of the visit that its checklist did not list (a second bathroom, an attic): it gets the
    per-room items of its ``kind`` (a room code of the checklist; "" for a room of no listed kind: then
    every per-room item)."""

    code: str
    label: str
    kind: str = ""


@dataclass
class PresentPerson:
    name: str
    role: str  # client, partner, medebewoner, kind, verhuurder, tolk, overig
    person_id: str | None = None
    id_checked: bool = False


@dataclass
class Ground:
    """The redelijke grond: concrete facts, source, date, and why a lighter means won't do."""

    facts: str = ""
    source: str = ""
    date: str = ""  # ISO date
    why_not_lighter: str = ""

    def is_complete(self) -> bool:
        return all(s.strip() for s in (self.facts, self.source, self.date, self.why_not_lighter))


@dataclass
class Consent:
    status: str = ""  # ConsentStatus value, "" = not recorded yet
    by: str = ""  # who consented or refused
    at: str = ""
    text_shown: str = ""  # the exact consent text that was read/shown
    text_lang: str = "nl"
    understood: bool = False  # never assumed: the inspector ticks it
    interpreter: str = ""
    form_signed: bool = False
    form_not_signed_reason: str = ""
    consequences_explained: bool = False
    cupboards_consent: bool = False  # separate consent for opening cupboards/drawers
    photo_consent: bool = False


@dataclass
class Caution:
    given: bool = False
    at: str = ""
    text: str = ""
    not_needed_reason: str = ""


@dataclass
class Statement:
    text: str = ""
    read_back: bool = False
    signed: bool = False
    signature_sha256: str = ""
    not_signed_reason: str = ""
    copy_given: bool = False


@dataclass
class Referral:
    kind: str  # frameworks REFERRAL_KINDS code
    consent_handover: bool = False
    handed_to: str = ""
    note: str = ""
    at: str = ""
    accepted: bool | None = None


@dataclass
class Signal:
    target: str  # frameworks SIGNAL_TARGETS code
    legal_basis: str = ""
    note: str = ""
    at: str = ""


MARKUP_KINDS = ("arrow", "ellipse", "rectangle", "blur")
MARKUP_SCALE = 10_000  # mark-up coordinates: per ten-thousand of the photo's width and height
MARKUP_MAX = 50  # shapes on one photo


@dataclass
class MarkupShape:
    """One mark-up shape on a photo: an arrow from (x1, y1) to its head at (x2, y2), or the box of an
    ellipse, rectangle or blurred region, in per ten-thousand of the photo's size (integers, so the
    frozen document holds no floats). ``colour``: "#rrggbb" for drawn shapes, "" for blur."""

    kind: str
    x1: int
    y1: int
    x2: int
    y2: int
    colour: str


@dataclass
class SyncMeta:
    id: str = field(default_factory=new_id)
    rev: int = 0
    dirty: bool = True
    modified_at: str = field(default_factory=utc_now)
    modified_by: str = ""
    deleted: bool = False


@dataclass
class Address:
    postcode: str = ""
    huisnummer: int | None = None
    huisletter: str | None = None
    toevoeging: str | None = None
    straat: str = ""
    woonplaats: str = ""
    bag_id: str | None = None
    id: str = field(default_factory=new_id)
    rev: int = 0


@dataclass
class Person:
    case_id: str
    geslachtsnaam: str
    voornamen: str = ""
    voorvoegsel: str = ""
    bsn: str = ""
    birth_date: str = ""  # ISO, partial allowed ("1980-00-00")
    role: str = "client"
    id: str = field(default_factory=new_id)
    rev: int = 0


@dataclass
class Case:
    number: str
    domain: str
    address_id: str | None = None
    status: str = CaseStatus.OPEN.value
    team: str = ""
    assigned_to: str = ""
    due_date: str = ""
    title: str = ""
    ground_facts: str = ""
    ground_source: str = ""
    ground_date: str = ""
    ground_why_not_lighter: str = ""
    id: str = field(default_factory=new_id)
    rev: int = 0
    modified_at: str = ""

    @property
    def ground(self) -> Ground:
        return Ground(self.ground_facts, self.ground_source, self.ground_date, self.ground_why_not_lighter)


@dataclass
class Visit:
    case_id: str
    template_id: str
    template_version: int
    status: str = VisitStatus.PLANNED.value
    planned_at: str = ""
    started_at: str = ""  # "Bezoek starten" was pressed (the workflow's start, not an observed moment)
    rang_at: str = ""  # observed: rang the bell
    entered_at: str = ""  # observed: entered the home (empty when access was refused)
    ended_at: str = ""  # observed: left the premises (never the moment of finalizing)
    announced: bool = False
    officers: list[Officer] = field(default_factory=list)
    present: list[PresentPerson] = field(default_factory=list)
    ground: Ground = field(default_factory=Ground)
    id_shown: bool = False
    id_shown_at: str = ""
    consent: Consent = field(default_factory=Consent)
    rooms: dict[str, str] = field(default_factory=dict)  # room code -> RoomState
    room_openers: dict[str, str] = field(default_factory=dict)  # room code -> who present opened/showed it
    added_rooms: list[AddedRoom] = field(default_factory=list)  # rooms the checklist did not list
    caution: Caution = field(default_factory=Caution)
    statement: Statement = field(default_factory=Statement)
    outcome: str = ""
    toe_causes: list[str] = field(default_factory=list)  # Tafel van Elf codes T1..T11
    lhs_cell: str = ""
    referrals: list[Referral] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    followup_date: str = ""
    followup_note: str = ""
    summary: str = ""
    conclusion: str = ""
    finalized_at: str = ""
    finalized_by: str = ""
    snapshot: str = ""  # the frozen document (canonical JSON) written at finalizing
    fingerprint: str = ""
    signature: str = ""  # the finalizing laptop's Ed25519 signature (hex)
    signing_key: str = ""  # that laptop's public key (hex)
    signing_device: str = ""
    receipt: str = ""  # the server's signed acknowledgement
    id: str = field(default_factory=new_id)
    rev: int = 0
    modified_at: str = ""

    @property
    def is_locked(self) -> bool:
        return self.status in (VisitStatus.FINALIZED.value, VisitStatus.SYNCED.value)


@dataclass
class Answer:
    visit_id: str
    item_id: str
    room: str = ""
    value: Any = None
    note: str = ""
    id: str = field(default_factory=new_id)
    rev: int = 0


@dataclass
class Attachment:
    visit_id: str
    sha256: str
    kind: str = "photo"  # photo | signature
    item_id: str = ""
    mime: str = "image/jpeg"
    width: int = 0
    height: int = 0
    caption: str = ""
    number: int = 0
    taken_at: str = ""
    markup: list[MarkupShape] = field(default_factory=list)  # drawn over a print; the original stays
    id: str = field(default_factory=new_id)
    rev: int = 0


@dataclass
class FollowUp:
    """A follow-up action (vervolgactie) agreed at a visit: what is to be done, who does it, by when."""

    visit_id: str
    action: str
    owner: str
    due_date: str  # ISO date
    id: str = field(default_factory=new_id)
    rev: int = 0


@dataclass
class Addendum:
    """A correction of a finalized visit, sealed like the visit and chained to the fingerprint before it."""

    visit_id: str
    text: str
    base_fingerprint: str
    author: str = ""
    created_at: str = field(default_factory=utc_now)
    snapshot: str = ""
    fingerprint: str = ""
    signature: str = ""
    signing_key: str = ""
    signing_device: str = ""
    receipt: str = ""
    id: str = field(default_factory=new_id)
    rev: int = 0


@dataclass
class AuditEntry:
    entity: str
    entity_id: str
    field: str
    old: Any
    new: Any
    actor: str
    at: str = dataclasses.field(default_factory=utc_now)
    reason: str = ""
    id: str = dataclasses.field(default_factory=new_id)


# --- what lists show ---------------------------------------------------------------------
@dataclass
class CaseRow:
    """One line of the case list."""

    id: str
    number: str
    domain: str
    status: str
    title: str
    client: str
    client_sort: str
    bsn_masked: str
    address: str
    postcode: str
    team: str
    assigned_to: str
    due_date: str
    next_visit: str
    open_followups: int
    modified_at: str


@dataclass
class VisitRow:
    """One line of a visit list (Vandaag, case history, CLI list)."""

    id: str
    case_id: str
    case_number: str
    template_id: str
    status: str
    planned_at: str
    started_at: str
    finalized_at: str
    client: str
    address: str
    outcome: str
    followup_date: str


@dataclass
class CaseDetail:
    case: Case
    address: Address | None
    persons: list[Person] = field(default_factory=list)
    visits: list[VisitRow] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)  # of its finalized visits, soonest due first


def to_jsonable(value: Any) -> Any:
    """Dataclasses (and lists/dicts of them) as plain JSON-compatible values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: to_jsonable(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, enum.Enum):
        return value.value
    return value


def dumps(value: Any) -> str:
    """Canonical JSON text (sorted keys, no spaces, UTF-8 kept) for JSON columns."""
    return json.dumps(to_jsonable(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
