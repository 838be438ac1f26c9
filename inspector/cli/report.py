"""``inspector report VISIT --out FILE.pdf [--lang en]``: the rapport van bevindingen as a file."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import EXIT_OK, Console, command, open_workspace, resolve_visit


def _report_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("visit", help="visit id or id prefix (see 'inspector list --json')")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="where to write the PDF")
    # Its own dest: the global --lang chooses the language of messages, this one the report's.
    p.add_argument("--lang", dest="report_lang", choices=["nl", "en"], default="nl",
                   help="report language (default nl)")


@command("report", "maak het rapport van bevindingen (PDF) / write the report of findings (PDF)",
         _report_args)
def cmd_report(args: argparse.Namespace, console: Console) -> int:
    ws = open_workspace(args, console)
    try:
        visit_id = resolve_visit(ws, args.visit)
        path = ws.reports.write(visit_id, args.out, lang=args.report_lang)
        draft = not ws.visits.get(visit_id).is_locked
    finally:
        ws.close()
    console.say(f"Rapport geschreven: {path}" + (" (CONCEPT: bezoek nog niet afgerond)" if draft else ""),
                f"Report written: {path}" + (" (CONCEPT: visit not finalized yet)" if draft else ""))
    return EXIT_OK
