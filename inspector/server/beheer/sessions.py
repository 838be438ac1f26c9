"""Browser sessions of the back office and its access log.

A session is a random token in a cookie; only its SHA-256 is stored (as with device tokens), with the
CSRF token every form of the session carries. A session ends at logout, after ``IDLE_MINUTES``
without a request, or ``SESSION_HOURS`` after login. The user's role, teams and active flag are read
on every request, so a coordinator moved to another team or deactivated loses access at once.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from .. import login_limit
from ..auth import Caller, token_hash, user_teams
from ..db import Database, now_iso, users
from .tables import access_log, web_sessions

SESSION_HOURS = 8
IDLE_MINUTES = 60
BACK_OFFICE_ROLES = ("coordinator", "admin", "privacy")
PRIVACY_PAGES = ("/avg", "/inzage", "/logout", "/taal/")  # all the privacy officer may open


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class WebSession:
    """The user behind a browser session, their rights, and the session's CSRF token."""

    caller: Caller
    csrf: str
    token_hash: str


def start(db: Database, user: Any, ip: str) -> str:
    """A new session for ``user`` (a ``users`` row whose password was checked); returns the cookie's
    token. Ends the login attempts' count, as an API login does, and drops expired sessions."""
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    with db.write() as conn:
        login_limit.forget(conn, user.username, ip)
        conn.execute(sa.delete(web_sessions).where(web_sessions.c.expires_at < _stamp(now)))
        conn.execute(sa.insert(web_sessions).values(
            token_hash=token_hash(token), user_id=user.id, csrf=secrets.token_urlsafe(32),
            created_at=_stamp(now), last_seen_at=_stamp(now),
            expires_at=_stamp(now + timedelta(hours=SESSION_HOURS))))
    return token


def load(db: Database, token: str) -> WebSession | None:
    """The live session of this cookie token, or None (unknown, expired, idle too long, user
    deactivated). The role is not checked here: the pages refuse an inspector with a clear page."""
    if not token:
        return None
    digest = token_hash(token)
    now = datetime.now(UTC)
    with db.read() as conn:
        row = conn.execute(sa.select(web_sessions, users.c.username, users.c.role, users.c.active)
                           .join(users, users.c.id == web_sessions.c.user_id)
                           .where(web_sessions.c.token_hash == digest)).first()
        if row is None or row.expires_at <= _stamp(now) or not row.active \
                or row.last_seen_at < _stamp(now - timedelta(minutes=IDLE_MINUTES)):
            return None
        team_rows = user_teams(conn, row.user_id)
    if row.last_seen_at[:16] != _stamp(now)[:16]:  # at most one write a minute per session
        with db.write() as conn:
            conn.execute(sa.update(web_sessions).where(web_sessions.c.token_hash == digest)
                         .values(last_seen_at=_stamp(now)))
    caller = Caller(row.user_id, row.username, row.role, "web", frozenset(t[0] for t in team_rows),
                    tuple(t[1] for t in team_rows))
    return WebSession(caller, row.csrf, digest)


def end(db: Database, digest: str) -> None:
    with db.write() as conn:
        conn.execute(sa.delete(web_sessions).where(web_sessions.c.token_hash == digest))


def log_access(db: Database, caller: Caller, action: str, target: str, detail: str, ip: str) -> None:
    """Record that ``caller`` was shown (or downloaded) personal data: who, what, when, from where."""
    with db.write() as conn:
        conn.execute(sa.insert(access_log).values(
            at=now_iso(), user_id=caller.user_id, username=caller.username[:200], action=action[:40],
            target=target[:200], detail=detail[:500], ip=ip[:64]))


def access_entries(db: Database, limit: int = 200) -> list[Any]:
    """The newest entries of the access log (for the administrator's page)."""
    with db.read() as conn:
        return list(conn.execute(sa.select(access_log).order_by(access_log.c.id.desc()).limit(limit)))
