"""The back office's texts: written in English in the templates and code (``_("Cases")``), with the
Dutch in ``NL`` below — one place, like the app's .ts files. Dutch is the default; a test checks that
every text has its Dutch."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Europe/Amsterdam")  # times the server stores in UTC are shown in Dutch time


def translate(text: str, lang: str) -> str:
    return text if lang == "en" else NL.get(text, text)


def moment(value: str) -> str:
    """'2026-12-02T10:00' -> '02-12-2026 10:00' (a planned time, already local)."""
    try:
        return datetime.fromisoformat(value).strftime("%d-%m-%Y %H:%M")
    except (TypeError, ValueError):
        return value or ""


def utc_moment(value: str) -> str:
    """A UTC stamp ('2026-12-02T09:00:00Z') in Dutch time: '02-12-2026 10:00'."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return moment.astimezone(ZONE).strftime("%d-%m-%Y %H:%M")
    except (AttributeError, TypeError, ValueError):
        return value or ""


def day(value: str) -> str:
    """'2026-12-02' -> '02-12-2026'."""
    try:
        return datetime.fromisoformat(value[:10]).strftime("%d-%m-%Y")
    except (TypeError, ValueError):
        return value or ""


MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
             "oktober", "november", "december")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")


def number(value: Decimal) -> str:
    """A number the Dutch way: '1.234,5' (no trailing zeros)."""
    text = f"{value.normalize():,f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def euros(value: Decimal) -> str:
    """An amount in whole euros the Dutch way: '€ 1.234.567' (an estimate needs no cents)."""
    return "€ " + number(value.quantize(Decimal(1)))


# Codes the records hold, with their English label (translated through NL like any text).
DOMAINS = {"sociaal": "Social", "fysiek": "Physical", "oov": "Public order"}
STATES = {"planned": "planned", "in_progress": "in progress", "finalized": "finalized",
          "receipt": "finalized, receipt"}
ROLES = {"client": "client", "partner": "partner", "other": "other"}
ACTIONS = {"view_cases": "viewed the case list", "view_case": "viewed a case", "reveal_bsn": "showed a BSN",
           "view_planning": "viewed the planning", "view_team": "viewed a team overview",
           "download_report": "downloaded a report", "revoke_laptop": "revoked a laptop",
           "view_access_log": "viewed the access log", "check_report": "checked a report's authenticity",
           "set_figures_parameters": "set the parameters of the estimated saving",
           "record_decision": "recorded the decision on an application"}

NL: dict[str, str] = {
    # layout and login
    "Back office": "Beheer",
    "Cases": "Zaken",
    "Planning": "Planning",
    "Import": "Importeren",
    "Team": "Team",
    "Log out": "Uitloggen",
    "Log in": "Inloggen",
    "Username": "Gebruikersnaam",
    "Password": "Wachtwoord",
    "Log in to the back office": "Inloggen bij Beheer",
    "For coordinators and administrators of the municipality. Inspectors work in the Inspector app "
    "on their laptop.": "Voor coördinatoren en beheerders van de gemeente. Toezichthouders werken in de "
                        "Inspector-app op hun laptop.",
    "You are logged out.": "U bent uitgelogd.",
    "Coordinator": "Coördinator",
    "Administrator": "Beheerder",
    "Inspector": "Toezichthouder",
    "Language": "Taal",
    "Back to the cases": "Terug naar de zaken",
    "To the login page": "Naar de inlogpagina",
    "Main menu": "Hoofdmenu",
    # cases
    "Search": "Zoeken",
    "Case number, name, address or BSN": "Zaaknummer, naam, adres of BSN",
    "All my teams": "Al mijn teams",
    "New case": "Nieuwe zaak",
    "Case number": "Zaaknummer",
    "Domain": "Domein",
    "Address": "Adres",
    "Client": "Cliënt",
    "Assigned to": "Toegewezen aan",
    "Visits": "Bezoeken",
    "Next visit": "Volgend bezoek",
    "No cases found.": "Geen zaken gevonden.",
    "Showing {shown} of {total} cases; search to narrow the list.":
        "{shown} van {total} zaken getoond; zoek om de lijst te beperken.",
    "{total} cases": "{total} zaken",
    "Social": "Sociaal",
    "Physical": "Fysiek",
    "Public order": "OOV",
    "Title": "Omschrijving",
    "Not assigned": "Niet toegewezen",
    # case page
    "Case": "Zaak",
    "Persons": "Personen",
    "Name": "Naam",
    "BSN": "BSN",
    "Date of birth": "Geboortedatum",
    "Role": "Rol",
    "Show BSN": "Toon BSN",
    "Showing the BSN is recorded in the access log.": "Het tonen van het BSN wordt vastgelegd in het "
                                                       "inzagelogboek.",
    "No persons recorded.": "Geen personen vastgelegd.",
    "Reasonable ground": "Redelijke grond",
    "None recorded yet.": "Nog niet vastgelegd.",
    "Visit type": "Bezoektype",
    "Planned for": "Gepland op",
    "State": "Status",
    "Finalized on": "Afgerond op",
    "Report": "Rapport",
    # access log
    "Access log": "Inzagelogboek",
    "Every page view and download that showed personal data, newest first (the last 500).":
        "Elke paginaweergave en download die persoonsgegevens toonde, nieuwste eerst (de laatste 500).",
    "When": "Wanneer",
    "What": "Wat",
    "Which record": "Welk record",
    "Detail": "Detail",
    "Nothing logged yet.": "Nog niets vastgelegd.",
    "viewed the case list": "bekeek de zakenlijst",
    "viewed a case": "bekeek een zaak",
    "showed a BSN": "toonde een BSN",
    "viewed the planning": "bekeek de planning",
    "viewed a team overview": "bekeek een teamoverzicht",
    "downloaded a report": "downloadde een rapport",
    "revoked a laptop": "trok een laptop in",
    "viewed the access log": "bekeek het inzagelogboek",
    "Follow-up": "Vervolgactie",
    "No visits yet.": "Nog geen bezoeken.",
    "Plan a visit": "Bezoek plannen",
    "Date and time": "Datum en tijd",
    "Announced": "Aangekondigd",
    "Plan visit": "Bezoek plannen",
    "Assign the case": "Zaak toewijzen",
    "Inspector (optional)": "Toezichthouder (optioneel)",
    "nobody": "niemand",
    "Assign": "Toewijzen",
    "Only a coordinator of this case's team plans its visits and assigns it.":
        "Alleen een coördinator van het team van deze zaak plant bezoeken en wijst de zaak toe.",
    "Laptops receive changes at their next sync.": "Laptops krijgen wijzigingen bij hun volgende "
                                                    "synchronisatie.",
    "client": "cliënt",
    "partner": "partner",
    "other": "overig",
    # visit states
    "planned": "gepland",
    "in progress": "bezig",
    "finalized": "afgerond",
    "finalized, receipt": "afgerond, ontvangstbewijs",
    # new case
    "Create case": "Zaak aanmaken",
    "Choose": "Kies",
    "Street": "Straat",
    "House number": "Huisnummer",
    "Letter": "Huisletter",
    "Addition": "Toevoeging",
    "Postcode": "Postcode",
    "Town": "Woonplaats",
    "Surname": "Achternaam",
    "Prefix": "Voorvoegsel",
    "First names": "Voornamen",
    "Facts": "Feiten",
    "Source": "Bron",
    "Date": "Datum",
    "Why a lighter means does not suffice": "Waarom een lichter middel niet volstaat",
    "Due date": "Streefdatum",
    "Client (optional)": "Cliënt (optioneel)",
    "Cancel": "Annuleren",
    "dd-mm-yyyy": "dd-mm-jjjj",
    # planning
    "Planned visits per inspector and day": "Geplande bezoeken per toezichthouder en dag",
    "Week {week}": "Week {week}",
    "Previous week": "Vorige week",
    "Next week": "Volgende week",
    "This week": "Deze week",
    "Show": "Toon",
    "Nothing is planned this week.": "Deze week is niets gepland.",
    "Monday": "maandag",
    "Tuesday": "dinsdag",
    "Wednesday": "woensdag",
    "Thursday": "donderdag",
    "Friday": "vrijdag",
    "Saturday": "zaterdag",
    "Sunday": "zondag",
    # import
    "Import a planning": "Planning importeren",
    "A CSV file with one planned visit per line, the same file the laptop imports. Required columns: "
    "zaaknummer, domein, bezoektype, gepland.":
        "Een CSV-bestand met één gepland bezoek per regel, hetzelfde bestand dat de laptop importeert. "
        "Verplichte kolommen: zaaknummer, domein, bezoektype, gepland.",
    "New cases go to team": "Nieuwe zaken gaan naar team",
    "CSV file": "CSV-bestand",
    "{imported} visits imported, {skipped} already present.":
        "{imported} bezoeken geïmporteerd, {skipped} waren er al.",
    "These lines were not imported:": "Deze regels zijn niet geïmporteerd:",
    # team
    "Team overview": "Teamoverzicht",
    "All visits": "Alle bezoeken",
    "Follow-ups due": "Vervolgacties op tijd",
    "Follow-ups overdue": "Vervolgacties te laat",
    "overdue": "te laat",
    "Showing the newest {shown} of {total} visits.": "De nieuwste {shown} van {total} bezoeken getoond.",
    "Refused records in quarantine": "Geweigerde records in quarantaine",
    "The server does not keep the records it refuses: each laptop shows its own quarantine under "
    "Synchronisation. To list them here, laptops would have to report their quarantine when they sync.":
        "De server bewaart de records die hij weigert niet: elke laptop toont zijn eigen quarantaine "
        "onder Synchronisatie. Om ze hier te tonen, zouden laptops hun quarantaine bij het synchroniseren "
        "moeten melden.",
    "Laptops": "Laptops",
    "Laptop": "Laptop",
    "User": "Gebruiker",
    "Logged in on": "Ingelogd op",
    "Last sync": "Laatste synchronisatie",
    "Unsent changes": "Niet verzonden",
    "not reported": "niet gemeld",
    "Laptops do not report how many changes they have not sent yet; the last contact is the last "
    "time the laptop reached the server (updated at most once an hour).":
        "Laptops melden niet hoeveel wijzigingen ze nog niet hebben verzonden; het laatste contact is het "
        "laatste moment waarop de laptop de server bereikte (hooguit eens per uur bijgewerkt).",
    "revoked on {date}": "ingetrokken op {date}",
    "logged out": "uitgelogd",
    "active": "actief",
    "Revoke": "Intrekken",
    "No laptop of this team has logged in yet.": "Nog geen laptop van dit team heeft ingelogd.",
    "A revoked laptop removes its local data at its next contact with the server.":
        "Een ingetrokken laptop verwijdert zijn lokale gegevens bij het volgende contact met de server.",
    # is this report genuine? (genuine.py)
    "Is this report genuine?": "Is dit rapport echt?",
    "Authenticity": "Echtheid",
    "Upload a report PDF, for instance one a lawyer sent in. The server checks the fingerprint printed in "
    "it against the finalized visits of your teams, compares the file byte for byte with the report it "
    "renders from the visit's frozen document, and checks a digital signature in it.":
        "Upload een rapport (PDF), bijvoorbeeld een dat een advocaat instuurde. De server vergelijkt de "
        "vingerafdruk erin met de afgeronde bezoeken van uw teams, vergelijkt het bestand byte voor byte met "
        "het rapport dat hij maakt uit het vastgelegde document van het bezoek, en controleert een digitale "
        "handtekening erin.",
    "Report (PDF, at most {mb} MB)": "Rapport (PDF, hoogstens {mb} MB)",
    "Check": "Controleren",
    "Result for {name}": "Uitkomst voor {name}",
    "Genuine.": "Echt.",
    "This is the report of a finalized visit of your teams, unchanged.":
        "Dit is het rapport van een afgerond bezoek van uw teams, ongewijzigd.",
    "Not confirmed as genuine.": "Niet als echt bevestigd.",
    "See what does not match below.": "Hieronder staat wat niet klopt.",
    "Fingerprint in the file": "Vingerafdruk in het bestand",
    "Visit in the file": "Bezoek in het bestand",
    "checked a report's authenticity": "controleerde de echtheid van een rapport",
    # management figures
    "Figures": "Cijfers",
    "Management figures": "Managementcijfers",
    "Download as CSV": "Download als CSV",
    "Parameters": "Parameters",
    "Previous": "Vorige",
    "Next": "Volgende",
    "Period": "Periode",
    "per month": "per maand",
    "per quarter": "per kwartaal",
    "per year": "per jaar",
    "All visit types": "Alle bezoektypen",
    "Finalized visits by the day they were finalized (Dutch time), counted from what their frozen reports "
    "say. Figures never show a person; in a breakdown a count from 1 to 4 is shown as “< 5”.":
        "Afgeronde bezoeken op de dag van afronden (Nederlandse tijd), geteld uit wat hun vastgelegde "
        "rapporten zeggen. Cijfers tonen nooit een persoon; in een uitsplitsing staat een aantal van 1 tot "
        "en met 4 als “< 5”.",
    "Chart": "Grafiek",
    "Number": "Aantal",
    "Share": "Aandeel",
    "Value": "Waarde",
    "Outcome": "Uitkomst",
    "Cause": "Oorzaak",
    "Kind": "Soort",
    "Finalized visits": "Afgeronde bezoeken",
    "Refusals at the door (consent refused)": "Weigeringen aan de deur (geen toestemming)",
    "Nothing found or compliant": "Niets gevonden of in orde",
    "S1 intake visits: outcome at the door": "S1-intakebezoeken: uitkomst aan de deur",
    "S1 intake visits": "S1-intakebezoeken",
    "no outcome recorded": "geen uitkomst vastgelegd",
    "The outcome the inspector recorded at the door; the decision on the application, recorded "
    "afterwards by a coordinator, is in the next table.":
        "De uitkomst die de toezichthouder aan de deur vastlegde; het besluit op de aanvraag, dat een "
        "coördinator daarna vastlegt, staat in de volgende tabel.",
    "Prevented applications and estimated saving": "Voorkomen aanvragen en geschatte besparing",
    "An estimate: prevented applications × average benefit per month × average duration in months, "
    "with the parameters the administrator set.":
        "Een schatting: voorkomen aanvragen × gemiddelde uitkering per maand × gemiddelde duur in "
        "maanden, met de parameters die de beheerder instelde.",
    "Estimated saving": "Geschatte besparing",
    "not set: the administrator sets the parameters": "niet ingesteld: de beheerder stelt de parameters in",
    "Average benefit per month": "Gemiddelde uitkering per maand",
    "Average duration in months": "Gemiddelde duur in maanden",
    "Outcomes per visit type": "Uitkomsten per bezoektype",
    "Share of the type": "Aandeel binnen het type",
    "all outcomes": "alle uitkomsten",
    "LHS cells (behaviour × consequence)": "LHS-cellen (gedrag × gevolg)",
    "Behaviour": "Gedrag",
    "Consequences:": "Gevolgen:",
    "Tafel van Elf: causes of violations": "Tafel van Elf: oorzaken van overtredingen",
    "Referrals by kind": "Doorverwijzingen per soort",
    "With a warm handover": "Met warme overdracht",
    "Share with a warm handover": "Aandeel met warme overdracht",
    "All referrals": "Alle doorverwijzingen",
    "Signals between domains (from → to)": "Signalen tussen domeinen (van → naar)",
    "From domain": "Van domein",
    "unknown": "onbekend",
    "Follow-ups due in this period": "Vervolgdata in deze periode",
    "Done on time": "Op tijd gedaan",
    "Done late": "Te laat gedaan",
    "Not done, overdue": "Niet gedaan, te laat",
    "Not done, not yet due": "Nog niet gedaan, nog niet verlopen",
    "A follow-up is done when a later visit of the same case is finalized; on time when that is on or "
    "before the follow-up date.": "Een vervolg is gedaan zodra een later bezoek aan dezelfde zaak is "
                                   "afgerond; op tijd als dat op of vóór de vervolgdatum is.",
    "The parameters are saved.": "De parameters zijn opgeslagen.",
    "Parameters of the estimated saving": "Parameters van de geschatte besparing",
    "The management figures estimate the benefit that prevented applications save: prevented "
    "applications × average benefit per month × average duration in months. The municipality sets both "
    "averages here.": "De managementcijfers schatten de uitkering die voorkomen aanvragen besparen: "
                      "voorkomen aanvragen × gemiddelde uitkering per maand × gemiddelde duur in maanden. "
                      "De gemeente stelt beide gemiddelden hier in.",
    "Not saved: check the marked fields.": "Niet opgeslagen: controleer de gemarkeerde velden.",
    "Average benefit per month (euros)": "Gemiddelde uitkering per maand (euro)",
    "Save": "Opslaan",
    "set the parameters of the estimated saving": "stelde de parameters van de geschatte besparing in",
    # decision on the application
    "Decision on the application": "Besluit op de aanvraag",
    "Back to the case": "Terug naar de zaak",
    "After an S1 intake visit the back office decides on the application. Recording the decision here "
    "lets the management figures count prevented applications from the decision instead of from the "
    "outcome at the door. It does not change the visit or its report.":
        "Na een S1-intakebezoek beslist de backoffice over de aanvraag. Als het besluit hier wordt "
        "vastgelegd, tellen de managementcijfers voorkomen aanvragen vanuit het besluit in plaats van "
        "vanuit de uitkomst aan de deur. Het bezoek en het rapport veranderen niet.",
    "Outcome at the door": "Uitkomst aan de deur",
    "Decision": "Besluit",
    "not recorded yet": "nog niet vastgelegd",
    "Date of the decision": "Datum van het besluit",
    "Record the decision": "Besluit vastleggen",
    "Only a coordinator of the visit's team records the decision.":
        "Alleen een coördinator van het team van het bezoek legt het besluit vast.",
    "The decision is recorded.": "Het besluit is vastgelegd.",
    "granted": "toegekend",
    "granted with an adjustment": "toegekend met aanpassing",
    "rejected": "afgewezen",
    "withdrawn": "ingetrokken",
    "recorded the decision on an application": "legde het besluit op een aanvraag vast",
    "S1 intake visits: decision on the application": "S1-intakebezoeken: besluit op de aanvraag",
    "no decision recorded": "geen besluit vastgelegd",
    "Prevented applications (by the decision, else the outcome at the door)":
        "Voorkomen aanvragen (volgens het besluit, anders de uitkomst aan de deur)",
    "of which counted from a recorded decision": "waarvan geteld vanuit een vastgelegd besluit",
}
