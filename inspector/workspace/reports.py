"""``ws.reports``: the rapport van bevindingen of a visit, as data, as PDF bytes, or as a file.

``collect`` reads the workspace (database lane); ``render`` is pure (any lane). reportlab is
imported when the first report is made: importing it costs about 0.2 s, which the app's start and a
CLI list should not pay.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from .. import evidence
from ..errors import StorageError
from .part import Part

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from ..attachments import PrintVersion
    from ..report.data import ReportData


class Reports(Part):
    def collect(self, visit_id: str, lang: str = "nl", *, prints_later: bool = False) -> ReportData:
        """Everything the report of ``visit_id`` shows, resolved to words in ``lang`` (database lane).

        A finalized visit renders from its frozen document only; a draft from one built now. A visit
        finalized by release 0.1 (format 1, no frozen document of this kind) renders as that release
        did, from the records, under its own fingerprint. ``prints_later``: the stored print versions
        are not read here but by ``read_prints``, on this lane while another renders (the renderer
        lays the photos out by their size and waits for each where it draws it); the caller must then
        run ``read_prints`` after ``collect``, or the render waits in vain."""
        from ..report.data import from_document

        ev, visit = self.ws.evidence, self.ws.visits.get(visit_id)
        # photos with a stored print version are not read
        printed = self.ws.prints.slot if prints_later else self.ws.prints.stored
        if not visit.is_locked:
            return from_document(ev.document(visit_id), lang, self.ws.visits.blob, draft=True,
                                 printed=printed)
        verdict = ev.verify(visit_id)
        addenda = [ev.said(a) for a in ev.addenda(visit_id)]
        return from_document(ev.frozen(visit_id) or ev.document(visit_id), lang, self.ws.visits.blob,
                             draft=False, fingerprint=visit.fingerprint,
                             fingerprint_ok=verdict.state("fingerprint") == evidence.OK,
                             signer=(verdict.signing_device, verdict.signing_key_id)
                             if verdict.signing_key_id else None, addenda=addenda, printed=printed)

    def read_prints(self, data: ReportData) -> None:
        """Read the print versions ``collect(..., prints_later=True)`` left for later (database lane),
        while ``render`` runs on another lane."""
        self.ws.prints.fill(data.photos, data.photo_max_side, data.photo_quality)

    @staticmethod
    def prepare() -> None:
        """Import reportlab and load the report's fonts now (any lane but the GUI thread), so that
        the first report does not wait for them (about 0.3 s)."""
        from ..report import styles

        styles.stylesheet()  # registers the fonts

    @staticmethod
    def render(data: ReportData) -> bytes:
        """The report as PDF bytes; reads no database (run it off the database lane)."""
        from ..report.pdf import render

        return render(data)

    @staticmethod
    def render_with_pages(data: ReportData) -> tuple[bytes, dict[str, int]]:
        """The report as PDF bytes, the same as ``render``, and the page (from 0) each part the
        inspector writes starts on ({"summary": 3, "conclusion": 3}), for the live preview."""
        from ..report.pdf import render_with_pages

        return render_with_pages(data)

    @staticmethod
    def made_prints(data: ReportData) -> list[tuple[str, PrintVersion]]:
        """The print versions ``render`` had to make (none stored): hand them to ``ws.prints.keep``."""
        from ..report.pdf import made_prints

        return made_prints(data)

    def build(self, visit_id: str, lang: str = "nl") -> bytes:
        """Collect and render in one call, keeping the print versions it made (CLI, scripts; the app
        splits the three over its lanes): the print versions are read here while a thread renders."""
        data = self.collect(visit_id, lang, prints_later=True)
        with ThreadPoolExecutor(max_workers=1) as renderer:
            rendering = renderer.submit(self.render, data)
            self.read_prints(data)
            pdf = rendering.result()
        made = self.made_prints(data)
        if made:
            try:
                self.ws.prints.keep(made)
            except StorageError as exc:  # only a cache for the next report: this one is made
                log.warning("print versions not stored: %s", exc.code)
        return pdf

    @staticmethod
    def write_pdf(pdf: bytes, path: str | os.PathLike[str]) -> Path:
        """Write ``pdf`` to ``path`` atomically: a half-written report never replaces a good one."""
        from ..report.pdf import write_pdf

        return write_pdf(pdf, path)

    def write(self, visit_id: str, path: str | os.PathLike[str], lang: str = "nl") -> Path:
        """Build the report of ``visit_id`` and write it atomically to ``path``."""
        return self.write_pdf(self.build(visit_id, lang), path)
