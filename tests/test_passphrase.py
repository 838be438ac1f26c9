"""Keys: scrypt at OWASP's minimum, a 256-bit key check, changing the passphrase, a damaged keyring value."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from inspector import credentials
from inspector.errors import CredentialsError, StorageError
from inspector.store import backups
from inspector.workspace import Workspace

OLD, NEW = "een lange wachtwoordzin", "een andere lange zin"


def info_of(directory: Path) -> dict:
    return json.loads((directory / "workspace.json").read_text())


def test_new_passphrase_workspace_uses_scrypt_2_17_and_a_long_key_check(tmp_path: Path, no_keyring) -> None:
    """scrypt N=2^17 (OWASP's minimum) for a new passphrase, and a key check of 64 hex digits."""
    Workspace.open(tmp_path / "ws", OLD).close()
    info = info_of(tmp_path / "ws")
    assert info["kdf"] == {"n": 2**17, "r": 8, "p": 1}
    assert len(info["key_check"]) == 64


def test_a_workspace_made_with_the_old_parameters_keeps_opening(tmp_path: Path, no_keyring,
                                                                monkeypatch) -> None:
    """N=2^16 and a 64-bit key check (release 0.1) still open; the check is made longer, N stays."""
    monkeypatch.setitem(credentials.KDF_PARAMS, "n", 2**16)
    ws = Workspace.open(tmp_path / "ws", OLD)
    ws.cases.create("2026-0001", "oov")
    ws.close()
    monkeypatch.undo()
    info = info_of(tmp_path / "ws")
    info["key_check"] = info["key_check"][:16]
    (tmp_path / "ws" / "workspace.json").write_text(json.dumps(info))
    with pytest.raises(StorageError) as wrong:
        Workspace.open(tmp_path / "ws", "een verkeerde zin")
    assert wrong.value.code == "wrong_key"
    again = Workspace.open(tmp_path / "ws", OLD)
    assert [c.number for c in again.cases.find()] == ["2026-0001"]
    again.close()
    info = info_of(tmp_path / "ws")
    assert info["kdf"]["n"] == 2**16 and len(info["key_check"]) == 64


def test_changing_the_passphrase_rekeys_the_database_and_its_backups(tmp_path: Path, no_keyring) -> None:
    """After the change only the new passphrase opens the workspace and every backup; the data is whole."""
    directory = tmp_path / "ws"
    ws = Workspace.open(directory, OLD)
    ws.cases.create("2026-0001", "sociaal", title="Blijft")
    ws.close()
    Workspace.change_passphrase(directory, OLD, NEW)
    with pytest.raises(StorageError) as old:
        Workspace.open(directory, OLD)
    assert old.value.code == "wrong_key"
    ws = Workspace.open(directory, NEW)
    assert [c.title for c in ws.cases.find()] == ["Blijft"]
    key = ws._opened.key
    ws.close()
    info = info_of(directory)
    assert "rekey" not in info and info["kdf"]["n"] == 2**17
    for b in Workspace.backups(directory):
        result = backups.verify(b.path, key)
        assert result is not None and result.ok


def test_changing_the_passphrase_is_refused_clearly(tmp_path: Path, no_keyring) -> None:
    """A wrong current passphrase, a short new one, an open workspace: refused, nothing changed."""
    directory = tmp_path / "ws"
    Workspace.open(directory, OLD).close()
    before = info_of(directory)
    with pytest.raises(StorageError) as wrong:
        Workspace.change_passphrase(directory, "een verkeerde zin", NEW)
    assert wrong.value.code == "wrong_key"
    with pytest.raises(CredentialsError) as short:
        Workspace.change_passphrase(directory, OLD, "kort")
    assert short.value.code == "passphrase_short"
    ws = Workspace.open(directory, OLD)
    with pytest.raises(StorageError) as busy:
        Workspace.change_passphrase(directory, OLD, NEW)
    assert busy.value.code == "in_use"
    ws.close()
    assert info_of(directory) == before


def test_a_keyring_workspace_has_no_passphrase_to_change(tmp_path: Path) -> None:
    """The keyring keeps the key: `passphrase` says there is none to change."""
    Workspace.open(tmp_path / "ws").close()
    with pytest.raises(CredentialsError) as info:
        Workspace.change_passphrase(tmp_path / "ws", OLD, NEW)
    assert info.value.code == "not_passphrase" and "sleutelbos" in info.value.nl


def test_cli_passphrase_reads_the_old_and_new_from_stdin(tmp_path: Path) -> None:
    """`inspector passphrase` with the current and the new passphrase on two lines of stdin."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
           "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    base = [sys.executable, "-m", "inspector.cli", "--workspace", str(tmp_path / "ws")]

    def run(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(base + list(args), input=stdin, capture_output=True, text=True, env=env)

    assert run("demo", "--cases", "2", stdin=OLD + "\n").returncode == 0
    changed = run("passphrase", stdin=f"{OLD}\n{NEW}\n")
    assert changed.returncode == 0 and "De wachtwoordzin is gewijzigd" in changed.stdout
    assert run("list", stdin=OLD + "\n").returncode == 3
    listed = run("list", "--json", stdin=NEW + "\n")
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 2


@pytest.mark.parametrize("value", ["not hex at all", "abcd", "zz" * 32, ""])
def test_a_damaged_key_in_the_keyring_is_a_clear_message(tmp_path: Path, memory_keyring, value) -> None:
    """A keyring value that is not a 256-bit hex key: CredentialsError, no traceback, nothing changed."""
    ws = Workspace.open(tmp_path / "ws")
    name = (credentials.SERVICE, f"db-key:{ws.workspace_id}")
    ws.close()
    before = (tmp_path / "ws" / "inspector.db").read_bytes()
    memory_keyring.store[name] = value
    with pytest.raises(CredentialsError) as info:
        Workspace.open(tmp_path / "ws")
    if value:
        assert info.value.code == "keyring_damaged"
        assert "beschadigd" in info.value.nl and "verwijder de sleutel niet" in info.value.nl
    else:
        assert info.value.code == "key_missing"
    assert (tmp_path / "ws" / "inspector.db").read_bytes() == before
