"""Protocol v2: the shapes of every request and answer, for the laptop and the server alike.

Plain typed dictionaries: the laptop reads the server's answers as the JSON they are (no validation
layer in the way of a pull at thousands of records a second) and mypy holds its code to these
shapes; the server has FastAPI validate every request body against them (the constraints are
``annotated_types`` metadata, which pydantic enforces; ``closed=True``: no other keys) and documents
them in its OpenAPI description. What a record's ``fields``/``data`` may hold is the record
registry's business (``inspector/records.py``): the server checks every pushed record against it.

Records travel as an envelope (entity, id, case scope, revisions) around ``fields``/``data``: the
record's columns exactly as the laptop stores them (JSON columns as their canonical JSON text,
booleans as 0/1). A finalized visit or addendum carries its frozen document, its fingerprint and the
signature of the laptop that sealed it; the server's receipt is its own signature over them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, NotRequired

from annotated_types import Ge, Le, Len, MaxLen
from typing_extensions import TypedDict

Entity = Literal["addresses", "cases", "persons", "visits", "answers", "attachments", "followups", "addenda",
                 "audit"]
Scalar = str | int | float | bool | None
Role = Literal["inspector", "coordinator", "admin", "privacy"]
Text200 = Annotated[str, MaxLen(200)]


class ErrorBody(TypedDict):
    """Every 4xx/5xx answer: a stable code and a message in English and Dutch."""

    code: str
    message: str
    message_nl: str
    detail: Any


class LoginRequest(TypedDict, closed=True):
    username: Annotated[str, Len(1, 200)]
    password: Annotated[str, Len(1, 1000)]
    device_name: NotRequired[Text200]
    signing_key: NotRequired[Annotated[str, MaxLen(64)]]  # the laptop's Ed25519 public key (hex)


class Me(TypedDict):
    username: str
    role: Role
    teams: list[str]
    device_id: str
    signing_key: str  # the public key this device registered ("" before it did)
    server_key: str  # the key the server signs receipts with


class LoginResponse(Me):
    token: str
    server_time: str


class KeyRequest(TypedDict, closed=True):
    """A device logged in before signed evidence existed registers its public key (once)."""

    signing_key: Annotated[str, Len(64, 64)]


class DeviceStatus(TypedDict, closed=True):
    """What a laptop reports at the end of each sync (an addition to protocol 2: older laptops send
    nothing, and the back office shows "unknown")."""

    unsent: Annotated[int, Ge(0), Le(10**9)]  # changed records not yet accepted, refused ones left out
    quarantined: Annotated[int, Ge(0), Le(10**9)]  # records the server refused, waiting on the laptop


class DeviceStatusResponse(TypedDict):
    """The periods the laptop applies to its own copy: days after a finalized visit's receipt
    (None: keep), and per visit type the months after finalizing the server keeps it."""

    keep_days: int | None
    retention_months: dict[str, int]


class PushRecord(TypedDict, closed=True):
    """One changed record: the fields changed since ``base_rev`` (all fields when new)."""

    entity: Entity
    id: Annotated[str, Len(1, 64)]
    case_id: Annotated[str, MaxLen(64)]
    base_rev: Annotated[int, Ge(0), Le(2**63 - 1)]
    fields: Annotated[dict[Annotated[str, MaxLen(64)], Scalar], MaxLen(100)]
    modified_at: NotRequired[Annotated[str, MaxLen(40)]]
    modified_by: NotRequired[Text200]


class PushRequest(TypedDict, closed=True):
    key: Annotated[str, Len(8, 128)]
    records: Annotated[list[PushRecord], MaxLen(1000)]


class ServerRecord(TypedDict):
    """A record as the server holds it: every column, and per field the revision that last set it.

    Pull also delivers ``departures``: a notice that a case has left one of the caller's teams
    (``data``: ``case_id`` and the ``team`` it went to); the laptop then removes its copy."""

    entity: Entity | Literal["departures"]
    id: str
    rev: int
    case_id: str
    data: dict[str, Scalar]
    field_revs: Mapping[str, int]
    modified_at: str
    modified_by: str


class PushResult(TypedDict):
    entity: Entity
    id: str
    status: Literal["applied", "conflict", "rejected"]
    rev: int
    conflicts: list[str]  # fields where the server kept its own value
    code: str
    reason: str
    reason_nl: str
    record: ServerRecord | None


class Superseded(TypedDict):
    """A value another laptop recorded that a finalized visit replaced (the finalized value stays)."""

    entity: Entity
    id: str
    visit_id: str
    field: str  # "*": the whole record (an answer or photo the finalized visit does not have)
    kept: Any  # the finalized visit's value
    value: Any  # the other laptop's value
    rev: int


class Receipt(TypedDict):
    entity: Entity
    id: str
    fingerprint: str
    receipt: str
    issued_at: str


class PushResponse(TypedDict):
    results: list[PushResult]
    receipts: list[Receipt]
    superseded: list[Superseded]


class PullResponse(TypedDict):
    records: list[ServerRecord]
    cursor: str
    more: bool
    remaining: int | None
    restart: bool  # the cursor was of another scope (the caller's teams changed): from the start


class BlobsMissingRequest(TypedDict, closed=True):
    hashes: Annotated[list[Annotated[str, Len(64, 64)]], MaxLen(10_000)]


class BlobsMissingResponse(TypedDict):
    missing: list[str]


class BlobBatchResponse(TypedDict):
    stored: list[str]  # kept now, or already held or in scope
    refused: list[str]  # the bytes did not match the hash: nothing kept


class BlobFetchRequest(TypedDict, closed=True):
    hashes: Annotated[list[Annotated[str, Len(64, 64)]], MaxLen(256)]
    max_bytes: NotRequired[Annotated[int, Ge(1)]]  # about this many bytes of files in the answer


class BlobStatus(TypedDict):
    sha256: str
    size: int  # the total announced for an upload in progress, the real size when complete
    received: int
    complete: bool


class AssignRequest(TypedDict, closed=True):
    team: Annotated[str, Len(1, 200)]
    inspector: NotRequired[Text200]
    from_team: NotRequired[Text200]  # the team the case is in, when its number is used in several


class PlanRequest(TypedDict, closed=True):
    template_id: Annotated[str, Len(1, 20)]
    planned_at: Annotated[str, Len(1, 40)]
    team: Annotated[str, Len(1, 200)]


class PlanResponse(TypedDict):
    case_id: str
    visit_id: str
    rev: int


class Ping(TypedDict):
    ok: bool
    protocol: int
    server_time: str
