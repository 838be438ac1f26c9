"""A large pull into a workspace that holds less than it brings: the indexes only the screens read
are set aside for the pull and built once at its end.

Records arrive in revision order, so an index on a case, a date or an audited record takes them in
scattered places, page after page: for an initial pull that was a sixth of the time at 60 000
records and a third at 600 000; building the index afresh afterwards takes a fraction of that.
Indexes the pull itself relies on stay (primary keys, the unique case number, the partial ones of
the outbox and of receipts).

While set aside, the statements that make them again are kept in the workspace's settings, in the
same transaction that drops them: a pull cut short puts them back at once, a killed one at the next
opening of the workspace (``restore``), so a workspace is never left without them.
"""

from __future__ import annotations

import json

from .repository import Repository

SET_ASIDE = ("visits_case", "visits_planned", "persons_case", "audit_entity")
_TABLES = ("visits", "persons", "audit")  # what those indexes cover
_KEY = "indexes_set_aside"


def set_aside(repo: Repository, incoming: int, least: int) -> bool:
    """Drop the screens' indexes when ``incoming`` records are at least ``least`` and no fewer than
    the workspace's rows they cover (else building them again would cost more than it saves). True
    when they were set aside."""
    if incoming < least:
        return False
    held = sum(int(repo.db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]) for t in _TABLES)
    if incoming < held:
        return False
    found = dict(repo.db.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN "
        f"({','.join('?' * len(SET_ASIDE))})", SET_ASIDE).fetchall())
    if not found:
        return False
    with repo.transaction():
        repo.set_setting(_KEY, {**(repo.setting(_KEY) or {}), **found})
        for name in found:
            repo.db.execute(f"DROP INDEX [{name}]")
    return True


def restore(repo: Repository) -> None:
    """Build the indexes set aside again (none: nothing to do, one read)."""
    row = repo.db.execute("SELECT value FROM settings WHERE key = ?", [_KEY]).fetchone()
    if row is None:
        return
    with repo.transaction():
        for sql in dict(json.loads(row[0])).values():
            repo.db.execute(str(sql).replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
        repo.db.execute("DELETE FROM settings WHERE key = ?", [_KEY])
