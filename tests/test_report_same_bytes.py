"""What the report makes with less work than reportlab would, it makes as reportlab would: the same
PDF, byte for byte. Paragraphs (inspector/report/paragraphs.py): the fragments reportlab's markup
parser makes, lines broken once per width. The logo (styles.PreparedImage): the image object
reportlab makes, made once per process."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from inspector.report import styles
from inspector.report.paragraphs import paragraph

TEXTS = [
    "Ja",
    "Waargenomen bij binnenkomst.",
    "  spaties   vooraf,\ttabs en   dubbele spaties  ",
    "regels\nonder\r\nelkaar",
    "Coördinatiestraat 12, ĳzeren kast, € 1.250, Öztürk – “aanhalingstekens”",
    "a > b en c = d",
    "escaped &amp; &lt;tags&gt;",
    "regel<br/>regel",
    "",
    "   ",
    "lang " * 400,
]


def frags(p: Paragraph) -> list[dict[str, object]]:
    return [dict(f.__dict__) for f in p.frags]


@pytest.mark.parametrize("style", sorted(styles.stylesheet()))
def test_the_same_fragments_as_reportlab_parser(style: str) -> None:
    st = styles.stylesheet()[style]
    for text in TEXTS:
        ours, theirs = paragraph(text, st), Paragraph(text, st)
        assert (ours.text, frags(ours), ours.style, ours.bulletText) == \
            (theirs.text, frags(theirs), theirs.style, theirs.bulletText), text


def test_the_same_pdf() -> None:
    def pdf(make: type[Paragraph] | object) -> bytes:
        st = styles.stylesheet()
        story: list[object] = []
        for name in ("title", "h1", "body", "note", "quote"):
            story += [make(text, st[name]) for text in TEXTS]  # type: ignore[operator]
        story.append(Table([[make(text, st["cell"]), make(text, st["small"])] for text in TEXTS[:-1]],
                           colWidths=[80, 300], splitInRow=1))
        buf = io.BytesIO()
        SimpleDocTemplate(buf, invariant=1).build(story)
        return buf.getvalue()

    styles.register_fonts()
    assert pdf(paragraph) == pdf(Paragraph)


def test_the_logo_as_reportlab_draws_it() -> None:
    """The logo drawn on three pages of two reports is in each PDF as reportlab's own drawImage puts
    it there (one image object, drawn by its name on every page)."""
    logo = styles.logo_png(None)
    decor = styles.PageDecor(lang="nl", municipality="Gemeente", address_lines=[], logo=logo,
                             case_number="Z-1", visit_id="v", fingerprint="", draft=False)

    def pdf(canvas: Canvas, image: object) -> bytes:
        for _ in range(3):
            canvas.drawImage(image, 50, 700, 60, 70)
            canvas.drawString(50, 650, "Pagina")
            Canvas.showPage(canvas)
        Canvas.save(canvas)
        return canvas.getpdfdata()

    theirs = pdf(Canvas(io.BytesIO(), invariant=1), ImageReader(io.BytesIO(logo)))
    for _ in range(2):
        ours = styles.ReportCanvas(io.BytesIO(), decor=decor, invariant=1)
        assert pdf(ours, styles.prepared_image(logo)) == theirs
    assert theirs.count(b"/Subtype /Image") == 1
