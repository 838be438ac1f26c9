"""The ``inspector`` command: demo data, planning import, lists, bundles, reports, sync.

Exit codes a script can rely on:
  0 success · 1 invalid input (validation, bad file) · 2 usage error · 3 storage problem
  4 credentials (passphrase, keyring) · 5 workflow rule refused · 6 sync failed
  7 partly done (some rows of an import were refused; the others were imported)
  8 verification failed (``inspector verify``: something a finalized visit claims does not hold)
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .errors import (
    CredentialsError,
    InspectorError,
    StorageError,
    SyncError,
    ValidationError,
    WorkflowError,
)
from .paths import ENV_WORKSPACE, default_workspace_dir
from .workspace import Workspace

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
    """A visit id, or a unique prefix of one (at least 6 characters)."""
    if len(ref) >= 6:
        ids = [i for i in ws.visits.ids() if i.startswith(ref)]
        if len(ids) == 1:
            return ids[0]
    raise ValidationError("visit_unknown", f"Geen (eenduidig) bezoek met id '{ref}'. Zie 'inspector list'.",
                          f"No (unique) visit with id '{ref}'. See 'inspector list'.", field="visit")


# --- commands ---------------------------------------------------------------------------------
def _demo_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cases", type=int, default=36)


@command("demo", "vul de werkmap met demogegevens / seed demo data", _demo_args)
def cmd_demo(args: argparse.Namespace, console: Console) -> int:
    from .demo import seed

    ws = open_workspace(args, console)
    try:
        n = seed(ws, cases=args.cases)
    finally:
        ws.close()
    console.say(f"{n} demozaken aangemaakt in {ws.directory}.", f"{n} demo cases created in {ws.directory}.")
    return EXIT_OK


def _planning_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path)


@command("import-planning", "importeer geplande bezoeken (CSV) / import planned visits (CSV)", _planning_args)
def cmd_import_planning(args: argparse.Namespace, console: Console) -> int:
    from .planning import import_planning

    ws = open_workspace(args, console)
    try:
        result = import_planning(ws, args.file)
    finally:
        ws.close()
    for problem in result.problems:
        print(problem.message(console.lang), file=sys.stderr)
    console.say(f"{result.imported} bezoeken geïmporteerd, {result.skipped} al aanwezig, "
                f"{len(result.problems)} regels geweigerd.",
                f"{result.imported} visits imported, {result.skipped} already present, "
                f"{len(result.problems)} rows refused.")
    return EXIT_PARTIAL if result.problems else EXIT_OK


def _list_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--search", default="", help="filter on name, BSN, address or case number")
    p.add_argument("--status", action="append", default=[],
                   choices=["planned", "in_progress", "finalized", "synced"])


@command("list", "toon bezoeken / list visits", _list_args)
def cmd_list(args: argparse.Namespace, console: Console) -> int:
    ws = open_workspace(args, console)
    try:
        case_ids = {c.id for c in ws.cases.find(args.search)} if args.search else None
        visits = [v for v in ws.visits.find(statuses=tuple(args.status))
                  if case_ids is None or v.case_id in case_ids]
    finally:
        ws.close()
    if args.json:
        json.dump([{"id": v.id, "case_id": v.case_id, "case_number": v.case_number,
                    "visit_type": v.template_id, "status": v.status, "planned_at": v.planned_at,
                    "finalized_at": v.finalized_at, "outcome": v.outcome} for v in visits],
                  sys.stdout, ensure_ascii=False, indent=1)
        print()
        return EXIT_OK
    header = ("BEZOEK", "ZAAK", "TYPE", "STATUS", "GEPLAND", "CLIËNT", "ADRES") if console.lang != "en" \
        else ("VISIT", "CASE", "TYPE", "STATUS", "PLANNED", "CLIENT", "ADDRESS")
    rows = [(v.id[:8], v.case_number, v.template_id, v.status, v.planned_at.replace("T", " "),
             v.client, v.address) for v in visits]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    console.say(f"{len(rows)} bezoeken.", f"{len(rows)} visits.")
    return EXIT_OK


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("visit")
    p.add_argument("--out", type=Path, required=True)


@command("export", "exporteer een bezoek als bundel / export a visit bundle", _export_args)
def cmd_export(args: argparse.Namespace, console: Console) -> int:
    from .bundle import export_visit

    ws = open_workspace(args, console)
    try:
        path = export_visit(ws, resolve_visit(ws, args.visit), args.out)
    finally:
        ws.close()
    console.say(f"Bundel geschreven: {path}", f"Bundle written: {path}")
    return EXIT_OK


def _import_bundle_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path)


@command("import-bundle", "importeer een bezoekbundel / import a visit bundle", _import_bundle_args)
def cmd_import_bundle(args: argparse.Namespace, console: Console) -> int:
    from .bundle import import_bundle

    ws = open_workspace(args, console)
    try:
        visit_id = import_bundle(ws, args.file)
    finally:
        ws.close()
    console.say(f"Bezoek {visit_id} geïmporteerd.", f"Visit {visit_id} imported.")
    return EXIT_OK


# --- entry point ------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inspector", description="Inspector: huisbezoeken en inspecties, offline.",
        epilog=f"Werkmap: --workspace DIR of ${ENV_WORKSPACE}; standaard de gebruikersmap van het "
               "platform. Exitcodes: 0 ok, 1 invoer, 2 gebruik, 3 opslag, 4 sleutel, 5 werkproces, "
               "6 synchronisatie, 7 deels gelukt, 8 controle mislukt.")
    parser.add_argument("--version", action="version", version=f"inspector {__version__}")
    parser.add_argument("--workspace", metavar="DIR", help=f"workspace folder (or ${ENV_WORKSPACE})")
    parser.add_argument("--lang", choices=["nl", "en"],
                        default=os.environ.get("INSPECTOR_LANG", "nl"), help="message language")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (args_fn, _handler, help_text) in COMMANDS.items():
        args_fn(sub.add_parser(name, help=help_text))
    return parser


def _load_commands() -> None:
    """The subcommands of report, sync and verify register themselves when imported; they import this
    module, so they are loaded after it."""
    from . import verify_cli  # noqa: F401
    from .report import cli as report_cli  # noqa: F401
    from .sync import cli as sync_cli  # noqa: F401


def main(argv: Sequence[str] | None = None) -> int:
    _load_commands()
    args = build_parser().parse_args(argv)
    console = Console(args.lang)
    handler = COMMANDS[args.command][1]
    try:
        return handler(args, console)
    except StorageError as exc:
        console.error(exc)
        return EXIT_STORAGE
    except CredentialsError as exc:
        console.error(exc)
        return EXIT_CREDENTIALS
    except WorkflowError as exc:
        console.error(exc)
        return EXIT_WORKFLOW
    except SyncError as exc:
        console.error(exc)
        return EXIT_SYNC
    except InspectorError as exc:
        console.error(exc)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
