"""Finalized reports in the back office: the server renders a finalized visit's PDF from the frozen
document the laptop sealed, byte for byte the laptop's (photos, signature, addendum, both languages);
the download is logged, and nothing of it reaches another team."""

from __future__ import annotations

import io
from typing import Any

import pypdf

from inspector.model import MarkupShape
from tests import test_beheer
from tests.test_beheer import access, new_case, team_ids
from tests.test_sync import finalized_visit, make_case

pytest_plugins = ["tests.servers"]
office = test_beheer.office  # the fixture: logged-in back office clients


def test_report_is_byte_identical_to_the_laptops(any_server: Any, office: Any, laptop: Any) -> None:
    """A visit finalized with photos (one marked up: an arrow and a blurred region) and a signed
    statement, with an addendum, synced: the back office's PDF equals the laptop's in Dutch and in
    English; the server renders the same marked-up photo from the original and the frozen mark-up."""
    ws = laptop(any_server.url)
    case = make_case(ws, "2026-1101")
    visit_id = finalized_visit(ws, case.id, lambda v: ws.visits.set_markup(
        ws.visits.attachments(v, "photo")[0].id, [MarkupShape("arrow", 1000, 8000, 4000, 5500, "#e00000"),
                                                  MarkupShape("blur", 5000, 1000, 9000, 4000, "")]))
    ws.evidence.add_addendum(visit_id, "Bij nader inzien: de achterdeur was open.")
    ws.sync.run()
    assert ws.visits.get(visit_id).status == "synced"  # the server acknowledged it
    bo = office()
    r = bo.get(f"/beheer/bezoeken/{visit_id}/rapport.pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"] == 'attachment; filename="rapport-2026-1101-S1.pdf"'
    assert r.content == ws.reports.build(visit_id, "nl")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(r.content)).pages)
    assert "2026-1101" in text and ws.visits.get(visit_id).fingerprint[-12:] in text.replace("\n", "")
    assert "achterdeur" in text and "999993653" not in text
    assert "(bewerkt: pijl, vervaging)" in text.replace("\n", " ")

    bo.get("/beheer/taal/en?next=/beheer/zaken")
    english = bo.get(f"/beheer/bezoeken/{visit_id}/rapport.pdf").content
    assert english == ws.reports.build(visit_id, "en") and english != r.content
    assert [(a, t) for _u, a, t, _d in access(any_server) if a == "download_report"] == \
        [("download_report", visit_id)] * 2

    page = bo.get(f"/beheer/zaken/{case.id}").text
    assert f'href="/beheer/bezoeken/{visit_id}/rapport.pdf"' in page


def test_no_report_for_another_team_or_an_unfinished_visit(any_server: Any, office: Any, laptop: Any) -> None:
    """Team Noord's coordinator gets "not found"; a planned visit has no report (a clear page)."""
    ws = laptop(any_server.url)
    visit_id = finalized_visit(ws, make_case(ws, "2026-1102").id)
    ws.sync.run()
    noord = office("coordinator-noord")
    r = noord.get(f"/beheer/bezoeken/{visit_id}/rapport.pdf")
    assert r.status_code == 404 and "application/pdf" not in r.headers["content-type"]
    assert "2026-1102" not in r.text
    zuid = office()
    case_id = new_case(zuid, "2026-1103", team_ids(any_server)["Team Zuid"])
    zuid.post(f"/beheer/zaken/{case_id}/bezoeken", {"template": "S1", "planned_at": "2026-12-07T10:00"})
    [planned] = [v for v in any_server.records("visits") if v["case_id"] == case_id]
    r = zuid.get(f"/beheer/bezoeken/{planned['id']}/rapport.pdf")
    assert r.status_code == 404 and "Dit bezoek heeft geen vastgelegd rapport" in r.text
    assert [a for _u, a, _t, _d in access(any_server) if a == "download_report"] == []
