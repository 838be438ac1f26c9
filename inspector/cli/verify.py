"""``inspector verify VISIT`` and ``inspector verify BUNDLE.zip``: what a finalized visit claims, checked.

Per sealed document (the visit, then each addendum) it prints each claim and whether it holds: the
fingerprint (the frozen document is unchanged), the device signature (the laptop that finalized it
sealed exactly that), the server's receipt (the server received and checked it), the photos (present
and unchanged), and for an addendum that it follows the fingerprint before it. Exit 0 only when
everything that should hold does; 8 when something does not.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .. import bundle, evidence
from ..evidence import Verdict
from .common import EXIT_OK, EXIT_UNVERIFIED, Console, command, open_workspace, resolve_visit

MARKS = {evidence.OK: "✓", evidence.FAILED: "✗", evidence.ABSENT: "–", evidence.UNCHECKED: "?"}


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument("target", help="visit id (or its first characters), or a visit bundle (.zip)")
    p.add_argument("--json", action="store_true", help="machine-readable output")


def _print(console: Console, title: str, verdicts: list[Verdict], problems: list[tuple[str, str]]) -> None:
    console.say(title, title)
    for v in verdicts:
        kind = {"visit": ("Bezoek", "Visit"), "addendum": ("Aanvulling", "Addendum")}[v.kind]
        console.say(f"{kind[0]} {v.record_id} — vingerafdruk {v.fingerprint or '(geen)'}",
                    f"{kind[1]} {v.record_id} — fingerprint {v.fingerprint or '(none)'}")
        for c in v.checks:
            print(f"  {MARKS[c.state]} {c.message(console.lang)}")
    for nl, en in problems:
        print(f"  {MARKS[evidence.FAILED]} {en if console.lang == 'en' else nl}")


def _json(kind: str, target: str, ok: bool, verdicts: list[Verdict], problems: list[tuple[str, str]]) -> None:
    documents = [{"kind": v.kind, "id": v.record_id, "fingerprint": v.fingerprint, "format": v.format,
                  "ok": v.ok, "signing_device": v.signing_device, "signing_key_id": v.signing_key_id,
                  "checks": {c.name: {"state": c.state, "nl": c.nl, "en": c.en} for c in v.checks}}
                 for v in verdicts]
    json.dump({"target": target, "kind": kind, "ok": ok, "documents": documents,
               "problems": [{"nl": nl, "en": en} for nl, en in problems]},
              sys.stdout, ensure_ascii=False, indent=1)
    print()


@command("verify", "controleer een afgerond bezoek of een bundel / verify a finalized visit or a bundle",
         _args)
def cmd_verify(args: argparse.Namespace, console: Console) -> int:
    target = str(args.target)
    if target.lower().endswith(".zip") or Path(target).is_file():
        doc, blobs = bundle.read_bundle(target)
        checked = bundle.check(doc, blobs)
        verdicts, problems, ok = checked.verdicts, checked.problems, checked.ok
        if not verdicts and not problems:
            problems = [("het bezoek in deze bundel is niet afgerond; er is niets te controleren.",
                         "the visit in this bundle is not finalized; there is nothing to verify.")]
            ok = False
        title = (f"Bundel {target}: zaak {checked.case_number}, bezoek {checked.visit_id}",
                 f"Bundle {target}: case {checked.case_number}, visit {checked.visit_id}")
    else:
        ws = open_workspace(args, console)
        try:
            visit_id = resolve_visit(ws, target)
            visit = ws.visits.get(visit_id)
            number = ws.cases.get(visit.case_id).number
            verdicts = [ws.evidence.verify(visit_id, photos=True), *ws.evidence.verify_addenda(visit_id)]
        finally:
            ws.close()
        problems = []
        ok = all(v.ok for v in verdicts) and verdicts[0].format > 0
        title = (f"Zaak {number}, bezoek {visit_id}", f"Case {number}, visit {visit_id}")
    if args.json:
        _json("bundle" if target.lower().endswith(".zip") else "visit", target, ok, verdicts, problems)
    else:
        _print(console, title[1] if console.lang == "en" else title[0], verdicts, problems)
        console.say("Alles wat moet kloppen, klopt." if ok else "Niet alles klopt (zie ✗ hierboven).",
                    "Everything that should hold does." if ok else "Not everything holds (see ✗ above).")
    return EXIT_OK if ok else EXIT_UNVERIFIED
