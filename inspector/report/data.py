"""Everything the report shows, read from a Workspace into plain data (``collect``).

``collect`` runs on the database lane; it resolves every code to words in the report language
(template items and outcomes, frameworks, roles) so that ``pdf.render`` needs no database and
no template. Photos and the signature travel as the stored bytes; the print versions are made
while rendering, off the database lane.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .. import frameworks, templates, validation
from ..errors import ValidationError
from ..model import Answer, ConsentStatus, RoomState, Visit
from ..workspace import Workspace, format_address
from .texts import text, yes_no

DEFAULT_TIMEZONE = "Europe/Amsterdam"
PHOTO_MAX_SIDE = 1600
PHOTO_QUALITY = 80


@dataclass
class Municipality:
    name: str
    address_lines: list[str] = field(default_factory=list)
    logo_path: str = ""  # empty: the neutral default mark in resources/branding/


@dataclass
class Person:
    name: str
    role: str  # in words
    bsn: str = ""  # masked unless the municipality shows it in full
    id_checked: bool = False


@dataclass
class OfficerLine:
    name: str
    role: str
    appointment: str


@dataclass
class Observation:
    label: str
    answer: str  # in words
    note: str
    regulation: str


@dataclass
class ObservationGroup:
    title: str  # "" for the items asked once per visit, else the room's label
    items: list[Observation]


@dataclass
class Photo:
    number: int
    caption: str
    sha256: str
    data: bytes  # the stored image; pdf.render embeds its print version
    width: int = 0
    height: int = 0


@dataclass
class Cause:
    code: str
    label: str
    group: str


@dataclass
class ReferralLine:
    kind: str
    consent_handover: bool
    handed_to: str
    note: str


@dataclass
class SignalLine:
    target: str
    legal_basis: str
    note: str


@dataclass
class AddendumLine:
    at: str
    author: str
    text: str
    base_fingerprint: str


@dataclass
class ReportData:
    """One visit's report content in one language; plain data, safe to hand to another thread."""

    lang: str
    municipality: Municipality
    visit_id: str
    case_number: str
    template_id: str
    template_version: int
    report_type: str
    draft: bool
    fingerprint: str = ""
    fingerprint_ok: bool = True
    finalized_at: str = ""
    finalized_by: str = ""
    subjects: list[Person] = field(default_factory=list)
    officers: list[OfficerLine] = field(default_factory=list)
    requires_ground: bool = False
    ground: dict[str, str] = field(default_factory=dict)  # facts, source, date, why_not_lighter
    address: str = ""
    bag_id: str = ""
    announced: bool = False
    times: dict[str, str] = field(default_factory=dict)  # planned, rang, entered, left (formatted)
    present: list[Person] = field(default_factory=list)
    id_shown: bool = False
    id_shown_at: str = ""
    consent: dict[str, Any] = field(default_factory=dict)
    refused: bool = False
    caution: dict[str, Any] = field(default_factory=dict)
    rooms: list[tuple[str, str]] = field(default_factory=list)  # (room label, RoomState code)
    observations: list[ObservationGroup] = field(default_factory=list)
    photo_consent: bool = False
    photos: list[Photo] = field(default_factory=list)
    statement: dict[str, Any] = field(default_factory=dict)
    signature: bytes | None = None
    summary: str = ""
    conclusion: str = ""
    outcome: str = ""
    causes: list[Cause] = field(default_factory=list)
    uses_lhs: bool = False
    lhs: dict[str, str] = field(default_factory=dict)  # cell, behaviour, consequence, intervention
    referrals: list[ReferralLine] = field(default_factory=list)
    signals: list[SignalLine] = field(default_factory=list)
    followup_date: str = ""
    followup_note: str = ""
    addenda: list[AddendumLine] = field(default_factory=list)
    photo_max_side: int = PHOTO_MAX_SIDE
    photo_quality: int = PHOTO_QUALITY


# --- formatting ------------------------------------------------------------------------------
def report_zone(name: str) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def format_moment(value: str, zone: zoneinfo.ZoneInfo | None) -> str:
    """dd-mm-jjjj or dd-mm-jjjj uu:mm; UTC stamps ("…Z") in the municipality's time zone."""
    value = (value or "").strip()
    if not value:
        return ""
    if "T" not in value:
        try:
            return validation.format_date(value)
        except (ValueError, ValidationError):
            return value
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    suffix = ""
    if moment.tzinfo is not None:
        if zone is None:
            moment, suffix = moment.astimezone(UTC), " UTC"
        else:
            moment = moment.astimezone(zone)
    return moment.strftime("%d-%m-%Y %H:%M") + suffix


def _number(value: float | int, lang: str) -> str:
    s = str(int(value)) if float(value).is_integer() else str(value)
    return s.replace(".", ",") if lang == "nl" else s


def answer_words(item: templates.Item, value: Any, lang: str, photo_numbers: dict[str, int],
                 zone: zoneinfo.ZoneInfo | None = None) -> str:
    """An answer as words in the report language: yes/no, option labels, dates dd-mm-jjjj."""
    if value is None or value == "" or value == []:
        return text("no_answer", lang)
    if item.type == "yesno":
        key = {"ja": "yes", "nee": "no", "onbekend": "unknown"}.get(str(value))
        return text(key, lang) if key else str(value)
    if item.type in ("choice", "multichoice"):
        labels = {o.code: o.label.get(lang) for o in item.options}
        codes = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(c), str(c)) for c in codes)
    if item.type == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return _number(value, lang)
    if item.type in ("date", "datetime"):
        return format_moment(str(value), zone)
    if item.type == "photo":
        ids = value if isinstance(value, list) else [value]
        numbers = sorted(photo_numbers[i] for i in ids if i in photo_numbers)
        return text("photo_ref", lang, numbers=", ".join(str(n) for n in numbers)) if numbers \
            else text("no_answer", lang)
    return str(value)


def _role(code: str, lang: str) -> str:
    try:
        return text(f"role_{code}", lang)
    except KeyError:
        return code


# --- collecting ------------------------------------------------------------------------------
def _municipality(ws: Workspace, lang: str) -> Municipality:
    raw = ws.setting("municipality", None) or {}
    name = str(raw.get("name") or "").strip() or text("municipality", lang)
    lines = raw.get("address_lines") or raw.get("address") or []
    if isinstance(lines, str):
        lines = lines.splitlines()
    return Municipality(name, [str(x) for x in lines if str(x).strip()], str(raw.get("logo") or ""))


def _observations(ws: Workspace, visit: Visit, tpl: templates.Template, lang: str,
                  photo_numbers: dict[str, int], zone: zoneinfo.ZoneInfo | None) -> list[ObservationGroup]:
    answers: dict[tuple[str, str], Answer] = {(a.item_id, a.room): a for a in ws.answers(visit.id)}
    amap = ws.answer_map(visit.id)
    asked = templates.relevant_ids(tpl, amap)
    effective = {k: v for k, v in amap.items() if k in asked}

    def line(item: templates.Item, room: str) -> Observation | None:
        a = answers.get((item.id, room))
        value = a.value if a else None
        if value in (None, "", []) and not item.required and not (a and a.note):
            return None
        return Observation(item.label.get(lang), answer_words(item, value, lang, photo_numbers, zone),
                           a.note if a else "", item.regulation)

    general = [o for item in tpl.items if not item.per_room and item.id in asked
               if (o := line(item, "")) is not None]
    groups = [ObservationGroup("", general)] if general else []
    viewed = {code for code, state in visit.rooms.items() if state == RoomState.VIEWED.value}
    answered_rooms = {room for (_, room) in answers if room}
    for room in tpl.rooms:
        if room.code not in viewed | answered_rooms:
            continue
        items = [o for item in tpl.items if item.per_room and item.id in asked
                 and templates.is_relevant(item, effective, room.code)
                 if (o := line(item, room.code)) is not None]
        if items:
            groups.append(ObservationGroup(room.label.get(lang), items))
    return groups


def collect(ws: Workspace, visit_id: str, lang: str = "nl") -> ReportData:
    """Read everything the report of ``visit_id`` shows, resolved to words in ``lang``."""
    lang = "en" if lang == "en" else "nl"
    visit = ws.visit(visit_id)
    case = ws.case(visit.case_id)
    tpl = ws.template_for(visit)
    zone = report_zone(str(ws.setting("report_timezone", DEFAULT_TIMEZONE)))
    show_bsn = bool(ws.setting("report_show_bsn", False))

    def fmt(value: str) -> str:
        return format_moment(value, zone)

    address = ws.address(case.address_id)

    photos_all = ws.attachments(visit_id, "photo")
    photo_numbers = {p.id: p.number for p in photos_all}
    consent = visit.consent
    refused = consent.status == ConsentStatus.REFUSED.value

    data = ReportData(
        lang=lang, municipality=_municipality(ws, lang), visit_id=visit.id, case_number=case.number,
        template_id=tpl.id, template_version=tpl.version, report_type=tpl.title.get(lang),
        draft=not visit.is_locked,
        photo_max_side=int(ws.setting("report_photo_max_side", PHOTO_MAX_SIDE)),
        photo_quality=int(ws.setting("report_photo_quality", PHOTO_QUALITY)))
    if visit.is_locked:
        data.fingerprint = visit.fingerprint
        data.fingerprint_ok = ws.verify_fingerprint(visit_id)
        data.finalized_at, data.finalized_by = fmt(visit.finalized_at), visit.finalized_by
        data.addenda = [AddendumLine(fmt(a.created_at), a.author, a.text, a.base_fingerprint)
                        for a in ws.addenda(visit_id)]

    def bsn(value: str) -> str:
        return value if show_bsn else validation.mask_bsn(value)

    persons = ws.persons(case.id)
    data.subjects = [Person(validation.PersonName(p.voornamen, p.voorvoegsel, p.geslachtsnaam).display(),
                            _role(p.role, lang), bsn(p.bsn)) for p in persons]
    by_id = {p.id: p for p in persons}
    data.officers = [OfficerLine(o.name, _role(o.role, lang), o.appointment) for o in visit.officers]
    data.requires_ground = tpl.requires_ground
    g = visit.ground
    data.ground = {"facts": g.facts, "source": g.source, "date": fmt(g.date),
                   "why_not_lighter": g.why_not_lighter}
    data.address = format_address(address)
    data.bag_id = (address.bag_id or "") if address else ""
    data.announced = visit.announced
    data.times = {"planned": fmt(visit.planned_at), "rang": fmt(visit.started_at),
                  "entered": fmt(visit.entered_at), "left": fmt(visit.ended_at)}
    data.present = [Person(p.name, _role(p.role, lang),
                           bsn(by_id[p.person_id].bsn) if p.person_id in by_id else "", p.id_checked)
                    for p in visit.present]
    data.id_shown, data.id_shown_at = visit.id_shown, fmt(visit.id_shown_at)
    data.consent = {
        "status": consent.status, "by": consent.by, "at": fmt(consent.at), "text": consent.text_shown,
        "text_lang": consent.text_lang, "understood": consent.understood,
        "interpreter": consent.interpreter, "form_signed": consent.form_signed,
        "form_not_signed_reason": consent.form_not_signed_reason,
        "consequences_explained": consent.consequences_explained,
        "cupboards": consent.cupboards_consent, "photos": consent.photo_consent}
    data.refused = refused
    c = visit.caution
    data.caution = {"recorded": c.given or bool(c.not_needed_reason), "given": c.given,
                    "at": fmt(c.at), "text": c.text, "not_needed_reason": c.not_needed_reason}
    labels = {r.code: r.label.get(lang) for r in tpl.rooms}
    order = {r.code: i for i, r in enumerate(tpl.rooms)}
    data.rooms = [(labels.get(code, code), state) for code, state in
                  sorted(visit.rooms.items(), key=lambda kv: (order.get(kv[0], 999), kv[0]))]
    if not refused:
        data.observations = _observations(ws, visit, tpl, lang, photo_numbers, zone)
    data.photo_consent = consent.photo_consent
    if consent.photo_consent:
        for p in photos_all:
            blob = ws.blob(p.sha256)
            if blob is not None:
                data.photos.append(Photo(p.number, p.caption, p.sha256, blob, p.width, p.height))
    st = visit.statement
    data.statement = {"text": st.text, "read_back": st.read_back, "signed": st.signed,
                      "not_signed_reason": st.not_signed_reason, "copy_given": st.copy_given}
    if st.signed and st.signature_sha256:
        data.signature = ws.blob(st.signature_sha256)
    data.summary, data.conclusion = visit.summary, visit.conclusion
    data.outcome = tpl.outcome(visit.outcome).label.get(lang) if visit.outcome else ""
    data.causes = [Cause(code, frameworks.TAFEL_VAN_ELF[code].label.get(lang),
                         frameworks.TAFEL_GROUPS[frameworks.TAFEL_VAN_ELF[code].group].label.get(lang))
                   for code in visit.toe_causes if code in frameworks.TAFEL_VAN_ELF]
    data.uses_lhs = tpl.uses_lhs
    if visit.lhs_cell and frameworks.lhs_cell_valid(visit.lhs_cell):
        cell = visit.lhs_cell
        data.lhs = {"cell": cell,
                    "behaviour": frameworks.LHS_BEHAVIOURS[cell[0]].label.get(lang),
                    "consequence": frameworks.LHS_CONSEQUENCES[cell[1]].label.get(lang),
                    "intervention": frameworks.lhs_intervention(cell).get(lang)}
    data.referrals = [ReferralLine(frameworks.REFERRAL_KINDS[r.kind].label.get(lang)
                                   if r.kind in frameworks.REFERRAL_KINDS else r.kind,
                                   r.consent_handover, r.handed_to, r.note) for r in visit.referrals]
    data.signals = [SignalLine(frameworks.SIGNAL_TARGETS[s.target].label.get(lang)
                               if s.target in frameworks.SIGNAL_TARGETS else s.target,
                               s.legal_basis, s.note) for s in visit.signals]
    data.followup_date, data.followup_note = fmt(visit.followup_date), visit.followup_note
    return data


def consent_lang_label(code: str, lang: str) -> str:
    """The language the consent text was read in, in words."""
    return text("lang_en", lang) if code == "en" else text("lang_nl", lang)


__all__ = ["ReportData", "collect", "answer_words", "format_moment", "consent_lang_label", "yes_no"]
