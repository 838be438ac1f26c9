"""Full-text search over cases, persons and addresses (FTS5, diacritics ignored).

One search document per case holds the case number and title, every person's names and BSN,
and the address, so "coordinatie", "Berg" or a postcode find the case.
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


def case_document(db: sqlite_utils.Database, case_id: str) -> str | None:
    rows = list(db.query(_CASE_SQL.format("?"), [case_id]))
    if not rows:
        return None
    return _document(rows[0], list(db.query(_PERSONS_SQL.format("?"), [case_id])))


def reindex_cases(db: sqlite_utils.Database, case_ids: list[str], *, new: bool = False) -> None:
    """``reindex_case`` for many cases at once (a sync bringing thousands of cases).

    ``new``: the cases have no search document yet, so there is nothing to delete first.
    """
    with translated():
        for start in range(0, len(case_ids), 500):
            part = case_ids[start:start + 500]
            marks = ",".join("?" * len(part))
            if not new:
                db.execute(f"DELETE FROM search WHERE case_id IN ({marks})", part)
            persons: dict[str, list[dict[str, Any]]] = {}
            for p in db.query(_PERSONS_SQL.format(marks), part):
                persons.setdefault(p["case_id"], []).append(p)
            docs = [(c["id"], _document(c, persons.get(c["id"], [])))
                    for c in db.query(_CASE_SQL.format(marks), part)]
            db.conn.executemany("INSERT INTO search (case_id, body) VALUES (?, ?)", docs)


def reindex_case(db: sqlite_utils.Database, case_id: str) -> None:
    """Rebuild the search document of one case (call inside the writing transaction)."""
    with translated():
        db.execute("DELETE FROM search WHERE case_id = ?", [case_id])
        doc = case_document(db, case_id)
        if doc is not None:
            db.execute("INSERT INTO search (case_id, body) VALUES (?, ?)", [case_id, doc])


def reindex_all(db: sqlite_utils.Database) -> None:
    with translated():
        db.execute("DELETE FROM search")
        for row in list(db.query("SELECT id FROM cases WHERE deleted = 0")):
            doc = case_document(db, row["id"])
            if doc is not None:
                db.execute("INSERT INTO search (case_id, body) VALUES (?, ?)", [row["id"], doc])


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
