"""Who may see, download and refer to a file (a photo, a signature): by scope, never by hash alone.

A file is *in the caller's scope* when an attachment record the server accepted, in one of the
caller's teams (an administrator: any team), refers to it. A user *holds* a file once they uploaded
all of its bytes and the server checked them against the hash (``blob_holders``: one row per file
and user). Files are stored once (content-addressed), so a second user with the same bytes uploads
them once more to prove it: the server checks them and keeps its copy.

* Download: only a file in scope.
* A new attachment record may refer only to a file the caller holds or that is in scope; otherwise it
  is refused as ``blob_missing``, the answer for a file that is not on the server (the laptop uploads
  the file and sends the record again).
* Status and "missing": a file neither held nor in scope is answered as absent, so they tell nobody
  whether another team's photo exists or how large it is.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .auth import Caller
from .db import blob_holders, blobs, records

_PART = 500  # hashes per query


def _parts(hashes: Iterable[str]) -> Iterable[list[str]]:
    wanted = sorted(set(hashes))
    for start in range(0, len(wanted), _PART):
        yield wanted[start:start + _PART]


def present(conn: Connection, hashes: Iterable[str]) -> set[str]:
    """The hashes among ``hashes`` the server has (complete and verified), whoever uploaded them."""
    return {r[0] for part in _parts(hashes)
            for r in conn.execute(sa.select(blobs.c.sha256).where(blobs.c.sha256.in_(part)))}


def in_scope(conn: Connection, caller: Caller, hashes: Iterable[str]) -> set[str]:
    """The hashes an attachment record in the caller's teams refers to (a tombstoned one too: its
    laptops may still fetch the file)."""
    if not caller.is_admin and not caller.team_ids:
        return set()
    found: set[str] = set()
    for part in _parts(hashes):
        query = sa.select(records.c.ref).distinct().where(records.c.entity == "attachments",
                                                          records.c.ref.in_(part))
        if not caller.is_admin:
            query = query.where(records.c.team_id.in_(sorted(caller.team_ids)))
        found |= {r[0] for r in conn.execute(query)}
    return found


def held(conn: Connection, caller: Caller, hashes: Iterable[str]) -> set[str]:
    """The hashes whose bytes the caller (the user, on any of their devices) uploaded."""
    return {r[0] for part in _parts(hashes) for r in conn.execute(
        sa.select(blob_holders.c.sha256).where(blob_holders.c.user_id == caller.user_id,
                                               blob_holders.c.sha256.in_(part)))}


def visible(conn: Connection, caller: Caller, hashes: Iterable[str]) -> set[str]:
    """The files the server has that the caller holds or has in scope: what the caller may know about
    and refer to in a new attachment record."""
    hashes = set(hashes)
    mine = held(conn, caller, hashes)
    return present(conn, mine | in_scope(conn, caller, hashes - mine))


def _in_scope_of(caller: Caller, sha256: sa.ColumnElement[str]) -> sa.ColumnElement[bool]:
    """SQL: an accepted attachment record in the caller's teams refers to ``sha256``."""
    query = sa.select(records.c.ref).where(records.c.entity == "attachments", records.c.ref == sha256)
    if not caller.is_admin:
        query = query.where(records.c.team_id.in_(sorted(caller.team_ids)))
    return sa.exists(query)


def size_if_visible(conn: Connection, caller: Caller, sha256: str) -> int | None:
    """The size of one file the caller holds or has in scope (``visible``), in one query; else None."""
    held_by = sa.exists(sa.select(blob_holders.c.sha256).where(blob_holders.c.sha256 == blobs.c.sha256,
                                                               blob_holders.c.user_id == caller.user_id))
    size = conn.execute(sa.select(blobs.c.size).where(
        blobs.c.sha256 == sha256, sa.or_(held_by, _in_scope_of(caller, blobs.c.sha256)))).scalar()
    return None if size is None else int(size)


def size_if_downloadable(conn: Connection, caller: Caller, sha256: str) -> int | None:
    """The size of one file the server hands out to the caller (``downloadable``), in one query."""
    size = conn.execute(sa.select(blobs.c.size).where(
        blobs.c.sha256 == sha256, _in_scope_of(caller, blobs.c.sha256))).scalar()
    return None if size is None else int(size)
