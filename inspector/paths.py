"""Where things live: the workspace folder and the shipped resources."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import platformdirs

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
ENV_WORKSPACE = "INSPECTOR_WORKSPACE"


def default_workspace_dir() -> Path:
    """``$INSPECTOR_WORKSPACE`` or the platform's user data folder."""
    env = os.environ.get(ENV_WORKSPACE)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("Inspector", appauthor=False))


def private_log_file(path: Path, rotate: Callable[[Path], object]) -> None:
    """Make the log file ``path`` readable by its owner only: folder 0700, file 0600 (also logs made
    0644 by earlier versions), calling ``rotate`` before the file is opened."""
    from .store import files

    files.private_dir(path.parent, tighten=True)
    rotate(path)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, files.PRIVATE_FILE))
    for old in path.parent.glob(path.name + "*"):
        old.chmod(files.PRIVATE_FILE)
