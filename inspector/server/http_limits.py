"""A bound on a request's head (request line and headers), enforced where the bytes arrive.

uvicorn's httptools protocol has no limit of its own (``h11_max_incomplete_event_size`` is for h11
only): the parser gathers a header by appending each piece it receives to the previous ones (each
append copies), so six clients sending a 64 MiB header each took a server from 86 to 546 MB and 52 s
of CPU, all before any application code (an ASGI middleware included) could look at the request.
``BoundedHttpToolsProtocol`` counts the bytes of a request's head as they arrive (and measures a head
that arrived whole); past ``MAX_HEAD_BYTES`` it answers 431 with an ``ErrorBody`` and closes the
connection, so a head never holds more than the limit plus one read (with it: 87 MB, 0.3 s).

After the answer the connection is half-closed and what the client still sends is read and thrown
away for ``LINGER_S`` seconds, so a client that sends its whole request before reading gets the 431
rather than a reset. ``uvicorn_options()`` is what ``inspector-server serve`` (and the tests' servers)
give uvicorn; its h11 fallback gets the same limit through ``h11_max_incomplete_event_size`` (there
uvicorn answers 400).
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from ..protocol import constants as p

MAX_HEAD_BYTES = 64 * 1024  # request line and headers together; a laptop sends about 300 bytes
LINGER_S = 5.0
log = logging.getLogger("inspector.server")

_BODY = json.dumps({
    "code": "headers_too_large",
    "message": f"The request line and headers are larger than {MAX_HEAD_BYTES // 1024} KB.",
    "message_nl": f"De aanvraagregel en kopregels van het verzoek zijn groter dan "
                  f"{MAX_HEAD_BYTES // 1024} KB.",
    "detail": None}).encode()
TOO_LARGE = b"".join([
    b"HTTP/1.1 431 Request Header Fields Too Large\r\n",
    b"content-type: application/json\r\n",
    b"content-length: ", str(len(_BODY)).encode(), b"\r\n",
    p.HEADER.lower().encode(), b": ", str(p.PROTOCOL_VERSION).encode(), b"\r\n",
    b"connection: close\r\n\r\n", _BODY])


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a limit on the size of each request's head."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._in_head = True  # reading a request line or headers (not a body)
        self._head_bytes = 0  # bytes received while reading this head
        self._too_large = False  # a head that arrived whole (in one read) but over the limit
        self._refused = False
        self._linger: asyncio.TimerHandle | None = None

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return  # thrown away until the client stops or the linger time is up
        if self._in_head:
            self._head_bytes += len(data)
        super().data_received(data)
        # Checked after feeding: the data may hold the end of the head and the start of a body.
        over = self._too_large or (self._in_head and self._head_bytes > MAX_HEAD_BYTES)
        if over and not self._refused and not self.transport.is_closing():
            self._refuse()

    def on_headers_complete(self) -> None:
        self._in_head = False
        size = len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers)
        if size > MAX_HEAD_BYTES:  # no application call for it: refused after this read
            self._too_large = True
            return
        super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        if not self._too_large:
            super().on_body(body)

    def on_message_complete(self) -> None:
        if self._too_large:
            return
        super().on_message_complete()
        self._in_head, self._head_bytes = True, 0

    def connection_lost(self, exc: Exception | None) -> None:
        if self._linger is not None:
            self._linger.cancel()
        super().connection_lost(exc)

    def _refuse(self) -> None:
        self._refused = True
        client = f"{self.client[0]}:{self.client[1]}" if self.client else "?"
        log.warning("request head over %d bytes from %s: 431", MAX_HEAD_BYTES, client)
        if self.cycle is not None and not self.cycle.response_complete:
            self.transport.close()  # an answer to an earlier request is still being sent: no room for ours
            return
        self.transport.write(TOO_LARGE)
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self._linger = self.loop.call_later(LINGER_S, self.transport.close)


def uvicorn_options() -> dict[str, Any]:
    """The uvicorn settings that bound a request's head (httptools, and the h11 fallback), and keep a
    laptop's connection open from one ping or sync to the next (the protocol's ``KEEP_ALIVE_S``;
    uvicorn's own is 5 s)."""
    return {"http": BoundedHttpToolsProtocol, "h11_max_incomplete_event_size": MAX_HEAD_BYTES,
            "timeout_keep_alive": p.KEEP_ALIVE_S}
