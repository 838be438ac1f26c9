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
           "record_decision": "recorded the decision on an application",
           "set_retention": "changed retention periods",
           "avg_lookup": "looked up a BSN (access request)", "avg_export": "exported an access request"}
REMOVAL_KINDS = {"visits": "visits", "cases": "cases", "photos": "photo files", "records": "records",
                 "push_answers": "answers to old pushes"}

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
    "{count} refused records wait in the quarantine of {laptops} laptops, as they reported at their last "
    "sync:": "{count} geweigerde records wachten in de quarantaine van {laptops} laptops, zoals ze bij hun "
             "laatste synchronisatie meldden:",
    "reported on {date}": "gemeld op {date}",
    "No laptop of this team reported refused records at its last sync.":
        "Geen laptop van dit team meldde geweigerde records bij zijn laatste synchronisatie.",
    "No laptop of this team has reported yet.": "Nog geen laptop van dit team heeft iets gemeld.",
    "The server does not keep the records it refuses; each laptop reports how many wait in its quarantine "
    "at every sync, and shows them under Synchronisation with the server's reason. Laptops with an older "
    "app report nothing: unknown.":
        "De server bewaart de records die hij weigert niet; elke laptop meldt bij elke synchronisatie "
        "hoeveel er in zijn quarantaine wachten, en toont ze onder Synchronisatie met de reden van de "
        "server. Laptops met een oudere app melden niets: onbekend.",
    "Refused": "Geweigerd",
    "unknown": "onbekend",
    "Laptops": "Laptops",
    "Laptop": "Laptop",
    "User": "Gebruiker",
    "Logged in on": "Ingelogd op",
    "Last sync": "Laatste synchronisatie",
    "Unsent changes": "Niet verzonden",
    "Unsent changes and refused records are as the laptop reported them at its last sync; unknown: the "
    "laptop has not reported (an older app). The last contact is the last time the laptop reached the "
    "server (updated at most once an hour).":
        "Niet verzonden en geweigerd zoals de laptop ze bij zijn laatste synchronisatie meldde; onbekend: de "
        "laptop heeft niets gemeld (een oudere app). Het laatste contact is het laatste moment waarop de "
        "laptop de server bereikte (hooguit eens per uur bijgewerkt).",
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
    # access request
    "Privacy officer": "Privacyfunctionaris",
    "Access request": "Inzageverzoek",
    "Access request (AVG article 15)": "Inzageverzoek (AVG artikel 15)",
    "Everything the server holds about one BSN: the cases the person is in, with their address, persons, "
    "visits, frozen documents and reports, photos and audit entries, and who looked at them. Other "
    "people's BSNs in those cases are masked in the export.":
        "Alles wat de server over één BSN bewaart: de zaken waarin de persoon voorkomt, met adres, personen, "
        "bezoeken, vastgelegde documenten en rapporten, foto's en auditregels, en wie ze bekeek. De BSN's "
        "van andere personen in die zaken zijn in de export gemaskeerd.",
    "Look up": "Opzoeken",
    "The lookup and the export are recorded in the access log, with the BSN masked.":
        "Het opzoeken en de export worden vastgelegd in het inzagelogboek, met het BSN gemaskeerd.",
    "BSN {bsn}": "BSN {bsn}",
    "{cases} cases, {persons} persons, {visits} visits, {photos} photos and signatures, {audit} audit "
    "entries, {views} access log entries.":
        "{cases} zaken, {persons} personen, {visits} bezoeken, {photos} foto's en handtekeningen, {audit} "
        "auditregels, {views} regels in het inzagelogboek.",
    "Download as ZIP": "Downloaden als ZIP",
    "The ZIP holds overzicht.html (a readable summary), gegevens.json (every record), documenten/ (frozen "
    "documents), rapporten/ (the reports as PDF) and fotos/. Weigh other people's data in it before "
    "handing it over (AVG article 15(4)).":
        "De ZIP bevat overzicht.html (een leesbaar overzicht), gegevens.json (alle records), documenten/ "
        "(vastgelegde documenten), rapporten/ (de rapporten als PDF) en fotos/. Weeg de gegevens van andere "
        "personen erin voordat u hem verstrekt (AVG artikel 15 lid 4).",
    "The server holds nothing about this BSN.": "De server bewaart niets over dit BSN.",
    "looked up a BSN (access request)": "zocht een BSN op (inzageverzoek)",
    "exported an access request": "exporteerde een inzageverzoek",
    # retention
    "Retention": "Bewaartermijnen",
    "Retention periods": "Bewaartermijnen",
    "changed retention periods": "wijzigde bewaartermijnen",
    "How long the server keeps a finalized visit of each type, counted from the moment it was finalized, "
    "and how long laptops keep their copy after its receipt. The command inspector-server retention "
    "--apply, scheduled by IT (see docs/server.md), removes what has passed its period; a visit still "
    "waiting for its receipt is never removed.":
        "Hoe lang de server een afgerond bezoek van elk type bewaart, gerekend vanaf het afronden, en hoe "
        "lang laptops hun kopie na het ontvangstbewijs bewaren. De opdracht inspector-server retention "
        "--apply, door ICT ingepland (zie docs/server.md), verwijdert wat over zijn termijn is; een bezoek "
        "dat nog op zijn ontvangstbewijs wacht, wordt nooit verwijderd.",
    "Per visit type on the server": "Per bezoektype op de server",
    "Keep for (months)": "Bewaren (maanden)",
    "Set by": "Ingesteld door",
    "Next run removes": "Volgende run verwijdert",
    "Waiting for a receipt": "Wacht op ontvangstbewijs",
    "= {years} years": "= {years} jaar",
    "not set: kept": "niet ingesteld: bewaard",
    "Empty: the server keeps visits of that type. With a visit go its answers, photos, statement, "
    "follow-ups, addenda and their audit entries; a case goes once no live visit is left in it. The "
    "receipt (fingerprint, when) stays, without personal data.":
        "Leeg: de server bewaart bezoeken van dat type. Met een bezoek gaan zijn antwoorden, foto's, "
        "verklaring, vervolgacties, aanvullingen en hun auditregels; een zaak gaat zodra er geen levend "
        "bezoek meer in zit. Het ontvangstbewijs (vingerafdruk, wanneer) blijft, zonder persoonsgegevens.",
    "Laptops keep a finalized visit after its receipt for (days)":
        "Laptops bewaren een afgerond bezoek na het ontvangstbewijs (dagen)",
    "not set: laptops keep their copy": "niet ingesteld: laptops bewaren hun kopie",
    "Laptops learn the periods at every sync and remove their copy then, in one step, with a line in "
    "their own log. Never a draft, never a visit without its receipt, never anything not yet sent.":
        "Laptops krijgen de termijnen bij elke synchronisatie en verwijderen dan hun kopie, in één stap, "
        "met een regel in hun eigen logboek. Nooit een concept, nooit een bezoek zonder ontvangstbewijs, "
        "nooit iets dat nog niet is verzonden.",
    "The next run": "De volgende run",
    "inspector-server retention --apply would now remove {visits} visits, {cases} cases and {photos} "
    "photo files; {waiting} visits past their period wait for their receipt and stay.":
        "inspector-server retention --apply zou nu {visits} bezoeken, {cases} zaken en {photos} "
        "fotobestanden verwijderen; {waiting} bezoeken over hun termijn wachten op hun ontvangstbewijs en "
        "blijven.",
    "Removed earlier": "Eerder verwijderd",
    "By": "Door",
    "Rule": "Regel",
    "visits": "bezoeken",
    "cases": "zaken",
    "photo files": "fotobestanden",
    "records": "records",
    "answers to old pushes": "antwoorden op oude verzendingen",
    "The log holds the ids and fingerprints of removed visits and the ids of removed cases, never a "
    "name, BSN or address.": "Het logboek bevat de id's en vingerafdrukken van verwijderde bezoeken en de "
                             "id's van verwijderde zaken, nooit een naam, BSN of adres.",
    "Nothing removed yet.": "Nog niets verwijderd.",
}
