"""Domain model: plain dataclasses and enums, no storage and no Qt.

Every synced record carries the sync metadata of DESIGN.md §2 (``SyncMeta``). Rows from the
store are turned into these objects with ``from_row``; nested structures (officers, consent,
referrals …) live in JSON columns and come back as dataclasses here.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar


def new_id() -> str:
    """A client-generated record id (UUID4 text)."""
    return str(uuid.uuid4())


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
    understood: bool = True
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
    started_at: str = ""  # rang the bell
    entered_at: str = ""
    ended_at: str = ""  # left the premises
    announced: bool = False
    officers: list[Officer] = field(default_factory=list)
    present: list[PresentPerson] = field(default_factory=list)
    ground: Ground = field(default_factory=Ground)
    id_shown: bool = False
    id_shown_at: str = ""
    consent: Consent = field(default_factory=Consent)
    rooms: dict[str, str] = field(default_factory=dict)  # room code -> RoomState
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
    fingerprint: str = ""
    finalized_at: str = ""
    finalized_by: str = ""
    receipt: str = ""
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
    id: str = field(default_factory=new_id)
    rev: int = 0


@dataclass
class Addendum:
    visit_id: str
    text: str
    base_fingerprint: str
    author: str = ""
    created_at: str = field(default_factory=utc_now)
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


# --- row conversion -------------------------------------------------------------------------

# Nested JSON columns and the dataclass each holds (a list of it when wrapped in a list).
JSON_FIELDS: dict[str, dict[str, Any]] = {
    "visits": {
        "officers": [Officer], "present": [PresentPerson], "ground": Ground, "consent": Consent,
        "rooms": dict, "caution": Caution, "statement": Statement, "toe_causes": list,
        "referrals": [Referral], "signals": [Signal],
    },
    "answers": {"value": object},
}

BOOL_FIELDS = {"announced", "id_shown"}

T = TypeVar("T")


def _decode(kind: Any, raw: Any) -> Any:
    value = json.loads(raw) if isinstance(raw, str) else raw
    if kind is object:
        return value
    if isinstance(kind, list):
        cls = kind[0]
        return [_build(cls, v) for v in (value or [])]
    if kind in (dict, list):
        return value if value is not None else kind()
    return _build(kind, value or {})


def _build(cls: type[T], data: dict[str, Any]) -> T:
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in data.items() if k in names})


def from_row(cls: type[T], table: str, row: dict[str, Any]) -> T:
    """Build a model object from a store row, decoding JSON columns and booleans."""
    json_fields = JSON_FIELDS.get(table, {})
    data: dict[str, Any] = {}
    for key, value in row.items():
        if key in json_fields:
            data[key] = _decode(json_fields[key], value)
        elif key in BOOL_FIELDS:
            data[key] = bool(value)
        else:
            data[key] = value
    return _build(cls, data)


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
