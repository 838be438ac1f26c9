"""The field-level merge policy, used by the server (on push) and the laptop (on pull and push replies).

The server keeps, per field, the revision that last set it. A change made on top of ``base_rev``
conflicts on a field only when someone else set that field after ``base_rev`` to a different value.
Changes to different fields merge; on the same field the server's value stays in the record and
the laptop keeps its own value as an open conflict for the inspector. Never a silent newest-wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

SERVER_WRITER = "server"


@dataclass(frozen=True)
class FieldRev:
    """Who last set a field on the server, and at which revision."""

    rev: int
    writer: str  # device id, or "server" for changes made on the server itself


@dataclass
class ServerMerge:
    applied: dict[str, Any] = field(default_factory=dict)  # fields to write
    conflicts: list[str] = field(default_factory=list)  # fields where the server's value stays
    unchanged: list[str] = field(default_factory=list)  # fields that already had the pushed value


def merge_push(current: Mapping[str, Any], revs: Mapping[str, FieldRev], base_rev: int,
               changes: Mapping[str, Any], writer: str) -> ServerMerge:
    """Decide per pushed field: write it, keep the server's value (conflict), or nothing to do."""
    out = ServerMerge()
    for name, value in changes.items():
        if current.get(name) == value:
            out.unchanged.append(name)
            continue
        rev = revs.get(name)
        if rev is not None and rev.rev > base_rev and rev.writer != writer:
            out.conflicts.append(name)
        else:
            out.applied[name] = value
    return out


@dataclass
class LocalMerge:
    updates: dict[str, Any] = field(default_factory=dict)  # columns to write locally
    dirty: set[str] = field(default_factory=set)  # fields still waiting to be pushed
    conflicts: list[tuple[str, Any, Any]] = field(default_factory=list)  # (field, local, server)


def merge_local(local: Mapping[str, Any], base_rev: int, dirty: Iterable[str],
                server: Mapping[str, Any], server_revs: Mapping[str, int],
                accepted: Mapping[str, Any] | None = None,
                refused: Iterable[str] = ()) -> LocalMerge:
    """Merge the server's version of a record into the laptop's row.

    ``accepted`` are the fields (with the values sent) the server just took from this laptop and
    ``refused`` the fields it kept its own value for; both empty when applying a pulled record.
    A field edited again while the push was under way keeps its newer local value and stays dirty.
    """
    accepted = accepted or {}
    refused_set = set(refused)
    dirty_set = set(dirty)
    out = LocalMerge()
    for name, server_value in server.items():
        if name not in local:
            continue
        mine = local[name]
        if name in accepted:
            if mine == accepted[name]:
                out.updates[name] = server_value
            else:
                out.dirty.add(name)
        elif name in refused_set or (name in dirty_set and server_revs.get(name, 0) > base_rev):
            if mine != server_value:
                out.conflicts.append((name, mine, server_value))
            out.updates[name] = server_value
        elif name in dirty_set:
            out.dirty.add(name)
        else:
            out.updates[name] = server_value
    # Dirty fields the server does not know (a column it lacks) simply stay dirty.
    out.dirty |= {name for name in dirty_set if name not in server and name in local}
    for name in list(out.updates):
        if local.get(name) == out.updates[name]:
            del out.updates[name]
    return out
