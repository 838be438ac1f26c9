"""What the routers share: the app's database, the caller behind the Authorization header, and the
error answers every endpoint documents."""

from __future__ import annotations

from typing import Annotated, Any, cast

from fastapi import APIRouter, Depends, Header, Request
from sqlalchemy.engine import Connection

from ...protocol import constants as p
from ...protocol.wire import ErrorBody
from .. import auth
from ..db import Database
from ..strict import RecordsRoute, StrictRoute

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody} for code in (400, 401, 403, 404, 409, 413, 422, 426, 429)}


def router(*, records: bool = False) -> APIRouter:
    """A router for ``/api/v1`` endpoints, with strict input (see ``strict.py``); ``records``: its
    bodies carry records that are checked one by one."""
    return APIRouter(prefix=p.API_PREFIX, route_class=RecordsRoute if records else StrictRoute)


def database(request: Request) -> Database:
    """The app's database (``create_app`` puts it in ``app.state``)."""
    return cast(Database, request.app.state.db)


class Auth:
    """The app's database (``db``) and the Authorization header, checked inside the endpoint's own
    worker thread (one thread hop): ``caller()`` on its own connection, or ``on(conn)`` on the
    connection the endpoint uses anyway (then ``seen()`` afterwards records the device's last contact,
    at most once an hour)."""

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


async def _auth(request: Request, authorization: Annotated[str | None, Header()] = None) -> Auth:
    return Auth(database(request), authorization)


Caller = Annotated[Auth, Depends(_auth)]
