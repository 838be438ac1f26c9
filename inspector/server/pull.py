"""Pull: the records changed since a cursor, in pages, limited to the caller's teams.

The cursor is ``<rev>.<scope>``: the revision the caller has seen everything of its scope up to,
and a short hash of the caller's teams. On the last page that is the highest revision of the whole
server, not only of the caller's teams: so a team that has been quiet while others worked does not
have the others' changes read again at every pull (the next query starts where this one ended, and a
pull with nothing to do reads no row). When the teams change (a new team, a case moved in), the scope
no longer matches and the pull starts from the beginning, so nothing of the new scope is missed; the
laptop skips what it already has. The answer is assembled from the stored JSON text without decoding
every record.
"""

from __future__ import annotations

import hashlib
import operator
from json.encoder import encode_basestring as quote

import sqlalchemy as sa

from ..protocol.constants import DEPARTURES
from .auth import Caller, Identify
from .db import Database, records


def scope_tag(caller: Caller) -> str:
    basis = "admin" if caller.is_admin else ",".join(str(t) for t in sorted(caller.team_ids))
    return hashlib.sha256(basis.encode()).hexdigest()[:10]


MAX_REV = 2**63 - 1  # revisions are 64-bit integers in both databases


def parse_cursor(cursor: str, caller: Caller) -> int | None:
    """The revision to continue after: 0 for an empty cursor, None for one of another scope (the
    caller's teams changed) or a malformed one — the pull then starts again from the beginning.
    Only ASCII digits count (``str.isdigit`` also takes "²", which ``int`` refuses), and only a
    revision that fits 64 bits (a larger one would overflow the database's integer)."""
    if not cursor:
        return 0
    rev, _, tag = cursor.partition(".")
    if not (rev.isascii() and rev.isdigit()) or len(rev) > 19 or int(rev) > MAX_REV \
            or tag != scope_tag(caller):
        return None
    return int(rev)


# Built once: the statements differ only in their parameters (the team list is an expanding one).
_COLUMNS = (records.c.entity, records.c.id, records.c.rev, records.c.case_id, records.c.data,
            records.c.field_revs, records.c.modified_at, records.c.modified_by, records.c.ref)
_AFTER = records.c.rev > sa.bindparam("after")
_IN_TEAMS = records.c.team_id.in_(sa.bindparam("teams", expanding=True))
# The page comes with one row more, of NULLs but for the server's highest revision (the end of the
# records_rev index): one statement, so both are read in one snapshot, and every change up to that
# revision is in it (the database's own snapshot; revisions become visible in commit order, db.py).
_HIGHEST = sa.select(*(sa.func.max(records.c.rev) if c is records.c.rev else sa.null() for c in _COLUMNS))
_PAGE, _PAGE_ALL = (
    sa.union_all(sa.select(sa.select(*_COLUMNS).where(*where).order_by(records.c.rev)
                           .limit(sa.bindparam("n")).subquery()), _HIGHEST)
    for where in ((_AFTER, _IN_TEAMS), (_AFTER,)))
_COUNT = sa.select(sa.func.count()).select_from(records).where(_AFTER, _IN_TEAMS)
_COUNT_ALL = sa.select(sa.func.count()).select_from(records).where(_AFTER)
_REV = operator.itemgetter(2)


def pull(db: Database, identify: Identify, cursor: str, limit: int, count: bool) -> bytes:
    """One page of changes as the JSON text of a ``PullResponse``; ``identify`` names the caller."""
    with db.read() as conn:
        caller = identify(conn)
        parsed = parse_cursor(cursor, caller)
        after = parsed or 0
        params = {"after": after, "n": limit + 1, "teams": sorted(caller.team_ids) or [-1]}
        found = conn.execute(_PAGE_ALL if caller.is_admin else _PAGE, params).all()
        highest = next((int(r[2] or 0) for r in found if r[0] is None), 0)
        rows = sorted((r for r in found if r[0] is not None), key=_REV)  # SQL keeps no order in a UNION
        more = len(rows) > limit
        remaining = None
        if count:  # the rest beyond this page (none on the last page: no query)
            remaining = int(conn.execute(_COUNT_ALL if caller.is_admin else _COUNT, params).scalar_one()) \
                - limit if more else 0
    rows = rows[:limit]
    last = rows[-1][2] if more else max(after, highest, rows[-1][2] if rows else 0)
    if remaining is not None:
        remaining = max(0, remaining)
    # A departure notice is for laptops that can no longer see the case (not for an administrator,
    # nor for a member of both teams).
    teams = caller.team_ids
    # Rows are unpacked as tuples: a Row's attribute lookup by name costs microseconds each, and a page
    # holds thousands of rows (it was 90 % of the server's time per pulled record).
    # Ids, case ids and timestamps are plain ASCII (the push validates them), so they need no escaping;
    # ``encode_basestring`` is ``json.dumps`` of a string with ensure_ascii=False, without its set-up.
    parts = [
        f'{{"entity":"{entity}","id":"{id_}","rev":{int(rev)},"case_id":"{case_id}",'
        f'"data":{data},"field_revs":{field_revs},"modified_at":{quote(modified_at)},'
        f'"modified_by":{quote(modified_by)}}}'
        for entity, id_, rev, case_id, data, field_revs, modified_at, modified_by, ref in rows
        if entity != DEPARTURES or
        not (caller.is_admin or (ref or "").isdigit() and int(ref) in teams)]
    tail = (f'],"cursor":"{last}.{scope_tag(caller)}","more":{"true" if more else "false"},'
            f'"remaining":{"null" if remaining is None else remaining},'
            f'"restart":{"true" if parsed is None else "false"}}}')
    return ('{"records":[' + ",".join(parts) + tail).encode("utf-8")
