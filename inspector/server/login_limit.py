"""The login rate limit: at most ``MAX_FAILURES`` password checks for one username from one client
address within ``WINDOW_S``, counted in the database, so every app server process shares it.

An attempt is counted *before* its password is checked, in one transaction that also checks the count:
on PostgreSQL under a transaction-scoped advisory lock on (username, address), on SQLite under the
database's single writer. Parallel guesses therefore cannot all read "4 so far" and all be checked
(8 of 40 were, when the count was read first and written after the check). A successful login forgets
the attempts of that username and address; a failed one leaves its count in place.
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .db import Database, login_failures
from .errors import ApiError

MAX_FAILURES = 5
WINDOW_S = 15 * 60


def _lock_key(username: str, ip: str) -> int:
    """A signed 64-bit key for ``pg_advisory_xact_lock``."""
    digest = hashlib.sha256(f"inspector-login\0{username}\0{ip}".encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def too_many(retry_after: int) -> ApiError:
    minutes = retry_after // 60 + 1
    return ApiError(429, "too_many_attempts",
                    f"Too many failed login attempts. Try again in {minutes} minutes.",
                    f"Te veel mislukte inlogpogingen. Probeer het over {minutes} minuten opnieuw.",
                    headers={"Retry-After": str(retry_after)})


def reserve(db: Database, username: str, ip: str, now: float) -> None:
    """Count this attempt, or raise 429 when ``MAX_FAILURES`` are counted within the window already."""
    with db.write() as conn:
        if not db.is_sqlite:  # one check-and-count at a time per (username, address), in every process
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_lock_key(username, ip))))
        counted, first = conn.execute(sa.select(sa.func.count(), sa.func.min(login_failures.c.at)).where(
            login_failures.c.username == username, login_failures.c.ip == ip,
            login_failures.c.at > now - WINDOW_S)).one()
        if counted >= MAX_FAILURES:
            raise too_many(int(first + WINDOW_S - now) + 1)
        conn.execute(sa.insert(login_failures).values(username=username, ip=ip, at=now))
        conn.execute(sa.delete(login_failures).where(login_failures.c.at < now - 2 * WINDOW_S))


def forget(conn: Connection, username: str, ip: str) -> None:
    """After a successful login: the attempts of this username from this address no longer count."""
    conn.execute(sa.delete(login_failures).where(login_failures.c.username == username,
                                                 login_failures.c.ip == ip))
