"""Everything the report shows, as plain data in one language (``ReportData``).

``from_document`` reads only a visit's document (``snapshot.visit_document``): the frozen one of a
finalized visit, or one built on the spot for a draft. It resolves every code to words in the
report language, so that ``pdf.render`` needs no database, no template and no settings. Photos and
the signature travel as the stored bytes, a photo as its stored print version where there is one
(or a ``PrintSlot`` that version is read into while the report is laid out); print versions that are
missing are made while rendering, off the database lane. ``ws.reports.collect`` picks the document of
a visit in a workspace (database lane).
"""

from __future__ import annotations

import threading
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .. import evidence, validation
from ..attachments import print_side
from ..display import format_address
from ..errors import StorageError, ValidationError
from ..model import ConsentStatus
from ..snapshot import DEFAULT_TIMEZONE, PHOTO_MAX_SIDE, PHOTO_QUALITY
from ..templates import NOT_APPLICABLE
from .texts import text, yes_no

Blob = Callable[[str], "bytes | None"]
# A stored print version by photo hash, target long side, JPEG quality and the side it is made at:
# its bytes and their SHA-256 (hex), checked when read; or a slot its bytes are read into later.
Printed = Callable[[str, int, int, int], "tuple[bytes, str] | PrintSlot | None"]
SLOT_WAIT = 600.0  # seconds a report waits for a print version to be read before it gives up


class PrintSlot:
    """A stored print version still to be read, known by its pixel size: the report lays the photo out
    by its size and waits for its bytes only where it draws it, while the database lane reads them
    (``ws.reports.read_prints``). Whoever reads calls ``done`` (with the error when reading failed)."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.error: BaseException | None = None
        self._ready = threading.Event()

    @property
    def is_done(self) -> bool:
        return self._ready.is_set()

    def done(self, error: BaseException | None = None) -> None:
        self.error = error
        self._ready.set()

    def wait(self) -> None:
        """Until the bytes are read; raises what reading raised."""
        if not self._ready.wait(SLOT_WAIT):
            raise StorageError(
                "print_not_read", "De foto's voor het rapport konden niet op tijd worden gelezen. Probeer "
                "het opnieuw; er is niets gewijzigd.",
                "The photos for the report could not be read in time. Try again; nothing was changed.")
        if self.error is not None:
            raise self.error


@dataclass
class Municipality:
    name: str
    address_lines: list[str] = field(default_factory=list)
    logo: bytes | None = None  # None: the neutral default mark in resources/branding/


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
    data: bytes  # the stored image (b"" when ``printed`` is given); pdf.render embeds its print version
    width: int = 0
    height: int = 0
    printed: bytes | None = None  # its stored print version (checked by hash); None: made from ``data``
    printed_sha256: str = ""  # the SHA-256 (hex) of ``printed``: it names the image in the PDF
    markup: list[dict[str, Any]] = field(default_factory=list)  # drawn over the print (inspector.markup)
    # Its stored print version while it is being read: ``printed`` (or else ``data``) is set before the
    # slot is done. None: ``printed``/``data`` are there already.
    pending: PrintSlot | None = None


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
    fingerprint: str = ""


@dataclass
class FollowUpLine:
    action: str
    owner: str
    due_date: str  # formatted


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
    signed_by: str = ""  # the signing device and its key, as the footer names them
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
    room_openers: dict[str, str] = field(default_factory=dict)  # room label -> who opened or showed it
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
    followup_line: bool = True  # the single "Vervolg" line (see snapshot.report_settings)
    followups: list[FollowUpLine] | None = None  # vervolgacties; None: a document from before them
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


def answer_words(item: dict[str, Any], value: Any, lang: str, photo_numbers: dict[str, int],
                 zone: zoneinfo.ZoneInfo | None = None) -> str:
    """An answer as words in the report language: yes/no, option labels, dates dd-mm-jjjj (``item``: a
    document's item, with its type and option labels)."""
    if value is None or value == "" or value == []:
        return text("no_answer", lang)
    if value == NOT_APPLICABLE:
        return text("not_applicable", lang)
    kind = item.get("type", "text")
    if kind == "yesno":
        key = {"ja": "yes", "nee": "no", "onbekend": "unknown"}.get(str(value))
        return text(key, lang) if key else str(value)
    if kind in ("choice", "multichoice"):
        labels = item.get("options", {})
        codes = value if isinstance(value, list) else [value]
        return ", ".join(_pick(labels.get(str(c)), lang) or str(c) for c in codes)
    if kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return _number(value, lang)
    if kind in ("date", "datetime"):
        return format_moment(str(value), zone)
    if kind == "photo":
        ids = value if isinstance(value, list) else [value]
        numbers = sorted(photo_numbers[i] for i in ids if i in photo_numbers)
        return text("photo_ref", lang, numbers=", ".join(str(n) for n in numbers)) if numbers \
            else text("no_answer", lang)
    return str(value)


def _pick(words: Any, lang: str) -> str:
    """A {"nl": …, "en": …} text of a document in ``lang`` (Dutch for anything but English)."""
    if not isinstance(words, dict):
        return "" if words is None else str(words)
    return str(words.get("en" if lang == "en" else "nl") or "")


def _role(code: str, lang: str) -> str:
    try:
        return text(f"role_{code}", lang)
    except KeyError:
        return code


# --- from a document ---------------------------------------------------------------------------
def from_document(doc: dict[str, Any], lang: str, blob: Blob, *, draft: bool, fingerprint: str = "",
                  fingerprint_ok: bool = True, signer: tuple[str, str] | None = None,
                  addenda: list[dict[str, Any]] | None = None, printed: Printed | None = None) -> ReportData:
    """The report of the visit ``doc`` describes, in ``lang``; ``blob`` gives a photo's bytes by hash.
    ``signer``: the signing device's name and key id; ``addenda``: what each addendum says
    (created_at, author, text, base_fingerprint, fingerprint); ``printed``: a photo's stored print
    version, or a slot it is read into later, so that the photo itself is not read (None: the server,
    which makes them)."""
    lang = "en" if lang == "en" else "nl"
    settings = doc.get("report", {})
    zone = report_zone(str(settings.get("timezone") or DEFAULT_TIMEZONE))
    signed_by = text("signed_by", lang, device=signer[0] or "?", key_id=signer[1]) if signer else ""
    show_bsn = bool(settings.get("show_bsn"))
    tpl, v, case = doc["template"], doc["visit"], doc.get("case") or {}
    municipality = doc.get("municipality") or {}

    def fmt(value: str) -> str:
        return format_moment(value, zone)

    def bsn(value: str) -> str:
        return value if show_bsn else validation.mask_bsn(value)

    data = ReportData(
        lang=lang, municipality=Municipality(str(municipality.get("name") or "") or text("municipality",
                                                                                         lang),
                                             list(municipality.get("address_lines") or []),
                                             evidence.decode_logo(str(municipality.get("logo") or ""))),
        visit_id=doc["visit_id"], case_number=str(case.get("number") or ""), template_id=tpl["id"],
        template_version=int(tpl["version"]), report_type=_pick(tpl["title"], lang), draft=draft,
        fingerprint=fingerprint, fingerprint_ok=fingerprint_ok, signed_by=signed_by,
        addenda=[AddendumLine(format_moment(a["created_at"], zone), a["author"], a["text"],
                              a["base_fingerprint"], a.get("fingerprint", "")) for a in addenda or []],
        photo_max_side=int(settings.get("photo_max_side") or PHOTO_MAX_SIDE),
        photo_quality=int(settings.get("photo_quality") or PHOTO_QUALITY))
    if not draft:
        data.finalized_at, data.finalized_by = fmt(v.get("finalized_at", "")), v.get("finalized_by", "")
    persons = doc.get("persons") or []
    data.subjects = [Person(validation.PersonName(p.get("voornamen") or "", p.get("voorvoegsel") or "",
                                                  p.get("geslachtsnaam") or "").display(),
                            _role(str(p.get("role") or ""), lang), bsn(str(p.get("bsn") or "")))
                     for p in persons]
    by_id = {p.get("id"): p for p in persons}
    data.officers = [OfficerLine(o.get("name", ""), _role(o.get("role", ""), lang), o.get("appointment", ""))
                     for o in v.get("officers", [])]
    data.requires_ground = bool(tpl.get("requires_ground"))
    g = v.get("ground") or {}
    data.ground = {"facts": g.get("facts", ""), "source": g.get("source", ""), "date": fmt(g.get("date", "")),
                   "why_not_lighter": g.get("why_not_lighter", "")}
    address = doc.get("address")
    data.address = format_address(address)
    data.bag_id = str((address or {}).get("bag_id") or "")
    data.announced = bool(v.get("announced"))
    # Documents before rang_at was recorded printed the moment "Bezoek starten" was pressed.
    rang = v["rang_at"] if "rang_at" in v else v.get("started_at", "")
    data.times = {"planned": fmt(v.get("planned_at", "")), "rang": fmt(rang),
                  "entered": fmt(v.get("entered_at", "")), "left": fmt(v.get("ended_at", ""))}
    data.present = [Person(p.get("name", ""), _role(p.get("role", ""), lang),
                           bsn(str(by_id[p["person_id"]].get("bsn") or "")) if p.get("person_id") in by_id
                           else "", bool(p.get("id_checked"))) for p in v.get("present", [])]
    data.id_shown, data.id_shown_at = bool(v.get("id_shown")), fmt(v.get("id_shown_at", ""))
    consent = v.get("consent") or {}
    refused = consent.get("status") == ConsentStatus.REFUSED.value
    data.consent = {
        "status": consent.get("status", ""), "by": consent.get("by", ""), "at": fmt(consent.get("at", "")),
        "text": consent.get("text_shown", ""), "text_lang": consent.get("text_lang", "nl"),
        "understood": consent.get("understood", True), "interpreter": consent.get("interpreter", ""),
        "form_signed": consent.get("form_signed", False),
        "form_not_signed_reason": consent.get("form_not_signed_reason", ""),
        "consequences_explained": consent.get("consequences_explained", False),
        "cupboards": consent.get("cupboards_consent", False), "photos": consent.get("photo_consent", False)}
    data.refused = refused
    c = v.get("caution") or {}
    data.caution = {"recorded": bool(c.get("given")) or bool(c.get("not_needed_reason")),
                    "given": bool(c.get("given")), "at": fmt(c.get("at", "")), "text": c.get("text", ""),
                    "not_needed_reason": c.get("not_needed_reason", "")}
    data.rooms = [(_room_label(r, lang), r["state"]) for r in doc.get("rooms", [])]
    openers = v.get("room_openers") or {}
    data.room_openers = {_room_label(r, lang): openers[r["code"]] for r in doc.get("rooms", [])
                         if openers.get(r["code"])}
    photos = doc.get("photos", [])
    photo_numbers = {p["id"]: int(p["number"]) for p in photos}
    if not refused:
        data.observations = _observations(doc, lang, photo_numbers, zone)
    data.photo_consent = bool(consent.get("photo_consent"))
    if data.photo_consent:
        for p in photos:
            sha, width, height = p["sha256"], int(p.get("width") or 0), int(p.get("height") or 0)
            side = print_side(width, height, data.photo_max_side)
            ready = printed(sha, data.photo_max_side, data.photo_quality, side) if printed else None
            stored = b"" if ready is not None else blob(sha)
            if stored is None:
                continue
            photo = Photo(int(p["number"]), p.get("caption", ""), sha, stored, width, height,
                          markup=list(p.get("markup") or []))
            if isinstance(ready, PrintSlot):
                photo.pending = ready
            elif ready is not None:
                photo.printed, photo.printed_sha256 = ready
            data.photos.append(photo)
    st = v.get("statement") or {}
    data.statement = {"text": st.get("text", ""), "read_back": st.get("read_back", False),
                      "signed": st.get("signed", False), "not_signed_reason": st.get("not_signed_reason", ""),
                      "copy_given": st.get("copy_given", False)}
    signature = doc.get("signature")
    if st.get("signed") and signature:
        data.signature = blob(signature["sha256"])
    data.summary, data.conclusion = v.get("summary", ""), v.get("conclusion", "")
    data.outcome = _pick(v["outcome"]["label"], lang) if v.get("outcome") else ""
    data.causes = [Cause(c["code"], _pick(c["label"], lang), _pick(c["group"], lang))
                   for c in v.get("toe_causes", [])]
    data.uses_lhs = bool(tpl.get("uses_lhs"))
    if v.get("lhs"):
        lhs = v["lhs"]
        data.lhs = {"cell": lhs["cell"], "behaviour": _pick(lhs["behaviour"], lang),
                    "consequence": _pick(lhs["consequence"], lang),
                    "intervention": _pick(lhs["intervention"], lang)}
    data.referrals = [ReferralLine(_pick(r.get("label"), lang) or r.get("kind", ""),
                                   bool(r.get("consent_handover")), r.get("handed_to", ""), r.get("note", ""))
                      for r in v.get("referrals", [])]
    data.signals = [SignalLine(_pick(s.get("label"), lang) or s.get("target", ""), s.get("legal_basis", ""),
                               s.get("note", "")) for s in v.get("signals", [])]
    data.followup_date, data.followup_note = fmt(v.get("followup_date", "")), v.get("followup_note", "")
    data.followup_line = bool(data.followup_date or data.followup_note
                              or settings.get("single_followup", True))
    if "followups" in doc:  # a visit finalized before they existed prints as it did
        data.followups = [FollowUpLine(f["action"], f["owner"], fmt(f["due_date"])) for f in doc["followups"]]
    return data


def _observations(doc: dict[str, Any], lang: str, photo_numbers: dict[str, int],
                  zone: zoneinfo.ZoneInfo | None) -> list[ObservationGroup]:
    answers = {a["id"]: a for a in doc.get("answers", [])}
    items = doc.get("items", {})
    rooms = {r["code"]: _room_label(r, lang) for r in doc.get("rooms", [])}
    groups = []
    for group in doc.get("observations", []):
        lines = []
        for line in group["lines"]:
            item = items.get(line["item"], {})
            answer = answers.get(line["answer"]) if line.get("answer") else None
            value = answer["value"] if answer else None
            lines.append(Observation(_pick(item.get("label"), lang),
                                     answer_words(item, value, lang, photo_numbers, zone),
                                     answer["note"] if answer else "", str(item.get("regulation") or "")))
        room = group.get("room") or ""
        groups.append(ObservationGroup(rooms.get(room) or room if room else "", lines))
    return groups


def _room_label(room: dict[str, Any], lang: str) -> str:
    """A room's name as printed; a room the checklist did not list says so."""
    label = _pick(room["label"], lang)
    return f"{label} ({text('room_added', lang)})" if room.get("added") else label


def consent_lang_label(code: str, lang: str) -> str:
    """The language the consent text was read in, in words."""
    return text("lang_en", lang) if code == "en" else text("lang_nl", lang)


__all__ = ["ReportData", "from_document", "answer_words", "format_moment", "consent_lang_label",
           "yes_no"]
