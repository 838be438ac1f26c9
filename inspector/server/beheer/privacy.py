"""The access request (AVG article 15) for the privacy officer and the administrator: look up what the
server holds about one BSN, then download it as a ZIP with a readable summary (``subject_access.py``).

The BSN travels only in the body of a form (never in a link, so never in a browser history or a proxy's
log); the lookup and the export are each written to the access log with the BSN masked."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from .. import subject_access
from .web import PREFIX, PageError, Poster, Viewer, Web

routes = APIRouter(prefix=PREFIX, include_in_schema=False)


def _allowed(web: Web) -> None:
    if not web.caller.handles_access_requests:
        raise PageError(403, "Only the privacy officer or an administrator handles access requests.",
                        "Alleen de privacyfunctionaris of een beheerder behandelt inzageverzoeken.",
                        "No access", "Geen toegang")


def _held(web: Web) -> subject_access.Held | Response:
    try:
        bsn = subject_access.normalize(web.field("bsn"))
    except ValueError:
        return web.render("avg.html", 400, held=None, problem=web.pick(
            "This is not a valid BSN (9 digits that pass the eleven test).",
            "Dit is geen geldig BSN (9 cijfers die de elfproef doorstaan)."))
    return subject_access.find(web.db, bsn)


@routes.get("/avg")
def form(web: Viewer) -> Response:
    _allowed(web)
    return web.render("avg.html", held=None, problem="")


@routes.post("/avg")
def lookup(web: Poster) -> Response:
    """What the server holds about the BSN, counted per kind, with the button to download it."""
    _allowed(web)
    held = _held(web)
    if not isinstance(held, subject_access.Held):
        return held
    web.log("avg_lookup", f"bsn:{held.masked}", f"cases:{len(held.case_ids)}")
    return web.render("avg.html", held=held, problem="")


@routes.post("/avg/export")
def download(web: Poster) -> Response:
    _allowed(web)
    held = _held(web)
    if not isinstance(held, subject_access.Held):
        return held
    if not held.case_ids:
        return web.render("avg.html", 404, held=held, problem="")
    data = subject_access.export(web.db, web.request.app.state.store, held, web.caller.username)
    name = subject_access.filename()
    web.log("avg_export", f"bsn:{held.masked}", f"cases:{len(held.case_ids)}; visits:{held.count('visits')}; "
            f"file:{name}")
    return Response(data, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
