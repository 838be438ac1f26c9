"""Throw-away certificates for the signed-report tests: a test CA and a signing certificate it issued,
the latter in a PKCS#12 file with a passphrase, as a municipality would configure it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSPHRASE = "rapporten-test-wachtwoordzin"


@dataclass(frozen=True)
class TestCertificate:
    p12: Path  # the signing certificate, its key and the CA, encrypted with PASSPHRASE
    ca_pem: Path  # the CA alone: the trust root a checker is given
    subject: str  # the signing certificate's common name


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Gemeente Voorbeeld (test)"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
                         data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                         encipher_only=False, decipher_only=False)


def make(folder: Path, ca_name: str = "Test-CA Gemeente Voorbeeld", days: int = 30,
         valid_from_days: int = -1) -> TestCertificate:
    """A new CA and a signing certificate issued by it (valid from ``valid_from_days`` for ``days``)."""
    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    start, end = now + dt.timedelta(days=valid_from_days), now + dt.timedelta(days=valid_from_days + days)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(_name(ca_name)).issuer_name(_name(ca_name))
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(days=2)).not_valid_after(now + dt.timedelta(days=365))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(_usage(ca=True), critical=True)
          .sign(ca_key, hashes.SHA256()))
    subject = "Rapporten Gemeente Voorbeeld"
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_usage(ca=False), critical=True)
            .sign(ca_key, hashes.SHA256()))
    p12 = folder / "rapporten.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"rapporten", key, cert, [ca], serialization.BestAvailableEncryption(PASSPHRASE.encode())))
    ca_pem = folder / "ca.pem"
    ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    return TestCertificate(p12, ca_pem, subject)
