"""What every back-office page shares: the session behind the request, CSRF on every form, the
language, rendering a template, the security headers, and pages for refusals.

Forms are plain HTML forms (the pages work without JavaScript). Every POST carries the session's CSRF
token in a hidden field ``csrf``; the login form, which has no session yet, carries a token that is
also in a short-lived cookie (double submit). Cookies are HttpOnly and SameSite=Strict, and Secure
when the request came over HTTPS (directly, or from a proxy trusted with ``--forwarded-allow-ips``).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

import jinja2
from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..auth import Caller
from ..db import Database
from . import i18n, sessions

PREFIX = "/beheer"
MAX_BODY = 6 * 2**20  # a form, or a planning CSV of at most 5 MB with its form fields
LARGE_BODIES = {"/beheer/echtheid": 41 * 2**20}  # a report PDF of at most 40 MB to check (genuine.py)
SESSION_COOKIE = "beheer_sessie"
LANG_COOKIE = "beheer_taal"
LOGIN_COOKIE = "beheer_login"  # the login form's CSRF token (before there is a session)
HERE = Path(__file__).resolve().parent

CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-frame-options", b"DENY"),
           (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                          undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
_env.filters.update(moment=i18n.moment, day=i18n.day, utc=i18n.utc_moment)
_env.globals.update(domains=i18n.DOMAINS, states=i18n.STATES, roles=i18n.ROLES, actions=i18n.ACTIONS,
                    removal_kinds=i18n.REMOVAL_KINDS)


class SecurityHeaders:
    """The Content-Security-Policy and friends on every /beheer answer; pages (not the static files)
    are never cached, since most show personal data."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path != PREFIX and not path.startswith(PREFIX + "/"):
            await self.app(scope, receive, send)
            return
        static = path.startswith(PREFIX + "/static/")
        length = dict(scope.get("headers", [])).get(b"content-length", b"0")
        if not length.isdigit() or int(length) > LARGE_BODIES.get(path, MAX_BODY):
            # Forms are small and a planning CSV at most 5 MB: a larger body is not read at all.
            await send({"type": "http.response.start", "status": 413,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"), *HEADERS]})
            await send({"type": "http.response.body",
                        "body": b"Het verzoek is te groot. / The request is too large."})
            return

        async def stamped(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = list(HEADERS) + ([] if static else [(b"cache-control", b"no-store")])
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, stamped)


class PageError(Exception):
    """A refusal shown as a page: its status and its text in English and Dutch."""

    def __init__(self, status: int, en: str, nl: str, title_en: str = "Not possible",
                 title_nl: str = "Niet mogelijk") -> None:
        super().__init__(en)
        self.status, self.en, self.nl, self.title_en, self.title_nl = status, en, nl, title_en, title_nl


class NeedLogin(Exception):
    """No (live) session: the browser goes to the login page, and back here afterwards."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def not_found() -> PageError:
    """The answer for anything missing *or* outside the user's teams (the two look the same)."""
    return PageError(404, "This was not found, or it is not part of your teams.",
                     "Dit is niet gevonden, of het hoort niet bij uw teams.", "Not found", "Niet gevonden")


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def is_secure(request: Request) -> bool:
    return request.url.scheme == "https"


def language(request: Request) -> str:
    return "en" if request.cookies.get(LANG_COOKIE) == "en" else "nl"


def safe_next(value: str) -> str:
    """Only a path inside the back office (never another site) is a place to return to."""
    if value.startswith(PREFIX + "/") and not value.startswith("//") and "\\" not in value:
        return value
    return PREFIX + "/"


@dataclass
class Web:
    """One request of a logged-in coordinator or administrator."""

    request: Request
    db: Database
    lang: str
    session: sessions.WebSession | None = None
    form: FormData | None = None
    notices: list[str] = field(default_factory=list)

    @property
    def caller(self) -> Caller:
        assert self.session is not None
        return self.session.caller

    def t(self, text: str) -> str:
        return i18n.translate(text, self.lang)

    def pick(self, en: str, nl: str) -> str:
        return en if self.lang == "en" else nl

    def field(self, name: str) -> str:
        value = self.form.get(name, "") if self.form is not None else ""
        return value.strip() if isinstance(value, str) else ""

    def upload(self, name: str) -> UploadFile | None:
        value = self.form.get(name) if self.form is not None else None
        return value if isinstance(value, UploadFile) else None

    def log(self, action: str, target: str, detail: str = "") -> None:
        """Record a view or download of personal data by this user."""
        sessions.log_access(self.db, self.caller, action, target, detail, client_ip(self.request))

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        return render(self.request, template, status, self.lang, self.session, notices=self.notices,
                      **context)


def render(request: Request, template: str, status: int, lang: str,
           session: sessions.WebSession | None, **context: Any) -> HTMLResponse:
    def tr(text: str) -> str:
        return i18n.translate(text, lang)

    html = _env.get_template(template).render(
        _=tr, lang=lang, user=session.caller if session else None, csrf=session.csrf if session else "",
        path=request.url.path, here=quote(_here(request), safe="/"), prefix=PREFIX, **context)
    return HTMLResponse(html, status)


def _here(request: Request) -> str:
    query = request.url.query
    return request.url.path + ("?" + query if query else "")


def database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


async def _session(request: Request) -> Web:
    db = database(request)
    web = Web(request, db, language(request))
    web.session = await run_in_threadpool(sessions.load, db, request.cookies.get(SESSION_COOKIE, ""))
    if web.session is None:
        raise NeedLogin(_here(request) if request.method == "GET" else PREFIX + "/")
    if web.session.caller.role not in sessions.BACK_OFFICE_ROLES:
        raise refused_role()
    if web.session.caller.role == "privacy" and request.url.path != PREFIX + "/" and \
            not request.url.path.startswith(tuple(PREFIX + p for p in sessions.PRIVACY_PAGES)):
        raise PageError(403, "As privacy officer you see the access requests (AVG) and the access log; the "
                        "cases and planning are for coordinators.", "Als privacyfunctionaris ziet u de "
                        "inzageverzoeken (AVG) en het inzagelogboek; de zaken en de planning zijn voor "
                        "coördinatoren.", "No access", "Geen toegang")
    return web


def refused_role() -> PageError:
    return PageError(403, "These pages are for coordinators and administrators. As an inspector you work "
                     "in the Inspector app on your laptop; your coordinator plans your visits here.",
                     "Deze pagina's zijn voor coördinatoren en beheerders. Als toezichthouder werkt u in "
                     "de Inspector-app op uw laptop; uw coördinator plant hier uw bezoeken.",
                     "No access", "Geen toegang")


def csrf_refused() -> PageError:
    return PageError(403, "This form has expired or did not come from this page. Go back, reload the "
                     "page and try again.", "Dit formulier is verlopen of kwam niet van deze pagina. Ga "
                     "terug, laad de pagina opnieuw en probeer het nog eens.",
                     "Form refused", "Formulier geweigerd")


async def viewer(request: Request) -> Web:
    """A page view: a live session of a coordinator or administrator."""
    return await _session(request)


async def poster(request: Request) -> Web:
    """A form sent: a live session, and the form carries that session's CSRF token."""
    web = await _session(request)
    web.form = await request.form(max_files=1, max_fields=200)
    sent = web.form.get("csrf", "")
    assert web.session is not None
    if not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), web.session.csrf.encode()):
        raise csrf_refused()
    return web


def redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def set_cookie(response: Response, request: Request, name: str, value: str, max_age: int | None) -> None:
    response.set_cookie(name, value, max_age=max_age, path=PREFIX, httponly=True, samesite="strict",
                        secure=is_secure(request))


def drop_cookie(response: Response, request: Request, name: str) -> None:
    response.delete_cookie(name, path=PREFIX, httponly=True, samesite="strict", secure=is_secure(request))


async def page_error(request: Request, exc: Exception) -> Response:
    """The page for a ``PageError`` (and the login redirect for ``NeedLogin``)."""
    if isinstance(exc, NeedLogin):
        return redirect(f"{PREFIX}/login?next={quote(exc.next_path, safe='')}")
    assert isinstance(exc, PageError)
    lang = language(request)
    session = None
    if exc.status != 403 or request.cookies.get(SESSION_COOKIE):
        session = await run_in_threadpool(sessions.load, database(request),
                                          request.cookies.get(SESSION_COOKIE, ""))
        if session is not None and session.caller.role not in sessions.BACK_OFFICE_ROLES:
            session = None  # an inspector gets the page without the back office's menu
    return render(request, "error.html", exc.status, lang, session,
                  title=exc.title_en if lang == "en" else exc.title_nl,
                  message=exc.en if lang == "en" else exc.nl)


Viewer = Annotated[Web, Depends(viewer)]
Poster = Annotated[Web, Depends(poster)]
