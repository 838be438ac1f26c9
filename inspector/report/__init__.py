"""The rapport van bevindingen: a visit's document as plain data in one language, rendered as a PDF.

``data.from_document`` resolves a visit's document (``snapshot.py``) into words; ``pdf.render`` is pure
and runs on the IO lane. ``ws.reports`` picks a visit's document and does both, for the UI and the CLI.
"""

from __future__ import annotations

from .data import ReportData, from_document
from .pdf import render, write_pdf

__all__ = ["ReportData", "from_document", "render", "write_pdf"]
