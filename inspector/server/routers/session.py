"""Session endpoints: ping, login, logout, who am I, and registering a device's signing key."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from ...protocol import constants as p
from ...protocol import wire
from .. import auth, retention, seals
from ..db import now_iso
from .common import ERRORS, Caller, database, router

routes = router()


def _me(who: auth.Caller, server_key: str) -> wire.Me:
    role: Any = who.role
    return wire.Me(username=who.username, role=role, teams=list(who.team_names), device_id=who.device_id,
                   signing_key=who.signing_key, server_key=server_key)


@routes.get("/ping", response_model=wire.Ping, responses=ERRORS, tags=["session"],
            summary="Is the server reachable (no login needed)")
async def ping() -> wire.Ping:
    return wire.Ping(ok=True, protocol=p.PROTOCOL_VERSION, server_time=now_iso())


@routes.post("/login", response_model=wire.LoginResponse, responses=ERRORS, tags=["session"],
             summary="Exchange username and password for a device token; register the laptop's signing key")
def login(body: wire.LoginRequest, request: Request) -> wire.LoginResponse:
    ip = request.client.host if request.client else "unknown"
    db = database(request)
    token, who = auth.login(db, body["username"], body["password"], body.get("device_name", ""), ip,
                            body.get("signing_key", ""))
    with db.read() as conn:
        server_key = seals.server_public_key(conn)
    return wire.LoginResponse(**_me(who, server_key), token=token, server_time=now_iso())


@routes.post("/logout", status_code=204, responses=ERRORS, tags=["session"],
             summary="End this device's session (its token stops working; nothing is wiped)")
def logout(who: Caller) -> Response:
    auth.logout_device(who.db, who.caller().device_id)
    return Response(status_code=204)


@routes.get("/me", response_model=wire.Me, responses=ERRORS, tags=["session"],
            summary="Who this device token belongs to, its signing key and the server's")
def me(who: Caller) -> wire.Me:
    caller = who.caller()
    with who.db.read() as conn:
        return _me(caller, seals.server_public_key(conn))


@routes.post("/device/key", response_model=wire.Me, responses=ERRORS, tags=["session"],
             summary="Register this device's public signing key (once, for a device logged in before keys)")
def device_key(body: wire.KeyRequest, who: Caller) -> wire.Me:
    caller = who.caller()
    auth.register_key(who.db, caller, body["signing_key"])
    caller = who.caller()
    with who.db.read() as conn:
        return _me(caller, seals.server_public_key(conn))


@routes.post("/device/status", response_model=wire.DeviceStatusResponse, responses=ERRORS, tags=["session"],
             summary="After a sync: how many records wait unsent and refused on this laptop; answers the "
                     "retention periods the laptop applies to its own copy")
def device_status(body: wire.DeviceStatus, who: Caller) -> wire.DeviceStatusResponse:
    caller = who.caller()
    answer = retention.report(who.db, caller.device_id, body["unsent"], body["quarantined"])
    return wire.DeviceStatusResponse(keep_days=answer["keep_days"],
                                     retention_months=answer["retention_months"])
