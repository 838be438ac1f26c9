"""Rolling encrypted backups, and restoring one (``inspector restore``) without ever deleting anything."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from inspector import cli
from inspector.errors import StorageError
from inspector.store import backups
from inspector.store.db import connect
from inspector.workspace import Workspace


def files_in(directory: Path) -> set[str]:
    return {str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file()}


@pytest.fixture
def closed(tmp_path: Path) -> Path:
    """A closed workspace with one case, "Eerste" (its close made the day's backup)."""
    ws = Workspace.open(tmp_path / "ws")
    ws.settings.set_profile("Toezichthouder Test", "TH-1", "Team Zuid")
    ws.cases.create("2026-0001", "sociaal", title="Eerste", straat="Geheimstraat", woonplaats="Utrecht")
    ws.close()
    return tmp_path / "ws"


def test_backup_is_encrypted_with_the_workspace_key(closed: Path, memory_keyring) -> None:
    """The backup API's copy is a SQLCipher file under the same key: no plain text, unreadable without it."""
    ws = Workspace.open(closed)
    key = ws._opened.key
    ws.close()
    [daily] = Workspace.backups(closed)
    raw = daily.path.read_bytes()
    assert daily.label == "daily" and daily.path.stat().st_mode & 0o777 == 0o600
    assert raw[:16] != b"SQLite format 3\x00" and b"Geheimstraat" not in raw
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(daily.path).execute("SELECT * FROM cases").fetchall()
    copy = connect(daily.path, key)
    assert [r["title"] for r in copy.query("SELECT title FROM cases")] == ["Eerste"]
    copy.close()
    with pytest.raises(StorageError):
        connect(daily.path, bytes(32))
    assert not [p for p in daily.path.parent.iterdir() if p.name.endswith(("-wal", "-shm", ".part"))]


def test_one_backup_a_day_and_seven_days_kept(closed: Path) -> None:
    """A day's first open or close makes one backup; daily backups beyond the newest seven roll off,
    backups made before a migration stay."""
    ws = Workspace.open(closed)
    assert len(Workspace.backups(closed)) == 1  # today's was made at the first close
    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    ws._opened.backup("schema2")
    for day in range(10):
        now = start + timedelta(days=day)
        assert backups.daily_due(closed, now)
        backups.make(ws.db, ws._opened.key, closed / "inspector.db", backups.DAILY, now)
        assert not backups.daily_due(closed, now + timedelta(hours=3))
    removed = backups.prune(closed)
    ws.close()
    kept = Workspace.backups(closed)
    assert [b.label for b in kept].count("daily") == 7 and [b.label for b in kept].count("schema2") == 1
    assert len(removed) == 4  # the four oldest of the ten test days; today's is the newest
    assert kept[0].made_at.date() == datetime.now(UTC).date()


def test_restore_puts_the_backup_back_and_keeps_the_current_file(closed: Path) -> None:
    """Restoring checks the backup, moves the current file (and its -wal) to replaced/ and nothing is
    deleted; the restored workspace opens with what the backup held."""
    ws = Workspace.open(closed)
    ws.cases.create("2026-0002", "fysiek", title="Later")
    key = ws._opened.key
    ws.close()
    before = files_in(closed)
    done = Workspace.restore(closed)
    assert done.backup.label == "daily" and done.kept is not None
    assert {f for f in before if not f.startswith(("inspector.db", "logs"))} <= files_in(closed)
    kept = connect(done.kept, key)
    assert sorted(r["title"] for r in kept.query("SELECT title FROM cases")) == ["Eerste", "Later"]
    kept.close()
    again = Workspace.open(closed)
    assert [c.number for c in again.cases.find()] == ["2026-0001"]
    assert again._opened.check is not None and again._opened.check.ok  # a restored file is checked
    again.close()


def test_restore_is_refused_while_the_workspace_is_open(closed: Path) -> None:
    """Inspector has the workspace open: restore refuses (in_use) and changes nothing."""
    ws = Workspace.open(closed)
    before = files_in(closed)
    with pytest.raises(StorageError) as info:
        Workspace.restore(closed)
    assert info.value.code == "in_use" and "Sluit Inspector" in info.value.nl
    assert files_in(closed) == before
    ws.close()


def test_a_damaged_backup_is_not_restored(closed: Path) -> None:
    """A backup that is damaged itself is refused with a clear message; the database stays."""
    [daily] = Workspace.backups(closed)
    with open(daily.path, "r+b") as f:
        f.seek(4096)
        f.write(os.urandom(4096))
    before = (closed / "inspector.db").read_bytes()
    with pytest.raises(StorageError) as info:
        Workspace.restore(closed, daily.name)
    assert info.value.code == "backup_damaged" and daily.name in info.value.nl
    assert (closed / "inspector.db").read_bytes() == before
    with pytest.raises(StorageError) as unknown:
        Workspace.restore(closed, "inspector-1999")
    assert unknown.value.code == "backup_unknown"


def test_a_restore_killed_halfway_is_finished_at_the_next_open(closed: Path) -> None:
    """Killed after the current file was set aside and before the copy took its place: the next open
    finishes the restore (the copy was complete and flushed before anything moved)."""
    [daily] = Workspace.backups(closed)
    db_file = closed / "inspector.db"
    (closed / "inspector.db.restoring").write_bytes(daily.path.read_bytes())
    backups.move_aside(db_file)
    assert not db_file.exists()
    ws = Workspace.open(closed)
    assert [c.title for c in ws.cases.find()] == ["Eerste"]
    ws.close()
    assert not (closed / "inspector.db.restoring").exists()


def test_cli_restore_lists_and_restores_after_confirmation(closed: Path, capsys) -> None:
    """`inspector restore --list` lists the backups; `restore --yes` restores the newest (no terminal:
    without --yes it asks for it and changes nothing)."""
    folder = str(closed)
    assert cli.main(["--workspace", folder, "restore", "--list"]) == 0
    out = capsys.readouterr().out
    assert "daily" in out and "1 reservekopieën" in out
    assert cli.main(["--workspace", folder, "restore"]) == cli.EXIT_INPUT
    assert "--yes" in capsys.readouterr().err
    assert cli.main(["--lang", "en", "--workspace", folder, "restore", "--yes"]) == 0
    assert "restored. The previous file is in" in capsys.readouterr().out
    (closed / "inspector.db").unlink()
    assert cli.main(["--workspace", folder, "list"]) == cli.EXIT_STORAGE
    assert "ontbreekt of is leeg" in capsys.readouterr().err
    assert cli.main(["--workspace", folder, "restore", "--yes"]) == 0
    assert cli.main(["--workspace", folder, "list", "--json"]) == 0
