"""Print versions of photos (``attachments.print_version``), stored with the photo in the encrypted
database: made at import or on demand, keyed by the photo's SHA-256 and the print size setting
(target long side, JPEG quality). Derived data: local, never synced, removed with its photo.

What prints is checked against its hash on every read: a print version whose bytes changed is
treated as missing (made again from the photo), never printed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from .repository import Repository

if TYPE_CHECKING:
    from ..attachments import PrintVersion


@dataclass(frozen=True)
class Wanted:
    """A stored photo (``sha256``, ``width``×``height`` as its record says) without a print version
    for the print size setting ``target``/``quality``."""

    sha256: str
    width: int
    height: int
    target: int
    quality: int


class Stored(NamedTuple):
    """A stored print version: its bytes and their SHA-256 (hex), checked when it was read."""

    data: bytes
    sha256: str


def put(repo: Repository, sha256: str, version: PrintVersion) -> None:
    """Store (or replace) the print version of photo ``sha256`` (inside the caller's transaction when
    there is one). When the photo itself prints as it is, only that is noted: no second copy."""
    printed = hashlib.sha256(version.data).hexdigest()
    with repo.transaction():
        repo.db.execute(
            "INSERT OR REPLACE INTO print_versions (sha256, target, quality, side, print_sha256, data) "
            "SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM blobs WHERE sha256 = ?)",
            [sha256, version.target, version.quality, version.side, printed,
             None if printed == sha256 else version.data, sha256])


def get(repo: Repository, sha256: str, target: int, quality: int, side: int) -> Stored | None:
    """The stored print version of photo ``sha256`` for ``target``/``quality`` made at long side
    ``side``; None when there is none, it was made at another side, or its bytes are not what was
    stored (then it is made again)."""
    rows = repo.query(
        "SELECT p.side, p.print_sha256, coalesce(p.data, b.data) AS data FROM print_versions p "
        "JOIN blobs b ON b.sha256 = p.sha256 WHERE p.sha256 = ? AND p.target = ? AND p.quality = ?",
        [sha256, target, quality])
    if not rows or rows[0]["side"] != side or rows[0]["data"] is None:
        return None
    data = bytes(rows[0]["data"])
    return Stored(data, rows[0]["print_sha256"]) \
        if hashlib.sha256(data).hexdigest() == rows[0]["print_sha256"] else None


def missing(repo: Repository, target: int, quality: int) -> list[Wanted]:
    """The stored photos without a print version for ``target``/``quality``."""
    rows = repo.query(
        "SELECT a.sha256, max(a.width) AS width, max(a.height) AS height FROM attachments a "
        "WHERE a.kind = 'photo' AND a.deleted = 0 "
        "AND EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = a.sha256) "
        "AND NOT EXISTS (SELECT 1 FROM print_versions p WHERE p.sha256 = a.sha256 AND p.target = ? "
        "AND p.quality = ?) GROUP BY a.sha256 ORDER BY min(a.rowid)", [target, quality])
    return [Wanted(r["sha256"], int(r["width"] or 0), int(r["height"] or 0), target, quality) for r in rows]
