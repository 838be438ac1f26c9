"""Where things live: the workspace folder and the shipped resources."""

from __future__ import annotations

import os
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
