"""Logging in and out of the back office, and the language switch.

The password is checked by ``auth.check_password``, under the same login rate limit as the laptops'
API login (counted in the database, so every app server process shares it)."""

from __future__ import annotations

import hmac
import secrets

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from .. import auth, login_limit
from ..errors import ApiError
from . import sessions
from .web import (
    LANG_COOKIE,
    LOGIN_COOKIE,
    PREFIX,
    SESSION_COOKIE,
    Poster,
    client_ip,
    csrf_refused,
    database,
    drop_cookie,
    language,
    redirect,
    refused_role,
    render,
    safe_next,
    set_cookie,
)

routes = APIRouter(prefix=PREFIX, include_in_schema=False)


def _login_page(request: Request, status: int = 200, message: str = "", username: str = "",
                next_path: str = "", notice: str = "") -> Response:
    token = secrets.token_urlsafe(32)
    response = render(request, "login.html", status, language(request), None, login_csrf=token,
                      message=message, username=username, notice=notice,
                      next_path=safe_next(next_path or request.query_params.get("next", "")))
    set_cookie(response, request, LOGIN_COOKIE, token, 3600)
    return response


@routes.get("/login")
async def login_form(request: Request) -> Response:
    session = await run_in_threadpool(sessions.load, database(request),
                                      request.cookies.get(SESSION_COOKIE, ""))
    if session is not None and session.caller.role in sessions.BACK_OFFICE_ROLES:
        return redirect(safe_next(request.query_params.get("next", "")))
    notice = ""
    if request.query_params.get("uit") == "1":
        notice = "en" if language(request) == "en" else "nl"
    return _login_page(request, notice=notice)


@routes.post("/login")
async def login(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=10)
    sent, kept = str(form.get("csrf", "")), request.cookies.get(LOGIN_COOKIE, "")
    if not kept or not hmac.compare_digest(sent.encode(), kept.encode()):
        raise csrf_refused()
    username, password = str(form.get("username", "")).strip(), str(form.get("password", ""))
    next_path = safe_next(str(form.get("next", "")))
    db, ip, lang = database(request), client_ip(request), language(request)
    if not username or not password:
        return _login_page(request, 400, "Fill in your username and password." if lang == "en"
                           else "Vul uw gebruikersnaam en wachtwoord in.", username, next_path)
    try:
        user = await run_in_threadpool(auth.check_password, db, username[:200], password, ip)
    except ApiError as exc:
        response = _login_page(request, exc.status, exc.en if lang == "en" else exc.nl, username, next_path)
        response.headers.update(exc.headers)
        return response
    if user.role not in sessions.BACK_OFFICE_ROLES:
        def forget() -> None:
            with db.write() as conn:
                login_limit.forget(conn, user.username, ip)
        await run_in_threadpool(forget)
        raise refused_role()
    token = await run_in_threadpool(sessions.start, db, user, ip)
    response = redirect(next_path)
    set_cookie(response, request, SESSION_COOKIE, token, sessions.SESSION_HOURS * 3600)
    drop_cookie(response, request, LOGIN_COOKIE)
    return response


@routes.post("/logout")
def logout(web: Poster) -> Response:
    assert web.session is not None
    sessions.end(web.db, web.session.token_hash)
    response = redirect(f"{PREFIX}/login?uit=1")
    drop_cookie(response, web.request, SESSION_COOKIE)
    return response


@routes.get("/taal/{lang}")
def switch_language(lang: str, request: Request) -> Response:
    """Dutch (nl) or English (en); back to the page the switch was on."""
    response = redirect(safe_next(request.query_params.get("next", "")))
    set_cookie(response, request, LANG_COOKIE, "en" if lang == "en" else "nl", 365 * 24 * 3600)
    return response
