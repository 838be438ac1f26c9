"""A finalized visit is a frozen, signed document: corrections of the living case never change it, and
``inspector verify`` says what holds — on this laptop, for a bundle, and for visits of release 0.1."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from inspector import bundle, cli
from inspector.errors import ValidationError
from inspector.workspace import Workspace
from tests.test_sync import finalized_visit, make_case

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "release_0_1"


@pytest.fixture
def done(workspace: Workspace) -> tuple[Workspace, str]:
    """A finalized S1 visit with three photos and a signed statement."""
    case = make_case(workspace)
    return workspace, finalized_visit(workspace, case.id)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out + err


def test_person_edited_after_finalizing_changes_neither_report_nor_verification(done) -> None:
    """The client's name and BSN corrected on the case: the finalized report still shows them as they
    were, byte for byte, and everything still verifies; the case itself shows the correction."""
    ws, visit_id = done
    before = ws.reports.build(visit_id)
    person = ws.cases.persons(ws.visits.get(visit_id).case_id)[0]
    ws.cases.update_person(person.id, geslachtsnaam="Bergen", voornamen="Anders", bsn="111222333")
    assert ws.reports.build(visit_id) == before
    assert ws.evidence.verify(visit_id, photos=True).ok
    assert ws.cases.persons(person.case_id)[0].geslachtsnaam == "Bergen"
    doc = ws.evidence.frozen(visit_id)
    assert doc is not None and doc["persons"][0]["geslachtsnaam"] == "Berg"
    assert doc["persons"][0]["bsn"] == "999993653"


def test_address_correction_and_case_rename_leave_the_finalized_visit_alone(done) -> None:
    """The case's address corrected and its number renamed (as sync does after an offline clash): the
    finalized report and its fingerprint stay as they were."""
    ws, visit_id = done
    before, fingerprint = ws.reports.build(visit_id), ws.visits.get(visit_id).fingerprint
    case_id = ws.visits.get(visit_id).case_id
    ws.cases.update_address(case_id, huisnummer=14, straat="Kerkplein")
    ws.repo.update("cases", case_id, {"number": "2026-0001-ab12"}, "synchronisatie", "number taken")
    assert ws.visits.get(visit_id).fingerprint == fingerprint
    assert ws.reports.build(visit_id) == before
    assert ws.evidence.verify(visit_id, photos=True).ok
    assert "Kerkplein" in ws.cases.find()[0].address


def test_a_migration_that_adds_a_column_leaves_finalized_visits_verifying(done, tmp_path: Path) -> None:
    """A later schema step adds a column to the visits table (the normal way a field is added): the
    finalized visit keeps its fingerprint, signature and report."""
    ws, visit_id = done
    before = ws.reports.build(visit_id)
    directory = ws.directory
    ws.db.execute("ALTER TABLE visits ADD COLUMN risk_level TEXT NOT NULL DEFAULT 'onbekend'")
    ws.db.execute("ALTER TABLE answers ADD COLUMN source TEXT NOT NULL DEFAULT 'waargenomen'")
    ws.close()
    reopened = Workspace.open(directory)
    try:
        assert reopened.evidence.verify(visit_id, photos=True).ok
        assert reopened.reports.build(visit_id) == before
    finally:
        reopened.close()


def test_tampering_with_the_frozen_document_or_its_photos_is_seen(done, capsys) -> None:
    """A changed word in the frozen document fails the fingerprint; a recomputed fingerprint fails the
    laptop's signature; a changed photo fails the photo check. ``inspector verify`` exits 8 then."""
    ws, visit_id = done
    code, out = run(capsys, "--workspace", str(ws.directory), "verify", visit_id[-8:])
    assert code == cli.EXIT_OK and out.count("✓") == 3 and "Alles wat moet kloppen, klopt." in out
    assert "– Nog geen ontvangstbewijs van de server." in out
    photo = ws.visits.attachments(visit_id)[0].sha256
    ws.db.execute("UPDATE blobs SET data = ? WHERE sha256 = ?", [b"another picture", photo])
    verdict = ws.evidence.verify(visit_id, photos=True)
    assert (verdict.ok, verdict.state("fingerprint"), verdict.state("photos")) == (False, "ok", "failed")
    snapshot = ws.visits.get(visit_id).snapshot
    forged = snapshot.replace('"finalized_by":"Toezichthouder Test"', '"finalized_by":"Iemand Anders"')
    assert forged != snapshot
    ws.db.execute("UPDATE visits SET snapshot = ?, fingerprint = ? WHERE id = ?",
                  [forged, "v2:" + hashlib.sha256(forged.encode()).hexdigest(), visit_id])
    code, out = run(capsys, "--lang", "en", "--workspace", str(ws.directory), "verify", visit_id, "--json")
    report = json.loads(out)
    assert code == cli.EXIT_UNVERIFIED and report["ok"] is False
    checks = report["documents"][0]["checks"]
    assert (checks["fingerprint"]["state"], checks["signature"]["state"]) == ("ok", "failed")
    assert checks["signature"]["en"] == "The device's signature does not match."


def test_verify_refuses_a_visit_that_is_not_finalized(workspace: Workspace, capsys) -> None:
    """There is nothing to vouch for in a visit in progress: verify says so and exits 8."""
    visit = workspace.visits.plan(make_case(workspace).id, "S1", "2026-10-01T09:00")
    code, out = run(capsys, "--workspace", str(workspace.directory), "verify", visit.id)
    assert code == cli.EXIT_UNVERIFIED and "Het bezoek is nog niet afgerond." in out


def test_addenda_are_sealed_chained_and_printed(done) -> None:
    """Each addendum has its own fingerprint and signature, follows the fingerprint before it, and the
    report prints it without touching the visit's own fingerprint."""
    ws, visit_id = done
    fingerprint = ws.visits.get(visit_id).fingerprint
    first = ws.evidence.add_addendum(visit_id, "Kenteken nagezocht: geen voertuig op naam.")
    second = ws.evidence.add_addendum(visit_id, "Verhuurder bevestigde de huurovereenkomst.")
    assert (first.base_fingerprint, second.base_fingerprint) == (fingerprint, first.fingerprint)
    assert all(v.ok for v in ws.evidence.verify_addenda(visit_id))
    pages = PdfReader(io.BytesIO(ws.reports.build(visit_id))).pages
    text = " ".join("".join(p.extract_text() for p in pages).split())
    assert "Verhuurder bevestigde de huurovereenkomst." in text
    assert f"Vingerafdruk van deze aanvulling: {second.fingerprint}" in text
    assert ws.visits.get(visit_id).fingerprint == fingerprint
    ws.db.execute("UPDATE addenda SET text = 'iets anders' WHERE id = ?", [second.id])
    changed = ws.evidence.verify_addenda(visit_id)
    assert [(v.ok, v.state("record")) for v in changed] == [(True, "ok"), (False, "failed")]
    assert "Verhuurder bevestigde de huurovereenkomst." in " ".join(
        "".join(p.extract_text() for p in PdfReader(io.BytesIO(ws.reports.build(visit_id))).pages).split())
    ws.db.execute("UPDATE addenda SET text = ?, base_fingerprint = ? WHERE id = ?",
                  [second.text, fingerprint, second.id])
    chain = ws.evidence.verify_addenda(visit_id)
    assert [(v.ok, v.state("chain")) for v in chain] == [(True, "ok"), (False, "failed")]


def test_the_signing_key_never_lands_in_a_plain_file(done, memory_keyring) -> None:
    """The laptop's private signing key is in the OS keyring (the database key's place), nowhere in the
    workspace folder; its public half is in the seal."""
    ws, visit_id = done
    private_hex = memory_keyring.store[("nl.inspector.app", f"signing-key:{ws.workspace_id}")]
    assert len(private_hex) == 64
    for path in ws.directory.rglob("*"):
        if path.is_file():
            assert private_hex.encode() not in path.read_bytes(), path
    assert ws.visits.get(visit_id).signing_key == ws.evidence.public_key()


def test_passphrase_workspace_keeps_its_signing_key_inside_the_encrypted_database(no_keyring,
                                                                                  tmp_path) -> None:
    """Without a keyring the key lives in the database, encrypted under the passphrase, never in a file."""
    ws = Workspace.open(tmp_path / "ws", "een lange wachtwoordzin")
    ws.settings.set_profile("Toezichthouder Test", "TH-0042", "Team Zuid")
    visit_id = finalized_visit(ws, make_case(ws).id)
    private_hex = ws.settings.get("device_signing_key")
    assert len(private_hex) == 64 and ws.evidence.verify(visit_id).ok
    directory = ws.directory
    ws.close()
    for path in directory.rglob("*"):
        if path.is_file():
            assert private_hex.encode() not in path.read_bytes(), path


# --- bundles -----------------------------------------------------------------------------------------
def rewrite_bundle(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    doc = json.loads(files["bundle.json"])
    change(doc)
    files["bundle.json"] = json.dumps(doc).encode()
    with zipfile.ZipFile(target, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return target


def test_bundle_verifies_and_imports_but_a_forged_one_is_refused(done, tmp_path, capsys) -> None:
    """A bundle of a finalized visit verifies and imports; one whose document was changed with a
    recomputed fingerprint, or whose visit was set back to in progress, is refused with the reason."""
    ws, visit_id = done
    path = bundle.export_visit(ws, visit_id, tmp_path / "visit.zip")
    code, out = run(capsys, "verify", str(path))
    assert code == cli.EXIT_OK and "Ondertekend door apparaat" in out

    def recompute(doc: dict) -> None:
        forged = doc["visit"]["snapshot"].replace('"finalized_by":"Toezichthouder Test"',
                                                  '"finalized_by":"Iemand Anders"')
        doc["visit"]["snapshot"] = forged
        doc["visit"]["finalized_by"] = "Iemand Anders"
        doc["visit"]["fingerprint"] = "v2:" + hashlib.sha256(forged.encode()).hexdigest()

    def back_in_progress(doc: dict) -> None:
        doc["visit"].update(status="in_progress", fingerprint="", snapshot="", signature="")

    other = Workspace.open(tmp_path / "other")
    try:
        for name, change, reason in [("forged", recompute, "De handtekening van het apparaat klopt niet."),
                                     ("reopened", back_in_progress, "teruggezet naar 'niet afgerond'")]:
            forged = rewrite_bundle(path, tmp_path / f"{name}.zip", change)
            assert run(capsys, "verify", str(forged))[0] == cli.EXIT_UNVERIFIED
            with pytest.raises(ValidationError) as refused:
                bundle.import_bundle(other, forged)
            assert reason in refused.value.nl
        assert other.visits.ids() == []
        assert bundle.import_bundle(other, path).visit_id == visit_id
        assert other.evidence.verify(visit_id, photos=True).ok
        assert len(other.visits.audit_trail(visit_id)) == len(ws.visits.audit_trail(visit_id)) + 1
    finally:
        other.close()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path) -> None:
    """A bundle that unpacks to far more than it weighs is refused without unpacking it."""
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bundle.json", "{}")
        zf.writestr("attachments/" + "0" * 64, b"\0" * 50_000_000)
    with pytest.raises(ValidationError) as refused:
        bundle.read_bundle(bomb)
    assert "zip-bom" in refused.value.nl


# --- release 0.1 -------------------------------------------------------------------------------------
@pytest.fixture
def release_0_1(tmp_path: Path) -> tuple[Workspace, dict]:
    """The workspace release 0.1 made (a copy), opened by this release: its migration runs."""
    shutil.copytree(FIXTURE, tmp_path / "release_0_1")
    manifest = json.loads((tmp_path / "release_0_1" / "manifest.json").read_text())
    ws = Workspace.open(tmp_path / "release_0_1" / "workspace", manifest["passphrase"])
    yield ws, manifest
    ws.close()


def test_visits_finalized_by_release_0_1_keep_verifying_under_their_own_rules(release_0_1, capsys,
                                                                            monkeypatch) -> None:
    """Their bare SHA-256 fingerprints still hold (also the visit whose address release 0.1 itself
    reported as changed), without a signature (there was none) and with the server's old receipt
    noted as checkable only there; later corrections of their cases no longer break them."""
    ws, manifest = release_0_1
    for name, visit in manifest["visits"].items():
        verdict = ws.evidence.verify(visit["id"], photos=True)
        assert (verdict.ok, verdict.format, verdict.fingerprint) == (True, 1, visit["fingerprint"]), name
        assert verdict.state("signature") == "absent"
        assert verdict.state("receipt") == ("unchecked" if visit["receipt"] else "absent")
    plain = manifest["visits"]["plain"]["id"]
    ws.cases.update_address(ws.visits.get(plain).case_id, huisnummer=99)
    assert ws.evidence.verify(plain).ok
    ws.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(manifest["passphrase"] + "\n"))
    code, out = run(capsys, "--workspace", str(ws.directory), "verify", plain)
    assert code == cli.EXIT_OK
    assert f"✓ Vingerafdruk klopt ({manifest['visits']['plain']['fingerprint'][:19]}…)." in out
    assert "– Geen apparaathandtekening (gemaakt vóór ondertekening bestond)." in out


def test_the_release_0_1_report_still_prints_its_fingerprint(release_0_1) -> None:
    """A visit of release 0.1 prints as it did: with its bare fingerprint and without a CONCEPT mark."""
    ws, manifest = release_0_1
    visit = manifest["visits"]["corrected"]
    pages = PdfReader(io.BytesIO(ws.reports.build(visit["id"]))).pages
    text = "".join(p.extract_text() for p in pages).replace("\n", "")
    assert visit["fingerprint"] in text and "CONCEPT" not in text
    assert "Let op: de opgeslagen inhoud komt niet meer overeen" not in text


def test_the_document_holds_every_field_the_registry_marks_as_evidence(done) -> None:
    """What freezes at finalizing is declared in the record registry: the visit's fields, the case's
    number and domain, the address, the persons, every answer and photo field marked as evidence."""
    from inspector import records

    ws, visit_id = done
    doc = ws.evidence.frozen(visit_id)
    assert doc is not None
    labelled = {"rooms", "outcome", "toe_causes", "referrals", "signals"}
    assert set(records.EVIDENCE["visits"]) - labelled <= set(doc["visit"])
    assert labelled <= set(doc["visit"]) | {"rooms"} and doc["rooms"]
    assert set(doc["case"]) == set(records.EVIDENCE["cases"])
    assert set(doc["address"]) == set(records.EVIDENCE["addresses"])
    assert {frozenset(p) for p in doc["persons"]} == {frozenset({"id", *records.EVIDENCE["persons"]})}
    assert {frozenset(a) for a in doc["answers"]} == {frozenset({"id", *records.EVIDENCE["answers"]})}
    assert {frozenset(p) for p in doc["photos"]} == {frozenset({"id", *records.EVIDENCE["attachments"]})}
