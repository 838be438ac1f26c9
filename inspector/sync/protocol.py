"""Protocol v1: the wire types shared by the server and the client (DESIGN.md §3).

Every call carries ``X-Inspector-Protocol: <PROTOCOL_VERSION>``. Records travel as an envelope
(entity, id, case scope, revisions) around ``fields``/``data``: the record's columns exactly as the
laptop stores them (JSON columns as their canonical JSON text, booleans as 0/1), so a finalized
visit's fingerprint comes out the same on every machine.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .schema import (  # noqa: F401 - re-exported: the constants and record schema are protocol too
    API_PREFIX,
    APPLY_ORDER,
    ENTITY_FIELDS,
    FINALIZED_STATUSES,
    HEADER,
    IMMUTABLE_FIELDS,
    MAX_BATCH_RECORDS,
    MAX_BLOB_BYTES,
    MAX_CHUNK_BYTES,
    MAX_JSON_BYTES,
    MAX_PAGE_RECORDS,
    MIN_PROTOCOL_VERSION,
    PROTOCOL_VERSION,
    PUSH_ORDER,
    REQUIRED,
    ROLES,
    data_fields,
    is_loopback_host,
    url_problem,
)

Entity = Literal["addresses", "cases", "persons", "visits", "answers", "attachments", "addenda", "audit"]
Scalar = str | int | float | bool | None
RecordId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Role = Literal["inspector", "coordinator", "admin"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorBody(Model):
    """Every 4xx/5xx answer: a stable code and a message in English and Dutch."""

    code: str
    message: str
    message_nl: str
    detail: Any = None


class LoginRequest(Model):
    username: Annotated[str, Field(min_length=1, max_length=200)]
    password: Annotated[str, Field(min_length=1, max_length=1000)]
    device_name: Annotated[str, Field(max_length=200)] = ""


class Me(Model):
    username: str
    role: Role
    teams: list[str]
    device_id: str


class LoginResponse(Me):
    token: str
    server_time: str


class PushRecord(Model):
    """One changed record: the fields changed since ``base_rev`` (all fields when new)."""

    entity: Entity
    id: RecordId
    case_id: Annotated[str, Field(max_length=64, pattern=r"^[A-Za-z0-9_.:-]*$")]
    base_rev: Annotated[int, Field(ge=0)]
    fields: Annotated[dict[Annotated[str, Field(max_length=64)], Scalar], Field(max_length=100)]
    modified_at: Annotated[str, Field(max_length=40)] = ""
    modified_by: Annotated[str, Field(max_length=200)] = ""


class PushRequest(Model):
    key: Annotated[str, Field(min_length=8, max_length=128, pattern=r"^[A-Za-z0-9_.:-]+$")]
    records: Annotated[list[PushRecord], Field(max_length=MAX_BATCH_RECORDS)]


class ServerRecord(Model):
    """A record as the server holds it: every column, and per field the revision that last set it.

    Pull also delivers ``departures``: a notice that a case has left one of the caller's teams
    (``data``: ``case_id`` and the ``team`` it went to); the laptop then removes its copy."""

    entity: Entity | Literal["departures"]
    id: str
    rev: int
    case_id: str
    data: dict[str, Scalar]
    field_revs: dict[str, int]
    modified_at: str = ""
    modified_by: str = ""


class PushResult(Model):
    entity: Entity
    id: str
    status: Literal["applied", "conflict", "rejected"]
    rev: int = 0
    conflicts: list[str] = []  # fields where the server kept its own value
    code: str = ""
    reason: str = ""
    reason_nl: str = ""
    record: ServerRecord | None = None


class Receipt(Model):
    visit_id: str
    fingerprint: str
    receipt: str
    issued_at: str


class PushResponse(Model):
    results: list[PushResult]
    receipts: list[Receipt] = []


class PullResponse(Model):
    records: list[ServerRecord]
    cursor: str
    more: bool
    remaining: int | None = None
    restart: bool = False  # the cursor was of another scope (the caller's teams changed): from the start


class BlobsMissingRequest(Model):
    hashes: Annotated[list[Sha256], Field(max_length=10_000)]


class BlobsMissingResponse(Model):
    missing: list[str]


class BlobStatus(Model):
    sha256: str
    size: int  # the total announced for an upload in progress, the real size when complete
    received: int
    complete: bool


class AssignRequest(Model):
    team: Annotated[str, Field(min_length=1, max_length=200)]
    inspector: Annotated[str, Field(max_length=200)] = ""


class PlanRequest(Model):
    template_id: Annotated[str, Field(min_length=1, max_length=20)]
    planned_at: Annotated[str, Field(min_length=1, max_length=40)]
    team: Annotated[str, Field(min_length=1, max_length=200)]


class PlanResponse(Model):
    case_id: str
    visit_id: str
    rev: int


class Ping(Model):
    ok: bool
    protocol: int
    server_time: str


__all__ = [
    "API_PREFIX",
    "APPLY_ORDER",
    "ENTITY_FIELDS",
    "FINALIZED_STATUSES",
    "HEADER",
    "IMMUTABLE_FIELDS",
    "MAX_BATCH_RECORDS",
    "MAX_BLOB_BYTES",
    "MAX_CHUNK_BYTES",
    "MAX_JSON_BYTES",
    "MAX_PAGE_RECORDS",
    "MIN_PROTOCOL_VERSION",
    "PROTOCOL_VERSION",
    "PUSH_ORDER",
    "REQUIRED",
    "ROLES",
    "data_fields",
    "is_loopback_host",
    "url_problem",
    "Model",
    "ErrorBody",
    "LoginRequest",
    "Me",
    "LoginResponse",
    "PushRecord",
    "PushRequest",
    "ServerRecord",
    "PushResult",
    "Receipt",
    "PushResponse",
    "PullResponse",
    "BlobsMissingRequest",
    "BlobsMissingResponse",
    "BlobStatus",
    "AssignRequest",
    "PlanRequest",
    "PlanResponse",
    "Ping",
    "Entity",
    "Scalar",
    "RecordId",
    "Sha256",
    "Role",
]
