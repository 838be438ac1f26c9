"""The report's paragraphs: reportlab's ``Paragraph``, made and wrapped with less repeated work.

Almost every paragraph of a report is plain text (user text is escaped; ``pdf.para``). reportlab
runs each through its markup parser (an ``HTMLParser``) only to get one fragment: the style's
fragment with the text in it. ``paragraph`` makes that fragment from the one the parser made for the
style once, and takes the parser's way for anything else (tags, entities, empty text). And tables
wrap every cell to size their rows, again for each part when they split over pages, and again to
draw it: ``Para`` breaks its lines once for a width. The PDF is the same, byte for byte
(tests/test_report_same_bytes.py).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaFrag, ParaParser


class Para(Paragraph):
    """A Paragraph that keeps its lines for the last width it was wrapped at."""

    _wrapped: tuple[float, float, Any] | None = None  # (width, height, the lines made for it)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        done = self._wrapped
        if done is not None and done[0] == availWidth and getattr(self, "blPara", None) is done[2]:
            self.width, self.height = availWidth, done[1]
            return availWidth, done[1]
        width, height = super().wrap(availWidth, availHeight)
        lines = getattr(self, "blPara", None)
        self._wrapped = (availWidth, height, lines) if lines is not None else None
        return width, height


@lru_cache(maxsize=64)
def _style_frag(style: ParagraphStyle) -> ParaFrag:
    """The fragment reportlab's parser makes for plain text in ``style`` (its text aside)."""
    _style, frags, _bullets = ParaParser().parse("x", style)
    return frags[0]


def paragraph(markup: str, style: ParagraphStyle) -> Para:
    """A paragraph of ``markup`` (reportlab's paragraph markup) in ``style``."""
    if "<" in markup or "&" in markup:
        return Para(markup, style)
    text = cleanBlockQuotedText(markup)  # what reportlab hands its parser
    if not text:
        return Para(markup, style)
    frags = [_style_frag(style).clone(text=text)]
    textTransformFrags(frags, style)
    return Para(text, style, frags=frags)
