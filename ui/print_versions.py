"""The photos' print versions made in the background, never on the GUI thread (``ws.prints``).

Photos imported here get theirs at import (in the photo helper processes). Photos that came with a
pull from another laptop, or all of them after the print size setting changed, get theirs from
``PrintFiller``: the list on the database lane, a few photos at a time read there, made in a photo
helper process (from the IO lane), stored on the database lane. A report that had to make some
stores them afterwards (``keep_made``).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject

from inspector.workspace import Workspace
from inspector.workspace.prints import Wanted
from ui.tasks import TaskRunner
from ui.visit import decoder

log = logging.getLogger(__name__)
BATCH = 6  # photos read and made per round: a few MB in memory, short turns on the database lane


def keep_made(runner: TaskRunner, ws: Workspace, data: Any) -> None:
    """After a report (``data``: its ReportData) was rendered: store the print versions it made."""
    if all(photo.printed is not None for photo in data.photos):
        return

    def made(versions: list[Any]) -> None:
        if versions:
            runner.run_db(lambda: ws.prints.keep(versions), None, _failed)

    runner.run_io(lambda: ws.reports.made_prints(data), made, _failed)


def read_prints(runner: TaskRunner, ws: Workspace, data: Any) -> None:
    """After ``collect(..., prints_later=True)``: read the photos' print versions on the database lane
    while the report renders on the IO lane (queue this first: a runner that runs jobs in turn must
    read before it renders). A failure reaches the user through the render, which gets it too."""
    if any(photo.pending is not None for photo in data.photos):
        runner.run_db(lambda: ws.reports.read_prints(data), None, _not_read)


def _not_read(exc: BaseException) -> None:
    log.info("print versions not read for a report: %s", type(exc).__name__)


def _failed(exc: BaseException) -> None:
    # Nothing is lost: the report makes what is missing each time, and the next round tries again.
    log.warning("print versions not stored: %s", exc)


def _make(originals: list[tuple[Wanted, bytes]]) -> list[tuple[str, Any]]:
    made = []
    for wanted, data in originals:
        version = decoder.print_version(data, wanted.width, wanted.height, wanted.target, wanted.quality)
        if version is not None:
            made.append((wanted.sha256, version))
    return made


class PrintFiller(QObject):
    """Makes every missing print version at the current print size setting, one batch at a time."""

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws, self.runner = ws, runner
        self.queue: list[Wanted] = []
        self.busy = False
        self.again = False
        self.made = 0

    def start(self) -> None:
        """Look for missing print versions and make them (again once done, when called while busy)."""
        if self.busy:
            self.again = True
            return
        self.busy, self.again = True, False
        self.runner.run_db(self.ws.prints.missing, self._listed, self._stop)

    def _listed(self, wanted: list[Wanted]) -> None:
        self.queue = wanted
        self._next()

    def _next(self) -> None:
        if not self.queue:
            self.busy = False
            if self.again:
                self.start()
            return
        batch, self.queue = self.queue[:BATCH], self.queue[BATCH:]
        ws, runner = self.ws, self.runner

        def read() -> list[tuple[Wanted, bytes]]:
            return ws.prints.originals(batch)

        def store(made: list[tuple[str, Any]]) -> None:
            self.made += len(made)
            runner.run_db(lambda: ws.prints.keep(made), lambda _none: self._next(), self._stop)

        runner.run_db(read, lambda originals: runner.run_io(lambda: _make(originals), store, self._stop),
                      self._stop)

    def _stop(self, exc: BaseException) -> None:
        _failed(exc)
        self.queue, self.busy = [], False
