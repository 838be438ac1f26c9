"""How fast the rapport van bevindingen builds, how big it gets, and how much memory it takes.
Prints figures, asserts nothing.

    .venv/bin/python benchmarks/bench_report.py [--runs 7]

An F3 visit with 40 checklist rows and 30 photos made with Pillow at 4000×3000, imported the way the
app imports them (``ws.visits.add_photo``: decoded, downscaled, and the print version made and stored
with the photo, as the app does in its photo helper processes):
  A. at the app's default (stored at 2560 px long side), and
  B. as a municipality that keeps 12 MP originals (photo_max_long_side 4000).
Per visit, in one run: the first build (the workspace opened afresh, no print version in memory:
``collect``, then, as the app does, the print versions read on the database lane while another thread
``render``s, laying the photos out by their stored size and drawing each once it is read), the same
when no print version is stored (they are made on demand, as for a photo pulled from another
laptop), the preview re-render, and the floor: the same content as bare reportlab platypus given the
same pre-scaled JPEGs as files (issue 13). The floor is the report's own story and page decoration
built with reportlab's stock parts in place of the report's own: every paragraph through reportlab's
markup parser (``Paragraph``), the photos as platypus ``Image`` of the JPEG files, the logo drawn by
the stock canvas from its PNG file on every page, and reportlab's recipe for "Pagina X van Y" (a
canvas that holds the pages until the total is known). The run checks that the floor's pages say
what the report's pages say (pypdf's text, page by page). Not in the floor: reading the visit and
the print versions from the encrypted workspace. Also printed, for comparison with earlier runs, the
reduced floor of earlier stops (headings, key facts, checklist rows and captioned photos in one font
with SimpleDocTemplate: less than the report). The first build, the re-render and both floors are
timed side by side: one of each per round, ``--runs`` rounds, medians (this machine's speed drifts
within minutes; timed one after the other, the ratios drifted with it). Each as wall time and as
this process's CPU time. Peak memory is the process's peak resident size (VmHWM, reset before the
first build). Targets (issue 13): first build ≤ 1.5× the floor, < 15 MB, peak < 150 MB; B's first
build < 1 s.
C. an O2 visit whose checklist note is 1 MB of text: collect + render (target < 2 s; before the text
   was set in linear time it did not finish within 60 s).
The last line is one JSON object with the figures (report_first_build_s, report_rerender_s,
report_floor_s, their CPU times report_first_build_cpu_s, report_rerender_cpu_s, report_floor_cpu_s,
report_floor_reduced_s (the earlier stops' floor), report_mb, report_peak_mb of A; the same with
report_12mp_ for B; report_on_demand_s and report_12mp_on_demand_s; photo_import_print_ms: what
making the print version adds to an import; report_long_note_s of C; load_average).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import keyring  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402
from reportlab.platypus import Image as RLImage  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table  # noqa: E402

from inspector import templates  # noqa: E402
from inspector.attachments import import_photo, make_print_version  # noqa: E402
from inspector.model import PresentPerson  # noqa: E402
from inspector.report import pdf, render, styles  # noqa: E402
from inspector.report.data import ReportData  # noqa: E402
from inspector.report.pdf import clear_print_cache, made_prints, print_versions  # noqa: E402
from inspector.report.styles import FONT, register_fonts  # noqa: E402
from inspector.workspace import Workspace  # noqa: E402
from tests.memory_keyring import MemoryKeyring  # noqa: E402

PHOTOS = 30
PASSPHRASE = "bench-report-passphrase"  # a passphrase workspace: the fresh process can open it too
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


def reduced(data: ReportData, images: list[Path]) -> bytes:
    """The reduced floor of earlier stops: part of the content as plain reportlab flowables (sample
    styles, platypus Image given the JPEG files), one pass."""
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
    for photo, path in zip(data.photos, images, strict=True):
        with Image.open(path) as img:
            w, h = img.size
        story += [RLImage(str(path), 230, 230 * h / w), Paragraph(photo.caption, body), Spacer(1, 6)]
    buf = io.BytesIO()
    SimpleDocTemplate(buf).build(story)
    return buf.getvalue()


class StockCanvas(styles.ReportCanvas):
    """reportlab's recipe for "Pagina X van Y" (pages held until the total is known), drawing images
    as the stock canvas does."""

    drawImage = Canvas.drawImage  # noqa: N815 - reportlab's name


class LogoFile(str):
    """The logo as a bare report draws it on each page: by its file name (reportlab reads the file
    once per document and knows it again by its name)."""

    size: tuple[int, int]


@contextmanager
def stock_parts(images: dict[int, tuple[Path, tuple[int, int]]], folder: Path) -> Iterator[None]:
    """The report's own parts swapped for reportlab's stock ones while the floor renders: paragraphs
    through reportlab's parser, photos as platypus Image of the JPEG files (``images``: the file and
    pixel size of each print version, by the id of its bytes), the logo as a PNG file in ``folder``,
    the stock canvas."""

    def picture(data: bytes, box: tuple[float, float], sha256: str = "") -> RLImage:
        known = images.get(id(data))
        if known is None:  # the signature: a PNG made for this report
            source: Any = io.BytesIO(data)
            with Image.open(io.BytesIO(data)) as img:
                w, h = img.size
        else:
            source, (w, h) = str(known[0]), known[1]
        factor = min(box[0] / w, box[1] / h)
        return RLImage(source, w * factor, h * factor)

    def logo(png: bytes) -> LogoFile:
        path = folder / f"logo-{hashlib.sha256(png).hexdigest()}.png"
        if not path.exists():
            path.write_bytes(png)
        named = LogoFile(path)
        with Image.open(path) as img:
            named.size = img.size
        return named

    swapped = [(pdf, "paragraph", Paragraph), (pdf, "Picture", picture),
               (styles, "prepared_image", logo), (styles, "ReportCanvas", StockCanvas)]
    kept = [(module, name, getattr(module, name)) for module, name, _ in swapped]
    try:
        for module, name, stock in swapped:
            setattr(module, name, stock)
        yield
    finally:
        for module, name, own in kept:
            setattr(module, name, own)


def floor(data: ReportData, images: dict[int, tuple[Path, tuple[int, int]]], folder: Path) -> bytes:
    """The report's content, built by reportlab's stock parts from the print JPEG files."""
    with stock_parts(images, folder):
        return render(data)


def page_texts(document: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(document)).pages]


CPU: dict[str, float] = {}  # the median CPU time (this process, all threads) of each timed step


def timed(fn: Any, runs: int, before: Any = None) -> tuple[float, Any]:
    """The median wall time of ``runs`` calls of ``fn`` and its last result."""
    times, result = [], None
    for _ in range(runs):
        if before:
            before()
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def peak_mb() -> float:
    """The process's peak resident size since the last ``reset_peak`` (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak() -> None:
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")


def child_first_build(folder: Path, vid: str) -> tuple[float, float, float]:
    """The first build in a fresh process, as when the app has just been opened: its resident size
    before the build, its peak (MB) and the seconds the build took."""
    out = subprocess.run([sys.executable, __file__, "--child", str(folder), vid], check=True,
                         capture_output=True, text=True).stdout
    figures = json.loads(out.splitlines()[-1])
    return figures["base_mb"], figures["peak_mb"], figures["s"]


def child(folder: Path, vid: str) -> None:
    ws = Workspace.open(folder, PASSPHRASE)
    base = resident_mb()
    reset_peak()
    t = time.perf_counter()
    ws.reports.build(vid)
    took = time.perf_counter() - t
    print(json.dumps({"base_mb": round(base, 1), "peak_mb": round(peak_mb(), 1), "s": round(took, 3)}))
    ws.close()


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Bench:
    """A workspace folder, opened afresh before each first build (no pages, no print version cached)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.ws = Workspace.open(folder, PASSPHRASE)

    def reopen(self) -> Workspace:
        self.ws.close()
        clear_print_cache()
        self.ws = Workspace.open(self.folder, PASSPHRASE)
        return self.ws

    def first_build(self, vid: str) -> tuple[ReportData, bytes]:
        """As the app makes a report: collect on the database lane, then the print versions read there
        while the IO lane renders (it lays the photos out by their size and draws each once it is in)."""
        data = self.ws.reports.collect(vid, prints_later=True)
        with ThreadPoolExecutor(max_workers=1) as io_lane:
            rendering = io_lane.submit(render, data)
            self.ws.reports.read_prints(data)
            return data, rendering.result()


def side_by_side(steps: dict[str, tuple[Any, Any]], runs: int) -> tuple[dict[str, float], dict[str, Any]]:
    """``steps`` (name: its call, and what to do before it, untimed, or None) one after the other,
    ``runs`` rounds, so that a machine whose speed drifts weighs on all of them alike: the median wall
    time of each, and its last result; the median CPU times go to ``CPU``."""
    walls: dict[str, list[float]] = {name: [] for name in steps}
    cpus: dict[str, list[float]] = {name: [] for name in steps}
    results: dict[str, Any] = {}
    for _ in range(runs):
        for name, (fn, before) in steps.items():
            if before:
                before()
            t, c = time.perf_counter(), time.process_time()
            results[name] = fn()
            walls[name].append(time.perf_counter() - t)
            cpus[name].append(time.process_time() - c)
    CPU.update({name: statistics.median(values) for name, values in cpus.items()})
    return {name: statistics.median(values) for name, values in walls.items()}, results


def measure(label: str, bench: Bench, vid: str, runs: int) -> dict[str, float]:
    bench.reopen()
    data, pdf = bench.first_build(vid)
    stored_prints = sum(p.printed is not None for p in data.photos)
    rows = sum(len(g.items) for g in data.observations)
    stored = bench.ws.reports.collect(vid)  # the print versions read now: the floor is given files
    prints = [p for p in print_versions(stored.photos, stored.photo_max_side, stored.photo_quality) if p]
    files, images = [], {}
    for n, jpeg in enumerate(prints):
        files.append(bench.folder.parent / f"print-{n}.jpg")
        files[-1].write_bytes(jpeg)
        images[id(jpeg)] = (files[-1], Image.open(io.BytesIO(jpeg)).size)
    walls, results = side_by_side({
        "first": (lambda: bench.first_build(vid)[1], bench.reopen),
        "rerender": (lambda: render(data), None),
        "floor": (lambda: floor(stored, images, bench.folder.parent), None),
        "reduced": (lambda: reduced(data, files), None)}, runs)
    t_first, t_warm, t_floor, t_reduced = (walls[k] for k in ("first", "rerender", "floor", "reduced"))
    again, floor_pdf = results["rerender"], results["floor"]
    assert page_texts(floor_pdf) == page_texts(pdf), "the floor does not say what the report says"
    bench.ws.close()
    base, peak, t_cold = child_first_build(bench.folder, vid)

    def without_prints() -> None:
        bench.reopen().db.execute("DELETE FROM print_versions WHERE sha256 IN "
                                  "(SELECT sha256 FROM attachments WHERE visit_id = ?)", [vid])

    t_demand, (demand_data, demand_pdf) = timed(lambda: bench.first_build(vid), max(1, runs // 2),
                                                before=without_prints)
    bench.ws.close()
    demand_base, demand_peak, _ = child_first_build(bench.folder, vid)
    bench.reopen().prints.keep(made_prints(demand_data))  # as the app keeps them after that report
    assert pdf == again == results["first"] == demand_pdf, "the report changed"
    stored_side = max(max(p.width, p.height) for p in data.photos)
    printed = max(max(Image.open(io.BytesIO(p)).size) for p in prints)
    print(f"\n{label}: {rows} checklist rows, {len(data.photos)} photos stored at {stored_side} px, "
          f"printed at {printed} px ({stored_prints} print versions stored)")
    print(f"  first build (collect + render)          {t_first * 1000:7.0f} ms   {len(pdf) / 1e6:5.2f} MB")
    print(f"    in a fresh process: peak {peak:4.0f} MB ({base:3.0f} MB before the build), "
          f"{t_cold * 1000:5.0f} ms with reportlab's first import and fonts")
    print(f"  bare reportlab floor, same content      {t_floor * 1000:7.0f} ms   "
          f"{len(floor_pdf) / 1e6:5.2f} MB   first build / floor = {t_first / t_floor:4.2f}× (target ≤ 1.5)")
    print(f"    CPU time: first build {CPU['first'] * 1000:4.0f} ms, floor {CPU['floor'] * 1000:4.0f} ms: "
          f"{CPU['first'] / CPU['floor']:4.2f}×; re-render {CPU['rerender'] * 1000:4.0f} ms")
    print(f"  preview re-render                       {t_warm * 1000:7.0f} ms   "
          f"first build / re-render = {t_first / t_warm:4.2f}×")
    print(f"  earlier stops' reduced floor            {t_reduced * 1000:7.0f} ms   "
          f"first build / reduced floor = {t_first / t_reduced:4.2f}×")
    print(f"  first build, print versions made on demand {t_demand * 1000:4.0f} ms   "
          f"peak {demand_peak:4.0f} MB ({demand_base:3.0f} MB before)   (same bytes)")
    return {"report_first_build_s": round(t_first, 3), "report_rerender_s": round(t_warm, 3),
            "report_floor_s": round(t_floor, 3), "report_floor_reduced_s": round(t_reduced, 3),
            "report_first_build_cpu_s": round(CPU["first"], 3),
            "report_rerender_cpu_s": round(CPU["rerender"], 3), "report_floor_cpu_s": round(CPU["floor"], 3),
            "report_mb": round(len(pdf) / 1e6, 2),
            "report_peak_mb": round(peak), "report_process_base_mb": round(base),
            "report_on_demand_s": round(t_demand, 3),
            "report_on_demand_peak_mb": round(demand_peak)}


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


def import_all(ws: Workspace, vid: str, photos: list[bytes]) -> float:
    """Import the photos as the app does; seconds per photo."""
    t = time.perf_counter()
    for n, data in enumerate(photos, start=1):
        ws.visits.add_photo(vid, data, caption=f"woonkamer, overzicht {n}")
    return (time.perf_counter() - t) / len(photos)


def print_cost_ms(ws: Workspace, photos: list[bytes]) -> float:
    """What making the print version adds to one import (the median over a few photos)."""
    settings = ws.visits.import_settings()
    times = []
    for data in photos[:6]:
        image = import_photo(data, settings)
        t = time.perf_counter()
        make_print_version(image.data, image.width, image.height, settings.print_max_side,
                           settings.print_quality)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--child", nargs=2, metavar=("FOLDER", "VISIT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())
    sys.setswitchinterval(0.001)  # as the app's lanes set it (ui/tasks.py: SWITCH_INTERVAL)
    if args.child:
        child(Path(args.child[0]), args.child[1])
        return
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        bench = Bench(Path(tmp) / "ws")
        ws = bench.ws
        ws.settings.set_profile("Toezichthouder Demo", "TH-0001")
        t = time.perf_counter()
        photos = originals()
        print(f"setup: 30 originals of 4000×3000 made in {time.perf_counter() - t:.1f} s")
        a = visit_with_rows(ws, "BENCH-A")
        per_photo = import_all(ws, a, photos)
        extra = print_cost_ms(ws, photos)
        print(f"setup: imported the app's way at 2560 px: {per_photo * 1000:.0f} ms a photo, of which "
              f"{extra:.0f} ms the print version")
        ws.settings.set("photo_max_long_side", 4000)
        b = visit_with_rows(ws, "BENCH-B")
        per_photo_b = import_all(ws, b, photos)
        extra_b = print_cost_ms(ws, photos)
        print(f"setup: imported as 12 MP originals: {per_photo_b * 1000:.0f} ms a photo, of which "
              f"{extra_b:.0f} ms the print version")
        del photos
        figures = measure("A (app default, 2560 px stored)", bench, a, args.runs)
        twelve = measure("B (12 MP originals stored)", bench, b, args.runs)
        figures.update({k.replace("report_", "report_12mp_"): v for k, v in twelve.items()})
        figures["photo_import_print_ms"] = round(extra, 1)
        figures["photo_import_print_12mp_ms"] = round(extra_b, 1)
        figures["report_long_note_s"] = round(long_note(bench.ws, max(1, args.runs // 2)), 3)
        bench.ws.close()
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the end")
    figures["load_average"] = round(load[0], 2)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
