"""The database key in a real Secret Service keyring (gnome-keyring on a private D-Bus session)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = textwrap.dedent("""
    import sys
    from inspector import credentials
    from inspector.workspace import Workspace
    print("secure", credentials.secure_keyring_available(), credentials.keyring_name())
    ws = Workspace.open(sys.argv[1])
    if sys.argv[2] == "create":
        ws.settings.set_profile("Toezichthouder Test", "TH-1")
        ws.cases.create("2026-KR-1", "sociaal", straat="Kerkstraat", woonplaats="Utrecht")
    print("case", ws.cases.by_number("2026-KR-1").number)
    ws.close()
""")


def run_in_session(home: Path, workspace: Path, mode: str) -> subprocess.CompletedProcess[str]:
    """Start a D-Bus session with an unlocked gnome-keyring and run the script in it."""
    shell = (f'echo -n "sleutelbos-test" | gnome-keyring-daemon --unlock --components=secrets '
             f'>/dev/null 2>&1; exec {sys.executable} -c "$SCRIPT" "{workspace}" {mode}')
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "SCRIPT": SCRIPT,
           "PYTHONPATH": str(ROOT), "XDG_RUNTIME_DIR": str(home / "run")}
    (home / "run").mkdir(parents=True, exist_ok=True)
    return subprocess.run(["dbus-run-session", "--", "bash", "-c", shell], capture_output=True,
                          text=True, env=env, timeout=120)


def test_key_in_secret_service_opens_without_asking(tmp_path: Path) -> None:
    """With a real Secret Service the workspace is created and reopened without a passphrase."""
    home, workspace = tmp_path / "home", tmp_path / "ws"
    first = run_in_session(home, workspace, "create")
    assert first.returncode == 0, first.stderr
    assert "secure True keyring.backends.SecretService.Keyring" in first.stdout
    info = json.loads((workspace / "workspace.json").read_text())
    assert info["key_mode"] == "keyring" and "salt" not in info
    second = run_in_session(home, workspace, "open")
    assert second.returncode == 0, second.stderr
    assert "case 2026-KR-1" in second.stdout
