"""The canonical content of a visit and its SHA-256 fingerprint.

A finalized visit is evidence: the fingerprint printed on the report and sent to the server
must come out the same wherever it is computed, so the content is a fixed JSON shape with
sorted keys and no sync bookkeeping.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

VISIT_EXCLUDED = {"rev", "dirty", "dirty_fields", "modified_at", "modified_by", "deleted",
                  "fingerprint", "receipt", "status"}
CHILD_EXCLUDED = {"rev", "dirty", "dirty_fields", "modified_at", "modified_by", "deleted", "id",
                  "visit_id"}


def _clean(row: dict[str, Any], excluded: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key in excluded:
            continue
        if isinstance(value, str) and value[:1] in "[{" and value[-1:] in "]}":
            try:
                value = json.loads(value)
            except ValueError:
                pass
        out[key] = value
    return out


def canonical_content(visit: dict[str, Any], case: dict[str, Any], address: dict[str, Any] | None,
                      answers: list[dict[str, Any]], attachments: list[dict[str, Any]]) -> bytes:
    """The bytes the fingerprint is computed over (rows as stored, JSON columns decoded)."""
    doc = {
        "visit": _clean(visit, VISIT_EXCLUDED),
        "case": {"number": case["number"], "domain": case["domain"]},
        "address": _clean(address, CHILD_EXCLUDED | {"bag_id"}) | {"bag_id": address.get("bag_id")}
        if address else None,
        "answers": sorted((_clean(a, CHILD_EXCLUDED) for a in answers),
                          key=lambda a: (a["item_id"], a["room"])),
        "attachments": sorted((_clean(a, CHILD_EXCLUDED) for a in attachments),
                              key=lambda a: (a["kind"], a["number"], a["sha256"])),
    }
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def fingerprint(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
