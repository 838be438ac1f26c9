"""What every ``inspector`` subcommand shares: the exit codes (listed in ``inspector/cli/__init__.py``),
output in the user's language, the command registry, opening the workspace, naming a visit."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from ..errors import (
    CredentialsError,
    InspectorError,
    ValidationError,
)
from ..paths import default_workspace_dir
from ..workspace import Workspace

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_STORAGE, EXIT_CREDENTIALS, EXIT_WORKFLOW, EXIT_SYNC, \
    EXIT_PARTIAL, EXIT_UNVERIFIED = range(9)

Handler = Callable[[argparse.Namespace, "Console"], int]
COMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Handler, str]] = {}


class Console:
    """Output in the user's language; errors to stderr."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def say(self, nl: str, en: str) -> None:
        print(en if self.lang == "en" else nl)

    def error(self, exc: InspectorError) -> None:
        print(f"{'Error' if self.lang == 'en' else 'Fout'}: {exc.message(self.lang)}", file=sys.stderr)


def command(name: str, help_text: str, args_fn: Callable[[argparse.ArgumentParser], None]
            ) -> Callable[[Handler], Handler]:
    """Register a subcommand: its arguments and its handler."""
    def register(handler: Handler) -> Handler:
        COMMANDS[name] = (args_fn, handler, help_text)
        return handler
    return register


def read_secret(prompt: str, *, confirm: bool = False) -> str:
    """A secret from the terminal (hidden), or the first line of standard input when piped."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Nogmaals / Again: ") != first:
        raise CredentialsError("passphrase_mismatch", "De wachtwoordzinnen zijn niet gelijk.",
                               "The passphrases do not match.")
    return first


def open_workspace(args: argparse.Namespace, console: Console) -> Workspace:
    directory = Path(args.workspace) if args.workspace else default_workspace_dir()
    info = Workspace.inspect(directory)
    passphrase = None
    if info.needs_passphrase:
        if info.new_passphrase:
            console.say("Er is geen beveiligde sleutelbos (keyring) op deze computer; de gegevens "
                        "worden beveiligd met een wachtwoordzin.",
                        "There is no secure keyring on this computer; the data is protected with "
                        "a passphrase.")
        passphrase = read_secret("Wachtwoordzin / Passphrase: ", confirm=info.new_passphrase)
    return Workspace.open(directory, passphrase)


def resolve_visit(ws: Workspace, ref: str) -> str:
    """A visit id, or a unique start or end of one (at least 6 characters; ``list`` shows the end)."""
    if len(ref) >= 6:
        ids = [i for i in ws.visits.ids() if i.startswith(ref) or i.endswith(ref)]
        if len(ids) == 1:
            return ids[0]
    raise ValidationError("visit_unknown", f"Geen (eenduidig) bezoek met id '{ref}'. Zie 'inspector list'.",
                          f"No (unique) visit with id '{ref}'. See 'inspector list'.", field="visit")


