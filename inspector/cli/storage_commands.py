"""``inspector restore`` and ``inspector passphrase``: the workspace's backups and its passphrase."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import CredentialsError, ValidationError
from ..paths import default_workspace_dir
from ..workspace import Workspace
from .common import EXIT_OK, Console, command, read_secret


def _directory(args: argparse.Namespace) -> Path:
    return Path(args.workspace) if args.workspace else default_workspace_dir()


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def _restore_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("backup", nargs="?", help="the backup's name (or its start); default the newest")
    p.add_argument("--list", action="store_true", help="list the backups, newest first, and stop")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def _confirm(console: Console, question_nl: str, question_en: str) -> bool:
    if not sys.stdin.isatty():
        raise ValidationError(
            "confirmation_needed", "Bevestig met --yes (er is geen terminal om het te vragen).",
            "Confirm with --yes (there is no terminal to ask).")
    answer = input((question_en if console.lang == "en" else question_nl) + " [j/N] ")
    return answer.strip().lower() in ("j", "ja", "y", "yes")


@command("restore", "zet een reservekopie terug / restore a backup", _restore_args)
def cmd_restore(args: argparse.Namespace, console: Console) -> int:
    directory = _directory(args)
    found = Workspace.backups(directory)
    if args.list:
        for b in found:
            when = b.made_at.astimezone().strftime("%d-%m-%Y %H:%M")
            print(f"{b.name}  {when}  {b.label}  {_size(b.size)}")
        console.say(f"{len(found)} reservekopieën in {directory / 'backups'}.",
                    f"{len(found)} backups in {directory / 'backups'}.")
        return EXIT_OK
    info = Workspace.inspect(directory)
    passphrase = read_secret("Wachtwoordzin / Passphrase: ") if info.needs_passphrase else None
    from ..restoring import choose

    chosen = choose(directory, args.backup)
    when = chosen.made_at.astimezone().strftime("%d-%m-%Y %H:%M")
    if not args.yes and not _confirm(
            console, f"Reservekopie {chosen.name} (van {when}) terugzetten? Het huidige databasebestand "
                     "wordt bewaard in de map 'replaced'; wat daarna is vastgelegd en niet gesynchroniseerd, "
                     "staat niet in de kopie.",
            f"Restore backup {chosen.name} (from {when})? The current database file is kept in the folder "
            "'replaced'; what was recorded after it and not synchronised is not in the copy."):
        console.say("Niets gewijzigd.", "Nothing was changed.")
        return EXIT_OK
    done = Workspace.restore(directory, chosen.name, passphrase)
    kept = f" Het vorige bestand staat in {done.kept}." if done.kept else ""
    kept_en = f" The previous file is in {done.kept}." if done.kept else ""
    console.say(f"Reservekopie {done.backup.name} (van {when}) teruggezet.{kept}",
                f"Backup {done.backup.name} (from {when}) restored.{kept_en}")
    return EXIT_OK


def _passphrase_args(p: argparse.ArgumentParser) -> None:
    p.description = ("Asks the current passphrase, then the new one twice (at a terminal), or reads the "
                     "current and the new one from the first two lines of standard input.")


@command("passphrase", "wijzig de wachtwoordzin / change the passphrase", _passphrase_args)
def cmd_passphrase(args: argparse.Namespace, console: Console) -> int:
    directory = _directory(args)
    old = read_secret("Huidige wachtwoordzin / Current passphrase: ")
    new = read_secret("Nieuwe wachtwoordzin / New passphrase: ", confirm=True)
    if not new:
        raise CredentialsError("passphrase_short", "Geef een nieuwe wachtwoordzin.", "Give a new passphrase.")
    Workspace.change_passphrase(directory, old, new)
    console.say("De wachtwoordzin is gewijzigd; de database en de reservekopieën zijn opnieuw versleuteld.",
                "The passphrase was changed; the database and the backups were encrypted again.")
    return EXIT_OK
