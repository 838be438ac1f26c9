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


class Noted(NamedTuple):
    """A stored print version known by its pixel size, its bytes not read yet (``get`` reads them)."""

    width: int
    height: int


def put(repo: Repository, sha256: str, version: PrintVersion) -> None:
    """Store (or replace) the print version of photo ``sha256`` (inside the caller's transaction when
    there is one), with its pixel size. When the photo itself prints as it is, only that is noted: no
    second copy."""
    from ..attachments import jpeg_size

    printed = hashlib.sha256(version.data).hexdigest()
    width, height = jpeg_size(version.data) or (None, None)
    with repo.transaction():
        repo.db.execute(
            "INSERT OR REPLACE INTO print_versions (sha256, target, quality, side, print_sha256, width, "
            "height, data) SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM blobs WHERE sha256 = ?)",
            [sha256, version.target, version.quality, version.side, printed, width, height,
             None if printed == sha256 else version.data, sha256])


def noted(repo: Repository, sha256: str, target: int, quality: int, side: int) -> Noted | None:
    """The pixel size of the stored print version of photo ``sha256`` for ``target``/``quality`` made at
    long side ``side``, without reading its bytes; None when there is none or its size is not known."""
    rows = repo.query("SELECT side, width, height FROM print_versions WHERE sha256 = ? AND target = ? "
                      "AND quality = ?", [sha256, target, quality])
    if not rows or rows[0]["side"] != side or not rows[0]["width"] or not rows[0]["height"]:
        return None
    return Noted(int(rows[0]["width"]), int(rows[0]["height"]))


def get(repo: Repository, sha256: str, target: int, quality: int, side: int) -> Stored | None:
    """The stored print version of photo ``sha256`` for ``target``/``quality`` made at long side
    ``side``; None when there is none, it was made at another side, or its bytes are not what was
    stored (then it is made again)."""
    return get_many(repo, [(sha256, side)], target, quality)[0]


def get_many(repo: Repository, wanted: list[tuple[str, int]], target: int, quality: int,
             chunk: int = 200) -> list[Stored | None]:
    """``get`` for many photos (``wanted``: photo hash and side), in that order, each statement reading up
    to ``chunk`` of them in one step of the database engine: it decrypts without holding Python's
    interpreter lock, so a report rendering on another thread meanwhile is interrupted once a
    statement, not once a row."""
    noted = ("(SELECT p.print_sha256 || ' ' || p.side FROM print_versions p WHERE p.sha256 = ? "
             "AND p.target = ? AND p.quality = ?) AS n{n}")
    data = ("(SELECT coalesce(p.data, b.data) FROM print_versions p JOIN blobs b ON b.sha256 = p.sha256 "
            "WHERE p.sha256 = ? AND p.target = ? AND p.quality = ?) AS d{n}")
    found: list[Stored | None] = []
    for start in range(0, len(wanted), chunk):
        part = wanted[start:start + chunk]
        columns = ", ".join(f"{noted.format(n=n)}, {data.format(n=n)}" for n in range(len(part)))
        params = [v for sha256, _ in part for v in (sha256, target, quality) * 2]
        row = repo.query(f"SELECT {columns}", params)[0]
        for n, (_sha256, side) in enumerate(part):
            printed, _, made_at = (row[f"n{n}"] or "").partition(" ")
            got = row[f"d{n}"]
            ok = got is not None and made_at == str(side) and hashlib.sha256(got).hexdigest() == printed
            found.append(Stored(bytes(got), printed) if ok else None)
    return found


def missing(repo: Repository, target: int, quality: int) -> list[Wanted]:
    """The stored photos without a print version for ``target``/``quality``."""
    rows = repo.query(
        "SELECT a.sha256, max(a.width) AS width, max(a.height) AS height FROM attachments a "
        "WHERE a.kind = 'photo' AND a.deleted = 0 "
        "AND EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = a.sha256) "
        "AND NOT EXISTS (SELECT 1 FROM print_versions p WHERE p.sha256 = a.sha256 AND p.target = ? "
        "AND p.quality = ?) GROUP BY a.sha256 ORDER BY min(a.rowid)", [target, quality])
    return [Wanted(r["sha256"], int(r["width"] or 0), int(r["height"] or 0), target, quality) for r in rows]
