"""The access log for the administrator (and the privacy officer through them): who saw or downloaded
which personal data, when, and from which address. Viewing it is itself logged."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from . import sessions
from .web import PREFIX, PageError, Viewer

routes = APIRouter(prefix=PREFIX, include_in_schema=False)


@routes.get("/inzage")
def access_log(web: Viewer) -> Response:
    if not web.caller.handles_access_requests:
        raise PageError(403, "Only an administrator or the privacy officer sees the access log.",
                        "Alleen een beheerder of de privacyfunctionaris ziet het inzagelogboek.", "No access",
                        "Geen toegang")
    entries = sessions.access_entries(web.db, 500)
    web.log("view_access_log", "access_log", "")
    return web.render("access.html", entries=entries)
