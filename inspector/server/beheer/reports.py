"""Finalized reports in the back office: the server renders a finalized visit's rapport van
bevindingen from its frozen document (the snapshot the laptop sealed), exactly as the laptop does:
the same ``report.from_document`` and ``report.render``, the same photos (by hash), the same
fingerprint check and signer line, the same addenda — so the PDF is byte for byte the laptop's."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter
from fastapi.responses import Response

from ... import evidence
from ...report import from_document, render
from ..auth import Caller
from ..blobs import fetch
from ..db import Database, records
from ..errors import ApiError
from ..report_signing import ReportSigner
from ..seals import document, server_public_key
from ..storage import BlobStore
from .web import PREFIX, PageError, Viewer


@dataclass(frozen=True)
class Report:
    pdf: bytes
    filename: str
    case_id: str


class NoReport(Exception):
    """The visit is not in the caller's teams, not finalized, or finalized without a frozen document
    (release 0.1); ``reason`` says which, in English and Dutch."""

    def __init__(self, en: str, nl: str) -> None:
        super().__init__(en)
        self.en, self.nl = en, nl


def said(fields: dict[str, Any]) -> dict[str, Any]:
    """What an addendum says: its frozen document's words (the record's, for an unsealed one); as the
    laptop's ``Evidence.said``."""
    fingerprint = str(fields.get("fingerprint") or "")
    sealed = {}
    if evidence.fingerprint_format(fingerprint) >= 2:
        sealed = json.loads(str(fields.get("snapshot") or "{}"))
    words = {name: sealed.get(name, fields.get(name)) for name in
             ("created_at", "author", "text", "base_fingerprint")}
    return {**words, "fingerprint": fingerprint}


def _record(conn: sa.Connection, entity: str, record_id: str) -> Any:
    return conn.execute(sa.select(records).where(records.c.entity == entity,
                                                 records.c.id == record_id)).first()


@dataclass(frozen=True)
class Frozen:
    """A finalized visit in the caller's teams, with what its report renders from."""

    visit_id: str
    case_id: str
    case_number: str
    template_id: str
    document: dict[str, Any]
    fields: dict[str, Any]  # the visit record's fields (fingerprint, signature, receipt …)
    verdict: evidence.Verdict
    addenda: list[dict[str, Any]]  # oldest first
    blob: Callable[[str], bytes | None]

    def render(self, lang: str, addenda: int | None = None) -> bytes:
        """The report in ``lang`` with the first ``addenda`` addenda (all by default): the laptop's
        PDF as it printed it when it held those."""
        extra = self.addenda if addenda is None else self.addenda[:addenda]
        verdict = self.verdict
        data = from_document(self.document, lang, self.blob, draft=False,
                             fingerprint=str(self.fields.get("fingerprint") or ""),
                             fingerprint_ok=verdict.state("fingerprint") == evidence.OK,
                             signer=(verdict.signing_device, verdict.signing_key_id)
                             if verdict.signing_key_id else None, addenda=[said(a) for a in extra])
        return render(data)


def frozen(db: Database, store: BlobStore, caller: Caller, visit_id: str) -> Frozen:
    """The finalized visit ``visit_id`` of the caller's teams, ready to render. Raises ``NoReport``."""
    with db.read() as conn:
        row = _record(conn, "visits", visit_id)
        if row is None or row.deleted or not caller.can_see_team(int(row.team_id)):
            raise NoReport("This visit was not found, or it is not part of your teams.",
                           "Dit bezoek is niet gevonden, of het hoort niet bij uw teams.")
        visit = json.loads(row.data)
        case_row = _record(conn, "cases", row.case_id)
        addenda = conn.execute(sa.select(records.c.data, records.c.rev).where(
            records.c.entity == "addenda", records.c.parent_id == visit_id,
            records.c.deleted.is_(False))).all()
        server_key = server_public_key(conn)
    doc = document(visit) if visit.get("status") in ("finalized", "synced") else None
    if doc is None:
        raise NoReport("This visit has no frozen report: it is not finalized, or it was finalized by "
                       "release 0.1 (its report is on the laptop that made it).",
                       "Dit bezoek heeft geen vastgelegd rapport: het is niet afgerond, of het is afgerond "
                       "met versie 0.1 (het rapport staat op de laptop die het maakte).")
    verdict = evidence.verdict(evidence.KIND_VISIT, visit_id, visit, server_key=server_key,
                               expect_receipt=visit.get("status") == "synced")
    extra = sorted((json.loads(a.data) for a in addenda), key=lambda d: str(d.get("created_at") or ""))

    def blob(sha256: str) -> bytes | None:
        try:
            return b"".join(fetch(db, store, lambda _conn: caller, sha256)[1])
        except (ApiError, FileNotFoundError):
            return None

    number = json.loads(case_row.data).get("number", "") if case_row is not None else ""
    return Frozen(visit_id, str(row.case_id), str(number), str(doc["template"]["id"]), doc, visit, verdict,
                  extra, blob)


def build(db: Database, store: BlobStore, caller: Caller, visit_id: str, lang: str) -> Report:
    """The PDF of a finalized visit in the caller's teams, in ``lang``. Raises ``NoReport``."""
    visit = frozen(db, store, caller, visit_id)
    safe = re.sub(r"[^A-Za-z0-9-]+", "_", f"{visit.case_number}-{visit.template_id}").strip("_") or "bezoek"
    return Report(visit.render(lang), f"rapport-{safe}.pdf", visit.case_id)


log = logging.getLogger("inspector.server")
routes = APIRouter(prefix=PREFIX, include_in_schema=False)


@routes.get("/bezoeken/{visit_id}/rapport.pdf")
def download(visit_id: str, web: Viewer) -> Response:
    """The report of a finalized visit as a download (logged: it shows personal data), with the
    municipality's PAdES signature when a certificate is configured."""
    try:
        report = build(web.db, web.request.app.state.store, web.caller, visit_id, web.lang)
    except NoReport as exc:
        raise PageError(404, exc.en, exc.nl, "No report", "Geen rapport") from exc
    signer: ReportSigner | None = web.request.app.state.report_signer
    pdf = report.pdf
    if signer is not None:
        try:
            pdf = signer.sign(report.pdf)
        except Exception as exc:  # noqa: BLE001 - never hand out an unsigned report where one is promised
            log.exception("signing a report failed", exc_info=exc)
            raise PageError(500, "The report could not be signed with the municipality's certificate; "
                            "tell the administrator.", "Het rapport kon niet worden ondertekend met het "
                            "certificaat van de gemeente; meld het de beheerder.", "Not signed",
                            "Niet ondertekend") from exc
    web.log("download_report", visit_id, f"case:{report.case_id}; lang:{web.lang}"
            + ("; signed" if signer is not None else ""))
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{report.filename}"'})
