"""The HTTP client for protocol v1 (httpx; a sync's and the app's ping's connections kept open from one
to the next, while the server keeps them: ``SyncClient.kept``).

Every answer the server can give becomes either a result or a ``SyncError`` with a kind the caller
can act on: NETWORK (try later), AUTH (log in again), REVOKED (wipe), PROTOCOL (update the app or
fix the address), SERVER (the server failed).
"""

from __future__ import annotations

import functools
import hashlib
import json
import ssl
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast
from urllib.parse import quote, urlencode

import httpx
import msgspec

from ..errors import SyncError, SyncKind
from ..protocol import constants as p
from ..protocol import wire
from .pulled import decode_page

CHUNK = 1024 * 1024  # bytes per upload request (a piece the server commits by itself)
BATCH_BYTES = 3 * 1024 * 1024  # files of up to CHUNK go together in requests of about this many bytes
STREAM_CHUNK = 256 * 1024  # bytes per slice of a request or answer body as it goes over the network
TIMEOUT = httpx.Timeout(30.0, connect=5.0)


def cancelled_error() -> SyncError:
    return SyncError(SyncKind.NETWORK, "cancelled", "De synchronisatie is afgebroken; er is niets verloren.",
                     "The sync was cancelled; nothing was lost.")


def check_url(url: str) -> str:
    """The base URL without a trailing slash; refuses plain HTTP to anything but this computer."""
    problem = p.url_problem(url)
    if problem is not None:
        raise SyncError(SyncKind.PROTOCOL, *problem)
    return url.strip().rstrip("/")


def network_error(exc: Exception) -> SyncError:
    return SyncError(SyncKind.NETWORK, "network",
                     f"De server is niet bereikbaar of de verbinding viel weg ({type(exc).__name__}). "
                     "Er is niets verloren; probeer het later opnieuw.",
                     f"The server cannot be reached or the connection dropped ({type(exc).__name__}). "
                     "Nothing was lost; try again later.")


_KIND_BY_CODE = {"device_revoked": SyncKind.REVOKED, "client_outdated": SyncKind.PROTOCOL,
                 "server_outdated": SyncKind.PROTOCOL}


def error_from_response(response: httpx.Response) -> SyncError:
    """The server's ErrorBody as a SyncError."""
    try:
        body = response.json()
        code, en, nl = str(body["code"]), str(body["message"]), str(body["message_nl"])
        detail = body.get("detail")
    except (ValueError, KeyError, TypeError):
        code, detail = f"http_{response.status_code}", None
        en = f"The server answered with HTTP {response.status_code}."
        nl = f"De server antwoordde met HTTP {response.status_code}."
    status = response.status_code
    if code in _KIND_BY_CODE:
        kind = _KIND_BY_CODE[code]
    elif status in (401, 429):
        kind = SyncKind.AUTH
    elif status >= 500:
        kind = SyncKind.SERVER
    else:
        kind = SyncKind.PROTOCOL
    return SyncError(kind, code, nl, en, status=status, details=detail)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One verifying TLS context per process (loading the CA store takes tens of milliseconds)."""
    return ssl.create_default_context()


# msgspec decodes about 2.5 times faster than the standard library, into the same plain dicts and
# lists (a pulled page has its own decoder: pulled.py).
_decode = msgspec.json.Decoder().decode


def _json(response: httpx.Response) -> dict[str, Any]:
    """The JSON object of a success answer; anything else (a portal page, a cut body) is a clear error."""
    try:
        body = _decode(response.content)
    except msgspec.DecodeError:
        body = None
    if not isinstance(body, dict):
        raise unreadable_error()
    return body


def unreadable_error() -> SyncError:
    return SyncError(SyncKind.SERVER, "bad_response",
                     "De server gaf een onleesbaar antwoord; probeer het later opnieuw.",
                     "The server gave an unreadable answer; try again later.")


def _slices(piece: memoryview) -> Iterator[memoryview]:
    """A piece of a file as consecutive slices (views, not copies), for a streamed request body."""
    for start in range(0, len(piece), STREAM_CHUNK):
        yield piece[start:start + STREAM_CHUNK]


def _batch_body(head: bytes, files: list[tuple[str, bytes]]) -> Iterator[bytes | memoryview]:
    yield head
    for _, data in files:
        yield from _slices(memoryview(data))


def _head(line: bytearray) -> tuple[list[tuple[str, int]], list[str]]:
    try:
        head = json.loads(line)
        return [(str(f["sha256"]), int(f["size"])) for f in head["files"]], [str(h) for h in head["later"]]
    except (ValueError, KeyError, TypeError):
        raise SyncError(SyncKind.SERVER, "bad_response",
                        "De server gaf een onleesbaar antwoord; probeer het later opnieuw.",
                        "The server gave an unreadable answer; try again later.") from None


def corrupt_error() -> SyncError:
    return SyncError(SyncKind.SERVER, "blob_corrupt",
                     "Een bestand van de server is beschadigd aangekomen; probeer opnieuw.",
                     "A file from the server arrived damaged; try again.")


def _unsupported(exc: SyncError) -> bool:
    """An older server without the batch endpoints (protocol 2 without them): 404 or 405."""
    return exc.status in (404, 405) and exc.code in ("not_found", "method_not_allowed", "http_404",
                                                     "http_405")


KEPT_SERVERS = 4  # servers whose connections a process keeps between syncs (the app talks to one)
_kept: OrderedDict[tuple[str, int, str], httpx.Client] = OrderedDict()
_kept_lock = threading.Lock()
# An idle connection is let go of 5 s before the server closes it (``KEEP_ALIVE_S``).
_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20,
                       keepalive_expiry=p.KEEP_ALIVE_S - 5)


def _http_client(base_url: str, protocol_version: int, timeout: httpx.Timeout) -> httpx.Client:
    headers = {p.HEADER: str(protocol_version), "User-Agent": "inspector-sync/1"}
    return httpx.Client(base_url=base_url + p.API_PREFIX, headers=headers, timeout=timeout,
                        verify=_tls_context(), limits=_LIMITS)


def _kept_client(base_url: str, protocol_version: int, timeout: httpx.Timeout) -> httpx.Client:
    """The process's client for a server, kept with its open connections from one sync (or ping) to
    the next: a sync then needs no new connection (over HTTPS, no new TLS handshake) while the server
    keeps it open (``KEEP_ALIVE_S``). A connection the server closed meanwhile (a proxy in front with a
    shorter keep-alive, a restart) is noticed before it is used, and a new one made."""
    key = (base_url, protocol_version, repr(timeout))
    with _kept_lock:
        client = _kept.get(key)
        if client is None:
            client = _kept[key] = _http_client(base_url, protocol_version, timeout)
            while len(_kept) > KEPT_SERVERS:
                _kept.popitem(last=False)[1].close()
        _kept.move_to_end(key)
        return client


class SyncClient:
    """Calls to one server with (optionally) one device token. ``keep``: over the process's kept
    connections to that server (``_kept_client``), which closing this client leaves open."""

    def __init__(self, base_url: str, token: str | None = None, *, timeout: httpx.Timeout = TIMEOUT,
                 protocol_version: int = p.PROTOCOL_VERSION, keep: bool = False) -> None:
        self.base_url = check_url(base_url)
        self.token = token
        self.batches = True  # until a server without the batch endpoints says otherwise
        # Pages compressed except on this computer, where compressing costs more than it saves
        self._pull_encoding = "identity" if p.is_loopback_host(httpx.URL(self.base_url).host) else "gzip"
        self._keep = keep
        self._http = (_kept_client if keep else _http_client)(self.base_url, protocol_version, timeout)

    @classmethod
    def kept(cls, base_url: str, token: str | None = None) -> SyncClient:
        """A client over the kept connections (what a sync and the app's ping use)."""
        return cls(base_url, token, keep=True)

    def close(self) -> None:
        if not self._keep:
            self._http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _authorization(self) -> dict[str, str]:
        if not self.token:
            raise SyncError(SyncKind.AUTH, "not_logged_in", "Log eerst in bij de server.",
                            "Log in to the server first.")
        return {"Authorization": f"Bearer {self.token}"}

    def _request(self, method: str, path: str, *, auth: bool = True, **kwargs: Any) -> httpx.Response:
        headers = kwargs.pop("headers", {})
        if auth:
            headers.update(self._authorization())
        try:
            response = self._http.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            raise network_error(exc) from exc
        if response.status_code >= 400:
            raise error_from_response(response)
        return response

    @contextmanager
    def _stream(self, method: str, path: str, **kwargs: Any) -> Iterator[httpx.Response]:
        """A success answer whose body the caller reads as it arrives (a SyncError for an error answer;
        a dropped connection, also while the body is read, is a NETWORK error)."""
        headers = {**self._authorization(), **kwargs.pop("headers", {})}
        try:
            with self._http.stream(method, path, headers=headers, **kwargs) as response:
                if response.status_code >= 400:
                    response.read()
                    raise error_from_response(response)
                yield response
        except httpx.HTTPError as exc:
            raise network_error(exc) from exc

    # --- session ------------------------------------------------------------------------------
    def ping(self) -> wire.Ping:
        return cast(wire.Ping, _json(self._request("GET", "/ping", auth=False)))

    def login(self, username: str, password: str, device_name: str, signing_key: str = ""
              ) -> wire.LoginResponse:
        body = {"username": username, "password": password, "device_name": device_name,
                "signing_key": signing_key}
        data = cast(wire.LoginResponse, _json(self._request("POST", "/login", auth=False, json=body)))
        self.token = data["token"]
        return data

    def logout(self) -> None:
        self._request("POST", "/logout")

    def me(self) -> wire.Me:
        return cast(wire.Me, _json(self._request("GET", "/me")))

    def register_key(self, signing_key: str) -> wire.Me:
        """Tell the server this laptop's public signing key (once: a device logged in before keys existed)."""
        return cast(wire.Me, _json(self._request("POST", "/device/key", json={"signing_key": signing_key})))

    def report_status(self, unsent: int, quarantined: int) -> wire.DeviceStatusResponse | None:
        """Tell the server what waits on this laptop; its answer holds the retention periods. None from
        a server without this call (before it existed): then nothing is purged."""
        try:
            answer = self._request("POST", "/device/status",
                                   json={"unsent": unsent, "quarantined": quarantined})
        except SyncError as exc:
            if exc.status in (404, 405):
                return None
            raise
        return cast(wire.DeviceStatusResponse, _json(answer))

    # --- records ------------------------------------------------------------------------------
    def push(self, key: str, records: list[wire.PushRecord]) -> wire.PushResponse:
        content = json.dumps({"key": key, "records": records}, ensure_ascii=False,
                             separators=(",", ":")).encode("utf-8")
        return cast(wire.PushResponse, _json(self._request("POST", "/push", content=content,
                                                           headers={"Content-Type": "application/json"})))

    def pull(self, cursor: str, limit: int = 1000, count: bool = False) -> wire.PullResponse:
        # The query is written out here: httpx merging a dict of parameters into the address took
        # about as long as the rest of the request's making (a sync with nothing to do is this call).
        query = urlencode({"cursor": cursor, "limit": limit, "count": "true" if count else "false"})
        # The body is read from a stream, not left in the answer: httpx's answer and its stream refer
        # to each other, so an answer holding a page (several MB) would stay until Python's cyclic
        # garbage collector ran, which the app runs once a second (a pull brings several pages a second).
        with self._stream("GET", f"/pull?{query}",
                          headers={"Accept-Encoding": self._pull_encoding}) as response:
            body = b"".join(response.iter_bytes())
        try:
            return decode_page(body)
        except msgspec.DecodeError:
            raise unreadable_error() from None

    # --- blobs --------------------------------------------------------------------------------
    def blobs_missing(self, hashes: list[str]) -> list[str]:
        missing: list[str] = []
        for start in range(0, len(hashes), 5000):
            part = hashes[start:start + 5000]
            missing += _json(self._request("POST", "/blobs/missing", json={"hashes": part}))["missing"]
        return missing

    def blob_status(self, sha256: str) -> wire.BlobStatus:
        return cast(wire.BlobStatus, _json(self._request("GET", f"/blobs/{sha256}/status")))

    def upload_blob(self, sha256: str, data: bytes, *, chunk: int = CHUNK,
                    on_progress: Callable[[int, int], None] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> int:
        """Upload ``data``, continuing where an earlier attempt stopped; returns the bytes sent now.
        Each piece goes out as a stream of small slices of ``data`` (no copy of the file is made)."""
        total = len(data)
        view = memoryview(data)
        offset = 0
        if total > chunk:  # a large file may be partly there already: ask where to continue
            status = self.blob_status(sha256)
            if status["complete"]:
                return 0
            offset = int(status["received"]) if int(status["size"]) == total else 0
        sent = 0
        while True:
            if cancelled is not None and cancelled():
                raise cancelled_error()
            piece = view[offset:offset + chunk]
            try:
                answer = _json(self._request("PUT", f"/blobs/{sha256}", content=_slices(piece),
                                             params={"offset": offset, "total": total},
                                             headers={"Content-Type": "application/octet-stream",
                                                      "Content-Length": str(len(piece))}))
            except SyncError as exc:
                if exc.code == "offset_mismatch" and isinstance(exc.details, dict):
                    offset = int(exc.details.get("received", 0))
                    continue
                raise
            sent += len(piece)
            offset = int(answer["received"])
            if on_progress is not None:
                on_progress(offset, total)
            if answer["complete"]:
                return sent

    def upload_blobs(self, files: list[tuple[str, bytes]]) -> int:
        """Upload several whole files (each at most ``CHUNK``) in one request; returns the bytes sent.
        A server without batches gets them one by one. A file the server refuses (its bytes do not
        match its hash) fails the call after the others were kept, as a single upload would."""
        if self.batches:
            head = (json.dumps({"files": [{"sha256": sha, "size": len(data)} for sha, data in files]},
                               separators=(",", ":")) + "\n").encode()
            size = len(head) + sum(len(data) for _, data in files)
            try:
                answer = _json(self._request("POST", "/blobs/batch", content=_batch_body(head, files),
                                             headers={"Content-Type": "application/octet-stream",
                                                      "Content-Length": str(size)}))
            except SyncError as exc:
                if not _unsupported(exc):
                    raise
                self.batches = False
            else:
                if answer.get("refused"):  # as the server's answer to a single upload that did not match
                    raise SyncError(SyncKind.PROTOCOL, "hash_mismatch",
                                    "Een geüpload bestand klopt niet met zijn SHA-256 en is weggegooid. "
                                    "Verstuur het opnieuw.",
                                    "An uploaded file does not match its SHA-256; it was discarded. Send "
                                    "it again.", status=422, details={"refused": answer["refused"]})
                return size
        return sum(self.upload_blob(sha, data) for sha, data in files)

    def fetch_blobs(self, hashes: list[str], max_bytes: int = BATCH_BYTES
                    ) -> tuple[list[tuple[str, bytearray]], list[str]]:
        """Several files in one answer, of about ``max_bytes`` together (at least one file): the files,
        each read into a buffer of its size as it arrives and checked against its SHA-256, and the
        hashes left for a next request. A file the caller may not download is in neither (the server
        leaves it out). A server without batches gives them one by one."""
        if self.batches:
            try:
                body = {"hashes": hashes, "max_bytes": max_bytes}
                with self._http.stream("POST", "/blobs/fetch", json=body,
                                       headers=self._authorization()) as response:
                    if response.status_code >= 400:
                        response.read()
                        exc = error_from_response(response)
                        if not _unsupported(exc):
                            raise exc
                        self.batches = False
                    else:
                        return _split(response.iter_bytes())  # as they arrive: no re-chunking copy
            except httpx.HTTPError as exc:
                raise network_error(exc) from exc
        files: list[tuple[str, bytearray]] = []
        size = 0
        while size < max_bytes and len(files) < len(hashes):
            sha = hashes[len(files)]
            files.append((sha, self.download_blob(sha)))
            size += len(files[-1][1])
        return files, hashes[len(files):]

    def download_blob(self, sha256: str) -> bytearray:
        """A file's bytes, read from the answer as they arrive into one buffer (of the announced size)
        and checked against the SHA-256 on the way."""
        with self._stream("GET", f"/blobs/{sha256}") as response:
            length = response.headers.get("content-length", "")
            data = bytearray(int(length)) if length.isdigit() else bytearray()
            digest, at = hashlib.sha256(), 0
            for chunk in response.iter_bytes(STREAM_CHUNK):
                digest.update(chunk)
                if at + len(chunk) <= len(data):
                    data[at:at + len(chunk)] = chunk
                else:
                    data[at:] = chunk
                at += len(chunk)
        if at != len(data) or digest.hexdigest() != sha256:
            raise corrupt_error()
        return data

    # --- planning (coordinators) ----------------------------------------------------------------
    def plan(self, case_number: str, template_id: str, planned_at: str, team: str) -> dict[str, Any]:
        body = {"template_id": template_id, "planned_at": planned_at, "team": team}
        return _json(self._request("POST", f"/cases/{quote(case_number, safe='')}/visits", json=body))

    def assign(self, case_number: str, team: str, inspector: str = "") -> dict[str, Any]:
        body = {"team": team, "inspector": inspector}
        return _json(self._request("POST", f"/cases/{quote(case_number, safe='')}/assign", json=body))


def _split(chunks: Iterator[bytes]) -> tuple[list[tuple[str, bytearray]], list[str]]:
    """A batch answer (a JSON line naming the files with their sizes and those left for later, then
    the files' bytes) as files, each filled into a buffer of its size and checked against its SHA-256.
    The answer's chunks are taken as they arrive; each byte is copied once, into its file's buffer."""
    line, rest = bytearray(), memoryview(b"")
    for chunk in chunks:
        end = chunk.find(b"\n")
        if end < 0:
            line += chunk
            if len(line) > 1024 * 1024:
                break
            continue
        line += chunk[:end]
        rest = memoryview(chunk)[end + 1:]
        break
    named, later = _head(line)
    files = []
    for sha256, size in named:
        data, at = bytearray(size), 0
        view = memoryview(data)
        while at < size:
            if not rest:
                rest = memoryview(next(chunks, b""))
                if not rest:
                    raise corrupt_error()
            take = min(size - at, len(rest))
            view[at:at + take] = rest[:take]
            rest, at = rest[take:], at + take
        if hashlib.sha256(data).hexdigest() != sha256:  # one pass over the whole file, without the GIL
            raise corrupt_error()
        files.append((sha256, data))
    if len(rest) or next(chunks, b""):
        raise corrupt_error()
    return files, later
