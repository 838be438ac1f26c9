"""``inspector login URL USER``, ``inspector logout`` and ``inspector sync`` (registered in inspector.cli).

Scriptable: the password comes from standard input when it is not a terminal (a hidden prompt
otherwise). Exit codes as in inspector.cli: 0 done, 4 credentials, 6 sync failed (including a wrong
password or an unreachable server), 7 synced but the server refused some records (see the
quarantine in the app).
"""

from __future__ import annotations

import argparse
import sys

from ..sync import session
from .common import EXIT_OK, EXIT_PARTIAL, Console, command, open_workspace, read_secret


def _login_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("url", help="server address, e.g. https://inspector.gemeente.nl")
    p.add_argument("user", help="username on the server")
    p.add_argument("--device-name", default="", help="how this laptop is listed on the server")


@command("login", "log in bij de server / log in to the server", _login_args)
def cmd_login(args: argparse.Namespace, console: Console) -> int:
    ws = open_workspace(args, console)
    try:
        password = read_secret("Wachtwoord / Password: ")
        info = ws.sync.login(args.url, args.user, password, args.device_name)
    finally:
        ws.close()
    console.say(f"Ingelogd als {info.username} ({info.role}; {', '.join(info.teams) or 'geen team'}) "
                f"op {info.url}.",
                f"Logged in as {info.username} ({info.role}; {', '.join(info.teams) or 'no team'}) "
                f"on {info.url}.")
    if not info.token_in_keyring:
        console.say("Let op: er is geen beveiligde sleutelbos (keyring); de aanmelding geldt alleen zolang "
                    "dit programma loopt. Gebruik 'inspector sync --password-stdin' in scripts.",
                    "Note: there is no secure keyring; the login lasts only while this program runs. Use "
                    "'inspector sync --password-stdin' in scripts.")
    return EXIT_OK


@command("logout", "log uit bij de server / log out of the server", lambda p: None)
def cmd_logout(args: argparse.Namespace, console: Console) -> int:
    ws = open_workspace(args, console)
    try:
        ws.sync.logout()
    finally:
        ws.close()
    console.say("Uitgelogd; de gegevens op deze laptop blijven bewaard.",
                "Logged out; the data on this laptop is kept.")
    return EXIT_OK


def _sync_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--password-stdin", action="store_true",
                   help="without a stored login: read the password from stdin and log in for this run only")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")


@command("sync", "synchroniseer met de server / sync with the server", _sync_args)
def cmd_sync(args: argparse.Namespace, console: Console) -> int:
    ws = open_workspace(args, console)
    temporary = False
    try:
        if args.password_stdin and session.load_token(ws.workspace_id) is None:
            settings = session.server_settings(ws.sync)
            ws.sync.login(settings.get("url", ""), settings.get("username", ""),
                          sys.stdin.readline().rstrip("\r\n"), ws.evidence.device_name() + " (script)")
            temporary = True

        def progress(stage: str, done: int, total: int) -> None:
            if not args.quiet and total:
                print(f"{stage}: {done}/{total}", file=sys.stderr)

        try:
            result = ws.sync.run(progress=progress)
        finally:
            if temporary:
                ws.sync.logout()
        conflicts = len(ws.sync.conflicts())
        held = len(ws.sync.quarantined())
    finally:
        try:
            ws.close()
        except Exception:  # noqa: BLE001 - a revoked device's workspace is already wiped and closed
            pass
    console.say(f"Gesynchroniseerd: {result.pushed} verstuurd, {result.rejected} geweigerd, "
                f"{result.pulled} ontvangen, {result.receipts} ontvangstbewijzen.",
                f"Synced: {result.pushed} sent, {result.rejected} refused, {result.pulled} received, "
                f"{result.receipts} receipts.")
    if result.removed:
        numbers = ", ".join(result.removed)
        console.say(f"Overgedragen aan een ander team en van deze laptop verwijderd: {numbers}.",
                    f"Moved to another team and removed from this laptop: {numbers}.")
    if result.purged:
        console.say(f"{result.purged} afgeronde bezoeken met ontvangstbewijs van deze laptop verwijderd "
                    "(bewaartermijn van de server).",
                    f"{result.purged} finalized visits with their receipt removed from this laptop (the "
                    "server's retention period).")
    if conflicts:
        console.say(f"{conflicts} conflicten wachten op uw keuze in de app.",
                    f"{conflicts} conflicts wait for your decision in the app.")
    if held:
        console.say(f"{held} records zijn door de server geweigerd en staan in quarantaine (zie de app).",
                    f"{held} records were refused by the server and wait in quarantine (see the app).")
        return EXIT_PARTIAL
    return EXIT_OK
