"""AVG article 15 on a real server (PostgreSQL and SQLite) with a real laptop's synced data: the privacy
officer looks up a BSN and downloads everything held about it as a ZIP; the ZIP holds the person's case
with its frozen document, report, photos and audit entries, masks the partner's BSN, and holds nothing of
another person's case; the lookup and the export are in the access log with the BSN masked; the same
from the command line."""

from __future__ import annotations

import io
import json
import re
import uuid
import zipfile
from typing import Any

import sqlalchemy as sa
from pypdf import PdfReader

from inspector.server import __main__ as server_cli
from inspector.server import admin
from inspector.server.beheer.tables import access_log
from tests.servers import PASSWORD
from tests.test_beheer import BackOffice, messages
from tests.test_retention import visit_with_photo
from tests.test_sync import GROUND, finalized_visit, make_case

pytest_plugins = ["tests.servers"]
BSN, PARTNER, OTHER = "999993653", "999900006", "999900018"


def privacy_officer(server: Any) -> str:
    username = f"privacy-{uuid.uuid4().hex[:6]}"
    admin.add_user(server.db, username, PASSWORD, "privacy", [], time_cost=1, memory_cost=1024)
    return username


def two_cases(server: Any, laptop: Any) -> dict[str, Any]:
    """The person's case (with a partner, a finalized visit with photos) and another person's case."""
    ws = laptop(server.url)
    mine = make_case(ws, "2026-1201")
    ws.cases.add_person(mine.id, "Jansen", voornamen="Petra", bsn=PARTNER, role="partner")
    visit_id = finalized_visit(ws, mine.id)
    other = ws.cases.create("2026-1202", "sociaal", postcode="1234AB", huisnummer=5, straat="Dorpsweg",
                            woonplaats="Elders", team="Team Zuid", title="Intake", **GROUND)
    ws.cases.add_person(other.id, "Visser", voornamen="Karel", bsn=OTHER)
    _other_visit, other_photo = visit_with_photo(ws, other.id, 9)
    ws.sync.run()
    return {"visit": visit_id, "other_photo": other_photo, "photos": {p.sha256 for p in ws.visits.attachments(
        visit_id, kind=None)}}


def zip_text(data: bytes) -> tuple[list[str], str]:
    """The names in a ZIP and all its text (JSON, HTML, and the PDFs' extracted text)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = sorted(zf.namelist())
        texts = []
        for name in names:
            raw = zf.read(name)
            if name.endswith(".pdf"):
                texts.append("".join(p.extract_text() for p in PdfReader(io.BytesIO(raw)).pages))
            elif name.endswith((".json", ".html")):
                texts.append(raw.decode("utf-8"))
    return names, "\n".join(texts)


def check_export(data: bytes, world: dict[str, Any]) -> None:
    names, text = zip_text(data)
    assert "overzicht.html" in names and "gegevens.json" in names
    assert f"documenten/bezoek-{world['visit']}.json" in names
    assert [n for n in names if n.startswith("rapporten/") and n.endswith(".pdf")]
    assert {n.split("/")[1].split(".")[0] for n in names if n.startswith("fotos/")} == world["photos"]
    assert world["other_photo"] not in " ".join(names)
    assert BSN in text and "2026-1201" in text and "Kerkstraat" in text
    assert PARTNER not in text and "******006" in text  # the partner is in it, masked
    for absent in (OTHER, "2026-1202", "Visser", "Dorpsweg", "Elders"):
        assert absent not in text, absent
    assert not [n for n in names if BSN in n]


def test_privacy_officer_exports_everything_held_about_one_bsn(any_server, laptop) -> None:
    world = two_cases(any_server, laptop)
    officer = privacy_officer(any_server)
    bo = BackOffice(any_server.url)
    coordinator = BackOffice(any_server.url)
    try:
        assert bo.login(officer).status_code == 303
        assert bo.get("/beheer/").headers["location"] == "/beheer/avg"
        assert bo.get("/beheer/zaken").status_code == 403  # the privacy officer does not plan
        page = bo.get("/beheer/avg")
        assert page.status_code == 200 and "Inzageverzoek (AVG artikel 15)" in page.text
        r = bo.post("/beheer/avg", {"bsn": "123456789"})
        assert r.status_code == 400 and messages(r) == ["Dit is geen geldig BSN (9 cijfers die de elfproef "
                                                        "doorstaan)."]
        r = bo.post("/beheer/avg", {"bsn": "9999 93 653"})
        assert "BSN ******653" in r.text and "<td>2026-1201</td>" in r.text and "2026-1202" not in r.text
        r = bo.post("/beheer/avg/export", {"bsn": BSN})
        assert r.headers["content-type"] == "application/zip"
        disposition = r.headers["content-disposition"]
        assert re.fullmatch(r'attachment; filename="avg-inzage-\d{8}-\d{6}\.zip"', disposition)
        check_export(r.content, world)
        summary = zipfile.ZipFile(io.BytesIO(r.content)).read("overzicht.html").decode()
        assert "Inzageverzoek (AVG artikel 15)" in summary and "andere persoon" in summary
        data = json.loads(zipfile.ZipFile(io.BytesIO(r.content)).read("gegevens.json"))
        assert len(data["records"]["visits"]) == 1 and len(data["records"]["audit"]) > 10
        assert data["requested_by"] == officer
        assert "De server bewaart niets over dit BSN." in bo.post("/beheer/avg", {"bsn": "999900031"}).text
        assert coordinator.login("coordinator-zuid").status_code == 303
        assert coordinator.get("/beheer/avg").status_code == 403
        assert coordinator.post("/beheer/avg/export", {"bsn": BSN}).status_code == 403
    finally:
        bo.close()
        coordinator.close()
    with any_server.db.read() as conn:
        rows = conn.execute(sa.select(access_log).where(access_log.c.username == officer)
                            .order_by(access_log.c.id)).all()
    assert [(r.action, r.target) for r in rows] == [
        ("avg_lookup", "bsn:******653"), ("avg_export", "bsn:******653"), ("avg_lookup", "bsn:******031")]
    assert rows[1].detail.startswith("cases:1; visits:1; file:avg-inzage-")
    assert not [r for r in rows if BSN in f"{r.target}{r.detail}"]


def test_the_same_export_from_the_command_line(any_server, laptop, tmp_path, monkeypatch, capsys) -> None:
    """`inspector-server avg-export --by USER --out FILE` reads the BSN from standard input, writes the
    same ZIP and logs it; a coordinator is refused and nothing is written."""
    world = two_cases(any_server, laptop)
    officer = privacy_officer(any_server)
    out = tmp_path / "inzage.zip"

    def run(by: str, bsn: str) -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(bsn + "\n"))
        return server_cli.main(["--database", any_server.db.url, "--blobs", any_server.store.location,
                                "avg-export", "--by", by, "--out", str(out)])

    monkeypatch.setenv("INSPECTOR_LANG", "en")
    assert run("coordinator-zuid", BSN) == 1 and not out.exists()
    assert "coordinator-zuid is not a privacy officer or an administrator." in capsys.readouterr().err
    assert run(officer, BSN) == 0
    assert capsys.readouterr().out == f"BSN ******653: 1 cases, 1 visits -> {out}\n"
    check_export(out.read_bytes(), world)
    with any_server.db.read() as conn:
        row = conn.execute(sa.select(access_log).where(access_log.c.username == officer)).one()
    assert (row.action, row.target) == ("avg_export", "bsn:******653")
    assert row.ip.startswith("command line (")
