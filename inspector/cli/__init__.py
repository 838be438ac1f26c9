"""The ``inspector`` command: demo data, planning import, lists, bundles, reports, sync, verify,
backups (restore) and the passphrase.

Exit codes a script can rely on:
  0 success · 1 invalid input (validation, bad file) · 2 usage error · 3 storage problem
  4 credentials (passphrase, keyring) · 5 workflow rule refused · 6 sync failed
  7 partly done (some rows of an import were refused; the others were imported)
  8 verification failed (``inspector verify``: something a finalized visit claims does not hold)
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

from .. import __version__
from ..errors import CredentialsError, InspectorError, StorageError, SyncError, WorkflowError
from ..paths import ENV_WORKSPACE
from . import (  # noqa: F401 - each registers its subcommands
    report,
    storage_commands,
    sync,
    verify,
    workspace_commands,
)
from .common import (  # noqa: F401 - the exit codes are this command's interface
    COMMANDS,
    EXIT_CREDENTIALS,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_STORAGE,
    EXIT_SYNC,
    EXIT_UNVERIFIED,
    EXIT_USAGE,
    EXIT_WORKFLOW,
    Console,
)


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


def main(argv: Sequence[str] | None = None) -> int:
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
