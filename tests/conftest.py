"""Shared fixtures: an in-memory keyring, workspaces on real SQCipher files, offscreen Qt."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("INSPECTOR_WORKSPACE", None)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import keyring  # noqa: E402
import pytest  # noqa: E402

from tests.memory_keyring import MemoryKeyring  # noqa: E402


@pytest.fixture(autouse=True)
def memory_keyring() -> MemoryKeyring:
    """Every test runs with a fresh in-memory keyring."""
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def main_thread_gc():
    """Cyclic GC only on the main thread: run from a worker thread it could destroy Qt widgets there."""
    gc.disable()
    yield
    gc.collect()


@pytest.fixture
def no_keyring() -> None:
    """Simulate a machine without a secure keyring (keyring's own 'fail' backend)."""
    from keyring.backends.fail import Keyring as FailKeyring

    keyring.set_keyring(FailKeyring())


@pytest.fixture
def workspace(tmp_path: Path):
    """A fresh workspace on a real SQLCipher file, with an inspector profile set."""
    from inspector.workspace import Workspace

    ws = Workspace.open(tmp_path / "ws")
    ws.settings.set_profile("Toezichthouder Test", "TH-0042", "Team Zuid")
    yield ws
    ws.close()


def pytest_sessionstart(session: pytest.Session) -> None:
    """Build the .qm translations (git-ignored build output) when missing or older than their .ts."""
    tools = Path(__file__).resolve().parent.parent / "tools"
    sys.path.insert(0, str(tools))
    try:
        import build_translations
    finally:
        sys.path.remove(str(tools))
    if build_translations.stale():
        build_translations.release()
