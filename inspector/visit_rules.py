"""What a visit must say before it can be finalized: the one place for those rules.

Pure functions over a visit, its template and its answers (no storage). ``ws.visits.missing`` lists
what they find, ``ws.visits.finalize`` refuses while anything is listed, and the UI shows the same
list ("Nog te doen"). Each finding names its step and the field it concerns, in Dutch and English.

The rules (DOMAIN.md §1, §2, §9):
- the reasonable ground: concrete facts, a source, a date not after the day the visit started, and why
  a lighter means does not suffice (``validation.ground_problems``);
- the observed moments: rang the bell, entered (only when consent was given), left; their order
  rang ≤ entered ≤ left ≤ finalized, identification shown before entering, and a caution given lies
  inside the visit;
- no contradictions and no gaps: an outcome that asks for a referral, a signal or (a sanction) the
  Tafel van Elf cause and the LHS cell has them; an exclusive option ("Geen") stands alone; a caution
  given has its wording; a consent form not signed has its reason; consent given was understood;
  a signal has its legal basis.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from . import templates, validation
from .model import Answer, ConsentStatus, RoomState, Visit, VisitStatus


@dataclass(frozen=True)
class Missing:
    """Something a visit still lacks (or says wrongly) before it can be finalized, and where."""

    step: str
    code: str
    nl: str
    en: str
    item_id: str = ""
    room: str = ""
    field: str = ""

    def message(self, lang: str = "nl") -> str:
        return self.en if lang == "en" else self.nl


def start_day(visit: Visit, zone: dt.tzinfo) -> dt.date | None:
    """The day (in the municipality's zone) the visit started: rang the bell, else "Bezoek starten"."""
    moment = validation.moment_value(visit.rang_at or visit.started_at)
    return moment.astimezone(zone).date() if moment else None


def ground_findings(visit: Visit, tpl: templates.Template, zone: dt.tzinfo) -> list[Missing]:
    """The ground's problems; for a visit type that does not require a ground only a date after the start."""
    g = visit.ground
    problems = validation.ground_problems(g.facts, g.source, g.date, g.why_not_lighter,
                                          start_day(visit, zone))
    if not tpl.requires_ground:  # an optional ground: only a date after the start is wrong
        problems = [e for e in problems if e.code == "ground_date_after_start"]
    return [Missing("preparation", e.code, e.nl, e.en, field=e.field or "") for e in problems]


_MOMENTS = (("rang_at", "Aangebeld", "Rang the bell"), ("entered_at", "Binnengetreden", "Entered"),
            ("ended_at", "Vertrokken", "Left"))


def moment_findings(visit: Visit, finalized_at: str) -> list[Missing]:
    """The observed moments of a started visit: present where they must be, and in order."""
    out: list[Missing] = []
    consent = visit.consent.status
    labels = {name: (nl, en) for name, nl, en in _MOMENTS}

    def add(code: str, field: str, nl: str, en: str) -> None:
        out.append(Missing("access", code, nl, en, field=field))

    if not visit.rang_at:
        add("rang_at_missing", "rang_at", "Aangebeld: leg vast wanneer u aanbelde.",
            "Rang the bell: record when you rang the bell.")
    if consent == ConsentStatus.GIVEN.value and not visit.entered_at:
        add("entered_at_missing", "entered_at", "Binnengetreden: leg vast wanneer u de woning binnenging.",
            "Entered: record when you entered the home.")
    if consent == ConsentStatus.REFUSED.value and visit.entered_at:
        add("entered_at_refused", "entered_at",
            "Binnengetreden is ingevuld, maar de toegang is geweigerd. Maak het tijdstip leeg of "
            "corrigeer de toestemming.",
            "Entered is filled in, but access was refused. Clear the time or correct the consent.")
    if not visit.ended_at:
        add("ended_at_missing", "ended_at", "Vertrokken: leg vast wanneer u de woning verliet.",
            "Left: record when you left the premises.")
    chain = [(name, validation.moment_value(getattr(visit, name))) for name, _nl, _en in _MOMENTS]
    chain.append(("finalized_at", validation.moment_value(finalized_at)))
    known = [(name, moment) for name, moment in chain if moment is not None]
    for (first, a), (second, b) in zip(known, known[1:], strict=False):
        if a > b:
            if second == "finalized_at":
                add("moment_after_finalizing", first,
                    f"{labels[first][0]} ligt na het moment van afronden. Corrigeer het tijdstip.",
                    f"{labels[first][1]} lies after the moment of finalizing. Correct the time.")
            else:
                add("moment_order", second,
                    f"{labels[second][0]} ligt vóór {labels[first][0].lower()}. Corrigeer de tijdstippen "
                    "(aangebeld, binnengetreden, vertrokken).",
                    f"{labels[second][1]} lies before {labels[first][1].lower()}. Correct the times "
                    "(rang the bell, entered, left).")
    shown, entered = validation.moment_value(visit.id_shown_at), validation.moment_value(visit.entered_at)
    if visit.id_shown and shown is not None and entered is not None and shown > entered:
        add("id_after_entering", "id_shown_at",
            "De legitimatie is na het binnentreden getoond; die moet vóór het binnentreden worden getoond "
            "(Awbi art. 1). Corrigeer het tijdstip.",
            "Identification was shown after entering; it must be shown before entering (Awbi art. 1). "
            "Correct the time.")
    caution = visit.caution
    if caution.given:
        at = validation.moment_value(caution.at)
        rang, left = validation.moment_value(visit.rang_at), validation.moment_value(visit.ended_at)
        if at is None:
            add("caution_at_missing", "caution_at", "Cautie: leg vast wanneer de cautie is gegeven.",
                "Caution: record when the caution was given.")
        elif (rang is not None and at < rang) or (left is not None and at > left):
            add("caution_outside_visit", "caution_at",
                "Het tijdstip van de cautie ligt buiten het bezoek (tussen aanbellen en vertrekken). "
                "Corrigeer het tijdstip.",
                "The time of the caution lies outside the visit (between ringing the bell and leaving). "
                "Correct the time.")
    return out


def consent_findings(visit: Visit) -> list[Missing]:
    """Gaps in the recorded consent and caution."""
    out: list[Missing] = []
    consent = visit.consent
    if consent.status and not consent.form_signed and not consent.form_not_signed_reason.strip():
        out.append(Missing(
            "access", "consent_form_reason", "Toestemmingsformulier niet ondertekend: noteer waarom niet.",
            "Consent form not signed: record why not.", field="form_not_signed_reason"))
    if consent.status == ConsentStatus.GIVEN.value and not consent.understood:
        out.append(Missing(
            "access", "consent_not_understood",
            "Toestemming: niet vastgelegd dat de cliënt de tekst heeft begrepen. Vink dat aan (zo nodig "
            "met een tolk); begreep de cliënt de tekst niet, dan is er geen geldige toestemming.",
            "Consent: it is not recorded that the client understood the text. Tick it (with an "
            "interpreter if needed); if the client did not understand, there is no valid consent.",
            field="understood"))
    if visit.caution.given and not visit.caution.text.strip():
        out.append(Missing("access", "caution_wording",
                           "Cautie gegeven, maar de formulering ontbreekt. Leg de woorden van de cautie "
                           "vast.",
                           "Caution given, but its wording is missing. Record the words of the caution.",
                           field="caution_text"))
    return out


def room_findings(visit: Visit, room_label: dict[str, str]) -> list[Missing]:
    """Per viewed room who of the persons present opened or showed it (DOMAIN.md §2.8)."""
    out: list[Missing] = []
    present = {p.name for p in visit.present}
    for code, state in visit.rooms.items():
        if state != RoomState.VIEWED.value:
            continue
        label = room_label.get(code, code)
        opener = visit.room_openers.get(code, "")
        if not opener:
            out.append(Missing("access", "room_opener",
                               f"Ruimte {label}: leg vast wie van de aanwezigen de ruimte opende of liet "
                               "zien.",
                               f"Room {label}: record which of the persons present opened or showed it.",
                               room=code, field="room_openers"))
        elif opener not in present:
            out.append(Missing("access", "room_opener_absent",
                               f"Ruimte {label}: '{opener}' staat niet (meer) bij de aanwezigen.",
                               f"Room {label}: '{opener}' is not (any longer) among the persons present.",
                               room=code, field="room_openers"))
    return out


def answer_findings(tpl: templates.Template, answers: Iterable[Answer],
                    room_label: dict[str, str]) -> list[Missing]:
    """Multi-choice answers that combine an exclusive option ("Geen") with another one."""
    out: list[Missing] = []
    for answer in answers:
        try:
            item = tpl.item(answer.item_id)
        except (KeyError, ValueError, LookupError):
            continue
        chosen = answer.value if isinstance(answer.value, list) else []
        if item.type != "multichoice" or len(chosen) < 2:
            continue
        for option in item.options:
            if option.exclusive and option.code in chosen:
                where = f" ({room_label.get(answer.room, answer.room)})" if answer.room else ""
                out.append(Missing(
                    "checklist", "exclusive_option",
                    f"{item.label.nl}{where}: '{option.label.nl}' kan niet samen met een andere keuze. "
                    f"Kies '{option.label.nl}' of de andere keuzes.",
                    f"{item.label.en}{where}: '{option.label.en}' cannot go together with another choice. "
                    f"Choose '{option.label.en}' or the other choices.", answer.item_id, answer.room,
                    field=answer.item_id))
    return out


def outcome_findings(visit: Visit, tpl: templates.Template) -> list[Missing]:
    """What the chosen outcome asks for, and signals without their legal basis."""
    out: list[Missing] = []
    outcome = next((o for o in tpl.outcomes if o.code == visit.outcome), None)
    if outcome is not None:
        name_nl, name_en = outcome.label.nl, outcome.label.en
        if outcome.needs == "referral" and not visit.referrals:
            out.append(Missing("outcome", "outcome_needs_referral",
                               f"Uitkomst '{name_nl}' zonder doorverwijzing: voeg de doorverwijzing toe.",
                               f"Outcome '{name_en}' without a referral: add the referral.",
                               field="referrals"))
        if outcome.needs == "signal" and not visit.signals:
            out.append(Missing("outcome", "outcome_needs_signal",
                               f"Uitkomst '{name_nl}' zonder signaal: voeg het signaal toe.",
                               f"Outcome '{name_en}' without a signal: add the signal.", field="signals"))
        if outcome.needs == "sanction" and not visit.toe_causes:
            out.append(Missing("outcome", "sanction_needs_cause",
                               f"Uitkomst '{name_nl}' is een sanctie: kies de oorzaak volgens de Tafel van "
                               "Elf.",
                               f"Outcome '{name_en}' is a sanction: choose the cause by the Table of Eleven.",
                               field="toe_causes"))
        if outcome.needs == "sanction" and tpl.uses_lhs and not visit.lhs_cell:
            out.append(Missing("outcome", "sanction_needs_lhs",
                               f"Uitkomst '{name_nl}' is een sanctie: kies de cel in de LHS-matrix.",
                               f"Outcome '{name_en}' is a sanction: choose the cell in the LHS matrix.",
                               field="lhs_cell"))
    for n, signal in enumerate(visit.signals, 1):
        if not signal.legal_basis.strip():
            out.append(Missing("outcome", "signal_legal_basis",
                               f"Signaal {n} ({signal.target}): de wettelijke grondslag ontbreekt.",
                               f"Signal {n} ({signal.target}): the legal basis is missing.", field="signals"))
    return out


def zone_of(name: str) -> dt.tzinfo:
    """The municipality's time zone (Europe/Amsterdam when the setting is unknown)."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("Europe/Amsterdam")


def started(visit: Visit) -> bool:
    return visit.status != VisitStatus.PLANNED.value
