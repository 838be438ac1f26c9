"""The ``inspector-server`` command: run the server and administer it from a script.

Exit codes: 0 success · 1 refused (unknown team, user or role, taken name, bad input; then nothing
is changed) · 2 usage error · 3 database or blob store problem (cannot connect, cannot migrate) ·
4 ``serve --workers N``: a server process could not start (the others were stopped).
Every command takes ``--database URL`` (or ``$INSPECTOR_SERVER_DATABASE``); the default is a SQLite
file in the platform's data folder, so ``inspector-server serve`` works with no other setup. Photos
and signatures go to ``--blobs LOCATION`` (or ``$INSPECTOR_SERVER_BLOBS``): a folder (default: ``blobs``
beside the SQLite file, or in the data folder) or ``s3://bucket/prefix`` (see docs/server.md).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from .. import __version__
from ..protocol.constants import ROLES
from .allocator import keep_freed_memory

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_DATABASE, EXIT_WORKER = 0, 1, 2, 3, 4
ENV_DATABASE = "INSPECTOR_SERVER_DATABASE"
_ENV_BLOBS = "INSPECTOR_SERVER_BLOBS"  # storage.ENV_BLOBS (not imported here: the command starts fast)
_ROLE_HELP = " | ".join(ROLES)  # checked by the admin functions: an unknown role is refused (exit 1)


def _database(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from .db import Database, default_database_url
    from .migrations import migrate
    from .storage import open_store

    db = Database(args.database or os.environ.get(ENV_DATABASE) or default_database_url())
    migrate(db.engine, open_store(args.blobs, db.url))
    return db


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise _Refused("Geef het wachtwoord via --password-stdin.",
                       "Pass the password with --password-stdin.")
    first = getpass.getpass("Wachtwoord / Password: ")
    if getpass.getpass("Nogmaals / Again: ") != first:
        raise _Refused("De wachtwoorden zijn niet gelijk.", "The passwords do not match.")
    return first


def _say(nl: str, en: str, prefix: tuple[str, str] = ("Fout", "Error")) -> None:
    """Print a message to stderr in the language of ``$INSPECTOR_LANG`` (Dutch unless "en")."""
    en_wanted = os.environ.get("INSPECTOR_LANG", "nl") == "en"
    print(f"{prefix[en_wanted]}: {en if en_wanted else nl}", file=sys.stderr)


class _Refused(Exception):
    def __init__(self, nl: str, en: str) -> None:
        super().__init__(en)
        self.nl, self.en = nl, en


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .app import create_app
    from .db import normalize_url
    from .http_limits import uvicorn_options
    from .report_signing import ENV_CERTIFICATE, CertificateProblem, configured
    from .storage import ENV_BLOBS, open_store

    url = args.database or os.environ.get(ENV_DATABASE)
    if not url:
        from .db import default_database_url

        url = default_database_url()
    if args.workers > 1 and not normalize_url(url).startswith("postgresql"):
        raise _Refused("Meerdere serverprocessen (--workers) kunnen alleen met PostgreSQL; de "
                       "SQLite-database werkt met één proces.",
                       "Several server processes (--workers) need PostgreSQL; the SQLite database "
                       "works with one process.")
    _check_tls(args.ssl_certfile, args.ssl_keyfile)
    store = open_store(args.blobs, normalize_url(url))
    try:
        signer = configured(args.report_certificate)
    except CertificateProblem as exc:
        raise _Refused(exc.nl, exc.en) from exc
    if signer is not None:
        print(f"Reports downloaded from /beheer/ are signed with '{signer.subject}' (valid until "
              f"{signer.not_after:%Y-%m-%d})", file=sys.stderr)
    print(f"Inspector server on http://{args.host}:{args.port} (database: {_safe(url)}, files: "
          f"{store.location}, {args.workers} worker process{'es' if args.workers > 1 else ''})",
          file=sys.stderr)
    options: dict[str, Any] = {
        "host": args.host, "port": args.port, "log_level": args.log_level,
        "ssl_certfile": args.ssl_certfile, "ssl_keyfile": args.ssl_keyfile,
        "forwarded_allow_ips": args.forwarded_allow_ips, "proxy_headers": bool(args.forwarded_allow_ips),
        **uvicorn_options()}
    if args.workers <= 1:
        keep_freed_memory()  # pages of a pull reuse freed memory (allocator.py)
        uvicorn.run(create_app(url, blob_store=store, report_signer=signer), **options)
        return EXIT_OK
    # Several processes: migrate once here, then each worker builds its app from the environment.
    from .db import Database
    from .migrations import migrate

    db = Database(url)
    migrate(db.engine, store)
    db.dispose()
    os.environ[ENV_DATABASE] = url
    os.environ[ENV_BLOBS] = args.blobs or os.environ.get(ENV_BLOBS) or store.location
    if args.report_certificate:
        os.environ[ENV_CERTIFICATE] = args.report_certificate
    return _run_workers(uvicorn.Config("inspector.server.app:app_from_environment", factory=True,
                                       workers=args.workers, **options))


def _run_workers(config: Any) -> int:
    """uvicorn's supervisor of ``config.workers`` processes on one socket. It restarts a process that
    dies, and stops them all when one fails to start (``app_from_environment``); that ends here in
    exit code 4 — not 0 as ``uvicorn.run`` would — so ``Restart=on-failure`` restarts the server."""
    from uvicorn.config import STARTUP_FAILURE
    from uvicorn.supervisors import Multiprocess

    supervisor = Multiprocess(config, sockets=[config.bind_socket()])
    supervisor.run()
    if any(process.exitcode == STARTUP_FAILURE for process in supervisor.processes):
        _say("Een serverproces kon niet starten (zie de melding hierboven; meestal is de database of de "
             "opslag van de foto's niet bereikbaar); de andere processen zijn gestopt.",
             "A server process could not start (see the message above; usually the database or the photo "
             "storage is out of reach); the other processes were stopped.")
        return EXIT_WORKER
    return EXIT_OK


def _check_tls(certfile: str | None, keyfile: str | None) -> None:
    """Refuse a certificate or key that cannot be loaded before any process starts (uvicorn would
    otherwise fail in every worker, and restart the workers without end)."""
    if not certfile and not keyfile:
        return
    import ssl

    if not certfile:
        raise _Refused("--ssl-keyfile zonder --ssl-certfile: geef ook het certificaat.",
                       "--ssl-keyfile without --ssl-certfile: give the certificate too.")
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(certfile, keyfile)
    except (OSError, ssl.SSLError) as exc:
        raise _Refused(f"Het TLS-certificaat of de sleutel kan niet worden gelezen ({certfile}"
                       f"{', ' + keyfile if keyfile else ''}): {exc}. Controleer of het bestand bestaat, "
                       "een PEM-certificaat met de bijbehorende sleutel bevat en leesbaar is.",
                       f"The TLS certificate or key cannot be read ({certfile}"
                       f"{', ' + keyfile if keyfile else ''}): {exc}. Check that the file exists, holds a "
                       "PEM certificate with its key and is readable.") from exc


def _safe(url: str) -> str:
    """A database URL without its password, for printing."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}:***@{host}"
    return url


def cmd_migrate(args: argparse.Namespace) -> int:
    from .migrations import current_revision

    db = _database(args)
    print(f"schema {current_revision(db.engine)}")
    return EXIT_OK


def cmd_users_add(args: argparse.Namespace) -> int:
    from .admin import add_user

    db = _database(args)
    password = _password(args)
    add_user(db, args.username, password, args.role, args.team)
    print(f"user {args.username} ({args.role}; {', '.join(args.team) or 'no team'})")
    return EXIT_OK


def _describe(user: dict[str, Any]) -> str:
    state = "active" if user["active"] else "inactive"
    return f"user {user['username']} ({user['role']}; {', '.join(user['teams']) or 'no team'}; {state})"


def cmd_users_list(args: argparse.Namespace) -> int:
    from .admin import list_users

    rows = list_users(_database(args))
    if args.json:
        json.dump(rows, sys.stdout, indent=1, ensure_ascii=False)
        print()
        return EXIT_OK
    for u in rows:
        state = "active" if u["active"] else "inactive"
        print(f"{u['username']}\t{u['role']}\t{', '.join(u['teams'])}\t{state}")
    return EXIT_OK


def cmd_users_change(args: argparse.Namespace) -> int:
    from .admin import change_user

    if args.role is None and args.team is None:
        raise _Refused("Niets te wijzigen: geef --role, --team of --no-teams.",
                       "Nothing to change: give --role, --team or --no-teams.")
    print(_describe(change_user(_database(args), args.username, args.role, args.team)))
    return EXIT_OK


def cmd_users_active(args: argparse.Namespace) -> int:
    from .admin import set_active

    print(_describe(set_active(_database(args), args.username, args.active)))
    return EXIT_OK


def cmd_users_password(args: argparse.Namespace) -> int:
    from .admin import get_user, set_password

    db = _database(args)
    get_user(db, args.username)  # an unknown user is refused before the password is asked
    ended, browsers = set_password(db, args.username, _password(args), log_out_devices=args.log_out_devices)
    print(f"password of {args.username} changed"
          + (f"; {ended} device{'' if ended == 1 else 's'} logged out, {browsers} browser "
             f"session{'' if browsers == 1 else 's'} ended" if args.log_out_devices else ""))
    return EXIT_OK


def cmd_teams_add(args: argparse.Namespace) -> int:
    from .admin import add_team

    add_team(_database(args), args.name)
    print(f"team {args.name}")
    return EXIT_OK


def cmd_teams_list(args: argparse.Namespace) -> int:
    from .admin import list_teams

    for name in list_teams(_database(args)):
        print(name)
    return EXIT_OK


def cmd_assign(args: argparse.Namespace) -> int:
    from .admin import ADMIN, assign

    assign(_database(args), ADMIN, args.case_number, args.team, args.inspector or "", args.from_team or "")
    print(f"case {args.case_number} -> {args.team}" + (f" / {args.inspector}" if args.inspector else ""))
    return EXIT_OK


def cmd_plan(args: argparse.Namespace) -> int:
    from .admin import ADMIN, plan

    planned = plan(_database(args), ADMIN, args.case_number, args.type, args.at, args.team)
    print(f"visit {planned.visit_id} planned for case {args.case_number} ({args.team})")
    return EXIT_OK


def cmd_devices_list(args: argparse.Namespace) -> int:
    from .admin import list_devices

    rows = list_devices(_database(args))
    if args.json:
        json.dump(rows, sys.stdout, indent=1)
        print()
        return EXIT_OK
    for d in rows:
        state = f"revoked {d['revoked_at']}" if d["revoked_at"] else f"last seen {d['last_seen_at']}"
        print(f"{d['id']}\t{d['username']}\t{d['name']}\t{state}")
    return EXIT_OK


def cmd_devices_revoke(args: argparse.Namespace) -> int:
    from .auth import revoke_device

    if not revoke_device(_database(args), args.id):
        raise _Refused(f"Onbekend apparaat {args.id}.", f"Unknown device {args.id}.")
    print(f"device {args.id} revoked")
    return EXIT_OK


def cmd_retention(args: argparse.Namespace) -> int:
    from .retention import run
    from .storage import open_store

    db = _database(args)
    done = run(db, open_store(args.blobs, db.url), apply=args.apply, by="inspector-server retention")
    verb = "removed" if args.apply else "to remove (dry run; --apply removes)"
    if not done.per_rule:
        print("no retention periods set: nothing is removed (set them at /beheer/bewaartermijnen)")
    for rule in done.per_rule:
        n = len(rule.visits)
        print(f"{rule.template_id}: {rule.months} months (finalized before {rule.cutoff}): {n} "
              f"visit{'' if n == 1 else 's'} {verb}, {rule.waiting} waiting for a receipt (kept)")
    records = ", ".join(f"{n} {entity}" for entity, n in sorted(done.records.items())) or "none"
    print(f"total {verb}: {done.visits} visits, {len(done.cases)} cases, {done.photos} photo files, "
          f"{done.push_answers} old push answers; records: {records}")
    return EXIT_OK


def cmd_avg_export(args: argparse.Namespace) -> int:
    """AVG article 15: everything held about one BSN as a ZIP; the BSN is read from standard input (a
    command line argument would stay in the shell's history and the process list)."""
    import getpass

    from .admin import caller_for
    from .beheer.sessions import log_access
    from .storage import open_store
    from .subject_access import export, find, normalize

    db = _database(args)
    who = caller_for(db, args.by)
    if not who.handles_access_requests:
        raise _Refused(f"{args.by} is geen privacyfunctionaris of beheerder.",
                       f"{args.by} is not a privacy officer or an administrator.")
    text = sys.stdin.readline() if not sys.stdin.isatty() else input("BSN: ")
    try:
        bsn = normalize(text.strip())
    except ValueError:
        raise _Refused("Dat is geen geldig BSN (9 cijfers, elfproef).",
                       "That is not a valid BSN (9 digits, eleven test).") from None
    held = find(db, bsn)
    log_access(db, who, "avg_export", f"bsn:{held.masked}", f"cases:{len(held.case_ids)}; "
               f"visits:{held.count('visits')}; file:{args.out}", f"command line ({getpass.getuser()})")
    if not held.case_ids:
        raise _Refused(f"De server bewaart niets over BSN {held.masked}.",
                       f"The server holds nothing about BSN {held.masked}.")
    data = export(db, open_store(args.blobs, db.url), held, args.by)
    with open(args.out, "wb") as out:
        out.write(data)
    print(f"BSN {held.masked}: {len(held.case_ids)} cases, {held.count('visits')} visits -> {args.out}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inspector-server", description="The Inspector sync server and its administration.",
        epilog=f"Database: --database URL or ${ENV_DATABASE} (postgresql://user:pw@host/db or "
               "sqlite:///path); default a SQLite file in the data folder. Files: --blobs LOCATION or "
               "$INSPECTOR_SERVER_BLOBS. Exit codes: 0 ok, 1 refused, 2 usage, 3 database or blob store.")
    parser.add_argument("--version", action="version", version=f"inspector-server {__version__}")
    parser.add_argument("--database", metavar="URL", help="database URL (PostgreSQL or SQLite)")
    parser.add_argument("--blobs", metavar="LOCATION",
                        help="where photos are kept: a folder, or s3://bucket/prefix (object storage; "
                             "settings from the AWS_* environment variables); default: a folder 'blobs' "
                             "beside the SQLite database or in the data folder")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("serve", help="run the server")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8765)
    s.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    s.add_argument("--ssl-certfile", help="serve HTTPS with this certificate (or terminate TLS in a proxy)")
    s.add_argument("--ssl-keyfile")
    s.add_argument("--forwarded-allow-ips", default=None,
                   help="trust X-Forwarded-For from these proxy addresses (for the login rate limit)")
    s.add_argument("--workers", type=int, default=1,
                   help="server processes (PostgreSQL; about one per processor core)")
    s.add_argument("--report-certificate", metavar="FILE.p12",
                   help="sign the reports the back office hands out (PAdES) with this PKCS#12 file (or "
                        "$INSPECTOR_SERVER_REPORT_CERTIFICATE); its passphrase in "
                        "$INSPECTOR_SERVER_REPORT_PASSPHRASE or in the file named by "
                        "$INSPECTOR_SERVER_REPORT_PASSPHRASE_FILE")
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser("migrate", help="create or upgrade the database schema")
    s.set_defaults(func=cmd_migrate)

    users = sub.add_parser("users", help="manage users: add, list, change, deactivate, activate, password"
                           ).add_subparsers(dest="users_cmd", required=True)
    s = users.add_parser("add", help="create a user")
    s.add_argument("username")
    s.add_argument("--role", required=True, help=_ROLE_HELP)
    s.add_argument("--team", action="append", default=[], help="team name (repeat for several)")
    s.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    s.set_defaults(func=cmd_users_add)
    s = users.add_parser("list", help="list users (username, role, teams, active/inactive)")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_users_list)
    s = users.add_parser("change", help="change a user's role and/or replace their teams")
    s.add_argument("username")
    s.add_argument("--role", help=_ROLE_HELP)
    group = s.add_mutually_exclusive_group()
    group.add_argument("--team", action="append", default=None,
                       help="team name; replaces all the user's teams (repeat for several)")
    group.add_argument("--no-teams", dest="team", action="store_const", const=[],
                       help="remove the user from every team")
    s.set_defaults(func=cmd_users_change)
    s = users.add_parser("deactivate", help="block a user: no login, their devices are refused (no wipe)")
    s.add_argument("username")
    s.set_defaults(func=cmd_users_active, active=False)
    s = users.add_parser("activate", help="let a deactivated user in again")
    s.add_argument("username")
    s.set_defaults(func=cmd_users_active, active=True)
    s = users.add_parser("password", help="set a new password for a user")
    s.add_argument("username")
    s.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    s.add_argument("--log-out-devices", action="store_true",
                   help="also end every session of the user: their devices must log in again (no wipe)")
    s.set_defaults(func=cmd_users_password)

    teams = sub.add_parser("teams", help="manage teams").add_subparsers(dest="teams_cmd", required=True)
    s = teams.add_parser("add", help="create a team")
    s.add_argument("name")
    s.set_defaults(func=cmd_teams_add)
    s = teams.add_parser("list", help="list teams")
    s.set_defaults(func=cmd_teams_list)

    s = sub.add_parser("assign", help="give a case to a team (and an inspector)")
    s.add_argument("case_number")
    s.add_argument("--team", required=True)
    s.add_argument("--inspector", help="username of an inspector in that team")
    s.add_argument("--from-team", help="the team the case is in (when several teams use its number)")
    s.set_defaults(func=cmd_assign)

    s = sub.add_parser("plan", help="plan a visit; it appears on the team's laptops at their next sync")
    s.add_argument("case_number")
    s.add_argument("--type", required=True, help="visit type (template id), e.g. S1")
    s.add_argument("--at", required=True, help='"dd-mm-jjjj HH:MM"')
    s.add_argument("--team", required=True)
    s.set_defaults(func=cmd_plan)

    s = sub.add_parser("retention", help="remove finalized visits past their retention period (dry run "
                                         "without --apply: counts only)")
    s.add_argument("--apply", action="store_true", help="really remove (and log the removal)")
    s.set_defaults(func=cmd_retention)

    s = sub.add_parser("avg-export", help="AVG article 15: everything held about one BSN as a ZIP (the BSN "
                                          "from standard input; logged in the access log)")
    s.add_argument("--by", required=True, help="the privacy officer or administrator asking (a server user)")
    s.add_argument("--out", required=True, help="the ZIP file to write (its name should hold no BSN)")
    s.set_defaults(func=cmd_avg_export)

    devices = sub.add_parser("devices", help="list or revoke laptops").add_subparsers(
        dest="devices_cmd", required=True)
    s = devices.add_parser("list", help="list devices")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_devices_list)
    s = devices.add_parser("revoke", help="revoke a device: its laptop wipes its data at the next contact")
    s.add_argument("id")
    s.set_defaults(func=cmd_devices_revoke)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from obstore.exceptions import BaseError as ObjectStorageError
    from sqlalchemy.exc import SQLAlchemyError

    from .errors import AdminError

    args = build_parser().parse_args(argv)
    lang = os.environ.get("INSPECTOR_LANG", "nl")
    try:
        return int(args.func(args))
    except (AdminError, _Refused) as exc:
        _say(exc.nl, exc.en)
        return EXIT_REFUSED
    except (SQLAlchemyError, OSError) as exc:
        print(f"{'Database error' if lang == 'en' else 'Databasefout'}: {exc}", file=sys.stderr)
        return EXIT_DATABASE
    except ObjectStorageError as exc:  # the bucket is unreachable, missing, or refuses the keys
        print(f"{'Object storage error' if lang == 'en' else 'Fout bij de objectopslag'} "
              f"(--blobs / ${_ENV_BLOBS}): {str(exc).splitlines()[0]}", file=sys.stderr)
        return EXIT_DATABASE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
