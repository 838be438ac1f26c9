"""AVG article 15 (right of access): everything the server holds about one BSN, as a ZIP for the privacy
officer, with a readable summary.

What counts as held about a BSN: every person record with that BSN (also one set aside, ``deleted``),
the cases they are in, and everything of those cases: address, persons, visits with their answers,
photos, follow-ups and addenda, the audit entries about any of them, each finalized visit's frozen
document (and its report as the server renders it), the photo files the visits refer to, and the
access log entries about those cases and visits (who looked at them). Other cases are never read.

Other people in the same case (a partner, a co-resident) are not the data subject (AVG art. 15 lid 4):
their BSN is masked everywhere in the ZIP (``******333``), and the summary tells the privacy officer to
weigh their data before handing the export over. The ZIP's name holds no BSN. Exporting is written to
the access log by the caller (``beheer/privacy.py``, the command ``inspector-server avg-export``):
who, the masked BSN, when.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from typing import Any

import sqlalchemy as sa

from .. import validation
from ..ids import short_id
from .admin import ADMIN
from .blobs import fetch
from .db import Database, records, teams
from .errors import ApiError
from .storage import BlobStore

_KINDS = ("cases", "addresses", "persons", "visits", "answers", "attachments", "followups", "addenda",
          "audit")


@dataclass
class Held:
    """What the server holds about one BSN."""

    bsn: str
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # per entity
    team_names: dict[str, str] = field(default_factory=dict)  # case id -> team
    views: list[dict[str, Any]] = field(default_factory=list)  # access log entries about them

    @property
    def masked(self) -> str:
        return validation.mask_bsn(self.bsn)

    @property
    def case_ids(self) -> list[str]:
        return [r["id"] for r in self.records.get("cases", [])]

    def count(self, entity: str) -> int:
        return len(self.records.get(entity, []))

    @property
    def others(self) -> set[str]:
        """The BSNs of the other persons in these cases (masked in the export)."""
        return {str(p["data"].get("bsn")) for p in self.records.get("persons", [])
                if p["data"].get("bsn") and p["data"].get("bsn") != self.bsn}


def normalize(text: str) -> str:
    """A BSN as typed (spaces, dots, 8 digits) as its 9 digits; ValueError when it is not a valid BSN."""
    digits = "".join(c for c in text if c.isdigit())
    if len(text.strip()) > 20 or not 8 <= len(digits) <= 9:
        raise ValueError(text)
    digits = digits.zfill(9)
    if not validation.is_valid_bsn(digits):
        raise ValueError(text)
    return digits


def find(db: Database, bsn: str) -> Held:
    """Everything held about ``bsn`` (9 digits, checked), read across every team."""
    from .beheer.tables import access_log  # the back office's table; this module is used by it too

    held = Held(bsn)
    with db.read() as conn:
        case_ids: list[str] = []
        for row in conn.execute(sa.select(records.c.case_id, records.c.data).where(
                records.c.entity == "persons", records.c.data.like(f'%"bsn":"{bsn}"%'))):
            if json.loads(row.data).get("bsn") == bsn and row.case_id not in case_ids:
                case_ids.append(row.case_id)
        if not case_ids:
            return held
        names = {int(r.id): str(r.name) for r in conn.execute(sa.select(teams.c.id, teams.c.name))}
        rows = conn.execute(sa.select(records).where(records.c.case_id.in_(case_ids),
                                                     records.c.entity.in_(_KINDS))
                            .order_by(records.c.rev)).all()
        for r in rows:
            held.records.setdefault(r.entity, []).append(
                {"id": r.id, "case_id": r.case_id, "deleted": bool(r.deleted), "rev": int(r.rev),
                 "modified_at": r.modified_at, "modified_by": r.modified_by, "data": json.loads(r.data)})
            if r.entity == "cases":
                held.team_names[r.id] = names.get(int(r.team_id), "")
        targets = case_ids + [v["id"] for v in held.records.get("visits", [])]
        for part in range(0, len(targets), 500):
            held.views += [dict(e._mapping) for e in conn.execute(
                sa.select(access_log).where(access_log.c.target.in_(targets[part:part + 500]))
                .order_by(access_log.c.id))]
    return held


def _scrub(text: str, others: set[str]) -> str:
    for other in others:
        text = text.replace(other, validation.mask_bsn(other))
    return text


def _json(value: Any, others: set[str]) -> bytes:
    return _scrub(json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True), others).encode("utf-8")


def export(db: Database, store: BlobStore, held: Held, requested_by: str) -> bytes:
    """The ZIP for the privacy officer: overzicht.html, gegevens.json, documenten/, rapporten/, fotos/."""
    from .beheer.reports import NoReport, build  # the report as the back office renders it

    others = held.others
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        data = {"format": "inspector-avg-inzage", "version": 1, "exported_at": now,
                "requested_by": requested_by, "bsn": held.bsn, "records": held.records,
                "teams": held.team_names, "access_log": held.views}
        zf.writestr("gegevens.json", _json(data, others))
        reports: dict[str, str] = {}
        for visit in held.records.get("visits", []):
            snapshot = visit["data"].get("snapshot")
            if snapshot:
                zf.writestr(f"documenten/bezoek-{visit['id']}.json",
                            _json(json.loads(str(snapshot)), others))
                try:
                    report = build(db, store, ADMIN, visit["id"], "nl")
                except NoReport:
                    continue
                name = f"rapporten/{report.filename[:-4]}-{short_id(visit['id'])}.pdf"
                zf.writestr(name, report.pdf)
                reports[visit["id"]] = name
        photos: dict[str, str] = {}
        for attachment in held.records.get("attachments", []):
            sha = str(attachment["data"].get("sha256") or "")
            if not sha or sha in photos:
                continue
            ext = "png" if attachment["data"].get("mime") == "image/png" else "jpg"
            try:
                zf.writestr(f"fotos/{sha}.{ext}", b"".join(fetch(db, store, lambda _c: ADMIN, sha)[1]))
            except (ApiError, FileNotFoundError):
                continue
            photos[sha] = f"fotos/{sha}.{ext}"
        zf.writestr("overzicht.html", _scrub(_summary(held, now, requested_by, reports, photos), others))
    return buf.getvalue()


def filename() -> str:
    """A name for the ZIP without any personal data."""
    return f"avg-inzage-{datetime.now(UTC).strftime('%Y%m%d-%H%M%S')}.zip"


def _summary(held: Held, now: str, requested_by: str, reports: dict[str, str],
             photos: dict[str, str]) -> str:
    """The readable summary (Dutch, plain HTML that opens in any browser)."""
    def row(*cells: object) -> str:
        return "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in cells) + "</tr>"

    parts = [f"""<!doctype html><html lang="nl"><head><meta charset="utf-8">
<title>Inzageverzoek AVG art. 15</title><style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;
line-height:1.4}} table{{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}}
td,th{{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}} th{{background:#eef}}
.note{{background:#fff6dd;padding:.6rem 1rem;border-left:4px solid #e0a000}}</style></head><body>
<h1>Inzageverzoek (AVG artikel 15)</h1>
<p>Alle gegevens die de Inspector-server bewaart over BSN <strong>{escape(held.bsn)}</strong>, samengesteld op
{escape(now)} (UTC) door {escape(requested_by)}.</p>
<p class="note">Gegevens van andere personen in dezelfde zaken (AVG art. 15 lid 4): hun BSN is in dit hele
bestand gemaskeerd; weeg hun overige gegevens (namen, verklaringen, foto's) voordat u dit verstrekt.
Kopieën op laptops van toezichthouders vallen onder de bewaartermijn van de laptops en staan hier niet in.</p>
<h2>Inhoud</h2><table><tr><th>Onderdeel</th><th>Aantal</th></tr>"""]
    for label, entity in (("Zaken", "cases"), ("Personen", "persons"), ("Adressen", "addresses"),
                          ("Bezoeken", "visits"), ("Antwoorden", "answers"), ("Foto's en handtekeningen",
                                                                             "attachments"),
                          ("Vervolgacties", "followups"), ("Aanvullingen", "addenda"),
                          ("Auditregels (wie wijzigde wat, wanneer)", "audit")):
        parts.append(row(label, held.count(entity)))
    parts.append(row("Inzagelogboek (wie bekeek deze zaken)", len(held.views)))
    parts.append(row("Rapporten (PDF, map rapporten/)", len(reports)))
    parts.append(row("Fotobestanden (map fotos/)", len(photos)))
    parts.append("</table>")
    addresses = {a["id"]: a["data"] for a in held.records.get("addresses", [])}
    for case in held.records.get("cases", []):
        d = case["data"]
        addr = addresses.get(str(d.get("address_id") or ""), {})
        place = " ".join(str(addr.get(k) or "")
                         for k in ("straat", "huisnummer", "postcode", "woonplaats")).strip()
        parts.append(f"<h2>Zaak {escape(str(d.get('number') or ''))}</h2><table>")
        parts.append(row("Team", held.team_names.get(case["id"], "")))
        parts.append(row("Domein", d.get("domain", "")))
        parts.append(row("Omschrijving", d.get("title", "")))
        parts.append(row("Adres", place or "—"))
        parts.append(row("Redelijke grond", d.get("ground_facts", "") or "—"))
        parts.append("</table><h3>Personen</h3><table><tr><th>Wie</th><th>Rol</th><th>BSN</th>"
                     "<th>Geboortedatum</th></tr>")
        for p in held.records.get("persons", []):
            if p["case_id"] != case["id"]:
                continue
            pd = p["data"]
            if pd.get("bsn") == held.bsn:
                name = " ".join(str(pd.get(k) or "") for k in ("voornamen", "voorvoegsel", "geslachtsnaam"))
                parts.append(row(name.strip() + (" (verwijderd)" if p["deleted"] else ""), pd.get("role", ""),
                                 held.bsn, pd.get("birth_date", "")))
            else:
                parts.append(row("andere persoon", pd.get("role", ""),
                                 validation.mask_bsn(str(pd.get("bsn") or "")), "—"))
        parts.append("</table><h3>Bezoeken</h3><table><tr><th>Type</th><th>Gepland</th><th>Status</th>"
                     "<th>Afgerond</th><th>Vingerafdruk</th><th>Ontvangstbewijs</th><th>Rapport</th></tr>")
        for v in held.records.get("visits", []):
            if v["case_id"] != case["id"]:
                continue
            vd = v["data"]
            parts.append(row(vd.get("template_id", ""), vd.get("planned_at", ""), vd.get("status", ""),
                             vd.get("finalized_at", "") or "—", vd.get("fingerprint", "") or "—",
                             "ja" if vd.get("receipt") else "nee", reports.get(v["id"], "—")))
        parts.append("</table>")
    parts.append("<h2>Wie bekeek deze gegevens</h2><table><tr><th>Wanneer (UTC)</th><th>Wie</th>"
                 "<th>Wat</th></tr>")
    for e in held.views:
        parts.append(row(e.get("at", ""), e.get("username", ""), e.get("action", "")))
    parts.append("</table><p>Alle records staan volledig in <code>gegevens.json</code>; vastgelegde "
                 "documenten van afgeronde bezoeken in <code>documenten/</code>.</p></body></html>")
    return "\n".join(parts)
