"""Protocol v1 constants and the synced record schema, without pydantic (cheap to import).

``protocol`` re-exports all of this together with the wire types.
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

PROTOCOL_VERSION = 1
MIN_PROTOCOL_VERSION = 1
HEADER = "X-Inspector-Protocol"
API_PREFIX = "/api/v1"

MAX_JSON_BYTES = 8 * 1024 * 1024  # a push batch or any other JSON body
MAX_CHUNK_BYTES = 4 * 1024 * 1024  # one blob upload request
MAX_BLOB_BYTES = 100 * 1024 * 1024  # one photo or signature
MAX_BATCH_RECORDS = 1000
MAX_PAGE_RECORDS = 5000

REQUIRED = object()  # marks a column that has no default: it must be sent when a record is created

# The synced columns per entity and their defaults (the laptop's schema, inspector/store/migrations.py,
# without id and the sync bookkeeping). tests/test_server.py checks this against the real schema.
ENTITY_FIELDS: dict[str, dict[str, Any]] = {
    "addresses": {"postcode": "", "huisnummer": None, "huisletter": None, "toevoeging": None,
                  "straat": "", "woonplaats": "", "bag_id": None, "deleted": 0},
    "cases": {"number": REQUIRED, "domain": REQUIRED, "address_id": None, "status": "open", "team": "",
              "assigned_to": "", "due_date": "", "title": "", "ground_facts": "", "ground_source": "",
              "ground_date": "", "ground_why_not_lighter": "", "deleted": 0},
    "persons": {"case_id": REQUIRED, "role": "client", "bsn": "", "voornamen": "", "voorvoegsel": "",
                "geslachtsnaam": REQUIRED, "birth_date": "", "deleted": 0},
    "visits": {"case_id": REQUIRED, "template_id": REQUIRED, "template_version": REQUIRED,
               "status": "planned", "planned_at": "", "started_at": "", "entered_at": "", "ended_at": "",
               "announced": 0, "officers": "[]", "present": "[]", "ground": "{}", "id_shown": 0,
               "id_shown_at": "", "consent": "{}", "rooms": "{}", "caution": "{}", "statement": "{}",
               "outcome": "", "toe_causes": "[]", "lhs_cell": "", "referrals": "[]", "signals": "[]",
               "followup_date": "", "followup_note": "", "summary": "", "conclusion": "",
               "fingerprint": "", "finalized_at": "", "finalized_by": "", "receipt": "", "deleted": 0},
    "answers": {"visit_id": REQUIRED, "item_id": REQUIRED, "room": "", "value": "null", "note": "",
                "deleted": 0},
    "attachments": {"visit_id": REQUIRED, "kind": "photo", "item_id": "", "sha256": REQUIRED,
                    "mime": "image/jpeg", "width": 0, "height": 0, "caption": "", "number": 0,
                    "taken_at": "", "deleted": 0},
    "addenda": {"visit_id": REQUIRED, "text": REQUIRED, "base_fingerprint": REQUIRED, "author": "",
                "created_at": REQUIRED, "deleted": 0},
    "audit": {"at": REQUIRED, "actor": REQUIRED, "entity": REQUIRED, "entity_id": REQUIRED,
              "field": REQUIRED, "old": None, "new": None, "reason": "", "deleted": 0},
}

# Push order: a case before anything in it, a visit before its answers and photos.
PUSH_ORDER = ("cases", "addresses", "persons", "visits", "answers", "attachments", "addenda", "audit")
# Local apply order (the laptop's foreign keys).
APPLY_ORDER = ("addresses", "cases", "persons", "visits", "answers", "attachments", "addenda", "audit")

# Fields a record may never change once created (its place in the tree, its content address).
IMMUTABLE_FIELDS: dict[str, frozenset[str]] = {
    "cases": frozenset({"number"}),
    "persons": frozenset({"case_id"}),
    "visits": frozenset({"case_id"}),
    "answers": frozenset({"visit_id", "item_id", "room"}),
    "attachments": frozenset({"visit_id", "sha256"}),
    "addenda": frozenset({"visit_id", "text", "base_fingerprint", "author", "created_at"}),
    "audit": frozenset(ENTITY_FIELDS["audit"]),
}

FINALIZED_STATUSES = ("finalized", "synced")

ROLES = ("inspector", "coordinator", "admin")


def is_loopback_host(host: str) -> bool:
    """True for localhost and loopback addresses (the only hosts plain HTTP may go to)."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_problem(url: str) -> tuple[str, str, str] | None:
    """Why ``url`` cannot be used as a server address (code, nl, en), or None when it can."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ("url_invalid", f"'{url}' is geen geldig serveradres (https://…).",
                f"'{url}' is not a valid server address (https://…).")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        return ("insecure_url",
                f"Onbeveiligd http:// is alleen toegestaan naar deze computer zelf; gebruik https:// "
                f"voor {parts.hostname}.",
                f"Plain http:// is only allowed to this computer itself; use https:// for "
                f"{parts.hostname}.")
    return None


def data_fields(entity: str) -> dict[str, Any]:
    """The synced columns of ``entity`` with their defaults (``REQUIRED`` when there is none)."""
    return ENTITY_FIELDS[entity]
