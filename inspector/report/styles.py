"""Fonts, paragraph styles and the page decoration of the report.

DejaVu Sans is embedded (reportlab's own Vera lacks "ĳ"). Every page gets the municipality's
header, a footer with "Pagina X van Y" and the visit's fingerprint, and a draft a diagonal
"CONCEPT" mark. "Van Y" needs the page total, so the canvas keeps each finished page and draws
the footers when the document is saved.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image as PILImage
from PIL import UnidentifiedImageError
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, _digester
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFImageXObject
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from .texts import text

# Images go in as binary streams: ASCII85 makes them 25 % larger and the build far slower.
rl_config.useA85 = 0

RESOURCES = Path(__file__).resolve().parent.parent.parent / "resources"
FONTS_DIR = RESOURCES / "fonts"
DEFAULT_LOGO = RESOURCES / "branding" / "logo.png"
FONT, FONT_BOLD, FONT_ITALIC = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 32 * mm
MARGIN_BOTTOM = 24 * mm
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#9aa5b1")
SHADE = colors.HexColor("#eef1f5")
ACCENT = colors.HexColor("#1c406e")
WARN = colors.HexColor("#b3261e")

_font_lock = threading.Lock()
_fonts_ready = False


def register_fonts() -> None:
    """Register the DejaVu fonts with reportlab once per process."""
    global _fonts_ready
    with _font_lock:
        if _fonts_ready:
            return
        for name, file in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf"),
                           (FONT_ITALIC, "DejaVuSans-Oblique.ttf")):
            pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / file)))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                      boldItalic=FONT_BOLD)
        _fonts_ready = True


@lru_cache(maxsize=1)
def stylesheet() -> dict[str, ParagraphStyle]:
    """The report's paragraph styles, all in DejaVu Sans."""
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, textColor=INK,
                          alignment=TA_LEFT, spaceAfter=3)
    return {
        "body": body,
        "title": ParagraphStyle("title", body, fontName=FONT_BOLD, fontSize=18, leading=22,
                                textColor=ACCENT, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", body, fontSize=11, leading=15, textColor=MUTED,
                                   spaceAfter=8),
        "h1": ParagraphStyle("h1", body, fontName=FONT_BOLD, fontSize=12.5, leading=16,
                             textColor=ACCENT, spaceBefore=10, spaceAfter=5),
        "h2": ParagraphStyle("h2", body, fontName=FONT_BOLD, fontSize=10.5, leading=14,
                             spaceBefore=6, spaceAfter=3),
        "cell": ParagraphStyle("cell", body, fontSize=8.8, leading=11.5, spaceAfter=0),
        "label": ParagraphStyle("label", body, fontName=FONT_BOLD, fontSize=8.3, leading=11,
                                textColor=MUTED, spaceAfter=0),
        "small": ParagraphStyle("small", body, fontSize=7.6, leading=9.8, textColor=MUTED,
                                spaceAfter=0),
        "note": ParagraphStyle("note", body, fontName=FONT_ITALIC, fontSize=8.4, leading=11,
                               textColor=MUTED, spaceAfter=0),
        "quote": ParagraphStyle("quote", body, fontSize=9, leading=12.5, leftIndent=3 * mm,
                                rightIndent=3 * mm, backColor=SHADE, borderPadding=(5, 6, 6, 6),
                                spaceBefore=5, spaceAfter=9),
        "caption": ParagraphStyle("caption", body, fontSize=8.2, leading=10.5, textColor=INK,
                                  spaceBefore=2, spaceAfter=0),
        "notice": ParagraphStyle("notice", body, fontName=FONT_BOLD, fontSize=9.5, leading=13,
                                 textColor=WARN, borderColor=WARN, borderWidth=0.8,
                                 borderPadding=6, spaceBefore=4, spaceAfter=12),
    }


def table_style(header: bool = False, label_column: bool = False) -> list[tuple[Any, ...]]:
    """Table commands; FONTNAME is always set so no non-embedded Helvetica slips in."""
    cmds: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8.8),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        cmds += [("FONTNAME", (0, 0), (-1, 0), FONT_BOLD), ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                 ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT)]
    if label_column:
        cmds += [("FONTNAME", (0, 0), (0, -1), FONT_BOLD), ("BACKGROUND", (0, 0), (0, -1), SHADE)]
    return cmds


def flat_png(data: bytes) -> bytes:
    """An image as an RGB PNG composited onto white (no transparency mask in the PDF)."""
    with PILImage.open(io.BytesIO(data)) as img:
        img.load()
        rgba = img.convert("RGBA")
    out = PILImage.alpha_composite(PILImage.new("RGBA", rgba.size, "white"), rgba).convert("RGB")
    buf = io.BytesIO()
    out.save(buf, "PNG")
    return buf.getvalue()


@lru_cache(maxsize=8)
def _flat_cached(data: bytes) -> bytes:
    return flat_png(data)


def logo_png(data: bytes | None) -> bytes:
    """The municipality's logo (as frozen in the visit's document) as a flat PNG; the neutral default
    when there is none or it cannot be read."""
    for candidate in (data, None):
        try:
            return _flat_cached(candidate if candidate is not None else DEFAULT_LOGO.read_bytes())
        except (OSError, ValueError, PILImage.DecompressionBombError, UnidentifiedImageError):
            if candidate is None:
                raise
    raise FileNotFoundError(DEFAULT_LOGO)


class PreparedImage:
    """An image drawn as it is on every page of every report (the logo): made ready for the PDF once
    per process. reportlab would decode it, name it by an MD5 of its pixels and compress them
    again for every report, and name it again on every page; ``ReportCanvas.drawImage`` embeds
    this one as reportlab makes it (the same bytes in the PDF)."""

    def __init__(self, png: bytes) -> None:
        reader = ImageReader(io.BytesIO(png))
        self.size: tuple[int, int] = reader.getSize()
        self.name: str = _digester(reader.getRGBData() + b"None")  # reportlab's name (no mask)
        self._made = dict(PDFImageXObject(self.name, reader).__dict__)  # its compressed pixels

    def xobject(self) -> PDFImageXObject:
        """A new image object for one report (reportlab gives each document its own)."""
        made = PDFImageXObject(self.name)
        made.__dict__.update(self._made)
        return made


@lru_cache(maxsize=8)
def prepared_image(png: bytes) -> PreparedImage:
    return PreparedImage(png)


@dataclass
class PageDecor:
    """What every page shows around the content: header, footer, and the CONCEPT mark on drafts."""

    lang: str
    municipality: str
    address_lines: list[str]
    logo: bytes
    case_number: str
    visit_id: str
    fingerprint: str
    draft: bool
    signed_by: str = ""

    def header(self, canvas: Canvas, _doc: Any = None) -> None:
        """Logo, municipality and report title at the top of a page."""
        canvas.saveState()
        top = PAGE_HEIGHT - 11 * mm
        logo = prepared_image(self.logo)
        iw, ih = logo.size
        h = 15 * mm
        w = h * iw / ih
        canvas.drawImage(logo, MARGIN_LEFT, top - h, w, h)
        x = MARGIN_LEFT + w + 4 * mm
        canvas.setFillColor(ACCENT)
        canvas.setFont(FONT_BOLD, 11.5)
        canvas.drawString(x, top - 4.2 * mm, self.municipality)
        canvas.setFillColor(MUTED)
        canvas.setFont(FONT, 7.5)
        for i, line in enumerate(self.address_lines[:3]):
            canvas.drawString(x, top - 8.4 * mm - i * 3.3 * mm, line)
        right = PAGE_WIDTH - MARGIN_RIGHT
        canvas.setFillColor(INK)
        canvas.setFont(FONT_BOLD, 9)
        canvas.drawRightString(right, top - 4.2 * mm, text("report_title", self.lang))
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(right, top - 8.4 * mm,
                               f"{text('case_number', self.lang)} {self.case_number}")
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_LEFT, PAGE_HEIGHT - MARGIN_TOP + 5 * mm, right,
                    PAGE_HEIGHT - MARGIN_TOP + 5 * mm)
        canvas.restoreState()

    def footer(self, canvas: Canvas, page: int, pages: int) -> None:
        """Fingerprint (or the draft notice), case and visit, "Pagina X van Y"; the mark on drafts."""
        canvas.saveState()
        right = PAGE_WIDTH - MARGIN_RIGHT
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_LEFT, 20.5 * mm, right, 20.5 * mm)
        if self.draft:
            canvas.setFillColor(WARN)
            canvas.setFont(FONT_BOLD, 7.5)
            canvas.drawString(MARGIN_LEFT, 16.5 * mm, text("no_fingerprint", self.lang))
        else:
            canvas.setFillColor(INK)
            canvas.setFont(FONT_BOLD, 7)
            label = f"{text('fingerprint_label', self.lang)}: "
            canvas.drawString(MARGIN_LEFT, 16.5 * mm, label)
            canvas.setFont(FONT, 7)
            canvas.drawString(MARGIN_LEFT + pdfmetrics.stringWidth(label, FONT_BOLD, 7), 16.5 * mm,
                              self.fingerprint)
            if self.signed_by:
                canvas.setFillColor(MUTED)
                canvas.drawString(MARGIN_LEFT, 12.8 * mm, self.signed_by)
        canvas.setFillColor(MUTED)
        canvas.setFont(FONT, 7.5)
        canvas.drawString(MARGIN_LEFT, 9 * mm,
                          text("footer_visit", self.lang, case=self.case_number, visit=self.visit_id))
        canvas.setFillColor(INK)
        canvas.setFont(FONT_BOLD, 8)
        canvas.drawRightString(right, 9 * mm, text("page_of", self.lang, page=page, pages=pages))
        canvas.restoreState()
        if self.draft:
            self.watermark(canvas)

    def watermark(self, canvas: Canvas) -> None:
        """A large diagonal, translucent "CONCEPT" over the page."""
        canvas.saveState()
        canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canvas.rotate(52)
        canvas.setFillColor(WARN)
        canvas.setFillAlpha(0.16)
        canvas.setStrokeColor(WARN)
        canvas.setStrokeAlpha(0.35)
        canvas.setLineWidth(1.2)
        canvas.setFont(FONT_BOLD, 118)
        word = text("watermark", self.lang)
        canvas.drawCentredString(0, -40, word)
        width = pdfmetrics.stringWidth(word, FONT_BOLD, 118)
        canvas.roundRect(-width / 2 - 24, -64, width + 48, 132, 18, stroke=1, fill=0)
        canvas.restoreState()


class ReportCanvas(Canvas):
    """A canvas that holds back finished pages until the total is known, then adds the footers."""

    def __init__(self, *args: Any, decor: PageDecor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decor = decor
        self._held: list[dict[str, Any]] = []

    def drawImage(self, image: Any, x: float, y: float, width: float | None = None,  # noqa: N802
                  height: float | None = None, mask: Any = None, **kwargs: Any) -> Any:
        """As reportlab's, and a ``PreparedImage`` (in a given box, no mask) as reportlab would draw
        it: its image object added to the PDF once, then drawn by its name."""
        if not isinstance(image, PreparedImage):
            return super().drawImage(image, x, y, width, height, mask, **kwargs)
        if mask is not None or kwargs or width is None or height is None:
            raise ValueError("a prepared image is drawn in a given box, without a mask")
        self._currentPageHasImages = 1
        name = image.name
        registered = self._doc.getXObjectName(name)
        if registered not in self._doc.idToObject:
            made = image.xobject()
            self._setXObjects(made)
            self._doc.Reference(made, registered)
            self._doc.addForm(name, made)
        self.saveState()
        self.translate(x, y)
        self.scale(width, height)
        self._code.append(f"/{registered} Do")
        self.restoreState()
        self._formsinuse.append(name)
        return image.size

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            self._decor.footer(self, number, total)
            Canvas.showPage(self)
        Canvas.save(self)
