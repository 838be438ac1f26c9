"""Seed a realistic demo workspace: cases over every visit type, planned, running and finalized.

Only test BSNs from the 9999xxxxx range; photos are drawn here, not taken of anyone.
"""

from __future__ import annotations

import io
import random
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw

from . import templates, validation
from .model import PresentPerson
from .workspace import Workspace

SURNAMES = [("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("", "Bakker"), ("", "Visser"),
            ("", "Smit"), ("", "Meijer"), ("de", "Boer"), ("", "Mulder"), ("de", "Groot"),
            ("", "Bos"), ("", "Vos"), ("", "Peters"), ("", "Hendriks"), ("van", "Dijk"),
            ("", "Öztürk"), ("", "Yılmaz"), ("", "Çelik"), ("van der", "Linden"), ("", "Kramer")]
STREETS = [("Coördinatiestraat", "3511"), ("Kerkstraat", "3512"), ("Dorpsweg", "3521"),
           ("Stationsplein", "3531"), ("Lindelaan", "3542"), ("IJsselkade", "3552"),
           ("Zuiderparklaan", "3563"), ("Bloemstraat", "3572")]
SOURCES = {
    "sociaal": ["Melding Landelijke Aanpak Adreskwaliteit (LAA)", "Inlichtingenbureau: kentekenmatch",
                "Signaal wijkteam"],
    "fysiek": ["Brandweer: melding na incident", "Melding buren via meldpunt"],
    "oov": ["Rapportage energieverbruik netbeheerder", "Melding buren via meldpunt"],
}


LOCAL = ZoneInfo("Europe/Amsterdam")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _photo(n: int, label: str) -> bytes:
    """A drawn stand-in for a photo: a room-like scene with a caption."""
    img = Image.new("RGB", (1600, 1200), (200, 190 - n * 7 % 60, 170))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 800, 1600, 1200), fill=(120, 95, 70))
    draw.rectangle((200 + n * 40 % 400, 300, 700 + n * 40 % 400, 800), fill=(90, 110, 140))
    draw.rectangle((1000, 200, 1400, 600), outline=(255, 255, 255), width=12)
    draw.text((60, 60), f"Demo-foto {n}: {label}", fill=(0, 0, 0), font_size=64)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    return buf.getvalue()


def _sample_answer(item: templates.Item, rnd: random.Random) -> Any:
    if item.type == "yesno":
        return rnd.choice(["ja", "nee", "nee", "onbekend"])
    if item.type == "choice":
        return rnd.choice(item.options).code
    if item.type == "multichoice":
        return [item.options[0].code]
    if item.type == "number":
        low = int(item.min) if item.min is not None else 0
        high = int(item.max) if item.max is not None else low + 4
        return rnd.randint(low, min(high, low + 4))
    if item.type == "date":
        return "2026-10-01"
    if item.type == "datetime":
        return "2026-10-01T10:00"
    if item.type == "photo":
        return None
    return "Geen bijzonderheden waargenomen."


def _fill_checklist(ws: Workspace, visit_id: str, rnd: random.Random) -> None:
    visit = ws.visits.get(visit_id)
    tpl = ws.visits.template(visit)
    rooms = [r for r, s in visit.rooms.items() if s == "viewed"]
    for item in tpl.items:
        if not templates.is_relevant(item, ws.visits.answer_map(visit_id)):
            continue
        value = _sample_answer(item, rnd)
        if value is None:
            continue
        for room in (rooms if item.per_room else [""]):
            ws.visits.answer(visit_id, item.id, value, room=room)


def _outcome_for(tpl: templates.Template, rnd: random.Random) -> tuple[str, list[str], str]:
    outcome = rnd.choice(tpl.outcomes).code
    causes = rnd.sample(["T1", "T2", "T3", "T6", "T7"], 2)
    cell = f"{rnd.choice('ABC')}{rnd.randint(1, 3)}" if tpl.uses_lhs else ""
    return outcome, causes, cell


def seed(ws: Workspace, cases: int = 36, seed_value: int = 2026, photos: bool = True) -> int:
    """Fill ``ws`` with demo cases; returns how many cases were created."""
    rnd = random.Random(seed_value)
    if ws.settings.needs_profile():
        ws.settings.set_profile("Toezichthouder Demo", "TH-0001", "Team Centrum")
    all_templates = sorted(templates.load_templates().values(), key=lambda t: t.id)
    # Planned times are local wall-clock times (as a back office plans them); recorded moments UTC.
    today = datetime.now(LOCAL).replace(hour=9, minute=0, second=0, microsecond=0)
    created = 0
    for i in range(cases):
        tpl = all_templates[i % len(all_templates)]
        number = f"DEMO-{today.year}-{i + 1:04d}"
        if ws.cases.by_number(number):
            continue
        prefix, surname = SURNAMES[i % len(SURNAMES)]
        street, pc4 = STREETS[i % len(STREETS)]
        ground = tpl.requires_ground or i % 3 == 0
        ground_date = (today - timedelta(days=10 + i)).date().isoformat()
        case = ws.cases.create(
            number, tpl.domain, postcode=f"{pc4}{'AB' if i % 2 else 'CK'}", huisnummer=str(1 + i * 3),
            huisletter="a" if i % 7 == 3 else None, straat=street, woonplaats="Utrecht",
            title=tpl.title.nl, team="Team Centrum", assigned_to="Toezichthouder Demo",
            due_date=(today + timedelta(days=20 + i)).date().isoformat(),
            ground_facts=("Post op naam van een niet-ingeschreven persoon; auto van derde "
                          "dagelijks voor de deur.") if ground else "",
            ground_source=SOURCES[tpl.domain][i % len(SOURCES[tpl.domain])] if ground else "",
            ground_date=ground_date if ground else "",
            ground_why_not_lighter=("Gesprek op kantoor en opvragen van bankafschriften gaven geen "
                                    "uitsluitsel over de woonsituatie.") if ground else "")
        birth = f"{1960 + i % 40}-{1 + i % 12:02d}-{0 if i % 11 == 5 else 1 + i % 28:02d}"
        ws.cases.add_person(case.id, surname, voorvoegsel=prefix, voornamen=f"Demo {chr(65 + i % 26)}",
                      bsn=validation.make_test_bsn(i), birth_date=birth)
        if tpl.domain == "sociaal" and i % 4 == 1:
            ws.cases.add_person(case.id, SURNAMES[(i + 5) % len(SURNAMES)][1], voornamen="Demo Partner",
                          bsn=validation.make_test_bsn(100 + i), role="partner")
        created += 1
        stage = i % 4  # 0 planned today/this week, 1 planned later, 2 in progress, 3 finalized
        planned = today + timedelta(days=[0, 1, 3, 5][i % 4] if stage < 2 else -(i % 9) - 1,
                                    hours=i % 6)
        visit = ws.visits.plan(case.id, tpl.id, planned.strftime("%Y-%m-%dT%H:%M"),
                              announced=i % 5 == 0)
        if stage < 2:
            continue
        _run_visit(ws, visit.id, tpl, planned, rnd, photos=photos and stage == 3, refuse=i % 9 == 7,
                   action=True)
        if stage == 3:
            try:
                ws.visits.finalize(visit.id, at=_utc(planned + timedelta(hours=1)))
            except Exception:  # noqa: BLE001 - a demo visit left incomplete stays in progress
                pass
    return created


def _run_visit(ws: Workspace, visit_id: str, tpl: templates.Template, at: datetime,
               rnd: random.Random, *, photos: bool, refuse: bool, action: bool = False) -> None:
    stamp = _utc(at)
    ws.visits.start(visit_id, at=stamp)
    # The demo's story: the inspectors rang at the planned time, were let in two minutes later, left
    # after 50 minutes; the client understood the consent text (said so, no interpreter needed).
    ws.visits.record_moment(visit_id, "rang_at", stamp)
    ws.visits.record_moment(visit_id, "ended_at", _utc(at + timedelta(minutes=50)))
    ws.visits.record_id_shown(visit_id, at=stamp)
    client = ws.cases.persons(ws.visits.get(visit_id).case_id)[0]
    name = validation.PersonName(client.voornamen, client.voorvoegsel, client.geslachtsnaam).display()
    ws.visits.set_present(visit_id, [PresentPerson(name, "client", client.id, True)])
    if refuse:
        ws.visits.record_consent(visit_id, "refused", name, consequences_explained=True,
                          form_not_signed_reason="Toegang geweigerd aan de deur", at=stamp)
        refusal = next(o for o in reversed(tpl.outcomes) if not o.needs)  # nothing more to record
        ws.visits.set_outcome(visit_id, refusal.code, toe_causes=["T3"])
        return
    ws.visits.record_consent(visit_id, "given", name, understood=True, form_signed=True, photo_consent=True,
                             at=stamp)
    ws.visits.record_moment(visit_id, "entered_at", _utc(at + timedelta(minutes=2)))
    ws.visits.set_rooms(visit_id, {r.code: ("viewed" if k < 4 else "not_applicable")
                            for k, r in enumerate(tpl.rooms)})
    ws.visits.set_room_openers(visit_id, {r.code: name for r in tpl.rooms[:4]})
    ws.visits.record_caution(visit_id, tpl.domain == "sociaal" and rnd.random() < 0.5,
                      not_needed_reason="Geen verhoor met het oog op een boete.",
                      at=_utc(at + timedelta(minutes=10)))
    _fill_checklist(ws, visit_id, rnd)
    if photos:
        for n in range(1, 4):
            ws.visits.add_photo(visit_id, _photo(n, tpl.rooms[n % len(tpl.rooms)].label.nl),
                         caption=f"{tpl.rooms[n % len(tpl.rooms)].label.nl}, overzicht")
    ws.visits.record_statement(visit_id, "Ik woon hier sinds twee jaar alleen. De post is van mijn broer, "
                        "die hier tijdelijk zijn adres gebruikte.", read_back=True, signed=False,
                        not_signed_reason="Cliënt wilde eerst met zijn adviseur overleggen.",
                        copy_given=True)
    outcome, causes, cell = _outcome_for(tpl, rnd)
    ws.visits.set_outcome(visit_id, outcome, toe_causes=causes, lhs_cell=cell)
    ws.visits.add_referral(visit_id, "schuldhulpverlening", consent_handover=True,
                    handed_to="Schuldhulpverlening gemeente", note="Betalingsachterstand huur.")
    if next(o for o in tpl.outcomes if o.code == outcome).needs == "signal":
        ws.visits.add_signal(visit_id, "brp", note="Gerede twijfel aan de inschrijving.")
    due = at + timedelta(days=28)
    if action:  # a follow-up action with its owner, as the app records it now
        ws.followups.add(visit_id, "Hercontrole", "Team handhaving", due.strftime("%d-%m-%Y"))
    else:  # the single follow-up date of visits recorded before the actions (tests of old data use it)
        ws.visits.set_followup(visit_id, due.date().isoformat(), "Hercontrole")
    ws.visits.set_report_text(visit_id, summary="Huisbezoek afgelegd met toestemming van de bewoner.",
                       conclusion="Zie bevindingen per onderdeel.")
