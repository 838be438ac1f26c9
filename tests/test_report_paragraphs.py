"""The report's paragraphs (inspector/report/paragraphs.py) are reportlab's, made with less work: the
same fragments as reportlab's markup parser makes, and the same PDF, byte for byte."""

from __future__ import annotations

import io

import pytest
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
