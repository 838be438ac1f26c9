"""The rapport van bevindingen as a PDF: the twelve parts of DOMAIN.md §2, in that order.

``render(data)`` is pure (no database): it runs on the IO lane. ``ws.reports.build`` and
``ws.reports.write`` are the one-call versions for the CLI and scripts. A finalized visit renders to
the same bytes every time (reportlab's invariant mode, no clock, no random ids).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from PIL import Image as PILImage
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .. import attachments, markup
from ..attachments import print_side
from ..errors import InspectorError, StorageError
from . import styles
from .data import Observation, Photo, PrintSlot, ReportData, consent_lang_label
from .paragraphs import paragraph
from .plaintext import PlainText
from .texts import text, yes_no

_build_lock = threading.Lock()  # reportlab's font and image registries are process-wide
_cache_lock = threading.Lock()
_print_cache: OrderedDict[tuple[str, int, int, str], bytes | None] = OrderedDict()
PRINT_CACHE_SIZE = 96
PHOTO_BOX = (82 * mm, 62 * mm)
SIGNATURE_BOX = (70 * mm, 28 * mm)
# Room a heading needs below it, or it goes to the next page: its own height and a few lines of what it
# introduces. Headings are not keepWithNext: reportlab turns that into a KeepTogether with the next
# flowable, which moves a whole long table to the next page and leaves most of a page empty.
H1_ROOM = 30 * mm
H2_ROOM = 22 * mm


# --- photos at print resolution --------------------------------------------------------------
def _cached(key: tuple[Any, ...], make: Any) -> bytes | None:
    with _cache_lock:
        if key in _print_cache:
            _print_cache.move_to_end(key)
            return _print_cache[key]
    try:
        result: bytes | None = make()
    except InspectorError:
        result = None  # a damaged stored image: the caption stays, with a notice
    with _cache_lock:
        _print_cache[key] = result
        while len(_print_cache) > PRINT_CACHE_SIZE:
            _print_cache.popitem(last=False)
    return result


def _plain_print(photo: Photo, target: int, quality: int) -> bytes | None:
    """The photo's stored print version, or one made from the photo (cached by content hash)."""
    if photo.printed is not None:
        return photo.printed
    side = print_side(photo.width, photo.height, target)
    key = (photo.sha256, side, quality)
    return _cached(key, lambda: attachments.print_version(photo.data, side, quality))


def _print_version(photo: Photo, target: int, quality: int) -> bytes | None:
    """The photo as printed: its print version, with its mark-up drawn over it when it has one."""
    plain = _plain_print(photo, target, quality)
    if not photo.markup or plain is None:
        return plain
    drawn = json.dumps(photo.markup, sort_keys=True, separators=(",", ":"))
    side = print_side(photo.width, photo.height, target)
    return _cached((photo.sha256, side, quality, drawn), lambda: markup.render(plain, photo.markup, quality))


def print_versions(photos: Sequence[Photo], target: int, quality: int) -> list[bytes | None]:
    """Print versions of ``photos``: the stored ones, the others made (cached by content hash, decoded
    in parallel). A photo whose print version is still being read waits for it."""
    for photo in photos:
        if photo.pending is not None:
            photo.pending.wait()
    if sum(p.printed is None for p in photos) <= 1:
        return [_print_version(p, target, quality) for p in photos]
    workers = min(len(photos), max(2, os.cpu_count() or 2))
    with ThreadPoolExecutor(max_workers=workers) as pool:  # Pillow releases the GIL while decoding
        return list(pool.map(lambda p: _print_version(p, target, quality), photos))


def made_prints(data: ReportData) -> list[tuple[str, attachments.PrintVersion]]:
    """The print versions ``render`` made for photos that had none stored, to store them (the same
    bytes: from the cache when the report was just rendered)."""
    made = []
    for photo in data.photos:
        if photo.pending is not None and not photo.pending.is_done:
            continue  # never read: nothing was made for it
        if photo.printed is None:
            result = _plain_print(photo, data.photo_max_side, data.photo_quality)
            if result is not None:
                side = print_side(photo.width, photo.height, data.photo_max_side)
                made.append((photo.sha256, attachments.PrintVersion(data.photo_max_side, data.photo_quality,
                                                                    side, result)))
    return made


def clear_print_cache() -> None:
    """Forget cached print versions (benchmarks measure a cold build with it)."""
    with _cache_lock:
        _print_cache.clear()


# --- small builders --------------------------------------------------------------------------
LONG_TEXT = 3000  # characters: longer user text is set as PlainText (linear time, see plaintext.py)
NOTE_IN_TABLE = 1500  # characters: a longer note is printed in full under its table, not in a cell


def para(value: str, style: str = "body") -> Paragraph:
    """A short text as one paragraph: markup characters escaped, line breaks kept."""
    safe = escape(value or "").replace("\r\n", "\n").replace("\n", "<br/>")
    return paragraph(safe, styles.stylesheet()[style])


def paras(value: str, style: str = "body") -> list[Flowable]:
    """User text of any length: a Paragraph when short, else a PlainText that wraps and splits over
    pages in linear time (a 1 MB note renders in well under 2 s)."""
    if len(value or "") <= LONG_TEXT:
        return [para(value, style)]
    return [PlainText(value, styles.stylesheet()[style])]


def _fit(image_w: float, image_h: float, box: tuple[float, float]) -> tuple[float, float]:
    factor = min(box[0] / image_w, box[1] / image_h)
    return image_w * factor, image_h * factor


class JpegReader(ImageReader):
    """A JPEG that reportlab embeds as it is, named by its content hash.

    reportlab names an image by hashing its decoded pixels (a full decode of every photo just to
    find duplicates); the SHA-256 of the JPEG bytes identifies it just as well, and is known when
    the print version was read from the workspace (checked against it). ImageReader's own set-up
    is skipped: it opens the image with PIL once more, and reportlab reads a JPEG's size and
    colours from its bytes when it embeds it.
    """

    def __init__(self, data: bytes, digest: bytes, size: tuple[int, int]) -> None:
        self._ident = None
        self.fileName = f"jpeg:{digest.hex()}"
        self.fp = io.BytesIO(data)
        self._image = None
        self._width, self._height = size
        self._transparent = None
        self._data = None
        self._dataA = None
        self._digest = digest
        self.jpeg_fh = self._jpeg_fh  # as ImageReader does for a JPEG

    def getRGBData(self) -> bytes:  # noqa: N802 - reportlab's name; only used to name the image
        return self._digest


def _reader(data: bytes, sha256: str,
            size: tuple[int, int] | None = None) -> tuple[ImageReader, tuple[int, int]]:
    """How reportlab gets the image ``data`` (``sha256``: its hash (hex) when known; ``size``: its pixel
    size when known, a JPEG's), and its pixel size."""
    if size is None:
        with PILImage.open(io.BytesIO(data)) as img:
            size, jpeg = img.size, img.format == "JPEG"
    else:
        jpeg = True
    if not jpeg:
        return ImageReader(io.BytesIO(data)), size
    digest = bytes.fromhex(sha256) if sha256 else hashlib.sha256(data).digest()
    return JpegReader(data, digest, size), size


class Picture(Flowable):
    """An image scaled to fit a box (points), keeping its proportions. ``sha256``: the hash (hex) of
    ``data`` when it is known. ``later``: a stored print version laid out by its size, read when drawn."""

    def __init__(self, data: bytes, box: tuple[float, float], sha256: str = "") -> None:
        super().__init__()
        self.reader: ImageReader | None
        self.reader, (w, h) = _reader(data, sha256)
        self.width, self.height = _fit(w, h, box)
        self.size = (w, h)

    @classmethod
    def later(cls, slot: PrintSlot, box: tuple[float, float], fetch: Callable[[], tuple[bytes | None, str]],
              unreadable: str) -> Picture:
        """The JPEG of ``slot``'s size, fetched when drawn: ``fetch`` gives its bytes and their hash (hex,
        "" when not known), None bytes when the photo cannot be read (``unreadable`` is printed)."""
        picture = cls.__new__(cls)
        Flowable.__init__(picture)
        picture.reader, picture.size = None, (slot.width, slot.height)
        picture.width, picture.height = _fit(slot.width, slot.height, box)
        picture.fetch, picture.unreadable = fetch, unreadable
        return picture

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        if self.reader is None:
            data, sha256 = self.fetch()
            if data is None:
                self.canv.setFont(styles.FONT, 8)
                self.canv.drawString(0, self.height - 10, self.unreadable)
                return
            self.reader = _reader(data, sha256, self.size)[0]
        self.canv.drawImage(self.reader, 0, 0, self.width, self.height)


class Builder:
    """Builds the story (the list of flowables) for one report."""

    def __init__(self, data: ReportData, photo_prints: list[bytes | None]) -> None:
        self.d = data
        self.lang = data.lang
        self.st = styles.stylesheet()
        self.photo_prints = photo_prints
        self.story: list[Flowable] = []
        self.notes_below: list[tuple[str, str]] = []  # (item, note) printed under their table
        self.notes_done = 0
        self.parts: dict[int, tuple[str, Flowable]] = {}  # id → (part, its heading): where parts start

    # helpers
    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)

    def yn(self, value: bool) -> str:
        return yes_no(value, self.lang)

    def or_missing(self, value: str, key: str = "not_recorded") -> str:
        return value if value.strip() else self.t(key)

    def h1(self, key: str, room: float = H1_ROOM) -> None:
        """A section heading, never alone at a page's foot: ``room`` must be left below its top."""
        self.story.append(CondPageBreak(room))
        self.story.append(paragraph(escape(self.t(key)), self.st["h1"]))

    def h2(self, value: str, room: float = H2_ROOM, part: str = "") -> None:
        """A subheading; with ``part``, the page it lands on is reported as where that part starts."""
        self.story.append(CondPageBreak(room))
        heading = paragraph(escape(value), self.st["h2"])
        if part:
            self.parts[id(heading)] = (part, heading)
        self.story.append(heading)

    def p(self, value: str, style: str = "body") -> None:
        self.story.extend(paras(value, style))

    def kv_table(self, rows: list[tuple[str, str | Flowable | list[Flowable]]]) -> Table:
        """A two-column label/value table."""
        cells = [[para(label, "label"), value if not isinstance(value, str) else paras(value, "cell")]
                 for label, value in rows]
        table = Table(cells, colWidths=[52 * mm, styles.CONTENT_WIDTH - 52 * mm], splitInRow=1,
                      hAlign="LEFT")
        table.setStyle(TableStyle(styles.table_style(label_column=True)))
        return table

    def kv(self, rows: list[tuple[str, str | Flowable | list[Flowable]]]) -> None:
        self.story.append(self.kv_table(rows))
        self.story.append(Spacer(1, 3))

    def grid(self, header: list[str], rows: list[list[Any]], widths: list[float],
             extra: list[tuple[Any, ...]] | None = None) -> None:
        """A table with a repeated header row."""
        cells: list[list[Any]] = [[para(h, "label") for h in header]]
        cells += [[c if not isinstance(c, str) else para(c, "cell") for c in row] for row in rows]
        table = Table(cells, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
        table.setStyle(TableStyle(styles.table_style(header=True) + (extra or [])))
        self.story.append(table)
        self.story.append(Spacer(1, 3))

    # the report
    def build(self) -> list[Flowable]:
        d = self.d
        self.story.append(paragraph(escape(self.t("report_title")), self.st["title"]))
        self.story.append(paragraph(escape(f"{d.template_id} · {d.report_type}"), self.st["subtitle"]))
        if d.draft:
            self.p(self.t("draft_notice"), "notice")
        for part in (self.general, self.officers, self.ground, self.address, self.present,
                     self.consent, self.caution, self.rooms, self.observations, self.statement,
                     self.outcome, self.signatures, self.addenda):
            part()
        return self.story

    def general(self) -> None:
        d = self.d
        self.h1("h1")
        status = self.t("status_final", at=d.finalized_at, by=d.finalized_by) if not d.draft \
            else self.t("status_draft")
        subjects = [f"{p.name} ({p.role})" + (f", {self.t('bsn')} {p.bsn}" if p.bsn else "")
                    for p in d.subjects]
        rows: list[tuple[str, Any]] = [
            (self.t("municipality"), d.municipality.name),
            (self.t("report_type"), f"{d.template_id} {d.report_type} "
                                    f"({self.t('template_version', v=d.template_version)})"),
            (self.t("case_number"), d.case_number),
            (self.t("visit_id"), d.visit_id),
            (self.t("status"), status)]
        if subjects:
            rows.append((self.t("subjects"), "\n".join(subjects)))
        self.kv(rows)

    def officers(self) -> None:
        self.h1("h2")
        if not self.d.officers:
            self.p(self.t("no_officers"))
            return
        w = styles.CONTENT_WIDTH
        self.grid([self.t("officer_name"), self.t("officer_role"), self.t("officer_appointment")],
                  [[o.name, o.role, o.appointment] for o in self.d.officers],
                  [w * 0.45, w * 0.25, w * 0.30])

    def ground(self) -> None:
        d = self.d
        self.h1("h3")
        g = d.ground
        if not any(v.strip() for v in g.values()):
            self.p(self.t("ground_none") + ("" if d.requires_ground else " " + self.t("ground_not_required")))
            return
        self.kv([(self.t("ground_facts"), self.or_missing(g["facts"])),
                 (self.t("ground_source"), self.or_missing(g["source"])),
                 (self.t("ground_date"), self.or_missing(g["date"])),
                 (self.t("ground_why"), self.or_missing(g["why_not_lighter"]))])

    def address(self) -> None:
        d = self.d
        self.h1("h4")
        entered = d.times["entered"] or (self.t("not_entered") if d.refused else "")
        self.kv([(self.t("address"), self.or_missing(d.address)),
                 (self.t("bag_id"), d.bag_id or self.t("unknown")),
                 (self.t("announced"), self.t("announced_yes" if d.announced else "announced_no")),
                 (self.t("planned_at"), self.or_missing(d.times["planned"])),
                 (self.t("rang_at"), self.or_missing(d.times["rang"])),
                 (self.t("entered_at"), self.or_missing(entered)),
                 (self.t("left_at"), self.or_missing(d.times["left"]))])

    def present(self) -> None:
        self.h1("h5")
        if not self.d.present:
            self.p(self.t("nobody_present"))
            return
        w = styles.CONTENT_WIDTH
        rows: list[list[str | Flowable]] = []
        for p in self.d.present:
            name = p.name + (f"\n{self.t('bsn')} {p.bsn}" if p.bsn else "")
            rows.append([name, p.role, self.yn(p.id_checked)])
        self.grid([self.t("present_name"), self.t("present_role"), self.t("present_id")], rows,
                  [w * 0.5, w * 0.25, w * 0.25])

    def consent(self) -> None:
        d, c = self.d, self.d.consent
        self.h1("h6")
        id_shown = self.yn(d.id_shown) + (f", {d.id_shown_at}" if d.id_shown and d.id_shown_at else "")
        if c["status"] == "given":
            status = self.t("consent_given", by=c["by"], at=c["at"])
        elif c["status"] == "refused":
            status = self.t("consent_refused", by=c["by"], at=c["at"])
        else:
            status = self.t("consent_none")
        rows: list[tuple[str, Any]] = [(self.t("id_shown"), id_shown), (self.t("consent"), status)]
        if c["status"]:
            rows += [(self.t("understood"), self.yn(c["understood"])),
                     (self.t("interpreter"), c["interpreter"] or self.t("no_interpreter"))]
        if c["status"] == "refused":
            rows.append((self.t("consequences"), self.yn(c["consequences_explained"])))
        if c["status"] == "given":
            viewed = [label for label, state in d.rooms if state == "viewed"]
            rows += [(self.t("consent_rooms"), ", ".join(viewed) or self.t("not_recorded")),
                     (self.t("cupboards"), self.t("cupboards_yes" if c["cupboards"] else "cupboards_no")),
                     (self.t("photo_consent"),
                      self.t("photo_consent_yes" if c["photos"] else "photo_consent_no"))]
        if c["status"]:
            signed = self.yn(True) if c["form_signed"] else self.t(
                "form_not_signed", reason=c["form_not_signed_reason"] or self.t("no_reason"))
            rows.append((self.t("form_signed"), signed))
        self.kv(rows)
        if c["text"]:
            language = consent_lang_label(c["text_lang"], self.lang)
            self.h2(f"{self.t('consent_text')} {self.t('consent_text_lang', language=language)}")
            self.p(c["text"], "quote")

    def caution(self) -> None:
        d, c = self.d, self.d.caution
        self.h1("h7")
        if not c["recorded"]:
            self.p(self.t("refused_na") if d.refused else self.t("not_recorded"))
            return
        if c["given"]:
            self.kv([(self.t("caution_given"), self.yn(True)),
                     (self.t("caution_at"), self.or_missing(c["at"]))])
            self.h2(self.t("caution_wording"))
            self.p(c["text"], "quote")
        else:
            self.p(self.t("caution_not_needed", reason=c["not_needed_reason"]))

    def rooms(self) -> None:
        d = self.d
        self.h1("h8")
        if d.refused:
            self.p(self.t("refused_na"))
            return
        if not d.rooms:
            self.p(self.t("no_rooms"))
            return
        w = styles.CONTENT_WIDTH
        if d.room_openers:
            self.grid([self.t("room"), self.t("room_state"), self.t("room_opener")],
                      [[label, self.t(f"room_{state}"), d.room_openers.get(label, "")]
                       for label, state in d.rooms],
                      [w * 0.34, w * 0.26, w * 0.4])
        else:
            self.grid([self.t("room"), self.t("room_state")],
                      [[label, self.t(f"room_{state}")] for label, state in d.rooms], [w * 0.5, w * 0.5])
        cupboards = self.t("cupboards_yes" if d.consent.get("cupboards") else "cupboards_no")
        self.p(f"{self.t('cupboards')}: {cupboards}.", "small")

    def observations(self) -> None:
        d = self.d
        self.h1("h9")
        if d.refused:
            self.p(self.t("refused_na"))
            return
        if not d.observations:
            self.p(self.t("obs_none"))
        w = styles.CONTENT_WIDTH
        widths = [w * 0.36, w * 0.34, w * 0.30]
        header = [self.t("obs_item"), self.t("obs_answer"), self.t("obs_regulation")]
        general = [g for g in d.observations if not g.title]
        per_room = [g for g in d.observations if g.title]
        for group in general:
            self.h2(self.t("obs_general"))
            self.grid(header, [self.observation_row(o) for o in group.items], widths)
            self.long_notes()
        if per_room:
            self.h2(self.t("obs_per_room"))
            rows: list[list[Any]] = []
            spans: list[int] = []
            for group in per_room:
                spans.append(len(rows) + 1)  # + 1: the header row
                rows.append([para(self.t("obs_room", room=group.title), "label"), "", ""])
                rows += [self.observation_row(o, group.title) for o in group.items]
            extra: list[tuple[Any, ...]] = []
            for r in spans:
                extra += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), styles.SHADE)]
            self.grid(header, rows, widths, extra)
            self.long_notes()
        self.photos()

    def observation_row(self, o: Observation, room: str = "") -> list[Any]:
        answer: list[Flowable] = paras(o.answer, "cell")
        if len(o.note) > NOTE_IN_TABLE:  # a table row cannot span many pages cheaply: in full below it
            self.notes_below.append((o.label + (f" ({room})" if room else ""), o.note))
            answer.append(para(self.t("note_below", n=len(self.notes_below)), "note"))
        elif o.note:
            answer += paras(o.note, "note")
        return [para(o.label, "cell"), answer, para(o.regulation, "small")]

    def long_notes(self) -> None:
        """The long notes of the table just added, in full, in order, each under its own heading."""
        for label, note in self.notes_below[self.notes_done:]:
            self.notes_done += 1
            self.h2(self.t("note_long_head", n=self.notes_done, item=label))
            self.p(note, "note")

    def fetch(self, photo: Photo) -> tuple[bytes | None, str]:
        """The print version of ``photo`` once it is read (``Picture.later``), and its hash when known."""
        photo.pending.wait()  # type: ignore[union-attr]  # only photos being read come here
        data = _print_version(photo, self.d.photo_max_side, self.d.photo_quality)
        return data, photo.printed_sha256 if data is not None and data is photo.printed else ""

    def photos(self) -> None:
        d = self.d
        self.h2(self.t("h9_photos"), PHOTO_BOX[1] + 20 * mm if d.photo_consent and d.photos else H2_ROOM)
        if not d.photo_consent:
            self.p(self.t("photos_no_consent"))
            return
        if not d.photos:
            self.p(self.t("photos_none"))
            return
        cells: list[list[Flowable]] = []
        for photo, data in zip(d.photos, self.photo_prints, strict=True):
            caption = self.t("photo_caption", n=photo.number, caption=photo.caption) if photo.caption \
                else self.t("photo_caption_bare", n=photo.number)
            if photo.markup:
                caption = self.t("photo_marked_up", caption=caption, kinds=", ".join(
                    self.t(f"markup_{kind}") for kind in markup.kinds(photo.markup)))
            cell: list[Flowable] = []
            if photo.pending is not None:  # being read: laid out by its size, drawn once it is in
                cell.append(Picture.later(photo.pending, PHOTO_BOX, partial(self.fetch, photo),
                                          self.t("photo_unreadable")))
            elif data is not None:  # the stored print version as it is comes with its hash
                cell.append(Picture(data, PHOTO_BOX, photo.printed_sha256 if data is photo.printed else ""))
            else:
                cell.append(para(self.t("photo_unreadable"), "small"))
            cell.append(para(caption, "caption"))
            cells.append(cell)
        rows = _pairs(cells)
        half = styles.CONTENT_WIDTH / 2
        table = Table(rows, colWidths=[half, half], hAlign="LEFT")
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), styles.FONT),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("ALIGN", (0, 0), (-1, -1), "LEFT"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
        self.story.append(table)
        if any(photo.markup for photo in d.photos):
            self.p(self.t("photos_marked_up"), "small")

    def statement(self) -> None:
        d, s = self.d, self.d.statement
        if not s["text"].strip():
            self.h1("h10")
            self.p(self.t("refused_na") if d.refused else self.t("no_statement"))
            return
        if s["signed"]:
            signed: str | list[Flowable] = self.t("signed_yes")
        else:
            signed = self.t("not_signed", reason=s["not_signed_reason"] or self.t("no_reason"))
        rows: list[tuple[str, Any]] = [(self.t("read_back"), self.yn(s["read_back"])),
                                       (self.t("signed"), signed)]
        if s["signed"] and d.signature:
            rows.append((self.t("signature"), [Picture(styles.flat_png(d.signature), SIGNATURE_BOX)]))
        rows.append((self.t("copy_given"), self.yn(s["copy_given"])))
        # The signature belongs to these words: the statement (or, when it runs over pages, its last
        # lines) and the signature table share a page, with the headings when they fit on one.
        heads = [paragraph(escape(self.t("h10")), self.st["h1"]),
                 paragraph(escape(self.t("statement_text")), self.st["h2"])]
        (text,) = paras(s["text"], "quote")
        table = self.kv_table(rows)
        if isinstance(text, PlainText):
            self.story += [CondPageBreak(H1_ROOM), *heads]
            body, last = text.last_lines(3, styles.CONTENT_WIDTH)
            self.story += [body, KeepTogether([last, table, Spacer(1, 3)])]
        else:
            self.story += [CondPageBreak(H1_ROOM), KeepTogether([*heads, text, table, Spacer(1, 3)])]

    def outcome(self) -> None:
        d = self.d
        self.h1("h11")
        self.h2(self.t("summary"), part="summary")
        empty = self.t("empty_text" if d.draft else "empty_final")
        self.p(d.summary if d.summary.strip() else empty)
        self.h2(self.t("conclusion"), part="conclusion")
        self.p(d.conclusion if d.conclusion.strip() else empty)
        self.h2(self.t("outcome_followup"))
        causes = "\n".join(f"{c.code} {c.label} ({c.group})" for c in d.causes) or self.t("toe_none")
        rows: list[tuple[str, Any]] = [(self.t("outcome"), d.outcome or self.t("no_outcome")),
                                       (self.t("toe"), causes)]
        if d.uses_lhs:
            if d.lhs:
                cell = self.t("lhs_cell", cell=d.lhs["cell"], behaviour=d.lhs["behaviour"],
                              consequence=d.lhs["consequence"])
                rows.append((self.t("lhs"), cell))
                rows.append((self.t("lhs_intervention"), d.lhs["intervention"]))
            else:
                rows.append((self.t("lhs"), self.t("lhs_none")))
        if d.followup_line:
            follow = self.t("followup_on", date=d.followup_date) if d.followup_date else self.t("no_followup")
            if d.followup_note:
                follow += f" – {d.followup_note}"
            rows.append((self.t("followup"), follow))
        self.kv(rows)
        w = styles.CONTENT_WIDTH
        if d.followups is not None:
            self.h2(self.t("followups"))
            if d.followups:
                self.grid([self.t("followup_action"), self.t("followup_owner"), self.t("followup_due")],
                          [[f.action, f.owner, f.due_date] for f in d.followups],
                          [w * 0.56, w * 0.26, w * 0.18])
            else:
                self.p(self.t("no_followups"))
        self.h2(self.t("referrals"))
        if d.referrals:
            header = [self.t("referral_kind"), self.t("referral_consent"), self.t("referral_to"),
                      self.t("note")]
            self.grid(header,
                      [[r.kind, self.yn(r.consent_handover), r.handed_to or "–", r.note or "–"]
                       for r in d.referrals], [w * 0.26, w * 0.2, w * 0.27, w * 0.27])
        else:
            self.p(self.t("no_referrals"))
        self.h2(self.t("signals"))
        if d.signals:
            self.grid([self.t("signal_target"), self.t("signal_basis"), self.t("note")],
                      [[s.target, s.legal_basis or "–", s.note or "–"] for s in d.signals],
                      [w * 0.3, w * 0.4, w * 0.3])
        else:
            self.p(self.t("no_signals"))

    def signatures(self) -> None:
        """The officers' signature blocks and the fingerprint: one block, moved whole to the next page
        when it does not fit (so "12. Ondertekening" never stands alone at a page's foot)."""
        d = self.d
        block: list[Flowable] = [CondPageBreak(H1_ROOM), paragraph(escape(self.t("h12")), self.st["h1"])]
        cells: list[list[Flowable]] = []
        for o in d.officers:
            appointment = f"{self.t('sign_appointment')}: {o.appointment or '–'}"
            cells.append([para(o.name, "h2"), para(appointment, "cell"),
                          Spacer(1, 16 * mm), _Rule(70 * mm), para(self.t("sign_signature"), "small"),
                          Spacer(1, 7 * mm), _Rule(70 * mm), para(self.t("sign_date_place"), "small")])
        if cells:
            rows = _pairs(cells)
            half = styles.CONTENT_WIDTH / 2
            table = Table(rows, colWidths=[half, half], hAlign="LEFT")
            table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), styles.FONT),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                       ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                       ("BOTTOMPADDING", (0, 0), (-1, -1), 10)]))
            block.append(table)
        else:
            block.append(para(self.t("no_officers")))
        if not d.draft:
            block.append(paragraph(escape(self.t("sign_fingerprint")), self.st["h2"]))
            block.append(para(d.fingerprint, "cell"))
            if d.signed_by:
                block.append(para(d.signed_by, "cell"))
            if not d.fingerprint_ok:
                block.append(para(self.t("fingerprint_mismatch"), "notice"))
        self.story.append(KeepTogether(block))

    def addenda(self) -> None:
        d = self.d
        if not d.addenda:
            return
        self.h1("h_addenda")
        self.p(self.t("addenda_intro"), "small")
        for n, a in enumerate(d.addenda, start=1):
            self.h2(self.t("addendum_head", n=n, at=a.at, author=a.author))
            self.p(a.text)
            self.p(self.t("addendum_amends", fp=a.base_fingerprint), "small")
            if a.fingerprint:
                self.p(self.t("addendum_fingerprint", fp=a.fingerprint), "small")


def _pairs(cells: list[list[Flowable]]) -> list[list[list[Flowable]]]:
    """Cells two to a row (the last row padded with an empty cell)."""
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    if rows and len(rows[-1]) == 1:
        rows[-1].append([])
    return rows


class _Rule(Flowable):
    """A thin line to sign on."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.width, self.height = width, 2

    def draw(self) -> None:
        self.canv.setStrokeColor(styles.INK)
        self.canv.setLineWidth(0.5)
        self.canv.line(0, 1, self.width, 1)


# --- rendering -------------------------------------------------------------------------------
def render(data: ReportData) -> bytes:
    """The report as PDF bytes. Pure: reads no database, only the fonts and the logo file."""
    return render_with_pages(data)[0]


def render_with_pages(data: ReportData) -> tuple[bytes, dict[str, int]]:
    """The report as PDF bytes (the same bytes as ``render``) and the page, counted from 0, that each
    part the inspector writes ("summary", "conclusion") starts on: the preview shows the part being
    edited without searching the PDF's text."""
    styles.register_fonts()
    ready = [photo for photo in data.photos if photo.pending is None]  # the others are drawn when read
    made = dict(zip(map(id, ready), print_versions(ready, data.photo_max_side, data.photo_quality),
                    strict=True))
    builder = Builder(data, [made.get(id(photo)) for photo in data.photos])
    story = builder.build()
    decor = styles.PageDecor(
        lang=data.lang, municipality=data.municipality.name,
        address_lines=data.municipality.address_lines, logo=styles.logo_png(data.municipality.logo),
        case_number=data.case_number, visit_id=data.visit_id, fingerprint=data.fingerprint,
        draft=data.draft, signed_by=data.signed_by)
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf, pagesize=(styles.PAGE_WIDTH, styles.PAGE_HEIGHT), invariant=1,
        leftMargin=styles.MARGIN_LEFT, rightMargin=styles.MARGIN_RIGHT,
        topMargin=styles.MARGIN_TOP, bottomMargin=styles.MARGIN_BOTTOM,
        title=f"{text('report_title', data.lang)} {data.case_number}",
        author=data.municipality.name, subject=data.report_type, creator="Inspector")
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="content",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decor.header)])
    pages: dict[str, int] = {}

    def placed(flowable: Flowable) -> None:  # reportlab's hook after each flowable is drawn
        part = builder.parts.get(id(flowable))
        if part is not None and part[1] is flowable:
            pages.setdefault(part[0], doc.page - 1)

    doc.afterFlowable = placed
    with _build_lock:
        doc.build(story, canvasmaker=partial(styles.ReportCanvas, decor=decor))
    return buf.getvalue(), pages


def write_pdf(pdf: bytes, path: str | os.PathLike[str]) -> Path:
    """Write ``pdf`` to ``path`` atomically: a half-written report never replaces a good one."""
    target = Path(path)
    tmp_name = ""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".report-", suffix=".pdf.part", dir=target.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(pdf)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, target)
    except OSError as exc:
        if tmp_name:
            Path(tmp_name).unlink(missing_ok=True)
        raise StorageError("report_write_failed",
                           f"Het rapport kan niet worden opgeslagen in {target}: {exc.strerror or exc}. "
                           "Kies een andere map of maak ruimte vrij.",
                           f"The report cannot be saved to {target}: {exc.strerror or exc}. "
                           "Choose another folder or free up space.", details=repr(exc)) from exc
    return target
