"""The rapport van bevindingen: real PDFs from a seeded workspace, read back with pypdf."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from conftest import MemoryKeyring
from PIL import Image, ImageDraw
from pypdf import PdfReader

from inspector import demo, templates, textblocks
from inspector.attachments import ImportedImage, sha256_hex
from inspector.cli import main
from inspector.errors import StorageError, ValidationError
from inspector.ids import short_id
from inspector.model import Officer, PresentPerson
from inspector.report import render
from inspector.report.pdf import clear_print_cache, print_side
from inspector.workspace import Workspace

TYPES = ("S1", "S2", "S3", "F2", "F3", "O2", "O3")
HEADINGS_NL = ["1. Algemene gegevens", "2. Toezichthouders", "3. Redelijke grond", "4. Adres en tijden",
               "5. Aanwezigen", "6. Legitimatie en toestemming", "7. Cautie", "8. Ruimtes",
               "9. Waarnemingen", "Foto's", "10. Verklaring", "11. Samenvatting, conclusie en uitkomst",
               "12. Ondertekening"]
HEADINGS_EN = ["1. General information", "2. Officers", "3. Reasonable ground", "4. Address and times",
               "5. Persons present", "6. Identification and consent", "7. Caution", "8. Rooms",
               "9. Observations", "Photos", "10. Statement", "11. Summary, conclusion and outcome",
               "12. Signatures"]
SUMMARY = "De ĳzeren poort stond open; de bewoner betaalt de achterstand van € 1.250 <terug> & meer."
CONCLUSION = "Coördinatie met het wijkteam is afgesproken."


# --- helpers ---------------------------------------------------------------------------------
def _jpeg(width: int, height: int, n: int, quality: int = 85) -> bytes:
    img = Image.new("RGB", (width, height), (190, 180 - n * 5, 160))
    draw = ImageDraw.Draw(img)
    draw.rectangle((width // 8, height // 3, width // 2, height - 10), fill=(80, 100, 140 + n))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def _signature_png() -> bytes:
    img = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    ImageDraw.Draw(img).line([(20, 150), (200, 40), (380, 160), (580, 30)], fill=(0, 0, 90, 255), width=8)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _sample(item: templates.Item, photo_ids: list[str]) -> object:
    return {"yesno": "ja", "choice": item.options[0].code if item.options else None,
            "multichoice": [item.options[0].code] if item.options else None,
            "number": int(item.min) if item.min is not None else 2, "date": "2026-10-01",
            "datetime": "2026-10-01T10:00", "photo": photo_ids,
            "text": "Geen bijzonderheden."}[item.type]


def complete_visit(ws: Workspace, case_id: str, template_id: str) -> str:
    """Plan, run and finalize a full visit: photos, signature, referral, signal, two officers."""
    if ws.cases.get(case_id).ground_facts:  # the demo dates its grounds before today, not before October
        ws.cases.update(case_id, ground_date="2026-09-15")
    visit = ws.visits.plan(case_id, template_id, "2026-10-01T09:30",
                          officers=[Officer("Toezichthouder Demo", "TH-0001"),
                                    Officer("Toezichthouder Test", "BOA-0007", "boa")])
    vid = visit.id
    ws.visits.start(vid, at="2026-10-01T07:29:00Z")
    ws.visits.record_moment(vid, "rang_at", "2026-10-01T07:30:00Z")
    ws.visits.record_id_shown(vid, at="2026-10-01T07:31:00Z")
    ws.visits.set_present(vid, [PresentPerson("Demo Öztürk", "client", None, True),
                         PresentPerson("Demo Yılmaz", "partner", None, False)])
    ws.visits.record_consent(vid, "given", "Demo Öztürk", understood=True, form_signed=True,
                             photo_consent=True, cupboards_consent=True, at="2026-10-01T07:33:00Z")
    ws.visits.record_moment(vid, "entered_at", "2026-10-01T07:34:00Z")
    tpl = ws.visits.template(ws.visits.get(vid))
    ws.visits.set_rooms(vid, {r.code: ("viewed" if k < 2 else "not_applicable") for k,
                              r in enumerate(tpl.rooms)})
    ws.visits.set_room_openers(vid, {tpl.rooms[0].code: "Demo Öztürk", tpl.rooms[1].code: "Demo Yılmaz"})
    ws.visits.record_caution(vid, True, at="2026-10-01T07:40:00Z")
    photos = [ws.visits.add_photo(vid, _jpeg(640, 480, n),
                                  caption=f"{tpl.rooms[n].label.nl.lower()}, overzicht")
              for n in range(2)]
    viewed = [r.code for r in tpl.rooms[:2]]
    for item in tpl.items:
        if not templates.is_relevant(item, ws.visits.answer_map(vid)):
            continue
        value = _sample(item, [p.id for p in photos])
        for room in viewed if item.per_room else [""]:
            ws.visits.answer(vid, item.id, value, room=room,
                             note="Waargenomen bij binnenkomst." if room else None)
    ws.visits.record_statement(vid, "Ik woon hier met mijn dochter. Ik heb de verklaring gelezen.",
                               read_back=True,
                        signed=True, signature_png=_signature_png(), copy_given=True)
    outcome = tpl.outcomes[0].code
    ws.visits.set_outcome(vid, outcome, toe_causes=["T1", "T7"], lhs_cell="B2" if tpl.uses_lhs else "")
    ws.visits.add_referral(vid, "schuldhulpverlening", consent_handover=True, handed_to="Schuldhulp Demo",
                    note="Huurachterstand.")
    ws.visits.add_signal(vid, "brp", note="Inschrijving controleren.")
    ws.visits.set_followup(vid, "2026-11-05", "Hercontrole")
    ws.visits.set_report_text(vid, summary=SUMMARY, conclusion=CONCLUSION)
    ws.visits.record_moment(vid, "ended_at", "2026-10-01T08:15:00Z")
    assert ws.visits.missing(vid, "2026-10-01T08:30:00Z") == []
    ws.visits.finalize(vid, at="2026-10-01T08:30:00Z")
    return vid


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(pdf: bytes) -> str:
    """The whole text with all whitespace runs (line wraps) as single spaces."""
    return " ".join(" ".join(pdf_pages(pdf)).split())


def images(pdf: bytes) -> list[dict[str, object]]:
    """Every distinct image XObject in the document (a logo on every page counts once)."""
    seen: dict[int, dict[str, object]] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        xobjects = page["/Resources"].get("/XObject")
        if not xobjects:
            continue
        xobjects = xobjects.get_object()
        for name in xobjects:
            obj = xobjects[name]
            if obj["/Subtype"] == "/Image":
                seen[xobjects.raw_get(name).idnum] = {"width": int(obj["/Width"]),
                                                      "height": int(obj["/Height"])}
    return list(seen.values())


def assert_in_order(text: str, parts: list[str]) -> None:
    pos = -1
    for part in parts:
        found = text.find(part, pos + 1)
        assert found > pos, f"{part!r} missing or out of order"
        pos = found


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory):
    """A demo workspace (14 cases) plus one complete finalized visit of every type."""
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    ws = Workspace.open(tmp_path_factory.mktemp("report") / "ws")
    keyring.set_keyring(previous)
    demo.seed(ws, cases=14)
    rows = ws.visits.find()
    full = {}
    for tid in TYPES:
        case_id = next(v.case_id for v in rows if v.template_id == tid)
        full[tid] = complete_visit(ws, case_id, tid)
    yield ws, full
    ws.close()


# --- content ---------------------------------------------------------------------------------
@pytest.mark.parametrize("template_id", TYPES)
def test_finalized_report_of_every_type_has_all_parts_in_order(seeded, template_id):
    """A finalized report of each visit type holds every part, its values, in DOMAIN.md §2 order."""
    ws, full = seeded
    vid = full[template_id]
    visit = ws.visits.get(vid)
    tpl = ws.visits.template(visit)
    pdf = ws.reports.build(vid)
    text = flat(pdf)
    assert_in_order(text, HEADINGS_NL)
    case = ws.cases.get(visit.case_id)
    yesno = next(i for i in tpl.items if i.type == "yesno" and not i.per_room)
    assert_in_order(text, [
        case.number, vid, "Toezichthouder Demo", "BOA-0007", "Demo Öztürk", "Demo Yılmaz",
        " ".join(visit.consent.text_shown.split()), " ".join(tpl.caution_text.nl.split()),
        tpl.rooms[0].label.nl, f"{yesno.label.nl} ja {yesno.regulation}",
        "Foto 1 – " + tpl.rooms[0].label.nl.lower() + ", overzicht",
        "Foto 2 – " + tpl.rooms[1].label.nl.lower() + ", overzicht",
        "Ik woon hier met mijn dochter.", "Ondertekend ja, zie handtekening",
        SUMMARY, CONCLUSION, tpl.outcomes[0].label.nl, "T1 Kennis van de regels",
        "op 05-11-2026 – Hercontrole", "Schuldhulpverlening ja Schuldhulp Demo",
        "BRP (burgerzaken) Wet BRP art. 2.34", "Toezichthouder Test", visit.fingerprint])
    choice = next((i for i in tpl.items if i.type == "choice" and not i.per_room
                   and i.id in templates.relevant_ids(tpl, ws.visits.answer_map(vid))), None)
    if choice is not None:
        assert f"{choice.label.nl} {choice.options[0].label.nl}" in text
    per_room = [i for i in tpl.items if i.per_room]
    if per_room:  # the two viewed rooms, each where a per-room question is asked (no beds in the hall)
        asked = [r for r in tpl.rooms[:2] if any(r.code not in i.not_in_rooms for i in per_room)]
        assert_in_order(text, ["Per ruimte", *[f"Ruimte: {r.label.nl}" for r in asked]])
        assert all(f"Ruimte: {r.label.nl}" not in text for r in tpl.rooms[:2] if r not in asked)
    if tpl.uses_lhs:
        assert "Cel B2: gedrag Onverschillig, gevolgen Beperkt" in text
    assert "CONCEPT" not in text
    # 2 photos + the signature + the logo
    assert len(images(pdf)) == 4


@pytest.mark.parametrize("template_id", ["S1", "F3"])
def test_every_page_has_page_number_and_the_stored_fingerprint(seeded, template_id):
    """Each page says "Pagina X van N" and shows the fingerprint stored at finalizing."""
    ws, full = seeded
    vid = full[template_id]
    fingerprint = ws.visits.get(vid).fingerprint
    pages = pdf_pages(ws.reports.build(vid))
    assert len(pages) >= 3
    assert fingerprint.startswith("v2:") and len(fingerprint) == 67
    device = ws.evidence.device_name()
    for n, page in enumerate(pages, start=1):
        assert f"Pagina {n} van {len(pages)}" in page
        assert "Vingerafdruk (SHA-256):" in page
        assert fingerprint in page
        assert f"Ondertekend door apparaat '{device}' (sleutel " in page


def test_drafts_carry_concept_on_every_page_and_no_fingerprint(seeded):
    """A visit not finalized prints CONCEPT on every page and says there is no fingerprint yet."""
    ws, _ = seeded
    drafts = [v for v in ws.visits.find() if v.status in ("planned", "in_progress")]
    assert {v.status for v in drafts} == {"planned", "in_progress"}
    for row in drafts[:4]:
        pages = pdf_pages(ws.reports.build(row.id))
        for n, page in enumerate(pages, start=1):
            assert "CONCEPT" in page
            assert "nog geen vingerafdruk" in page
            assert f"Pagina {n} van {len(pages)}" in page
            assert "Vingerafdruk (SHA-256):" not in page


def test_dutch_characters_survive_extraction(seeded):
    """ë, ĳ, €, ö/Ö and ı come back out of the PDF exactly as they went in."""
    ws, full = seeded
    text = flat(ws.reports.build(full["S1"]))
    for word in ("ĳzeren", "€ 1.250", "Öztürk", "Yılmaz", "beëindigd", "cliënt", "Coördinatie",
                 "<terug> & meer"):
        assert word in text


def test_bsn_masked_by_default_and_full_with_setting(seeded):
    """The BSN is masked (******nnn) unless report_show_bsn is set; a finalized report keeps what was
    set when it was finalized."""
    ws, full = seeded
    vid = full["S2"]
    case_id = ws.visits.get(vid).case_id
    bsn = ws.cases.persons(case_id)[0].bsn
    assert len(bsn) == 9
    masked = flat(ws.reports.build(vid))
    assert f"BSN ******{bsn[-3:]}" in masked
    assert bsn not in masked
    draft = ws.visits.plan(case_id, "S2").id
    ws.settings.set("report_show_bsn", True)
    try:
        assert f"BSN {bsn}" in flat(ws.reports.build(draft))
        assert flat(ws.reports.build(vid)) == masked
    finally:
        ws.settings.set("report_show_bsn", False)


def test_english_report_has_english_labels(seeded):
    """lang="en" gives English headings, answers and page numbers."""
    ws, full = seeded
    vid = full["S1"]
    pdf = ws.reports.build(vid, lang="en")
    text = flat(pdf)
    assert_in_order(text, HEADINGS_EN)
    tpl = ws.visits.template(ws.visits.get(vid))
    yesno = next(i for i in tpl.items if i.type == "yesno" and not i.per_room)
    assert f"{yesno.label.en} yes" in text
    assert "Report of findings" in text
    assert "Rapport van bevindingen" not in text
    pages = pdf_pages(pdf)
    assert f"Page 1 of {len(pages)}" in pages[0]


def test_refusal_at_the_door_gives_short_complete_report(seeded):
    """Refused at the door: consent refused, by whom, consequences, exact text; no checklist or photos."""
    ws, _ = seeded
    row = next(v for v in ws.visits.find(statuses=("finalized",))
               if ws.visits.get(v.id).consent.status == "refused")
    visit = ws.visits.get(row.id)
    pdf = ws.reports.build(row.id)
    text = flat(pdf)
    assert_in_order(text, [h for h in HEADINGS_NL if h != "Foto's"])
    assert f"Toestemming geweigerd door {visit.consent.by}" in text
    assert "Gevolgen van weigeren uitgelegd ja" in text
    assert " ".join(visit.consent.text_shown.split()) in text
    assert text.count("Niet van toepassing: toegang geweigerd.") == 4  # caution, rooms, checklist, statement
    assert "Onderdeel Bevinding Grondslag" not in text
    assert "Foto's " not in text.split("9. Waarnemingen")[1]
    assert len(pdf_pages(pdf)) <= 3
    assert len(images(pdf)) == 1  # the logo only


def test_finalized_report_renders_byte_identical(seeded):
    """Rendering a finalized visit twice (also with a cold photo cache) gives the same bytes."""
    ws, full = seeded
    first = ws.reports.build(full["O3"])
    clear_print_cache()
    second = ws.reports.build(full["O3"])
    assert first == second
    assert render(ws.reports.collect(full["O3"])) == first


def test_addenda_listed_after_main_content_with_fingerprint(seeded):
    """An addendum to a finalized visit is printed after the signatures with the fingerprint it amends."""
    ws, full = seeded
    vid = full["F2"]
    fp = ws.visits.get(vid).fingerprint
    ws.evidence.add_addendum(vid, "Correctie: de vluchtroute was aan de achterzijde vrij.")
    text = flat(ws.reports.build(vid))
    assert_in_order(text, ["12. Ondertekening", "Aanvullingen na afronding", "Aanvulling 1 –",
                           "Correctie: de vluchtroute was aan de achterzijde vrij.",
                           f"Vult aan: vingerafdruk {fp}"])


def test_municipality_settings_in_header_and_custom_logo(seeded, tmp_path):
    """The municipality's name, address and logo from the settings appear; a broken logo falls back;
    a finalized report keeps the header and logo it was finalized with."""
    ws, full = seeded
    finalized_before = ws.reports.build(full["O2"])
    draft = ws.visits.plan(ws.visits.get(full["O2"]).case_id, "O2").id
    logo = tmp_path / "logo.png"
    Image.new("RGB", (123, 77), (10, 120, 60)).save(logo)
    ws.settings.set("municipality", {"name": "Gemeente Demostad", "address_lines": ["Postbus 1",
                                                                                   "1234 AB Demostad"],
                                    "logo": str(logo)})
    try:
        pdf = ws.reports.build(draft)
        pages = pdf_pages(pdf)
        assert all("Gemeente Demostad" in p and "1234 AB Demostad" in p for p in pages)
        assert {"width": 123, "height": 77} in images(pdf)
        assert ws.reports.build(full["O2"]) == finalized_before
        ws.settings.set("municipality", {"name": "Gemeente Demostad", "logo": str(tmp_path / "missing.png")})
        assert {"width": 360, "height": 420} in images(ws.reports.build(draft))
    finally:
        ws.settings.set("municipality", None)


def test_no_photo_consent_says_so_and_embeds_no_photos(workspace):
    """Without photo consent the report says there are no photos and embeds none."""
    case = workspace.cases.create("T-1", "fysiek", postcode="1234AB", huisnummer="1", straat="Teststraat",
                                 woonplaats="Demostad")
    vid = workspace.visits.plan(case.id, "F2").id
    workspace.visits.start(vid)
    workspace.visits.record_id_shown(vid)
    workspace.visits.record_consent(vid, "given", "Demo Bewoner")
    pdf = workspace.reports.build(vid)
    text = flat(pdf)
    assert "Geen foto's: er was geen toestemming voor foto's." in text
    assert len(images(pdf)) == 1


def test_thirty_large_photos_stay_under_ten_megabytes(workspace):
    """30 photos stored as 4000×3000 originals print at ≤1600 px: the PDF stays under 10 MB."""
    case = workspace.cases.create("T-30", "fysiek", postcode="1234AB", huisnummer="2", straat="Teststraat",
                                 woonplaats="Demostad")
    vid = workspace.visits.plan(case.id, "F2").id
    workspace.visits.start(vid)
    workspace.visits.record_id_shown(vid)
    workspace.visits.record_consent(vid, "given", "Demo Bewoner", photo_consent=True)
    noise = Image.effect_noise((500, 375), 48).convert("RGB").resize((4000, 3000), Image.Resampling.BILINEAR)
    base = Image.blend(noise, Image.linear_gradient("L").convert("RGB").resize((4000, 3000)), 0.5)
    for n in range(30):
        img = base.copy()
        draw = ImageDraw.Draw(img)
        draw.rectangle((100 + n * 90, 500, 1500 + n * 90, 2500), fill=(60 + n * 5, 90, 140))
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=85)
        data = buf.getvalue()
        # Stored as the full 12 MP original (as a municipality with photo_max_long_side 4000 would):
        # the report itself has to bring it down to print size.
        image = ImportedImage(data, sha256_hex(data), "image/jpeg", 4000, 3000, None)
        workspace.visits.add_imported_photo(vid, image, caption=f"overzicht {n + 1}")
    pdf = workspace.reports.build(vid)
    found = images(pdf)
    assert len(pdf) < 10_000_000
    assert len(found) == 31  # 30 photos + the logo
    assert max(max(i["width"], i["height"]) for i in found) == 1600
    assert "Foto 30 – overzicht 30" in flat(pdf)


def test_print_side_snaps_to_cheap_decoder_scales():
    """Photos print at about 1600 px, snapping to what the JPEG decoder scales to for free."""
    assert print_side(2560, 1920, 1600) == 1280
    assert print_side(4000, 3000, 1600) == 1600
    assert print_side(3000, 2000, 1600) == 1500
    assert print_side(1200, 900, 1600) == 1600
    assert print_side(2048, 1536, 1600) == 1600


def test_user_markup_and_long_statement_do_not_break_layout(workspace):
    """Markup characters print literally and a statement longer than a page splits over pages."""
    case = workspace.cases.create("T-2", "oov", postcode="1234AB", huisnummer="3", straat="Teststraat",
                                 woonplaats="Demostad")
    vid = workspace.visits.plan(case.id, "O2").id
    workspace.visits.start(vid)
    workspace.visits.record_id_shown(vid)
    workspace.visits.record_consent(vid, "given", "Demo Bewoner")
    long_text = " ".join(f"Zin {n} van de verklaring <b>niet vet</b> & zo." for n in range(400))
    workspace.visits.record_statement(vid, long_text, read_back=True, not_signed_reason="Wilde niet tekenen.")
    pdf = workspace.reports.build(vid)
    text = flat(pdf)
    assert "Zin 399 van de verklaring <b>niet vet</b> & zo." in text
    assert "Ondertekend nee – Wilde niet tekenen." in text
    assert len(pdf_pages(pdf)) >= 4


def test_render_with_pages_says_where_summary_and_conclusion_start_and_changes_no_byte(workspace):
    """The renderer reports the page each written part starts on (what the preview jumps to), and the
    PDF is byte for byte the report's own."""
    case = workspace.cases.create("T-3", "oov", postcode="1234AB", huisnummer="3", straat="Teststraat",
                                 woonplaats="Demostad")
    vid = workspace.visits.plan(case.id, "O2").id
    workspace.visits.start(vid)
    summary = " ".join(f"Bevinding {n} in de woonkamer, vastgelegd bij binnenkomst." for n in range(300))
    workspace.visits.set_report_text(vid, summary=summary, conclusion="Afspraak met het wijkteam gemaakt.")
    data = workspace.reports.collect(vid)
    pdf, pages = workspace.reports.render_with_pages(data)
    assert pdf == render(data)
    texts = [" ".join(t.split()) for t in pdf_pages(pdf)]
    summary_page = next(n for n, t in enumerate(texts) if "Bevinding 0 in de woonkamer" in t)
    conclusion_page = next(n for n, t in enumerate(texts) if "Afspraak met het wijkteam gemaakt." in t)
    assert conclusion_page > summary_page
    assert pages == {"summary": summary_page, "conclusion": conclusion_page}


# --- files, CLI, rendering -------------------------------------------------------------------
def test_write_report_replaces_atomically_and_reports_failure(seeded, tmp_path):
    """ws.reports.write leaves only the finished file; an unwritable target is a StorageError."""
    ws, full = seeded
    target = tmp_path / "rapport.pdf"
    target.write_bytes(b"old")
    assert ws.reports.write(full["S3"], target) == target
    assert target.read_bytes()[:5] == b"%PDF-"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.pdf"]
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StorageError) as err:
        ws.reports.write(full["S3"], blocker / "rapport.pdf")
    assert err.value.code == "report_write_failed"


def test_cli_report_command_writes_pdf(workspace, tmp_path, capsys):
    """`inspector report ID --out FILE` exits 0 and writes the PDF; --lang en gives English."""
    demo.seed(workspace, cases=5)
    finalized = workspace.visits.find(statuses=("finalized",))[0].id
    directory = str(workspace.directory)
    workspace.close()
    assert main(["--workspace", directory, "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert finalized in [row["id"] for row in listed]
    out = tmp_path / "rapport.pdf"
    assert main(["--workspace", directory, "report", finalized, "--out", str(out)]) == 0
    assert "Rapport van bevindingen" in flat(out.read_bytes())
    shown = short_id(finalized)  # as `inspector list` shows it
    assert main(["--workspace", directory, "report", shown, "--out", str(out), "--lang", "en"]) == 0
    assert "Report of findings" in flat(out.read_bytes())
    assert main(["--workspace", directory, "report", "ffffffff", "--out", str(tmp_path / "x.pdf")]) == 1
    assert not (tmp_path / "x.pdf").exists()


def test_pdftoppm_renders_a_non_blank_first_page(seeded, tmp_path):
    """poppler renders page 1 of a report to a PNG that is not blank."""
    ws, full = seeded
    pdf = tmp_path / "r.pdf"
    ws.reports.write(full["S1"], pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(tmp_path / "page")], check=True, timeout=60)
    with Image.open(tmp_path / "page.png") as img:
        gray = img.convert("L")
        dark = sum(gray.histogram()[:200])
        assert img.size == (331, 468)
        assert dark / (img.width * img.height) > 0.02


# --- text blocks -----------------------------------------------------------------------------
def test_list_blocks_per_visit_type_and_language():
    """Blocks are offered for their visit type or domain, plus the general ones, in the asked language."""
    s3 = [b.id for b in textblocks.list_blocks("S3", "nl")]
    assert s3[:2] == ["algemeen_met_toestemming", "algemeen_geweigerd"]
    assert "brp_adres_juist" in s3 and "sociaal_nader_onderzoek" in s3
    assert "fysiek_voldoet" not in s3 and "oov_ondermijning" not in s3
    f2 = {b.id: b for b in textblocks.list_blocks("F2", "en")}
    assert f2["fysiek_voldoet"].title == "Complies with the rules"
    assert "brp_adres_juist" not in f2


def test_fill_replaces_known_placeholders_and_keeps_unknown_visible():
    """fill() fills what it knows; unknown, empty or malformed placeholders stay visible."""
    block = textblocks.TextBlock("x", "X", "Op {date} bij {client_name} ({onbekend}) {case_number} {} {")
    assert textblocks.fill(block, {"date": "01-10-2026", "client_name": "D. Öztürk", "case_number": ""}) == \
        "Op 01-10-2026 bij D. Öztürk ({onbekend}) {case_number} {} {"
    assert textblocks.fill("{address}", {"address": "Teststraat 1"}) == "Teststraat 1"


def test_context_for_visit_fills_every_placeholder(seeded):
    """The placeholders of the shipped blocks are all filled for a real visit."""
    ws, full = seeded
    context = textblocks.context_for(ws, full["S1"])
    assert context["date"] == "01-10-2026"
    assert context["inspector"] == "Toezichthouder Demo"
    assert context["case_number"].startswith("DEMO-")
    filled = textblocks.fill(textblocks.list_blocks("S1")[0], context)
    assert "{" not in filled
    assert context["address"] in filled


def test_broken_textblocks_file_gives_clear_error(tmp_path):
    """A malformed blocks file raises textblocks_invalid naming the file, in Dutch and English."""
    bad = tmp_path / "blokken.json"
    bad.write_text('{"blocks": [{"id": "a", "title": {"nl": "A"}, "text": {"nl": "x", "en": "y"}}]}')
    with pytest.raises(ValidationError) as err:
        textblocks.list_blocks("S1", path=bad)
    assert err.value.code == "textblocks_invalid"
    assert err.value.message("nl") == "blokken.json: 'a' mist 'title' in nl en en."
    bad.write_text("{niet json")
    with pytest.raises(ValidationError):
        textblocks.list_blocks("S1", path=bad)


def test_fonts_and_licence_are_shipped():
    """The embedded DejaVu fonts travel with their licence text."""
    fonts = Path(__file__).resolve().parent.parent / "resources" / "fonts"
    assert {p.name for p in fonts.iterdir()} >= {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
                                                 "DejaVuSans-Oblique.ttf", "LICENSE-DejaVu.txt"}
    assert "Bitstream" in (fonts / "LICENSE-DejaVu.txt").read_text()


def test_prepare_loads_reportlab_and_the_fonts_before_the_first_report():
    """What the app runs in the background after start-up (ui.main_window.warm_up_visit_modules):
    in a fresh process, reportlab is imported and the report's fonts are registered, so the first
    report waits for neither."""
    script = ("import sys; from inspector.workspace.reports import Reports\n"
              "assert 'reportlab' not in sys.modules\n"
              "Reports.prepare()\n"
              "from reportlab.pdfbase import pdfmetrics\n"
              "print(sorted(n for n in pdfmetrics.getRegisteredFontNames() if n.startswith('DejaVu')))")
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True,
                         cwd=root, env={**os.environ, "PYTHONPATH": str(root)}).stdout
    assert out.split() == ["['DejaVuSans',", "'DejaVuSans-Bold',", "'DejaVuSans-Oblique']"]
