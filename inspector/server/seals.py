"""What the server checks of a sealed record before it takes it, and the receipts it signs.

A sealed record is a finalized visit or an addendum (``records.SEALED``): it carries its frozen
document, the document's fingerprint, and the Ed25519 signature of the laptop that sealed it. The
server takes it only when the fingerprint matches the document, the signature is valid and made by a
key a device registered at login, the document is of this record, and (a visit) the record's fields
say what its document says. It then signs a receipt over the record, the fingerprint, the signing
device and the moment (``evidence.make_receipt``), with its own key from ``server_meta``.

Visits finalized by release 0.1 (format 1) carry no signature: their frozen bytes must match their
fingerprint, and they are taken only when finalized before this server started to require signatures
and sent within 30 days of that (by the server's clock): the laptops that were offline during the
upgrade. The receipt then names the device that sent it.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .. import evidence, snapshot
from .db import devices, now_iso, server_meta

Refusal = tuple[str, str, str]  # code, English, Dutch

_KEY = sa.select(server_meta.c.value).where(server_meta.c.key == sa.bindparam("key"))
_DEVICE_OF_KEY = sa.select(devices.c.id).where(devices.c.signing_key == sa.bindparam("key")).order_by(
    devices.c.created_at).limit(1)


def meta(conn: Connection, key: str) -> str:
    row = conn.execute(_KEY, {"key": key}).first()
    return str(row[0]) if row else ""


def server_private_key(conn: Connection) -> bytes:
    return bytes.fromhex(meta(conn, "signing_key"))


def server_public_key(conn: Connection) -> str:
    return evidence.public_key_hex(server_private_key(conn))


def device_of_key(conn: Connection, key: str) -> str | None:
    """The device that registered the public signing key ``key`` (the first, when several did)."""
    row = conn.execute(_DEVICE_OF_KEY, {"key": key}).first() if key else None
    return str(row[0]) if row else None


def _refused(code: str, en: str, nl: str) -> Refusal:
    return (code, en, nl)


def check(conn: Connection, entity: str, record_id: str, case_id: str, data: dict[str,
                                                                                  Any]) -> Refusal | None:
    """Why the sealed record ``data`` (every field, as it would be stored) cannot be taken, or None."""
    fingerprint = str(data.get("fingerprint") or "")
    fmt = evidence.fingerprint_format(fingerprint)
    if fmt == 1 and entity == "visits":
        return _check_release_0_1(conn, data)
    kind = evidence.KIND_VISIT if entity == "visits" else evidence.KIND_ADDENDUM
    verdict = evidence.verdict(kind, record_id, data)
    if verdict.state("fingerprint") != evidence.OK:
        return _refused("seal_invalid", "The fingerprint does not match the finalized document; it was not "
                        "accepted.", "De vingerafdruk klopt niet met het vastgelegde document; het is niet "
                        "aangenomen.")
    if verdict.state("signature") != evidence.OK:
        return _refused("seal_invalid",
                        "The laptop's signature does not match the finalized document; it was "
                        "not accepted.", "De handtekening van de laptop klopt niet met het vastgelegde "
                        "document; het is niet aangenomen.")
    if device_of_key(conn, str(data.get("signing_key") or "")) is None:
        return _refused("key_unknown",
                        "The laptop that signed this is not known to the server. Log in to the "
                        "server again on that laptop, then sync.", "De laptop die dit ondertekende, is niet "
                        "bekend bij de server. Log op die laptop opnieuw in en synchroniseer.")
    doc = json.loads(str(data["snapshot"]))
    if entity == "visits":
        mismatch = doc.get("visit_id") != record_id or doc.get("case_id") != case_id or \
            snapshot.visit_differences(doc, data)
    else:
        mismatch = evidence.check_addendum_record(data).state != evidence.OK or \
            doc.get("addendum_id") != record_id
    if mismatch:
        return _refused("seal_mismatch", "The record says something else than its finalized document; it was "
                        "not accepted.", "Het record zegt iets anders dan zijn vastgelegde document; het is "
                        "niet aangenomen.")
    return None


def _check_release_0_1(conn: Connection, data: dict[str, Any]) -> Refusal | None:
    if evidence.check_fingerprint(str(data.get("snapshot") or ""),
                                  str(data["fingerprint"])).state != evidence.OK:
        return _refused("seal_invalid", "The fingerprint does not match the finalized content; it was not "
                        "accepted.", "De vingerafdruk klopt niet met de vastgelegde inhoud; het is niet "
                        "aangenomen.")
    if str(data.get("finalized_at") or "") >= meta(conn, "signed_evidence_since") or \
            now_iso() >= meta(conn, "unsigned_accepted_until"):
        return _refused("signature_missing", "A visit finalized now must be signed by the laptop; update "
                        "Inspector on that laptop.", "Een bezoek dat nu wordt afgerond, moet door de laptop "
                        "zijn ondertekend; werk Inspector op die laptop bij.")
    return None


def document(data: dict[str, Any]) -> dict[str, Any] | None:
    """The frozen document (format 2) of a sealed visit as the server holds it, or None."""
    if evidence.fingerprint_format(str(data.get("fingerprint") or "")) < 2 or not data.get("snapshot"):
        return None
    doc = json.loads(str(data["snapshot"]))
    return doc if isinstance(doc, dict) else None


def receipt(conn: Connection, record_id: str, fingerprint: str, device_id: str, issued_at: str) -> str:
    """The server's signed receipt of a sealed record."""
    return evidence.make_receipt(server_private_key(conn), record_id, fingerprint, device_id, issued_at)
