"""Full-text search over cases, persons and addresses (FTS5, diacritics ignored).

One search document per case holds the case number and title, every person's names and BSN,
and the address, so "coordinatie", "Berg" or a postcode find the case.

A case's document is the FTS row whose rowid is the case's number in ``search_keys``. The FTS table
cannot look up its unindexed ``case_id`` column: replacing documents by case id read the whole index
each time, so re-indexing got slower as the workspace grew (a pull bringing persons of cases it
brought earlier: quadratic). By rowid it is a lookup.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import sqlite_utils

from .db import translated

_TOKEN = re.compile(r"\w+", re.UNICODE)


_CASE_SQL = """SELECT c.id, c.number, c.title, a.postcode, a.huisnummer, a.huisletter, a.toevoeging,
                       a.straat, a.woonplaats
                FROM cases c LEFT JOIN addresses a ON a.id = c.address_id
                WHERE c.id IN ({}) AND c.deleted = 0"""
_PERSONS_SQL = ("SELECT case_id, voornamen, voorvoegsel, geslachtsnaam, bsn FROM persons "
                "WHERE case_id IN ({}) AND deleted = 0 ORDER BY rowid")


def _document(c: dict[str, Any], persons: list[dict[str, Any]]) -> str:
    parts = [c["number"], c["number"].replace("-", " "), c["title"], c["straat"], c["woonplaats"]]
    if c["postcode"]:
        parts += [c["postcode"], c["postcode"][:4]]
    if c["huisnummer"]:
        parts.append(f"{c['huisnummer']}{c['huisletter'] or ''}")
    for p in persons:
        parts += [p["voornamen"], p["voorvoegsel"], p["geslachtsnaam"], p["bsn"]]
    return " ".join(str(x) for x in parts if x)


_DOC_SQL = "SELECT doc FROM search_keys WHERE case_id IN ({})"


def reindex_cases(db: sqlite_utils.Database, case_ids: list[str], *, new: bool = False) -> None:
    """Rebuild the search documents of these cases (call inside the writing transaction).

    ``new``: the cases have no search document yet, so there is nothing to delete first.
    """
    with translated():
        for start in range(0, len(case_ids), 500):
            part = case_ids[start:start + 500]
            marks = ",".join("?" * len(part))
            if not new:
                db.execute(f"DELETE FROM search WHERE rowid IN ({_DOC_SQL.format(marks)})", part)
            persons: dict[str, list[dict[str, Any]]] = {}
            for p in db.query(_PERSONS_SQL.format(marks), part):
                persons.setdefault(p["case_id"], []).append(p)
            docs = [(c["id"], _document(c, persons.get(c["id"], [])))
                    for c in db.query(_CASE_SQL.format(marks), part)]
            db.conn.executemany("INSERT OR IGNORE INTO search_keys (case_id) VALUES (?)",
                                [(case_id,) for case_id, _ in docs])
            db.conn.executemany("INSERT INTO search (rowid, case_id, body) "
                                "VALUES ((SELECT doc FROM search_keys WHERE case_id = ?1), ?1, ?2)", docs)


def reindex_case(db: sqlite_utils.Database, case_id: str) -> None:
    """Rebuild the search document of one case (call inside the writing transaction)."""
    reindex_cases(db, [case_id])


def forget(db: sqlite_utils.Database, case_id: str) -> None:
    """Remove a case's search document and its number (the case left this laptop)."""
    with translated():
        db.execute(f"DELETE FROM search WHERE rowid IN ({_DOC_SQL.format('?')})", [case_id])
        db.execute("DELETE FROM search_keys WHERE case_id = ?", [case_id])


def reindex_all(db: sqlite_utils.Database) -> None:
    with translated():
        db.execute("DELETE FROM search")
        db.execute("DELETE FROM search_keys")
        reindex_cases(db, [r[0] for r in db.execute("SELECT id FROM cases WHERE deleted = 0")], new=True)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fts_query(text: str) -> str:
    """User text as an FTS5 query: every word must match as a prefix; operators are neutralised."""
    tokens = _TOKEN.findall(_fold(text))
    return " ".join(f'"{t}"*' for t in tokens)


def search_cases(db: sqlite_utils.Database, text: str, limit: int = 200) -> list[str]:
    """Case ids matching ``text``, best match first."""
    query = fts_query(text)
    if not query:
        return []
    with translated():
        return [r[0] for r in db.execute(
            "SELECT case_id FROM search WHERE search MATCH ? ORDER BY rank LIMIT ?", [query, limit])]
