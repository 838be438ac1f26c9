"""Print versions of photos: made at import and stored encrypted with the photo, used by the report
instead of the photo itself, made on demand (the same bytes) when missing or damaged, and the same on
the server's back office."""

from __future__ import annotations

import io
import os
from typing import Any

from PIL import Image, ImageDraw
from pypdf import PdfReader

from inspector import attachments
from inspector.attachments import ImportedImage, sha256_hex
from inspector.report.pdf import clear_print_cache
from inspector.workspace import Workspace
from tests import test_beheer
from tests.test_sync import finalized_visit, make_case

pytest_plugins = ["tests.servers"]
office = test_beheer.office  # the fixture: logged-in back office clients


def photo(n: int, size: tuple[int, int] = (3200, 2400)) -> bytes:
    """A camera-sized JPEG with some texture (a flat picture would compress to nothing)."""
    noise = Image.effect_noise((size[0] // 8, size[1] // 8), 40).convert("RGB").resize(size)
    draw = ImageDraw.Draw(noise)
    draw.rectangle((size[0] // 8 + n * 8, size[1] // 3, size[0] // 2, size[1] - 20), fill=(80, 100, 140 + n))
    buf = io.BytesIO()
    noise.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def visit_with_photos(ws: Workspace, count: int = 2) -> tuple[str, list[Any]]:
    case = ws.cases.create(f"PV-{count}", "fysiek", postcode="1234AB", huisnummer="3", straat="Teststraat",
                           woonplaats="Demostad")
    vid = ws.visits.plan(case.id, "F2").id
    ws.visits.start(vid)
    ws.visits.record_id_shown(vid)
    ws.visits.record_consent(vid, "given", "Demo Bewoner", photo_consent=True)
    return vid, [ws.visits.add_photo(vid, photo(n), caption=f"overzicht {n + 1}") for n in range(count)]


def stored(ws: Workspace, target: int = 1600) -> dict[str, dict[str, Any]]:
    """The stored print versions for the print size ``target``, by photo hash."""
    return {r["sha256"]: r for r in ws.db.query("SELECT * FROM print_versions WHERE target = ?", [target])}


def embedded(pdf: bytes) -> list[bytes]:
    """The photos' JPEG bytes as the PDF embeds them (the logo is a PNG: not among them)."""
    found: dict[int, bytes] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        xobjects = page["/Resources"].get("/XObject")
        for name in xobjects.get_object() if xobjects else []:
            obj = xobjects.get_object()[name]
            if obj["/Subtype"] == "/Image" and "/DCTDecode" in obj.get("/Filter", []):
                found[xobjects.get_object().raw_get(name).idnum] = obj.get_data()
    return list(found.values())


def test_import_stores_the_print_version_with_the_photo(workspace: Workspace) -> None:
    """Importing a photo stores its print version for the print size setting: 1280 px for a photo
    stored at 2560 px, checked by its hash, smaller than the photo, made as on demand."""
    vid, photos = visit_with_photos(workspace)
    rows = stored(workspace)
    assert sorted(rows) == sorted(p.sha256 for p in photos)
    for p in photos:
        row = rows[p.sha256]
        assert (row["target"], row["quality"], row["side"]) == (1600, 80, 1280)
        assert row["print_sha256"] == sha256_hex(row["data"])
        assert Image.open(io.BytesIO(row["data"])).size == (1280, 960)
        original = workspace.visits.blob(p.sha256)
        assert original is not None and len(row["data"]) < len(original) / 2
        on_demand = attachments.make_print_version(original, p.width, p.height, 1600, 80)
        assert on_demand.data == row["data"]  # at import and on demand: the same bytes


def test_report_prints_the_stored_print_versions_without_reading_the_photos(workspace: Workspace) -> None:
    """With the photos themselves made unreadable, the report still shows them: it embeds the stored
    print versions, byte for byte, and never decodes a photo."""
    vid, photos = visit_with_photos(workspace)
    clear_print_cache()
    before = workspace.reports.build(vid)
    workspace.db.execute("UPDATE blobs SET data = zeroblob(size)")
    clear_print_cache()
    pdf = workspace.reports.build(vid)
    assert pdf == before
    assert "kan niet worden" not in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert sorted(embedded(pdf)) == sorted(r["data"] for r in stored(workspace).values())


def test_missing_print_version_is_made_on_demand_with_the_same_bytes(workspace: Workspace) -> None:
    """A photo without a print version (pulled from another laptop, or the setting changed): the report
    makes it, byte for byte the one made at import, and keeps it for the next report."""
    vid, _photos = visit_with_photos(workspace)
    clear_print_cache()
    first = workspace.reports.build(vid)
    kept = stored(workspace)
    workspace.db.execute("DELETE FROM print_versions")
    clear_print_cache()
    assert workspace.reports.build(vid) == first
    assert stored(workspace) == kept


def test_damaged_print_version_is_never_printed_and_is_made_again(workspace: Workspace) -> None:
    """A stored print version whose bytes changed fails its hash: the report prints the right picture
    (made from the photo) and the stored one is replaced."""
    vid, photos = visit_with_photos(workspace)
    clear_print_cache()
    first = workspace.reports.build(vid)
    good = stored(workspace)[photos[0].sha256]["data"]
    damaged = bytearray(good)
    damaged[len(damaged) // 2] ^= 0xFF  # still a JPEG that decodes: only the hash tells
    workspace.db.execute("UPDATE print_versions SET data = ? WHERE sha256 = ?",
                         [bytes(damaged), photos[0].sha256])
    clear_print_cache()
    pdf = workspace.reports.build(vid)
    assert pdf == first and bytes(damaged) not in embedded(pdf)
    assert stored(workspace)[photos[0].sha256]["data"] == good


def test_pulled_photos_get_their_print_versions_in_the_background(workspace: Workspace) -> None:
    """Photos stored without one (as a pull stores them) are listed as missing and made in batches;
    after a change of the print size setting all of them are made again for the new one."""
    vid, photos = visit_with_photos(workspace, 1)
    data = photo(7)
    pulled = ImportedImage(data, sha256_hex(data), "image/jpeg", 3200, 2400, None)  # no print version
    workspace.visits.add_imported_photo(vid, pulled)
    assert [w.sha256 for w in workspace.prints.missing()] == [pulled.sha256]
    assert workspace.prints.make_missing() == 1 and workspace.prints.missing() == []
    row = stored(workspace)[pulled.sha256]
    assert (row["side"], Image.open(io.BytesIO(row["data"])).size) == (1600, (1600, 1200))
    workspace.settings.set("report_photo_max_side", 800)
    assert len(workspace.prints.missing()) == 2
    assert workspace.prints.make_missing(batch=1) == 2
    assert workspace.db.execute("SELECT count(*) FROM print_versions WHERE target = 800").fetchone()[0] == 2


def test_small_photo_is_not_stored_twice_and_goes_with_its_photo(workspace: Workspace) -> None:
    """A photo that prints as it is (small, no metadata) is only noted, not copied; a photo removed
    from the laptop takes its print version along; the workspace grows by less than the photos."""
    vid, photos = visit_with_photos(workspace)
    small = workspace.visits.add_photo(vid, photo(3, (1200, 900)))
    row = stored(workspace)[small.sha256]
    assert row["data"] is None and row["print_sha256"] == small.sha256
    clear_print_cache()
    found = workspace.prints.stored(small.sha256, 1600, 80, 1600)
    assert found is not None and found.data == workspace.visits.blob(small.sha256)
    assert found.sha256 == small.sha256
    prints, blobs = workspace.db.execute(
        "SELECT (SELECT sum(length(data)) FROM print_versions), (SELECT sum(size) FROM blobs)").fetchone()
    assert prints < blobs * 0.4
    workspace.db.execute("DELETE FROM attachments WHERE sha256 = ?", [small.sha256])
    workspace.db.execute("DELETE FROM blobs WHERE sha256 = ?", [small.sha256])
    assert small.sha256 not in stored(workspace)
    assert os.path.getsize(workspace.directory / "inspector.db") < 4 * blobs


def test_back_office_report_equals_the_laptops_with_print_versions_made_at_import(
        any_server: Any, office: Any, laptop: Any) -> None:
    """With a print size that makes every photo's print version a new JPEG, the back office's PDF (made
    from the photos on the server) is byte for byte the laptop's (from the print versions it stored
    at import), and a second laptop that pulled the visit prints the same bytes too."""
    ws = laptop(any_server.url)
    ws.settings.set("report_photo_max_side", 1000)  # the demo photos are 1600 px: printed at 800
    visit_id = finalized_visit(ws, make_case(ws, "2026-1201").id)
    assert {r["side"] for r in stored(ws, 1000).values()} == {800}
    assert all(r["data"] is not None for r in stored(ws, 1000).values())
    ws.sync.run()
    clear_print_cache()
    mine = ws.reports.build(visit_id, "nl")
    assert office().get(f"/beheer/bezoeken/{visit_id}/rapport.pdf").content == mine
    other = laptop(any_server.url)
    other.sync.run()
    assert stored(other, 1000) == {}
    clear_print_cache()
    assert other.reports.build(visit_id, "nl") == mine
    assert {r["side"] for r in stored(other, 1000).values()} == {800}
