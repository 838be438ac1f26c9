"""Every fixed label of the report, in Dutch and English.

The report is Dutch by default; ``lang="en"`` gives an English report. Values that come from
templates and frameworks (item labels, outcomes, referral kinds …) carry their own nl/en text and
are picked in ``data.collect``; the words here are the report's own.
"""

from __future__ import annotations

LANGS = ("nl", "en")

TEXTS: dict[str, tuple[str, str]] = {
    # title block and page decoration
    "report_title": ("Rapport van bevindingen", "Report of findings"),
    "page_of": ("Pagina {page} van {pages}", "Page {page} of {pages}"),
    "fingerprint_label": ("Vingerafdruk (SHA-256)", "Fingerprint (SHA-256)"),
    "no_fingerprint": ("CONCEPT – nog niet afgerond, er is nog geen vingerafdruk",
                       "CONCEPT – not finalized yet, there is no fingerprint yet"),
    "watermark": ("CONCEPT", "CONCEPT"),
    "draft_notice": ("Dit is een concept. Het bezoek is nog niet afgerond; de inhoud kan nog "
                     "wijzigen en heeft nog geen vingerafdruk.",
                     "This is a draft (CONCEPT). The visit is not finalized yet; its content may still "
                     "change and has no fingerprint yet."),
    "footer_visit": ("Zaak {case} · bezoek {visit}", "Case {case} · visit {visit}"),
    "signed_by": ("Ondertekend door apparaat '{device}' (sleutel {key_id})",
                  "Signed by device '{device}' (key {key_id})"),
    # section headings (DOMAIN.md §2, in that order)
    "h1": ("1. Algemene gegevens", "1. General information"),
    "h2": ("2. Toezichthouders", "2. Officers"),
    "h3": ("3. Redelijke grond", "3. Reasonable ground"),
    "h4": ("4. Adres en tijden", "4. Address and times"),
    "h5": ("5. Aanwezigen", "5. Persons present"),
    "h6": ("6. Legitimatie en toestemming", "6. Identification and consent"),
    "h7": ("7. Cautie", "7. Caution"),
    "h8": ("8. Ruimtes", "8. Rooms"),
    "h9": ("9. Waarnemingen", "9. Observations"),
    "h9_photos": ("Foto's", "Photos"),
    "h10": ("10. Verklaring", "10. Statement"),
    "h11": ("11. Samenvatting, conclusie en uitkomst", "11. Summary, conclusion and outcome"),
    "h12": ("12. Ondertekening", "12. Signatures"),
    "h_addenda": ("Aanvullingen na afronding", "Addenda after finalizing"),
    # 1
    "municipality": ("Gemeente", "Municipality"),
    "report_type": ("Soort rapport", "Report type"),
    "case_number": ("Zaaknummer", "Case number"),
    "visit_id": ("Bezoek-id", "Visit id"),
    "status": ("Status", "Status"),
    "status_final": ("Afgerond op {at} door {by}", "Finalized on {at} by {by}"),
    "status_draft": ("Concept (nog niet afgerond)", "Draft (not finalized yet)"),
    "subjects": ("Betrokkene(n)", "Person(s) concerned"),
    "bsn": ("BSN", "BSN"),
    "template_version": ("versie {v}", "version {v}"),
    # 2
    "officer_name": ("Naam", "Name"),
    "officer_role": ("Functie", "Role"),
    "officer_appointment": ("Aanstellingsnummer", "Appointment number"),
    "no_officers": ("Geen toezichthouders vastgelegd.", "No officers recorded."),
    # 3
    "ground_facts": ("Feiten", "Facts"),
    "ground_source": ("Bron", "Source"),
    "ground_date": ("Datum", "Date"),
    "ground_why": ("Waarom een lichter middel niet volstaat", "Why a lighter means does not suffice"),
    "ground_none": ("Geen redelijke grond vastgelegd.", "No reasonable ground recorded."),
    "ground_not_required": ("Voor dit bezoektype is geen redelijke grond vereist.",
                            "This visit type does not require a reasonable ground."),
    # 4
    "address": ("Adres", "Address"),
    "bag_id": ("BAG-id", "BAG id"),
    "announced": ("Aangekondigd", "Announced"),
    "announced_yes": ("ja, aangekondigd bezoek", "yes, announced visit"),
    "announced_no": ("nee, onaangekondigd bezoek", "no, unannounced visit"),
    "planned_at": ("Gepland", "Planned"),
    "rang_at": ("Aangebeld", "Rang the bell"),
    "entered_at": ("Binnengetreden", "Entered"),
    "left_at": ("Vertrokken", "Left"),
    "unknown": ("onbekend", "unknown"),
    "not_recorded": ("niet vastgelegd", "not recorded"),
    "not_entered": ("niet binnengetreden", "did not enter"),
    # 5
    "present_name": ("Naam", "Name"),
    "present_role": ("Rol", "Role"),
    "present_id": ("Identiteit vastgesteld", "Identity checked"),
    "nobody_present": ("Geen aanwezigen vastgelegd.", "Nobody recorded as present."),
    "role_client": ("cliënt", "client"),
    "role_partner": ("partner", "partner"),
    "role_medebewoner": ("medebewoner", "co-resident"),
    "role_kind": ("kind", "child"),
    "role_verhuurder": ("verhuurder", "landlord"),
    "role_tolk": ("tolk", "interpreter"),
    "role_overig": ("overig", "other"),
    "role_toezichthouder": ("toezichthouder", "supervisory officer (toezichthouder)"),
    "role_boa": ("buitengewoon opsporingsambtenaar (boa)", "special investigating officer (boa)"),
    # 6
    "id_shown": ("Legitimatie getoond", "Identification shown"),
    "consent_text": ("Voorgelezen toestemmingstekst", "Consent text read out"),
    "consent_text_lang": ("(taal: {language})", "(language: {language})"),
    "lang_nl": ("Nederlands", "Dutch"),
    "lang_en": ("Engels", "English"),
    "understood": ("Begrepen", "Understood"),
    "interpreter": ("Tolk", "Interpreter"),
    "no_interpreter": ("geen", "none"),
    "consent": ("Toestemming", "Consent"),
    "consent_given": ("gegeven door {by} op {at}", "given by {by} on {at}"),
    "consent_refused": ("geweigerd door {by} op {at}", "refused by {by} on {at}"),
    "consent_none": ("niet vastgelegd", "not recorded"),
    "consequences": ("Gevolgen van weigeren uitgelegd", "Consequences of refusing explained"),
    "consent_rooms": ("Toestemming voor ruimtes", "Consent for rooms"),
    "cupboards": ("Kasten en lades openen", "Opening cupboards and drawers"),
    "cupboards_yes": ("aparte toestemming gegeven", "separate consent given"),
    "cupboards_no": ("geen aparte toestemming; niet geopend", "no separate consent; not opened"),
    "photo_consent": ("Foto's maken", "Taking photos"),
    "photo_consent_yes": ("aparte toestemming gegeven", "separate consent given"),
    "photo_consent_no": ("geen toestemming", "no consent"),
    "form_signed": ("Toestemmingsformulier ondertekend", "Consent form signed"),
    "form_not_signed": ("nee – {reason}", "no – {reason}"),
    "no_reason": ("geen reden vastgelegd", "no reason recorded"),
    # 7
    "caution_given": ("Cautie gegeven", "Caution given"),
    "caution_at": ("Tijdstip", "Time"),
    "caution_wording": ("Formulering", "Wording"),
    "caution_not_needed": ("Niet gegeven – {reason}", "Not given – {reason}"),
    # 8
    "room": ("Ruimte", "Room"),
    "room_state": ("Bevinding", "Finding"),
    "room_opener": ("Geopend of getoond door", "Opened or shown by"),
    "room_viewed": ("bekeken", "viewed"),
    "room_refused": ("geweigerd", "refused"),
    "room_not_applicable": ("niet van toepassing", "not applicable"),
    "room_added": ("toegevoegd, niet in de checklist", "added, not on the checklist"),
    "no_rooms": ("Geen ruimtes vastgelegd.", "No rooms recorded."),
    # 9
    "obs_item": ("Onderdeel", "Item"),
    "obs_answer": ("Bevinding", "Finding"),
    "obs_regulation": ("Grondslag", "Regulation"),
    "obs_general": ("Algemeen", "General"),
    "obs_room": ("Ruimte: {room}", "Room: {room}"),
    "note_below": ("Aantekening {n}: volledig onder deze tabel.", "Note {n}: in full below this table."),
    "note_long_head": ("Aantekening {n} bij: {item}", "Note {n} on: {item}"),
    "obs_per_room": ("Per ruimte", "Per room"),
    "obs_none": ("Geen waarnemingen vastgelegd.", "No observations recorded."),
    "no_answer": ("geen antwoord", "not answered"),
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
    "photo_ref": ("foto {numbers}", "photo {numbers}"),
    "photo_caption": ("Foto {n} – {caption}", "Photo {n} – {caption}"),
    "photo_caption_bare": ("Foto {n}", "Photo {n}"),
    "photo_marked_up": ("{caption} (bewerkt: {kinds})", "{caption} (marked up: {kinds})"),
    "markup_arrow": ("pijl", "arrow"),
    "markup_ellipse": ("cirkel", "circle"),
    "markup_rectangle": ("rechthoek", "rectangle"),
    "markup_blur": ("vervaging", "blur"),
    "photos_marked_up": ("Op een bewerkte foto zijn pijlen of vormen getekend of delen onherkenbaar "
                         "gemaakt (vervaging). De originele foto is ongewijzigd bewaard; bij het afronden "
                         "worden de bewerking en de hash van het origineel in de vingerafdruk vastgelegd.",
                         "On a marked-up photo, arrows or shapes were drawn or parts made unrecognizable "
                         "(blur). The original photo is kept unchanged; finalizing records the mark-up and "
                         "the original's hash in the fingerprint."),
    "photo_unreadable": ("[de opgeslagen afbeelding kan niet worden gelezen]",
                         "[the stored image cannot be read]"),
    "photos_none": ("Er zijn geen foto's gemaakt.", "No photos were taken."),
    "photos_no_consent": ("Geen foto's: er was geen toestemming voor foto's.",
                          "No photos: there was no consent for photos."),
    "refused_na": ("Niet van toepassing: toegang geweigerd.", "Not applicable: access refused."),
    # 10
    "statement_text": ("Verklaring in eigen woorden", "Statement in the client's own words"),
    "read_back": ("Voorgelezen", "Read back"),
    "signed": ("Ondertekend", "Signed"),
    "signed_yes": ("ja, zie handtekening", "yes, see signature"),
    "not_signed": ("nee – {reason}", "no – {reason}"),
    "signature": ("Handtekening", "Signature"),
    "copy_given": ("Afschrift meegegeven", "Copy given"),
    "no_statement": ("Er is geen verklaring afgelegd.", "No statement was made."),
    # 11
    "summary": ("Samenvatting", "Summary"),
    "conclusion": ("Conclusie", "Conclusion"),
    "outcome": ("Uitkomst", "Outcome"),
    "no_outcome": ("nog geen uitkomst gekozen", "no outcome chosen yet"),
    "toe": ("Tafel van Elf (oorzaak van niet-naleven)", "Table of Eleven (cause of non-compliance)"),
    "toe_none": ("geen", "none"),
    "lhs": ("LHS-interventiematrix", "LHS intervention matrix"),
    "lhs_cell": ("Cel {cell}: gedrag {behaviour}, gevolgen {consequence}",
                 "Cell {cell}: behaviour {behaviour}, consequences {consequence}"),
    "lhs_intervention": ("Interventie", "Intervention"),
    "lhs_none": ("geen cel gekozen", "no cell chosen"),
    "referrals": ("Doorverwijzingen", "Referrals"),
    "referral_kind": ("Soort", "Kind"),
    "referral_consent": ("Toestemming warme overdracht", "Consent to warm handover"),
    "referral_to": ("Overgedragen aan", "Handed over to"),
    "note": ("Toelichting", "Note"),
    "no_referrals": ("Geen doorverwijzingen.", "No referrals."),
    "signals": ("Signalen aan andere domeinen", "Signals to other domains"),
    "signal_target": ("Aan", "To"),
    "signal_basis": ("Wettelijke grondslag", "Legal basis"),
    "no_signals": ("Geen signalen.", "No signals."),
    "followup": ("Vervolg", "Follow-up"),
    "followups": ("Vervolgacties", "Follow-up actions"),
    "not_applicable": ("niet van toepassing", "not applicable"),
    "followup_action": ("Actie", "Action"),
    "followup_owner": ("Wie", "Owner"),
    "followup_due": ("Uiterlijk", "Due"),
    "no_followups": ("Geen vervolgacties afgesproken.", "No follow-up actions agreed."),
    "followup_on": ("op {date}", "on {date}"),
    "no_followup": ("geen vervolgafspraak", "no follow-up planned"),
    "empty_text": ("nog niet ingevuld", "not filled in yet"),
    "empty_final": ("niet ingevuld", "not filled in"),
    "outcome_followup": ("Uitkomst en vervolg", "Outcome and follow-up"),
    # 12
    "sign_name": ("Naam", "Name"),
    "sign_appointment": ("Aanstellingsnummer", "Appointment number"),
    "sign_signature": ("Handtekening", "Signature"),
    "sign_date_place": ("Datum en plaats", "Date and place"),
    "sign_fingerprint": ("Vingerafdruk (SHA-256) van de afgeronde inhoud",
                         "Fingerprint (SHA-256) of the finalized content"),
    "fingerprint_mismatch": ("Let op: de opgeslagen inhoud komt niet meer overeen met deze "
                             "vingerafdruk.",
                             "Warning: the stored content no longer matches this fingerprint."),
    # addenda
    "addenda_intro": ("Deze aanvullingen zijn na het afronden toegevoegd. Elke aanvulling is apart "
                      "vastgelegd en ondertekend, met een eigen vingerafdruk, en verwijst naar de "
                      "vingerafdruk die eraan voorafgaat; de vastgelegde inhoud van het bezoek zelf "
                      "blijft ongewijzigd.",
                      "These addenda were added after finalizing. Each is recorded and signed on its own, "
                      "with its own fingerprint, and refers to the fingerprint before it; the recorded "
                      "content of the visit itself stays unchanged."),
    "addendum_head": ("Aanvulling {n} – {at}, {author}", "Addendum {n} – {at}, {author}"),
    "addendum_amends": ("Vult aan: vingerafdruk {fp}", "Amends: fingerprint {fp}"),
    "addendum_fingerprint": ("Vingerafdruk van deze aanvulling: {fp}", "Fingerprint of this addendum: {fp}"),
}


def text(key: str, lang: str = "nl", **values: object) -> str:
    """The label ``key`` in ``lang`` (Dutch for anything but "en"), with ``values`` filled in."""
    nl, en = TEXTS[key]
    chosen = en if lang == "en" else nl
    return chosen.format(**values) if values else chosen


def yes_no(value: bool, lang: str = "nl") -> str:
    """"ja"/"nee" or "yes"/"no"."""
    return text("yes" if value else "no", lang)
