"""Signed reports and "Is dit rapport echt?": a server configured with the municipality's certificate
(a throw-away PKCS#12 made here) hands out the laptop's PDF with a PAdES signature that pyHanko
validates against the test CA; the back office's check page and ``inspector verify FILE.pdf`` tell a
genuine report from one byte changed, an update appended after signing, another team's report, a
random PDF and a file that is no PDF."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from reportlab.pdfgen.canvas import Canvas

from inspector import cli
from inspector.pdf_evidence import load_trust_roots
from inspector.server import report_signing
from tests import certificates, test_beheer
from tests.servers import RunningServer, free_port, start_server
from tests.test_beheer import BackOffice, access, messages
from tests.test_sync import finalized_visit, make_case

pytest_plugins = ["tests.servers"]
office = test_beheer.office  # logged-in back office clients of ``any_server``
NOT_KNOWN = "De vingerafdruk en het bezoek in dit rapport zijn niet bekend bij uw teams."


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> certificates.TestCertificate:
    return certificates.make(tmp_path_factory.mktemp("cert"))


@pytest.fixture(scope="module")
def signing_server(tmp_path_factory: pytest.TempPathFactory, cert: certificates.TestCertificate
                   ) -> Iterator[RunningServer]:
    """A SQLite server configured, as ``serve`` is, from the environment: the PKCS#12 file and its
    passphrase."""
    saved = {k: os.environ.get(k) for k in (report_signing.ENV_CERTIFICATE, report_signing.ENV_PASSPHRASE)}
    os.environ[report_signing.ENV_CERTIFICATE] = str(cert.p12)
    os.environ[report_signing.ENV_PASSPHRASE] = certificates.PASSPHRASE
    try:
        signer = report_signing.configured()
    finally:
        for key, value in saved.items():
            os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)
    path = tmp_path_factory.mktemp("signing-server") / "server.db"
    running = start_server(f"sqlite:///{path}", "sqlite-signed", report_signer=signer)
    yield running
    running.thread.stop()
    running.db.dispose()


@pytest.fixture
def signed(signing_server: RunningServer) -> Iterator[Any]:
    """``signed(username)``: a logged-in back office client of the signing server (emptied first)."""
    signing_server.reset()
    made: list[BackOffice] = []

    def make(username: str = "coordinator-zuid") -> BackOffice:
        client = BackOffice(signing_server.url)
        assert client.login(username).status_code == 303
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


def synced_report(server: RunningServer, laptop: Any, number: str, **kw: Any) -> tuple[Any, str]:
    """A laptop finalizes a visit (photos, signed statement) of a new case and syncs it."""
    ws = laptop(server.url, **kw)
    visit_id = finalized_visit(ws, make_case(ws, number, team=kw.get("team", "Team Zuid")).id)
    ws.sync.run()
    assert ws.visits.get(visit_id).status == "synced"
    return ws, visit_id


def check(bo: BackOffice, data: bytes, name: str = "rapport.pdf") -> Any:
    bo.get("/beheer/echtheid")
    return bo.post("/beheer/echtheid", files={"file": (name, data, "application/pdf")})


def marks(r: Any) -> list[tuple[str, str]]:
    """The checks the page lists: (state, text)."""
    import html

    return [(state, html.unescape(re.sub(r"\s+", " ", text)).strip()) for state, text in
            re.findall(r'<li class="check-(\w+)"><span class="mark"[^>]*>.</span>(.*?)</li>', r.text, re.S)]


def appended_update(data: bytes) -> bytes:
    """``data`` with an incremental update appended that changes the document (its language)."""
    from pyhanko.pdf_utils import generic

    out = io.BytesIO(data)
    writer = IncrementalPdfFileWriter(out, strict=False)
    writer.root["/Lang"] = generic.TextStringObject("en-GB")
    writer.update_root()
    writer.write_in_place()
    return out.getvalue()


def one_byte_changed(data: bytes) -> bytes:
    """``data`` with one byte of its first page's text changed (the case number in the title: 1 → 7)."""
    at = data.index(b"(Rapport van bevindingen ") + len(b"(Rapport van bevindingen ")
    digit = data.index(b"1", at)
    return data[:digit] + b"7" + data[digit + 1:]


def random_pdf() -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf)
    canvas.drawString(72, 720, "Brief van de advocaat, met een rapport als bijlage.")
    canvas.save()
    return buf.getvalue()


# --- the signed download -------------------------------------------------------------------------
def test_the_download_carries_a_pades_signature_that_validates(
        signing_server: RunningServer, signed: Any, laptop: Any, cert: certificates.TestCertificate) -> None:
    """With a certificate configured the report is the laptop's PDF byte for byte plus one PAdES
    (B-B) signature over the whole file, valid and trusted under the test CA; the pages read the same."""
    ws, visit_id = synced_report(signing_server, laptop, "2026-1201")
    r = signed().get(f"/beheer/bezoeken/{visit_id}/rapport.pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    laptop_pdf = ws.reports.build(visit_id, "nl")
    assert r.content.startswith(laptop_pdf) and len(r.content) > len(laptop_pdf)

    reader = PdfFileReader(io.BytesIO(r.content))
    [sig] = reader.embedded_signatures
    roots = load_trust_roots(cert.ca_pem.read_bytes())
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=roots))
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert sig.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES baseline
    signed_attrs = {a["type"].native for a in sig.signer_info["signed_attrs"]}
    assert "signing_certificate_v2" in signed_attrs  # B-B: the signing certificate bound into the signature
    assert cert.subject in status.signing_cert.subject.human_friendly

    before = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(laptop_pdf)).pages]
    after = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(r.content)).pages]
    assert after == before and ws.visits.get(visit_id).fingerprint in after[0].replace("\n", "")
    assert [(a, d) for _u, a, _t, d in access(signing_server) if a == "download_report"] == \
        [("download_report", f"case:{ws.visits.get(visit_id).case_id}; lang:nl; signed")]


def test_serve_refuses_a_wrong_passphrase_and_names_the_certificate_it_signs_with(
        tmp_path: Path, cert: certificates.TestCertificate) -> None:
    """``inspector-server serve`` with a wrong passphrase stops with a message saying so (exit 1); with the
    right one it starts, naming the certificate."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
           report_signing.ENV_CERTIFICATE: str(cert.p12), report_signing.ENV_PASSPHRASE: "verkeerd"}
    command = [sys.executable, "-m", "inspector.server", "--database", f"sqlite:///{tmp_path / 's.db'}",
               "--blobs", str(tmp_path / "blobs"), "serve", "--port", str(free_port())]
    wrong = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert wrong.returncode == 1
    assert "geen PKCS#12-bestand, of de wachtwoordzin klopt niet" in wrong.stderr

    passphrase_file = tmp_path / "wachtwoordzin"
    passphrase_file.write_text(certificates.PASSPHRASE + "\n")
    env.pop(report_signing.ENV_PASSPHRASE)
    env[report_signing.ENV_PASSPHRASE_FILE] = str(passphrase_file)
    proc = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline() if proc.stderr else ""
        assert "are signed with" in line and cert.subject in line
    finally:
        proc.terminate()
        proc.wait(20)


def test_an_expired_certificate_is_refused_when_loaded(tmp_path: Path) -> None:
    """A certificate that is no longer valid is refused at start, with its dates."""
    old = certificates.make(tmp_path, days=10, valid_from_days=-20)
    with pytest.raises(report_signing.CertificateProblem) as caught:
        report_signing.load(old.p12, certificates.PASSPHRASE)
    assert "niet geldig op dit moment" in caught.value.nl


# --- is this report genuine? ---------------------------------------------------------------------
def test_a_signed_report_is_genuine_and_every_tampering_is_named(
        signing_server: RunningServer, signed: Any, laptop: Any) -> None:
    """The signed download is genuine; one byte changed breaks the signature and the content; an update
    appended after signing is named as such; a random PDF has no fingerprint; a text file is no PDF."""
    ws, visit_id = synced_report(signing_server, laptop, "2026-1202")
    bo = signed()
    pdf = bo.get(f"/beheer/bezoeken/{visit_id}/rapport.pdf").content
    fingerprint = ws.visits.get(visit_id).fingerprint

    r = check(bo, pdf)
    assert r.status_code == 200 and "Echt." in r.text and "Niet als echt bevestigd" not in r.text
    assert [s for s, _t in marks(r)] == ["ok", "ok", "ok"]
    texts = [t for _s, t in marks(r)]
    assert texts[0] == f"Vingerafdruk bekend: afgerond bezoek {visit_id} van zaak 2026-1202."
    assert texts[1] == ("Het bestand is byte voor byte het rapport van dit afgeronde bezoek, met één "
                        "handtekening erna.")
    assert texts[2].startswith("Geldige PAdES-handtekening over het hele bestand, van ") and \
        "(certificaat van de gemeente)" in texts[2]
    assert fingerprint in r.text

    r = check(bo, one_byte_changed(pdf))
    assert "Niet als echt bevestigd" in r.text
    assert marks(r)[1:] == [
        ("failed", "De inhoud verschilt van het rapport van dit afgeronde bezoek: het bestand is gewijzigd."),
        ("failed", "De handtekening klopt niet: de ondertekende inhoud is gewijzigd, of de handtekening is "
                   "beschadigd.")]

    r = check(bo, appended_update(pdf))
    assert "Niet als echt bevestigd" in r.text
    assert [s for s, _t in marks(r)] == ["ok", "failed", "failed"]
    assert marks(r)[1][1].startswith("Het bestand begint met het rapport van dit bezoek, maar er is daarna")
    assert marks(r)[2][1] == ("Het bestand is na de ondertekening gewijzigd: er is iets aan toegevoegd dat "
                              "de handtekening niet dekt.")

    r = check(bo, random_pdf())
    assert marks(r) == [("failed", "Er staat geen vingerafdruk van een afgerond Inspector-rapport in dit "
                                   "bestand (een concept, of geen rapport van Inspector)."),
                        ("absent", "De PDF is niet digitaal ondertekend.")]
    r = check(bo, b"Beste heer, mevrouw,\nHierbij het rapport.\n", "brief.pdf")
    assert marks(r) == [("failed", "Dit bestand is geen (leesbare) PDF.")]
    results = [d for _u, a, _t, d in access(signing_server) if a == "check_report"]
    assert [d.split(";")[0] for d in results] == ["result:genuine", "result:content_differs",
                                                  "result:added_after", "result:no_fingerprint",
                                                  "result:not_pdf"]


def test_another_teams_report_is_only_not_known(signing_server: RunningServer, signed: Any,
                                                laptop: Any) -> None:
    """Team Noord's coordinator, given Team Zuid's genuine signed report, hears the same as for a visit
    that does not exist (nothing about the case); the signature, judged on the file alone, still shows."""
    ws, visit_id = synced_report(signing_server, laptop, "2026-1203")
    pdf = signed().get(f"/beheer/bezoeken/{visit_id}/rapport.pdf").content
    noord = signed("coordinator-noord")
    r = check(noord, pdf)
    assert "Niet als echt bevestigd" in r.text
    assert marks(r)[0] == ("failed", NOT_KNOWN) and marks(r)[1][0] == "ok" and len(marks(r)) == 2
    case_id = signing_server.records("visits")[0]["case_id"]
    assert case_id not in r.text and "/beheer/zaken/" not in r.text.split("<main>")[1]
    never_sent = finalized_visit(ws, make_case(ws, "2026-1213").id)  # a visit the server never received
    assert marks(check(noord, ws.reports.build(never_sent, "nl")))[0] == ("failed", NOT_KNOWN)
    assert marks(check(signed(), ws.reports.build(never_sent, "nl")))[0] == ("failed", NOT_KNOWN)


def test_the_check_page_needs_a_login_csrf_and_a_modest_file(signing_server: RunningServer,
                                                             signed: Any) -> None:
    """Nobody is sent to the login page; an inspector is refused; a form without CSRF token is refused;
    a file over 40 MB is refused with a message; no file chosen gets one too."""
    nobody = BackOffice(signing_server.url)
    assert nobody.get("/beheer/echtheid").headers["location"].startswith("/beheer/login")
    nobody.close()
    inspector = BackOffice(signing_server.url)
    assert inspector.login("toezichthouder-zuid").status_code == 403  # no session for an inspector
    assert inspector.get("/beheer/echtheid").status_code == 303
    inspector.close()
    bo = signed()
    page = bo.get("/beheer/echtheid")
    assert page.status_code == 200 and "Is dit rapport echt?" in page.text and "<script" not in page.text
    r = bo.post("/beheer/echtheid", csrf=False, files={"file": ("r.pdf", random_pdf(), "application/pdf")})
    assert r.status_code == 403 and "Formulier geweigerd" in r.text
    large = b"%PDF-" + b"0" * (40 * 2**20)
    r = bo.post("/beheer/echtheid", files={"file": ("groot.pdf", large, "application/pdf")})
    assert r.status_code == 400 and messages(r) == ["Het bestand is groter dan 40 MB."]
    r = bo.post("/beheer/echtheid", files={"file": ("", b"", "application/octet-stream")})
    assert r.status_code == 400 and messages(r) == ["Kies een PDF-bestand."]
    bo.get("/beheer/taal/en?next=/beheer/echtheid")
    assert "Is this report genuine?" in bo.get("/beheer/echtheid").text


def test_an_unsigned_report_is_genuine_byte_for_byte_also_after_a_later_addendum(
        any_server: RunningServer, office: Any, laptop: Any) -> None:
    """Without a certificate the laptop's own PDF (Dutch or English) is genuine by comparison; a copy
    printed before a later addendum still is, and the page says an addendum followed; one byte changed
    is not."""
    ws, visit_id = synced_report(any_server, laptop, "2026-1204")
    dutch, english = ws.reports.build(visit_id, "nl"), ws.reports.build(visit_id, "en")
    bo = office()
    assert bo.get(f"/beheer/bezoeken/{visit_id}/rapport.pdf").content == dutch  # unsigned: the laptop's bytes
    r = check(bo, dutch)
    assert "Echt." in r.text and marks(r)[2] == ("absent", "De PDF is niet digitaal ondertekend.")
    bo.get("/beheer/taal/en?next=/beheer/echtheid")
    r = check(bo, english)
    assert "Genuine." in r.text and marks(r)[1] == ("ok", "The file is byte for byte the report of this "
                                                          "finalized visit.")
    bo.get("/beheer/taal/nl?next=/beheer/echtheid")
    ws.evidence.add_addendum(visit_id, "De achterdeur bleek later open te staan.")
    ws.sync.run()
    r = check(bo, dutch)
    assert "Echt." in r.text and marks(r)[1] == (
        "ok", "Het bestand is byte voor byte het rapport van dit afgeronde bezoek. Sindsdien zijn er 1 "
              "aanvulling(en) vastgelegd.")
    assert "Echt." in check(bo, ws.reports.build(visit_id, "nl")).text
    r = check(bo, one_byte_changed(dutch))
    assert marks(r)[1] == ("failed", "De inhoud verschilt van het rapport van dit afgeronde bezoek: het "
                                     "bestand is gewijzigd.")


# --- inspector verify FILE.pdf -------------------------------------------------------------------
def verify(capsys: Any, *args: str) -> tuple[int, str, str]:
    code = cli.main(["verify", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_verify_reads_a_report_pdf_its_fingerprint_and_signature(
        signing_server: RunningServer, signed: Any, laptop: Any, cert: certificates.TestCertificate,
        tmp_path: Path, capsys: Any) -> None:
    """``inspector verify report.pdf``: the fingerprint it carries, the signer (without a trust root),
    valid under ``--trust ca.pem``, refused under another CA, and changed after signing or one byte
    changed (exit 8)."""
    ws, visit_id = synced_report(signing_server, laptop, "2026-1205")
    pdf = signed().get(f"/beheer/bezoeken/{visit_id}/rapport.pdf").content
    report = tmp_path / "rapport.pdf"
    report.write_bytes(pdf)
    fingerprint = ws.visits.get(visit_id).fingerprint

    code, out, _ = verify(capsys, str(report), "--trust", str(cert.ca_pem))
    assert code == 0, out
    assert f"Rapport {report}: zaak 2026-1205, bezoek {visit_id}" in out
    assert f"✓ Vingerafdruk in het rapport: {fingerprint}" in out
    signature_line = next(line for line in out.splitlines() if "PAdES" in line)
    assert signature_line.startswith("  ✓ Geldige PAdES-handtekening over het hele bestand, van '")
    assert f"Common Name: {cert.subject}" in signature_line and "' op " in signature_line

    code, out, _ = verify(capsys, str(report))
    assert code == 0 and "? Geldige PAdES-handtekening" in out and "Geef --trust CA.pem" in out

    other = certificates.make(tmp_path / "other", ca_name="Een andere CA")
    code, out, _ = verify(capsys, str(report), "--trust", str(other.ca_pem))
    assert code == 8 and "niet vertrouwd" in out

    (tmp_path / "na.pdf").write_bytes(appended_update(pdf))
    code, out, _ = verify(capsys, str(tmp_path / "na.pdf"), "--json")
    result = json.loads(out)
    assert code == 8 and result["changed_after_signing"] is True and result["signature_valid"] is True
    assert result["fingerprint"] == fingerprint and result["visit_id"] == visit_id

    (tmp_path / "byte.pdf").write_bytes(one_byte_changed(pdf))
    code = cli.main(["--lang", "en", "verify", str(tmp_path / "byte.pdf")])
    out, _err = capsys.readouterr()
    assert code == 8 and "✗ The signature does not match" in out


def test_verify_says_what_a_file_is_not(tmp_path: Path, capsys: Any) -> None:
    """A .pdf that is no PDF is refused as input (exit 1); a PDF without a fingerprint or signature
    fails (exit 8)."""
    (tmp_path / "brief.pdf").write_bytes(b"Beste heer, mevrouw,\n")
    code, _out, err = verify(capsys, str(tmp_path / "brief.pdf"))
    assert code == 1 and "Dit bestand is geen (leesbare) PDF." in err
    (tmp_path / "ander.pdf").write_bytes(random_pdf())
    code, out, _ = verify(capsys, str(tmp_path / "ander.pdf"))
    assert code == 8 and "✗ Er staat geen vingerafdruk" in out
    assert "– De PDF is niet digitaal ondertekend." in out


def test_verify_without_pyhanko_says_so(tmp_path: Path) -> None:
    """Where pyHanko is not installed, checking a PDF's signature says how to get it (exit 1)."""
    (tmp_path / "ander.pdf").write_bytes(random_pdf())
    script = ("import sys; sys.modules['pyhanko'] = None\n"  # an import of pyhanko fails, as when absent
              "from inspector import cli\n"
              f"sys.exit(cli.main(['verify', {str(tmp_path / 'ander.pdf')!r}]))")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    assert run.returncode == 1
    assert "Om de handtekening (PAdES) van een PDF te controleren is pyHanko nodig: pip install pyhanko" \
        in run.stderr
