"""Evidence: the frozen document of a finalized visit (and of each addendum), sealed and checked.

Format 2 (this release). Finalizing writes one canonical snapshot of everything the report prints
(``snapshot.visit_document``): UTF-8 JSON with sorted keys and no spaces, carrying ``"format": 2``.
Its fingerprint is ``"v2:" + SHA-256`` of those bytes; the finalizing laptop signs
``seal_message(fingerprint)`` with its Ed25519 device key. The server checks both before it issues a
receipt: its own Ed25519 signature over the record, the fingerprint, the signing device and the
moment (``receipt_message``). An addendum is a document of its own, sealed the same way, naming the
fingerprint before it (the visit's, or the previous addendum's).

Format 1 (release 0.1): a bare SHA-256 over the visit's row and some of its case, address, answers
and photos as stored then (``v1_content``), unsigned, with receipts the server alone can check (an
HMAC). Such visits keep verifying under those rules: the migration to this release froze the bytes
they were fingerprinted over.

Everything here is pure (no database, no network): the laptop, the server and ``inspector verify``
share it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import platform
import re
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

FORMAT = 2
KIND_VISIT = "visit"
KIND_ADDENDUM = "addendum"

# Check states: what holds, what does not, what is not there (yet) and what cannot be checked here.
OK, FAILED, ABSENT, UNCHECKED = "ok", "failed", "absent", "unchecked"


# --- canonical bytes and fingerprints ----------------------------------------------------------
def canonical(doc: Any) -> bytes:
    """The one byte form of a document: sorted keys, no spaces, UTF-8, no NaN or Infinity."""
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def fingerprint_of(content: bytes, fmt: int = FORMAT) -> str:
    """``v2:<sha256 hex>`` (format 1: the bare hex digest)."""
    digest = hashlib.sha256(content).hexdigest()
    return digest if fmt == 1 else f"v{fmt}:{digest}"


def fingerprint_format(fingerprint: str) -> int:
    """The snapshot format a fingerprint is tagged with (1 for a bare digest, 0 when unreadable)."""
    tag, sep, digest = fingerprint.partition(":")
    if not sep:
        return 1 if _is_digest(fingerprint) else 0
    if tag[:1] == "v" and tag[1:].isdigit() and tag[1:].isascii() and _is_digest(digest):
        return int(tag[1:])
    return 0


_DIGEST = re.compile("[0-9a-f]{64}")


def _is_digest(text: str) -> bool:
    return _DIGEST.fullmatch(text) is not None


# --- keys and signatures -----------------------------------------------------------------------
def default_device_name() -> str:
    """How this laptop is named on the server and in the footer of the reports it seals."""
    return f"Inspector op {platform.node() or 'laptop'}"[:200]


def new_private_key() -> bytes:
    """A fresh Ed25519 private key (32 raw bytes)."""
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    return Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def public_key_hex(private: bytes) -> str:
    key = Ed25519PrivateKey.from_private_bytes(private).public_key()
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def key_id(public_hex: str) -> str:
    """A short, stable name of a public key (16 hex characters), as the report and verify show it."""
    try:
        return hashlib.sha256(bytes.fromhex(public_hex)).hexdigest()[:16]
    except ValueError:
        return "?"


def sign(private: bytes, message: bytes) -> str:
    return Ed25519PrivateKey.from_private_bytes(private).sign(message).hex()


def signature_valid(public_hex: str, signature_hex: str, message: bytes) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
        key.verify(bytes.fromhex(signature_hex), message)
    except (ValueError, InvalidSignature):
        return False
    return True


def seal_message(fingerprint: str) -> bytes:
    """What a laptop signs when it seals a document (domain-separated, so the key signs nothing else)."""
    return f"inspector-seal\n{fingerprint}".encode()


def receipt_message(record_id: str, fingerprint: str, device_id: str, issued_at: str) -> bytes:
    """What the server signs when it acknowledges a sealed document."""
    return f"inspector-receipt\n2\n{record_id}\n{fingerprint}\n{device_id}\n{issued_at}".encode()


@dataclass(frozen=True)
class Seal:
    """A sealed document as it is stored with its record."""

    snapshot: str
    fingerprint: str
    signature: str
    signing_key: str
    signing_device: str

    def fields(self) -> dict[str, str]:
        return {"snapshot": self.snapshot, "fingerprint": self.fingerprint, "signature": self.signature,
                "signing_key": self.signing_key, "signing_device": self.signing_device}


def seal(doc: dict[str, Any], private: bytes, device: str) -> Seal:
    """Freeze ``doc``: its canonical bytes, fingerprint and the device's signature."""
    content = canonical(doc)
    fingerprint = fingerprint_of(content, int(doc.get("format", FORMAT)))
    return Seal(content.decode("utf-8"), fingerprint, sign(private, seal_message(fingerprint)),
                public_key_hex(private), device)


def make_receipt(private: bytes, record_id: str, fingerprint: str, device_id: str, issued_at: str) -> str:
    """The server's receipt: ``r2.<issued_at>.<device_id>.<signature hex>``."""
    signature = sign(private, receipt_message(record_id, fingerprint, device_id, issued_at))
    return f"r2.{issued_at}.{device_id}.{signature}"


@dataclass(frozen=True)
class Receipt:
    version: str
    issued_at: str
    device_id: str
    signature: str


def parse_receipt(text: str) -> Receipt | None:
    """The parts of a receipt (``r2`` or the older ``r1``), or None when it is not one."""
    parts = text.split(".")
    if len(parts) == 4 and parts[0] in ("r1", "r2"):
        version, issued_at, third, signature = parts
        return Receipt(version, issued_at, third if version == "r2" else "", signature)
    if len(parts) == 5 and parts[0] == "r2":  # an issued_at with a fraction would carry a dot
        return Receipt("r2", f"{parts[1]}.{parts[2]}", parts[3], parts[4])
    return None


# --- checking ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Check:
    """One claim about a document and whether it holds."""

    name: str  # fingerprint, signature, receipt, photos, chain
    state: str  # ok, failed, absent, unchecked
    nl: str
    en: str

    def message(self, lang: str = "nl") -> str:
        return self.en if lang == "en" else self.nl


@dataclass
class Verdict:
    """What holds of one sealed document (a finalized visit or an addendum)."""

    kind: str
    record_id: str
    fingerprint: str
    format: int
    checks: list[Check] = field(default_factory=list)
    signing_device: str = ""
    signing_key_id: str = ""

    @property
    def ok(self) -> bool:
        """Everything that should hold does (absent receipts and unsigned format-1 documents are no
        failure; a claim that is there and does not check out is)."""
        return all(c.state != FAILED for c in self.checks)

    def state(self, name: str) -> str:
        return next((c.state for c in self.checks if c.name == name), ABSENT)


def check_fingerprint(snapshot: str, fingerprint: str, *, strict: bool = True) -> Check:
    """Does the stored document still have the fingerprint it was sealed with? ``strict`` also checks
    that it is in its canonical form (a pulled record skips that: the hash already binds the bytes)."""
    fmt = fingerprint_format(fingerprint)
    if fmt == 0:
        return Check("fingerprint", FAILED, "De vingerafdruk is onleesbaar.",
                     "The fingerprint is unreadable.")
    if not snapshot:
        return Check("fingerprint", FAILED, "Het vastgelegde document ontbreekt.",
                     "The frozen document is missing.")
    content = snapshot.encode("utf-8")
    if fingerprint_of(content, fmt) != fingerprint:
        return Check("fingerprint", FAILED,
                     "De vingerafdruk klopt niet: de vastgelegde inhoud is gewijzigd.",
                     "The fingerprint does not match: the frozen content was changed.")
    if fmt >= 2 and strict:
        try:
            doc = json.loads(snapshot)
        except ValueError:
            doc = None
        if not isinstance(doc, dict) or canonical(doc) != content or doc.get("format") != fmt:
            return Check("fingerprint", FAILED, "Het vastgelegde document is niet in zijn vaste vorm.",
                         "The frozen document is not in its canonical form.")
    return Check("fingerprint", OK, f"Vingerafdruk klopt ({fingerprint[:19]}…).",
                 f"Fingerprint matches ({fingerprint[:19]}…).")


def check_signature(fingerprint: str, signature: str, signing_key: str, device: str) -> Check:
    if fingerprint_format(fingerprint) == 1:
        return Check("signature", ABSENT, "Geen apparaathandtekening (gemaakt vóór ondertekening bestond).",
                     "No device signature (made before signing existed).")
    if not signature or not signing_key:
        return Check("signature", FAILED, "De handtekening van het apparaat ontbreekt.",
                     "The device's signature is missing.")
    if not signature_valid(signing_key, signature, seal_message(fingerprint)):
        return Check("signature", FAILED, "De handtekening van het apparaat klopt niet.",
                     "The device's signature does not match.")
    who = f"'{device}' " if device else ""
    return Check("signature", OK, f"Ondertekend door apparaat {who}(sleutel {key_id(signing_key)}).",
                 f"Signed by device {who}(key {key_id(signing_key)}).")


def check_receipt(receipt: str, record_id: str, fingerprint: str, server_key: str) -> Check:
    if not receipt:
        return Check("receipt", ABSENT, "Nog geen ontvangstbewijs van de server.",
                     "No receipt from the server yet.")
    parsed = parse_receipt(receipt)
    if parsed is None:
        return Check("receipt", FAILED, "Het ontvangstbewijs is onleesbaar.", "The receipt is unreadable.")
    if parsed.version == "r1":
        if parsed.device_id or receipt.split(".")[2] != fingerprint:
            return Check("receipt", FAILED, "Het ontvangstbewijs hoort niet bij deze vingerafdruk.",
                         "The receipt does not belong to this fingerprint.")
        return Check("receipt", UNCHECKED,
                     "Ontvangstbewijs van vóór deze versie: alleen de server kan het controleren.",
                     "Receipt from before this release: only the server can check it.")
    if not server_key:
        return Check("receipt", UNCHECKED, "Ontvangstbewijs aanwezig, maar de sleutel van de server is hier "
                     "niet bekend.", "Receipt present, but the server's key is not known here.")
    message = receipt_message(record_id, fingerprint, parsed.device_id, parsed.issued_at)
    if not signature_valid(server_key, parsed.signature, message):
        return Check("receipt", FAILED, "Het ontvangstbewijs klopt niet (niet door de server ondertekend, "
                     "of voor andere inhoud).", "The receipt does not match (not signed by the server, or "
                     "for other content).")
    return Check("receipt", OK, f"Ontvangstbewijs van de server van {parsed.issued_at}.",
                 f"Receipt from the server of {parsed.issued_at}.")


def verdict(kind: str, record_id: str, seal_fields: dict[str, Any], *, server_key: str = "",
            expect_receipt: bool = False, strict: bool = True) -> Verdict:
    """Check a sealed record's fingerprint, signature and receipt (``seal_fields``: its stored
    snapshot, fingerprint, signature, signing_key, signing_device and receipt)."""
    fp = str(seal_fields.get("fingerprint") or "")
    key = str(seal_fields.get("signing_key") or "")
    out = Verdict(kind, record_id, fp, fingerprint_format(fp),
                  signing_device=str(seal_fields.get("signing_device") or ""),
                  signing_key_id=key_id(key) if key else "")
    out.checks.append(check_fingerprint(str(seal_fields.get("snapshot") or ""), fp, strict=strict))
    out.checks.append(check_signature(fp, str(seal_fields.get("signature") or ""), key, out.signing_device))
    receipt = check_receipt(str(seal_fields.get("receipt") or ""), record_id, fp, server_key)
    if expect_receipt and receipt.state == ABSENT:
        receipt = Check("receipt", FAILED, "Het ontvangstbewijs ontbreekt, terwijl de server het bezoek als "
                        "ontvangen markeerde.", "The receipt is missing, though the server marked the visit "
                        "as received.")
    out.checks.append(receipt)
    return out


ADDENDUM_FIELDS = ("visit_id", "text", "author", "created_at", "base_fingerprint")


def check_addendum_record(fields: dict[str, Any]) -> Check:
    """Does an addendum's record say what its frozen document says (its words, author, moment, and the
    fingerprint it follows)?"""
    try:
        doc = json.loads(str(fields.get("snapshot") or ""))
    except ValueError:
        doc = None
    same = isinstance(doc, dict) and all(doc.get(name) == fields.get(name) for name in ADDENDUM_FIELDS)
    if same:
        return Check("record", OK, "De aanvulling zegt wat is vastgelegd.",
                     "The addendum says what was recorded.")
    return Check("record", FAILED, "De aanvulling zegt iets anders dan wat is vastgelegd.",
                 "The addendum says something else than what was recorded.")


def check_blobs(hashes: list[str], data: dict[str, bytes | None]) -> Check:
    """Are the photos and the signature the document names here, unchanged?"""
    missing = [h for h in hashes if data.get(h) is None]
    damaged = [h for h in hashes
               if data.get(h) is not None and hashlib.sha256(data[h] or b"").hexdigest() != h]
    if damaged:
        return Check("photos", FAILED, f"{len(damaged)} foto('s) of handtekening beschadigd.",
                     f"{len(damaged)} photo(s) or signature damaged.")
    if missing:
        return Check("photos", UNCHECKED, f"{len(missing)} van {len(hashes)} foto's zijn hier niet aanwezig.",
                     f"{len(missing)} of {len(hashes)} photos are not present here.")
    return Check("photos", OK, f"{len(hashes)} foto('s) en handtekening ongewijzigd.",
                 f"{len(hashes)} photo(s) and signature unchanged.")


def blob_hashes(doc: dict[str, Any]) -> list[str]:
    """The photos and the signature image a visit document names, by content hash."""
    hashes = [str(p["sha256"]) for p in doc.get("photos", doc.get("attachments", []))]  # format 2, format 1
    signature = doc.get("signature")
    if isinstance(signature, dict) and signature.get("sha256"):
        hashes.append(str(signature["sha256"]))
    return hashes


def encode_logo(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def decode_logo(text: str) -> bytes | None:
    try:
        return base64.b64decode(text, validate=True) if text else None
    except (binascii.Error, ValueError):
        return None


# --- format 1 (release 0.1) --------------------------------------------------------------------
# The columns release 0.1 fingerprinted: exactly these, so that columns added since (and later) never
# change what a format-1 fingerprint covers.
V1_VISIT = ("id", "case_id", "template_id", "template_version", "planned_at", "started_at", "entered_at",
            "ended_at", "announced", "officers", "present", "ground", "id_shown", "id_shown_at", "consent",
            "rooms", "caution", "statement", "outcome", "toe_causes", "lhs_cell", "referrals", "signals",
            "followup_date", "followup_note", "summary", "conclusion", "finalized_at", "finalized_by")
V1_ADDRESS = ("postcode", "huisnummer", "huisletter", "toevoeging", "straat", "woonplaats", "bag_id")
V1_ANSWER = ("item_id", "room", "value", "note")
V1_ATTACHMENT = ("kind", "item_id", "sha256", "mime", "width", "height", "caption", "number", "taken_at")


def _v1(row: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in names:
        value = row.get(key)
        if isinstance(value, str) and value[:1] in "[{" and value[-1:] in "]}":
            try:
                value = json.loads(value)
            except ValueError:
                pass
        out[key] = value
    return out


def v1_content(visit: dict[str, Any], case: dict[str, Any], address: dict[str, Any] | None,
               answers: list[dict[str, Any]], attachments: list[dict[str, Any]]) -> bytes:
    """The bytes release 0.1 fingerprinted: rows as stored (JSON columns decoded), live children only."""
    doc = {
        "visit": _v1(visit, V1_VISIT),
        "case": {"number": case["number"], "domain": case["domain"]},
        "address": _v1(address, V1_ADDRESS) if address else None,
        "answers": sorted((_v1(a, V1_ANSWER) for a in answers), key=lambda a: (a["item_id"], a["room"])),
        "attachments": sorted((_v1(a, V1_ATTACHMENT) for a in attachments),
                              key=lambda a: (a["kind"], a["number"], a["sha256"])),
    }
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
