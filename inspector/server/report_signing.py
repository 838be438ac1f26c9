"""The municipality's signature on the reports the back office hands out: PAdES baseline B-B with
pyHanko, made with the certificate the municipality configures (a PKCS#12 file and its passphrase).

Configuration (read when the server starts; see docs/server.md, "Signed reports"):
``serve --report-certificate FILE.p12`` or ``$INSPECTOR_SERVER_REPORT_CERTIFICATE``, and the file's
passphrase in ``$INSPECTOR_SERVER_REPORT_PASSPHRASE`` or in the file named by
``$INSPECTOR_SERVER_REPORT_PASSPHRASE_FILE`` (never on the command line, where ``ps`` shows it). A file
that cannot be read, a wrong passphrase, or a certificate that is not valid today stops the server
from starting, with a message saying which.

The signature is an incremental update: the signed file is the laptop's PDF byte for byte, followed
by the signature, which covers the whole file. No timestamp server is used (the server works offline),
so the signing time is the server's clock as the signature states it (B-B, not B-T).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.serialization import pkcs12

ENV_CERTIFICATE = "INSPECTOR_SERVER_REPORT_CERTIFICATE"
ENV_PASSPHRASE = "INSPECTOR_SERVER_REPORT_PASSPHRASE"
ENV_PASSPHRASE_FILE = "INSPECTOR_SERVER_REPORT_PASSPHRASE_FILE"
FIELD = "Inspector"
REASON = "Rapport van bevindingen van een afgerond bezoek / report of findings of a finalized visit"


class CertificateProblem(Exception):
    """The configured certificate cannot be used; ``nl`` and ``en`` say why."""

    def __init__(self, nl: str, en: str) -> None:
        super().__init__(en)
        self.nl, self.en = nl, en


@dataclass(frozen=True)
class ReportSigner:
    """The loaded certificate: signs PDFs, and names the certificates a signed report is checked
    against (the signing certificate and the chain in the PKCS#12 file)."""

    signer: Any  # pyhanko.sign.signers.SimpleSigner
    subject: str
    not_after: datetime
    trust_roots: list[Any]  # asn1crypto certificates

    def sign(self, pdf: bytes) -> bytes:
        """``pdf`` with the municipality's PAdES signature appended (an incremental update)."""
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers

        meta = signers.PdfSignatureMetadata(field_name=FIELD, subfilter=fields.SigSeedSubFilter.PADES,
                                            md_algorithm="sha256", reason=REASON)
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        out = signers.sign_pdf(writer, meta, signer=self.signer)
        return bytes(out.getvalue())


def load(path: str | os.PathLike[str], passphrase: str) -> ReportSigner:
    """The certificate and key in the PKCS#12 file ``path``. Raises ``CertificateProblem``."""
    try:
        from pyhanko.sign.signers import SimpleSigner
    except ImportError as exc:
        raise CertificateProblem("Voor ondertekende rapporten is pyHanko nodig: installeer Inspector met "
                                 "[server] (pip install pyhanko).", "Signed reports need pyHanko: install "
                                 "Inspector with [server] (pip install pyhanko).") from exc
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        why = exc.strerror or exc
        raise CertificateProblem(f"Het certificaatbestand {path} is niet te lezen: {why}.",
                                 f"The certificate file {path} cannot be read: {why}.") from exc
    try:
        key, cert, _chain = pkcs12.load_key_and_certificates(data, passphrase.encode("utf-8"))
    except ValueError as exc:
        raise CertificateProblem(f"Het certificaatbestand {path} is geen PKCS#12-bestand, of de "
                                 "wachtwoordzin klopt niet.", f"The certificate file {path} is not a PKCS#12 "
                                 "file, or the passphrase is wrong.") from exc
    if key is None or cert is None:
        raise CertificateProblem(f"In {path} staan niet zowel een certificaat als zijn sleutel.",
                                 f"{path} does not hold both a certificate and its key.")
    now = datetime.now(UTC)
    if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
        raise CertificateProblem(
            f"Het certificaat in {path} is niet geldig op dit moment (geldig van "
            f"{cert.not_valid_before_utc:%d-%m-%Y} tot {cert.not_valid_after_utc:%d-%m-%Y}).",
            f"The certificate in {path} is not valid now (valid from {cert.not_valid_before_utc:%Y-%m-%d} "
            f"to {cert.not_valid_after_utc:%Y-%m-%d}).")
    # The checks above give the messages; pyHanko reads the file again into its own types.
    signer = SimpleSigner.load_pkcs12(str(path), passphrase=passphrase.encode("utf-8"))
    if signer is None:
        raise CertificateProblem(f"pyHanko kan het certificaat in {path} niet gebruiken.",
                                 f"pyHanko cannot use the certificate in {path}.")
    chain = [signer.signing_cert, *(c for c in signer.cert_registry if c != signer.signing_cert)]
    return ReportSigner(signer, signer.signing_cert.subject.human_friendly, cert.not_valid_after_utc, chain)


def configured(certificate: str | None = None) -> ReportSigner | None:
    """The signer the server is configured with (``certificate``, else the environment), or None when
    no certificate is configured. Raises ``CertificateProblem``."""
    path = certificate or os.environ.get(ENV_CERTIFICATE, "")
    if not path:
        return None
    passphrase = os.environ.get(ENV_PASSPHRASE)
    if passphrase is None and os.environ.get(ENV_PASSPHRASE_FILE):
        try:
            passphrase = Path(os.environ[ENV_PASSPHRASE_FILE]).read_text("utf-8").rstrip("\r\n")
        except OSError as exc:
            why = exc.strerror or exc
            raise CertificateProblem(
                f"Het wachtwoordzinbestand ({ENV_PASSPHRASE_FILE}) is niet te lezen: {why}.",
                f"The passphrase file ({ENV_PASSPHRASE_FILE}) cannot be read: {why}.") from exc
    if passphrase is None:
        raise CertificateProblem(f"Geef de wachtwoordzin van het certificaat in {ENV_PASSPHRASE} of "
                                 f"{ENV_PASSPHRASE_FILE}.", f"Give the certificate's passphrase in "
                                 f"{ENV_PASSPHRASE} or {ENV_PASSPHRASE_FILE}.")
    return load(path, passphrase)
