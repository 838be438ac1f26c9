"""The report's page layout, read back from the PDF: headings stay with their section, a statement
with its signature, tables split instead of leaving a page empty, and long texts render whole."""

from __future__ import annotations

import copy
import io
import re
import time

import pytest
from pypdf import PdfReader
from test_report import HEADINGS_NL, complete_visit, pdf_pages

from inspector.errors import ValidationError
from inspector.report import render
from inspector.report.data import Observation, ReportData
from inspector.workspace import Workspace

FOOTER = "Vingerafdruk (SHA-256):"
WORD = "Waargenomen: de bewoner verklaarde dat hij sinds maart alleen woont; de ĳzeren kast was dicht. "


@pytest.fixture(scope="module")
def finalized(tmp_path_factory: pytest.TempPathFactory) -> ReportData:
    """The report data of a finalized S1 visit (rendered from its frozen document)."""
    import keyring
    from conftest import MemoryKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    ws = Workspace.open(tmp_path_factory.mktemp("layout") / "ws")
    try:
        ws.settings.set_profile("Toezichthouder Test", "TH-0042")
        case = ws.cases.create("L-1", "sociaal", postcode="3511AB", huisnummer="12", straat="Kerkstraat",
                               woonplaats="Utrecht", ground_source="LAA", ground_date="2026-09-01",
                               ground_facts="Post van derden bezorgd op dit adres gemeld",
                               ground_why_not_lighter="Een gesprek gaf geen uitsluitsel")
        ws.cases.add_person(case.id, "Öztürk", voornamen="Demo", bsn="999993653")
        vid = complete_visit(ws, case.id, "S1")
        return ws.reports.collect(vid)
    finally:
        ws.close()
        keyring.set_keyring(previous)


def body_lines(page_text: str) -> list[str]:
    """A page's text without its header (logo line, title, case number) and footer."""
    lines = [ln.strip() for ln in page_text.splitlines() if ln.strip()]
    end = next(i for i, ln in enumerate(lines) if ln.startswith(FOOTER))
    return lines[3:end]


def with_summary_lines(data: ReportData, n: int) -> ReportData:
    out = copy.deepcopy(data)
    out.summary = "\n".join(f"Regel {k} van de samenvatting." for k in range(n))
    return out


# --- headings and what they introduce --------------------------------------------------------
@pytest.mark.parametrize("lines", range(0, 66, 3))
def test_no_heading_is_the_last_line_of_a_page(finalized, lines):
    """Whatever the length before it, every section heading shares its page with its first lines."""
    pages = [body_lines(t) for t in pdf_pages(render(with_summary_lines(finalized, lines)))]
    for number, body in enumerate(pages, start=1):
        assert body, f"page {number} is empty"
        for heading in HEADINGS_NL + ["Samenvatting", "Conclusie", "Uitkomst en vervolg",
                                      "Doorverwijzingen", "Signalen aan andere domeinen"]:
            if heading in body:
                assert body.index(heading) < len(body) - 1, f"'{heading}' alone at the foot of page {number}"


@pytest.mark.parametrize("lines", range(20, 56, 5))
def test_signing_heading_stays_with_the_officers(finalized, lines):
    """'12. Ondertekening' is on the same page as the officers' names and signature lines."""
    pages = [body_lines(t) for t in pdf_pages(render(with_summary_lines(finalized, lines)))]
    page = next(b for b in pages if "12. Ondertekening" in b)
    after = page[page.index("12. Ondertekening") + 1:]
    assert "Toezichthouder Demo" in after and "Toezichthouder Test" in after


def _image_pages(pdf: bytes) -> list[int]:
    """Per page, how many image placements it has besides the municipality's logo."""
    counts = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        xobjects = page["/Resources"].get("/XObject")
        names = list(xobjects.get_object()) if xobjects else []
        counts.append(len(names) - 1)  # the logo is on every page
    return counts


@pytest.mark.parametrize("words", [10, 30, 55, 80, 600])
def test_statement_and_its_signature_share_a_page(finalized, words):
    """The statement's last words and the signature image are on one page, whether the statement is
    short or runs over pages; the statement is printed whole."""
    data = copy.deepcopy(finalized)
    data.summary = ""
    data.statement["text"] = " ".join(f"woord{k:04d}" for k in range(words)) + " EINDE."
    pdf = render(data)
    pages = pdf_pages(pdf)
    found = [re.findall(r"woord(\d{4})", t) for t in pages]
    assert [int(n) for f in found for n in f] == list(range(words))
    (last,) = [i for i, t in enumerate(pages) if "EINDE." in t]
    assert "Handtekening" in pages[last] and _image_pages(pdf)[last] >= 1


# --- tables -----------------------------------------------------------------------------------
def _lowest_body_text(pdf: bytes) -> list[float]:
    """Per page, the height (points from the bottom) of its lowest body text line."""
    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        ys: list[float] = []

        def visit(text, cm, tm, font, size, ys=ys):
            y = cm[5] + tm[5] * cm[3]
            if text.strip() and 24 * 2.835 + 4 < y < 842 - 32 * 2.835:  # inside the margins
                ys.append(y)
        page.extract_text(visitor_text=visit)
        out.append(min(ys) if ys else 842.0)
    return out


def test_a_long_table_splits_instead_of_leaving_a_page_empty(finalized):
    """A table longer than a page starts right after its heading, with its header row repeated on the
    next page; no page before the last is left more than half empty."""
    data = copy.deepcopy(finalized)
    group = data.observations[0]
    group.items = [Observation(f"Onderdeel {k}", "ja", "Waargenomen in de gang.", "Participatiewet art. 17")
                   for k in range(90)]
    data.summary = "\n".join(f"Regel {k}." for k in range(30))
    pdf = render(data)
    pages = [body_lines(t) for t in pdf_pages(pdf)]
    lowest = _lowest_body_text(pdf)
    for number, y in enumerate(lowest[:-1], start=1):
        assert y < 842 / 2, f"page {number} is more than half empty (lowest text at {y:.0f} pt)"
    with_rows = [b for b in pages if any(ln.startswith("Onderdeel ") for ln in b)]
    assert len(with_rows) >= 2 and all("Bevinding" in b for b in with_rows)  # the header row repeats
    rows = [int(ln.split()[1]) for b in pages for ln in b if re.fullmatch(r"Onderdeel \d+", ln)]
    assert rows == list(range(90))


# --- long texts -------------------------------------------------------------------------------
def test_a_one_megabyte_note_renders_whole_and_in_order(workspace):
    """A 1 MB note on a checklist item is printed complete, in order (under its table, with a pointer
    in the row). The workspace refuses a note over 20 000 characters where it is typed (the server
    would refuse it too), so the report is given one directly: the report must take any length."""
    case = workspace.cases.create("L-2", "oov", postcode="1234AB", huisnummer="3", straat="Teststraat",
                                  woonplaats="Demostad")
    vid = workspace.visits.plan(case.id, "O2").id
    workspace.visits.start(vid)
    workspace.visits.record_id_shown(vid)
    workspace.visits.record_consent(vid, "given", "Demo Bewoner")
    tpl = workspace.visits.template(workspace.visits.get(vid))
    item = next(i for i in tpl.items if not i.per_room and i.type == "yesno")
    tokens = 112_000
    note = " ".join(f"n{k:07d}" + ("\n" if k % 97 == 96 else "") for k in range(tokens))
    assert len(note) >= 1_000_000
    with pytest.raises(ValidationError):
        workspace.visits.answer(vid, item.id, "ja", note=note)
    workspace.visits.answer(vid, item.id, "ja", note="kort")
    data = workspace.reports.collect(vid)
    row = next(o for g in data.observations for o in g.items if o.note == "kort")
    row.note = note
    started = time.perf_counter()
    pdf = render(data)
    elapsed = time.perf_counter() - started  # reported, not asserted: the benchmark holds the target
    text = "\n".join(pdf_pages(pdf))
    assert [int(t) for t in re.findall(r"n(\d{7})", text)] == list(range(tokens)), elapsed
    words = " ".join(text.split())
    assert "Aantekening 1: volledig onder deze tabel." in words
    assert f"Aantekening 1 bij: {item.label.nl}" in words


def test_long_summary_keeps_every_line_in_order(finalized):
    """A summary of thousands of lines (set as plain text) keeps each line, in order, on its own line."""
    data = with_summary_lines(finalized, 3000)
    lines = [ln for t in pdf_pages(render(data)) for ln in body_lines(t) if ln.startswith("Regel ")]
    assert lines == [f"Regel {k} van de samenvatting." for k in range(3000)]
