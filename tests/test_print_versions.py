"""Print versions of photos: made at import and stored encrypted with the photo, used by the report
instead of the photo itself, made on demand (the same bytes) when missing or damaged, and the same on
the server's back office."""

from __future__ import annotations

import io
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from inspector import attachments
from inspector.attachments import ImportedImage, sha256_hex
from inspector.errors import StorageError
from inspector.markup import MarkupShape
from inspector.report import render
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


def serial_report(ws: Workspace, vid: str) -> bytes:
    """The report with every print version read before it is laid out (as ``collect`` does by default)."""
    clear_print_cache()
    return render(ws.reports.collect(vid))


def test_report_is_laid_out_while_its_print_versions_are_read(workspace: Workspace) -> None:
    """As the app makes a report: the renderer starts before a single print version is read, lays the
    photos out by their stored size and draws each once the database lane has read it. It waits for
    them, and the PDF is byte for byte the one made with every print version read first — with a
    marked-up photo and a photo whose print version is missing (made on demand) among them."""
    vid, photos = visit_with_photos(workspace, 3)
    workspace.visits.set_markup(photos[0].id, [MarkupShape("arrow", 1000, 8000, 4000, 5500, "#e00000")])
    workspace.db.execute("DELETE FROM print_versions WHERE sha256 = ?", [photos[2].sha256])
    expected = serial_report(workspace, vid)
    clear_print_cache()
    data = workspace.reports.collect(vid, prints_later=True)
    assert [p.pending is not None for p in data.photos] == [True, True, False]
    assert all(p.data == b"" and p.printed is None for p in data.photos[:2])  # nothing read yet
    with ThreadPoolExecutor(max_workers=1) as io_lane:
        rendering = io_lane.submit(render, data)
        time.sleep(0.5)
        assert not rendering.done()  # laid out up to the photos, waiting for them
        workspace.reports.read_prints(data)
        assert rendering.result(timeout=60) == expected


def test_a_report_whose_print_versions_cannot_be_read_fails_with_the_reason(tmp_path: Path) -> None:
    """The database goes away while the print versions are read: the renderer waiting for them gets
    the same storage error (a message in Dutch and English), it does not wait on or print a report
    without its photos."""
    ws = Workspace.open(tmp_path / "ws")
    ws.settings.set_profile("Toezichthouder Test", "TH-0042", "Team Zuid")
    vid, _photos = visit_with_photos(ws, 2)
    data = ws.reports.collect(vid, prints_later=True)
    with ThreadPoolExecutor(max_workers=1) as io_lane:
        rendering = io_lane.submit(render, data)
        ws.close()
        with pytest.raises(StorageError) as read:
            ws.reports.read_prints(data)
        with pytest.raises(StorageError) as rendered:
            rendering.result(timeout=60)
    assert rendered.value is read.value and read.value.nl and read.value.en


def test_print_versions_stored_before_their_sizes_get_them_at_the_upgrade(tmp_path: Path) -> None:
    """A workspace from before store step 0012 (print versions without their pixel size) is upgraded:
    each gets its size from its JPEG header, the image bytes stay what they were, and the report is
    byte for byte the same, laid out while the print versions are read."""
    ws = Workspace.open(tmp_path / "ws")
    ws.settings.set_profile("Toezichthouder Test", "TH-0042", "Team Zuid")
    vid, photos = visit_with_photos(ws, 2)
    small = ws.visits.add_photo(vid, photo(3, (1200, 900)))  # prints as it is: no second copy
    expected = serial_report(ws, vid)
    before = {sha: (r["side"], r["print_sha256"], r["data"], r["width"], r["height"])
              for sha, r in stored(ws).items()}
    assert before[small.sha256][3:] == (1200, 900) and before[photos[0].sha256][3:] == (1280, 960)
    with ws.db.conn:  # the table as store step 0007 made it, and the step itself not yet applied
        ws.db.execute("CREATE TABLE old_prints (sha256 TEXT NOT NULL REFERENCES blobs(sha256) ON DELETE "
                      "CASCADE, target INTEGER NOT NULL, quality INTEGER NOT NULL, side INTEGER NOT NULL, "
                      "print_sha256 TEXT NOT NULL, data BLOB, PRIMARY KEY (sha256, target, quality))")
        ws.db.execute("INSERT INTO old_prints SELECT sha256, target, quality, side, print_sha256, data "
                      "FROM print_versions")
        ws.db.execute("DROP TABLE print_versions")
        ws.db.execute("ALTER TABLE old_prints RENAME TO print_versions")
        ws.db.execute("DELETE FROM _sqlite_migrations WHERE name = '0012_print_sizes'")
        ws.db.execute("PRAGMA user_version = 11")
    ws.close()
    again = Workspace.open(tmp_path / "ws")
    after = {sha: (r["side"], r["print_sha256"], r["data"], r["width"], r["height"])
             for sha, r in stored(again).items()}
    assert after == before
    clear_print_cache()
    assert again.reports.build(vid) == expected
    again.close()
