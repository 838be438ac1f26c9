"""Run work off the GUI thread and deliver results back on it.

Two lanes: ``db`` is serial (one thread owns the workspace's connection, so writes never
interleave) and ``io`` is parallel (image decoding, PDF building, network). Background code gets
plain data, never widgets. Tests use ``SyncTaskRunner`` to run everything inline.
"""

from __future__ import annotations

import itertools
import logging
import sys
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

from inspector import redaction

SWITCH_INTERVAL = 0.001  # seconds a thread may hold the interpreter lock while another waits

log = logging.getLogger(__name__)

Done = Callable[[Any], None] | None
Failed = Callable[[BaseException], None] | None


class _Relay(QObject):
    """Lives in the GUI thread; its queued signals carry results back there.

    It also holds each job's function and callbacks until the result is delivered, so their last
    reference is always dropped on the GUI thread: a widget (a dialog whose bound method was the
    callback) must never be destroyed by a worker thread.
    """

    finished = Signal(int, object)  # job key, result
    failed = Signal(int, object)  # job key, exception

    def __init__(self) -> None:
        super().__init__()
        self._held: dict[int, tuple[Callable[[], Any], Done, Failed]] = {}
        self._keys = itertools.count(1)  # next() is atomic: jobs may also be queued from workers
        self.finished.connect(self._finish)
        self.failed.connect(self._fail)

    def hold(self, fn: Callable[[], Any], on_done: Done, on_error: Failed) -> int:
        key = next(self._keys)
        self._held[key] = (fn, on_done, on_error)
        return key

    @Slot(int, object)
    def _finish(self, key: int, result: Any) -> None:
        _fn, callback, _ = self._held.pop(key)
        if callback is not None:
            callback(result)

    @Slot(int, object)
    def _fail(self, key: int, exc: BaseException) -> None:
        _fn, _, callback = self._held.pop(key)
        if callback is not None:
            callback(exc)


class _Job(QRunnable):
    def __init__(self, runner: TaskRunner, fn: Callable[[], Any], on_done: Done,
                 on_error: Failed) -> None:
        super().__init__()
        self.runner, self.fn = runner, fn
        self.key = runner.relay.hold(fn, on_done, on_error or runner.default_error)

    def run(self) -> None:
        fn, self.fn = self.fn, None
        try:
            result = fn()
        except BaseException as exc:  # noqa: BLE001 - delivered to the GUI thread
            # Type, code and frames only: the exception's text may quote a surname or a note.
            exc.__traceback_text__ = redaction.traceback_text(  # type: ignore[attr-defined]
                type(exc), exc, exc.__traceback__)
            exc.__traceback__ = None  # its frames may reference widgets: free them here, not later
            fn = None  # the relay still holds it until delivery on the GUI thread
            self.runner.relay.failed.emit(self.key, exc)
        else:
            fn = None
            self.runner.relay.finished.emit(self.key, result)
        finally:
            self.runner._job_done()


class TaskRunner(QObject):
    """The app's background lanes."""

    busy_changed = Signal(bool)

    def __init__(self, default_error: Callable[[BaseException], None] | None = None) -> None:
        super().__init__()
        # The lanes' Python work (a report preview, a sync) holds the interpreter lock for up to the
        # switch interval each time the GUI thread comes back from Qt: 5 ms by default, which turned the
        # Rapport step's 25 ms of GUI work into 70-85 ms of waiting. 1 ms keeps the window responsive.
        sys.setswitchinterval(SWITCH_INTERVAL)
        self.relay = _Relay()
        self.db_pool = QThreadPool()
        self.db_pool.setMaxThreadCount(1)
        self.io_pool = QThreadPool()
        self.io_pool.setMaxThreadCount(max(2, QThreadPool.globalInstance().maxThreadCount()))
        self.default_error = default_error or (lambda exc: log.error("background task failed: %s", exc))
        self._pending = 0

    def run_db(self, fn: Callable[[], Any], on_done: Done = None, on_error: Failed = None) -> None:
        """Run ``fn`` on the serial database lane; callbacks run on the GUI thread."""
        self._start(self.db_pool, fn, on_done, on_error)

    def run_io(self, fn: Callable[[], Any], on_done: Done = None, on_error: Failed = None) -> None:
        """Run ``fn`` on the parallel lane (images, PDF, network)."""
        self._start(self.io_pool, fn, on_done, on_error)

    def _start(self, pool: QThreadPool, fn: Callable[[], Any], on_done: Done, on_error: Failed) -> None:
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        pool.start(_Job(self, fn, on_done, on_error))

    def _job_done(self) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)

    @property
    def pending(self) -> int:
        return self._pending

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until both lanes are idle (shutdown and tests only)."""
        return self.db_pool.waitForDone(msecs) and self.io_pool.waitForDone(msecs)


class Slices(QObject):
    """Small GUI-thread jobs (building widgets) run a few at a time, ``budget_ms`` per turn of the event
    loop, so building a long page never freezes the window (target: no block over 50 ms). One queue
    per open visit: its pages and the checklist's editors share the budget of a turn."""

    def __init__(self, parent: QObject | None = None, budget_ms: float = 8.0) -> None:
        super().__init__(parent)
        self.budget = budget_ms / 1000
        self.jobs: deque[Callable[[], object]] = deque()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._turn)

    def run(self, jobs: list[Callable[[], object]], done: Callable[[], object] | None = None) -> None:
        """Queue ``jobs`` (after those already waiting), then ``done``. A job that returns True has
        more to do: it runs again first."""
        self.jobs.extend(jobs)
        if done is not None:
            self.jobs.append(done)
        self.timer.start()

    def cancel(self) -> None:
        """Drop what is still queued (its widgets are going away)."""
        self.jobs.clear()
        self.timer.stop()

    @property
    def busy(self) -> bool:
        return bool(self.jobs) or self.timer.isActive()

    def _turn(self) -> None:
        end = time.perf_counter() + self.budget
        while self.jobs and time.perf_counter() < end:
            job = self.jobs.popleft()
            if job() is True:  # more of it to do: first again, in this turn if time is left
                self.jobs.appendleft(job)
        if self.jobs:
            self.timer.start()


class SyncTaskRunner(TaskRunner):
    """Runs every task inline on the calling thread (tests, scripts)."""

    def _start(self, pool: QThreadPool, fn: Callable[[], Any], on_done: Done, on_error: Failed) -> None:
        try:
            result = fn()
        except Exception as exc:  # noqa: BLE001
            (on_error or self.default_error)(exc)
        else:
            if on_done is not None:
                on_done(result)
