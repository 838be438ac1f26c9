"""The back office for coordinators and administrators: web pages under ``/beheer/`` served by
inspector-server itself (server-rendered HTML, Dutch by default with English, no JavaScript needed)."""

from __future__ import annotations

import inspect
import logging

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from ..errors import ApiError
from . import access, cijfers, decisions, genuine, login, planning, privacy, reports, retention, team
from .web import HERE, PREFIX, NeedLogin, PageError, SecurityHeaders, not_found, page_error, redirect

log = logging.getLogger("inspector.server")


def install(app: FastAPI) -> None:
    """Add the back office's pages, static files, error pages and security headers to ``app``."""
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(PageError, page_error)
    app.add_exception_handler(NeedLogin, page_error)
    api_crash = app.exception_handlers.get(Exception)

    async def crash(request: Request, exc: Exception) -> Response:
        """An unexpected error: a page under /beheer, the API's JSON answer elsewhere."""
        if request.url.path.startswith(PREFIX + "/") and not isinstance(exc, ApiError):
            log.exception("unexpected error in the back office", exc_info=exc)
            return await page_error(request, PageError(
                500, "Something went wrong on the server; nothing was changed by this request. Try again, "
                "or tell the administrator the time it happened.", "Er ging iets mis op de server; dit "
                "verzoek heeft niets gewijzigd. Probeer het opnieuw, of meld de beheerder het tijdstip.",
                "Server error", "Serverfout"))
        answer = api_crash(request, exc) if api_crash is not None else None
        assert answer is not None and inspect.isawaitable(answer)
        response: Response = await answer
        return response

    app.add_exception_handler(Exception, crash)
    app.mount(PREFIX + "/static", StaticFiles(directory=HERE / "static"), name="beheer-static")
    for module in (login, planning, reports, team, access, cijfers, decisions, genuine, retention, privacy):
        app.include_router(module.routes)

    @app.get(PREFIX, include_in_schema=False)
    def bare() -> Response:
        return redirect(PREFIX + "/")

    @app.api_route(PREFIX + "/{rest:path}", methods=["GET", "POST"], include_in_schema=False)
    def missing(request: Request, rest: str) -> Response:
        raise not_found()
