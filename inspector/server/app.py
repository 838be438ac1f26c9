"""The FastAPI application: ``create_app(database_url)``; the endpoints are in ``routers/``.

Every ``/api/v1`` call must carry ``X-Inspector-Protocol``; an older client gets 426 with a clear
"please update". Bodies are size-limited before they are read. Every refusal is an ``ErrorBody`` with
a stable code and English and Dutch text; malformed input gets a 4xx, never a 500.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable
from typing import Any

import fastapi.routing
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..protocol import constants as p
from .allocator import keep_freed_memory
from .beheer import install as install_back_office
from .blobs import sweep_abandoned
from .db import Database
from .errors import ApiError
from .migrations import migrate
from .report_signing import ReportSigner, configured
from .routers import blobs, planning, session, sync
from .storage import BlobStore, open_store

log = logging.getLogger("inspector.server")
_VERSION = re.compile(rb"[0-9]{1,9}")
WORKER_THREADS = int(os.environ.get("INSPECTOR_SERVER_THREADS", "4"))


def _error_bytes(status: int, code: str, en: str, nl: str) -> tuple[int, bytes]:
    return status, json.dumps({"code": code, "message": en, "message_nl": nl, "detail": None},
                              ensure_ascii=False).encode()


class GuardMiddleware:
    """Protocol version check and body size limits, before any endpoint code runs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._limited = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._limited:
            # Few worker threads: under load requests wait their turn in order instead of all
            # fighting over the interpreter lock, which keeps the slowest answers close to the typical.
            import anyio.to_thread

            anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
            self._limited = True
        if scope["type"] != "http" or not scope["path"].startswith(p.API_PREFIX):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        problem = self._check_version(headers.get(p.HEADER.lower().encode()))
        is_chunk = scope["path"].startswith(p.API_PREFIX + "/blobs/") and (
            scope["method"] == "PUT" or scope["path"] == p.API_PREFIX + "/blobs/batch")
        limit = p.MAX_CHUNK_BYTES if is_chunk else p.MAX_JSON_BYTES
        length = headers.get(b"content-length")
        if problem is None and length is not None:
            if not length.isdigit():
                problem = _error_bytes(400, "bad_length", "Invalid Content-Length.",
                                       "Ongeldige Content-Length.")
            elif int(length) > limit:
                problem = self._too_large(limit)
        if problem is not None:
            await self._send(send, *problem)
            return
        if length is None and scope["method"] in ("POST", "PUT", "PATCH"):
            # No Content-Length (chunked): read the body here, within the limit, then hand it on.
            body = bytearray()
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    return  # the client went away
                body += message.get("body", b"")
                if len(body) > limit:
                    await self._send(send, *self._too_large(limit))
                    return
                if not message.get("more_body", False):
                    break
            sent = False

            async def replay() -> Message:
                nonlocal sent
                if sent:
                    return await receive()
                sent = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}

            receive = replay

        async def stamped_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []),
                                      (p.HEADER.lower().encode(), str(p.PROTOCOL_VERSION).encode())]
            await send(message)

        await self.app(scope, receive, stamped_send)

    @staticmethod
    def _check_version(raw: bytes | None) -> tuple[int, bytes] | None:
        # Only a few ASCII digits are a version: str.isdigit() also takes "¹" (which int() refuses)
        # and thousands of digits (which int() refuses too); anything else is an old client.
        raw = raw.strip() if raw else b""
        text = raw.decode("ascii") if _VERSION.fullmatch(raw) else ""
        if not text or int(text) < p.MIN_PROTOCOL_VERSION:
            return _error_bytes(
                426, "client_outdated",
                "This version of Inspector is too old for the server. Please update Inspector.",
                "Deze versie van Inspector is te oud voor de server. Werk Inspector bij.")
        if int(text) > p.PROTOCOL_VERSION:
            return _error_bytes(
                400, "server_outdated",
                f"The server speaks protocol {p.PROTOCOL_VERSION}; this client speaks {text}. "
                "Ask the administrator to update the server.",
                f"De server spreekt protocol {p.PROTOCOL_VERSION}; deze client {text}. Vraag de beheerder "
                "de server bij te werken.")
        return None

    @staticmethod
    def _too_large(limit: int) -> tuple[int, bytes]:
        return _error_bytes(413, "too_large", f"The request is larger than {limit // 2**20} MB.",
                            f"Het verzoek is groter dan {limit // 2**20} MB.")

    @staticmethod
    async def _send(send: Send, status: int, body: bytes) -> None:
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                (p.HEADER.lower().encode(), str(p.PROTOCOL_VERSION).encode())]})
        await send({"type": "http.response.body", "body": body})


_HTTP_ERRORS = {404: ("not_found", "Not found.", "Niet gevonden."),
                405: ("method_not_allowed", "This method is not allowed here.",
                      "Deze methode is hier niet toegestaan.")}


def _allowed(app: FastAPI, scope: Scope) -> list[str]:
    """Every method some route takes at this path (Starlette names only the first route's). FastAPI
    0.16x keeps included routers nested; ``iter_route_contexts`` lists their routes."""
    flatten = getattr(fastapi.routing, "iter_route_contexts", None)
    routes: Iterable[Any] = flatten(app.router.routes) if flatten else app.router.routes
    methods: set[str] = set()
    for route in routes:
        matches, route_methods = getattr(route, "matches", None), getattr(route, "methods", None)
        if matches is not None and route_methods and matches(scope)[0] is not Match.NONE:
            methods |= set(route_methods)
    return sorted(methods)


def create_app(database_url: str, *, run_migrations: bool = True,
               blob_store: BlobStore | str | None = None, report_signer: ReportSigner | None = None
               ) -> FastAPI:
    """The server application on ``database_url`` (migrated to the newest schema first), keeping file
    bytes in ``blob_store`` (a store, or its location; see ``storage.open_store``), signing the reports
    the back office hands out with ``report_signer`` (none: they are the laptop's PDF as it is)."""
    db = Database(database_url)
    store = open_store(blob_store, db.url) if blob_store is None or isinstance(blob_store, str) \
        else blob_store
    if run_migrations:
        migrate(db.engine, store)
    sweep_abandoned(db, store)
    app = FastAPI(title="Inspector sync server", version=__version__,
                  description="Protocol v1 between the Inspector laptops and the municipality's server. "
                              f"Every /api/v1 call carries the header `{p.HEADER}: {p.PROTOCOL_VERSION}`.")
    app.state.db = db
    app.state.store = store
    app.state.report_signer = report_signer
    app.add_middleware(GuardMiddleware)

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body(), exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = [{"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", "")),
                   "type": str(e.get("type", ""))} for e in exc.errors()][:20]
        return JSONResponse({"code": "invalid_request", "message": "The request is malformed.",
                             "message_nl": "Het verzoek is onjuist opgebouwd.", "detail": detail}, 422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, en, nl = _HTTP_ERRORS.get(exc.status_code, ("http_error", str(exc.detail), str(exc.detail)))
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(_allowed(app, request.scope))
        return JSONResponse({"code": code, "message": en, "message_nl": nl, "detail": None}, exc.status_code,
                            headers=headers)

    @app.exception_handler(ClientDisconnect)
    async def gone(request: Request, _exc: ClientDisconnect) -> Response:
        # The laptop went away mid-request (a dropped connection): no one reads an answer, and the
        # laptop resends (uploads resume from the bytes received); nothing for the error log.
        log.info("client disconnected during %s %s", request.method, request.url.path)
        return Response(status_code=400)

    @app.exception_handler(Exception)
    async def crash(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected server error", exc_info=exc)
        return JSONResponse({"code": "server_error", "message": "Internal server error.",
                             "message_nl": "Interne serverfout.", "detail": None}, 500)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, bool]:
        return {"ok": True}

    for router in (session.routes, sync.routes, blobs.routes, planning.routes):
        app.include_router(router)
    install_back_office(app)  # the pages under /beheer/
    return app


def app_from_environment() -> FastAPI:
    """The app of one worker process of ``inspector-server serve --workers N`` (migrated by the parent;
    the blob store from ``$INSPECTOR_SERVER_BLOBS``, the report certificate from
    ``$INSPECTOR_SERVER_REPORT_CERTIFICATE``: the parent checked it before starting the workers).

    A worker that cannot build its app (the database or the blob store out of reach when it starts or is
    restarted) exits with uvicorn's start-up failure code: the parent then stops every worker and exits
    non-zero, so a service manager restarts the server instead of uvicorn restarting the worker forever."""
    from uvicorn.config import STARTUP_FAILURE

    keep_freed_memory()  # as a single server process does (allocator.py)
    try:
        return create_app(os.environ["INSPECTOR_SERVER_DATABASE"], run_migrations=False,
                          report_signer=configured())
    except Exception as exc:  # noqa: BLE001 - any failure here means this process cannot serve
        log.error("server process %s could not start: %s: %s", os.getpid(), type(exc).__name__, exc)
        raise SystemExit(STARTUP_FAILURE) from exc
