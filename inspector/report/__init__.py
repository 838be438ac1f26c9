"""The rapport van bevindingen: collect a visit into plain data, render it as a PDF.

``collect`` (data.py) reads the Workspace and runs on the database lane; ``render`` (pdf.py)
is pure and runs on the IO lane. ``build_report`` / ``write_report`` do both in one call.
"""

from __future__ import annotations

from .data import ReportData, collect
from .pdf import build_report, render, write_pdf, write_report

__all__ = ["ReportData", "build_report", "collect", "render", "write_pdf", "write_report"]
