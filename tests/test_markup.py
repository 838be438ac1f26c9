"""Photo mark-up: arrows, circles, rectangles and blurred regions recorded as data on the photo; the
original photo never changes; the report prints a marked-up version rendered the same everywhere;
finalizing freezes the mark-up; it syncs, travels in bundles and is refused when malformed."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat
from pypdf import PdfReader

from inspector import bundle, markup, records, snapshot
from inspector.errors import ValidationError, WorkflowError
from inspector.model import MarkupShape
from inspector.workspace import Workspace
from tests.test_sync import finalized_visit, make_case, same_data

pytest_plugins = ["tests.servers"]

ARROW = MarkupShape("arrow", 1000, 8000, 4000, 5500, "#e00000")
BLUR = MarkupShape("blur", 5000, 1000, 9000, 4000, "")  # the top right: a "document" to hide
GREEN = (40, 160, 90)
CIRCLE = MarkupShape("ellipse", 1500, 1500, 3500, 3500, "#ffd400")


def document_photo(width: int = 1600, height: int = 1200, period: int = 2,
                   paper: tuple[int, int, int] = (200, 190, 170)) -> bytes:
    """A JPEG with lines of print (half of every ``period`` px dark, like the text of a letter) in the
    region BLUR covers."""
    img = Image.new("RGB", (width, height), paper)
    draw = ImageDraw.Draw(img)
    for y in range(height // 10, height * 4 // 10, period):
        draw.rectangle((width // 2, y, width * 9 // 10, y + period // 2 - 1), fill=(20, 20, 20))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=92)
    return buf.getvalue()


def region(img: Image.Image, shape: MarkupShape, inset: int = 12) -> Image.Image:
    """The part of ``img`` ``shape`` covers, a few pixels in from its edges."""
    w, h = img.size
    return img.crop((shape.x1 * w // 10_000 + inset, shape.y1 * h // 10_000 + inset,
                     shape.x2 * w // 10_000 - inset, shape.y2 * h // 10_000 - inset)).convert("L")


def mark_first_photo(ws: Workspace, visit_id: str, shapes: list[MarkupShape]) -> str:
    photo = ws.visits.attachments(visit_id, "photo")[0]
    ws.visits.set_markup(photo.id, shapes)
    return photo.id


def is_red(pixel: Any) -> bool:
    return bool(pixel[0] > 180 and pixel[1] < 80 and pixel[2] < 80)


def started_with_photo_consent(ws: Workspace, case_id: str) -> Any:
    visit = ws.visits.plan(case_id, "S1", "2026-10-01T09:00")
    ws.visits.start(visit.id)
    ws.visits.record_id_shown(visit.id)
    ws.visits.record_consent(visit.id, "given", "Demo A van den Berg", form_signed=True, photo_consent=True)
    return visit


def pdf_images(pdf: bytes) -> list[bytes]:
    """The JPEG files embedded in ``pdf`` (the photos), as they are embedded."""
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in (page["/Resources"].get("/XObject") or {}).values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image" and "/DCTDecode" in str(obj.get("/Filter")):
                found.append(obj.get_data())  # DCT data is handed out as it is stored: the JPEG file
    return found


def pdf_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\n", " ")


# --- the rendering ---------------------------------------------------------------------------------
def test_render_is_the_same_every_time_and_the_fine_print_is_gone() -> None:
    """The same photo and mark-up give the same bytes; under blur the 1-px lines are flattened into
    blocks (no detail left to recover), outside it the photo is as it was, and the arrow is red."""
    original = document_photo()
    before = hashlib.sha256(original).hexdigest()
    out = markup.render(original, [BLUR, ARROW])
    assert out == markup.render(original, [BLUR, ARROW])
    assert hashlib.sha256(original).hexdigest() == before
    src, marked = Image.open(io.BytesIO(original)), Image.open(io.BytesIO(out))
    assert marked.size == src.size and not marked.info.get("exif")
    # The fine print: strong pixel-to-pixel contrast in the original, none left in the marked-up one.
    assert ImageStat.Stat(region(src, BLUR)).stddev[0] > 60
    assert ImageStat.Stat(region(marked, BLUR)).stddev[0] < 15
    # Away from every shape nothing changed (JPEG re-encoding aside).
    corner = (20, 1000, 200, 1180)
    assert abs(ImageStat.Stat(src.crop(corner)).mean[0] - ImageStat.Stat(marked.crop(corner)).mean[0]) < 3
    # The arrow's line, a third of the way from its start, is red.
    x, y = (1000 + 3000 // 3) * 1600 // 10_000, (8000 - 2500 // 3) * 1200 // 10_000
    r, g, b = marked.convert("RGB").getpixel((x, y))
    assert r > 180 and g < 80 and b < 80


def test_a_damaged_image_is_a_clear_message() -> None:
    """Bytes that are no picture: a ValidationError in Dutch and English, no crash."""
    with pytest.raises(ValidationError) as bad:
        markup.render(b"\xff\xd8 not a jpeg", [ARROW])
    assert "kan niet worden gelezen" in bad.value.nl and "cannot be read" in bad.value.en


# --- recording, freezing, printing --------------------------------------------------------------------
def test_markup_is_recorded_frozen_and_printed_with_the_original_unchanged(workspace: Workspace) -> None:
    """The photo's record holds the shapes (audited), the frozen document holds them with the original's
    hash, the report prints a marked-up picture with "bewerkt: pijl, vervaging" while the stored photo's
    bytes stay the same, and the finalized report is the same on every build."""
    ws = workspace
    case = make_case(ws)
    holder: dict[str, Any] = {}

    def before(visit_id: str) -> None:
        holder["photo"] = mark_first_photo(ws, visit_id, [BLUR, ARROW])
        holder["blob"] = ws.visits.blob(ws.visits.attachments(visit_id, "photo")[0].sha256)

    visit_id = finalized_visit(ws, case.id, before)
    photo = next(p for p in ws.visits.attachments(visit_id, "photo") if p.id == holder["photo"])
    assert photo.markup == [BLUR, ARROW]
    assert any(e["field"] == "markup" for e in ws.visits.audit_trail(photo.id))
    stored = ws.visits.blob(photo.sha256)
    assert stored == holder["blob"] and hashlib.sha256(stored).hexdigest() == photo.sha256

    doc = json.loads(ws.visits.get(visit_id).snapshot)
    frozen = next(p for p in doc["photos"] if p["id"] == photo.id)
    assert frozen["sha256"] == photo.sha256
    assert frozen["markup"] == [
        {"kind": "blur", "x1": 5000, "y1": 1000, "x2": 9000, "y2": 4000, "colour": ""},
        {"kind": "arrow", "x1": 1000, "y1": 8000, "x2": 4000, "y2": 5500, "colour": "#e00000"}]
    assert ws.evidence.verify(visit_id, photos=True).ok

    nl, en = ws.reports.build(visit_id, "nl"), ws.reports.build(visit_id, "en")
    assert nl == ws.reports.build(visit_id, "nl")
    assert "(bewerkt: pijl, vervaging)" in pdf_text(nl) and "(marked up: arrow, blur)" in pdf_text(en)
    assert "De originele foto is ongewijzigd bewaard" in pdf_text(nl)
    images = pdf_images(nl)
    others = [ws.visits.blob(p.sha256) for p in ws.visits.attachments(visit_id, "photo") if p.id != photo.id]
    assert all(o in images for o in others)  # unmarked photos print as they are stored
    assert stored not in images  # the marked one prints marked up, never the original
    printed = next(Image.open(io.BytesIO(i)) for i in images
                   if Image.open(io.BytesIO(i)).size == (photo.width, photo.height) and i not in others)
    original = Image.open(io.BytesIO(stored))
    # Under blur the demo photo's white frame is averaged away: other pixels, far less contrast.
    changed = ImageChops.difference(region(printed, BLUR), region(original, BLUR)).point(
        lambda v: 255 if v > 20 else 0).histogram()[255]
    assert changed > 1000
    contrast = ImageStat.Stat(region(original, BLUR)).stddev[0]
    assert ImageStat.Stat(region(printed, BLUR)).stddev[0] < contrast / 2


def test_the_printed_page_shows_the_mosaic_and_the_arrow(workspace: Workspace, tmp_path: Path) -> None:
    """The report rendered to pixels (pdftoppm), with and without the mark-up: with it, the lines of
    print under the blur are gone from the page and a red arrow is there; without it, the lines show."""
    ws = workspace
    visit = started_with_photo_consent(ws, make_case(ws).id)
    photo = ws.visits.add_photo(visit.id, document_photo(period=16, paper=GREEN), caption="Brief op tafel")

    def page_pixels(name: str) -> Image.Image:
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(ws.reports.build(visit.id, "nl"))
        [n] = [i for i, p in enumerate(PdfReader(pdf).pages, 1) if "Brief op tafel" in p.extract_text()]
        subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", str(n), "-l", str(n), str(pdf),
                        str(tmp_path / name)], check=True)
        return Image.open(next(tmp_path.glob(f"{name}*.png"))).convert("RGB")

    plain = page_pixels("plain")
    ws.visits.set_markup(photo.id, [BLUR, ARROW])
    marked = page_pixels("marked")
    # The photo's box on the page: the extent of its background colour (nothing else there is green).
    green = [(x, y) for x in range(0, plain.width, 3) for y in range(0, plain.height, 3)
             if all(abs(c - t) < 30 for c, t in zip(plain.getpixel((x, y)), GREEN, strict=True))]
    left, top = min(x for x, _ in green), min(y for _, y in green)
    w, h = max(x for x, _ in green) - left, max(y for _, y in green) - top
    assert 300 < w < 600 and w * 3 // 4 - 10 < h < w * 3 // 4 + 10  # 82 mm wide at 150 dpi, 4:3
    box = (left + w * 55 // 100, top + h * 15 // 100, left + w * 85 // 100, top + h * 35 // 100)
    reds = [(x, y) for x in range(left, left + w, 2) for y in range(top, top + h, 2)
            if is_red(marked.getpixel((x, y)))]
    assert len(reds) > 50 and not any(is_red(plain.getpixel(xy)) for xy in reds)  # the arrow
    lines = ImageStat.Stat(plain.crop(box).convert("L")).stddev[0]
    assert lines > 40  # the lines of print show on the plain page
    assert ImageStat.Stat(marked.crop(box).convert("L")).stddev[0] < lines / 3  # and are gone here


def test_after_finalizing_the_markup_cannot_change(workspace: Workspace) -> None:
    """Finalized: set_markup is refused with the usual message and the record keeps its shapes."""
    ws = workspace
    case = make_case(ws)
    visit_id = finalized_visit(ws, case.id, lambda v: mark_first_photo(ws, v, [CIRCLE]))
    photo = ws.visits.attachments(visit_id, "photo")[0]
    with pytest.raises(WorkflowError) as locked:
        ws.visits.set_markup(photo.id, [])
    assert locked.value.code == "visit_locked" and "afgerond" in locked.value.nl
    assert ws.visits.attachments(visit_id, "photo")[0].markup == [CIRCLE]


@pytest.mark.parametrize(("shape", "nl", "en"), [
    (MarkupShape("star", 0, 0, 10, 10, "#e00000"), "onbekende vorm 'star'", "unknown shape 'star'"),
    (MarkupShape("arrow", 0, 0, 12_000, 10, "#e00000"), "coördinaat buiten 0-10000",
     "coordinate outside 0-10000"),
    (MarkupShape("ellipse", 0, 0, 10, 10, "red"), "kleur moet #rrggbb", "colour must be #rrggbb"),
    (MarkupShape("blur", 0, 0, 10, 10, "#e00000"), "leeg bij vervaging", "empty for blur"),
])
def test_bad_markup_is_refused_in_both_languages(workspace: Workspace, shape: MarkupShape, nl: str,
                                                 en: str) -> None:
    """The laptop and the server's registry check refuse a malformed shape and say why; nothing is
    stored."""
    ws = workspace
    case = make_case(ws)
    visit = started_with_photo_consent(ws, case.id)
    photo = ws.visits.add_photo(visit.id, document_photo(400, 300))
    with pytest.raises(ValidationError) as bad:
        ws.visits.set_markup(photo.id, [ARROW, shape])
    assert nl in bad.value.nl and en in bad.value.en and "markering" in bad.value.nl
    assert ws.visits.attachments(visit.id, "photo")[0].markup == []
    row = {"visit_id": visit.id, "sha256": photo.sha256,
           "markup": json.dumps([{k: getattr(shape, k) for k in ("kind", "x1", "y1", "x2", "y2", "colour")}])}
    with pytest.raises(records.Invalid) as refused:
        records.validate("attachments", row, creating=True)
    assert refused.value.code == "invalid_markup" and refused.value.field == "markup"
    with pytest.raises(records.Invalid):  # a shape without its colour is not a shape either
        records.validate("attachments", {**row, "markup": '[{"kind":"blur","x1":0,"y1":0,"x2":1,"y2":1}]'},
                         creating=True)


def test_a_document_frozen_before_markup_existed_still_agrees_with_its_photos() -> None:
    """A frozen photo without "markup" (documents from before this field) matches a row holding none."""
    doc = {"photos": [{"id": "p1", **{name: "" for name in records.EVIDENCE["attachments"]
                                      if name != "markup"}}]}
    row = {"id": "p1", **{name: "" for name in records.EVIDENCE["attachments"]}, "markup": []}
    assert snapshot.child_differences(doc, "attachments", row) == []
    assert snapshot.child_differences(doc, "attachments", {**row, "markup": [{"kind": "blur"}]}) == ["markup"]


def test_the_markup_travels_in_a_bundle_with_the_original(workspace: Workspace, tmp_path: Path) -> None:
    """A bundle of a finalized visit carries the original photo and its mark-up; imported elsewhere the
    visit verifies and its report is the same bytes."""
    ws = workspace
    visit_id = finalized_visit(ws, make_case(ws).id, lambda v: mark_first_photo(ws, v, [BLUR, CIRCLE]))
    path = bundle.export_visit(ws, visit_id, tmp_path / "visit.zip")
    other = Workspace.open(tmp_path / "other")
    try:
        assert bundle.import_bundle(other, path).visit_id == visit_id
        assert other.evidence.verify(visit_id, photos=True).ok
        mine, theirs = ws.visits.attachments(visit_id, "photo"), other.visits.attachments(visit_id, "photo")
        assert [(p.sha256, p.markup) for p in theirs] == [(p.sha256, p.markup) for p in mine]
        assert all(other.visits.blob(p.sha256) == ws.visits.blob(p.sha256) for p in mine)
        assert other.reports.build(visit_id, "nl") == ws.reports.build(visit_id, "nl")
    finally:
        other.close()


def test_markup_syncs_to_a_second_laptop_and_freezes_there_too(server: Any, laptop: Any) -> None:
    """Drawn on one laptop before finalizing: the other laptop gets the same shapes and the same original,
    and after finalizing both print the same marked-up report, byte for byte."""
    a = laptop(server.url)
    b = laptop(server.url, "toezichthouder-zuid-2", name="Toezichthouder Twee")
    case = make_case(a)
    visit = started_with_photo_consent(a, case.id)
    photo = a.visits.add_photo(visit.id, document_photo(), caption="Brief op tafel")
    a.visits.set_markup(photo.id, [BLUR, ARROW])
    assert a.sync.run().rejected == 0
    b.sync.run()
    [got] = b.visits.attachments(visit.id, "photo")
    assert got.markup == [BLUR, ARROW] and b.visits.blob(got.sha256) == a.visits.blob(photo.sha256)

    b.visits.set_markup(got.id, [BLUR, ARROW, CIRCLE])  # the colleague adds a circle
    b.sync.run()
    a.sync.run()
    assert a.visits.attachments(visit.id, "photo")[0].markup == [BLUR, ARROW, CIRCLE]

    done_id = finalized_visit(a, case.id, lambda v: mark_first_photo(a, v, [ARROW]))
    a.sync.run()
    b.sync.run()
    same_data(a, b, ("attachments",))
    assert b.visits.get(done_id).fingerprint == a.visits.get(done_id).fingerprint
    assert b.reports.build(done_id, "nl") == a.reports.build(done_id, "nl")
    assert "(bewerkt: pijl)" in pdf_text(b.reports.build(done_id, "nl"))


def test_the_server_refuses_bad_markup_and_a_change_after_finalizing(server: Any, laptop: Any) -> None:
    """The server checks what a laptop pushes against the registry: a shape of an unknown kind waits in
    quarantine with the reason in both languages (the photo itself is on the server, its mark-up not);
    a mark-up changed under a finalized visit is refused, and the server keeps the frozen one."""
    a = laptop(server.url)
    visit = started_with_photo_consent(a, make_case(a).id)
    photo = a.visits.add_photo(visit.id, document_photo(400, 300))
    a.sync.run()
    star = [{"kind": "star", "x1": 0, "y1": 0, "x2": 10, "y2": 10, "colour": "#e00000"}]
    a.repo.update("attachments", photo.id, {"markup": star}, "test")  # past the laptop's own check
    assert a.sync.run().rejected == 1
    [held] = a.sync.quarantined()
    assert (held.entity, held.reason_code) == ("attachments", "invalid_markup")
    assert "unknown shape 'star'" in held.reason("en") and "onbekende vorm 'star'" in held.reason("nl")
    [stored] = [r for r in server.records("attachments") if r["id"] == photo.id]
    assert json.loads(stored["data"]["markup"]) == []

    done_id = finalized_visit(a, make_case(a, "2026-0002").id, lambda v: mark_first_photo(a, v, [CIRCLE]))
    a.sync.run()
    frozen = a.visits.attachments(done_id, "photo")[0]
    a.repo.update("attachments", frozen.id, {"markup": []}, "test")  # a forged change after finalizing
    assert a.sync.run().rejected == 1
    assert sorted(q.reason_code for q in a.sync.quarantined()) == ["invalid_markup", "visit_finalized"]
    [kept] = [r for r in server.records("attachments") if r["id"] == frozen.id]
    assert json.loads(kept["data"]["markup"]) == [vars(CIRCLE)]
