<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>AccessPage</name>
    <message>
        <location filename="../../ui/visit/access.py" line="45" />
        <source>Access and consent</source>
        <translation>Toegang en toestemming</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="61" />
        <source>The visit has not started yet. Start it under Preparation when you ring the bell.</source>
        <translation>Het bezoek is nog niet gestart. Start het bij Voorbereiding wanneer u aanbelt.</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="63" />
        <source>Go to Preparation</source>
        <translation>Naar Voorbereiding</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="70" />
        <source>Identification</source>
        <translation>Legitimatie</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="72" />
        <source>I showed my identification and stated the purpose of the visit</source>
        <translation>Ik heb mijn legitimatie getoond en het doel van het bezoek genoemd</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="74" />
        <source>Identification shown</source>
        <translation>Legitimatie getoond</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="85" />
        <source>Present</source>
        <translation>Aanwezig</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="90" />
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="91" />
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="92" />
        <source>Add person</source>
        <translation>Persoon toevoegen</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="98" />
        <source>Consent</source>
        <translation>Toestemming</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="100" />
        <source>Read this text out exactly as shown:</source>
        <translation>Lees deze tekst letterlijk voor:</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="103" />
        <source>Consent text to read out</source>
        <translation>Voor te lezen toestemmingstekst</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="111" />
        <source>Consent given</source>
        <translation>Toestemming gegeven</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="113" />
        <source>Consent refused</source>
        <translation>Toestemming geweigerd</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="122" />
        <source>Consent given or refused by</source>
        <translation>Toestemming gegeven of geweigerd door</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="125" />
        <source>By whom:</source>
        <translation>Door wie:</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="126" />
        <source>The client understood the text</source>
        <translation>De cliënt heeft de tekst begrepen</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="129" />
        <location filename="../../ui/visit/access.py" line="217" />
        <source>Interpreter</source>
        <translation>Tolk</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="130" />
        <source>name or phone interpreter, if any</source>
        <translation>naam of telefoontolk, indien van toepassing</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="132" />
        <source>Interpreter:</source>
        <translation>Tolk:</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="133" />
        <source>Consent form signed</source>
        <translation>Toestemmingsformulier ondertekend</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="135" />
        <source>Why the form was not signed</source>
        <translation>Waarom het formulier niet is ondertekend</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="137" />
        <source>Not signed, because:</source>
        <translation>Niet ondertekend, omdat:</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="138" />
        <source>The consequences of refusing were explained</source>
        <translation>De gevolgen van weigeren zijn uitgelegd</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="140" />
        <source>Separate consent to open cupboards and drawers</source>
        <translation>Aparte toestemming om kasten en lades te openen</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="142" />
        <source>Separate consent to take photos</source>
        <translation>Aparte toestemming om foto's te maken</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="165" />
        <source>Access was refused. The checklist, photos and statement do not apply: record the outcome and finalize the visit.</source>
        <translation>De toegang is geweigerd. Checklist, foto's en verklaring zijn niet van toepassing: leg de uitkomst vast en rond het bezoek af.</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="167" />
        <source>Continue to Outcome</source>
        <translation>Verder naar Uitkomst</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="175" />
        <source>Rooms in scope</source>
        <translation>Ruimtes</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="177" />
        <source>Per room: viewed, refused or not applicable. Other people's belongings and an absent lodger's room are out of scope.</source>
        <translation>Per ruimte: bekeken, geweigerd of n.v.t. Spullen van anderen en de kamer van een afwezige kamerbewoner vallen erbuiten.</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="187" />
        <source>Caution (cautie)</source>
        <translation>Cautie</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="190" />
        <source>Caution given, in these words:</source>
        <translation>Cautie gegeven, met deze woorden:</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="195" />
        <source>No caution needed (no questioning with a view to a fine)</source>
        <translation>Geen cautie nodig (geen verhoor met het oog op een boete)</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="198" />
        <source>Why no caution was needed</source>
        <translation>Waarom geen cautie nodig was</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="199" />
        <source>why no caution was needed</source>
        <translation>waarom geen cautie nodig was</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="215" />
        <source>Client</source>
        <translation>Cliënt</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="215" />
        <source>Partner</source>
        <translation>Partner</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="216" />
        <source>Co-occupant</source>
        <translation>Medebewoner</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="216" />
        <source>Child</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="217" />
        <source>Landlord</source>
        <translation>Verhuurder</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="218" />
        <source>Other</source>
        <translation>Overig</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="271" />
        <source>viewed</source>
        <translation>bekeken</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="271" />
        <source>refused</source>
        <translation>geweigerd</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="272" />
        <source>n/a</source>
        <translation>n.v.t.</translation>
    </message>
    <message>
        <location filename="../../ui/visit/access.py" line="296" />
        <source>Recorded at {when}.</source>
        <translation>Vastgelegd op {when}.</translation>
    </message>
</context>
<context>
    <name>ChecklistPage</name>
    <message>
        <location filename="../../ui/visit/checklist.py" line="25" />
        <source>Checklist</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <location filename="../../ui/visit/checklist.py" line="29" />
        <source>Items marked * are required. Record facts, not judgements; the regulation each item rests on is shown under it.</source>
        <translation>Onderdelen met * zijn verplicht. Leg feiten vast, geen oordelen; de regelgeving waarop elk onderdeel rust, staat eronder.</translation>
    </message>
    <message>
        <location filename="../../ui/visit/checklist.py" line="52" />
        <source>{item}: asked per room. Mark rooms as viewed under Access first.</source>
        <translation>{item}: wordt per ruimte gevraagd. Markeer eerst ruimtes als bekeken bij Toegang.</translation>
    </message>
    <message>
        <location filename="../../ui/visit/checklist.py" line="119" />
        <source>Start the visit first (Preparation).</source>
        <translation>Start eerst het bezoek (Voorbereiding).</translation>
    </message>
    <message>
        <location filename="../../ui/visit/checklist.py" line="121" />
        <source>Access was refused: the checklist does not apply.</source>
        <translation>De toegang is geweigerd: de checklist is niet van toepassing.</translation>
    </message>
</context>
<context>
    <name>FinalizePage</name>
    <message>
        <location filename="../../ui/visit/finalize.py" line="36" />
        <location filename="../../ui/visit/finalize.py" line="204" />
        <source>Finalize</source>
        <translation>Afronden</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="43" />
        <source>Still missing before the visit can be finalized</source>
        <translation>Nog nodig voordat het bezoek kan worden afgerond</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="48" />
        <source>Missing items; press Enter to go there</source>
        <translation>Ontbrekende punten; druk op Enter om erheen te gaan</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="53" />
        <source>Click an item (or press Enter) to go to the step where it is recorded.</source>
        <translation>Klik op een punt (of druk op Enter) om naar de stap te gaan waar het wordt vastgelegd.</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="56" />
        <source>Everything required has been recorded. Check the steps once more, then finalize: the visit is locked as evidence and can only be corrected afterwards by an addendum.</source>
        <translation>Alles wat verplicht is, is vastgelegd. Loop de stappen nog eens na en rond dan af: het bezoek wordt vastgelegd als bewijs en kan daarna alleen met een aanvulling worden gecorrigeerd.</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="63" />
        <source>Finalize and record</source>
        <translation>Afronden en vastleggen</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="67" />
        <source>View report</source>
        <translation>Rapport bekijken</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="74" />
        <source>Finalize this visit now? Afterwards nothing can be changed; corrections go in an addendum.</source>
        <translation>Dit bezoek nu afronden? Daarna kan niets meer worden gewijzigd; correcties gaan via een aanvulling.</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="76" />
        <source>Yes, finalize</source>
        <translation>Ja, afronden</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="86" />
        <source>Overview</source>
        <translation>Overzicht</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="107" />
        <source>ground recorded</source>
        <translation>grond vastgelegd</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="108" />
        <source>consent given</source>
        <translation>toestemming gegeven</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="108" />
        <source>access refused</source>
        <translation>toegang geweigerd</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="110" />
        <source>answers: {n}</source>
        <translation>antwoorden: {n}</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="112" />
        <source>photos: {n}</source>
        <translation>foto's: {n}</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="113" />
        <source>signed</source>
        <translation>ondertekend</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="120" />
        <source>not applicable (access refused)</source>
        <translation>niet van toepassing (toegang geweigerd)</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="122" />
        <source>missing: {n}</source>
        <translation>open: {n}</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="124" />
        <source>complete</source>
        <translation>compleet</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="130" />
        <source>Finalized</source>
        <translation>Afgerond</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="136" />
        <source>Fingerprint (SHA-256) of the recorded content:</source>
        <translation>Vingerafdruk (SHA-256) van de vastgelegde inhoud:</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="139" />
        <source>Fingerprint</source>
        <translation>Vingerafdruk</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="192" />
        <source>Finalized on {when} by {who}.</source>
        <translation>Afgerond op {when} door {who}.</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="195" />
        <source>This visit is finalized and locked.</source>
        <translation>Dit bezoek is afgerond en vastgelegd.</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="197" />
        <source>Still missing: {n}</source>
        <translation>Nog open: {n}</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="201" />
        <source>Preparation</source>
        <translation>Voorbereiding</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="201" />
        <source>Access and consent</source>
        <translation>Toegang en toestemming</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="202" />
        <source>Checklist</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="202" />
        <source>Photos</source>
        <translation>Foto's</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="203" />
        <source>Statement</source>
        <translation>Verklaring</translation>
    </message>
    <message>
        <location filename="../../ui/visit/finalize.py" line="203" />
        <source>Outcome</source>
        <translation>Uitkomst</translation>
    </message>
</context>
<context>
    <name>ItemEditor</name>
    <message>
        <location filename="../../ui/visit/items.py" line="84" />
        <source>not answered yet</source>
        <translation>nog niet ingevuld</translation>
    </message>
    <message>
        <location filename="../../ui/visit/items.py" line="94" />
        <source>Help for: {item}</source>
        <translation>Uitleg bij: {item}</translation>
    </message>
    <message>
        <location filename="../../ui/visit/items.py" line="135" />
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <location filename="../../ui/visit/items.py" line="135" />
        <source>No</source>
        <translation>Nee</translation>
    </message>
    <message>
        <location filename="../../ui/visit/items.py" line="136" />
        <source>Unknown</source>
        <translation>Onbekend</translation>
    </message>
    <message>
        <location filename="../../ui/visit/items.py" line="141" />
        <source>— choose —</source>
        <translation>— kies —</translation>
    </message>
    <message>
        <location filename="../../ui/visit/items.py" line="167" />
        <source>dd-mm-yyyy</source>
        <translation>dd-mm-jjjj</translation>
    </message>
    <message>
        <location filename="../../ui/visit/items.py" line="168" />
        <source>dd-mm-yyyy hh:mm</source>
        <translation>dd-mm-jjjj uu:mm</translation>
    </message>
    <message>
        <location filename="../../ui/visit/items.py" line="176" />
        <source>Add photos to this item…</source>
        <translation>Foto's toevoegen bij dit onderdeel…</translation>
    </message>
    <message>
        <location filename="../../ui/visit/items.py" line="180" />
        <source>Show photos</source>
        <translation>Foto's bekijken</translation>
    </message>
    <message>
        <location filename="../../ui/visit/items.py" line="201" />
        <source>Note</source>
        <translation>Notitie</translation>
    </message>
    <message>
        <location filename="../../ui/visit/items.py" line="204" />
        <source>Show note for: {item}</source>
        <translation>Notitie tonen bij: {item}</translation>
    </message>
    <message>
        <location filename="../../ui/visit/items.py" line="209" />
        <source>Add photo</source>
        <translation>Foto toevoegen</translation>
    </message>
    <message>
        <location filename="../../ui/visit/items.py" line="211" />
        <source>Add photo to: {item}</source>
        <translation>Foto toevoegen bij: {item}</translation>
    </message>
    <message>
        <location filename="../../ui/visit/items.py" line="219" />
        <source>Note for: {item}</source>
        <translation>Notitie bij: {item}</translation>
    </message>
    <message>
        <location filename="../../ui/visit/items.py" line="221" />
        <source>Note (facts only)</source>
        <translation>Notitie (alleen feiten)</translation>
    </message>
    <message>
        <location filename="../../ui/visit/items.py" line="293" />
        <source>Photos: {n}</source>
        <translation>Foto's: {n}</translation>
    </message>
</context>
<context>
    <name>OutcomePage</name>
    <message>
        <location filename="../../ui/visit/outcome.py" line="38" />
        <source>Outcome</source>
        <translation>Uitkomst</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="54" />
        <source>Outcome of the visit</source>
        <translation>Uitkomst van het bezoek</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="61" />
        <source>Why was a rule broken? (Tafel van Elf)</source>
        <translation>Waarom werd een regel overtreden? (Tafel van Elf)</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="81" />
        <source>T1 (did not know the rule) points to explaining and helping rather than a sanction.</source>
        <translation>T1 (kende de regel niet) wijst eerder op uitleggen en helpen dan op een sanctie.</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="86" />
        <source>LHS intervention matrix</source>
        <translation>LHS-interventiematrix</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="91" />
        <source>Behaviour \ consequence</source>
        <translation>Gedrag \ gevolg</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="104" />
        <source>LHS cell {cell}</source>
        <translation>LHS-cel {cell}</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="119" />
        <source>Clear cell</source>
        <translation>Cel wissen</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="128" />
        <source>Referrals (service)</source>
        <translation>Doorverwijzingen (hulp)</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="132" />
        <source>Referrals</source>
        <translation>Doorverwijzingen</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="135" />
        <source>Remove selected referral</source>
        <translation>Gekozen doorverwijzing verwijderen</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="141" />
        <source>Kind of referral</source>
        <translation>Soort doorverwijzing</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="144" />
        <source>Refer to:</source>
        <translation>Verwijzen naar:</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="145" />
        <source>The client consents to a warm handover</source>
        <translation>De cliënt stemt in met een warme overdracht</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="149" />
        <source>Handed over to</source>
        <translation>Overgedragen aan</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="150" />
        <source>team or contact person</source>
        <translation>team of contactpersoon</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="151" />
        <source>Handed over to:</source>
        <translation>Overgedragen aan:</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="152" />
        <source>Note on the referral</source>
        <translation>Toelichting bij de doorverwijzing</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="153" />
        <location filename="../../ui/visit/outcome.py" line="186" />
        <location filename="../../ui/visit/outcome.py" line="212" />
        <source>Note:</source>
        <translation>Toelichting:</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="156" />
        <source>Add referral</source>
        <translation>Doorverwijzing toevoegen</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="168" />
        <source>Signals to other domains</source>
        <translation>Signalen aan andere domeinen</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="172" />
        <source>Signals</source>
        <translation>Signalen</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="178" />
        <source>Signal to</source>
        <translation>Signaal aan</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="182" />
        <source>Signal to:</source>
        <translation>Signaal aan:</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="183" />
        <source>Legal basis of the signal</source>
        <translation>Grondslag van het signaal</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="184" />
        <source>Legal basis:</source>
        <translation>Grondslag:</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="185" />
        <source>Note on the signal</source>
        <translation>Toelichting bij het signaal</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="189" />
        <source>Add signal</source>
        <translation>Signaal toevoegen</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="192" />
        <source>Remove selected signal</source>
        <translation>Gekozen signaal verwijderen</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="205" />
        <source>Follow-up</source>
        <translation>Vervolg</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="207" />
        <source>Follow-up date</source>
        <translation>Datum hercontrole of vervolg</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="207" />
        <source>dd-mm-yyyy</source>
        <translation>dd-mm-jjjj</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="209" />
        <source>Follow-up note</source>
        <translation>Toelichting vervolg</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="210" />
        <source>e.g. re-check, documents to send</source>
        <translation>bijv. hercontrole, nog aan te leveren stukken</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="211" />
        <source>Date:</source>
        <translation>Datum:</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="246" />
        <source>Cell {cell}: {intervention}</source>
        <translation>Cel {cell}: {intervention}</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="249" />
        <source>Choose the cell: behaviour (A–D) by consequence (1–4).</source>
        <translation>Kies de cel: gedrag (A–D) bij gevolg (1–4).</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="353" />
        <source>(not yet handed over)</source>
        <translation>(nog niet overgedragen)</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="354" />
        <source>{kind} — warm handover to {to}</source>
        <translation>{kind} — warme overdracht aan {to}</translation>
    </message>
    <message>
        <location filename="../../ui/visit/outcome.py" line="356" />
        <source>{kind} — no warm handover</source>
        <translation>{kind} — geen warme overdracht</translation>
    </message>
</context>
<context>
    <name>PhotosPage</name>
    <message>
        <location filename="../../ui/visit/photos.py" line="46" />
        <source>Photos</source>
        <translation>Foto's</translation>
    </message>
    <message>
        <location filename="../../ui/visit/photos.py" line="60" />
        <source>Import photos…</source>
        <translation>Foto's importeren…</translation>
    </message>
    <message>
        <location filename="../../ui/visit/photos.py" line="64" />
        <source>or drag photo files onto this page. Photos should not show people.</source>
        <translation>of sleep fotobestanden naar deze pagina. Geen personen in beeld.</translation>
    </message>
    <message>
        <location filename="../../ui/visit/photos.py" line="67" />
        <source>Import progress</source>
        <translation>Voortgang importeren</translation>
    </message>
    <message>
        <location filename="../../ui/visit/photos.py" line="83" />
        <source>Photos of this visit</source>
        <translation>Foto's van dit bezoek</translation>
    </message>
    <message>
        <location filename="../../ui/visit/photos.py" line="96" />
        <source>No photos yet.

Use “Import photos…” or drag photo files here. Only photos that support the case; no people in the picture.</source>
        <translation>Nog geen foto's.

Gebruik „Foto's importeren…” of sleep fotobestanden hierheen. Alleen foto's die de zaak onderbouwen; geen personen in beeld.</translation>
    </message>
    <message>
        <location filename="../../ui/visit/photos.py" line="115" />
        <location filename="../../ui/visit/photos.py" line="208" />
        <source>Select a photo to add a caption.</source>
        <translation>Kies een foto om een onderschrift toe te voegen.</translation>
    </message>
    <message>
        <location filename="../../ui/visit/photos.py" line="123" />
        <source>Caption of the selected photo</source>
        <translation>Onderschrift van de gekozen foto</translation>
    </message>
    <message>
        <location filename="../../ui/visit/photos.py" line="124" />
        <source>what the photo shows, where</source>
        <translation>wat de foto laat zien, waar</translation>
    </message>
    <message>
        <location filename="../../ui/visit/photos.py" line="126" />
        <source>Caption:</source>
        <translation>Onderschrift:</translation>
    </message>
    <message>
        <location filename="../../ui/visit/photos.py" line="128" />
        <source>Checklist item:</source>
        <translation>Checklistonderdeel:</translation>
    </message>
    <message>
        <location filename="../../ui/visit/photos.py" line="134" />
        <source>Delete photo</source>
        <translation>Foto verwijderen</translation>
    </message>
    <message>
        <location filename="../../ui/visit/photos.py" line="139" />
        <source>Delete this photo? The audit trail keeps that it existed.</source>
        <translation>Deze foto verwijderen? Het logboek bewaart dat hij bestond.</translation>
    </message>
    <message>
        <location filename="../../ui/visit/photos.py" line="140" />
        <source>Delete</source>
        <translation>Verwijderen</translation>
    </message>
    <message>
        <location filename="../../ui/visit/photos.py" line="151" />
        <source>Import photos</source>
        <translation>Foto's importeren</translation>
    </message>
    <message>
        <location filename="../../ui/visit/photos.py" line="152" />
        <source>Images ({patterns})</source>
        <translation>Afbeeldingen ({patterns})</translation>
    </message>
    <message>
        <location filename="../../ui/visit/photos.py" line="177" />
        <source>%v of %m imported</source>
        <translation>%v van %m geïmporteerd</translation>
    </message>
    <message>
        <location filename="../../ui/visit/photos.py" line="223" />
        <source>(none)</source>
        <translation>(geen)</translation>
    </message>
    <message>
        <location filename="../../ui/visit/photos.py" line="250" />
        <source>No consent for photos has been recorded (Access and consent). Without it, photos cannot be added.</source>
        <translation>Er is geen toestemming voor foto's vastgelegd (Toegang en toestemming). Zonder die toestemming kunnen geen foto's worden toegevoegd.</translation>
    </message>
</context>
<context>
    <name>PreparationPage</name>
    <message>
        <location filename="../../ui/visit/preparation.py" line="40" />
        <source>Preparation</source>
        <translation>Voorbereiding</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="51" />
        <source>Planning</source>
        <translation>Planning</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="55" />
        <source>Planned for:</source>
        <translation>Gepland op:</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="56" />
        <source>The visit was announced to the client</source>
        <translation>Het bezoek is vooraf aangekondigd aan de cliënt</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="58" />
        <source>Announced visit</source>
        <translation>Aangekondigd bezoek</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="67" />
        <source>Reasonable ground</source>
        <translation>Redelijke grond</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="73" />
        <source>Facts of the reasonable ground</source>
        <translation>Feiten van de redelijke grond</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="74" />
        <source>Source of the ground</source>
        <translation>Bron van de grond</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="75" />
        <source>e.g. a report by the LAA, a match by the Inlichtingenbureau</source>
        <translation>bijv. een melding van de LAA, een match van het Inlichtingenbureau</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="76" />
        <source>Date of the ground</source>
        <translation>Datum van de grond</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="76" />
        <source>dd-mm-yyyy</source>
        <translation>dd-mm-jjjj</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="79" />
        <source>Why a lighter means does not suffice</source>
        <translation>Waarom een lichter middel niet volstaat</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="80" />
        <source>Facts:</source>
        <translation>Feiten:</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="81" />
        <source>Source:</source>
        <translation>Bron:</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="82" />
        <source>Date:</source>
        <translation>Datum:</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="84" />
        <source>Why a lighter means
does not suffice:</source>
        <translation>Waarom een lichter
middel niet volstaat:</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="94" />
        <source>Officers</source>
        <translation>Toezichthouders</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="99" />
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="100" />
        <source>Appointment (supervisor/BOA number)</source>
        <translation>Aanstelling (toezichthouder-/BOA-nummer)</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="101" />
        <source>Add officer</source>
        <translation>Toezichthouder toevoegen</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="107" />
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="110" />
        <source>Start visit</source>
        <translation>Bezoek starten</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="112" />
        <source>Record that you rang the bell now</source>
        <translation>Vastleggen dat u nu aanbelt</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="163" />
        <source>not planned</source>
        <translation>niet gepland</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="175" />
        <source>Required: a home visit of this type without a reasonable ground is unlawful.</source>
        <translation>Verplicht: een huisbezoek van dit type zonder redelijke grond is onrechtmatig.</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="177" />
        <source>Optional for this visit type; record it when there is one.</source>
        <translation>Niet verplicht voor dit bezoektype; leg de grond vast als die er is.</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="179" />
        <source>Recorded before the visit started; it can no longer be changed.</source>
        <translation>Vastgelegd vóór de start van het bezoek; kan niet meer worden gewijzigd.</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="188" />
        <source>Started at {when}.</source>
        <translation>Gestart op {when}.</translation>
    </message>
    <message>
        <location filename="../../ui/visit/preparation.py" line="191" />
        <source>Press this when you ring the bell.</source>
        <translation>Druk hierop wanneer u aanbelt.</translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message>
        <location filename="../../ui/visit/view.py" line="82" />
        <source>Report</source>
        <translation>Rapport</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <location filename="../../ui/widgets/signature_pad.py" line="32" />
        <source>Signature pad</source>
        <translation>Handtekeningveld</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/signature_pad.py" line="33" />
        <source>Sign here with a pen, a finger or the mouse.</source>
        <translation>Onderteken hier met een pen, een vinger of de muis.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/signature_pad.py" line="46" />
        <source>Clear</source>
        <translation>Wissen</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/signature_pad.py" line="48" />
        <source>Clear signature</source>
        <translation>Handtekening wissen</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/signature_pad.py" line="174" />
        <source>Signature</source>
        <translation>Handtekening</translation>
    </message>
</context>
<context>
    <name>StatementPage</name>
    <message>
        <location filename="../../ui/visit/statement.py" line="29" />
        <source>Statement</source>
        <translation>Verklaring</translation>
    </message>
    <message>
        <location filename="../../ui/visit/statement.py" line="41" />
        <source>The client's statement</source>
        <translation>Verklaring van de cliënt</translation>
    </message>
    <message>
        <location filename="../../ui/visit/statement.py" line="43" />
        <source>Write down the client's own words. Read the statement back before it is signed.</source>
        <translation>Noteer de eigen woorden van de cliënt. Lees de verklaring voor voordat die wordt ondertekend.</translation>
    </message>
    <message>
        <location filename="../../ui/visit/statement.py" line="45" />
        <source>Statement text</source>
        <translation>Tekst van de verklaring</translation>
    </message>
    <message>
        <location filename="../../ui/visit/statement.py" line="49" />
        <source>The statement was read back to the client</source>
        <translation>De verklaring is aan de cliënt voorgelezen</translation>
    </message>
    <message>
        <location filename="../../ui/visit/statement.py" line="57" />
        <source>Signature</source>
        <translation>Handtekening</translation>
    </message>
    <message>
        <location filename="../../ui/visit/statement.py" line="61" />
        <source>Signed by the client</source>
        <translation>Ondertekend door de cliënt</translation>
    </message>
    <message>
        <location filename="../../ui/visit/statement.py" line="63" />
        <source>Not signed</source>
        <translation>Niet ondertekend</translation>
    </message>
    <message>
        <location filename="../../ui/visit/statement.py" line="75" />
        <source>Why the statement was not signed</source>
        <translation>Waarom de verklaring niet is ondertekend</translation>
    </message>
    <message>
        <location filename="../../ui/visit/statement.py" line="76" />
        <source>why the client did not sign</source>
        <translation>waarom de cliënt niet ondertekende</translation>
    </message>
    <message>
        <location filename="../../ui/visit/statement.py" line="79" />
        <source>The client received a copy</source>
        <translation>De cliënt heeft een afschrift gekregen</translation>
    </message>
</context>
<context>
    <name>VisitView</name>
    <message>
        <location filename="../../ui/visit/view.py" line="129" />
        <source>Steps of the visit</source>
        <translation>Stappen van het bezoek</translation>
    </message>
    <message>
        <location filename="../../ui/visit/view.py" line="177" />
        <source>Saved automatically</source>
        <translation>Automatisch opgeslagen</translation>
    </message>
    <message>
        <location filename="../../ui/visit/view.py" line="181" />
        <source>Close visit</source>
        <translation>Bezoek sluiten</translation>
    </message>
    <message>
        <location filename="../../ui/visit/view.py" line="265" />
        <source>(no client)</source>
        <translation>(geen cliënt)</translation>
    </message>
    <message>
        <location filename="../../ui/visit/view.py" line="282" />
        <source>Locked</source>
        <translation>Vastgelegd</translation>
    </message>
    <message>
        <location filename="../../ui/visit/view.py" line="283" />
        <source>A finalized visit cannot be changed; corrections go in an addendum.</source>
        <translation>Een afgerond bezoek kan niet meer worden gewijzigd; correcties gaan via een aanvulling.</translation>
    </message>
    <message>
        <location filename="../../ui/visit/view.py" line="298" />
        <source>Planned</source>
        <translation>Gepland</translation>
    </message>
    <message>
        <location filename="../../ui/visit/view.py" line="298" />
        <source>In progress</source>
        <translation>Bezig</translation>
    </message>
    <message>
        <location filename="../../ui/visit/view.py" line="299" />
        <source>Finalized</source>
        <translation>Afgerond</translation>
    </message>
    <message>
        <location filename="../../ui/visit/view.py" line="299" />
        <source>Finalized and synced</source>
        <translation>Afgerond en gesynchroniseerd</translation>
    </message>
    <message>
        <location filename="../../ui/visit/view.py" line="316" />
        <source>(n/a)</source>
        <translation>(n.v.t.)</translation>
    </message>
    <message>
        <location filename="../../ui/visit/view.py" line="318" />
        <source>{step}: not applicable, access refused</source>
        <translation>{step}: niet van toepassing, toegang geweigerd</translation>
    </message>
    <message>
        <location filename="../../ui/visit/view.py" line="327" />
        <source>{step}: missing {n}</source>
        <translation>{step}: {n} open</translation>
    </message>
    <message>
        <location filename="../../ui/visit/view.py" line="343" />
        <source>Saving…</source>
        <translation>Opslaan…</translation>
    </message>
    <message>
        <location filename="../../ui/visit/view.py" line="346" />
        <source>Saved</source>
        <translation>Opgeslagen</translation>
    </message>
    <message>
        <location filename="../../ui/visit/view.py" line="349" />
        <source>Not saved</source>
        <translation>Niet opgeslagen</translation>
    </message>
    <message>
        <location filename="../../ui/visit/view.py" line="353" />
        <source>Cannot load</source>
        <translation>Kan niet laden</translation>
    </message>
</context>
<context>
    <name>visit</name>
    <message>
        <location filename="../../ui/visit/forms.py" line="49" />
        <source>Message</source>
        <translation>Melding</translation>
    </message>
    <message>
        <location filename="../../ui/visit/forms.py" line="269" />
        <source>Still to do</source>
        <translation>Nog te doen</translation>
    </message>
    <message>
        <location filename="../../ui/visit/forms.py" line="295" />
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <location filename="../../ui/visit/rows.py" line="93" />
        <source>Remove row {n}</source>
        <translation>Regel {n} verwijderen</translation>
    </message>
</context>
</TS>