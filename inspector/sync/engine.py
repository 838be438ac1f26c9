"""The staged sync job: upload missing blobs → push dirty records → pull pages → apply.

Each step is atomic and resumable: blobs resume at the byte the server has, a push batch carries an
idempotency key derived from its content (a replay after a dropped connection applies nothing
twice), and a pulled page is applied together with its cursor. So an interrupted sync loses nothing
and the next one continues. Blobs go first, so a record the server accepts never refers to a file
it lacks and other laptops can always complete their pull.

Threads: the job runs on a worker thread and reaches the workspace only through ``db_call``: inline
for the CLI and tests, the app's serial database lane in the GUI (see ``ui/sync_ui.py``). It never
touches the database connection concurrently with the app.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import nullcontext, suppress
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from ..errors import SyncError, SyncKind
from ..garbage import deferred
from ..model import utc_now
from ..protocol.constants import MAX_BATCH_FILES
from .client import BATCH_BYTES, CHUNK, SyncClient, cancelled_error
from .feed import PageFeed
from .local import LAST_KEY, SERVER_KEY, STATUS_KEY
from .session import DbCall, direct, drop_cached, load_token, server_settings

if TYPE_CHECKING:
    from ..protocol.wire import PullResponse
    from .local import Local

UPLOAD_WORKERS = 4
DOWNLOAD_WORKERS = 4
FETCH_FILES = 64  # files asked for in one download request (the server sends about BATCH_BYTES of them)
GROUP_RECORDS = 10_000  # pulled records written in one transaction (feed.py); two pages of 5 000
BULK_RECORDS = 20_000  # a pull of this many records or more builds the screens' indexes at its end
SAVE_BYTES = 16 * 1024 * 1024  # downloaded files kept in one transaction (one flush to the disk)
# answers asked for ahead: enough that the downloads go on while a transaction is written and flushed
FETCH_AHEAD = DOWNLOAD_WORKERS + SAVE_BYTES // BATCH_BYTES
Progress = Callable[[str, int, int], None]  # stage ("blobs", "push", "pull"), done, total (0 = unknown)
STATUS_EVERY = timedelta(hours=1)  # unchanged figures are reported again after this long


@dataclass
class SyncResult:
    pushed: int = 0
    rejected: int = 0
    pulled: int = 0
    conflicts: int = 0
    receipts: int = 0
    blobs_up: int = 0
    bytes_up: int = 0
    blobs_down: int = 0
    pending: int = 0
    seconds: float = 0.0
    removed: list[str] = field(default_factory=list)  # numbers of cases moved out of the user's teams
    purged: int = 0  # finalized visits removed from this laptop under the server's retention periods


def batch_key(workspace_id: str, records: list[dict[str, Any]]) -> str:
    """The same batch content gives the same key, so a resent batch is recognised by the server."""
    text = json.dumps(records, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "b1-" + hashlib.sha256(f"{workspace_id}\n{text}".encode()).hexdigest()


class SyncEngine:
    """One sync of one workspace; create a new engine for every run."""

    def __init__(self, ws: Local, *, db_call: DbCall[Any] = direct, progress: Progress | None = None,
                 cancel: threading.Event | None = None, batch_size: int = 250, page_size: int = 5000,
                 group_records: int = GROUP_RECORDS, chunk: int = CHUNK, bulk_records: int = BULK_RECORDS,
                 client_factory: Callable[..., SyncClient] = SyncClient.kept) -> None:
        self.ws = ws
        self.db = db_call
        self.progress = progress or (lambda stage, done, total: None)
        self.cancel = cancel or threading.Event()
        self.batch_size = batch_size
        self.page_size = page_size
        self.group_records = group_records
        self.bulk_records = bulk_records
        self.chunk = chunk
        self.client_factory = client_factory
        self.result = SyncResult()

    def _check(self) -> None:
        if self.cancel.is_set():
            raise cancelled_error()

    def run(self) -> SyncResult:
        """Sync now. Raises SyncError; a revoked device has its workspace wiped before the raise."""
        started = time.perf_counter()
        settings = self.db(lambda: server_settings(self.ws))
        if not settings.get("url"):
            raise SyncError(SyncKind.AUTH, "not_configured", "Er is nog geen server ingesteld; log eerst in.",
                            "No server has been set up yet; log in first.")
        token = load_token(self.ws.workspace_id)
        if not token:
            raise SyncError(SyncKind.AUTH, "not_logged_in",
                            "Log opnieuw in bij de server om te synchroniseren.",
                            "Log in to the server again to sync.")
        try:
            with self.client_factory(settings["url"], token) as client:
                self._register_key(client, settings)
                self._blobs(client)
                self._push(client)
                self._pull(client)
                self._status(client, settings)
        except SyncError as exc:
            if exc.code in ("token_invalid", "token_expired", "device_revoked"):
                drop_cached(self.ws.workspace_id)  # the next sync reads the keyring again
            if exc.kind is SyncKind.REVOKED:
                self.db(self.ws.wipe)
            else:
                self._remember_failure(exc)
            raise
        self.result.seconds = time.perf_counter() - started
        self.result.pending = self.db(self.ws.pending)
        last = {"at": utc_now(), "ok": True, **asdict(self.result)}
        # What a power cut may take back at no cost (the time and figures of this sync, not data): no
        # wait for the disk, which was most of a sync with nothing to do on the laptop.
        self.db(lambda: self.ws.set_setting(LAST_KEY, last, durable=False))
        return self.result

    def _remember_failure(self, exc: SyncError) -> None:
        try:
            previous = self.db(lambda: self.ws.setting(LAST_KEY, {})) or {}
            previous.update(failed_at=utc_now(), error_code=exc.code, error_nl=exc.nl, error_en=exc.en)
            self.db(lambda: self.ws.set_setting(LAST_KEY, previous))
        except Exception:  # noqa: BLE001 - reporting the sync error matters more than noting it
            pass

    # --- stages -------------------------------------------------------------------------------
    def _register_key(self, client: SyncClient, settings: dict[str, Any]) -> None:
        """Once per login: make sure the server knows this laptop's signing key and this laptop the
        server's (a laptop logged in before signed evidence existed registers its key here)."""
        key = self.db(self.ws.public_key)
        if settings.get("signing_key") == key and settings.get("server_key"):
            return
        try:
            me = client.register_key(key)
        except SyncError as exc:
            if exc.code == "key_registered":
                raise SyncError(SyncKind.AUTH, "key_changed",
                                "De ondertekeningssleutel van deze laptop is niet meer die waarmee hij "
                                "bij de server is aangemeld. Log opnieuw in.",
                                "This laptop's signing key is no longer the one it logged in with. Log in "
                                "again.") from exc
            raise
        if settings.get("server_key") and settings["server_key"] != me.get("server_key"):
            raise SyncError(SyncKind.AUTH, "server_key_changed",
                            "De server ondertekent met een andere sleutel dan eerder. Er is niets gewijzigd; "
                            "neem contact op met de beheerder.",
                            "The server signs with another key than before. Nothing was changed; contact the "
                            "administrator.")
        settings.update(signing_key=key, server_key=str(me.get("server_key") or ""))
        self.db(lambda: self.ws.set_setting(SERVER_KEY, settings))

    def _blobs(self, client: SyncClient) -> None:
        hashes = self.db(self.ws.unsent_blobs)
        if not hashes:
            return
        missing = client.blobs_missing(hashes)
        present = sorted(set(hashes) - set(missing))
        if present:
            self.db(partial(self.ws.mark_uploaded, present))
        # Small files go several to a request, a large one alone in resumable pieces; several requests
        # at once (the server stores while the next travels). The database is read and written only
        # from this thread, through db_call.
        todo, held = iter(missing), list[tuple[str, bytes]]()
        done = 0
        with ThreadPoolExecutor(max_workers=UPLOAD_WORKERS) as pool:
            pending: dict[Future[int], list[str]] = {}
            while True:
                self._check()
                group = self.db(partial(self._group, todo, held))
                if group:
                    pending[pool.submit(self._send, client, group)] = [sha for sha, _ in group]
                if len(pending) >= 2 * UPLOAD_WORKERS or not group:
                    done += self._finish_uploads(pending, wait_all=not group)
                    self.progress("blobs", done, len(missing))
                if not group:
                    return

    def _group(self, todo: Iterator[str], held: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
        """The next files to send in one request: small ones up to ``BATCH_BYTES`` together, or one
        larger than a piece alone (``held``: a file read that did not fit the group before)."""
        group: list[tuple[str, bytes]] = []
        size = 0
        while True:
            if held:
                sha, data = held.pop()
            else:
                following = next(todo, None)
                if following is None:
                    break
                found = self.ws.blob(following)
                if found is None:
                    continue
                sha, data = following, found
            large = len(data) > self.chunk
            if group and (large or size + len(data) > BATCH_BYTES or len(group) >= MAX_BATCH_FILES):
                held.append((sha, data))
                break
            group.append((sha, data))
            size += len(data)
            if large:
                break
        return group

    def _send(self, client: SyncClient, group: list[tuple[str, bytes]]) -> int:
        if len(group) == 1 and len(group[0][1]) > self.chunk:
            sha, data = group[0]
            return client.upload_blob(sha, data, chunk=self.chunk, cancelled=self.cancel.is_set)
        return client.upload_blobs(group)

    def _finish_uploads(self, pending: dict[Future[int], list[str]], wait_all: bool) -> int:
        finished = wait(pending, return_when=ALL_COMPLETED if wait_all else FIRST_COMPLETED).done
        uploaded: list[str] = []
        for future in finished:
            group = pending.pop(future)
            self.result.bytes_up += future.result()  # re-raises a failed upload's SyncError
            uploaded += group
        if uploaded:
            self.db(partial(self.ws.mark_uploaded, uploaded))
            self.result.blobs_up += len(uploaded)
        return len(uploaded)

    def _push(self, client: SyncClient) -> None:
        keys = self.db(self.ws.pending_keys)
        for start in range(0, len(keys), self.batch_size):
            self._check()
            part = keys[start:start + self.batch_size]
            records = self.db(partial(self.ws.batch, part))
            if not records:
                continue
            response = client.push(batch_key(self.ws.workspace_id, records), records)
            done = self.db(partial(self.ws.apply_push_results, records, response))
            self.result.pushed += done.accepted
            self.result.rejected += done.rejected
            self.result.conflicts += done.conflicts
            self.result.receipts += done.receipts
            self.progress("push", min(start + self.batch_size, len(keys)), len(keys))

    def _status(self, client: SyncClient, settings: dict[str, Any]) -> None:
        """Report what still waits here when that changed since the last report (or this device never
        reported), else once every ``STATUS_EVERY``; apply the retention periods the server answers
        (an older server answers nothing, and nothing is removed). A sync with nothing to do thus
        makes no request for it."""
        unsent, refused = self.db(self.ws.waiting)
        now = utc_now()
        figures = {"device": str(settings.get("device_id") or ""), "unsent": unsent, "quarantined": refused}
        last = dict(self.db(lambda: self.ws.setting(STATUS_KEY, {})) or {})
        if {k: last.get(k) for k in figures} == figures and _recent(str(last.get("at") or ""), now):
            return
        answer = client.report_status(unsent, refused)
        if answer is not None:
            keep, months = answer.get("keep_days"), dict(answer.get("retention_months") or {})
            self.result.purged = self.db(partial(self.ws.purge_expired, keep, months))
        self.db(lambda: self.ws.set_setting(STATUS_KEY, {**figures, "at": now}, durable=False))

    def _pull(self, client: SyncClient) -> None:
        cursor = self.db(self.ws.cursor)
        # The first page is fetched here (a sync with nothing to do starts no thread); the next ones
        # while the laptop writes, and those that are in by then are written together (feed.py).
        page = client.pull(cursor, self.page_size, True)
        total = len(page["records"]) + int(page.get("remaining") or 0)
        # A large pull into a workspace holding less: the screens' indexes are built at its end, and
        # also when it is cut short (a killed one: at the workspace's next opening; store/bulk.py).
        aside = self.db(partial(self.ws.prepare_indexes, total, self.bulk_records))
        try:
            self._pages(client, page, total)
        except BaseException:
            if aside:
                with suppress(Exception):  # the pull's own error is the one to report
                    self.db(self.ws.restore_indexes)
            raise
        if aside:
            self.db(self.ws.restore_indexes)

    def _pages(self, client: SyncClient, page: PullResponse, total: int) -> None:
        done_count = 0
        group_pages = -(-self.group_records // self.page_size)  # held: one group written, the next fetched
        # A large pull keeps many objects alive for a while: automatic garbage collection would scan
        # the whole heap again and again (a tenth of a 600 000-record pull; garbage.py). One page is no
        # large pull: collecting after it was a third of a sync with nothing to do's own work.
        with deferred() if page["more"] else nullcontext(), \
                PageFeed(lambda after: client.pull(after, self.page_size, False), page,
                         group_records=self.group_records, held=2 * group_pages, cancel=self.cancel) as feed:
            del page  # the feed holds the first page until it is written, and no longer
            for group in feed.groups():
                self._check()
                self._apply(client, group)
                done_count += sum(len(p["records"]) for p in group)
                self.progress("pull", done_count, max(total, done_count))
                del group  # written: its pages go while the next ones are awaited
        self._check()

    def _apply(self, client: SyncClient, pages: list[PullResponse]) -> None:
        records = [r for p in pages for r in p["records"]]
        wanted = self.db(partial(self.ws.missing_blobs, records)) if records else []
        if wanted:
            mimes = {str(r["data"].get("sha256")): str(r["data"].get("mime") or "")
                     for r in records if r["entity"] == "attachments"}
            self._download(client, wanted, mimes)
        applied = self.db(partial(self.ws.apply_pages, pages))
        self.result.removed += applied.removed
        self.result.pulled += applied.records
        self.result.conflicts += applied.conflicts
        self.result.receipts += applied.receipts

    def _download(self, client: SyncClient, wanted: list[str], mimes: dict[str, str]) -> None:
        """Fetch files, several to an answer of about ``BATCH_BYTES`` and a few answers at once, and
        keep them (checked against their hash) in groups of about ``SAVE_BYTES``, before the page that
        refers to them: each file is in memory once and only until it is kept, and a pull cut short
        does not fetch the kept ones again."""
        todo = deque(wanted[start:start + FETCH_FILES] for start in range(0, len(wanted), FETCH_FILES))
        batch: list[tuple[str, bytes | bytearray, str]] = []
        size = 0
        with ThreadPoolExecutor(max_workers=DOWNLOAD_WORKERS) as pool:
            ahead: deque[tuple[list[str], Future[tuple[list[tuple[str, bytearray]], list[str]]]]] = deque()

            def fill() -> None:
                while todo and len(ahead) < FETCH_AHEAD:
                    group = todo.popleft()
                    ahead.append((group, pool.submit(client.fetch_blobs, group)))

            fill()
            try:
                while ahead:
                    self._check()
                    group, future = ahead.popleft()
                    files, later = future.result()  # re-raises a failed download's SyncError
                    if later:
                        todo.appendleft(later)
                    fill()
                    got = {sha for sha, _ in files} | set(later)
                    # one the server left out is not (or no longer) in scope: its own answer says so
                    files += [(sha, client.download_blob(sha)) for sha in group if sha not in got]
                    for sha, data in files:
                        batch.append((sha, data, mimes.get(sha, "")))
                        size += len(data)
                    if size >= SAVE_BYTES or not ahead:
                        self.db(partial(self.ws.save_blobs, batch))
                        self.result.blobs_down += len(batch)
                        batch, size = [], 0
            finally:
                pool.shutdown(cancel_futures=True)


def _recent(at: str, now: str) -> bool:
    """Whether ``at`` lies less than ``STATUS_EVERY`` before ``now`` (not after it: a clock set back)."""
    try:
        then, moment = datetime.fromisoformat(at), datetime.fromisoformat(now)
    except ValueError:
        return False
    return then.tzinfo is not None and then <= moment < then + STATUS_EVERY
