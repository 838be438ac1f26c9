"""``inspector verify VISIT``, ``inspector verify BUNDLE.zip`` and ``inspector verify REPORT.pdf``: what a
finalized visit claims, checked.

Per sealed document (the visit, then each addendum) it prints each claim and whether it holds: the
fingerprint (the frozen document is unchanged), the device signature (the laptop that finalized it
sealed exactly that), the server's receipt (the server received and checked it), the photos (present
and unchanged), and for an addendum that it follows the fingerprint before it. Exit 0 only when
everything that should hold does; 8 when something does not.

For a report PDF (``pdf_evidence``) it prints the fingerprint and visit the report carries and checks
its PAdES signature: intact, covering the whole file (nothing changed after signing), and made with a
certificate that chains to ``--trust FILE`` (PEM or DER), or, without it, who signed. Whether the
content is that of the finalized visit only the server (Beheer → Echtheid) or the laptop that holds the
visit can tell: it renders the report again and compares.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .. import bundle, evidence, pdf_evidence
from ..errors import ValidationError
from ..evidence import Verdict
from .common import EXIT_OK, EXIT_UNVERIFIED, Console, command, open_workspace, resolve_visit

MARKS = {evidence.OK: "✓", evidence.FAILED: "✗", evidence.ABSENT: "–", evidence.UNCHECKED: "?"}


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument("target", help="visit id (or its first characters), a visit bundle (.zip), or a report "
                   "(.pdf)")
    p.add_argument("--trust", metavar="CA.pem", type=Path,
                   help="for a report PDF: the certificate (PEM or DER) its signature must chain to")
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
    if _is_pdf(target):
        return _verify_pdf(args, console, Path(target))
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


def _is_pdf(target: str) -> bool:
    path = Path(target)
    if target.lower().endswith(".pdf"):
        return True
    try:
        with path.open("rb") as fh:
            return fh.read(len(pdf_evidence.PDF_MAGIC)) == pdf_evidence.PDF_MAGIC
    except OSError:
        return False


def _read(path: Path, what_nl: str, what_en: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ValidationError("file_unreadable", f"{what_nl} {path} is niet te lezen: {exc.strerror or exc}.",
                              f"{what_en} {path} cannot be read: {exc.strerror or exc}.") from exc


def _verify_pdf(args: argparse.Namespace, console: Console, path: Path) -> int:
    """A report PDF: the fingerprint it carries, its signature, and whether it changed after signing."""
    data = _read(path, "Het bestand", "The file")
    printed = pdf_evidence.printed(data)
    trust = pdf_evidence.load_trust_roots(_read(args.trust, "Het certificaat", "The certificate")) \
        if args.trust else []
    sigs = pdf_evidence.signatures(data, trust)
    check = pdf_evidence.check_signature(sigs, trust_given=bool(args.trust))
    fingerprint = evidence.Check(
        "fingerprint", evidence.OK if printed.fingerprint else evidence.FAILED,
        f"Vingerafdruk in het rapport: {printed.fingerprint}" if printed.fingerprint else
        "Er staat geen vingerafdruk van een afgerond Inspector-rapport in dit bestand.",
        f"Fingerprint in the report: {printed.fingerprint}" if printed.fingerprint else
        "This file carries no fingerprint of a finalized Inspector report.")
    checks = [fingerprint, check]
    ok = all(c.state != evidence.FAILED for c in checks)
    last = sigs.found[-1] if sigs.found else None
    if args.json:
        json.dump({"target": str(path), "kind": "pdf", "ok": ok, "fingerprint": printed.fingerprint,
                   "visit_id": printed.visit_id, "case_number": printed.case_number,
                   "signed": bool(sigs.found), "signer": last.signer if last else "",
                   "signature_valid": bool(last and last.intact and last.valid),
                   "changed_after_signing": bool(last and not last.whole_file),
                   "trusted": bool(last and last.trusted), "revisions": sigs.revisions,
                   "checks": {c.name: {"state": c.state, "nl": c.nl, "en": c.en} for c in checks}},
                  sys.stdout, ensure_ascii=False, indent=1)
        print()
        return EXIT_OK if ok else EXIT_UNVERIFIED
    console.say(f"Rapport {path}: zaak {printed.case_number or '?'}, bezoek {printed.visit_id or '?'}",
                f"Report {path}: case {printed.case_number or '?'}, visit {printed.visit_id or '?'}")
    for c in checks:
        print(f"  {MARKS[c.state]} {c.message(console.lang)}")
    if check.state == evidence.UNCHECKED:
        console.say("  Geef --trust CA.pem om te controleren dat het certificaat van de gemeente is.",
                    "  Give --trust CA.pem to check that the certificate is the municipality's.")
    console.say("Of de inhoud die van het afgeronde bezoek is, controleert de server (Beheer → Echtheid).",
                "Whether the content is that of the finalized visit is checked by the server (Beheer → "
                "Echtheid).")
    console.say("Alles wat moet kloppen, klopt." if ok else "Niet alles klopt (zie ✗ hierboven).",
                "Everything that should hold does." if ok else "Not everything holds (see ✗ above).")
    return EXIT_OK if ok else EXIT_UNVERIFIED
