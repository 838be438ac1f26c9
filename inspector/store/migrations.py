"""Schema steps. Append-only: never edit a released step, add a new one.

``SCHEMA_VERSION`` is the number of steps; it is written to ``PRAGMA user_version`` so an older
app can refuse a database written by a newer one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

from ..errors import StorageError
from . import db as db_module
from . import legacy

migrations = Migrations("inspector")

SYNC_COLS = """
    rev INTEGER NOT NULL DEFAULT 0,
    dirty INTEGER NOT NULL DEFAULT 1,
    dirty_fields TEXT NOT NULL DEFAULT '[]',
    modified_at TEXT NOT NULL DEFAULT '',
    modified_by TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0
"""

# Tables whose records synced with the server when step 0002 was written (a released step: frozen).
SYNCED_TABLES = ("addresses", "cases", "persons", "visits", "answers", "attachments", "addenda", "audit")

STEP_1 = [
    f"""CREATE TABLE addresses (
        id TEXT PRIMARY KEY,
        postcode TEXT NOT NULL DEFAULT '',
        huisnummer INTEGER,
        huisletter TEXT,
        toevoeging TEXT,
        straat TEXT NOT NULL DEFAULT '',
        woonplaats TEXT NOT NULL DEFAULT '',
        bag_id TEXT,
        {SYNC_COLS})""",
    f"""CREATE TABLE cases (
        id TEXT PRIMARY KEY,
        number TEXT NOT NULL,
        domain TEXT NOT NULL,
        address_id TEXT REFERENCES addresses(id),
        status TEXT NOT NULL DEFAULT 'open',
        team TEXT NOT NULL DEFAULT '',
        assigned_to TEXT NOT NULL DEFAULT '',
        due_date TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        ground_facts TEXT NOT NULL DEFAULT '',
        ground_source TEXT NOT NULL DEFAULT '',
        ground_date TEXT NOT NULL DEFAULT '',
        ground_why_not_lighter TEXT NOT NULL DEFAULT '',
        {SYNC_COLS})""",
    "CREATE UNIQUE INDEX cases_number ON cases(number)",
    f"""CREATE TABLE persons (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases(id),
        role TEXT NOT NULL DEFAULT 'client',
        bsn TEXT NOT NULL DEFAULT '',
        voornamen TEXT NOT NULL DEFAULT '',
        voorvoegsel TEXT NOT NULL DEFAULT '',
        geslachtsnaam TEXT NOT NULL,
        birth_date TEXT NOT NULL DEFAULT '',
        {SYNC_COLS})""",
    "CREATE INDEX persons_case ON persons(case_id, deleted, role)",
    f"""CREATE TABLE visits (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases(id),
        template_id TEXT NOT NULL,
        template_version INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'planned',
        planned_at TEXT NOT NULL DEFAULT '',
        started_at TEXT NOT NULL DEFAULT '',
        entered_at TEXT NOT NULL DEFAULT '',
        ended_at TEXT NOT NULL DEFAULT '',
        announced INTEGER NOT NULL DEFAULT 0,
        officers TEXT NOT NULL DEFAULT '[]',
        present TEXT NOT NULL DEFAULT '[]',
        ground TEXT NOT NULL DEFAULT '{{}}',
        id_shown INTEGER NOT NULL DEFAULT 0,
        id_shown_at TEXT NOT NULL DEFAULT '',
        consent TEXT NOT NULL DEFAULT '{{}}',
        rooms TEXT NOT NULL DEFAULT '{{}}',
        caution TEXT NOT NULL DEFAULT '{{}}',
        statement TEXT NOT NULL DEFAULT '{{}}',
        outcome TEXT NOT NULL DEFAULT '',
        toe_causes TEXT NOT NULL DEFAULT '[]',
        lhs_cell TEXT NOT NULL DEFAULT '',
        referrals TEXT NOT NULL DEFAULT '[]',
        signals TEXT NOT NULL DEFAULT '[]',
        followup_date TEXT NOT NULL DEFAULT '',
        followup_note TEXT NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT '',
        conclusion TEXT NOT NULL DEFAULT '',
        fingerprint TEXT NOT NULL DEFAULT '',
        finalized_at TEXT NOT NULL DEFAULT '',
        finalized_by TEXT NOT NULL DEFAULT '',
        receipt TEXT NOT NULL DEFAULT '',
        {SYNC_COLS})""",
    # Covering: the case list aggregates next visit and follow-ups per case from the index alone.
    "CREATE INDEX visits_case ON visits(case_id, deleted, status, planned_at, followup_date)",
    "CREATE INDEX visits_planned ON visits(planned_at)",
    f"""CREATE TABLE answers (
        id TEXT PRIMARY KEY,
        visit_id TEXT NOT NULL REFERENCES visits(id),
        item_id TEXT NOT NULL,
        room TEXT NOT NULL DEFAULT '',
        value TEXT NOT NULL DEFAULT 'null',
        note TEXT NOT NULL DEFAULT '',
        {SYNC_COLS})""",
    "CREATE UNIQUE INDEX answers_key ON answers(visit_id, item_id, room)",
    """CREATE TABLE blobs (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mime TEXT NOT NULL DEFAULT '',
        data BLOB NOT NULL,
        uploaded INTEGER NOT NULL DEFAULT 0)""",
    f"""CREATE TABLE attachments (
        id TEXT PRIMARY KEY,
        visit_id TEXT NOT NULL REFERENCES visits(id),
        kind TEXT NOT NULL DEFAULT 'photo',
        item_id TEXT NOT NULL DEFAULT '',
        sha256 TEXT NOT NULL REFERENCES blobs(sha256),
        mime TEXT NOT NULL DEFAULT 'image/jpeg',
        width INTEGER NOT NULL DEFAULT 0,
        height INTEGER NOT NULL DEFAULT 0,
        caption TEXT NOT NULL DEFAULT '',
        number INTEGER NOT NULL DEFAULT 0,
        taken_at TEXT NOT NULL DEFAULT '',
        {SYNC_COLS})""",
    "CREATE INDEX attachments_visit ON attachments(visit_id)",
    f"""CREATE TABLE addenda (
        id TEXT PRIMARY KEY,
        visit_id TEXT NOT NULL REFERENCES visits(id),
        text TEXT NOT NULL,
        base_fingerprint TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        {SYNC_COLS})""",
    f"""CREATE TABLE audit (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        field TEXT NOT NULL,
        old TEXT,
        new TEXT,
        reason TEXT NOT NULL DEFAULT '',
        {SYNC_COLS})""",
    "CREATE INDEX audit_entity ON audit(entity_id)",
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE conflicts (
        id TEXT PRIMARY KEY,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        field TEXT NOT NULL,
        local_value TEXT,
        server_value TEXT,
        server_rev INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        resolved INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE quarantine (
        id TEXT PRIMARY KEY,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        reason_code TEXT NOT NULL,
        reason TEXT NOT NULL,
        created_at TEXT NOT NULL)""",
    # One search document per case (case number, persons, BSN, address), diacritics ignored.
    """CREATE VIRTUAL TABLE search USING fts5(
        case_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')""",
]


@migrations(name="0001_initial")
def m0001_initial(db: sqlite_utils.Database) -> None:
    for sql in STEP_1:
        db.execute(sql)


@migrations(name="0002_sync_indexes")
def m0002_sync_indexes(db: sqlite_utils.Database) -> None:
    # Partial indexes so a sync with nothing to do stays fast however large the workspace grows.
    for table in SYNCED_TABLES:
        db.execute(f"CREATE INDEX {table}_dirty ON {table}(id) WHERE dirty = 1")
    db.execute("CREATE INDEX blobs_not_uploaded ON blobs(sha256) WHERE uploaded = 0")
    db.execute("CREATE INDEX conflicts_open ON conflicts(entity, entity_id) WHERE resolved = 0")
    db.execute("CREATE INDEX quarantine_record ON quarantine(entity, entity_id)")



@migrations(name="0003_sealed_evidence")
def m0003_sealed_evidence(db: sqlite_utils.Database) -> None:
    # A finalized visit and each addendum carry their frozen document, its fingerprint, the laptop's
    # signature and the server's receipt (records.py: the seal fields).
    for column in ("snapshot", "signature", "signing_key", "signing_device"):
        db.execute(f"ALTER TABLE visits ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    for column in ("snapshot", "fingerprint", "signature", "signing_key", "signing_device", "receipt"):
        db.execute(f"ALTER TABLE addenda ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    # server_kept: the server kept its value, the laptop's waits here; superseded: a finalized visit kept
    # the laptop's value and another laptop's is listed here; seal_invalid: the server sent a finalized
    # visit whose seal does not hold, and it was not taken.
    db.execute("ALTER TABLE conflicts ADD COLUMN kind TEXT NOT NULL DEFAULT 'server_kept'")
    legacy.freeze_release_0_1(db)


@migrations(name="0004_observed_moments")
def m0004_observed_moments(db: sqlite_utils.Database) -> None:
    # Observed facts of a visit (DOMAIN.md §9): the moment the bell was rung (entered_at and ended_at
    # already exist; from now on they are recorded, not derived from button presses), and per room who
    # of the persons present opened or showed it (DOMAIN.md §2.8).
    db.execute("ALTER TABLE visits ADD COLUMN rang_at TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE visits ADD COLUMN room_openers TEXT NOT NULL DEFAULT '{}'")


@migrations(name="0005_followups")
def m0005_followups(db: sqlite_utils.Database) -> None:
    # Follow-up actions (vervolgacties) of a visit, each with an owner and a due date (records.py:
    # FOLLOWUPS). Frozen with the visit like its answers and photos.
    db.execute(f"""CREATE TABLE followups (
        id TEXT PRIMARY KEY,
        visit_id TEXT NOT NULL REFERENCES visits(id),
        action TEXT NOT NULL,
        owner TEXT NOT NULL,
        due_date TEXT NOT NULL,
        {SYNC_COLS})""")
    db.execute("CREATE INDEX followups_visit ON followups(visit_id, deleted)")
    db.execute("CREATE INDEX followups_dirty ON followups(id) WHERE dirty = 1")


@migrations(name="0006_search_keys")
def m0006_search_keys(db: sqlite_utils.Database) -> None:
    # Each case's search document gets a stable number, its FTS rowid (search.py says why). The
    # documents there keep theirs; a second document of a case, which should not exist, goes.
    db.execute("CREATE TABLE search_keys (doc INTEGER PRIMARY KEY, case_id TEXT NOT NULL UNIQUE)")
    db.execute("DELETE FROM search WHERE rowid NOT IN (SELECT max(rowid) FROM search GROUP BY case_id)")
    db.execute("INSERT INTO search_keys (doc, case_id) SELECT rowid, case_id FROM search")


@migrations(name="0007_print_versions")
def m0007_print_versions(db: sqlite_utils.Database) -> None:
    # Each photo's print version for the report (attachments.print_version), made at import or on
    # demand, per print size setting (target long side, JPEG quality). Derived, local, never synced;
    # ``side`` is the long side it was made at, ``print_sha256`` the hash of what prints (checked on
    # every read), ``data`` NULL when the stored photo itself prints as it is. Goes with its photo.
    db.execute("""CREATE TABLE print_versions (
        sha256 TEXT NOT NULL REFERENCES blobs(sha256) ON DELETE CASCADE,
        target INTEGER NOT NULL,
        quality INTEGER NOT NULL,
        side INTEGER NOT NULL,
        print_sha256 TEXT NOT NULL,
        data BLOB,
        PRIMARY KEY (sha256, target, quality))""")


@migrations(name="0008_photo_markup")
def m0008_photo_markup(db: sqlite_utils.Database) -> None:
    # Mark-up drawn over a photo (arrows, ellipses, rectangles, blurred regions; records.py: the
    # attachments' "markup"). The photo's own bytes never change: the marked-up version is rendered.
    db.execute("ALTER TABLE attachments ADD COLUMN markup TEXT NOT NULL DEFAULT '[]'")


@migrations(name="0009_added_rooms")
def m0009_added_rooms(db: sqlite_utils.Database) -> None:
    # Rooms of a visit its checklist did not list (a second bathroom, an attic), each with its code,
    # name and kind (records.py: visits.added_rooms). Frozen with the visit like its rooms.
    db.execute("ALTER TABLE visits ADD COLUMN added_rooms TEXT NOT NULL DEFAULT '[]'")


@migrations(name="0010_retention_log")
def m0010_retention_log(db: sqlite_utils.Database) -> None:
    # What this laptop removed of its own copy under the server's retention periods (store/retention.py):
    # when, by which rule, how many, and the visits' ids and fingerprints; never a name or a BSN.
    db.execute("""CREATE TABLE retention_log (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        rule TEXT NOT NULL,
        visits INTEGER NOT NULL,
        records INTEGER NOT NULL,
        photos INTEGER NOT NULL,
        detail TEXT NOT NULL)""")


@migrations(name="0011_receipted_visits")
def m0011_receipted_visits(db: sqlite_utils.Database) -> None:
    # The acknowledged visits by the moment they were finalized, so the retention check at a sync
    # (store/retention.py: due) reads only the visits a period can have reached, not the whole table.
    db.execute("CREATE INDEX visits_receipted ON visits(finalized_at) WHERE receipt != ''")


@migrations(name="0012_print_sizes")
def m0012_print_sizes(db: sqlite_utils.Database) -> None:
    # The pixel size of each print version (store/prints.py), so a report can lay its photos out while
    # their bytes are still being read (ws.reports.read_prints). The table is made again with the
    # image bytes as its last column: SQLite reaches a column stored after a large value only by
    # reading (and here decrypting) that value's pages, and the size must be cheap to read. Existing
    # print versions get their size from their JPEG header; one that is not a readable JPEG keeps
    # none (it is then read before the report is laid out, as before).
    from ..attachments import jpeg_size

    db.execute("""CREATE TABLE print_versions_sized (
        sha256 TEXT NOT NULL REFERENCES blobs(sha256) ON DELETE CASCADE,
        target INTEGER NOT NULL,
        quality INTEGER NOT NULL,
        side INTEGER NOT NULL,
        print_sha256 TEXT NOT NULL,
        width INTEGER,
        height INTEGER,
        data BLOB,
        PRIMARY KEY (sha256, target, quality))""")
    rows = db.execute("SELECT sha256, target, quality, side, print_sha256, data, CASE WHEN data IS NULL "
                      "THEN (SELECT b.data FROM blobs b WHERE b.sha256 = p.sha256) END FROM print_versions p")
    for sha256, target, quality, side, print_sha256, data, photo in rows:  # one at a time in memory
        printed = data if data is not None else photo
        size = (jpeg_size(bytes(printed)) if printed is not None else None) or (None, None)
        db.execute("INSERT INTO print_versions_sized VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [sha256, target, quality, side, print_sha256, *size, data])
    db.execute("DROP TABLE print_versions")
    db.execute("ALTER TABLE print_versions_sized RENAME TO print_versions")


SCHEMA_VERSION = 12  # steps applied


def _newer_error(found_nl: str, found_en: str) -> StorageError:
    return StorageError(
        "schema_newer",
        f"Deze gegevens zijn geschreven door een nieuwere versie van Inspector ({found_nl}; deze versie "
        f"kent schema {SCHEMA_VERSION}). Werk Inspector bij; er is niets gewijzigd.",
        f"This data was written by a newer version of Inspector ({found_en}; this version knows "
        f"schema {SCHEMA_VERSION}). Update Inspector; nothing was changed.")


def upgrade(db: sqlite_utils.Database, path: Path, backup: Callable[[str], object]) -> None:
    """Refuse a newer schema; back up (``backup(label)``), then apply the pending steps.

    All pending steps and the new ``user_version`` are one transaction: a kill leaves the database
    either as it was or migrated and marked so, never migrated but marked old or the reverse.
    """
    with db_module.translated(path):
        version = db_module.user_version(db)
        if version > SCHEMA_VERSION:
            raise _newer_error(f"schema {version}", f"schema {version}")
        applied = [m.name for m in migrations.applied(db)]
        known = {m.name for m in migrations._migrations}  # noqa: SLF001 - sqlite-utils has no public list
        unknown = [name for name in applied if name not in known]
        if unknown:
            raise _newer_error(f"stap {unknown[0]}", f"step {unknown[0]}")
        pending = migrations.pending(db)
        if not pending and version == SCHEMA_VERSION:
            return
        if applied:
            backup(f"schema{version}")
        with db.atomic():
            migrations.apply(db)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
