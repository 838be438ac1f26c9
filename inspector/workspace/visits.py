"""``ws.visits``: the visit workflow rules.

planned → in_progress → finalized (→ synced). Recording operations need a started visit;
nothing changes a finalized visit except an addendum that references its fingerprint.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from typing import TYPE_CHECKING, Any

from .. import frameworks, records, templates, validation, visit_rules
from ..errors import ValidationError, WorkflowError
from ..model import (
    OFFICER_ROLES,
    AddedRoom,
    Answer,
    Attachment,
    Caution,
    Changes,
    Consent,
    ConsentStatus,
    Ground,
    MarkupShape,
    Officer,
    PresentPerson,
    Referral,
    RoomState,
    Signal,
    Statement,
    Visit,
    VisitRow,
    VisitStatus,
    dumps,
    utc_now,
)
from ..records import ROOM_LABEL_MAX, from_row
from ..snapshot import DEFAULT_TIMEZONE
from ..store import queries
from ..visit_rules import Missing
from .part import Part

if TYPE_CHECKING:
    from ..attachments import ImportedImage, ImportSettings

VISIT_PLAN_FIELDS = {"planned_at", "announced", "officers"}
VISIT_TIME_FIELDS = {"started_at", "rang_at", "entered_at", "ended_at"}
MOMENT_FIELDS = ("rang_at", "entered_at", "ended_at")  # observed: rang the bell, entered, left
STEPS = ("preparation", "access", "checklist", "photos", "statement", "outcome", "finalize")


def _wf(code: str, nl: str, en: str, details: object = None) -> WorkflowError:
    return WorkflowError(code, nl, en, details=details)


class Visits(Part):
    """Visit operations; every write validates, is audited, and returns what changed."""

    # --- reading --------------------------------------------------------------------------
    def get(self, visit_id: str) -> Visit:
        row = self.repo.get("visits", visit_id)
        if row is None or row["deleted"]:
            raise _wf("visit_not_found", "Dit bezoek bestaat niet (meer).",
                      "This visit does not exist (any more).")
        return from_row(Visit, row)

    def template(self, visit: Visit) -> templates.Template:
        """The visit's checklist as it uses it: the template's version, with the rooms added to it."""
        return templates.with_added_rooms(templates.get_template(visit.template_id, visit.template_version),
                                          visit.added_rooms)

    def answers(self, visit_id: str) -> list[Answer]:
        return [from_row(Answer, r)
                for r in self.repo.find("answers", visit_id=visit_id)]

    def answer_map(self, visit_id: str) -> dict[str, Any]:
        """item_id → value, and item_id → {room: value} for per-room items (for skip logic)."""
        return self.answer_map_of(self.template(self.get(visit_id)), self.answers(visit_id))

    @staticmethod
    def answer_map_of(tpl: templates.Template, answers: list[Answer]) -> dict[str, Any]:
        """``answer_map`` of the ``answers`` of a visit that uses ``tpl`` (read already)."""
        out: dict[str, Any] = {}
        for a in answers:
            item = _item_or_none(tpl, a.item_id)
            if item is not None and item.per_room:
                out.setdefault(a.item_id, {})[a.room] = a.value
            else:
                out[a.item_id] = a.value
        return out

    def attachments(self, visit_id: str, kind: str | None = "photo") -> list[Attachment]:
        only = {"kind": kind} if kind else {}
        return [from_row(Attachment, r)
                for r in self.repo.find("attachments", "number, rowid", visit_id=visit_id, **only)]

    def blob(self, sha256: str) -> bytes | None:
        return self.repo.get_blob(sha256)

    def find(self, *, case_id: str | None = None, date_from: str | None = None,
             date_to: str | None = None, statuses: tuple[str, ...] = ()) -> list[VisitRow]:
        """Visits, optionally of one case, planned within [date_from, date_to) or of some statuses."""
        return queries.list_visits(self.repo, case_id=case_id, date_from=date_from, date_to=date_to,
                                   statuses=statuses)

    def ids(self) -> list[str]:
        return queries.visit_ids(self.repo)

    def audit_trail(self, entity_id: str) -> list[dict[str, Any]]:
        """Every recorded change of a record (a visit, an answer, a case …), oldest first."""
        return queries.audit_trail(self.repo, entity_id)

    # --- guards ---------------------------------------------------------------------------
    def _open_visit(self, visit_id: str, *, started: bool = True) -> Visit:
        visit = self.get(visit_id)
        if visit.is_locked:
            raise _wf("visit_locked",
                      "Dit bezoek is afgerond en kan niet meer worden gewijzigd. Voeg een aanvulling "
                      "(addendum) toe als er iets moet worden gecorrigeerd.",
                      "This visit is finalized and cannot be changed. Add an addendum if something "
                      "needs correcting.")
        if started and visit.status == VisitStatus.PLANNED.value:
            raise _wf("visit_not_started", "Start eerst het bezoek.", "Start the visit first.")
        return visit

    def _set(self, visit_id: str, changes: dict[str, Any], reason: str = "") -> Changes:
        self.repo.update("visits", visit_id, changes, self.actor, reason)
        return Changes.VISITS

    # --- planning and preparation ---------------------------------------------------------
    def plan(self, case_id: str, template_id: str, planned_at: str = "", *,
                   announced: bool = False, officers: list[Officer] | None = None) -> Visit:
        """Plan a visit of a case with the current version of a checklist template."""
        case = self.ws.cases.get(case_id)
        tpl = templates.get_template(template_id)
        if tpl.domain != case.domain:
            raise ValidationError(
                "template_domain",
                f"Bezoektype {tpl.id} hoort bij domein {tpl.domain}, de zaak bij {case.domain}.",
                f"Visit type {tpl.id} belongs to domain {tpl.domain}, the case to {case.domain}.",
                field="template_id")
        if officers is None:
            p = self.ws.settings.profile()
            officers = [Officer(p.name, p.appointment)] if p.name else []
        row = self.repo.insert("visits", {
            "case_id": case_id, "template_id": tpl.id, "template_version": tpl.version,
            "status": VisitStatus.PLANNED.value, "planned_at": planned_at, "announced": announced,
            "officers": officers, "ground": case.ground}, self.actor)
        return from_row(Visit, row)

    def update(self, visit_id: str, **fields: Any) -> Changes:
        """Change planning data (planned_at, announced, officers) or the recorded times."""
        unknown = set(fields) - VISIT_PLAN_FIELDS - VISIT_TIME_FIELDS
        if unknown:
            raise ValueError(f"not an editable visit field: {sorted(unknown)}")
        visit = self._open_visit(visit_id, started=False)
        if fields.keys() & VISIT_TIME_FIELDS and visit.status == VisitStatus.PLANNED.value:
            raise _wf("visit_not_started", "Start eerst het bezoek.", "Start the visit first.")
        for name in fields.keys() & VISIT_TIME_FIELDS:
            fields[name] = self._moment(fields[name]) if fields[name] else ""
        if "officers" in fields:
            fields["officers"] = [o if isinstance(o, Officer) else Officer(**o)
                                  for o in fields["officers"]]
            if any(o.role not in OFFICER_ROLES for o in fields["officers"]):
                raise ValidationError("officer_role",
                                      "Kies per ambtenaar: toezichthouder of buitengewoon "
                                      "opsporingsambtenaar (boa).",
                                      "Choose per officer: supervisory officer (toezichthouder) or "
                                      "special investigating officer (boa).", field="officers")
        return self._set(visit_id, fields)

    def record_moment(self, visit_id: str, name: str, at: str | None = None, reason: str = "") -> Changes:
        """Record an observed moment (``rang_at``, ``entered_at``, ``ended_at``): now (``at`` None), a
        corrected time (an ISO stamp or dd-mm-jjjj uu:mm in the municipality's zone), or "" to clear it.
        Every change is audited (old and new value); the order is checked at finalizing."""
        if name not in MOMENT_FIELDS:
            raise ValueError(f"not an observed moment: {name!r}")
        visit = self._open_visit(visit_id)
        if name == "entered_at" and at != "" and visit.consent.status == ConsentStatus.REFUSED.value:
            raise _wf("entered_refused", "De toegang is geweigerd: er is geen moment van binnentreden.",
                      "Access was refused: there is no moment of entering.")
        value = "" if at == "" else self._moment(at) if at else utc_now()
        return self._set(visit_id, {name: value}, reason)

    def _zone(self) -> dt.tzinfo:
        return visit_rules.zone_of(str(self.repo.setting("report_timezone", DEFAULT_TIMEZONE)))

    def _moment(self, text: str) -> str:
        try:
            return validation.parse_moment(text, self._zone())
        except ValidationError as exc:
            raise ValidationError(exc.code, exc.nl, exc.en, field="moment") from None

    def set_ground(self, visit_id: str, ground: Ground) -> Changes:
        """Record the reasonable ground before the visit starts. It is the case's ground: it is written
        to the case and from there to every planned visit of the case (``follow_case_ground``)."""
        visit = self._open_visit(visit_id, started=False)
        if visit.status != VisitStatus.PLANNED.value:
            raise _wf("ground_after_start",
                      "De redelijke grond moet vóór het begin van het bezoek bekend zijn en kan nu "
                      "niet meer worden gewijzigd.",
                      "The reasonable ground must be known before the visit starts and can no longer "
                      "be changed.")
        if ground.date:
            ground.date = validation.parse_date(ground.date).iso()
        return self.ws.cases.update(visit.case_id, ground_facts=ground.facts, ground_source=ground.source,
                                    ground_date=ground.date, ground_why_not_lighter=ground.why_not_lighter)

    def follow_case_ground(self, case_id: str) -> Changes:
        """The case's ground onto every planned visit of the case: until a visit starts, its ground
        follows the case (added or changed after planning); a started visit keeps the one it started
        with. A case without any ground leaves its visits' grounds as they are."""
        ground = self.ws.cases.get(case_id).ground
        if not any(s.strip() for s in (ground.facts, ground.source, ground.date, ground.why_not_lighter)):
            return Changes.NONE
        changes = Changes.NONE
        for row in self.repo.find("visits", case_id=case_id, status=VisitStatus.PLANNED.value):
            if from_row(Visit, row).ground != ground:
                changes |= self._set(row["id"], {"ground": ground}, "ground of the case")
        return changes

    def start(self, visit_id: str, at: str | None = None) -> Changes:
        """Ring the bell: refused for visits that need a reasonable ground without one."""
        visit = self._open_visit(visit_id, started=False)
        if visit.status != VisitStatus.PLANNED.value:
            raise _wf("visit_already_started", "Dit bezoek is al gestart.",
                      "This visit has already started.")
        with self.repo.transaction():
            self.follow_case_ground(visit.case_id)  # a ground that reached the case by sync
            visit = self.get(visit_id)
            now = self._moment(at) if at else utc_now()
            tpl = self.template(visit)
            g = visit.ground
            if tpl.requires_ground and not any(s.strip() for s in (g.facts, g.source, g.date,
                                                                   g.why_not_lighter)):
                raise _wf("ground_missing",
                          "Een huisbezoek zonder redelijke grond is onrechtmatig. Leg eerst de feiten, de "
                          "bron, de datum en de reden waarom een lichter middel niet volstaat vast.",
                          "A home visit without a reasonable ground is unlawful. First record the facts, "
                          "the source, the date and why a lighter means does not suffice.")
            started = Visit(visit.case_id, visit.template_id, visit.template_version, ground=g,
                            started_at=now)
            problems = visit_rules.ground_findings(started, tpl, self._zone())
            if problems:
                lines_nl = "\n".join(f"• {m.nl}" for m in problems)
                lines_en = "\n".join(f"• {m.en}" for m in problems)
                raise _wf("ground_insufficient",
                          f"De redelijke grond houdt nog geen stand:\n{lines_nl}",
                          f"The reasonable ground does not hold up yet:\n{lines_en}", details=problems)
            return self._set(visit_id, {"status": VisitStatus.IN_PROGRESS.value, "started_at": now})

    # --- access and consent ---------------------------------------------------------------
    def record_id_shown(self, visit_id: str, shown: bool = True, at: str | None = None) -> Changes:
        """Identification shown (Awbi art. 1) and when, as observed; a typed time corrects it."""
        self._open_visit(visit_id)
        when = (self._moment(at) if at else utc_now()) if shown else ""
        return self._set(visit_id, {"id_shown": shown, "id_shown_at": when})

    def set_present(self, visit_id: str, present: list[PresentPerson]) -> Changes:
        self._open_visit(visit_id)
        for p in present:
            if not p.name.strip():
                raise ValidationError("present_name", "Vul de naam van elke aanwezige in.",
                                      "Enter the name of everyone present.", field="present")
        return self._set(visit_id, {"present": present})

    def consent_text(self, visit_id: str, lang: str = "nl") -> str:
        """The exact consent text to read out for this visit (depends on the ground)."""
        visit = self.get(visit_id)
        return self.template(visit).consent_text(visit.ground.is_complete()).get(lang)

    def record_consent(self, visit_id: str, status: str, by: str, *, lang: str = "nl",
                       understood: bool = False, interpreter: str = "", form_signed: bool = False,
                       form_not_signed_reason: str = "", consequences_explained: bool = False,
                       cupboards_consent: bool = False, photo_consent: bool = False,
                       at: str | None = None) -> Changes:
        """Consent given or refused at the door; the exact text shown is stored with it."""
        visit = self._open_visit(visit_id)
        if not visit.id_shown:
            raise _wf("id_not_shown", "Toon eerst uw legitimatie en noteer dat.",
                      "Show your identification first and record it.")
        if status not in {s.value for s in ConsentStatus}:
            raise ValueError(f"unknown consent status {status!r}")
        if not by.strip():
            raise ValidationError("consent_by", "Noteer wie toestemming gaf of weigerde.",
                                  "Record who gave or refused consent.", field="consent_by")
        refused = status == ConsentStatus.REFUSED.value
        if refused and not consequences_explained:
            raise _wf("consequences_not_explained",
                      "Ook bij een weigering moet u de gevolgen van weigeren uitleggen. Lees de tekst "
                      "voor en vink aan dat de gevolgen zijn uitgelegd.",
                      "A refusal still requires explaining the consequences of refusing. Read the text "
                      "and tick that the consequences were explained.")
        now = at or utc_now()
        consent = Consent(
            status=status, by=by.strip(), at=now, text_shown=self.consent_text(visit_id, lang),
            text_lang=lang, understood=understood, interpreter=interpreter.strip(),
            form_signed=form_signed, form_not_signed_reason=form_not_signed_reason.strip(),
            consequences_explained=consequences_explained,
            cupboards_consent=cupboards_consent and not refused,
            photo_consent=photo_consent and not refused)
        changes: dict[str, Any] = {"consent": consent}
        if refused:  # nobody entered, no room was viewed or opened
            changes.update(rooms={}, room_openers={}, entered_at="")
        return self._set(visit_id, changes)

    def set_rooms(self, visit_id: str, rooms: dict[str, str]) -> Changes:
        """Per room: viewed / refused / not applicable."""
        visit = self._open_visit(visit_id)
        states = {s.value for s in RoomState}
        for code, state in rooms.items():
            if state not in states or not code.strip():
                raise ValueError(f"bad room state {code!r}: {state!r}")
        if visit.consent.status != ConsentStatus.GIVEN.value and any(
                s == RoomState.VIEWED.value for s in rooms.values()):
            raise _wf("no_consent", "Zonder toestemming mag geen ruimte worden bekeken.",
                      "Without consent no room may be viewed.")
        openers = {code: name for code, name in visit.room_openers.items()
                   if rooms.get(code) == RoomState.VIEWED.value}
        return self._set(visit_id, {"rooms": dict(rooms), "room_openers": openers})

    def add_room(self, visit_id: str, kind: str = "", label: str = "", *, viewed: bool = False) -> str:
        """Add a room the checklist did not list (a second bathroom, an attic): of one of the checklist's
        room kinds (it gets that kind's per-room items) and/or with a name of its own; marked viewed when
        asked (that needs consent). Returns its code."""
        visit = self._open_visit(visit_id)
        tpl = self.template(visit)
        kinds = {r.code: r for r in templates.get_template(visit.template_id, visit.template_version).rooms}
        if kind and kind not in kinds:
            raise ValueError(f"template {tpl.id} has no room kind {kind!r}")
        name = " ".join(label.split())
        if not name and not kind:
            raise ValidationError("room_label", "Geef de ruimte een naam of kies een soort ruimte.",
                                  "Give the room a name or choose a kind of room.", field="added_rooms")
        name = name or templates.next_room_label(tpl, kind)
        if len(name) > ROOM_LABEL_MAX or validation.line_problem(name):
            raise ValidationError("room_label", f"De naam van een ruimte is hoogstens {ROOM_LABEL_MAX} "
                                  "tekens, zonder stuurtekens.", f"A room's name is at most {ROOM_LABEL_MAX} "
                                  "characters, without control characters.", field="added_rooms")
        taken = {r.label.nl.casefold() for r in tpl.rooms} | {r.label.en.casefold() for r in tpl.rooms}
        if name.casefold() in taken:
            raise ValidationError("room_exists", f"Er is al een ruimte '{name}'. Kies een andere naam "
                                  "(bijvoorbeeld met een nummer).", f"There is already a room '{name}'. "
                                  "Choose another name (for example with a number).", field="added_rooms")
        codes = {r.code for r in tpl.rooms}
        code = f"{kind or 'ruimte'}-{secrets.token_hex(3)}"
        while code in codes:  # pragma: no cover - one in 16 million
            code = f"{kind or 'ruimte'}-{secrets.token_hex(3)}"
        changes: dict[str, Any] = {"added_rooms": [*visit.added_rooms, AddedRoom(code, name, kind)]}
        if viewed:
            if visit.consent.status != ConsentStatus.GIVEN.value:
                raise _wf("no_consent", "Zonder toestemming mag geen ruimte worden bekeken.",
                          "Without consent no room may be viewed.")
            changes["rooms"] = {**visit.rooms, code: RoomState.VIEWED.value}
        self._set(visit_id, changes)
        return code

    def remove_room(self, visit_id: str, code: str, *, discard_answers: bool = False) -> Changes:
        """Remove a room added to the visit. A room with answers or notes is removed only when asked to
        discard them (each stays in the audit trail); otherwise WorkflowError ``room_has_answers``."""
        visit = self._open_visit(visit_id)
        if code not in {a.code for a in visit.added_rooms}:
            raise ValueError(f"room {code!r} was not added to visit {visit_id}")
        answered = [a for a in self.answers(visit_id) if a.room == code
                    and (a.value not in (None, "", []) or a.note.strip())]
        if answered and not discard_answers:
            raise _wf("room_has_answers",
                      f"In deze ruimte zijn {len(answered)} vragen beantwoord of van een notitie voorzien. "
                      "Bevestig dat die antwoorden vervallen, of laat de ruimte staan.",
                      f"{len(answered)} items were answered or noted in this room. Confirm that those "
                      "answers are discarded, or keep the room.")
        with self.repo.transaction():
            for a in self.answers(visit_id):
                if a.room == code:
                    self.repo.tombstone("answers", a.id, self.actor, "ruimte verwijderd / room removed")
            self._set(visit_id, {
                "added_rooms": [a for a in visit.added_rooms if a.code != code],
                "rooms": {c: s for c, s in visit.rooms.items() if c != code},
                "room_openers": {c: n for c, n in visit.room_openers.items() if c != code}})
        return Changes.VISITS | Changes.ANSWERS

    def set_room_openers(self, visit_id: str, openers: dict[str, str]) -> Changes:
        """Per viewed room: which of the persons present opened or showed it (DOMAIN.md §2.8)."""
        visit = self._open_visit(visit_id)
        present = {p.name for p in visit.present}
        clean: dict[str, str] = {}
        for code, name in openers.items():
            name = name.strip()
            if not name:
                continue
            if visit.rooms.get(code) != RoomState.VIEWED.value:
                raise ValidationError("opener_room_not_viewed",
                                      "Wie een ruimte opende, legt u alleen vast voor een bekeken ruimte.",
                                      "Who opened a room is recorded only for a room that was viewed.",
                                      field="room_openers")
            if name not in present:
                raise ValidationError("opener_not_present",
                                      f"'{name}' staat niet bij de aanwezigen. Kies iemand die aanwezig was "
                                      "of voeg de persoon toe aan de aanwezigen.",
                                      f"'{name}' is not among the persons present. Choose someone who was "
                                      "present or add the person to those present.", field="room_openers")
            clean[code] = name
        return self._set(visit_id, {"room_openers": clean})

    def record_caution(self, visit_id: str, given: bool, *, text: str | None = None,
                       not_needed_reason: str = "", lang: str = "nl", at: str | None = None) -> Changes:
        """Record the cautie (Awb 5:10a) or why it was not needed."""
        visit = self._open_visit(visit_id)
        if given:
            wording = text if text is not None else self.template(visit).caution_text.get(lang)
            caution = Caution(True, self._moment(at) if at else utc_now(), wording, "")
        else:
            if not not_needed_reason.strip():
                raise ValidationError("caution_reason", "Noteer waarom geen cautie nodig was.",
                                      "Record why no caution was needed.", field="caution")
            caution = Caution(False, "", "", not_needed_reason.strip())
        return self._set(visit_id, {"caution": caution})

    # --- checklist ------------------------------------------------------------------------
    def answer(self, visit_id: str, item_id: str, value: Any, *, room: str = "",
               note: str | None = None) -> Changes:
        """Answer a checklist item (validated for its type); a note may go with it."""
        visit = self._open_visit(visit_id)
        tpl = self.template(visit)
        item = _item_or_none(tpl, item_id)
        if item is None:
            raise ValueError(f"template {tpl.id} has no item {item_id!r}")
        if item.per_room and not room:
            raise ValueError(f"item {item_id} is asked per room; give a room")
        if not item.per_room:
            room = ""
        clean = None if value in (None, "", []) else templates.validate_answer(item, value)
        existing = self.repo.find("answers", visit_id=visit_id, item_id=item_id, room=room)
        fields: dict[str, Any] = {"value": clean}
        if note is not None:
            fields["note"] = note
        if existing:
            self.repo.update("answers", existing[0]["id"], fields, self.actor)
        else:
            self.repo.insert("answers", {"visit_id": visit_id, "item_id": item_id, "room": room,
                                         "note": note or "", "value": clean}, self.actor)
        return Changes.ANSWERS

    # --- photos ---------------------------------------------------------------------------
    def add_photo(self, visit_id: str, source: bytes | str | os.PathLike[str], *, item_id: str = "",
                  caption: str = "", settings: ImportSettings | None = None) -> Attachment:
        """Import a photo (decoded, rotated, downscaled, stripped) and store it; needs photo consent."""
        self._photo_consent(visit_id)
        from ..attachments import import_photo  # Pillow is imported on first photo, not at start-up

        image = import_photo(source, settings or self.import_settings())
        return self.add_imported_photos(visit_id, [image], item_id=item_id, caption=caption)[0]

    def import_settings(self) -> ImportSettings:
        from ..attachments import ImportSettings

        target, quality = self.ws.prints.setting()
        return ImportSettings(
            max_long_side=int(self.repo.setting("photo_max_long_side", 2560)),
            keep_location=bool(self.repo.setting("photo_keep_location", False)),
            print_max_side=target, print_quality=quality)

    def add_imported_photo(self, visit_id: str, image: ImportedImage, *,
                           item_id: str = "", caption: str = "") -> Attachment:
        """Store a photo decoded elsewhere (the UI decodes in a worker, then stores on the DB lane)."""
        return self.add_imported_photos(visit_id, [image], item_id=item_id, caption=caption)[0]

    def add_imported_photos(self, visit_id: str, images: list[ImportedImage], *,
                            item_id: str = "", caption: str = "") -> list[Attachment]:
        """Store photos imported together, numbered after the visit's existing photos in the order they
        were taken (``attachments.photo_order``), in one transaction. A number is given once and never
        changes: the report and every later import keep it."""
        from ..attachments import photo_order

        self._photo_consent(visit_id)
        with self.repo.transaction():
            return [self._store_attachment(visit_id, image, "photo", item_id, caption)
                    for image in sorted(images, key=photo_order)]

    def _photo_consent(self, visit_id: str) -> None:
        visit = self._open_visit(visit_id)
        if not visit.consent.photo_consent:
            raise _wf("no_photo_consent",
                      "Er is geen toestemming voor foto's vastgelegd. Vraag die eerst en leg hem vast.",
                      "No consent for photos has been recorded. Ask for it first and record it.")

    def _store_attachment(self, visit_id: str, image: ImportedImage, kind: str,
                          item_id: str, caption: str) -> Attachment:
        with self.repo.transaction():
            self.repo.put_blob(image.sha256, image.data, image.mime)
            if image.printed is not None:
                self.ws.prints.keep([(image.sha256, image.printed)])
            number = queries.next_number(self.repo, visit_id, kind)
            row = self.repo.insert("attachments", {
                "visit_id": visit_id, "kind": kind, "item_id": item_id, "sha256": image.sha256,
                "mime": image.mime, "width": image.width, "height": image.height,
                "caption": caption.strip(), "number": number, "taken_at": image.taken_at or ""},
                self.actor)
        return from_row(Attachment, row)

    def set_caption(self, attachment_id: str, caption: str) -> Changes:
        row = self._attachment_row(attachment_id)
        self._open_visit(row["visit_id"])
        self.repo.update("attachments", attachment_id, {"caption": caption.strip()}, self.actor)
        return Changes.ATTACHMENTS

    def set_markup(self, attachment_id: str, shapes: list[MarkupShape]) -> Changes:
        """Record the mark-up drawn over a photo (arrows, ellipses, rectangles, blurred regions).
        The photo's bytes never change: the report prints a version rendered from them and the
        mark-up (``inspector.markup``). Refused once the visit is finalized."""
        row = self._attachment_row(attachment_id)
        if row["kind"] != "photo":
            raise _wf("not_a_photo", "Alleen een foto kan worden gemarkeerd.",
                      "Only a photo can be marked up.")
        self._open_visit(row["visit_id"])
        try:
            records.check_value(records.ATTACHMENTS.field("markup"), dumps(shapes))
        except records.Invalid as exc:
            raise ValidationError("invalid_markup", f"De markering kan niet worden bewaard: {exc.nl}.",
                                  f"The mark-up cannot be saved: {exc.en}.", field="markup") from exc
        self.repo.update("attachments", attachment_id, {"markup": list(shapes)}, self.actor)
        return Changes.ATTACHMENTS

    def delete_photo(self, attachment_id: str, reason: str = "") -> Changes:
        """Remove a photo before finalizing (a tombstone; the audit keeps that it existed)."""
        row = self._attachment_row(attachment_id)
        self._open_visit(row["visit_id"])
        self.repo.tombstone("attachments", attachment_id, self.actor, reason)
        return Changes.ATTACHMENTS

    def _attachment_row(self, attachment_id: str) -> dict[str, Any]:
        row = self.repo.get("attachments", attachment_id)
        if row is None or row["deleted"]:
            raise _wf("attachment_not_found", "Deze foto bestaat niet (meer).",
                      "This photo does not exist (any more).")
        return row

    # --- statement ------------------------------------------------------------------------
    def record_statement(self, visit_id: str, text: str, *, read_back: bool = False,
                         signed: bool = False, signature_png: bytes | None = None,
                         not_signed_reason: str = "", copy_given: bool = False) -> Changes:
        """The client's statement in their own words, read back, signed or why not."""
        visit = self._open_visit(visit_id)
        sha = visit.statement.signature_sha256 if signed else ""
        image = None
        if signed and signature_png:
            from ..attachments import import_signature

            image = import_signature(signature_png)  # decoded before the transaction: no lock held
            sha = image.sha256
        statement = Statement(text=text, read_back=read_back, signed=signed and bool(sha),
                              signature_sha256=sha, not_signed_reason=not_signed_reason.strip(),
                              copy_given=copy_given)
        # One transaction: a kill never leaves the statement pointing at a signature it replaced.
        with self.repo.transaction():
            if image is not None:
                for old in self.attachments(visit_id, "signature"):
                    self.repo.tombstone("attachments", old.id, self.actor, "new signature")
                self._store_attachment(visit_id, image, "signature", "", "")
            return self._set(visit_id, {"statement": statement}) | Changes.ATTACHMENTS

    # --- outcome, referrals, signals, follow-up --------------------------------------------
    def set_outcome(self, visit_id: str, outcome: str, *, toe_causes: list[str] | None = None,
                    lhs_cell: str = "") -> Changes:
        """Outcome for the visit type, Tafel van Elf causes and (physical/OOV) the LHS cell."""
        visit = self._open_visit(visit_id)
        tpl = self.template(visit)
        if outcome and outcome not in {o.code for o in tpl.outcomes}:
            raise ValidationError("outcome_unknown", f"Onbekende uitkomst '{outcome}' voor {tpl.id}.",
                                  f"Unknown outcome '{outcome}' for {tpl.id}.", field="outcome")
        causes = sorted(set(toe_causes or []), key=lambda c: int(c[1:]) if c[1:].isdigit() else 99)
        for code in causes:
            if code not in frameworks.TAFEL_VAN_ELF:
                raise ValidationError("toe_unknown", f"Onbekende Tafel van Elf-dimensie '{code}'.",
                                      f"Unknown Table of Eleven dimension '{code}'.", field="toe_causes")
        cell = lhs_cell.strip().upper()
        if cell:
            if not tpl.uses_lhs:
                raise ValidationError("lhs_not_used", "De LHS-matrix geldt niet voor dit bezoektype.",
                                      "The LHS matrix does not apply to this visit type.",
                                      field="lhs_cell")
            if not frameworks.lhs_cell_valid(cell):
                raise ValidationError("lhs_invalid", f"'{cell}' is geen LHS-cel (A1 t/m D4).",
                                      f"'{cell}' is not an LHS cell (A1 to D4).", field="lhs_cell")
        return self._set(visit_id, {"outcome": outcome, "toe_causes": causes, "lhs_cell": cell})

    def add_referral(self, visit_id: str, kind: str, *, consent_handover: bool = False,
                     handed_to: str = "", note: str = "") -> Changes:
        """Refer the client to help (debt counselling, job coach, Wmo, Veilig Thuis, back-payment)."""
        visit = self._open_visit(visit_id)
        frameworks.referral_kind(kind)
        if handed_to.strip() and not consent_handover:
            raise _wf("handover_without_consent",
                      "Een warme overdracht mag alleen met toestemming van de cliënt. Vraag en noteer "
                      "die toestemming eerst.",
                      "A warm handover needs the client's consent. Ask for it and record it first.")
        referrals = visit.referrals + [Referral(kind, consent_handover, handed_to.strip(),
                                                note.strip(), utc_now())]
        return self._set(visit_id, {"referrals": referrals})

    def remove_referral(self, visit_id: str, index: int) -> Changes:
        visit = self._open_visit(visit_id)
        referrals = list(visit.referrals)
        del referrals[index]
        return self._set(visit_id, {"referrals": referrals})

    def add_signal(self, visit_id: str, target: str, *, legal_basis: str | None = None,
                   note: str = "") -> Changes:
        """A signal to another domain (BRP, fire service, housing, RIEC …) with its legal basis."""
        visit = self._open_visit(visit_id)
        info = frameworks.signal_target(target)
        basis = legal_basis if legal_basis is not None else frameworks.default_legal_basis(info)
        signals = visit.signals + [Signal(target, basis.strip(), note.strip(), utc_now())]
        return self._set(visit_id, {"signals": signals})

    def remove_signal(self, visit_id: str, index: int) -> Changes:
        visit = self._open_visit(visit_id)
        signals = list(visit.signals)
        del signals[index]
        return self._set(visit_id, {"signals": signals})

    def set_followup(self, visit_id: str, date: str, note: str = "") -> Changes:
        self._open_visit(visit_id)
        iso = validation.parse_date(date).iso() if date.strip() else ""
        return self._set(visit_id, {"followup_date": iso, "followup_note": note.strip()})

    def set_report_text(self, visit_id: str, *, summary: str | None = None,
                        conclusion: str | None = None) -> Changes:
        """The inspector's own summary and conclusion for the report."""
        self._open_visit(visit_id, started=False)
        changes: dict[str, Any] = {}
        if summary is not None:
            changes["summary"] = summary
        if conclusion is not None:
            changes["conclusion"] = conclusion
        return self._set(visit_id, changes)

    # --- completeness and finalizing ------------------------------------------------------
    def missing(self, visit_id: str, at: str | None = None) -> list[Missing]:
        """Everything that still blocks finalizing (at ``at``, default now), in step order: gaps,
        contradictions and moments out of order (``visit_rules``)."""
        visit = self.get(visit_id)
        tpl = self.template(visit)
        out: list[Missing] = []

        def need(step: str, code: str, nl: str, en: str, item: str = "", room: str = "") -> None:
            out.append(Missing(step, code, nl, en, item, room))

        if visit.status != VisitStatus.PLANNED.value or tpl.requires_ground:
            out += visit_rules.ground_findings(visit, tpl, self._zone())
        if not visit.officers:
            need("preparation", "officers", "Geen toezichthouders vastgelegd.", "No officers recorded.")
        if visit.status == VisitStatus.PLANNED.value:
            need("access", "not_started", "Het bezoek is nog niet gestart.", "The visit has not started.")
            return out
        out += visit_rules.moment_findings(visit, at or utc_now())
        if not visit.id_shown:
            need("access", "id_shown", "Legitimatie tonen is niet vastgelegd.",
                 "Showing identification is not recorded.")
        consent = visit.consent
        if not consent.status:
            need("access", "consent", "Toestemming (gegeven of geweigerd) is niet vastgelegd.",
                 "Consent (given or refused) is not recorded.")
        out += visit_rules.consent_findings(visit)
        refused = consent.status == ConsentStatus.REFUSED.value
        if consent.status == ConsentStatus.GIVEN.value:
            self._missing_inside(visit, tpl, need)
            labels = {r.code: r.label.nl for r in tpl.rooms}
            out += visit_rules.room_findings(visit, labels)
            out += visit_rules.answer_findings(tpl, self.answers(visit_id), labels)
        if not visit.outcome:
            need("outcome", "outcome", "Kies een uitkomst.", "Choose an outcome.")
        out += visit_rules.outcome_findings(visit, tpl)
        if refused and not consent.consequences_explained:
            need("access", "consequences", "Vastleggen dat de gevolgen van weigeren zijn uitgelegd.",
                 "Record that the consequences of refusing were explained.")
        order = {step: i for i, step in enumerate(STEPS)}
        return sorted(out, key=lambda m: order.get(m.step, len(STEPS)))

    def _missing_inside(self, visit: Visit, tpl: templates.Template, need: Any) -> None:
        if not visit.rooms:
            need("access", "rooms", "Leg per ruimte vast: bekeken, geweigerd of n.v.t.",
                 "Record per room: viewed, refused or not applicable.")
        if not visit.caution.given and not visit.caution.not_needed_reason:
            need("access", "caution", "Leg vast of de cautie is gegeven (of waarom niet nodig).",
                 "Record whether the caution was given (or why it was not needed).")
        viewed = [r for r, s in visit.rooms.items() if s == RoomState.VIEWED.value]
        room_names = {r.code: r.label for r in tpl.rooms}
        for item_id, room in templates.missing_required(tpl, self.answer_map(visit.id), viewed):
            item = tpl.item(item_id)
            name = room_names.get(room or "")  # the room's name, never its internal code
            where_nl = f" — {name.nl if name else room}" if room else ""
            where_en = f" — {name.en if name else room}" if room else ""
            need("checklist", "item", f"Verplicht: {item.label.nl}{where_nl}",
                 f"Required: {item.label.en}{where_en}", item_id, room or "")
        st = visit.statement
        if tpl.domain == "sociaal" and not st.text.strip():
            need("statement", "statement", "De verklaring ontbreekt.", "The statement is missing.")
        if st.text.strip():
            if not st.read_back:
                need("statement", "read_back", "Noteer dat de verklaring is voorgelezen.",
                     "Record that the statement was read back.")
            if not st.signed and not st.not_signed_reason:
                need("statement", "signature", "Laat de verklaring ondertekenen of noteer waarom niet.",
                     "Have the statement signed or record why not.")

    def finalize(self, visit_id: str, at: str | None = None) -> str:
        """Lock the visit as evidence: freeze its document, seal it with this laptop's key, and return
        its fingerprint. Refused while anything required is missing; the error lists exactly what."""
        self._open_visit(visit_id)
        now = at or utc_now()
        missing = self.missing(visit_id, now)
        if missing:
            lines_nl = "\n".join(f"• {m.nl}" for m in missing)
            lines_en = "\n".join(f"• {m.en}" for m in missing)
            raise _wf("incomplete", f"Het bezoek kan nog niet worden afgerond:\n{lines_nl}",
                      f"The visit cannot be finalized yet:\n{lines_en}", details=missing)
        with self.repo.transaction():
            # Only the moment of finalizing: the moment of leaving is what the inspector recorded.
            stamp = {"finalized_at": now, "finalized_by": self.actor}
            self.repo.update("visits", visit_id, stamp, self.actor)
            sealed = self.ws.evidence.seal(self.ws.evidence.document(visit_id))
            self.repo.update("visits", visit_id, {"status": VisitStatus.FINALIZED.value, **sealed.fields()},
                             self.actor, "finalized")
        return sealed.fingerprint


def _item_or_none(tpl: templates.Template, item_id: str) -> templates.Item | None:
    try:
        return tpl.item(item_id)
    except (KeyError, ValueError, LookupError):
        return None
