"""Record access with sync metadata and an audit entry for every change.

Every write goes through ``insert``/``update``/``tombstone`` so that the sync columns
(``rev``, ``dirty``, ``dirty_fields``, ``modified_at``, ``modified_by``) and the audit trail
can never be forgotten by a caller.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import sqlite_utils
from sqlite_utils.utils import dedupe_keys

from ..errors import StorageError, ValidationError
from ..model import dumps, new_id, to_jsonable, utc_now
from ..records import AUDITED, ENTITIES, JSON_FIELDS, TEXT_MAX, shape_problem, text_problem
from .db import storage_error, translated

META = {"id", "rev", "dirty", "dirty_fields", "modified_at", "modified_by", "deleted"}


def encode(value: Any, table: str = "", key: str = "") -> Any:
    """A Python value as it is stored in a column (JSON text for structures, 0/1 for bools)."""
    if key in JSON_FIELDS.get(table, ()):
        return dumps(value)
    if isinstance(value, bool):
        return int(value)
    if value is None or isinstance(value, int | float | str | bytes):
        return value
    return dumps(value)


def audit_text(value: Any) -> str | None:
    """How a value appears in the audit trail."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(to_jsonable(value), ensure_ascii=False, sort_keys=True)


def _longest_text(value: Any) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list | dict):
        return max((_longest_text(v) for v in (value.values() if isinstance(value, dict) else value)),
                   default=0)
    return 0


def _too_long(key: str, n: int, most: int) -> ValidationError:
    n_en, most_en = f"{n:,}", f"{most:,}"
    return ValidationError(
        "too_long", f"Deze tekst is te lang ({n_en.replace(',', '.')} tekens; hoogstens "
        f"{most_en.replace(',', '.')}). Maak hem korter.",
        f"This text is too long ({n_en} characters; at most {most_en}). Make it shorter.", field=key)


def check_text(table: str, row: dict[str, Any]) -> None:
    """Refuse a text the registry's field cannot hold (too long, a NUL, an unpaired surrogate; inside
    a JSON value too): the server would refuse it at the next sync, so it is refused here, where the
    user still has it in front of them."""
    entity = ENTITIES.get(table)
    if entity is None:
        return
    for key, value in row.items():
        f = entity.by_name.get(key)
        if f is None or not isinstance(value, str):
            continue
        decoded, longest = None, 0
        if key in JSON_FIELDS.get(table, ()):
            try:
                decoded = json.loads(value)
            except ValueError:
                pass  # not this check's business: the registry's own check refuses it
            longest = _longest_text(decoded)
        if text_problem(value) is not None or (decoded is not None and shape_problem(decoded, Any)):
            raise ValidationError(
                "invalid_text", "Deze tekst bevat een teken dat niet kan worden bewaard (een NUL-teken of "
                "een losse surrogaat, meestal uit een geplakte tekst). Typ de tekst opnieuw.",
                "This text holds a character that cannot be stored (a NUL character or an unpaired "
                "surrogate, usually from pasted text). Type the text again.", field=key)
        if longest > TEXT_MAX:  # one text inside a structure (a statement, an answer)
            raise _too_long(key, longest, TEXT_MAX)
        if len(value) > f.max_len:
            raise _too_long(key, len(value), f.max_len)


class Repository:
    """Typed-enough access to the local tables. Not thread-safe: one DB lane uses it.

    Once SQLite reports the file damaged (SQLCipher checks every page it reads), no transaction
    starts any more: nothing is written to a damaged file (``damaged``; the next open checks it).
    """

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.damaged = False

    @contextmanager
    def _guarded(self) -> Iterator[None]:
        try:
            with translated():
                yield
        except StorageError as exc:
            if exc.code == "corrupt":
                self.damaged = True
            raise

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self.damaged:
            raise storage_error(sqlite3.DatabaseError("database disk image is malformed"))
        with self._guarded(), self.db.atomic():
            yield

    # --- reads ----------------------------------------------------------------------------
    def query(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """The rows of a SELECT as dicts, as sqlite-utils' ``query`` gives them, without the savepoint
        it opens and releases around every statement (two more statements a read, a third of a sync
        with nothing to do)."""
        with self._guarded():
            cursor = self.db.conn.execute(sql, list(params))
            if cursor.description is None:
                raise ValueError("query() is for statements that return rows")
            keys = dedupe_keys(d[0] for d in cursor.description)
            return [dict(zip(keys, row, strict=True)) for row in cursor]

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        rows = self.query(f"SELECT * FROM [{table}] WHERE id = ?", [record_id])
        return rows[0] if rows else None

    def rows(self, table: str, where: str = "1", params: Iterable[Any] = (),
             order: str = "rowid") -> list[dict[str, Any]]:
        return self.query(f"SELECT * FROM [{table}] WHERE deleted = 0 AND ({where}) ORDER BY {order}",
                          list(params))

    def find(self, table: str, order: str = "rowid", **equals: Any) -> list[dict[str, Any]]:
        """The live (not deleted) rows of ``table`` whose columns equal ``equals``, in ``order``
        (column names, optionally with DESC, comma-separated)."""
        if not all(c.replace("_", "").isalnum() for c in equals) or \
                not all(part.split()[0].replace("_", "").isalnum() for part in order.split(",")):
            raise ValueError(f"not a column name: {sorted(equals)} / {order!r}")
        where = " AND ".join(f"[{c}] = ?" for c in equals) or "1"
        return self.rows(table, where, list(equals.values()), order)

    # --- writes ---------------------------------------------------------------------------
    def insert(self, table: str, record: dict[str, Any], actor: str, reason: str = "",
               audit: bool = True) -> dict[str, Any]:
        """Insert a new local record (dirty, rev 0) and audit its creation."""
        row = {k: encode(v, table, k) for k, v in record.items() if k not in META}
        row["id"] = record.get("id") or new_id()
        check_text(table, row)
        row.update(rev=0, dirty=1, deleted=0, modified_at=utc_now(), modified_by=actor,
                   dirty_fields=json.dumps(sorted(k for k in row if k not in META)))
        with self.transaction():
            self.db.table(table).insert(row)
            if audit and table in AUDITED:
                self.audit(table, row["id"], "*", None, "created", actor, reason)
        return row

    def insert_many(self, table: str, records: Iterable[dict[str, Any]], actor: str,
                    audit: bool = True) -> int:
        """Insert many new local records in one transaction (bulk import); returns the count.

        All records must have the same keys: sqlite-utils would silently write NULL for a key
        missing from some records.
        """
        now = utc_now()
        keys: frozenset[str] | None = None
        rows: list[dict[str, Any]] = []
        audits: list[dict[str, Any]] = []
        for record in records:
            row = {k: encode(v, table, k) for k, v in record.items() if k not in META}
            check_text(table, row)
            row["id"] = record.get("id") or new_id()
            if keys is None:
                keys = frozenset(row)
                fields = json.dumps(sorted(k for k in row if k != "id"))
            elif frozenset(row) != keys:
                raise ValueError(f"insert_many({table}): records differ in their keys")
            row.update(rev=0, dirty=1, deleted=0, modified_at=now, modified_by=actor, dirty_fields=fields)
            rows.append(row)
            if audit and table in AUDITED:
                audits.append({"id": new_id(), "at": now, "actor": actor, "entity": table,
                               "entity_id": row["id"], "field": "*", "old": None, "new": "created",
                               "reason": "bulk import", "rev": 0, "dirty": 1, "dirty_fields": "[]",
                               "modified_at": now, "modified_by": actor, "deleted": 0})
        with self.transaction():
            for name, batch in ((table, rows), ("audit", audits)):
                if batch:
                    cols = list(batch[0])
                    self.db.conn.executemany(
                        f"INSERT INTO [{name}] ({','.join(f'[{c}]' for c in cols)}) "
                        f"VALUES ({','.join('?' * len(cols))})", [tuple(r.values()) for r in batch])
        return len(rows)

    def update(self, table: str, record_id: str, changes: dict[str, Any], actor: str,
               reason: str = "") -> dict[str, tuple[Any, Any]]:
        """Apply ``changes``; only fields whose value really changes are written and audited.

        Returns {field: (old, new)} of what changed.
        """
        with self.transaction():
            current = self.get(table, record_id)
            if current is None:
                raise KeyError(f"{table} {record_id} not found")
            changed: dict[str, tuple[Any, Any]] = {}
            row: dict[str, Any] = {}
            for key, value in changes.items():
                if key in META:
                    continue
                new = encode(value, table, key)
                if current.get(key) != new:
                    changed[key] = (current.get(key), new)
                    row[key] = new
            if not row:
                return {}
            check_text(table, row)
            dirty = set(json.loads(current.get("dirty_fields") or "[]")) | set(row)
            row.update(dirty=1, dirty_fields=json.dumps(sorted(dirty)), modified_at=utc_now(),
                       modified_by=actor)
            self.db.table(table).update(record_id, row)
            if table in AUDITED:
                for key, (old, new) in changed.items():
                    self.audit(table, record_id, key, old, new, actor, reason)
        return changed

    def tombstone(self, table: str, record_id: str, actor: str, reason: str = "") -> None:
        """Mark a record deleted (never a silent DELETE: the server must hear of it)."""
        with self.transaction():
            current = self.get(table, record_id)
            if current is None or current["deleted"]:
                return
            dirty = set(json.loads(current.get("dirty_fields") or "[]")) | {"deleted"}
            self.db.table(table).update(record_id, {"deleted": 1, "dirty": 1, "dirty_fields": json.dumps(
                sorted(dirty)), "modified_at": utc_now(), "modified_by": actor})
            if table in AUDITED:
                self.audit(table, record_id, "deleted", "0", "1", actor, reason)

    def audit(self, entity: str, entity_id: str, field: str, old: Any, new: Any, actor: str,
               reason: str) -> None:
        now = utc_now()
        self.db.table("audit").insert({
            "id": new_id(), "at": now, "actor": actor, "entity": entity, "entity_id": entity_id,
            "field": field, "old": audit_text(old), "new": audit_text(new), "reason": reason,
            "rev": 0, "dirty": 1, "dirty_fields": "[]", "modified_at": now, "modified_by": actor,
            "deleted": 0})

    # --- settings (local only, never synced) ----------------------------------------------
    def setting(self, key: str, default: Any = None) -> Any:
        rows = self.query("SELECT value FROM settings WHERE key = ?", [key])
        return json.loads(rows[0]["value"]) if rows else default

    def set_setting(self, key: str, value: Any, *, durable: bool = True) -> None:
        """Keep a local setting. ``durable=False`` for bookkeeping a power cut may take back at no cost
        (when the last sync ran): committed without waiting for the disk (``synchronous = NORMAL`` for
        this one commit; in WAL mode the database stays consistent, and the next ordinary commit
        flushes it too). Inside an open transaction it simply joins that transaction."""
        conn = self.db.conn
        relaxed = not durable and not conn.in_transaction
        if relaxed:
            level = conn.execute("PRAGMA synchronous").fetchone()[0]
            conn.execute("PRAGMA synchronous = NORMAL")
        try:
            with self.transaction():  # one statement (sqlite-utils' upsert reads the table's shape first)
                self.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                [key, json.dumps(value, ensure_ascii=False)])
        finally:
            if relaxed:
                conn.execute(f"PRAGMA synchronous = {int(level)}")

    # --- blobs ----------------------------------------------------------------------------
    def put_blob(self, sha256: str, data: bytes, mime: str) -> None:
        """Store content-addressed bytes once (inside the caller's transaction when there is one)."""
        with self.transaction():
            self.db.execute(
                "INSERT OR IGNORE INTO blobs (sha256, size, mime, data) VALUES (?, ?, ?, ?)",
                [sha256, len(data), mime, data])

    def unsent_blobs(self) -> list[str]:
        """Hashes of the blobs the server has not confirmed yet."""
        with self._guarded():
            return [r[0] for r in self.db.execute("SELECT sha256 FROM blobs WHERE uploaded = 0").fetchall()]

    def mark_uploaded(self, hashes: list[str]) -> None:
        with self.transaction():
            for start in range(0, len(hashes), 500):
                part = hashes[start:start + 500]
                marks = ",".join("?" * len(part))
                self.db.execute(f"UPDATE blobs SET uploaded = 1 WHERE sha256 IN ({marks})", part)

    def mark_unsent(self, sha256: str) -> None:
        with self.transaction():
            self.db.execute("UPDATE blobs SET uploaded = 0 WHERE sha256 = ?", [sha256])

    def get_blob(self, sha256: str) -> bytes | None:
        with self._guarded():
            row = self.db.execute("SELECT data FROM blobs WHERE sha256 = ?", [sha256]).fetchone()
        return bytes(row[0]) if row else None
