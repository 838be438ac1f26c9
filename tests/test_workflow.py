"""The visit workflow rules enforced by the Workspace facade."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from inspector.errors import ValidationError, WorkflowError
from inspector.model import Ground, Officer, PresentPerson
from inspector.workspace import Workspace

GROUND = Ground("Post op naam van een derde in de brievenbus", "LAA-melding", "2026-11-01",
                "Een gesprek op kantoor gaf geen uitsluitsel")

S1_ANSWERS = {
    "id_gezien": "ja", "id_soort": "paspoort", "woont_op_opgegeven_adres": "ja",
    "zelfstandige_woonruimte": "ja", "hoofdhuurder": "aanvrager", "medebewoners": "nee",
    "spullen_of_post_van_anderen": "nee", "kinderspullen": "nee", "signalen_werk_inkomen": ["geen"],
    "voertuig": "nee", "hulpvraag": ["geen"],
}


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (800, 600), (120, 160, 200)).save(buf, "JPEG")
    return buf.getvalue()


@pytest.fixture
def s1(workspace: Workspace):
    """A planned S1 visit on a social case with a complete reasonable ground."""
    case = workspace.cases.create("2026-S1", "sociaal", postcode="3511AB", huisnummer=1,
                                 straat="Kerkstraat", woonplaats="Utrecht")
    workspace.cases.add_person(case.id, "Berg", voorvoegsel="van den", voornamen="Demo", bsn="999993653")
    visit = workspace.visits.plan(case.id, "S1", "2026-12-01T10:00")
    workspace.visits.set_ground(visit.id, GROUND)
    return visit.id


def _inside(ws: Workspace, visit_id: str) -> None:
    ws.visits.start(visit_id)
    ws.visits.record_moment(visit_id, "rang_at")
    ws.visits.record_id_shown(visit_id)
    ws.visits.set_present(visit_id, [PresentPerson("Demo van den Berg", "client")])
    ws.visits.record_consent(visit_id, "given", "Demo van den Berg", understood=True, photo_consent=True,
                             form_signed=True)
    ws.visits.record_moment(visit_id, "entered_at")
    ws.visits.set_rooms(visit_id, {"woonkamer": "viewed", "slaapkamer_1": "viewed", "zolder": "refused"})
    ws.visits.set_room_openers(visit_id, {"woonkamer": "Demo van den Berg",
                                          "slaapkamer_1": "Demo van den Berg"})
    ws.visits.record_caution(visit_id, False, not_needed_reason="Geen verhoor met het oog op een boete")


def _complete(ws: Workspace, visit_id: str) -> None:
    _inside(ws, visit_id)
    for item, value in S1_ANSWERS.items():
        ws.visits.answer(visit_id, item, value)
    for room in ("woonkamer", "slaapkamer_1"):
        ws.visits.answer(visit_id, "bedden_in_gebruik", 1, room=room)
    ws.visits.record_statement(visit_id, "Ik woon hier alleen.", read_back=True,
                        not_signed_reason="Wilde eerst overleggen")
    ws.visits.set_outcome(visit_id, "niets_gevonden", toe_causes=["T1"])
    ws.visits.record_moment(visit_id, "ended_at")


def test_social_visit_needs_reasonable_ground(workspace: Workspace) -> None:
    """A social-domain visit cannot start without a complete reasonable ground."""
    case = workspace.cases.create("2026-G", "sociaal")
    visit = workspace.visits.plan(case.id, "S1")
    with pytest.raises(WorkflowError) as info:
        workspace.visits.start(visit.id)
    assert info.value.code == "ground_missing"
    assert "redelijke grond" in info.value.nl
    assert workspace.visits.get(visit.id).status == "planned"


def test_physical_visit_starts_without_ground(workspace: Workspace) -> None:
    """A fire-safety inspection does not need a social-domain reasonable ground."""
    case = workspace.cases.create("2026-F", "fysiek")
    visit = workspace.visits.plan(case.id, "F2")
    workspace.visits.start(visit.id)
    assert workspace.visits.get(visit.id).status == "in_progress"


def test_plan_copies_case_ground_and_officer(workspace: Workspace) -> None:
    """Planning takes the case's ground and the inspector as officer; template version is kept."""
    case = workspace.cases.create("2026-P", "sociaal", ground_facts="f", ground_source="s",
                                 ground_date="01-11-2026", ground_why_not_lighter="w")
    visit = workspace.visits.plan(case.id, "S2", "2026-12-02T09:30")
    assert visit.ground == Ground("f", "s", "2026-11-01", "w")
    assert visit.officers == [Officer("Toezichthouder Test", "TH-0042")]
    assert (visit.template_id, visit.template_version) == ("S2", 1)


def test_template_must_fit_case_domain(workspace: Workspace) -> None:
    """A fire-safety template cannot be planned on a social case."""
    case = workspace.cases.create("2026-D", "sociaal")
    with pytest.raises(ValidationError) as info:
        workspace.visits.plan(case.id, "F2")
    assert info.value.code == "template_domain"


def test_ground_cannot_change_after_start(workspace: Workspace, s1: str) -> None:
    """The ground must be known before the visit starts; afterwards it is fixed."""
    workspace.visits.start(s1)
    with pytest.raises(WorkflowError) as info:
        workspace.visits.set_ground(s1, Ground("nieuw", "x", "2026-11-02", "y"))
    assert info.value.code == "ground_after_start"


def test_consent_needs_id_shown_first(workspace: Workspace, s1: str) -> None:
    """Consent cannot be recorded before the inspector's ID was shown."""
    workspace.visits.start(s1)
    with pytest.raises(WorkflowError) as info:
        workspace.visits.record_consent(s1, "given", "Demo van den Berg")
    assert info.value.code == "id_not_shown"


def test_consent_stores_exact_text_shown(workspace: Workspace, s1: str) -> None:
    """The consent text read out (the with-ground variant) is stored with the consent."""
    workspace.visits.start(s1)
    workspace.visits.record_id_shown(s1)
    expected = workspace.visits.consent_text(s1)
    workspace.visits.record_consent(s1, "given", "Demo van den Berg")
    consent = workspace.visits.get(s1).consent
    assert consent.text_shown == expected
    tpl = workspace.visits.template(workspace.visits.get(s1))
    assert expected == tpl.consent_with_ground.nl


def test_refusal_needs_consequences_explained(workspace: Workspace, s1: str) -> None:
    """Refusal at the door is valid only when the consequences were explained."""
    workspace.visits.start(s1)
    workspace.visits.record_id_shown(s1)
    with pytest.raises(WorkflowError) as info:
        workspace.visits.record_consent(s1, "refused", "Demo van den Berg")
    assert info.value.code == "consequences_not_explained"
    workspace.visits.record_consent(s1, "refused", "Demo van den Berg", consequences_explained=True,
                             photo_consent=True)
    assert workspace.visits.get(s1).consent.photo_consent is False


def test_refusal_at_the_door_can_be_finalized(workspace: Workspace, s1: str) -> None:
    """A refusal is a complete path: outcome chosen, then finalize without checklist or statement."""
    workspace.visits.start(s1)
    workspace.visits.record_moment(s1, "rang_at")
    workspace.visits.record_id_shown(s1)
    workspace.visits.record_consent(s1, "refused", "Demo van den Berg", consequences_explained=True,
                                    form_not_signed_reason="Toegang geweigerd")
    workspace.visits.record_moment(s1, "ended_at")
    assert [m.code for m in workspace.visits.missing(s1)] == ["outcome"]
    workspace.visits.set_outcome(s1, "nader_onderzoek", toe_causes=["T3"])
    digest = workspace.visits.finalize(s1)
    assert digest.startswith("v2:") and len(digest) == 67 and workspace.visits.get(s1).status == "finalized"


def test_no_room_viewed_without_consent(workspace: Workspace, s1: str) -> None:
    """Rooms cannot be marked viewed after a refusal."""
    workspace.visits.start(s1)
    workspace.visits.record_id_shown(s1)
    workspace.visits.record_consent(s1, "refused", "Demo van den Berg", consequences_explained=True)
    with pytest.raises(WorkflowError) as info:
        workspace.visits.set_rooms(s1, {"woonkamer": "viewed"})
    assert info.value.code == "no_consent"


def test_photo_refused_without_photo_consent(workspace: Workspace, s1: str) -> None:
    """A photo cannot be added when no photo consent was recorded."""
    workspace.visits.start(s1)
    workspace.visits.record_id_shown(s1)
    workspace.visits.record_consent(s1, "given", "Demo van den Berg", photo_consent=False)
    with pytest.raises(WorkflowError) as info:
        workspace.visits.add_photo(s1, _jpeg())
    assert info.value.code == "no_photo_consent"
    assert workspace.visits.attachments(s1) == []


def test_photos_are_numbered_and_stored_as_blobs(workspace: Workspace, s1: str) -> None:
    """Photos get numbers 1, 2 …, and their bytes live in the database by SHA-256."""
    _inside(workspace, s1)
    first = workspace.visits.add_photo(s1, _jpeg(), caption="woonkamer")
    second = workspace.visits.add_photo(s1, _jpeg(), caption="keuken")
    assert [(a.number, a.caption) for a in workspace.visits.attachments(s1)] == [(1, "woonkamer"), (2,
                                                                                                    "keuken")]
    assert workspace.visits.blob(first.sha256)[:2] == b"\xff\xd8"
    workspace.visits.delete_photo(second.id)
    assert [a.caption for a in workspace.visits.attachments(s1)] == ["woonkamer"]


def test_answer_validated_and_skip_logic_honoured(workspace: Workspace, s1: str) -> None:
    """Answers are checked per type, and a skipped item is not required."""
    _inside(workspace, s1)
    with pytest.raises(ValidationError):
        workspace.visits.answer(s1, "id_gezien", "misschien")
    workspace.visits.answer(s1, "medebewoners", "nee")
    missing_items = {m.item_id for m in workspace.visits.missing(s1) if m.step == "checklist"}
    assert "aantal_medebewoners" not in missing_items
    workspace.visits.answer(s1, "medebewoners", "ja")
    missing_items = {m.item_id for m in workspace.visits.missing(s1) if m.step == "checklist"}
    assert {"aantal_medebewoners", "relatie_medebewoners"} <= missing_items


def test_per_room_items_required_for_viewed_rooms(workspace: Workspace, s1: str) -> None:
    """A per-room item is required in each viewed room, not in refused ones."""
    _inside(workspace, s1)
    rooms = {m.room for m in workspace.visits.missing(s1) if m.item_id == "bedden_in_gebruik"}
    assert rooms == {"woonkamer", "slaapkamer_1"}
    workspace.visits.answer(s1, "bedden_in_gebruik", 2, room="woonkamer")
    rooms = {m.room for m in workspace.visits.missing(s1) if m.item_id == "bedden_in_gebruik"}
    assert rooms == {"slaapkamer_1"}


def test_finalize_refused_listing_missing(workspace: Workspace, s1: str) -> None:
    """Finalizing an incomplete visit is refused with exactly what is missing."""
    _inside(workspace, s1)
    with pytest.raises(WorkflowError) as info:
        workspace.visits.finalize(s1)
    assert info.value.code == "incomplete"
    missing = info.value.details
    assert {m.step for m in missing} == {"access", "checklist", "statement", "outcome"}
    assert [m.code for m in missing if m.step == "access"] == ["ended_at_missing"]
    assert "Verplicht: " in info.value.nl
    assert workspace.visits.get(s1).status == "in_progress"


def test_finalize_locks_and_fingerprints(workspace: Workspace, s1: str) -> None:
    """After finalizing the visit is immutable and its fingerprint matches its content."""
    _complete(workspace, s1)
    digest = workspace.visits.finalize(s1)
    visit = workspace.visits.get(s1)
    assert visit.status == "finalized" and visit.fingerprint == digest
    verdict = workspace.evidence.verify(s1, photos=True)
    assert verdict.ok and [(c.name, c.state) for c in verdict.checks] == [
        ("fingerprint", "ok"), ("signature", "ok"), ("receipt", "absent"), ("photos", "ok")]
    with pytest.raises(WorkflowError) as info:
        workspace.visits.answer(s1, "voertuig", "ja")
    assert info.value.code == "visit_locked"
    with pytest.raises(WorkflowError):
        workspace.visits.set_outcome(s1, "afgewezen")


def test_fingerprint_detects_tampering(workspace: Workspace, s1: str) -> None:
    """Changing the frozen document behind the app's back breaks the fingerprint; recomputing the
    fingerprint as well breaks the laptop's signature."""
    import hashlib

    _complete(workspace, s1)
    workspace.visits.finalize(s1)
    snapshot = workspace.visits.get(s1).snapshot
    assert '"value":"nee"' in snapshot
    forged = snapshot.replace('"value":"nee"', '"value":"ja"', 1)
    workspace.db.execute("UPDATE visits SET snapshot = ? WHERE id = ?", [forged, s1])
    verdict = workspace.evidence.verify(s1)
    assert (verdict.ok, verdict.state("fingerprint"), verdict.state("signature")) == (False, "failed", "ok")
    recomputed = "v2:" + hashlib.sha256(forged.encode()).hexdigest()
    workspace.db.execute("UPDATE visits SET fingerprint = ? WHERE id = ?", [recomputed, s1])
    verdict = workspace.evidence.verify(s1)
    assert (verdict.ok, verdict.state("fingerprint"), verdict.state("signature")) == (False, "ok", "failed")


def test_addendum_references_fingerprint(workspace: Workspace, s1: str) -> None:
    """A correction to a finalized visit is an addendum that names the fingerprint it amends."""
    _complete(workspace, s1)
    with pytest.raises(WorkflowError):
        workspace.evidence.add_addendum(s1, "te vroeg")
    digest = workspace.visits.finalize(s1)
    first = workspace.evidence.add_addendum(s1, "Kenteken later nagezocht: geen voertuig op naam.")
    second = workspace.evidence.add_addendum(s1, "Verhuurder bevestigde de huurovereenkomst.")
    assert first.base_fingerprint == digest and second.base_fingerprint == first.fingerprint
    assert first.fingerprint.startswith("v2:") and first.fingerprint != digest
    assert workspace.evidence.verify(s1).ok and workspace.visits.get(s1).fingerprint == digest
    verdicts = workspace.evidence.verify_addenda(s1)
    assert [(v.ok, v.state("signature"), v.state("chain")) for v in verdicts] == [(True, "ok", "ok")] * 2


def test_warm_handover_needs_consent(workspace: Workspace, s1: str) -> None:
    """A referral handed over to a named party needs the client's consent."""
    _inside(workspace, s1)
    with pytest.raises(WorkflowError) as info:
        workspace.visits.add_referral(s1, "schuldhulpverlening", handed_to="Schuldhulp gemeente")
    assert info.value.code == "handover_without_consent"
    workspace.visits.add_referral(s1, "schuldhulpverlening", consent_handover=True,
                           handed_to="Schuldhulp gemeente")
    workspace.visits.add_referral(s1, "werkcoach")
    assert [(r.kind, r.consent_handover) for r in workspace.visits.get(s1).referrals] == [
        ("schuldhulpverlening", True), ("werkcoach", False)]


def test_signal_gets_default_legal_basis(workspace: Workspace, s1: str) -> None:
    """A signal to another domain carries a legal basis, prefilled from the frameworks."""
    _inside(workspace, s1)
    workspace.visits.add_signal(s1, "brp")
    signal = workspace.visits.get(s1).signals[0]
    assert signal.target == "brp" and signal.legal_basis
    with pytest.raises(ValidationError):
        workspace.visits.add_signal(s1, "nergens")


def test_outcome_checks_codes_and_lhs(workspace: Workspace, s1: str) -> None:
    """Outcome codes come from the template; LHS cells only for physical and OOV visits."""
    _inside(workspace, s1)
    with pytest.raises(ValidationError) as info:
        workspace.visits.set_outcome(s1, "gesloten")
    assert info.value.code == "outcome_unknown"
    with pytest.raises(ValidationError) as info:
        workspace.visits.set_outcome(s1, "niets_gevonden", lhs_cell="B4")
    assert info.value.code == "lhs_not_used"
    case = workspace.cases.create("2026-F2", "fysiek")
    f2 = workspace.visits.plan(case.id, "F2").id
    workspace.visits.start(f2)
    workspace.visits.set_outcome(f2, workspace.visits.template(workspace.visits.get(f2)).outcomes[1].code,
                          toe_causes=["T2", "T10"], lhs_cell="b4")
    assert (workspace.visits.get(f2).lhs_cell, workspace.visits.get(f2).toe_causes) == ("B4", ["T2", "T10"])
    with pytest.raises(ValidationError):
        workspace.visits.set_outcome(f2, "", lhs_cell="E9")


def test_every_change_is_audited_with_old_and_new(workspace: Workspace, s1: str) -> None:
    """Workflow changes leave audit entries with old and new values and who made them."""
    _inside(workspace, s1)
    workspace.visits.answer(s1, "voertuig", "nee")
    workspace.visits.answer(s1, "voertuig", "ja")
    answer_id = workspace.repo.rows("answers", "visit_id = ? AND item_id = 'voertuig'", [s1])[0]["id"]
    trail = [(e["field"], e["old"], e["new"], e["actor"]) for e in workspace.visits.audit_trail(answer_id)]
    assert trail[-1] == ("value", '"nee"', '"ja"', "Toezichthouder Test")
    fields = [e["field"] for e in workspace.visits.audit_trail(s1)]
    assert {"status", "started_at", "id_shown", "consent", "rooms", "caution"} <= set(fields)


def test_statement_signature_stored(workspace: Workspace, s1: str) -> None:
    """A signed statement keeps the signature PNG as a blob referenced by its hash."""
    _inside(workspace, s1)
    buf = io.BytesIO()
    Image.new("RGBA", (400, 150), (0, 0, 0, 0)).save(buf, "PNG")
    workspace.visits.record_statement(s1, "Ik woon hier alleen.", read_back=True, signed=True,
                               signature_png=buf.getvalue())
    statement = workspace.visits.get(s1).statement
    assert statement.signed and len(statement.signature_sha256) == 64
    assert workspace.visits.blob(statement.signature_sha256)[:4] == b"\x89PNG"


def test_statement_and_its_new_signature_are_one_transaction(workspace: Workspace, s1: str,
                                                              monkeypatch) -> None:
    """Replacing the signature and saving the statement happen together or not at all: when saving the
    statement fails, the old signature is not deleted and the statement still points at it."""
    _inside(workspace, s1)

    def png(colour: tuple[int, int, int, int]) -> bytes:
        buf = io.BytesIO()
        Image.new("RGBA", (400, 150), colour).save(buf, "PNG")
        return buf.getvalue()

    workspace.visits.record_statement(s1, "Eerste versie.", signed=True, signature_png=png((0, 0, 0, 255)))
    first = workspace.visits.get(s1).statement.signature_sha256

    def failing(*_args: object, **_kwargs: object) -> None:
        raise ValidationError("test_failure", "mislukt", "failed")

    monkeypatch.setattr(type(workspace.visits), "_set", failing)
    with pytest.raises(ValidationError):
        workspace.visits.record_statement(s1, "Tweede versie.", signed=True,
                                          signature_png=png((9, 9, 9, 255)))
    monkeypatch.undo()
    assert workspace.visits.get(s1).statement.signature_sha256 == first
    assert [a.sha256 for a in workspace.visits.attachments(s1, "signature")] == [first]


def test_bad_person_data_rejected(workspace: Workspace) -> None:
    """A wrong BSN or postcode is refused with a Dutch message and nothing is stored."""
    with pytest.raises(ValidationError) as info:
        workspace.cases.create("2026-X", "sociaal", postcode="1234 SA")
    assert info.value.field == "postcode"
    assert workspace.cases.by_number("2026-X") is None
    case = workspace.cases.create("2026-Y", "sociaal")
    with pytest.raises(ValidationError) as info:
        workspace.cases.add_person(case.id, "Berg", bsn="123456789")
    assert info.value.code == "bsn_checksum" and "123456789" not in info.value.nl
    assert workspace.cases.persons(case.id) == []
