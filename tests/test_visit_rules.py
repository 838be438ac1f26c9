"""What a visit may say: observed moments, the reasonable ground, contradictions and gaps refused at
finalizing, who opened each room, officer roles, and photo numbers that never change."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from inspector import snapshot
from inspector.errors import ValidationError, WorkflowError
from inspector.model import Consent, Ground, Officer, PresentPerson, Visit
from inspector.report.data import from_document
from inspector.workspace import Workspace
from tests.test_report import flat
from tests.test_workflow import GROUND, _complete, _inside

CLIENT = "Demo van den Berg"


def _codes(ws: Workspace, visit_id: str, at: str | None = None) -> list[str]:
    return [m.code for m in ws.visits.missing(visit_id, at)]


@pytest.fixture
def case_id(workspace: Workspace) -> str:
    case = workspace.cases.create("2026-R", "sociaal", postcode="3511AB", huisnummer=1, straat="Kerkstraat",
                                  woonplaats="Utrecht")
    return case.id


@pytest.fixture
def s1(workspace: Workspace, case_id: str) -> str:
    visit = workspace.visits.plan(case_id, "S1", "2026-10-01T09:00")
    workspace.visits.set_ground(visit.id, GROUND)
    return visit.id


def _timed(ws: Workspace, visit_id: str) -> None:
    """A started visit let in, with rang and entered recorded at fixed moments (Amsterdam: 09:00, 09:03)."""
    ws.visits.start(visit_id, at="2026-12-01T07:58:00Z")
    ws.visits.record_moment(visit_id, "rang_at", "2026-12-01T08:00:00Z")
    ws.visits.record_id_shown(visit_id, at="2026-12-01T08:01:00Z")
    ws.visits.set_present(visit_id, [PresentPerson(CLIENT, "client")])
    ws.visits.record_consent(visit_id, "given", CLIENT, understood=True, form_signed=True, photo_consent=True,
                             at="2026-12-01T08:02:00Z")
    ws.visits.record_moment(visit_id, "entered_at", "2026-12-01T08:03:00Z")


# --- 1. nothing pre-filled as given ---------------------------------------------------------
def test_consent_understood_is_never_assumed(workspace: Workspace, s1: str) -> None:
    """A new visit and a consent recorded without saying so do not claim the client understood."""
    assert Consent().understood is False and workspace.visits.get(s1).consent.understood is False
    workspace.visits.start(s1)
    workspace.visits.record_id_shown(s1)
    workspace.visits.record_consent(s1, "given", CLIENT, form_signed=True)
    visit = workspace.visits.get(s1)
    assert (visit.consent.understood, visit.consent.cupboards_consent, visit.consent.photo_consent) == (
        False, False, False)
    assert "consent_not_understood" in _codes(workspace, s1)


# --- 2. observed moments ----------------------------------------------------------------------
def test_no_button_derives_an_observed_moment(workspace: Workspace, s1: str) -> None:
    """Starting, consenting and finalizing record no rang, entered or left moment."""
    workspace.visits.start(s1)
    workspace.visits.record_id_shown(s1)
    workspace.visits.record_consent(s1, "given", CLIENT, understood=True, form_signed=True)
    visit = workspace.visits.get(s1)
    assert visit.started_at and (visit.rang_at, visit.entered_at, visit.ended_at) == ("", "", "")
    assert {"rang_at_missing", "entered_at_missing", "ended_at_missing"} <= set(_codes(workspace, s1))


def test_finalizing_never_writes_the_moment_of_leaving(workspace: Workspace, s1: str) -> None:
    """Without a recorded departure the visit is not finalized; with one, that moment stays."""
    _complete(workspace, s1)
    workspace.visits.record_moment(s1, "ended_at", "")
    with pytest.raises(WorkflowError) as info:
        workspace.visits.finalize(s1)
    assert "Vertrokken: leg vast wanneer u de woning verliet." in info.value.nl
    assert "Left: record when you left the premises." in info.value.en
    workspace.visits.record_moment(s1, "ended_at")
    left = workspace.visits.get(s1).ended_at
    workspace.visits.finalize(s1, at="2099-01-01T00:00:00Z")
    assert workspace.visits.get(s1).ended_at == left != "2099-01-01T00:00:00Z"


def test_moments_must_be_in_order(workspace: Workspace, s1: str) -> None:
    """rang ≤ entered ≤ left ≤ finalized: each break is named."""
    _timed(workspace, s1)
    workspace.visits.record_moment(s1, "entered_at", "2026-12-01T07:59:00Z")
    workspace.visits.record_moment(s1, "ended_at", "2026-12-01T08:45:00Z")
    missing = workspace.visits.missing(s1, "2026-12-01T09:00:00Z")
    order = next(m for m in missing if m.code == "moment_order")
    assert order.field == "entered_at" and order.step == "access"
    assert order.nl.startswith("Binnengetreden ligt vóór aangebeld.")
    assert order.en.startswith("Entered lies before rang the bell.")
    workspace.visits.record_moment(s1, "entered_at", "2026-12-01T08:03:00Z")
    assert "moment_order" not in _codes(workspace, s1, "2026-12-01T09:00:00Z")
    assert "moment_after_finalizing" in _codes(workspace, s1, "2026-12-01T08:30:00Z")


def test_identification_is_shown_before_entering(workspace: Workspace, s1: str) -> None:
    """Showing identification after entering is refused (Awbi art. 1); the time can be corrected."""
    _timed(workspace, s1)
    workspace.visits.record_id_shown(s1, at="2026-12-01T08:10:00Z")
    found = next(m for m in workspace.visits.missing(s1) if m.code == "id_after_entering")
    assert found.field == "id_shown_at" and "(Awbi art. 1)" in found.nl
    workspace.visits.record_id_shown(s1, at="01-12-2026 09:01")
    assert workspace.visits.get(s1).id_shown_at == "2026-12-01T08:01:00Z"
    assert "id_after_entering" not in _codes(workspace, s1)


def test_caution_lies_inside_the_visit(workspace: Workspace, s1: str) -> None:
    """A caution given before the bell or after leaving is refused; its time can be corrected."""
    _timed(workspace, s1)
    workspace.visits.record_moment(s1, "ended_at", "2026-12-01T08:45:00Z")
    workspace.visits.record_caution(s1, True, at="2026-12-01T09:30:00Z")
    assert "caution_outside_visit" in _codes(workspace, s1, "2026-12-01T10:00:00Z")
    workspace.visits.record_caution(s1, True, at="01-12-2026 09:20")  # typed, Amsterdam time
    assert workspace.visits.get(s1).caution.at == "2026-12-01T08:20:00Z"
    assert "caution_outside_visit" not in _codes(workspace, s1, "2026-12-01T10:00:00Z")


def test_a_typed_correction_is_read_in_the_municipality_zone_and_audited(workspace: Workspace,
                                                                         s1: str) -> None:
    """dd-mm-jjjj uu:mm is Europe/Amsterdam time; the old and new value stay in the audit trail."""
    _timed(workspace, s1)
    workspace.visits.record_moment(s1, "rang_at", "01-12-2026 08:58", reason="bel later genoteerd")
    assert workspace.visits.get(s1).rang_at == "2026-12-01T07:58:00Z"
    trail = [(e["field"], e["old"], e["new"]) for e in workspace.visits.audit_trail(s1)
             if e["field"] == "rang_at"]
    assert trail[-1] == ("rang_at", "2026-12-01T08:00:00Z", "2026-12-01T07:58:00Z")
    with pytest.raises(ValidationError) as info:
        workspace.visits.record_moment(s1, "rang_at", "gisteren")
    assert info.value.code == "moment_format" and "dd-mm-jjjj uu:mm" in info.value.nl


def test_no_entering_after_a_refusal(workspace: Workspace, s1: str) -> None:
    """A refused visit has no moment of entering."""
    workspace.visits.start(s1)
    workspace.visits.record_id_shown(s1)
    workspace.visits.record_consent(s1, "refused", CLIENT, consequences_explained=True,
                                    form_not_signed_reason="Toegang geweigerd")
    with pytest.raises(WorkflowError) as info:
        workspace.visits.record_moment(s1, "entered_at")
    assert info.value.code == "entered_refused"


def test_report_prints_the_recorded_moments(workspace: Workspace, s1: str) -> None:
    """Aangebeld, binnengetreden and vertrokken are the recorded times, not when buttons were pressed."""
    _complete(workspace, s1)
    for name, at in (("rang_at", "2026-12-01T08:00:00Z"), ("entered_at", "2026-12-01T08:03:00Z"),
                     ("ended_at", "2026-12-01T08:47:00Z")):
        workspace.visits.record_moment(s1, name, at)
    workspace.visits.record_id_shown(s1, at="2026-12-01T08:01:00Z")
    workspace.visits.finalize(s1, at="2026-12-02T15:00:00Z")
    text = flat(workspace.reports.build(s1, "nl"))
    assert "Aangebeld 01-12-2026 09:00" in text and "Binnengetreden 01-12-2026 09:03" in text
    assert "Vertrokken 01-12-2026 09:47" in text and "Vertrokken 02-12-2026" not in text


def test_a_document_frozen_before_the_new_fields_still_matches_its_row() -> None:
    """A visit finalized before rang_at and room_openers existed: its row (with their defaults) says
    nothing else than its document, and its report prints rang as it did then."""
    doc = {"visit": {name: None for name in snapshot.PLAIN}, "rooms": []}
    for name in ("rang_at", "room_openers"):
        del doc["visit"][name]
    row = snapshot.to_jsonable({n: getattr(Visit("c", "S1", 1), n) for n in snapshot.PLAIN})
    doc["visit"] = {k: row[k] for k in doc["visit"]} | {"started_at": "2026-01-05T09:00:00Z"}
    row["started_at"] = "2026-01-05T09:00:00Z"
    assert snapshot.visit_differences(doc, row) == []


def test_a_visit_finalized_before_the_new_fields_still_verifies_and_prints(workspace: Workspace,
                                                                          s1: str) -> None:
    """A document sealed without rang_at and room_openers (as this release's format-2 documents were
    before step 0004) verifies, its row still matches it, and its report prints rang as it did then."""
    import json

    _complete(workspace, s1)
    workspace.visits.finalize(s1)
    doc = json.loads(workspace.visits.get(s1).snapshot)
    for name in ("rang_at", "room_openers"):
        del doc["visit"][name]
    doc["visit"]["started_at"] = "2026-12-01T08:00:00Z"
    sealed = workspace.evidence.seal(doc).fields()
    workspace.db.execute("UPDATE visits SET snapshot = ?, fingerprint = ?, signature = ?, started_at = ?, "
                         "rang_at = '', room_openers = '{}' WHERE id = ?",
                         [sealed["snapshot"], sealed["fingerprint"], sealed["signature"],
                          "2026-12-01T08:00:00Z", s1])
    assert workspace.evidence.verify(s1, photos=True).ok
    row = dict(workspace.repo.get("visits", s1) or {})
    assert snapshot.visit_differences(doc, row) == []
    assert "Aangebeld 01-12-2026 09:00" in flat(workspace.reports.build(s1, "nl"))


# --- 3. the reasonable ground ----------------------------------------------------------------
def test_ground_dated_after_the_start_is_refused(workspace: Workspace, s1: str) -> None:
    """The ground must be known when the visit starts."""
    workspace.visits.set_ground(s1, Ground(GROUND.facts, GROUND.source, "2026-12-05", GROUND.why_not_lighter))
    with pytest.raises(WorkflowError) as info:
        workspace.visits.start(s1, at="2026-12-01T08:00:00Z")
    assert info.value.code == "ground_insufficient"
    assert "(05-12-2026) ligt na het begin van het bezoek (01-12-2026)" in info.value.nl
    assert [m.field for m in info.value.details] == ["ground_date"]
    workspace.visits.start(s1, at="2026-12-05T08:00:00Z")
    assert workspace.visits.get(s1).status == "in_progress"


def test_a_dot_is_not_a_ground(workspace: Workspace, s1: str) -> None:
    """A ground of "." is refused, naming each field that is too thin."""
    workspace.visits.set_ground(s1, Ground(".", ".", "2026-11-01", "."))
    with pytest.raises(WorkflowError) as info:
        workspace.visits.start(s1)
    assert [m.field for m in info.value.details] == ["ground_facts", "ground_source",
                                                     "ground_why_not_lighter"]
    assert "minstens 5 woorden en 25 letters (nu 0 woorden, 0 letters)" in info.value.nl
    assert "at least 5 words and 25 letters (now 0 words, 0 letters)" in info.value.en


def test_ground_added_to_the_case_after_planning_reaches_the_planned_visit(workspace: Workspace,
                                                                          case_id: str) -> None:
    """A visit planned before the case had a ground starts once the case has one."""
    visit = workspace.visits.plan(case_id, "S1")
    with pytest.raises(WorkflowError) as info:
        workspace.visits.start(visit.id)
    assert info.value.code == "ground_missing"
    workspace.cases.update(case_id, ground_facts=GROUND.facts, ground_source=GROUND.source,
                           ground_date="01-11-2026", ground_why_not_lighter=GROUND.why_not_lighter)
    assert workspace.visits.get(visit.id).ground == GROUND
    workspace.visits.start(visit.id)
    assert workspace.visits.get(visit.id).status == "in_progress"


def test_ground_follows_the_case_until_the_visit_starts(workspace: Workspace, case_id: str, s1: str) -> None:
    """A changed ground reaches every planned visit; a started visit keeps the ground it started with."""
    later = workspace.visits.plan(case_id, "S1")
    workspace.visits.start(s1)
    facts = "Twee auto's van derden staan elke nacht voor de deur."
    workspace.cases.update(case_id, ground_facts=facts)
    assert workspace.visits.get(later.id).ground.facts == facts
    assert workspace.visits.get(s1).ground == GROUND


def test_a_ground_reaching_the_case_by_sync_is_taken_at_the_start(workspace: Workspace, case_id: str) -> None:
    """A ground written into the case without the workspace's operations (as a pull does) is taken
    when the visit starts."""
    visit = workspace.visits.plan(case_id, "S1")
    workspace.repo.update("cases", case_id, {"ground_facts": GROUND.facts, "ground_source": GROUND.source,
                                             "ground_date": GROUND.date,
                                             "ground_why_not_lighter": GROUND.why_not_lighter}, "server")
    workspace.visits.start(visit.id)
    assert workspace.visits.get(visit.id).ground == GROUND


# --- 4. contradictions and gaps ----------------------------------------------------------------
def test_referral_outcome_needs_a_referral(workspace: Workspace, s1: str) -> None:
    """Outcome "Doorverwijzing" without a referral is refused, naming it."""
    _complete(workspace, s1)
    workspace.visits.set_outcome(s1, "doorverwijzing")
    with pytest.raises(WorkflowError) as info:
        workspace.visits.finalize(s1)
    assert "Uitkomst 'Doorverwijzing' zonder doorverwijzing" in info.value.nl
    assert "Outcome 'Referral' without a referral" in info.value.en
    workspace.visits.add_referral(s1, "schuldhulpverlening")
    assert "outcome_needs_referral" not in _codes(workspace, s1)


def test_none_cannot_go_with_another_choice(workspace: Workspace, s1: str) -> None:
    """"Geen" together with "Werkkleding" is a contradiction."""
    _complete(workspace, s1)
    workspace.visits.answer(s1, "signalen_werk_inkomen", ["werkkleding_gereedschap", "geen"])
    found = next(m for m in workspace.visits.missing(s1) if m.code == "exclusive_option")
    assert (found.step, found.item_id) == ("checklist", "signalen_werk_inkomen")
    assert "'Geen' kan niet samen met een andere keuze" in found.nl
    assert "'None' cannot go together with another choice" in found.en


def test_sanction_needs_cause_and_lhs_cell(workspace: Workspace) -> None:
    """A sanction needs its Tafel van Elf cause and, where the LHS matrix applies, its cell."""
    case = workspace.cases.create("2026-F", "fysiek")
    vid = workspace.visits.plan(case.id, "F2").id
    workspace.visits.start(vid)
    workspace.visits.set_outcome(vid, "bestuurlijke_boete")
    codes = _codes(workspace, vid)
    assert {"sanction_needs_cause", "sanction_needs_lhs"} <= set(codes)
    workspace.visits.set_outcome(vid, "bestuurlijke_boete", toe_causes=["T2"], lhs_cell="C3")
    assert not {"sanction_needs_cause", "sanction_needs_lhs"} & set(_codes(workspace, vid))


def test_caution_given_needs_its_wording(workspace: Workspace, s1: str) -> None:
    """A caution marked given with empty wording is refused."""
    _complete(workspace, s1)
    workspace.visits.record_caution(s1, True, text="")
    found = next(m for m in workspace.visits.missing(s1) if m.code == "caution_wording")
    assert found.nl.startswith("Cautie gegeven, maar de formulering ontbreekt")


def test_consent_form_not_signed_needs_a_reason(workspace: Workspace, s1: str) -> None:
    """A consent form not signed without a reason is refused."""
    _complete(workspace, s1)
    workspace.visits.record_consent(s1, "given", CLIENT, understood=True, form_signed=False,
                                    photo_consent=True)
    assert "consent_form_reason" in _codes(workspace, s1)
    workspace.visits.record_consent(s1, "given", CLIENT, understood=True, photo_consent=True,
                                    form_not_signed_reason="Wilde eerst overleggen")
    assert "consent_form_reason" not in _codes(workspace, s1)


def test_signal_needs_its_legal_basis(workspace: Workspace, s1: str) -> None:
    """A signal with an empty legal basis is refused, naming the signal."""
    _complete(workspace, s1)
    workspace.visits.add_signal(s1, "brp", legal_basis=" ")
    found = next(m for m in workspace.visits.missing(s1) if m.code == "signal_legal_basis")
    assert found.nl == "Signaal 1 (brp): de wettelijke grondslag ontbreekt."


# --- 5. who opened what -----------------------------------------------------------------------
def test_who_opened_each_room_is_recorded_from_those_present(workspace: Workspace, s1: str) -> None:
    """Per viewed room one of the persons present; someone else or a room not viewed is refused."""
    _inside(workspace, s1)
    with pytest.raises(ValidationError) as info:
        workspace.visits.set_room_openers(s1, {"woonkamer": "Buurman"})
    assert info.value.code == "opener_not_present"
    with pytest.raises(ValidationError):
        workspace.visits.set_room_openers(s1, {"zolder": CLIENT})
    workspace.visits.set_room_openers(s1, {"woonkamer": CLIENT})
    missing = [m for m in workspace.visits.missing(s1) if m.code == "room_opener"]
    assert [m.room for m in missing] == ["slaapkamer_1"]
    workspace.visits.set_rooms(s1, {"woonkamer": "refused", "slaapkamer_1": "viewed"})
    assert workspace.visits.get(s1).room_openers == {}


def test_report_prints_who_opened_each_room(workspace: Workspace, s1: str) -> None:
    """The rooms table names who opened or showed each room."""
    _complete(workspace, s1)
    workspace.visits.set_present(s1, [PresentPerson(CLIENT, "client"),
                                      PresentPerson("Demo Jansen", "verhuurder")])
    workspace.visits.set_room_openers(s1, {"woonkamer": CLIENT, "slaapkamer_1": "Demo Jansen"})
    workspace.visits.finalize(s1)
    text = flat(workspace.reports.build(s1, "nl"))
    assert "Geopend of getoond door" in text
    assert "Woonkamer bekeken Demo van den Berg" in text and "Slaapkamer 1 bekeken Demo Jansen" in text


# --- 6. officer roles -------------------------------------------------------------------------
def test_officer_roles_print_in_full(workspace: Workspace, s1: str) -> None:
    """A boa prints as "buitengewoon opsporingsambtenaar (boa)", never as a bare "boa"."""
    workspace.visits.update(s1, officers=[Officer("Demo Toezicht", "TH-1", "toezichthouder"),
                                          Officer("Demo Handhaver", "BOA-7", "boa")])
    with pytest.raises(ValidationError):
        workspace.visits.update(s1, officers=[Officer("X", "", "handhaver")])
    _complete(workspace, s1)
    workspace.visits.finalize(s1)
    doc = workspace.evidence.frozen(s1)
    assert doc is not None
    roles_nl = [o.role for o in from_document(doc, "nl", lambda _sha: None, draft=False).officers]
    roles_en = [o.role for o in from_document(doc, "en", lambda _sha: None, draft=False).officers]
    assert roles_nl == ["toezichthouder", "buitengewoon opsporingsambtenaar (boa)"]
    assert roles_en == ["supervisory officer (toezichthouder)", "special investigating officer (boa)"]


# --- 7. photo numbers -------------------------------------------------------------------------
def _exif_jpeg(path: Path, taken: str | None, shade: int) -> Path:
    img = Image.new("RGB", (320, 240), (shade, 90, 120))
    exif = Image.Exif()
    if taken:
        exif.get_ifd(0x8769)[0x9003] = taken  # Exif IFD: DateTimeOriginal
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes())
    path.write_bytes(buf.getvalue())
    return path


def test_photo_numbers_follow_the_moment_taken_then_the_file_name(workspace: Workspace, case_id: str,
                                                                  tmp_path: Path) -> None:
    """Whatever order the photos arrive in, they are numbered by EXIF time, then by file name; a later
    import never renumbers them, and the report prints those numbers."""
    from inspector.attachments import import_photo

    files = {"c.jpg": "2026:12:01 09:10:00", "a.jpg": "2026:12:01 09:20:00", "b.jpg": "2026:12:01 09:10:00",
             "z.jpg": None}
    images = [import_photo(_exif_jpeg(tmp_path / name, taken, n * 40))
              for n, (name, taken) in enumerate(files.items())]
    names = {i.sha256: i.name for i in images}
    visits = []
    for order in (images, list(reversed(images)), images[1:] + images[:1]):
        vid = workspace.visits.plan(case_id, "S1").id
        workspace.visits.set_ground(vid, GROUND)
        _inside(workspace, vid)
        stored = workspace.visits.add_imported_photos(vid, order)
        assert {names[p.sha256]: p.number for p in stored} == {"b.jpg": 1, "c.jpg": 2, "a.jpg": 3, "z.jpg": 4}
        visits.append(vid)
    earlier = import_photo(_exif_jpeg(tmp_path / "0.jpg", "2026:12:01 08:00:00", 250))
    assert workspace.visits.add_imported_photos(visits[0], [earlier])[0].number == 5
    assert [names.get(p.sha256, "0.jpg") for p in workspace.visits.attachments(visits[0])] == [
        "b.jpg", "c.jpg", "a.jpg", "z.jpg", "0.jpg"]
