"""Pulled pages fetched ahead of their writing, handed over a few at a time.

While the laptop writes pages, a thread fetches the next ones, so network and server overlap the
local work. The pages that are in when the writer is ready go together, into one transaction:
each commit writes every index page it changed once more, encrypted, and the indexes (random ids)
grow with the workspace, so fewer, larger commits are what keeps a large pull fast. At most
``held`` pages are in memory at once (fetched, waiting or being written): a page of 5 000 records
takes about 10 MB once decoded (its body is let go: pulled.py).

A fetch that fails ends the feed after the pages fetched before it: those are still written (with
their cursor, so the next sync continues after them), then the error is raised.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from types import TracebackType

from ..protocol.wire import PullResponse


class PageFeed:
    """The pages after ``first``, each fetched by ``fetch(cursor)``; iterate ``groups()`` to take them."""

    def __init__(self, fetch: Callable[[str], PullResponse], first: PullResponse, *, group_records: int,
                 held: int, cancel: threading.Event) -> None:
        self._fetch = fetch
        self._group_records = group_records
        self._held_max = max(2, held)
        self._cancel = cancel
        self._ready: deque[PullResponse] = deque([first])
        self._held = 1  # pages fetched or being fetched and not yet written
        self._error: BaseException | None = None
        self._done = not first["more"]
        self._stop = False
        self._lock = threading.Condition()
        self._thread = threading.Thread(target=self._run, args=(first["cursor"],), name="pull-feed",
                                        daemon=True)
        if not self._done:
            self._thread.start()

    def __enter__(self) -> PageFeed:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        with self._lock:
            self._stop = True
            self._lock.notify_all()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self, cursor: str) -> None:
        while True:
            with self._lock:
                while self._held >= self._held_max and not self._stop:
                    self._lock.wait()
                if self._stop:
                    return
                self._held += 1
            try:
                page = self._fetch(cursor)
            except BaseException as exc:  # noqa: BLE001 - handed to the writer, raised there
                with self._lock:
                    self._held -= 1
                    self._error, self._done = exc, True
                    self._lock.notify_all()
                return
            with self._lock:
                self._ready.append(page)
                self._done = not page["more"]
                self._lock.notify_all()
            if not page["more"]:
                return
            cursor = page["cursor"]

    def groups(self) -> Iterator[list[PullResponse]]:
        """Pages to write together, in order: what is in, once it makes ``group_records`` records
        (or nothing more can come). A page is let go when the next group is asked for."""
        taken = 0
        while True:
            with self._lock:
                self._held -= taken
                self._lock.notify_all()
                while not (self._done or self._cancel.is_set() or self._held >= self._held_max or
                           sum(len(p["records"]) for p in self._ready) >= self._group_records):
                    self._lock.wait(0.1)
                group = list(self._ready)
                self._ready.clear()
                error = self._error if not group else None
            if error is not None:
                raise error
            if not group:
                return
            taken = len(group)
            yield group
            del group  # written: not kept while the next group is awaited
