""""Is dit rapport echt?": a coordinator uploads a report PDF (say, one a lawyer sent in) and learns
whether it is a genuine Inspector report.

A report is genuine when the fingerprint and visit printed in it are those of a finalized visit in the
coordinator's teams, and the file is byte for byte the PDF the server renders from that visit's frozen
document (with the addenda it held then), either as it is or followed by exactly one PAdES signature
that is intact and covers the whole file. A PAdES signature in the file is checked against the
municipality's certificate (when configured); a broken signature, or one the file was changed after,
fails the check.

What leaks least: a visit of another team, a visit that does not exist and one that is not finalized
get the same answer ("niet bekend bij uw teams"), and for none of them does the server render
anything, so neither the words nor the time taken tell a coordinator that another team holds such a
visit. The signature is judged on the file alone (anyone can check it), so that part is shown always.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import APIRouter
from fastapi.responses import Response

from ... import evidence, pdf_evidence
from ...errors import ValidationError
from ..report_signing import ReportSigner
from .reports import Frozen, NoReport, frozen
from .web import PREFIX, Poster, Viewer, Web

routes = APIRouter(prefix=PREFIX, include_in_schema=False)
MAX_PDF = 40 * 2**20  # a report with many photos stays well under this
MAX_RENDERS = 6  # the report with all its addenda, and with fewer (a copy printed before the last ones)


@dataclass
class Examination:
    """What the page says of one uploaded file."""

    genuine: bool
    code: str  # for the access log: genuine, not_pdf, no_fingerprint, unknown, fingerprint_differs,
    # content_differs, added_after, signature_failed
    printed: pdf_evidence.Printed | None = None
    visit: Frozen | None = None
    checks: list[evidence.Check] = field(default_factory=list)


Coded = tuple[evidence.Check, str]  # a check, and the code the access log keeps when it fails


def _fingerprint_check(web: Web, printed: pdf_evidence.Printed) -> tuple[Coded, Frozen | None]:
    if not printed.fingerprint or not printed.visit_id:
        return (evidence.Check("fingerprint", evidence.FAILED,
                              "Er staat geen vingerafdruk van een afgerond Inspector-rapport in dit bestand "
                              "(een concept, of geen rapport van Inspector).",
                              "This file carries no fingerprint of a finalized Inspector report (a draft, "
                              "or not an Inspector report)."), "no_fingerprint"), None
    try:
        visit = frozen(web.db, web.request.app.state.store, web.caller, printed.visit_id)
    except NoReport:
        visit = None
    if visit is None:
        return (evidence.Check("fingerprint", evidence.FAILED,
                              "De vingerafdruk en het bezoek in dit rapport zijn niet bekend bij uw teams.",
                              "The fingerprint and visit in this report are not known to your teams."),
                "unknown"), None
    if str(visit.fields.get("fingerprint") or "") != printed.fingerprint:
        return (evidence.Check("fingerprint", evidence.FAILED,
                              f"Dit rapport noemt bezoek {visit.visit_id} van zaak {visit.case_number}, maar "
                              "met een andere vingerafdruk dan dat afgeronde bezoek heeft.",
                              f"This report names visit {visit.visit_id} of case {visit.case_number}, but "
                              "with another fingerprint than that finalized visit has."),
                "fingerprint_differs"), None
    which = (visit.visit_id, visit.case_number)
    return (evidence.Check("fingerprint", evidence.OK,
                           "Vingerafdruk bekend: afgerond bezoek {} van zaak {}.".format(*which),
                           "Fingerprint known: finalized visit {} of case {}.".format(*which)), ""), visit


def _content(state: str, nl: str, en: str) -> evidence.Check:
    return evidence.Check("content", state, nl, en)


def _content_check(data: bytes, visit: Frozen, lang: str, sigs: pdf_evidence.Signatures | None
                   ) -> Coded:
    """Is the file the report as the server renders it from the frozen document (with all addenda,
    or with fewer: a copy printed before the later ones)?"""
    total = len(visit.addenda)
    same_nl = "Het bestand is byte voor byte het rapport van dit afgeronde bezoek"
    same_en = "The file is byte for byte the report of this finalized visit"
    for held in range(total, max(-1, total - MAX_RENDERS), -1):
        original = visit.render(lang, held)
        later = total - held
        since_nl = f" Sindsdien zijn er {later} aanvulling(en) vastgelegd." if later else ""
        since_en = f" Since then {later} addendum/addenda were recorded." if later else ""
        if data == original:
            return _content(evidence.OK, f"{same_nl}.{since_nl}", f"{same_en}.{since_en}"), ""
        if sigs is not None and pdf_evidence.signed_as_printed(data, original, sigs):
            return _content(evidence.OK, f"{same_nl}, met één handtekening erna.{since_nl}",
                            f"{same_en}, followed by one signature.{since_en}"), ""
        if data.startswith(original):
            return _content(evidence.FAILED, "Het bestand begint met het rapport van dit bezoek, maar er is "
                            "daarna iets aan toegevoegd (een wijziging bovenop het rapport).",
                            "The file starts with the report of this visit, but something was added after "
                            "it (a change on top of the report)."), "added_after"
    return _content(evidence.FAILED, "De inhoud verschilt van het rapport van dit afgeronde bezoek: het "
                    "bestand is gewijzigd.", "The content differs from the report of this finalized visit: "
                    "the file was changed."), "content_differs"


def examine(web: Web, data: bytes) -> Examination:
    """Every check of the uploaded ``data``, in the order the page lists them."""
    try:
        printed = pdf_evidence.printed(data)
    except ValidationError:
        return Examination(False, "not_pdf", checks=[evidence.Check(
            "pdf", evidence.FAILED, "Dit bestand is geen (leesbare) PDF.",
            "This file is not a (readable) PDF.")])
    signer: ReportSigner | None = web.request.app.state.report_signer
    sigs: pdf_evidence.Signatures | None = None
    try:
        sigs = pdf_evidence.signatures(data, signer.trust_roots if signer else [])
        signature = pdf_evidence.check_signature(sigs, trust_given=signer is not None,
                                                 trusted_as=web.pick("the municipality's certificate",
                                                                     "certificaat van de gemeente"))
    except pdf_evidence.LibraryMissing as exc:
        signature = evidence.Check("pdf_signature", evidence.UNCHECKED, exc.nl, exc.en)
    except ValidationError:
        signature = evidence.Check("pdf_signature", evidence.FAILED, "De opbouw van de PDF is beschadigd.",
                                   "The PDF's structure is damaged.")
    known, visit = _fingerprint_check(web, printed)
    coded = [known, *([_content_check(data, visit, printed.lang, sigs)] if visit is not None else []),
             (signature, "signature_failed")]
    failed = [code for check, code in coded if check.state == evidence.FAILED]
    return Examination(not failed, failed[0] if failed else "genuine", printed, visit,
                       [check for check, _code in coded])


def _page(web: Web, status: int = 200, **context: object) -> Response:
    return web.render("genuine.html", status, max_mb=MAX_PDF // 2**20, **context)


@routes.get("/echtheid")
def form(web: Viewer) -> Response:
    return _page(web)


@routes.post("/echtheid")
def check(web: Poster) -> Response:
    upload = web.upload("file")
    if upload is None or not upload.filename:
        return _page(web, 400, problem=web.pick("Choose a PDF file.", "Kies een PDF-bestand."))
    data = upload.file.read(MAX_PDF + 1)
    if len(data) > MAX_PDF:
        return _page(web, 400, problem=web.pick(f"The file is larger than {MAX_PDF // 2**20} MB.",
                                                f"Het bestand is groter dan {MAX_PDF // 2**20} MB."))
    result = examine(web, data)
    target = result.visit.visit_id if result.visit else (result.printed.visit_id if result.printed else "")
    web.log("check_report", target or "-", f"result:{result.code}"
            + (f"; case:{result.visit.case_id}" if result.visit else ""))
    return _page(web, result=result, filename=upload.filename[:200],
                 checks=[(c.state, c.message(web.lang)) for c in result.checks])
