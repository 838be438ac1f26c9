"""What a report PDF carries as evidence: the fingerprint and visit printed in its footer, and its
PAdES signatures (the one the server adds when the municipality configured its certificate).

Pure (no database, no network): the back office's "Is dit rapport echt?" page and ``inspector verify
FILE.pdf`` share it. The printed text is read with pypdf, signatures with pyHanko; both are imported
only when a PDF is checked, and a missing pyHanko is said plainly (``LibraryMissing``). Signatures are
validated offline: no revocation lookups, no timestamp server.

A report signed by the server is the laptop's PDF, byte for byte, followed by one incremental update
holding the signature; so ``original_bytes`` of such a file are what the laptop printed.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import evidence
from .errors import InspectorError, ValidationError

PDF_MAGIC = b"%PDF-"
# The report's footer: "Vingerafdruk (SHA-256): v2:<hex>" and "Zaak <number> · bezoek <id>" (report/texts.py).
_FINGERPRINT = re.compile(r"(Vingerafdruk|Fingerprint) \(SHA-256\):\s*((?:v\d+:)?[0-9a-f]{64})")
_VISIT = re.compile(r"(?:Zaak|Case) (.+?) · (?:bezoek|visit) ([0-9A-Za-z-]{6,64})")


class LibraryMissing(InspectorError):
    """pyHanko (or pypdf) is not installed here."""


def not_a_pdf() -> ValidationError:
    return ValidationError("not_pdf", "Dit bestand is geen (leesbare) PDF.",
                           "This file is not a (readable) PDF.", field="file")


def _quiet(name: str) -> None:
    """The libraries log what they repair in a damaged file or cannot chain to a trust root (pyHanko
    with a traceback); this module reports the outcome itself, so their logs stay quiet."""
    logger = logging.getLogger(name)
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
        logger.propagate = False


def _pypdf() -> Any:
    try:
        import pypdf
    except ImportError as exc:
        raise LibraryMissing("pypdf_missing", "Om een PDF te lezen is pypdf nodig: pip install pypdf",
                             "Reading a PDF needs pypdf: pip install pypdf") from exc
    _quiet("pypdf")
    return pypdf


def _pyhanko() -> None:
    try:
        import pyhanko  # noqa: F401
    except ImportError as exc:
        raise LibraryMissing("pyhanko_missing",
                             "Om de handtekening (PAdES) van een PDF te controleren is pyHanko nodig: "
                             "pip install pyhanko (of installeer Inspector met [server]).",
                             "Checking a PDF's (PAdES) signature needs pyHanko: pip install pyhanko (or "
                             "install Inspector with [server]).") from exc
    _quiet("pyhanko")


@dataclass(frozen=True)
class Printed:
    """What the report prints in its footer (empty strings when not found)."""

    fingerprint: str
    visit_id: str
    case_number: str
    lang: str  # the report's language, from its footer's words ("nl" or "en")


def printed(data: bytes) -> Printed:
    """The fingerprint, visit and case a report PDF prints on its first page. Raises ``not_a_pdf``."""
    if not data.startswith(PDF_MAGIC):
        raise not_a_pdf()
    pypdf = _pypdf()
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        text = reader.pages[0].extract_text() if len(reader.pages) else ""
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
        raise not_a_pdf() from exc
    fp = _FINGERPRINT.search(text)
    visit = _VISIT.search(text)
    lang = "en" if fp and fp.group(1) == "Fingerprint" else "nl"
    return Printed(fp.group(2) if fp else "", visit.group(2) if visit else "",
                   visit.group(1).strip() if visit else "", lang)


@dataclass(frozen=True)
class Signature:
    """One PAdES (or other CMS) signature in a PDF, as validated here."""

    field: str
    signer: str  # the signing certificate's subject, readable
    intact: bool  # the signed bytes hash to what the signature says
    valid: bool  # and the signature over them is cryptographically sound
    trusted: bool  # the signing certificate chains to a given trust root (False when none given)
    whole_file: bool  # it covers the whole file: nothing was added after signing
    signed_at: datetime | None
    revision_end: int  # the byte where the revision it signs ends (its ByteRange's end)
    is_pades: bool


@dataclass(frozen=True)
class Signatures:
    found: list[Signature]
    revisions: int  # the file's revisions (1 = no incremental update)


def load_trust_roots(pem_or_der: bytes) -> list[Any]:
    """Certificates (asn1crypto) from a PEM file (one or several) or one DER certificate."""
    _pyhanko()
    from asn1crypto import pem, x509

    try:
        if pem.detect(pem_or_der):
            return [x509.Certificate.load(der) for _kind, _h, der in pem.unarmor(pem_or_der, multiple=True)]
        return [x509.Certificate.load(pem_or_der)]
    except (ValueError, TypeError) as exc:
        raise ValidationError("trust_unreadable", "Het vertrouwde certificaat (--trust) is onleesbaar; geef "
                              "een PEM- of DER-bestand.", "The trusted certificate (--trust) is unreadable; "
                              "give a PEM or DER file.", field="trust") from exc


def signatures(data: bytes, trust_roots: list[Any]) -> Signatures:
    """Every signature in the PDF ``data``, validated against ``trust_roots`` (asn1crypto
    certificates; none: validity and coverage only). Raises ``not_a_pdf``."""
    if not data.startswith(PDF_MAGIC):
        raise not_a_pdf()
    _pyhanko()
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.general import SigningError
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
        revisions = int(reader.xrefs.total_revisions)
    except Exception as exc:  # noqa: BLE001 - a damaged file fails in many places
        raise not_a_pdf() from exc
    found = []
    for sig in embedded:
        context = ValidationContext(trust_roots=trust_roots, allow_fetching=False)
        try:
            status = validate_pdf_signature(sig, context)
            intact, valid, trusted = bool(status.intact), bool(status.valid), bool(status.trusted)
            whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
            signed_at = status.signer_reported_dt
            signer = status.signing_cert.subject.human_friendly
        except (SignatureValidationError, SigningError, ValueError, KeyError, TypeError):
            intact = valid = trusted = whole = False
            signed_at, signer = None, ""
        byte_range = [int(x) for x in sig.sig_object.get("/ByteRange", [0, 0, 0, 0])]
        subfilter = str(sig.sig_object.get("/SubFilter", ""))
        found.append(Signature(str(sig.field_name), signer, intact, valid, trusted, whole, signed_at,
                               byte_range[2] + byte_range[3] if len(byte_range) == 4 else 0,
                               subfilter == "/ETSI.CAdES.detached"))
    return Signatures(found, revisions)


def signed_as_printed(data: bytes, original: bytes, sigs: Signatures) -> bool:
    """Is ``data`` exactly ``original`` (the PDF as rendered) plus one signature, intact and covering
    the whole file — the only form in which the server hands out a signed report?"""
    return data.startswith(original) and sigs.revisions == 2 and len(sigs.found) == 1 and \
        sigs.found[0].intact and sigs.found[0].valid and sigs.found[0].whole_file


def check_signature(sigs: Signatures, *, trust_given: bool, trusted_as: str = "") -> evidence.Check:
    """The claim "this PDF carries a valid signature over all of it", as an ``evidence.Check``:
    absent without a signature; failed when one is broken, does not cover the whole file, or (with a
    trust root given) is not trusted; unchecked when valid but no trust root was given."""
    if not sigs.found:
        return evidence.Check("pdf_signature", evidence.ABSENT, "De PDF is niet digitaal ondertekend.",
                              "The PDF is not digitally signed.")
    broken = [s for s in sigs.found if not (s.intact and s.valid)]
    if broken:
        return evidence.Check("pdf_signature", evidence.FAILED,
                              "De handtekening klopt niet: de ondertekende inhoud is gewijzigd, of de "
                              "handtekening is beschadigd.", "The signature does not match: the signed "
                              "content was changed, or the signature is damaged.")
    last = sigs.found[-1]
    if not last.whole_file:
        return evidence.Check("pdf_signature", evidence.FAILED,
                              "Het bestand is na de ondertekening gewijzigd: er is iets aan toegevoegd dat "
                              "de handtekening niet dekt.", "The file was changed after signing: something "
                              "was added that the signature does not cover.")
    when = f" op {last.signed_at:%d-%m-%Y %H:%M} UTC" if last.signed_at else ""
    when_en = f" on {last.signed_at:%Y-%m-%d %H:%M} UTC" if last.signed_at else ""
    kind = "PAdES-handtekening" if last.is_pades else "handtekening"
    kind_en = "PAdES signature" if last.is_pades else "signature"
    if last.trusted:
        who = f" ({trusted_as})" if trusted_as else ""
        return evidence.Check("pdf_signature", evidence.OK,
                              f"Geldige {kind} over het hele bestand, van '{last.signer}'{who}{when}.",
                              f"Valid {kind_en} over the whole file, by '{last.signer}'{who}{when_en}.")
    if trust_given:
        return evidence.Check("pdf_signature", evidence.FAILED,
                              f"De {kind} is heel, maar gezet met een certificaat dat hier niet vertrouwd "
                              f"wordt: '{last.signer}'.", f"The {kind_en} is intact, but made with a "
                              f"certificate that is not trusted here: '{last.signer}'.")
    return evidence.Check("pdf_signature", evidence.UNCHECKED,
                          f"Geldige {kind} over het hele bestand, van '{last.signer}'{when}; of dat "
                          "certificaat te vertrouwen is, is hier niet gecontroleerd.",
                          f"Valid {kind_en} over the whole file, by '{last.signer}'{when_en}; whether that "
                          "certificate is to be trusted was not checked here.")
