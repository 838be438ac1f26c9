"""Refresh the Dutch translation sources of every part of the UI and compile every translation.

    python tools/build_translations.py                 # lupdate each part's .ts, then lrelease every .ts
    python tools/build_translations.py --release-only  # only compile .ts -> .qm (setup, tests)

``resources/translations/app_nl.ts`` holds the strings of the app shell (the files in
``APP_SOURCES``); the other parts of the UI keep their own ``<part>_nl.ts`` next to it (``PARTS``).
lupdate adds new source strings as unfinished (translate them in the .ts) and drops strings that are
gone. Every ``*.ts`` there is compiled to a ``.qm`` beside it; ``.qm`` files are build output
(git-ignored).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
APP_TS = TRANSLATIONS / "app_nl.ts"
APP_SOURCES = [
    "ui/app.py", "ui/main_window.py", "ui/today_page.py", "ui/cases_page.py", "ui/case_detail.py",
    "ui/case_dialogs.py", "ui/settings_dialog.py", "ui/start_dialogs.py", "ui/dialog_base.py", "ui/models.py",
    "ui/labels.py", "ui/forms.py", "ui/view_helpers.py", "ui/i18n.py", "ui/errors.py", "ui/sync_wiring.py",
    "ui/keyring_help.py",
]


def _sources(*patterns: str) -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for pattern in patterns for p in ROOT.glob(pattern))


# Each part's translation source and the files whose strings it holds.
PARTS: dict[Path, list[str]] = {
    APP_TS: APP_SOURCES,
    TRANSLATIONS / "visit_nl.ts": _sources("ui/visit/*.py", "ui/widgets/*.py"),
    TRANSLATIONS / "sync_nl.ts": ["ui/sync_ui.py", "ui/sync_addendum.py"],
    TRANSLATIONS / "report_nl.ts": ["ui/report_panel.py"],
    TRANSLATIONS / "markup_nl.ts": ["ui/photo_markup.py"],
}


def tool(name: str) -> str:
    """The path of a PySide6 tool: beside this Python first, then on PATH."""
    local = Path(sys.executable).parent / name
    if local.exists():
        return str(local)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 (pip install -e .) in this environment")
    return found


def update(sources: list[str] = APP_SOURCES, ts: Path = APP_TS) -> None:
    """Merge the current source strings into ``ts`` (translations kept; gone strings dropped)."""
    ts.parent.mkdir(parents=True, exist_ok=True)
    existing = [s for s in sources if (ROOT / s).exists()]
    subprocess.run([tool("pyside6-lupdate"), *existing, "-ts", str(ts.relative_to(ROOT)),
                    "-no-obsolete", "-locations", "none", "-silent"], cwd=ROOT, check=True)


def stale(directory: Path = TRANSLATIONS) -> list[Path]:
    """The .ts files whose .qm is missing or older."""
    return [ts for ts in sorted(directory.glob("*.ts"))
            if not ts.with_suffix(".qm").exists()
            or ts.with_suffix(".qm").stat().st_mtime < ts.stat().st_mtime]


def release(directory: Path = TRANSLATIONS) -> list[Path]:
    """Compile every ``*.ts`` to ``.qm``; returns the .qm files written."""
    written = []
    for ts in sorted(directory.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        written.append(qm)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release-only", action="store_true", help="only compile .ts to .qm")
    args = parser.parse_args(argv)
    if not args.release_only:
        for ts, sources in PARTS.items():
            update(sources, ts)
    for qm in release():
        print(f"built {qm.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
