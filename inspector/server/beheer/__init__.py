"""The back office for coordinators and administrators: web pages under ``/beheer/`` served by
inspector-server itself (server-rendered HTML, Dutch by default with English, no JavaScript needed)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from . import login, planning, reports, team
from .web import HERE, PREFIX, NeedLogin, PageError, SecurityHeaders, not_found, page_error, redirect


def install(app: FastAPI) -> None:
    """Add the back office's pages, static files, error pages and security headers to ``app``."""
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(PageError, page_error)
    app.add_exception_handler(NeedLogin, page_error)
    app.mount(PREFIX + "/static", StaticFiles(directory=HERE / "static"), name="beheer-static")
    for module in (login, planning, reports, team):
        app.include_router(module.routes)

    @app.get(PREFIX, include_in_schema=False)
    def bare() -> Response:
        return redirect(PREFIX + "/")

    @app.api_route(PREFIX + "/{rest:path}", methods=["GET", "POST"], include_in_schema=False)
    def missing(request: Request, rest: str) -> Response:
        raise not_found()
