<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>AccessPage</name>
    <message>
        <source>The visit has not started yet. Start it under Preparation when you ring the bell.</source>
        <translation>Het bezoek is nog niet gestart. Start het bij Voorbereiding wanneer u aanbelt.</translation>
    </message>
    <message>
        <source>Go to Preparation</source>
        <translation>Naar Voorbereiding</translation>
    </message>
    <message>
        <source>Times (as observed)</source>
        <translation>Tijden (zoals waargenomen)</translation>
    </message>
    <message>
        <source>Press Now when it happens, or type the time as it was. Corrections are kept in the audit trail.</source>
        <translation>Druk op Nu op het moment zelf, of typ de tijd zoals die was. Correcties blijven bewaard in het logboek.</translation>
    </message>
    <message>
        <source>Rang the bell</source>
        <translation>Aangebeld</translation>
    </message>
    <message>
        <source>Entered</source>
        <translation>Binnengetreden</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Vertrokken</translation>
    </message>
    <message>
        <source>Identification</source>
        <translation>Legitimatie</translation>
    </message>
    <message>
        <source>I showed my identification and stated the purpose of the visit</source>
        <translation>Ik heb mijn legitimatie getoond en het doel van het bezoek genoemd</translation>
    </message>
    <message>
        <source>Identification shown</source>
        <translation>Legitimatie getoond</translation>
    </message>
    <message>
        <source>Time identification was shown</source>
        <translation>Tijdstip waarop de legitimatie is getoond</translation>
    </message>
    <message>
        <source>Shown at:</source>
        <translation>Getoond om:</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>Aanwezig</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>Add person</source>
        <translation>Persoon toevoegen</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Toestemming</translation>
    </message>
    <message>
        <source>Read this text out exactly as shown:</source>
        <translation>Lees deze tekst letterlijk voor:</translation>
    </message>
    <message>
        <source>Consent text to read out</source>
        <translation>Voor te lezen toestemmingstekst</translation>
    </message>
    <message>
        <source>Consent given</source>
        <translation>Toestemming gegeven</translation>
    </message>
    <message>
        <source>Consent refused</source>
        <translation>Toestemming geweigerd</translation>
    </message>
    <message>
        <source>Consent given or refused by</source>
        <translation>Toestemming gegeven of geweigerd door</translation>
    </message>
    <message>
        <source>By whom:</source>
        <translation>Door wie:</translation>
    </message>
    <message>
        <source>The client understood the text</source>
        <translation>De cliënt heeft de tekst begrepen</translation>
    </message>
    <message>
        <source>Interpreter</source>
        <translation>Tolk</translation>
    </message>
    <message>
        <source>name or phone interpreter, if any</source>
        <translation>naam of telefoontolk, indien van toepassing</translation>
    </message>
    <message>
        <source>Interpreter:</source>
        <translation>Tolk:</translation>
    </message>
    <message>
        <source>Consent form signed</source>
        <translation>Toestemmingsformulier ondertekend</translation>
    </message>
    <message>
        <source>Why the form was not signed</source>
        <translation>Waarom het formulier niet is ondertekend</translation>
    </message>
    <message>
        <source>Not signed, because:</source>
        <translation>Niet ondertekend, omdat:</translation>
    </message>
    <message>
        <source>The consequences of refusing were explained</source>
        <translation>De gevolgen van weigeren zijn uitgelegd</translation>
    </message>
    <message>
        <source>Separate consent to open cupboards and drawers</source>
        <translation>Aparte toestemming om kasten en lades te openen</translation>
    </message>
    <message>
        <source>Separate consent to take photos</source>
        <translation>Aparte toestemming om foto&apos;s te maken</translation>
    </message>
    <message>
        <source>Access was refused. The checklist, photos and statement do not apply: record the outcome and finalize the visit.</source>
        <translation>De toegang is geweigerd. Checklist, foto&apos;s en verklaring zijn niet van toepassing: leg de uitkomst vast en rond het bezoek af.</translation>
    </message>
    <message>
        <source>Continue to Outcome</source>
        <translation>Verder naar Uitkomst</translation>
    </message>
    <message>
        <source>Rooms in scope</source>
        <translation>Ruimtes</translation>
    </message>
    <message>
        <source>Per room: viewed, refused or not applicable. Other people&apos;s belongings and an absent lodger&apos;s room are out of scope.</source>
        <translation>Per ruimte: bekeken, geweigerd of n.v.t. Spullen van anderen en de kamer van een afwezige kamerbewoner vallen erbuiten.</translation>
    </message>
    <message>
        <source>Caution (cautie)</source>
        <translation>Cautie</translation>
    </message>
    <message>
        <source>Caution given, in these words:</source>
        <translation>Cautie gegeven, met deze woorden:</translation>
    </message>
    <message>
        <source>No caution needed (no questioning with a view to a fine)</source>
        <translation>Geen cautie nodig (geen verhoor met het oog op een boete)</translation>
    </message>
    <message>
        <source>Why no caution was needed</source>
        <translation>Waarom geen cautie nodig was</translation>
    </message>
    <message>
        <source>why no caution was needed</source>
        <translation>waarom geen cautie nodig was</translation>
    </message>
    <message>
        <source>Time of the caution</source>
        <translation>Tijdstip van de cautie</translation>
    </message>
    <message>
        <source>Given at:</source>
        <translation>Gegeven om:</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliënt</translation>
    </message>
    <message>
        <source>Partner</source>
        <translation>Partner</translation>
    </message>
    <message>
        <source>Co-occupant</source>
        <translation>Medebewoner</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Landlord</source>
        <translation>Verhuurder</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Overig</translation>
    </message>
    <message>
        <source>viewed</source>
        <translation>bekeken</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>geweigerd</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>n.v.t.</translation>
    </message>
    <message>
        <source>Opened or shown by</source>
        <translation>Geopend of getoond door</translation>
    </message>
    <message>
        <source>added</source>
        <translation>toegevoegd</translation>
    </message>
    <message>
        <source>{room}: opened or shown by</source>
        <translation>{room}: geopend of getoond door</translation>
    </message>
    <message>
        <source>Who of the persons present opened or showed this room</source>
        <translation>Wie van de aanwezigen deze ruimte opende of liet zien</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Verwijderen</translation>
    </message>
    <message>
        <source>Remove room {room}</source>
        <translation>Ruimte {room} verwijderen</translation>
    </message>
    <message>
        <source>– opened by –</source>
        <translation>– geopend door –</translation>
    </message>
</context>
<context>
    <name>AddendaModel</name>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Door</translation>
    </message>
    <message>
        <source>Addendum</source>
        <translation>Aanvulling</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>Vingerafdruk</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Controle</translation>
    </message>
    <message>
        <source>does not hold: {what}</source>
        <translation>klopt niet: {what}</translation>
    </message>
    <message>
        <source>receipt {when}</source>
        <translation>ontvangstbewijs {when}</translation>
    </message>
    <message>
        <source>no receipt yet</source>
        <translation>nog geen ontvangstbewijs</translation>
    </message>
    <message>
        <source>receipt not checked here</source>
        <translation>ontvangstbewijs hier niet te controleren</translation>
    </message>
    <message>
        <source>holds</source>
        <translation>klopt</translation>
    </message>
</context>
<context>
    <name>AddendaPanel</name>
    <message>
        <source>A finalized visit does not change. A correction or a later finding is recorded as an addendum: signed by this laptop, linked to the fingerprint before it, and printed with the report.</source>
        <translation>Een afgerond bezoek verandert niet meer. Een correctie of latere bevinding legt u vast als aanvulling: ondertekend door deze laptop, gekoppeld aan de vingerafdruk ervoor en afgedrukt bij het rapport.</translation>
    </message>
    <message>
        <source>No addenda yet.</source>
        <translation>Nog geen aanvullingen.</translation>
    </message>
    <message>
        <source>Addenda</source>
        <translation>Aanvullingen</translation>
    </message>
    <message>
        <source>Text of the new addendum</source>
        <translation>Tekst van de nieuwe aanvulling</translation>
    </message>
    <message>
        <source>What is corrected or added, and why</source>
        <translation>Wat wordt gecorrigeerd of aangevuld, en waarom</translation>
    </message>
    <message>
        <source>New addendum</source>
        <translation>Nieuwe aanvulling</translation>
    </message>
    <message>
        <source>Add addendum</source>
        <translation>Aanvulling toevoegen</translation>
    </message>
    <message>
        <source>Record this addendum now? It is signed by this laptop and cannot be changed or removed afterwards.</source>
        <translation>Deze aanvulling nu vastleggen? Ze wordt ondertekend door deze laptop en kan daarna niet meer worden gewijzigd of verwijderd.</translation>
    </message>
    <message>
        <source>Yes, record</source>
        <translation>Ja, vastleggen</translation>
    </message>
    <message>
        <source>Write the addendum first: the text is empty.</source>
        <translation>Schrijf eerst de aanvulling: de tekst is leeg.</translation>
    </message>
</context>
<context>
    <name>ChecklistPage</name>
    <message>
        <source>Items marked * are required. Record facts, not judgements; the regulation each item rests on is shown under it.</source>
        <translation>Onderdelen met * zijn verplicht. Leg feiten vast, geen oordelen; de regelgeving waarop elk onderdeel rust, staat eronder.</translation>
    </message>
    <message>
        <source>All remaining items n/a</source>
        <translation>Alle overige punten n.v.t.</translation>
    </message>
    <message>
        <source>Answer every item that is still open &quot;not applicable&quot;. Answered items stay as they are.</source>
        <translation>Beantwoord elk punt dat nog open staat met &quot;niet van toepassing&quot;. Beantwoorde punten blijven zoals ze zijn.</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Ongedaan maken</translation>
    </message>
    <message>
        <source>1 item marked not applicable.</source>
        <translation>1 punt als n.v.t. gemarkeerd.</translation>
    </message>
    <message>
        <source>{n} items marked not applicable.</source>
        <translation>{n} punten als n.v.t. gemarkeerd.</translation>
    </message>
    <message>
        <source>1 item open again.</source>
        <translation>1 punt staat weer open.</translation>
    </message>
    <message>
        <source>{n} items open again.</source>
        <translation>{n} punten staan weer open.</translation>
    </message>
    <message>
        <source>No open items: nothing was changed.</source>
        <translation>Geen open punten: er is niets gewijzigd.</translation>
    </message>
    <message>
        <source>{item}: asked per room. Mark rooms as viewed under Access first.</source>
        <translation>{item}: wordt per ruimte gevraagd. Markeer eerst ruimtes als bekeken bij Toegang.</translation>
    </message>
    <message>
        <source>Start the visit first (Preparation).</source>
        <translation>Start eerst het bezoek (Voorbereiding).</translation>
    </message>
    <message>
        <source>Access was refused: the checklist does not apply.</source>
        <translation>De toegang is geweigerd: de checklist is niet van toepassing.</translation>
    </message>
</context>
<context>
    <name>EvidencePanel</name>
    <message>
        <source>contact the application manager before you use this report.</source>
        <translation>neem contact op met de functioneel beheerder voordat u dit rapport gebruikt.</translation>
    </message>
    <message>
        <source>Fingerprint matches: the recorded content is unchanged since finalizing.</source>
        <translation>Vingerafdruk klopt: de vastgelegde inhoud is ongewijzigd sinds het afronden.</translation>
    </message>
    <message>
        <source>Warning: the recorded content does not match its fingerprint. It was changed or damaged after finalizing; {contact}
{detail}</source>
        <translation>Let op: de vastgelegde inhoud komt niet overeen met de vingerafdruk. Ze is na het afronden gewijzigd of beschadigd; {contact}
{detail}</translation>
    </message>
    <message>
        <source>Signed by this device &apos;{name}&apos; (key {key}).</source>
        <translation>Ondertekend door dit apparaat &apos;{name}&apos; (sleutel {key}).</translation>
    </message>
    <message>
        <source>Signed by another device: &apos;{name}&apos; (key {key}).</source>
        <translation>Ondertekend door een ander apparaat: &apos;{name}&apos; (sleutel {key}).</translation>
    </message>
    <message>
        <source>Warning: the device&apos;s signature does not match the recorded content; {contact}
{detail}</source>
        <translation>Let op: de handtekening van het apparaat komt niet overeen met de vastgelegde inhoud; {contact}
{detail}</translation>
    </message>
    <message>
        <source>No signature of the device: finalized before signing existed.</source>
        <translation>Geen handtekening van het apparaat: afgerond voordat ondertekenen bestond.</translation>
    </message>
    <message>
        <source>Receipt from the server of {when}.</source>
        <translation>Ontvangstbewijs van de server van {when}.</translation>
    </message>
    <message>
        <source>No receipt yet: it comes with the next sync.</source>
        <translation>Nog geen ontvangstbewijs: wordt verstuurd bij de volgende synchronisatie.</translation>
    </message>
    <message>
        <source>Warning: the server&apos;s receipt does not match this visit; {contact}
{detail}</source>
        <translation>Let op: het ontvangstbewijs van de server komt niet overeen met dit bezoek; {contact}
{detail}</translation>
    </message>
    <message>
        <source>Photos and signature image unchanged ({n}).</source>
        <translation>Foto&apos;s en handtekening ongewijzigd ({n}).</translation>
    </message>
    <message>
        <source>Warning: photos or the signature image were damaged after finalizing; {contact}
{detail}</source>
        <translation>Let op: foto&apos;s of de handtekening zijn na het afronden beschadigd; {contact}
{detail}</translation>
    </message>
    <message>
        <source>holds</source>
        <translation>klopt</translation>
    </message>
    <message>
        <source>does not hold</source>
        <translation>klopt niet</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>nog niet</translation>
    </message>
    <message>
        <source>note</source>
        <translation>opmerking</translation>
    </message>
</context>
<context>
    <name>FinalizePage</name>
    <message>
        <source>Finalize</source>
        <translation>Afronden</translation>
    </message>
    <message>
        <source>Still missing before the visit can be finalized</source>
        <translation>Nog nodig voordat het bezoek kan worden afgerond</translation>
    </message>
    <message>
        <source>Missing items; press Enter to go there</source>
        <translation>Ontbrekende punten; druk op Enter om erheen te gaan</translation>
    </message>
    <message>
        <source>Click an item (or press Enter) to go to the step where it is recorded.</source>
        <translation>Klik op een punt (of druk op Enter) om naar de stap te gaan waar het wordt vastgelegd.</translation>
    </message>
    <message>
        <source>Everything required has been recorded. Check the steps once more, then finalize: the visit is locked as evidence and can only be corrected afterwards by an addendum.</source>
        <translation>Alles wat verplicht is, is vastgelegd. Loop de stappen nog eens na en rond dan af: het bezoek wordt vastgelegd als bewijs en kan daarna alleen met een aanvulling worden gecorrigeerd.</translation>
    </message>
    <message>
        <source>Finalize and record</source>
        <translation>Afronden en vastleggen</translation>
    </message>
    <message>
        <source>View report</source>
        <translation>Rapport bekijken</translation>
    </message>
    <message>
        <source>Finalize this visit now? Afterwards nothing can be changed; corrections go in an addendum.</source>
        <translation>Dit bezoek nu afronden? Daarna kan niets meer worden gewijzigd; correcties gaan via een aanvulling.</translation>
    </message>
    <message>
        <source>Yes, finalize</source>
        <translation>Ja, afronden</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Overzicht</translation>
    </message>
    <message>
        <source>ground recorded</source>
        <translation>grond vastgelegd</translation>
    </message>
    <message>
        <source>consent given</source>
        <translation>toestemming gegeven</translation>
    </message>
    <message>
        <source>access refused</source>
        <translation>toegang geweigerd</translation>
    </message>
    <message>
        <source>answers: {n}</source>
        <translation>antwoorden: {n}</translation>
    </message>
    <message>
        <source>photos: {n}</source>
        <translation>foto&apos;s: {n}</translation>
    </message>
    <message>
        <source>signed</source>
        <translation>ondertekend</translation>
    </message>
    <message>
        <source>not applicable (access refused)</source>
        <translation>niet van toepassing (toegang geweigerd)</translation>
    </message>
    <message>
        <source>missing: {n}</source>
        <translation>open: {n}</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>compleet</translation>
    </message>
    <message>
        <source>Finalized</source>
        <translation>Afgerond</translation>
    </message>
    <message>
        <source>Fingerprint (SHA-256) of the recorded content:</source>
        <translation>Vingerafdruk (SHA-256) van de vastgelegde inhoud:</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>Vingerafdruk</translation>
    </message>
    <message>
        <source>Addenda</source>
        <translation>Aanvullingen</translation>
    </message>
    <message>
        <source>Finalized on {when} by {who}.</source>
        <translation>Afgerond op {when} door {who}.</translation>
    </message>
    <message>
        <source>This visit is finalized and locked.</source>
        <translation>Dit bezoek is afgerond en vastgelegd.</translation>
    </message>
    <message>
        <source>Warning: this finalized visit does not pass the check; see below.</source>
        <translation>Let op: dit afgeronde bezoek komt niet door de controle; zie hieronder.</translation>
    </message>
    <message>
        <source>Still missing: {n}</source>
        <translation>Nog open: {n}</translation>
    </message>
    <message>
        <source>Preparation</source>
        <translation>Voorbereiding</translation>
    </message>
    <message>
        <source>Access and consent</source>
        <translation>Toegang en toestemming</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Foto&apos;s</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>Verklaring</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Uitkomst</translation>
    </message>
</context>
<context>
    <name>FollowUpBox</name>
    <message>
        <source>Follow-up actions</source>
        <translation>Vervolgacties</translation>
    </message>
    <message>
        <source>Follow-up action</source>
        <translation>Vervolgactie</translation>
    </message>
    <message>
        <source>e.g. request the lease from the landlord</source>
        <translation>bijv. huurcontract opvragen bij de verhuurder</translation>
    </message>
    <message>
        <source>Who carries it out</source>
        <translation>Wie voert het uit</translation>
    </message>
    <message>
        <source>a person or a team</source>
        <translation>een persoon of een team</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Uiterste datum</translation>
    </message>
    <message>
        <source>dd-mm-yyyy</source>
        <translation>dd-mm-jjjj</translation>
    </message>
    <message>
        <source>Action:</source>
        <translation>Actie:</translation>
    </message>
    <message>
        <source>Who:</source>
        <translation>Wie:</translation>
    </message>
    <message>
        <source>Due:</source>
        <translation>Uiterlijk:</translation>
    </message>
    <message>
        <source>Add follow-up action</source>
        <translation>Vervolgactie toevoegen</translation>
    </message>
    <message>
        <source>Remove selected action</source>
        <translation>Geselecteerde actie verwijderen</translation>
    </message>
    <message>
        <source>Make it a follow-up action…</source>
        <translation>Omzetten naar vervolgactie…</translation>
    </message>
    <message>
        <source>Fills in the form below with this date and note; choose who carries it out and add it. The earlier date is then cleared (the audit trail keeps it).</source>
        <translation>Vult het formulier hieronder met deze datum en notitie; kies wie de actie uitvoert en voeg haar toe. De eerdere datum vervalt dan (het logboek bewaart hem).</translation>
    </message>
    <message>
        <source>no date</source>
        <translation>geen datum</translation>
    </message>
    <message>
        <source>Follow-up recorded earlier (one date, before follow-up actions): {when}</source>
        <translation>Eerder vastgelegd vervolg (één datum, van vóór de vervolgacties): {when}</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>Vervolg</translation>
    </message>
    <message>
        <source>Enter who carries it out, then add the action.</source>
        <translation>Vul in wie de actie uitvoert en voeg haar dan toe.</translation>
    </message>
    <message>
        <source>{due} — {action} ({owner})</source>
        <translation>{due} — {action} ({owner})</translation>
    </message>
</context>
<context>
    <name>ItemEditor</name>
    <message>
        <source>not answered yet</source>
        <translation>nog niet ingevuld</translation>
    </message>
    <message>
        <source>not applicable</source>
        <translation>n.v.t.</translation>
    </message>
    <message>
        <source>Help for: {item}</source>
        <translation>Uitleg bij: {item}</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nee</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Onbekend</translation>
    </message>
    <message>
        <source>— choose —</source>
        <translation>— kies —</translation>
    </message>
    <message>
        <source>dd-mm-yyyy</source>
        <translation>dd-mm-jjjj</translation>
    </message>
    <message>
        <source>dd-mm-yyyy hh:mm</source>
        <translation>dd-mm-jjjj uu:mm</translation>
    </message>
    <message>
        <source>Add photos to this item…</source>
        <translation>Foto&apos;s toevoegen bij dit onderdeel…</translation>
    </message>
    <message>
        <source>Show photos</source>
        <translation>Foto&apos;s bekijken</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notitie</translation>
    </message>
    <message>
        <source>Show note for: {item}</source>
        <translation>Notitie tonen bij: {item}</translation>
    </message>
    <message>
        <source>Add photo</source>
        <translation>Foto toevoegen</translation>
    </message>
    <message>
        <source>Add photo to: {item}</source>
        <translation>Foto toevoegen bij: {item}</translation>
    </message>
    <message>
        <source>Note for: {item}</source>
        <translation>Notitie bij: {item}</translation>
    </message>
    <message>
        <source>Note (facts only)</source>
        <translation>Notitie (alleen feiten)</translation>
    </message>
    <message>
        <source>Photos: {n}</source>
        <translation>Foto&apos;s: {n}</translation>
    </message>
</context>
<context>
    <name>MomentField</name>
    <message>
        <source>dd-mm-yyyy hh:mm</source>
        <translation>dd-mm-jjjj uu:mm</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Nu</translation>
    </message>
    <message>
        <source>{what}: now</source>
        <translation>{what}: nu</translation>
    </message>
    <message>
        <source>Record the current time</source>
        <translation>Leg de huidige tijd vast</translation>
    </message>
</context>
<context>
    <name>OutcomePage</name>
    <message>
        <source>Outcome of the visit</source>
        <translation>Uitkomst van het bezoek</translation>
    </message>
    <message>
        <source>Why was a rule broken? (Tafel van Elf)</source>
        <translation>Waarom werd een regel overtreden? (Tafel van Elf)</translation>
    </message>
    <message>
        <source>T1 (did not know the rule) points to explaining and helping rather than a sanction.</source>
        <translation>T1 (kende de regel niet) wijst eerder op uitleggen en helpen dan op een sanctie.</translation>
    </message>
    <message>
        <source>LHS intervention matrix</source>
        <translation>LHS-interventiematrix</translation>
    </message>
    <message>
        <source>Behaviour \ consequence</source>
        <translation>Gedrag \ gevolg</translation>
    </message>
    <message>
        <source>LHS cell {cell}</source>
        <translation>LHS-cel {cell}</translation>
    </message>
    <message>
        <source>Clear cell</source>
        <translation>Cel wissen</translation>
    </message>
    <message>
        <source>Referrals (service)</source>
        <translation>Doorverwijzingen (hulp)</translation>
    </message>
    <message>
        <source>Referrals</source>
        <translation>Doorverwijzingen</translation>
    </message>
    <message>
        <source>Remove selected referral</source>
        <translation>Gekozen doorverwijzing verwijderen</translation>
    </message>
    <message>
        <source>Kind of referral</source>
        <translation>Soort doorverwijzing</translation>
    </message>
    <message>
        <source>Refer to:</source>
        <translation>Verwijzen naar:</translation>
    </message>
    <message>
        <source>The client consents to a warm handover</source>
        <translation>De cliënt stemt in met een warme overdracht</translation>
    </message>
    <message>
        <source>Handed over to</source>
        <translation>Overgedragen aan</translation>
    </message>
    <message>
        <source>team or contact person</source>
        <translation>team of contactpersoon</translation>
    </message>
    <message>
        <source>Handed over to:</source>
        <translation>Overgedragen aan:</translation>
    </message>
    <message>
        <source>Note on the referral</source>
        <translation>Toelichting bij de doorverwijzing</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>Toelichting:</translation>
    </message>
    <message>
        <source>Add referral</source>
        <translation>Doorverwijzing toevoegen</translation>
    </message>
    <message>
        <source>Signals to other domains</source>
        <translation>Signalen aan andere domeinen</translation>
    </message>
    <message>
        <source>Signals</source>
        <translation>Signalen</translation>
    </message>
    <message>
        <source>Signal to</source>
        <translation>Signaal aan</translation>
    </message>
    <message>
        <source>Signal to:</source>
        <translation>Signaal aan:</translation>
    </message>
    <message>
        <source>Legal basis of the signal</source>
        <translation>Grondslag van het signaal</translation>
    </message>
    <message>
        <source>Legal basis:</source>
        <translation>Grondslag:</translation>
    </message>
    <message>
        <source>Note on the signal</source>
        <translation>Toelichting bij het signaal</translation>
    </message>
    <message>
        <source>Add signal</source>
        <translation>Signaal toevoegen</translation>
    </message>
    <message>
        <source>Remove selected signal</source>
        <translation>Gekozen signaal verwijderen</translation>
    </message>
    <message>
        <source>Cell {cell}: {intervention}</source>
        <translation>Cel {cell}: {intervention}</translation>
    </message>
    <message>
        <source>Choose the cell: behaviour (A–D) by consequence (1–4).</source>
        <translation>Kies de cel: gedrag (A–D) bij gevolg (1–4).</translation>
    </message>
    <message>
        <source>(not yet handed over)</source>
        <translation>(nog niet overgedragen)</translation>
    </message>
    <message>
        <source>{kind} — warm handover to {to}</source>
        <translation>{kind} — warme overdracht aan {to}</translation>
    </message>
    <message>
        <source>{kind} — no warm handover</source>
        <translation>{kind} — geen warme overdracht</translation>
    </message>
</context>
<context>
    <name>PhotosPage</name>
    <message>
        <source>Import photos…</source>
        <translation>Foto&apos;s importeren…</translation>
    </message>
    <message>
        <source>or drag photo files onto this page. Photos should not show people.</source>
        <translation>of sleep fotobestanden naar deze pagina. Geen personen in beeld.</translation>
    </message>
    <message>
        <source>Import progress</source>
        <translation>Voortgang importeren</translation>
    </message>
    <message>
        <source>Photos of this visit</source>
        <translation>Foto&apos;s van dit bezoek</translation>
    </message>
    <message>
        <source>No photos yet.

Use “Import photos…” or drag photo files here. Only photos that support the case; no people in the picture.</source>
        <translation>Nog geen foto&apos;s.

Gebruik „Foto&apos;s importeren…” of sleep fotobestanden hierheen. Alleen foto&apos;s die de zaak onderbouwen; geen personen in beeld.</translation>
    </message>
    <message>
        <source>Select a photo to add a caption.</source>
        <translation>Kies een foto om een onderschrift toe te voegen.</translation>
    </message>
    <message>
        <source>Caption of the selected photo</source>
        <translation>Onderschrift van de gekozen foto</translation>
    </message>
    <message>
        <source>what the photo shows, where</source>
        <translation>wat de foto laat zien, waar</translation>
    </message>
    <message>
        <source>Caption:</source>
        <translation>Onderschrift:</translation>
    </message>
    <message>
        <source>Checklist item:</source>
        <translation>Checklistonderdeel:</translation>
    </message>
    <message>
        <source>Delete photo</source>
        <translation>Foto verwijderen</translation>
    </message>
    <message>
        <source>Delete this photo? The audit trail keeps that it existed.</source>
        <translation>Deze foto verwijderen? Het logboek bewaart dat hij bestond.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Verwijderen</translation>
    </message>
    <message>
        <source>Import photos</source>
        <translation>Foto&apos;s importeren</translation>
    </message>
    <message>
        <source>Images ({patterns})</source>
        <translation>Afbeeldingen ({patterns})</translation>
    </message>
    <message>
        <source>%v of %m imported</source>
        <translation>%v van %m geïmporteerd</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(geen)</translation>
    </message>
    <message>
        <source>No consent for photos has been recorded (Access and consent). Without it, photos cannot be added.</source>
        <translation>Er is geen toestemming voor foto&apos;s vastgelegd (Toegang en toestemming). Zonder die toestemming kunnen geen foto&apos;s worden toegevoegd.</translation>
    </message>
</context>
<context>
    <name>PreparationPage</name>
    <message>
        <source>Planning</source>
        <translation>Planning</translation>
    </message>
    <message>
        <source>Planned for:</source>
        <translation>Gepland op:</translation>
    </message>
    <message>
        <source>The visit was announced to the client</source>
        <translation>Het bezoek is vooraf aangekondigd aan de cliënt</translation>
    </message>
    <message>
        <source>Announced visit</source>
        <translation>Aangekondigd bezoek</translation>
    </message>
    <message>
        <source>Reasonable ground</source>
        <translation>Redelijke grond</translation>
    </message>
    <message>
        <source>Facts of the reasonable ground</source>
        <translation>Feiten van de redelijke grond</translation>
    </message>
    <message>
        <source>Source of the ground</source>
        <translation>Bron van de grond</translation>
    </message>
    <message>
        <source>e.g. a report by the LAA, a match by the Inlichtingenbureau</source>
        <translation>bijv. een melding van de LAA, een match van het Inlichtingenbureau</translation>
    </message>
    <message>
        <source>Date of the ground</source>
        <translation>Datum van de grond</translation>
    </message>
    <message>
        <source>dd-mm-yyyy</source>
        <translation>dd-mm-jjjj</translation>
    </message>
    <message>
        <source>Why a lighter means does not suffice</source>
        <translation>Waarom een lichter middel niet volstaat</translation>
    </message>
    <message>
        <source>Facts:</source>
        <translation>Feiten:</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Bron:</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>Datum:</translation>
    </message>
    <message>
        <source>Why a lighter means
does not suffice:</source>
        <translation>Waarom een lichter
middel niet volstaat:</translation>
    </message>
    <message>
        <source>Officers</source>
        <translation>Toezichthouders</translation>
    </message>
    <message>
        <source>Supervisory officer (toezichthouder)</source>
        <translation>Toezichthouder</translation>
    </message>
    <message>
        <source>Special investigating officer (boa)</source>
        <translation>Buitengewoon opsporingsambtenaar (boa)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Appointed as</source>
        <translation>Aangesteld als</translation>
    </message>
    <message>
        <source>Appointment (supervisor/BOA number)</source>
        <translation>Aanstelling (toezichthouder-/BOA-nummer)</translation>
    </message>
    <message>
        <source>Add officer</source>
        <translation>Toezichthouder toevoegen</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Start visit</source>
        <translation>Bezoek starten</translation>
    </message>
    <message>
        <source>Begin recording this visit at the door; record the times under Access</source>
        <translation>Begin met vastleggen aan de deur; leg de tijden vast onder Toegang</translation>
    </message>
    <message>
        <source>Press this at the door, before you ring the bell.</source>
        <translation>Druk hierop aan de deur, voordat u aanbelt.</translation>
    </message>
    <message>
        <source>not planned</source>
        <translation>niet gepland</translation>
    </message>
    <message>
        <source>Required: a home visit of this type without a reasonable ground is unlawful.</source>
        <translation>Verplicht: een huisbezoek van dit type zonder redelijke grond is onrechtmatig.</translation>
    </message>
    <message>
        <source>Optional for this visit type; record it when there is one.</source>
        <translation>Niet verplicht voor dit bezoektype; leg de grond vast als die er is.</translation>
    </message>
    <message>
        <source>Recorded before the visit started; it can no longer be changed.</source>
        <translation>Vastgelegd vóór de start van het bezoek; kan niet meer worden gewijzigd.</translation>
    </message>
    <message>
        <source>Started at {when}.</source>
        <translation>Gestart op {when}.</translation>
    </message>
</context>
<context>
    <name>RoomAdder</name>
    <message>
        <source>Add a room the checklist does not list:</source>
        <translation>Ruimte toevoegen die niet in de checklist staat:</translation>
    </message>
    <message>
        <source>Kind of room to add</source>
        <translation>Soort ruimte om toe te voegen</translation>
    </message>
    <message>
        <source>Name of the room to add</source>
        <translation>Naam van de ruimte om toe te voegen</translation>
    </message>
    <message>
        <source>Add room</source>
        <translation>Ruimte toevoegen</translation>
    </message>
    <message>
        <source>Other room (name beside it)</source>
        <translation>Andere ruimte (naam ernaast)</translation>
    </message>
    <message>
        <source>e.g. attic room, second storage room</source>
        <translation>bijv. zolderkamer, tweede berging</translation>
    </message>
    <message>
        <source>Room &apos;{name}&apos; added; its items are in the checklist.</source>
        <translation>Ruimte &apos;{name}&apos; toegevoegd; de vragen staan in de checklist.</translation>
    </message>
    <message>
        <source>Room &apos;{name}&apos; added.</source>
        <translation>Ruimte &apos;{name}&apos; toegevoegd.</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>Signature pad</source>
        <translation>Handtekeningveld</translation>
    </message>
    <message>
        <source>Sign here with a pen, a finger or the mouse.</source>
        <translation>Onderteken hier met een pen, een vinger of de muis.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Wissen</translation>
    </message>
    <message>
        <source>Clear signature</source>
        <translation>Handtekening wissen</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Handtekening</translation>
    </message>
</context>
<context>
    <name>StatementPage</name>
    <message>
        <source>The client&apos;s statement</source>
        <translation>Verklaring van de cliënt</translation>
    </message>
    <message>
        <source>Write down the client&apos;s own words. Read the statement back before it is signed.</source>
        <translation>Noteer de eigen woorden van de cliënt. Lees de verklaring voor voordat die wordt ondertekend.</translation>
    </message>
    <message>
        <source>Statement text</source>
        <translation>Tekst van de verklaring</translation>
    </message>
    <message>
        <source>The statement was read back to the client</source>
        <translation>De verklaring is aan de cliënt voorgelezen</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Handtekening</translation>
    </message>
    <message>
        <source>Signed by the client</source>
        <translation>Ondertekend door de cliënt</translation>
    </message>
    <message>
        <source>Not signed</source>
        <translation>Niet ondertekend</translation>
    </message>
    <message>
        <source>Why the statement was not signed</source>
        <translation>Waarom de verklaring niet is ondertekend</translation>
    </message>
    <message>
        <source>why the client did not sign</source>
        <translation>waarom de cliënt niet ondertekende</translation>
    </message>
    <message>
        <source>The client received a copy</source>
        <translation>De cliënt heeft een afschrift gekregen</translation>
    </message>
</context>
<context>
    <name>VisitView</name>
    <message>
        <source>Steps of the visit</source>
        <translation>Stappen van het bezoek</translation>
    </message>
    <message>
        <source>Saved automatically</source>
        <translation>Automatisch opgeslagen</translation>
    </message>
    <message>
        <source>Close visit</source>
        <translation>Bezoek sluiten</translation>
    </message>
    <message>
        <source>Next step: %1</source>
        <translation>Volgende stap: %1</translation>
    </message>
    <message>
        <source>(no client)</source>
        <translation>(geen cliënt)</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Vastgelegd</translation>
    </message>
    <message>
        <source>A finalized visit cannot be changed; corrections go in an addendum.</source>
        <translation>Een afgerond bezoek kan niet meer worden gewijzigd; correcties gaan via een aanvulling.</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>Gepland</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>Bezig</translation>
    </message>
    <message>
        <source>Finalized</source>
        <translation>Afgerond</translation>
    </message>
    <message>
        <source>Finalized and synced</source>
        <translation>Afgerond en gesynchroniseerd</translation>
    </message>
    <message>
        <source>(n/a)</source>
        <translation>(n.v.t.)</translation>
    </message>
    <message>
        <source>{step}: not applicable, access refused</source>
        <translation>{step}: niet van toepassing, toegang geweigerd</translation>
    </message>
    <message>
        <source>{step}: missing {n}</source>
        <translation>{step}: {n} open</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Opslaan…</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Opgeslagen</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Niet opgeslagen</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Niet opgeslagen: %1</translation>
    </message>
    <message>
        <source>the last change could not be stored. It stays on screen; try again.</source>
        <translation>de laatste wijziging kon niet worden bewaard. Ze blijft op het scherm staan; probeer het opnieuw.</translation>
    </message>
    <message>
        <source>Cannot load</source>
        <translation>Kan niet laden</translation>
    </message>
</context>
<context>
    <name>visit</name>
    <message>
        <source>Message</source>
        <translation>Melding</translation>
    </message>
    <message>
        <source>Still to do</source>
        <translation>Nog te doen</translation>
    </message>
    <message>
        <source>All ({n})</source>
        <translation>Alles ({n})</translation>
    </message>
    <message>
        <source>Nothing left to do in this step.</source>
        <translation>Niets meer te doen in deze stap.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Add {name}</source>
        <translation>{name} toevoegen</translation>
    </message>
    <message>
        <source>Remove row {n}</source>
        <translation>Regel {n} verwijderen</translation>
    </message>
    <message>
        <source>Choose a person</source>
        <translation>Kies een persoon</translation>
    </message>
    <message>
        <source>(nobody recorded as present yet)</source>
        <translation>(nog niemand als aanwezig vastgelegd)</translation>
    </message>
    <message>
        <source>Preparation</source>
        <translation>Voorbereiding</translation>
    </message>
    <message>
        <source>Access and consent</source>
        <translation>Toegang en toestemming</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Foto&apos;s</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>Verklaring</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Uitkomst</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Rapport</translation>
    </message>
    <message>
        <source>Finalize</source>
        <translation>Afronden</translation>
    </message>
    <message>
        <source>Remove room and its answers</source>
        <translation>Ruimte en antwoorden verwijderen</translation>
    </message>
    <message>
        <source>{n} items were answered or noted in &apos;{room}&apos;. Removing the room discards those answers (the audit trail keeps them).</source>
        <translation>In &apos;{room}&apos; zijn {n} vragen beantwoord of van een notitie voorzien. Verwijderen laat die antwoorden vervallen (het logboek bewaart ze).</translation>
    </message>
</context>
</TS>
