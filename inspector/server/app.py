"""The FastAPI application: ``create_app(database_url)``.

Every ``/api/v1`` call must carry ``X-Inspector-Protocol``; an older client gets 426 with a clear
"please update". Bodies are size-limited before they are read. Every refusal is an ``ErrorBody`` with
a stable code and English and Dutch text; malformed input gets a 4xx, never a 500.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, Header, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.engine import Connection
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..sync import protocol as p
from . import admin, auth, blobs, pull, push
from .db import Database, now_iso
from .errors import AdminError, ApiError
from .migrations import migrate

log = logging.getLogger("inspector.server")
WORKER_THREADS = int(os.environ.get("INSPECTOR_SERVER_THREADS", "4"))

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": p.ErrorBody} for code in (400, 401, 403, 404, 409, 413, 422, 426, 429)}


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
        is_chunk = scope["method"] == "PUT" and scope["path"].startswith(p.API_PREFIX + "/blobs/")
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
        text = raw.decode("latin-1").strip() if raw else ""
        if not text.isdigit() or int(text) < p.MIN_PROTOCOL_VERSION:
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


class _Auth:
    """The Authorization header, checked inside the endpoint's own worker thread (one thread hop):
    ``caller()`` on its own connection, or ``on(conn)`` on the connection the endpoint uses anyway
    (then ``seen()`` afterwards records the device's last contact, at most once an hour)."""

    def __init__(self, db: Database, header: str | None) -> None:
        self.db, self.header = db, header
        self._stale: auth.Caller | None = None

    def caller(self) -> auth.Caller:
        return auth.authenticate(self.db, self.header)

    def on(self, conn: Connection) -> auth.Caller:
        caller, stale = auth.identify(conn, self.header)
        self._stale = caller if stale else None
        return caller

    def seen(self) -> None:
        if self._stale is not None:
            auth.touch(self.db, self._stale.device_id)


async def _auth(request: Request, authorization: Annotated[str | None, Header()] = None) -> _Auth:
    return _Auth(request.app.state.db, authorization)


Caller = Annotated[_Auth, Depends(_auth)]
Sha = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]
Number = Annotated[str, Path(min_length=1, max_length=100)]


def _admin_error(exc: AdminError) -> ApiError:
    status = {"forbidden": 403, "case_unknown": 404, "team_unknown": 404, "inspector_unknown": 404,
              "case_other_team": 409}.get(exc.code, 400)
    return ApiError(status, exc.code, exc.en, exc.nl)


def create_app(database_url: str, *, run_migrations: bool = True) -> FastAPI:
    """The server application on ``database_url`` (migrated to the newest schema first)."""
    db = Database(database_url)
    if run_migrations:
        migrate(db.engine)
    app = FastAPI(title="Inspector sync server", version=__version__,
                  description="Protocol v1 between the Inspector laptops and the municipality's server. "
                              f"Every /api/v1 call carries the header `{p.HEADER}: {p.PROTOCOL_VERSION}`.")
    app.state.db = db
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
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse({"code": code, "message": str(exc.detail), "message_nl": str(exc.detail),
                             "detail": None}, exc.status_code)

    @app.exception_handler(Exception)
    async def crash(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected server error", exc_info=exc)
        return JSONResponse({"code": "server_error", "message": "Internal server error.",
                             "message_nl": "Interne serverfout.", "detail": None}, 500)

    api = p.API_PREFIX

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, bool]:
        return {"ok": True}

    @app.get(f"{api}/ping", response_model=p.Ping, responses=ERRORS, tags=["session"],
             summary="Is the server reachable (no login needed)")
    async def ping() -> p.Ping:
        return p.Ping(ok=True, protocol=p.PROTOCOL_VERSION, server_time=now_iso())

    @app.post(f"{api}/login", response_model=p.LoginResponse, responses=ERRORS, tags=["session"],
              summary="Exchange username and password for a device token")
    def login(body: p.LoginRequest, request: Request) -> p.LoginResponse:
        ip = request.client.host if request.client else "unknown"
        token, who = auth.login(db, body.username, body.password, body.device_name, ip)
        role: Any = who.role
        return p.LoginResponse(token=token, device_id=who.device_id, username=who.username,
                               role=role, teams=list(who.team_names), server_time=now_iso())

    @app.post(f"{api}/logout", status_code=204, responses=ERRORS, tags=["session"],
              summary="End this device's session (its token stops working; nothing is wiped)")
    def logout(who: Caller) -> Response:
        auth.logout_device(db, who.caller().device_id)
        return Response(status_code=204)

    @app.get(f"{api}/me", response_model=p.Me, responses=ERRORS, tags=["session"],
             summary="Who this device token belongs to")
    def me(who: Caller) -> p.Me:
        me = who.caller()
        return p.Me(username=me.username, role=me.role, teams=list(me.team_names),  # type: ignore[arg-type]
                    device_id=me.device_id)

    @app.post(f"{api}/push", response_class=Response, responses={200: {"model": p.PushResponse}, **ERRORS},
              tags=["sync"], summary="Send a batch of changed records (idempotent by its key)")
    def push_batch(body: p.PushRequest, who: Caller) -> Response:
        answer = push.push(db, who.on, body)
        who.seen()
        return Response(json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode(),
                        media_type="application/json")

    @app.get(f"{api}/pull", response_class=Response, responses={200: {"model": p.PullResponse}, **ERRORS},
             tags=["sync"], summary="Records changed since a cursor, one page at a time")
    def pull_page(who: Caller, cursor: Annotated[str, Query(max_length=100)] = "",
                  limit: Annotated[int, Query(ge=1, le=p.MAX_PAGE_RECORDS)] = 1000,
                  count: bool = False) -> Response:
        page = pull.pull(db, who.on, cursor, limit, count)
        who.seen()
        return Response(page, media_type="application/json")

    @app.post(f"{api}/blobs/missing", response_model=p.BlobsMissingResponse, responses=ERRORS,
              tags=["blobs"], summary="Which of these files the server does not have yet")
    def blobs_missing(body: p.BlobsMissingRequest, who: Caller) -> p.BlobsMissingResponse:
        who.caller()
        return p.BlobsMissingResponse(missing=blobs.missing(db, body.hashes))

    @app.get(f"{api}/blobs/{{sha256}}/status", response_model=p.BlobStatus, responses=ERRORS,
             tags=["blobs"], summary="How much of a file has arrived (to resume an upload)")
    def blob_status(sha256: Sha, who: Caller) -> dict[str, Any]:
        who.caller()
        return blobs.status(db, sha256)

    @app.put(f"{api}/blobs/{{sha256}}", response_model=p.BlobStatus, responses=ERRORS, tags=["blobs"],
             summary="Upload one piece of a file at an offset; verified by SHA-256 when complete",
             openapi_extra={"requestBody": {"content": {"application/octet-stream": {
                 "schema": {"type": "string", "format": "binary"}}}, "required": True}})
    async def blob_put(sha256: Sha, request: Request, who: Caller,
                       offset: Annotated[int, Query(ge=0)], total: Annotated[int, Query(ge=1)]
                       ) -> dict[str, Any]:
        await run_in_threadpool(who.caller)  # before reading a body of megabytes
        data = await request.body()
        return await run_in_threadpool(blobs.put_chunk, db, sha256, offset, total, data)

    @app.get(f"{api}/blobs/{{sha256}}", response_class=Response, tags=["blobs"],
             responses={200: {"content": {"application/octet-stream": {}}}, **ERRORS},
             summary="Download a file referred to by an attachment in your teams")
    def blob_get(sha256: Sha, who: Caller) -> Response:
        return Response(blobs.fetch(db, who.caller(), sha256), media_type="application/octet-stream")

    @app.post(f"{api}/cases/{{number}}/assign", response_model=p.PlanResponse, responses=ERRORS,
              tags=["planning"], summary="Coordinator: give a case to a team (and an inspector)")
    def assign_case(number: Number, who: Caller,
                    body: Annotated[p.AssignRequest, Body()]) -> p.PlanResponse:
        try:
            case_id, rev = admin.assign(db, who.caller(), number, body.team, body.inspector)
        except AdminError as exc:
            raise _admin_error(exc) from exc
        return p.PlanResponse(case_id=case_id, visit_id="", rev=rev)

    @app.post(f"{api}/cases/{{number}}/visits", response_model=p.PlanResponse, responses=ERRORS,
              tags=["planning"], summary="Coordinator: plan a visit; it appears on the team's laptops")
    def plan_visit(number: Number, who: Caller,
                   body: Annotated[p.PlanRequest, Body()]) -> p.PlanResponse:
        try:
            planned = admin.plan(db, who.caller(), number, body.template_id, body.planned_at, body.team)
        except AdminError as exc:
            raise _admin_error(exc) from exc
        return p.PlanResponse(case_id=planned.case_id, visit_id=planned.visit_id, rev=planned.rev)

    return app


def app_from_environment() -> FastAPI:
    """The app of one worker process of ``inspector-server serve --workers N`` (migrated by the parent)."""
    return create_app(os.environ["INSPECTOR_SERVER_DATABASE"], run_migrations=False)
