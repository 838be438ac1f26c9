"""How fast the rapport van bevindingen builds, and how big it gets. Prints figures, asserts nothing.

    .venv/bin/python benchmarks/bench_report.py [--runs 5]

An F3 visit with 40 checklist rows and 30 photos made with Pillow at 4000×3000:
  A. imported the way the app does (stored at the default 2560 px long side), and
  B. stored as the 12 MP originals (a municipality that sets photo_max_long_side to 4000).
It times ``collect`` (DB lane), ``render`` with a cold and a warm print-version cache, and the same
content built as bare reportlab flowables (SimpleDocTemplate, sample styles, platypus Image, no page
template, no "Pagina X van Y", no watermark). Targets: our build under 1 s and at most 1.3× bare.
C. an O2 visit whose checklist note is 1 MB of text: collect + render (target < 2 s; before the text
   was set in linear time it did not finish within 60 s).
The last line is one JSON object with the figures (report_first_build_s, report_rerender_s,
report_floor_s, report_mb of A; report_long_note_s of C).
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import keyring  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.platypus import Image as RLImage  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table  # noqa: E402

from inspector import templates  # noqa: E402
from inspector.attachments import ImportedImage, sha256_hex  # noqa: E402
from inspector.model import PresentPerson  # noqa: E402
from inspector.report import render  # noqa: E402
from inspector.report.data import ReportData  # noqa: E402
from inspector.report.pdf import clear_print_cache, print_versions  # noqa: E402
from inspector.report.styles import FONT, register_fonts  # noqa: E402
from inspector.workspace import Workspace  # noqa: E402
from tests.memory_keyring import MemoryKeyring  # noqa: E402

PHOTOS = 30
TARGET_ROWS = 40


def originals() -> list[bytes]:
    """30 different 4000×3000 JPEGs with some texture (flat colours would flatter the sizes)."""
    noise = Image.effect_noise((500, 375), 48).convert("RGB").resize((4000, 3000), Image.Resampling.BILINEAR)
    base = Image.blend(noise, Image.linear_gradient("L").convert("RGB").resize((4000, 3000)), 0.5)
    out = []
    for n in range(PHOTOS):
        img = base.copy()
        draw = ImageDraw.Draw(img)
        draw.rectangle((100 + n * 90, 500, 1500 + n * 90, 2500), fill=(60 + n * 5, 90, 140))
        draw.text((150, 150), f"Demo-foto {n + 1}", fill=(0, 0, 0), font_size=200)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=90)
        out.append(buf.getvalue())
    return out


def visit_with_rows(ws: Workspace, number: str) -> str:
    """An F3 (overcrowding) visit with 6 rooms viewed: 16 items once + 4 per room = 40 report rows."""
    case = ws.cases.create(number, "fysiek", postcode="3511AB", huisnummer="12", straat="Coördinatiestraat",
                          woonplaats="Utrecht")
    ws.cases.add_person(case.id, "Öztürk", voornamen="Demo A", bsn="999993653")
    vid = ws.visits.plan(case.id, "F3", "2026-10-01T09:30").id
    ws.visits.start(vid)
    ws.visits.record_moment(vid, "rang_at")
    ws.visits.record_id_shown(vid)
    ws.visits.set_present(vid, [PresentPerson("Demo Öztürk", "client", None, True)])
    ws.visits.record_consent(vid, "given", "Demo Öztürk", understood=True, form_signed=True,
                             photo_consent=True)
    ws.visits.record_moment(vid, "entered_at")
    tpl = ws.visits.template(ws.visits.get(vid))
    viewed = [r.code for r in tpl.rooms[:6]]
    ws.visits.set_rooms(vid, {r.code: "viewed" if r.code in viewed else "not_applicable" for r in tpl.rooms})
    ws.visits.set_room_openers(vid, {code: "Demo Öztürk" for code in viewed})
    ws.visits.record_moment(vid, "ended_at")
    ws.visits.record_caution(vid, False, not_needed_reason="Geen verhoor met het oog op een boete.")
    for item in tpl.items:
        if not templates.is_relevant(item, ws.visits.answer_map(vid)) or item.type == "photo":
            continue
        value: Any = {"yesno": "ja", "number": 1, "date": "2026-10-01", "datetime": "2026-10-01T10:00",
                      "text": "Geen bijzonderheden; de ĳzeren kast was op slot."}.get(item.type)
        if item.type in ("choice", "multichoice"):
            value = item.options[0].code if item.type == "choice" else [item.options[0].code]
        for room in viewed if item.per_room else [""]:
            ws.visits.answer(vid, item.id, value, room=room, note="Waargenomen bij binnenkomst.")
    ws.visits.set_report_text(vid, summary="Controle met toestemming; borg € 1.250 contant betaald.",
                       conclusion="Zie de waarnemingen.")
    return vid


def bare(data: ReportData, images: list[bytes]) -> bytes:
    """The same content as plain reportlab flowables: sample styles, platypus Image, one pass."""
    register_fonts()
    st = getSampleStyleSheet()
    body = st["BodyText"]
    body.fontName = FONT
    head = st["Heading2"]
    head.fontName = FONT
    story: list[Any] = [Paragraph("Rapport van bevindingen", head)]
    for key, value in (("Zaak", data.case_number), ("Bezoek", data.visit_id), ("Adres", data.address),
                       ("Toestemming", data.consent["text"]), ("Samenvatting", data.summary),
                       ("Conclusie", data.conclusion), ("Uitkomst", data.outcome)):
        story += [Paragraph(key, head), Paragraph(value, body)]
    for group in data.observations:
        rows = [[Paragraph(o.label, body), Paragraph(o.answer, body), Paragraph(o.regulation, body)]
                for o in group.items]
        table = Table(rows)
        table.setStyle([("FONTNAME", (0, 0), (-1, -1), FONT)])
        story += [Paragraph(group.title or "Algemeen", head), table]
    for photo, jpeg in zip(data.photos, images, strict=True):
        with Image.open(io.BytesIO(jpeg)) as img:
            w, h = img.size
        story += [RLImage(io.BytesIO(jpeg), 230, 230 * h / w), Paragraph(photo.caption, body), Spacer(1, 6)]
    buf = io.BytesIO()
    SimpleDocTemplate(buf).build(story)
    return buf.getvalue()


def timed(fn: Any, runs: int, before: Any = None) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        if before:
            before()
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def measure(label: str, ws: Workspace, vid: str, runs: int) -> dict[str, float]:
    t_collect, data = timed(lambda: ws.reports.collect(vid), runs)
    rows = sum(len(g.items) for g in data.observations)
    t_cold, pdf = timed(lambda: render(data), runs, before=clear_print_cache)
    t_prints, _ = timed(lambda: print_versions(data.photos, data.photo_max_side, data.photo_quality), runs,
                        before=clear_print_cache)
    t_warm, _ = timed(lambda: render(data), runs)
    prints = print_versions(data.photos, data.photo_max_side, data.photo_quality)
    t_bare_print, bare_pdf = timed(lambda: bare(data, [p for p in prints if p]), runs)
    t_bare_stored, bare_stored_pdf = timed(lambda: bare(data, [p.data for p in data.photos]), runs)
    stored = max(max(p.width, p.height) for p in data.photos)
    printed = max(max(Image.open(io.BytesIO(p)).size) for p in prints if p)
    print(f"\n{label}: {rows} checklist rows, {len(data.photos)} photos stored at {stored} px, "
          f"printed at {printed} px")
    print(f"  collect (DB lane)                      {t_collect * 1000:7.0f} ms")
    print(f"  render, cold photo cache (first build) {t_cold * 1000:7.0f} ms   {len(pdf) / 1e6:5.2f} MB")
    print(f"    of which print versions of the photos {t_prints * 1000:6.0f} ms")
    print(f"  render, warm cache (preview re-render) {t_warm * 1000:7.0f} ms")
    print(f"  collect + cold render                  {(t_collect + t_cold) * 1000:7.0f} ms   (target < 1000)")
    print(f"  bare reportlab, same print JPEGs       {t_bare_print * 1000:7.0f} ms   "
          f"{len(bare_pdf) / 1e6:5.2f} MB   ours warm / bare = {t_warm / t_bare_print:4.2f}×, "
          f"ours cold / bare = {t_cold / t_bare_print:4.2f}× (target ≤ 1.3)")
    print(f"  bare reportlab, stored JPEGs as they are {t_bare_stored * 1000:5.0f} ms   "
          f"{len(bare_stored_pdf) / 1e6:5.2f} MB   ours cold / bare = {t_cold / t_bare_stored:4.2f}×")
    return {"report_first_build_s": round(t_collect + t_cold, 3), "report_rerender_s": round(t_warm, 3),
            "report_floor_s": round(t_bare_print, 3), "report_mb": round(len(pdf) / 1e6, 2)}


def long_note(ws: Workspace, runs: int) -> float:
    """C: a visit whose checklist note is 1 MB (a pasted log, a transcript): collect + render. The
    workspace refuses such a note where it is typed; the report is given it, it must take any length."""
    case = ws.cases.create("BENCH-C", "oov", postcode="3511AB", huisnummer="12", straat="Kerkstraat",
                           woonplaats="Utrecht")
    vid = ws.visits.plan(case.id, "O2").id
    ws.visits.start(vid)
    ws.visits.record_id_shown(vid)
    ws.visits.record_consent(vid, "given", "Demo Bewoner")
    tpl = ws.visits.template(ws.visits.get(vid))
    item = next(i for i in tpl.items if not i.per_room and i.type == "yesno")
    sentence = "Om 10:12 belde de buurvrouw opnieuw aan; zij meldde geluidsoverlast, ĳzeren deur dicht. "
    note = "\n".join(sentence * 7 for _ in range(1_000_000 // (len(sentence) * 7) + 1))[:1_000_000]
    ws.visits.answer(vid, item.id, "ja", note="kort")  # the workspace takes 20 000 characters at most

    def build() -> bytes:
        data = ws.reports.collect(vid)
        next(o for g in data.observations for o in g.items if o.note == "kort").note = note
        return render(data)

    t, pdf = timed(build, runs)
    print(f"\nC (a 1 MB note): collect + render {t:6.2f} s   {len(pdf) / 1e6:5.2f} MB   (target < 2 s)")
    return t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.open(Path(tmp) / "ws")
        ws.settings.set_profile("Toezichthouder Demo", "TH-0001")
        t = time.perf_counter()
        photos = originals()
        print(f"setup: 30 originals of 4000×3000 made in {time.perf_counter() - t:.1f} s")
        a = visit_with_rows(ws, "BENCH-A")
        t = time.perf_counter()
        for n, data in enumerate(photos, start=1):
            ws.visits.add_photo(a, data, caption=f"woonkamer, overzicht {n}")
        print(f"setup: imported the app's way (decode, downscale to 2560 px) in "
              f"{time.perf_counter() - t:.1f} s")
        b = visit_with_rows(ws, "BENCH-B")
        for n, data in enumerate(photos, start=1):
            image = ImportedImage(data, sha256_hex(data), "image/jpeg", 4000, 3000, None)
            ws.visits.add_imported_photo(b, image, caption=f"woonkamer, overzicht {n}")
        figures = measure("A (app default, 2560 px stored)", ws, a, args.runs)
        measure("B (12 MP originals stored)", ws, b, max(1, args.runs // 2))
        figures["report_long_note_s"] = round(long_note(ws, max(1, args.runs // 2)), 3)
        ws.close()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
