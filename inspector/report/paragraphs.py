"""The report's paragraphs: reportlab's ``Paragraph``, made and wrapped with less repeated work.

Almost every paragraph of a report is plain text (user text is escaped; ``pdf.para``). reportlab
runs each through its markup parser (an ``HTMLParser``) only to get one fragment: the style's
fragment with the text in it. ``paragraph`` makes that fragment from the one the parser made for the
style once, and takes the parser's way for anything else (tags, entities, empty text). The PDF is
the same, byte for byte (tests/test_report_paragraphs.py).
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaFrag, ParaParser


@lru_cache(maxsize=64)
def _style_frag(style: ParagraphStyle) -> ParaFrag:
    """The fragment reportlab's parser makes for plain text in ``style`` (its text aside)."""
    _style, frags, _bullets = ParaParser().parse("x", style)
    return frags[0]


def paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of ``markup`` (reportlab's paragraph markup) in ``style``."""
    if "<" in markup or "&" in markup:
        return Paragraph(markup, style)
    text = cleanBlockQuotedText(markup)  # what reportlab hands its parser
    if not text:
        return Paragraph(markup, style)
    frags = [_style_frag(style).clone(text=text)]
    textTransformFrags(frags, style)
    return Paragraph(text, style, frags=frags)
