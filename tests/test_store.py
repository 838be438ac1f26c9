"""The encrypted local store: files, keys, migrations, errors, search."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from inspector import credentials
from inspector.errors import CredentialsError, StorageError
from inspector.store.db import connect
from inspector.store.migrations import SCHEMA_VERSION
from inspector.workspace import Workspace


def test_database_file_is_encrypted(workspace: Workspace) -> None:
    """The database file cannot be read as plain SQLite and holds no readable case data."""
    workspace.cases.create("2026-0001", "sociaal", straat="Coördinatiestraat", woonplaats="Utrecht")
    workspace.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = (workspace.directory / "inspector.db").read_bytes()
    assert b"SQLite format 3" not in raw[:16]
    assert "Coördinatiestraat".encode() not in raw
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(workspace.directory / "inspector.db").execute("SELECT * FROM cases").fetchall()


def test_round_trip_after_reopen(tmp_path: Path) -> None:
    """A case written, closed and reopened with the key from the keyring comes back intact."""
    ws = Workspace.open(tmp_path / "ws")
    ws.settings.set_profile("Toezichthouder Test", "TH-1", "Team Noord")
    case = ws.cases.create("2026-0002", "fysiek", postcode="1234ab", huisnummer="12", huisletter="a",
                          straat="Kerkstraat", woonplaats="Zwolle")
    ws.close()
    again = Workspace.open(tmp_path / "ws")
    loaded = again.cases.get(case.id)
    address = again.cases.address(loaded.address_id)
    assert (loaded.number, loaded.domain, loaded.team) == ("2026-0002", "fysiek", "Team Noord")
    assert (address.postcode, address.huisnummer, address.huisletter) == ("1234AB", 12, "A")
    again.close()


def test_key_lives_in_keyring(tmp_path: Path, memory_keyring) -> None:
    """The random 256-bit key is kept in the keyring, never in the workspace folder."""
    ws = Workspace.open(tmp_path / "ws")
    key_hex = memory_keyring.store[(credentials.SERVICE, f"db-key:{ws.workspace_id}")]
    assert len(bytes.fromhex(key_hex)) == 32
    for path in (tmp_path / "ws").rglob("*"):
        if path.is_file():
            assert key_hex.encode() not in path.read_bytes()
    ws.close()


def test_no_keyring_asks_for_passphrase(tmp_path: Path, no_keyring) -> None:
    """Without a secure keyring, opening says so clearly instead of storing a key in plain text."""
    with pytest.raises(CredentialsError) as info:
        Workspace.open(tmp_path / "ws")
    assert info.value.code == "no_secure_keyring"
    assert "wachtwoordzin" in info.value.nl
    assert not (tmp_path / "ws" / "inspector.db").exists()


def test_passphrase_workspace_round_trip(tmp_path: Path, no_keyring) -> None:
    """A passphrase-derived key opens the workspace again; a wrong one is refused."""
    ws = Workspace.open(tmp_path / "ws", passphrase="correct horse battery")
    ws.settings.set_profile("Toezichthouder Test", "TH-1")
    ws.close()
    assert Workspace.inspect(tmp_path / "ws").needs_passphrase
    with pytest.raises(CredentialsError) as needed:
        Workspace.open(tmp_path / "ws")
    assert needed.value.code == "passphrase_needed"
    with pytest.raises(StorageError) as wrong:
        Workspace.open(tmp_path / "ws", passphrase="wrong horse battery")
    assert wrong.value.code == "wrong_key"
    again = Workspace.open(tmp_path / "ws", passphrase="correct horse battery")
    assert again.settings.profile().name == "Toezichthouder Test"
    again.close()


def test_short_passphrase_refused(tmp_path: Path, no_keyring) -> None:
    """A passphrase under ten characters is refused with a Dutch message."""
    with pytest.raises(CredentialsError) as info:
        Workspace.open(tmp_path / "ws", passphrase="kort")
    assert info.value.code == "passphrase_short"


def test_wrong_key_leaves_file_untouched(tmp_path: Path, memory_keyring) -> None:
    """A wrong key in the keyring gives wrong_key and does not change a byte of the file."""
    ws = Workspace.open(tmp_path / "ws")
    ws.cases.create("2026-0003", "oov")
    wid = ws.workspace_id
    ws.close()
    db_file = tmp_path / "ws" / "inspector.db"
    before = db_file.read_bytes()
    memory_keyring.store[(credentials.SERVICE, f"db-key:{wid}")] = "00" * 32
    with pytest.raises(StorageError) as info:
        Workspace.open(tmp_path / "ws")
    assert info.value.code == "wrong_key"
    assert db_file.read_bytes() == before


def test_corrupt_file_is_a_storage_error(tmp_path: Path) -> None:
    """A database file overwritten with noise is refused as damaged, naming the backup; it stays as it was."""
    ws = Workspace.open(tmp_path / "ws")
    ws.close()
    db_file = tmp_path / "ws" / "inspector.db"
    for extra in ("inspector.db-wal", "inspector.db-shm"):
        (tmp_path / "ws" / extra).unlink(missing_ok=True)
    db_file.write_bytes(os.urandom(8192))
    before = db_file.read_bytes()
    with pytest.raises(StorageError) as info:
        Workspace.open(tmp_path / "ws")
    assert info.value.code == "damaged"
    assert "beschadigd" in info.value.nl and "De nieuwste reservekopie is van" in info.value.nl
    assert db_file.read_bytes() == before


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    """A database written by a newer version is refused and left unchanged."""
    ws = Workspace.open(tmp_path / "ws")
    ws.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    ws.close()
    with pytest.raises(StorageError) as info:
        Workspace.open(tmp_path / "ws")
    assert info.value.code == "schema_newer"
    assert "nieuwere versie" in info.value.nl


def test_migration_makes_backup_first(tmp_path: Path, monkeypatch) -> None:
    """A pending migration copies the database to backups/ before it runs."""
    from sqlite_utils import Migrations

    from inspector.store import migrations as mig

    ws = Workspace.open(tmp_path / "ws")
    ws.cases.create("2026-0004", "sociaal")
    ws.close()
    extra = Migrations("inspector")
    extra._migrations = list(mig.migrations._migrations)  # noqa: SLF001 - test-only extension

    @extra(name="0002_test_column")
    def add_column(db) -> None:
        db.execute("ALTER TABLE cases ADD COLUMN test_note TEXT NOT NULL DEFAULT ''")

    monkeypatch.setattr(mig, "migrations", extra)
    monkeypatch.setattr(mig, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    again = Workspace.open(tmp_path / "ws")
    assert "test_note" in again.db["cases"].columns_dict
    assert again.cases.by_number("2026-0004") is not None
    made = [b for b in Workspace.backups(tmp_path / "ws") if b.label == f"schema{SCHEMA_VERSION}"]
    assert len(made) == 1
    copy = connect(made[0].path, again._opened.key)
    assert "test_note" not in copy["cases"].columns_dict  # taken before the step ran
    assert copy.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    copy.close()
    again.close()


def test_read_only_file_gives_clear_error(tmp_path: Path) -> None:
    """Writing to a read-only database gives StorageError read_only, not a crash."""
    ws = Workspace.open(tmp_path / "ws")
    ws.settings.set_profile("Toezichthouder Test", "TH-1")
    ws.db.execute("PRAGMA query_only = 1")
    with pytest.raises(StorageError) as info:
        ws.cases.create("2026-0005", "sociaal")
    assert info.value.code == "read_only"
    ws.db.execute("PRAGMA query_only = 0")
    ws.close()


def test_search_ignores_diacritics_and_finds_bsn(workspace: Workspace) -> None:
    """Search finds cases by name without accents, by BSN, postcode, street and case number."""
    case = workspace.cases.create("2026-0100", "sociaal", postcode="3511AB", huisnummer=5,
                                 straat="Coördinatiestraat", woonplaats="Utrecht")
    workspace.cases.add_person(case.id, "Öztürk", voornamen="Testpersoon", bsn="999993653")
    other = workspace.cases.create("2026-0101", "sociaal", straat="Dorpsstraat", woonplaats="Ede")
    workspace.cases.add_person(other.id, "Berg", voorvoegsel="van den", voornamen="Demo")
    assert [r.number for r in workspace.cases.find("coordinatie")] == ["2026-0100"]
    assert [r.number for r in workspace.cases.find("ozturk")] == ["2026-0100"]
    assert [r.number for r in workspace.cases.find("999993653")] == ["2026-0100"]
    assert [r.number for r in workspace.cases.find("3511")] == ["2026-0100"]
    assert [r.number for r in workspace.cases.find("berg ede")] == ["2026-0101"]
    assert [r.number for r in workspace.cases.find("2026-0101")] == ["2026-0101"]
    assert workspace.cases.find('"; DROP TABLE cases; --') == []


def test_search_documents_keep_working_after_the_upgrade_that_numbers_them(tmp_path: Path) -> None:
    """A workspace from before step 0006 keeps its search documents (one per case); a changed name
    then replaces the case's document instead of adding one."""
    ws = Workspace.open(tmp_path / "ws")
    ws.settings.set_profile("Toezichthouder Test", "TH-1")
    case = ws.cases.create("2026-0400", "sociaal", straat="Dorpsstraat", woonplaats="Ede")
    person = ws.cases.add_person(case.id, "Berg", voornamen="Demo", bsn="999993653")
    ws.cases.create("2026-0401", "sociaal", straat="Kerkstraat", woonplaats="Utrecht")
    with ws.db.atomic():  # as release 0.1 left it, with a second document for the first case
        ws.db.execute("DROP TABLE search_keys")
        ws.db.execute("DELETE FROM _sqlite_migrations WHERE name = '0006_search_keys'")
        ws.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
        ws.db.execute("INSERT INTO search (case_id, body) VALUES (?, '2026-0400 Berg Herzien')", [case.id])
    ws.close()
    again = Workspace.open(tmp_path / "ws")
    assert again.db.execute("SELECT count(*) FROM search").fetchone()[0] == 2
    assert [r.number for r in again.cases.find("herzien")] == ["2026-0400"]
    assert [r.number for r in again.cases.find("utrecht")] == ["2026-0401"]
    again.cases.update_person(person.id, geslachtsnaam="Jansen")
    assert again.cases.find("herzien") == [] and again.cases.find("berg") == []
    assert [r.number for r in again.cases.find("jansen 999993653")] == ["2026-0400"]
    assert again.db.execute("SELECT count(*) FROM search").fetchone()[0] == 2
    again.close()


def test_case_list_masks_bsn(workspace: Workspace) -> None:
    """The case list shows the client's name sorted on surname and a masked BSN."""
    case = workspace.cases.create("2026-0200", "sociaal")
    workspace.cases.add_person(case.id, "Berg", voorvoegsel="van den", voornamen="Demo", bsn="999993653")
    row = workspace.cases.find()[0]
    assert row.client_sort.startswith("Berg, D.")
    assert "999993653" not in row.bsn_masked and row.bsn_masked.endswith("653")


def test_changes_are_dirty_and_audited(workspace: Workspace) -> None:
    """Every change marks the record unsynced and writes an audit entry with old and new value."""
    case = workspace.cases.create("2026-0300", "fysiek", title="Melding")
    workspace.cases.update(case.id, title="Melding brandveiligheid", reason="typo")
    row = workspace.repo.get("cases", case.id)
    assert row["dirty"] == 1 and row["rev"] == 0
    trail = [(e["field"], e["old"], e["new"], e["reason"]) for e in workspace.visits.audit_trail(case.id)]
    assert trail == [("*", None, "created", ""),
                     ("title", "Melding", "Melding brandveiligheid", "typo")]
    assert workspace.sync.pending() == 2  # the address and the case; audit rows travel along


def test_blob_is_content_addressed(workspace: Workspace) -> None:
    """The same bytes are stored once, keyed by their SHA-256."""
    import hashlib

    data = b"\x89PNG fake but stored"
    sha = hashlib.sha256(data).hexdigest()
    workspace.repo.put_blob(sha, data, "image/png")
    workspace.repo.put_blob(sha, data, "image/png")
    assert workspace.repo.get_blob(sha) == data
    assert workspace.repo.query("SELECT count(*) AS n FROM blobs")[0]["n"] == 1


def test_pragmas(workspace: Workspace) -> None:
    """WAL, foreign keys and the schema version are set on every open."""
    assert workspace.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert workspace.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert workspace.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_full_disk_gives_clear_error_and_keeps_data(workspace: Workspace) -> None:
    """When the database cannot grow (disk full) the write fails clearly and earlier data stays."""
    workspace.cases.create("2026-0400", "sociaal", title="eerste")
    pages = workspace.db.execute("PRAGMA page_count").fetchone()[0]
    workspace.db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StorageError) as info:
        for i in range(200):
            workspace.cases.create(f"2026-05{i:02d}", "sociaal", ground_facts="x" * 4000)
    assert info.value.code == "disk_full"
    assert "schijf is vol" in info.value.nl
    assert workspace.cases.by_number("2026-0400").title == "eerste"


def test_outbox_lists_changes_in_push_order_and_holds_refused_ones_until_edited(workspace: Workspace) -> None:
    """What the next sync sends: every changed record, tables in push order and ids in order within
    each; a record the server refused waits in the quarantine (not sent, not counted as unsent, counted
    as refused) until it is edited after the refusal, when it goes again."""
    from inspector.store import outbox
    from inspector.store.conflicts import quarantine

    first = workspace.cases.create("2026-0101", "sociaal", straat="Laan", woonplaats="Utrecht")
    second = workspace.cases.create("2026-0102", "sociaal", straat="Weg", woonplaats="Utrecht")
    keys = workspace.sync.pending_keys()
    tables = [t for t, _ in keys]
    assert tables.index("addresses") > max(i for i, t in enumerate(tables) if t == "cases")
    assert [i for t, i in keys if t == "cases"] == sorted([first.id, second.id])
    assert keys[-1][0] == "audit"
    assert workspace.sync.waiting() == (4, 0) and workspace.sync.pending() == 4  # 2 cases, 2 addresses

    repo = workspace.repo
    with repo.transaction():
        quarantine(repo, "cases", first.id, "forbidden", "Geweigerd", "Refused")
        repo.db.execute("UPDATE quarantine SET created_at = '2026-06-01T00:00:00Z'")
        repo.db.execute("UPDATE cases SET modified_at = '2026-01-01T00:00:00Z'")  # changed before it
    assert ("cases", first.id) not in workspace.sync.pending_keys()
    assert ("cases", second.id) in workspace.sync.pending_keys()
    assert workspace.sync.waiting() == (3, 1) and outbox.pending_count(repo) == 4

    workspace.cases.update(first.id, title="Na weigering aangepast")
    assert ("cases", first.id) in workspace.sync.pending_keys()  # edited after the refusal: sent again
    assert workspace.sync.waiting() == (3, 1)  # still held until the server takes it
