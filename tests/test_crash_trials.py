"""Crash trials in the normal test command (a handful; ``make crash-trials`` runs 200): a child process
edits through the Workspace and is killed with SIGKILL at random moments; the workspace reopens, passes
the integrity checks and holds every acknowledged edit."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import crash_trials  # noqa: E402

pytestmark = pytest.mark.slow


def test_killed_while_editing_loses_no_acknowledged_edit(tmp_path: Path) -> None:
    """Six kills during editing: every acknowledged edit is there, no damage, every reopen works, and
    every finalized visit still has its fingerprint, seal and photos."""
    summary = crash_trials.edit_trials(6, tmp_path, random.Random(11), log=False)
    assert summary.problems == []
    assert (summary.trials, summary.lost, summary.corrupt, summary.unopenable) == (6, 0, 0, 0)
    assert summary.acknowledged > 0
    assert summary.verified >= 6 and summary.verify_failed == 0


def test_killed_while_creating_leaves_a_usable_folder(tmp_path: Path) -> None:
    """Three kills while a new workspace is made: each folder opens (and works) afterwards."""
    summary = crash_trials.creation_trials(3, tmp_path, random.Random(12))
    assert summary.problems == [] and summary.trials == 3


def test_killed_while_changing_the_passphrase_loses_nothing(tmp_path: Path) -> None:
    """Two kills during a passphrase change: exactly one of the two passphrases opens the whole
    workspace (60 blobs, integrity ok, no change left pending), the other is refused."""
    summary = crash_trials.passphrase_trials(2, tmp_path, random.Random(13))
    assert summary.problems == [] and summary.trials == 2
