"""Long user text (a note, a statement, a summary) as a flowable that wraps and splits in linear time.

reportlab's Paragraph re-wraps the whole rest of its text every time it is split over a page, so one
Paragraph of n characters costs time in n² (100 KB took 13 s, 1 MB never finished), and its general
markup machinery costs several milliseconds per kilobyte even when split into pieces. User text has
no markup: ``PlainText`` wraps it once per column width on word boundaries (word widths cached),
splits by slicing its lines, and draws each line as it is. Nothing is dropped: every character of the
text is on some line, in order (a word wider than the column is broken over lines).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` as lines no wider than ``width`` points: its own line breaks kept, long lines broken
    after a space, a word wider than a line broken between characters."""
    widths: dict[str, float] = {}
    space = stringWidth(" ", font, size)

    def measure(word: str) -> float:
        w = widths.get(word)
        if w is None:
            w = widths[word] = stringWidth(word, font, size)
        return w

    out: list[str] = []
    for source in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line: list[str] = []
        used = 0.0
        for word in source.split(" "):
            w = measure(word)
            if w > width:  # longer than a whole line: break it between characters
                if line:
                    out.append(" ".join(line))
                    line, used = [], 0.0
                piece = ""
                for ch in word:
                    if piece and stringWidth(piece + ch, font, size) > width:
                        out.append(piece)
                        piece = ""
                    piece += ch
                line, used = [piece], stringWidth(piece, font, size)
                continue
            extra = w if not line else space + w
            if line and used + extra > width:
                out.append(" ".join(line))
                line, used = [word], w
            else:
                line.append(word)
                used += extra
        out.append(" ".join(line))
    return out


class PlainText(Flowable):
    """Plain text in a paragraph style's font, size, leading, colour, indents and background."""

    def __init__(self, text: str, style: ParagraphStyle, lines: list[str] | None = None,
                 first: bool = True, last: bool = True) -> None:
        super().__init__()
        self.text, self.style = text, style
        self._lines = lines
        self._width = -1.0
        self.first, self.last = first, last
        self.spaceBefore = style.spaceBefore if first else 0
        self.spaceAfter = style.spaceAfter if last else 0

    def _pad(self) -> tuple[float, float, float, float]:
        """Background padding (top, right, bottom, left) when the style is shaded."""
        if not self.style.backColor:
            return 0.0, 0.0, 0.0, 0.0
        p: Any = self.style.borderPadding
        t, r, b, left = (p, p, p, p) if isinstance(p, (int, float)) else (tuple(p) + tuple(p))[:4]
        return float(t), float(r), float(b), float(left)

    def lines(self, avail_width: float) -> list[str]:
        if self._lines is None or (self._width != avail_width and self.first and self.last):
            st = self.style
            inner = max(avail_width - st.leftIndent - st.rightIndent, st.fontSize * 2)
            self._lines = wrap_lines(self.text, st.fontName, st.fontSize, inner)
            self._width = avail_width
        return self._lines

    def _height(self, n: int) -> float:
        top, _, bottom, _ = self._pad()
        leading = float(self.style.leading)
        return n * leading + (top if self.first else 0) + (bottom if self.last else 0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self._height(len(self.lines(avail_width)))
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        lines = self.lines(avail_width)
        top, _, _, _ = self._pad()
        fit = int((avail_height - (top if self.first else 0)) // self.style.leading)
        if fit < 2 or fit >= len(lines):  # no lone first line at a page's foot
            return []
        if len(lines) - fit < 2:  # no lone last line at the top of the next page
            fit = len(lines) - 2
        head = PlainText(self.text, self.style, lines[:fit], self.first, False)
        tail = PlainText(self.text, self.style, lines[fit:], False, self.last)
        for part in (head, tail):
            part._width = avail_width
        return [head, tail]

    def last_lines(self, n: int, avail_width: float) -> tuple[PlainText, PlainText]:
        """This text as two: all but its last ``n`` lines at ``avail_width``, and those lines (to keep
        them with what follows, e.g. a statement's end with its signature)."""
        lines = self.lines(avail_width)
        n = min(n, max(len(lines) - 1, 1))
        head = PlainText(self.text, self.style, lines[:-n], self.first, False)
        tail = PlainText(self.text, self.style, lines[-n:], False, self.last)
        for part in (head, tail):
            part._width = avail_width
        return head, tail

    def draw(self) -> None:
        st, canv = self.style, self.canv
        lines = self._lines or []
        top, right, bottom, left = self._pad()
        if st.backColor:
            canv.saveState()
            canv.setFillColor(st.backColor)
            canv.rect(st.leftIndent - left, 0, self.width - st.leftIndent - st.rightIndent + left + right,
                      self.height, stroke=0, fill=1)
            canv.restoreState()
        text = canv.beginText(st.leftIndent, self.height - (top if self.first else 0) - st.fontSize)
        text.setFont(st.fontName, st.fontSize, st.leading)
        text.setFillColor(st.textColor)
        for line in lines:
            text.textLine(line)
        canv.drawText(text)
