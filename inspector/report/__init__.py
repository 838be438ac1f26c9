"""The rapport van bevindingen: collect a visit into plain data, render it as a PDF.

``collect`` (data.py) reads the Workspace and runs on the database lane; ``render`` (pdf.py)
is pure and runs on the IO lane. ``ws.reports`` does both for the UI and the CLI.
"""

from __future__ import annotations

from .data import ReportData, collect
from .pdf import render, write_pdf

__all__ = ["ReportData", "collect", "render", "write_pdf"]
