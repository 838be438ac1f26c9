"""Passwords (argon2id), opaque device tokens stored as SHA-256, login rate limiting, who is calling.

A device token is random (256 bits) and only its SHA-256 is stored, so a copy of the database does
not let anyone sync. Login attempts are counted per username *and* client address in the database
before the password is checked (``login_limit.py``); after ``MAX_FAILURES`` within ``WINDOW_S``
further attempts get 429.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy.engine import Connection

from . import login_limit
from .db import Database, devices, memberships, now_iso, teams, users
from .errors import ApiError

TOKEN_DAYS = 180
MIN_PASSWORD = 8

_DEFAULT_HASHER = PasswordHasher()
_DUMMY: list[str] = []


def _dummy_hash() -> str:
    """Verifying against an unknown user still costs a hash, so timing does not reveal who exists."""
    if not _DUMMY:
        _DUMMY.append(_DEFAULT_HASHER.hash("inspector-dummy-password"))
    return _DUMMY[0]


def hash_password(password: str, *, time_cost: int | None = None, memory_cost: int | None = None) -> str:
    """An argon2id hash (cost parameters are stored in the hash; lower ones are for tests only)."""
    if time_cost is None and memory_cost is None:
        return _DEFAULT_HASHER.hash(password)
    hasher = PasswordHasher(time_cost=time_cost or 3, memory_cost=memory_cost or 65536, parallelism=1)
    return hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _DEFAULT_HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Caller:
    """The authenticated user and device behind a request."""

    user_id: int
    username: str
    role: str
    device_id: str
    team_ids: frozenset[int]
    team_names: tuple[str, ...]
    signing_key: str = ""  # the public key the device registered ("" before it did)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def handles_access_requests(self) -> bool:
        """The privacy officer and the administrator: AVG article 15 exports and the access log."""
        return self.role in ("admin", "privacy")

    def can_see_team(self, team_id: int) -> bool:
        return self.is_admin or team_id in self.team_ids

    def can_plan_team(self, team_id: int) -> bool:
        return self.is_admin or (self.role == "coordinator" and team_id in self.team_ids)


def user_teams(conn: Connection, user_id: int) -> list[tuple[int, str]]:
    rows = conn.execute(sa.select(teams.c.id, teams.c.name).join(
        memberships, memberships.c.team_id == teams.c.id).where(memberships.c.user_id == user_id)
        .order_by(teams.c.name)).all()
    return [(int(r.id), str(r.name)) for r in rows]


def login(db: Database, username: str, password: str, device_name: str, ip: str, signing_key: str = ""
          ) -> tuple[str, Caller]:
    """Check the password and register a device with its public signing key; returns (token, caller).
    Raises ApiError."""
    if signing_key and not _is_key(signing_key):
        raise ApiError(422, "invalid_key", "The signing key is not an Ed25519 public key in hex.",
                       "De ondertekeningssleutel is geen publieke Ed25519-sleutel in hexadecimale vorm.")
    user = check_password(db, username, password, ip)
    token = secrets.token_urlsafe(32)
    device_id = str(uuid.uuid4())
    stamp = now_iso()
    expires = (datetime.now(UTC) + timedelta(days=TOKEN_DAYS)).strftime("%Y-%m-%dT%H:%M:%SZ")
    with db.write() as conn:
        login_limit.forget(conn, username, ip)
        conn.execute(sa.insert(devices).values(
            id=device_id, user_id=user.id, name=device_name.strip()[:200], token_hash=token_hash(token),
            created_at=stamp, last_seen_at=stamp, expires_at=expires, revoked_at=None,
            signing_key=signing_key or None))
        team_rows = user_teams(conn, user.id)
    return token, Caller(user.id, user.username, user.role, device_id,
                         frozenset(t[0] for t in team_rows), tuple(t[1] for t in team_rows), signing_key)


def check_password(db: Database, username: str, password: str, ip: str) -> sa.Row[Any]:
    """The active user with this username and password, under the login rate limit that the API and
    the back office share; raises ApiError (401, 429). The caller ends the attempt's count with
    ``login_limit.forget`` in the transaction that starts the session."""
    login_limit.reserve(db, username, ip, time.time())  # counted as failed unless it succeeds
    with db.read() as conn:
        user = conn.execute(sa.select(users).where(users.c.username == username)).first()
    ok = verify_password(user.password_hash if user is not None else _dummy_hash(), password)
    if user is None or not ok or not user.active:
        raise ApiError(401, "bad_credentials", "Unknown username or wrong password.",
                       "Onbekende gebruikersnaam of onjuist wachtwoord.")
    return user


def _is_key(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


def register_key(db: Database, caller: Caller, signing_key: str) -> None:
    """Register the public signing key of a device that logged in before signed evidence existed.

    Once only: a device's key never changes (a laptop with a new key logs in again, as a new device),
    so a stolen token cannot swap the key that vouches for that laptop's finalized visits."""
    if not _is_key(signing_key):
        raise ApiError(422, "invalid_key", "The signing key is not an Ed25519 public key in hex.",
                       "De ondertekeningssleutel is geen publieke Ed25519-sleutel in hexadecimale vorm.")
    if caller.signing_key == signing_key:
        return
    if caller.signing_key:
        raise ApiError(409, "key_registered", "This device already registered another signing key. Log in "
                       "again on the laptop.", "Dit apparaat heeft al een andere ondertekeningssleutel "
                       "aangemeld. Log opnieuw in op de laptop.")
    with db.write() as conn:
        conn.execute(sa.update(devices).where(devices.c.id == caller.device_id,
                                              devices.c.signing_key.is_(None))
                     .values(signing_key=signing_key))


# One round trip per request: the device, its user and the user's teams.
_AUTH_QUERY = (
    sa.select(devices.c.id, devices.c.revoked_at, devices.c.expires_at, devices.c.last_seen_at,
              devices.c.signing_key,
              users.c.id.label("user_id"), users.c.username, users.c.role, users.c.active,
              memberships.c.team_id, teams.c.name.label("team_name"))
    .join(users, users.c.id == devices.c.user_id)
    .outerjoin(memberships, memberships.c.user_id == users.c.id)
    .outerjoin(teams, teams.c.id == memberships.c.team_id)
    .where(devices.c.token_hash == sa.bindparam("digest"))
    .order_by(teams.c.name))


def authenticate(db: Database, authorization: str | None) -> Caller:
    """The caller for an ``Authorization: Bearer <token>`` header, or a clear 401."""
    with db.read() as conn:
        caller, stale = identify(conn, authorization)
    if stale:
        touch(db, caller.device_id)
    return caller


def identify(conn: Connection, authorization: str | None) -> tuple[Caller, bool]:
    """The caller, on a connection the endpoint uses anyway (one query), and whether its device's
    ``last_seen_at`` is an hour or more old (then call ``touch`` after the endpoint's transaction)."""
    if not authorization or not authorization.lower().startswith("bearer "):
        raise ApiError(401, "token_missing", "Log in first: this call needs a device token.",
                       "Log eerst in: voor deze aanroep is een apparaattoken nodig.",
                       headers={"WWW-Authenticate": "Bearer"})
    digest = token_hash(authorization[7:].strip())
    rows = conn.execute(_AUTH_QUERY, {"digest": digest}).all()
    row = rows[0] if rows else None
    team_rows = [(int(r.team_id), str(r.team_name)) for r in rows if r.team_id is not None]
    if row is None:
        raise ApiError(401, "token_invalid", "This device is not logged in (unknown token). Log in again.",
                       "Dit apparaat is niet ingelogd (onbekend token). Log opnieuw in.",
                       headers={"WWW-Authenticate": "Bearer"})
    if row.revoked_at:
        raise ApiError(401, "device_revoked",
                       "This device has been revoked by the administrator. Its local data is removed.",
                       "Dit apparaat is ingetrokken door de beheerder. De lokale gegevens worden verwijderd.")
    if not row.active:  # not a wipe: the administrator may reactivate the user
        raise ApiError(401, "user_deactivated",
                       "Your account has been deactivated. Contact the administrator.",
                       "Uw account is gedeactiveerd. Neem contact op met de beheerder.")
    now = now_iso()
    if row.expires_at <= now:
        raise ApiError(401, "token_expired", "Your login has expired. Log in again.",
                       "Uw aanmelding is verlopen. Log opnieuw in.", headers={"WWW-Authenticate": "Bearer"})
    caller = Caller(row.user_id, row.username, row.role, row.id, frozenset(t[0] for t in team_rows),
                    tuple(t[1] for t in team_rows), row.signing_key or "")
    return caller, row.last_seen_at[:13] != now[:13]


Identify = Callable[[Connection], Caller]  # names the caller on an endpoint's own connection


def touch(db: Database, device_id: str) -> None:
    """Record that a device was seen (at most one write an hour per device)."""
    with db.write() as conn:
        conn.execute(sa.update(devices).where(devices.c.id == device_id).values(last_seen_at=now_iso()))


def logout_device(db: Database, device_id: str) -> None:
    """End a device's session: its token stops working (told "log in again", not revoked)."""
    with db.write() as conn:
        end_session(conn, device_id)


def end_session(conn: Connection, device_id: str) -> None:
    """``logout_device`` inside the caller's transaction."""
    conn.execute(sa.update(devices).where(devices.c.id == device_id).values(
        token_hash=f"logged-out:{secrets.token_hex(20)}"[:64], expires_at=now_iso()))


def revoke_device(db: Database, device_id: str) -> bool:
    """Revoke a device (its next call is told so and its laptop wipes). False when unknown."""
    with db.write() as conn:
        result = conn.execute(sa.update(devices).where(devices.c.id == device_id,
                                                       devices.c.revoked_at.is_(None))
                              .values(revoked_at=now_iso()))
        if result.rowcount:
            return True
        return conn.execute(sa.select(devices.c.id).where(devices.c.id == device_id)).first() is not None
