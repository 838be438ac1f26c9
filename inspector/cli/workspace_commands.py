"""``inspector demo``, ``profile``, ``import-planning``, ``list``, ``export``, ``import-bundle``: the local
workspace."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..ids import short_id
from .common import EXIT_OK, EXIT_PARTIAL, Console, command, open_workspace, resolve_visit


def _demo_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cases", type=int, default=36)


@command("demo", "vul de werkmap met demogegevens / seed demo data", _demo_args)
def cmd_demo(args: argparse.Namespace, console: Console) -> int:
    from ..demo import seed

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
    from ..planning import import_planning

    ws = open_workspace(args, console)
    try:
        no_profile = ws.settings.needs_profile()
        result = import_planning(ws, args.file)
    finally:
        ws.close()
    for problem in result.problems:
        print(problem.message(console.lang), file=sys.stderr)
    if no_profile and result.imported:
        print("Let op: er is geen profiel ingesteld, dus deze bezoeken hebben geen toezichthouder. Stel "
              "het in met 'inspector profile --name NAAM --number NUMMER' en vul de toezichthouder aan "
              "bij de voorbereiding." if console.lang != "en" else
              "Note: no profile is set, so these visits have no officer. Set it with 'inspector profile "
              "--name NAME --number NUMBER' and add the officer in the visit's preparation.",
              file=sys.stderr)
    completed = (f", {result.completed} zaken aangevuld" if result.completed else "",
                 f", {result.completed} cases completed" if result.completed else "")
    console.say(f"{result.imported} bezoeken geïmporteerd, {result.skipped} al aanwezig{completed[0]}, "
                f"{len(result.problems)} regels geweigerd.",
                f"{result.imported} visits imported, {result.skipped} already present{completed[1]}, "
                f"{len(result.problems)} rows refused.")
    return EXIT_PARTIAL if result.problems else EXIT_OK


def _profile_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--name", help="naam van de toezichthouder / the officer's name")
    p.add_argument("--number", help="aanstellingsnummer (toezichthouder/BOA) / appointment number")
    p.add_argument("--team", help="team (optioneel) / team (optional)")


@command("profile", "toon of stel het profiel van de toezichthouder in / show or set the officer's profile",
         _profile_args)
def cmd_profile(args: argparse.Namespace, console: Console) -> int:
    """Without options: show the profile. With them: set it (what the app asks at its first start), so
    visits planned from the command line get this officer."""
    ws = open_workspace(args, console)
    try:
        current = ws.settings.profile()
        if args.name is not None or args.number is not None or args.team is not None:
            name = current.name if args.name is None else args.name
            number = current.appointment if args.number is None else args.number
            team = current.team if args.team is None else args.team
            ws.settings.set_profile(name, number, team)
            current = ws.settings.profile()
            console.say("Profiel opgeslagen.", "Profile saved.")
    finally:
        ws.close()
    if not current.name:
        console.say("Nog geen profiel. Stel het in met --name en --number.",
                    "No profile yet. Set it with --name and --number.")
        return EXIT_OK
    team = current.team or "–"
    console.say(f"Naam: {current.name}\nAanstellingsnummer: {current.appointment}\nTeam: {team}",
                f"Name: {current.name}\nAppointment number: {current.appointment}\nTeam: {team}")
    return EXIT_OK


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
    rows = [(short_id(v.id), v.case_number, v.template_id, v.status, v.planned_at.replace("T", " "),
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
    from ..bundle import export_visit

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
    from ..bundle import import_bundle

    ws = open_workspace(args, console)
    try:
        done = import_bundle(ws, args.file)
    finally:
        ws.close()
    if done.new:
        console.say(f"Bezoek {done.visit_id} (zaak {done.case_number}) geïmporteerd.",
                    f"Visit {done.visit_id} (case {done.case_number}) imported.")
    else:
        console.say(f"Bezoek {done.visit_id} (zaak {done.case_number}) stond hier al; er is niets gewijzigd.",
                    f"Visit {done.visit_id} (case {done.case_number}) was already here; nothing was changed.")
    return EXIT_OK
