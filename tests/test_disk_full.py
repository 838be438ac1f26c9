"""A full disk and other storage trouble: plain messages, and an import that says what it really saved."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import sqlcipher3

from inspector import cli, planning
from inspector.errors import StorageError
from inspector.store.db import connect, storage_error
from inspector.validation import make_test_bsn
from inspector.workspace import Workspace


def planning_csv(path: Path, rows: int) -> Path:
    lines = ["zaaknummer;domein;bezoektype;gepland;geslachtsnaam;bsn;postcode;huisnummer;straat;woonplaats;"
             "grond_feiten;grond_bron;grond_datum;grond_lichter_middel"]
    for i in range(rows):
        when = f"02-12-2026 {8 + i % 10:02d}:{i % 60:02d}"
        lines.append(f"Z-{i:04d};sociaal;S1;{when};Jansen;{make_test_bsn(i)};3511 AB;"
                     f"{i + 1};{'Kerkstraat' * 20};Utrecht;{'Post van derden. ' * 40};LAA;01-11-2026;"
                     "Gesprek gaf geen uitsluitsel")
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 4 MB tmpfs mounted for the test, owned by the user running it: directly as root, else through
    sudo (the set-up needs it for its packages too). Not being able to mount is a failure, not a skip:
    without a real full disk this promise is not checked."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    options = f"size=4m,uid={os.geteuid()},gid={os.getegid()},mode=0700"
    done = subprocess.run([*sudo, "mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mount)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.fail("A 4 MB tmpfs is needed for this test (root, or sudo without a password): "
                    f"{done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run([*sudo, "umount", "-l", str(mount)], check=False)


def fill(mount: Path, leave: int) -> Path:
    filler = mount / "filler"
    st = os.statvfs(mount)
    with open(filler, "wb") as f:
        f.write(b"\0" * max(0, st.f_bavail * st.f_frsize - leave))
    return filler


@pytest.mark.parametrize("free_kb", [40, 400])
def test_planning_import_on_a_full_disk_reports_what_was_saved(small_disk: Path, tmp_path: Path,
                                                               capsys, free_kb: int) -> None:
    """With 40 (or 400) KB free the import stops with a disk-full storage error (exit 3) that says how
    many visits were saved, and that is exactly what the workspace holds afterwards."""
    folder = small_disk / "ws"
    ws = Workspace.open(folder)
    ws.settings.set_profile("Toezichthouder Test", "TH-1", "Team Zuid")
    ws.close()
    csv_file = planning_csv(tmp_path / "planning.csv", 25)
    filler = fill(small_disk, free_kb * 1024)
    code = cli.main(["--workspace", str(folder), "import-planning", str(csv_file)])
    err = capsys.readouterr().err
    assert code == cli.EXIT_STORAGE
    assert "De schijf is vol" in err and "Het importeren is gestopt bij regel" in err
    saved = int(err.split("regel ")[1].split(": ")[1].split(" bezoeken")[0])
    assert (saved == 0) == (free_kb == 40)
    filler.unlink()
    ws = Workspace.open(folder)
    assert len(ws.visits.ids()) == saved
    ws.close()


def test_import_counts_only_committed_rows(workspace: Workspace, tmp_path: Path) -> None:
    """When the database cannot grow halfway through, the count in the error equals the visits saved."""
    pages = workspace.db.execute("PRAGMA page_count").fetchone()[0]
    workspace.db.execute(f"PRAGMA max_page_count = {pages + 12}")
    with pytest.raises(StorageError) as info:
        planning.import_planning(workspace, planning_csv(tmp_path / "p.csv", 40))
    assert info.value.code == "disk_full"
    result = info.value.details
    assert isinstance(result, planning.ImportResult) and result.imported > 0
    assert len(workspace.visits.ids()) == result.imported
    assert f"{result.imported} visits were imported and saved" in info.value.en


def test_sqlite_errors_reach_the_user_translated(tmp_path: Path) -> None:
    """"unable to open database file" and "disk I/O error" become messages that say what to do."""
    with pytest.raises(StorageError) as missing:
        connect(tmp_path / "no-such-folder" / "inspector.db", bytes(32), create=True)
    assert missing.value.code == "cannot_open" and "werkmap" in missing.value.nl
    assert "unable to open" not in missing.value.nl + missing.value.en
    io = storage_error(sqlcipher3.OperationalError("disk I/O error"))
    assert io.code == "io_error" and "lees- of schrijffout" in io.nl and "disk I/O" not in io.nl
    other = storage_error(sqlcipher3.OperationalError("something new"))
    assert other.code == "storage_failed" and "something new" not in other.nl


def test_opening_on_a_full_disk_is_a_clear_message(small_disk: Path) -> None:
    """A new workspace on a full disk: disk_full, and no half-made workspace left that blocks the next try."""
    filler = fill(small_disk, 0)
    with pytest.raises(StorageError) as info:
        Workspace.open(small_disk / "ws")
    assert info.value.code in ("disk_full", "cannot_open")
    filler.unlink()
    ws = Workspace.open(small_disk / "ws")
    ws.cases.create("2026-0001", "oov")
    ws.close()
