"""Opening a workspace: never empty once it existed, damage noticed, creation and migration all or nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlite_utils import Migrations

from inspector import opening
from inspector.errors import StorageError
from inspector.store import backups, health
from inspector.store import migrations as mig
from inspector.store.migrations import SCHEMA_VERSION
from inspector.workspace import Workspace


def folder_state(directory: Path) -> dict[str, bytes]:
    """Every file in the folder with its bytes (logs excepted)."""
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*"))
            if p.is_file() and "logs" not in p.parts}


def made(tmp_path: Path, cases: int = 3) -> Path:
    """A closed workspace with a few cases (and so with the day's backup)."""
    ws = Workspace.open(tmp_path / "ws")
    ws.settings.set_profile("Toezichthouder Test", "TH-1", "Team Zuid")
    for i in range(cases):
        ws.cases.create(f"2026-{i:04d}", "sociaal", straat="Coördinatiestraat", woonplaats="Utrecht",
                        ground_facts="x" * 3000)
    ws.close()
    return tmp_path / "ws"


def test_missing_database_is_refused_and_the_backup_offered(tmp_path: Path) -> None:
    """A workspace whose inspector.db is gone does not start empty: refused, naming the newest backup."""
    directory = made(tmp_path)
    (directory / "inspector.db").unlink()
    before = folder_state(directory)
    with pytest.raises(StorageError) as info:
        Workspace.open(directory)
    assert info.value.code == "database_missing"
    assert "Inspector begint niet met een lege werkmap" in info.value.nl
    assert "De nieuwste reservekopie is van" in info.value.nl and "inspector restore" in info.value.nl
    assert info.value.details["backup"] == Workspace.backups(directory)[0].name
    assert folder_state(directory) == before  # no empty database made


def test_empty_database_file_is_refused_without_promising_a_backup(tmp_path: Path) -> None:
    """A 0-byte inspector.db is refused too; without backups the message says there are none."""
    directory = made(tmp_path)
    (directory / "inspector.db").write_bytes(b"")
    for backup in Workspace.backups(directory):
        backup.path.unlink()
    with pytest.raises(StorageError) as info:
        Workspace.open(directory)
    assert info.value.code == "database_missing"
    assert "Er is geen reservekopie van deze werkmap" in info.value.nl
    assert "reservekopie is van" not in info.value.nl and info.value.details["backup"] is None
    assert (directory / "inspector.db").stat().st_size == 0


def test_damage_inside_the_file_is_noticed_at_open(tmp_path: Path) -> None:
    """A few KB of random bytes in the middle: refused at open, the file untouched, no backup of it made."""
    directory = made(tmp_path, cases=30)
    db_file = directory / "inspector.db"
    with open(db_file, "r+b") as f:
        f.seek(db_file.stat().st_size // 2)
        f.write(os.urandom(3000))
    before = folder_state(directory)
    with pytest.raises(StorageError) as info:
        Workspace.open(directory)
    assert info.value.code == "damaged"
    assert "beschadigd" in info.value.nl and "Er is niets in geschreven" in info.value.nl
    assert folder_state(directory) == before


def test_damage_found_while_working_stops_the_writes(tmp_path: Path) -> None:
    """SQLite reports a damaged page during work: no write goes to the file afterwards, no backup of it is
    made at close, and the next open checks it and refuses it."""
    ws = Workspace.open(made(tmp_path, cases=200))
    ws.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ws.db.execute("PRAGMA cache_size = 2")
    ws.db.execute("PRAGMA shrink_memory")
    db_file = ws.directory / "inspector.db"
    with open(db_file, "r+b") as f:
        f.seek(db_file.stat().st_size // 2)
        f.write(os.urandom(8192))
    with pytest.raises(StorageError) as read:  # the cases and their search documents fill the file
        ws.repo.query("SELECT title FROM cases UNION ALL SELECT body FROM search")
    assert read.value.code == "corrupt" and "beschadigd" in read.value.nl
    assert "reservekopie staat" not in read.value.nl  # promises no backup it cannot see
    with pytest.raises(StorageError) as write:
        ws.cases.create("2026-9999", "fysiek")
    assert write.value.code == "corrupt" and ws.repo.damaged
    daily = len(Workspace.backups(ws.directory))
    ws.close()
    assert len(Workspace.backups(ws.directory)) == daily
    assert health.check_reason(db_file) != ""
    with pytest.raises(StorageError) as again:
        Workspace.open(ws.directory)
    assert again.value.code == "damaged"


def test_the_check_runs_when_there_is_reason_to_doubt(tmp_path: Path) -> None:
    """Checked at the first open of a day, after a session that did not close, and when the file changed
    behind Inspector's back; otherwise not (open stays fast)."""
    directory = made(tmp_path)
    db_file = directory / "inspector.db"
    ws = Workspace.open(directory)
    assert ws._opened.check is None  # closed cleanly today: nothing to doubt
    ws.close()
    record = json.loads((directory / "inspector.db.health").read_text())
    record["checked_on"] = "2000-01-01"
    (directory / "inspector.db.health").write_text(json.dumps(record))
    assert health.check_reason(db_file) == "daily"
    ws = Workspace.open(directory)
    assert ws._opened.check is not None and ws._opened.check.ok
    assert health.check_reason(db_file) == "not_closed"  # as a kill would leave it
    ws.close()
    os.utime(db_file, ns=(1, 1))
    assert health.check_reason(db_file) == "changed"
    Workspace.open(directory).close()
    assert health.check_reason(db_file) == ""


def test_an_interrupted_creation_is_cleaned_up(tmp_path: Path) -> None:
    """workspace.json says "creating" (a kill while the workspace was made): the next start makes it
    anew; the half-made database is kept in replaced/, not used."""
    directory = tmp_path / "ws"
    Workspace.open(directory).close()
    info = json.loads((directory / "workspace.json").read_text())
    (directory / "workspace.json").write_text(json.dumps({**info, "state": "creating"}))
    assert not Workspace.inspect(directory).exists
    ws = Workspace.open(directory)
    assert ws.workspace_id != info["workspace_id"] and "state" not in ws.info
    ws.cases.create("2026-0001", "oov")
    ws.close()
    assert [p.name for p in (directory / "replaced").iterdir()][0].startswith("inspector-")
    assert Workspace.inspect(directory).exists


def test_a_database_without_workspace_json_from_an_older_version_is_set_aside(tmp_path: Path) -> None:
    """The folder an older version left unusable ("a database but no workspace.json", killed while it was
    created): set aside and made anew. One with backups has lived and is refused instead."""
    directory = tmp_path / "ws"
    Workspace.open(directory).close()
    for b in Workspace.backups(directory):
        b.path.unlink()
    (directory / "workspace.json").unlink()
    Workspace.open(directory).close()
    assert len(list((directory / "replaced").glob("*.db"))) == 1
    other = made(tmp_path / "lived")
    (other / "workspace.json").unlink()
    with pytest.raises(StorageError) as info:
        Workspace.open(other)
    assert info.value.code == "workspace_info" and "reservekopieën" in info.value.nl


def _with_steps(monkeypatch: pytest.MonkeyPatch, *steps: tuple[str, str]) -> None:
    extra = Migrations("inspector")
    extra._migrations = list(mig.migrations._migrations)  # noqa: SLF001 - test-only extension
    for name, sql in steps:
        def step(db, sql: str = sql) -> None:
            db.execute(sql)
        extra(name=name)(step)
    monkeypatch.setattr(mig, "migrations", extra)
    monkeypatch.setattr(mig, "SCHEMA_VERSION", SCHEMA_VERSION + len(steps))


def test_migration_steps_and_user_version_are_one_transaction(tmp_path: Path, monkeypatch) -> None:
    """A step failing after another pending step ran leaves neither step, nor a new user_version."""
    directory = made(tmp_path)
    _with_steps(monkeypatch, ("0004_ok", "ALTER TABLE cases ADD COLUMN test_note TEXT NOT NULL DEFAULT ''"),
                ("0005_fails", "SELECT * FROM no_such_table"))
    with pytest.raises(StorageError):
        Workspace.open(directory)
    monkeypatch.undo()
    ws = Workspace.open(directory)
    assert "test_note" not in ws.db["cases"].columns_dict
    assert ws.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    last = mig.migrations._migrations[-1].name  # noqa: SLF001 - the newest released step, whichever it is
    assert [m.name for m in mig.migrations.applied(ws.db)][-1] == last
    ws.close()


def test_a_step_known_only_to_a_newer_version_is_refused(tmp_path: Path) -> None:
    """A migration recorded only in _sqlite_migrations (user_version not newer) is refused like a newer
    schema, and nothing is written."""
    ws = Workspace.open(made(tmp_path))
    ws.db["_sqlite_migrations"].insert({"migration_set": "inspector", "name": "0009_from_the_future",
                                        "applied_at": "2030-01-01"})
    ws.close()
    db_file = ws.directory / "inspector.db"
    before = db_file.read_bytes()
    with pytest.raises(StorageError) as info:
        Workspace.open(ws.directory)
    assert info.value.code == "schema_newer" and "0009_from_the_future" in info.value.nl
    assert db_file.read_bytes() == before


def test_synchronous_full_and_private_files(workspace: Workspace) -> None:
    """Every commit is synced (an acknowledged edit survives a power loss); the files are the owner's."""
    assert workspace.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    for name in ("inspector.db", "workspace.json"):
        assert (workspace.directory / name).stat().st_mode & 0o777 == 0o600
    assert workspace.directory.stat().st_mode & 0o777 == 0o700


def test_backup_advice_never_promises_what_is_not_there(tmp_path: Path) -> None:
    """The advice names the newest backup and its time, or says there is none."""
    directory = made(tmp_path)
    nl, en = opening.backup_advice(directory)
    newest = backups.list_backups(directory)[0]
    assert newest.made_at.astimezone().strftime("%d-%m-%Y %H:%M") in nl and "newest backup" in en
    newest.path.unlink()
    nl, _ = opening.backup_advice(directory)
    assert nl.startswith("Er is geen reservekopie")
