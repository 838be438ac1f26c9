"""The server's tables (SQLAlchemy Core) and transactions that work the same on PostgreSQL and SQLite.

Every synced record lives in one ``records`` table as an envelope around its columns (JSON text):
the server does not need to understand most fields, only the scope (case, team), the revisions and
a few fields it enforces (team, case number, visit status, fingerprint, blob hash).
Revisions come from one counter row that a writing transaction locks, so revisions become
visible in commit order and a pull by cursor never skips a change.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import platformdirs
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

metadata = sa.MetaData()

teams = sa.Table(
    "teams", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("created_at", sa.String(32), nullable=False),
)

users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(200), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(300), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, default=True),
    sa.Column("created_at", sa.String(32), nullable=False),
)

memberships = sa.Table(
    "memberships", metadata,
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
    sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), primary_key=True),
)

devices = sa.Table(
    "devices", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("name", sa.String(200), nullable=False, default=""),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("last_seen_at", sa.String(32), nullable=False),
    sa.Column("expires_at", sa.String(32), nullable=False),
    sa.Column("revoked_at", sa.String(32), nullable=True),
    sa.Column("signing_key", sa.String(64), nullable=True),  # the laptop's Ed25519 public key (hex)
    # What the laptop last reported at a sync (migration 0006; NULL: never, e.g. an older app).
    sa.Column("unsent", sa.Integer, nullable=True),
    sa.Column("quarantined", sa.Integer, nullable=True),
    sa.Column("status_at", sa.String(32), nullable=True),
)

login_failures = sa.Table(
    "login_failures", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(200), nullable=False),
    sa.Column("ip", sa.String(64), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Index("login_failures_key", "username", "ip", "at"),
)

counters = sa.Table(
    "counters", metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
)

server_meta = sa.Table(
    "server_meta", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

records = sa.Table(
    "records", metadata,
    sa.Column("entity", sa.String(20), primary_key=True),
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("case_id", sa.String(64), nullable=False),
    sa.Column("team_id", sa.Integer, nullable=False),
    sa.Column("rev", sa.BigInteger, nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False, default=False),
    sa.Column("parent_id", sa.String(64), nullable=True),  # case of a person/visit, visit of a child
    sa.Column("ref", sa.String(200), nullable=True),  # case number, or an attachment's blob hash
    sa.Column("data", sa.Text, nullable=False),  # JSON object: every column of the record
    sa.Column("field_revs", sa.Text, nullable=False),  # JSON object: field -> rev that last set it
    sa.Column("field_writers", sa.Text, nullable=False),  # JSON object: field -> device id or "server"
    sa.Column("modified_at", sa.String(40), nullable=False, default=""),
    sa.Column("modified_by", sa.String(200), nullable=False, default=""),
    sa.Index("records_team_rev", "team_id", "rev"),
    sa.Index("records_rev", "rev", unique=True),
    sa.Index("records_case", "case_id"),
    sa.Index("records_parent", "entity", "parent_id"),
    sa.Index("records_ref", "entity", "ref"),
)

push_batches = sa.Table(
    "push_batches", metadata,
    sa.Column("device_id", sa.String(36), primary_key=True),
    sa.Column("key", sa.String(128), primary_key=True),
    sa.Column("response", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("request_hash", sa.String(64), nullable=True),  # the same key with other records is refused
)

blobs = sa.Table(  # the files the server has (their bytes are in the blob store, see storage/)
    "blobs", metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
)

blob_holders = sa.Table(  # who proved to hold a file's bytes by uploading them (see blob_access.py)
    "blob_holders", metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.Integer, primary_key=True),
    sa.Column("created_at", sa.String(32), nullable=False),
)

blob_uploads = sa.Table(  # an upload in pieces, per file and uploading user
    "blob_uploads", metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.Integer, primary_key=True),
    sa.Column("total", sa.BigInteger, nullable=False),
    sa.Column("received", sa.BigInteger, nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=False),
    sa.Index("blob_uploads_idle", "updated_at"),
)

blob_chunks = sa.Table(  # the pieces of an upload so far: objects in the blob store's incoming/ area
    "blob_chunks", metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.Integer, primary_key=True),
    sa.Column("offset", sa.BigInteger, primary_key=True),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("piece", sa.String(100), nullable=False),
    sa.Index("blob_chunks_piece", "piece"),
)

receipts = sa.Table(  # every receipt issued: of a finalized visit or an addendum
    "receipts", metadata,
    sa.Column("record_id", sa.String(64), primary_key=True),
    sa.Column("fingerprint", sa.String(100), nullable=False),
    sa.Column("receipt", sa.String(300), nullable=False),
    sa.Column("issued_at", sa.String(32), nullable=False),
    sa.Column("entity", sa.String(20), nullable=False, server_default="visits"),
)

visit_facts = sa.Table(  # what the back office counts of each live visit, kept by every write (0006)
    "visit_facts", metadata,
    sa.Column("visit_id", sa.String(64), primary_key=True),
    sa.Column("case_id", sa.String(64), nullable=False),
    sa.Column("team_id", sa.Integer, nullable=False),
    sa.Column("domain", sa.String(20), nullable=False),  # the case's domain (the document's, once finalized)
    sa.Column("template_id", sa.String(40), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("receipt", sa.Boolean, nullable=False),
    sa.Column("planned_at", sa.String(40), nullable=False),
    sa.Column("finalized_at", sa.String(40), nullable=False),
    sa.Column("finalized_on", sa.String(10), nullable=False),  # the day in Dutch time; "" until finalized
    sa.Column("outcome", sa.String(200), nullable=False),
    sa.Column("refused", sa.Boolean, nullable=False),  # consent refused at the door
    sa.Column("lhs_cell", sa.String(2), nullable=False),
    sa.Column("followup_date", sa.String(10), nullable=False),
    sa.Column("source", sa.String(10), nullable=False),  # "document" (frozen) or "record"
    sa.Column("followup_done_on", sa.String(10), nullable=False),  # a later visit of the case finalized
    sa.Index("visit_facts_team_planned", "team_id", "planned_at"),
    sa.Index("visit_facts_team_status", "team_id", "status", "receipt"),
    sa.Index("visit_facts_followup", "followup_date", "team_id"),
    sa.Index("visit_facts_case", "case_id"),
)

visit_fact_items = sa.Table(  # what a finalized visit adds to the counts (0006)
    "visit_fact_items", metadata,
    sa.Column("visit_id", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(10), primary_key=True),  # visit, lhs, cause, referral, signal
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(200), nullable=False),  # outcome, LHS cell, T1…T11, referral kind, target
    sa.Column("flag", sa.Boolean, nullable=False),  # visit: consent refused; referral: warm handover
    sa.Column("team_id", sa.Integer, nullable=False),
    sa.Column("template_id", sa.String(40), nullable=False),
    sa.Column("domain", sa.String(20), nullable=False),
    sa.Column("month", sa.String(7), nullable=False),  # of finalizing, Dutch time: yyyy-mm
)

visit_counts = sa.Table(  # visit_fact_items summed per team, month, visit type and code (0006)
    "visit_counts", metadata,
    sa.Column("team_id", sa.Integer, primary_key=True),
    sa.Column("month", sa.String(7), primary_key=True),
    sa.Column("template_id", sa.String(40), primary_key=True),
    sa.Column("domain", sa.String(20), primary_key=True),
    sa.Column("kind", sa.String(10), primary_key=True),
    sa.Column("code", sa.String(200), primary_key=True),
    sa.Column("flag", sa.Boolean, primary_key=True),
    sa.Column("n", sa.Integer, nullable=False),
    sa.Index("visit_counts_month", "month", "team_id"),
)

application_decisions = sa.Table(  # the decision on the application after an S1 intake visit (0006)
    "application_decisions", metadata,
    sa.Column("visit_id", sa.String(64), primary_key=True),
    sa.Column("decision", sa.String(30), nullable=False),  # toegekend, toegekend_met_aanpassing, …
    sa.Column("decided_on", sa.String(10), nullable=False),
    sa.Column("recorded_by", sa.String(200), nullable=False),
    sa.Column("recorded_at", sa.String(32), nullable=False),
)

retention_rules = sa.Table(  # how long the server keeps a visit type, and laptops their copy (0006)
    "retention_rules", metadata,
    sa.Column("kind", sa.String(10), primary_key=True),  # "visits" (per visit type) or "laptop"
    sa.Column("template_id", sa.String(40), primary_key=True),  # "" for the laptop period
    sa.Column("amount", sa.Integer, nullable=False),
    sa.Column("unit", sa.String(10), nullable=False),  # "months" or "days"
    sa.Column("set_at", sa.String(32), nullable=False),
    sa.Column("set_by", sa.String(200), nullable=False),
)

removals = sa.Table(  # what the retention command removed: kinds, counts, ids and fingerprints only
    "removals", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Column("by", sa.String(200), nullable=False),
    sa.Column("rule", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("count", sa.Integer, nullable=False),
    sa.Column("detail", sa.Text, nullable=False),  # JSON: [{"id", "fingerprint", "case_id"}, …]
    sa.Index("removals_at", "at"),
)

# Tables holding synced data (emptied by tests between cases; users and teams stay).
DATA_TABLES = (records, push_batches, blobs, blob_holders, blob_uploads, blob_chunks, receipts, devices,
               login_failures, visit_facts, visit_fact_items, visit_counts, application_decisions,
               retention_rules, removals)


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def default_database_url() -> str:
    """The embedded default: a SQLite file in the platform's data folder."""
    folder = Path(platformdirs.user_data_dir("inspector-server", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'inspector-server.db'}"


def normalize_url(url: str) -> str:
    """Accept ``postgresql://`` and ``postgres://`` for psycopg 3."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Database:
    """One engine plus the two kinds of transaction the server uses."""

    def __init__(self, url: str) -> None:
        self.url = normalize_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        self._write_lock = threading.Lock()
        if self.is_sqlite:
            path = self.url.split("///", 1)[-1]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = sa.create_engine(
                self.url, connect_args={"check_same_thread": False, "timeout": 30},
                pool_size=10, max_overflow=20)
            sa.event.listen(self.engine, "connect", _sqlite_connect)
            sa.event.listen(self.engine, "begin", _sqlite_begin)
        else:
            # No pre-ping (it doubles the round trips of every request); connections are recycled hourly.
            self.engine = sa.create_engine(self.url, pool_size=20, max_overflow=20, pool_recycle=3600)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """Reading. PostgreSQL: each statement on its own (autocommit), which saves the BEGIN and
        COMMIT round trips; none of the server's reads needs one snapshot across statements."""
        if self.is_sqlite:
            with self.engine.connect() as conn, conn.begin():
                yield conn
        else:
            with self.engine.connect() as conn:
                yield conn.execution_options(isolation_level="AUTOCOMMIT")

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A writing transaction. SQLite: one writer at a time (BEGIN IMMEDIATE under a lock)."""
        if self.is_sqlite:
            with self._write_lock, self.engine.connect() as conn:
                conn = conn.execution_options(sqlite_immediate=True)
                with conn.begin():
                    yield conn
        else:
            with self.engine.connect() as conn, conn.begin():
                yield conn

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _sqlite_begin)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.execute("PRAGMA busy_timeout = 30000")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get("sqlite_immediate")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def insert_new(conn: Connection, table: sa.Table, **values: object) -> bool:
    """Insert a row unless one with its key exists (``ON CONFLICT DO NOTHING``, PostgreSQL and SQLite):
    safe when several requests insert the same row at once. True when this call inserted it."""
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    return bool(conn.execute(insert(table).values(**values).on_conflict_do_nothing()).rowcount == 1)


def insert_all_new(conn: Connection, table: sa.Table, rows: list[dict[str, object]]) -> None:
    """``insert_new`` of several rows in one statement."""
    if rows:
        insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
        conn.execute(insert(table).on_conflict_do_nothing(), rows)


_ALLOCATE = (sa.update(counters).where(counters.c.name == "rev")
             .values(value=counters.c.value + sa.bindparam("count", type_=sa.BigInteger))
             .returning(counters.c.value))


def allocate_revs(conn: Connection, count: int) -> int:
    """Reserve ``count`` revisions; returns the first. Locks the counter until commit."""
    row = conn.execute(_ALLOCATE, {"count": count}).one()
    return int(row[0]) - count + 1


class RevAllocator:
    """Hands out revisions one by one inside a writing transaction, reserving them in blocks."""

    def __init__(self, conn: Connection) -> None:
        # Reserve at once: this takes the counter lock before the caller reads any record, so two
        # writers never both act on the same stale row (PostgreSQL's read committed).
        self.conn = conn
        self._next = allocate_revs(conn, 64)
        self._end = self._next + 63

    def __call__(self) -> int:
        if self._next > self._end:
            self._next = allocate_revs(self.conn, 64)
            self._end = self._next + 63
        rev = self._next
        self._next += 1
        return rev
