<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>CaseDetailPanel</name>
    <message>
        <source>Choose a case in the list to see its details.</source>
        <translation>Kies een zaak in de lijst om de gegevens te zien.</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Zaak</translation>
    </message>
    <message>
        <source>&amp;Plan visit…</source>
        <translation>Bezoek &amp;plannen…</translation>
    </message>
    <message>
        <source>Plan a visit for this case</source>
        <translation>Een bezoek plannen voor deze zaak</translation>
    </message>
    <message>
        <source>Open &amp;visit</source>
        <translation>Bezoek &amp;openen</translation>
    </message>
    <message>
        <source>Open the selected visit</source>
        <translation>Het gekozen bezoek openen</translation>
    </message>
    <message>
        <source>Address and persons</source>
        <translation>Adres en personen</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adres</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>Reasonable ground</source>
        <translation>Redelijke grond</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Bezoeken</translation>
    </message>
    <message>
        <source>Visits of this case</source>
        <translation>Bezoeken van deze zaak</translation>
    </message>
    <message>
        <source>No visits yet. Use &apos;Plan visit&apos; to plan one.</source>
        <translation>Nog geen bezoeken. Plan er een met ‘Bezoek plannen’.</translation>
    </message>
    <message>
        <source>Open follow-ups</source>
        <translation>Openstaande vervolgacties</translation>
    </message>
    <message>
        <source>due %1</source>
        <translation>uiterlijk %1</translation>
    </message>
    <message>
        <source>No address recorded.</source>
        <translation>Geen adres vastgelegd.</translation>
    </message>
    <message>
        <source>No persons recorded.</source>
        <translation>Geen personen vastgelegd.</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>Bron: %1</translation>
    </message>
    <message>
        <source>Date: %1</source>
        <translation>Datum: %1</translation>
    </message>
    <message>
        <source>Why a lighter means does not suffice: %1</source>
        <translation>Waarom een lichter middel niet volstaat: %1</translation>
    </message>
    <message>
        <source>%1: %2 (%3) — visit %4</source>
        <translation>%1: %2 (%3) — bezoek %4</translation>
    </message>
    <message>
        <source>%1: follow-up of the visit %2 of %3</source>
        <translation>%1: vervolg op bezoek %2 van %3</translation>
    </message>
    <message>
        <source>No open follow-ups.</source>
        <translation>Geen openstaande vervolgacties.</translation>
    </message>
    <message>
        <source>BSN %1</source>
        <translation>BSN %1</translation>
    </message>
    <message>
        <source>born %1</source>
        <translation>geboren %1</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <source>Case number</source>
        <translation>Zaaknummer</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliënt</translation>
    </message>
    <message>
        <source>BSN</source>
        <translation>BSN</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adres</translation>
    </message>
    <message>
        <source>Domain</source>
        <translation>Domein</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Next visit</source>
        <translation>Volgend bezoek</translation>
    </message>
    <message>
        <source>Follow-ups</source>
        <translation>Vervolgacties</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <source>Search by name, BSN, address or case number</source>
        <translation>Zoek op naam, BSN, adres of zaaknummer</translation>
    </message>
    <message>
        <source>Search cases</source>
        <translation>Zoeken in dossiers</translation>
    </message>
    <message>
        <source>Domain filter</source>
        <translation>Filter op domein</translation>
    </message>
    <message>
        <source>All domains</source>
        <translation>Alle domeinen</translation>
    </message>
    <message>
        <source>Number of cases</source>
        <translation>Aantal zaken</translation>
    </message>
    <message>
        <source>&amp;New case…</source>
        <translation>&amp;Nieuwe zaak…</translation>
    </message>
    <message>
        <source>New case</source>
        <translation>Nieuwe zaak</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Zaken</translation>
    </message>
    <message>
        <source>%1 cases</source>
        <translation>%1 zaken</translation>
    </message>
    <message>
        <source>1 case</source>
        <translation>1 zaak</translation>
    </message>
    <message>
        <source>%1 of %2 cases</source>
        <translation>%1 van %2 zaken</translation>
    </message>
    <message>
        <source>%1 of 1 case</source>
        <translation>%1 van 1 zaak</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Welcome to Inspector</source>
        <translation>Welkom bij Inspector</translation>
    </message>
    <message>
        <source>Inspector keeps your cases and visits on this laptop, encrypted, and works without a network. Who are you? Your name and appointment number appear in every report you make.</source>
        <translation>Inspector bewaart uw zaken en bezoeken versleuteld op deze laptop en werkt ook zonder netwerk. Wie bent u? Uw naam en aanstellingsnummer komen in elk rapport dat u opmaakt.</translation>
    </message>
    <message>
        <source>e.g. Inspector Test</source>
        <translation>bijv. Toezichthouder Test</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Naam</translation>
    </message>
    <message>
        <source>supervisor or BOA number, e.g. TH-0042</source>
        <translation>toezichthouder- of BOA-nummer, bijv. TH-0042</translation>
    </message>
    <message>
        <source>&amp;Appointment number</source>
        <translation>&amp;Aanstellingsnummer</translation>
    </message>
    <message>
        <source>&amp;Team</source>
        <translation>&amp;Team</translation>
    </message>
    <message>
        <source>Load &amp;demo data: practice cases with test BSNs, no real people</source>
        <translation>&amp;Demogegevens laden: oefenzaken met test-BSN’s, geen echte personen</translation>
    </message>
    <message>
        <source>Load demo data</source>
        <translation>Demogegevens laden</translation>
    </message>
    <message>
        <source>Loading demo data</source>
        <translation>Demogegevens worden geladen</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Beginnen</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Bezig met opslaan…</translation>
    </message>
    <message>
        <source>Loading demo data… this takes a few seconds.</source>
        <translation>Demogegevens worden geladen… dit duurt enkele seconden.</translation>
    </message>
</context>
<context>
    <name>KeyringProblemDialog</name>
    <message>
        <source>The keyring cannot be reached</source>
        <translation>De sleutelbos is niet bereikbaar</translation>
    </message>
    <message>
        <source>Need to work now? Start a separate workspace protected with a passphrase in %1. Your existing workspace stays as it is and opens again once the keyring can be reached; after signing in to the server, synchronising brings your cases into the new one.</source>
        <translation>Moet u nu verder werken? Begin een aparte werkmap, beveiligd met een wachtwoordzin, in %1. Uw bestaande werkmap blijft zoals hij is en gaat weer open zodra de sleutelbos bereikbaar is; na aanmelden bij de server haalt synchroniseren uw zaken naar de nieuwe werkmap.</translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation>&amp;Opnieuw proberen</translation>
    </message>
    <message>
        <source>Workspace with a &amp;passphrase…</source>
        <translation>Werkmap met &amp;wachtwoordzin…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Afsluiten</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Navigation</source>
        <translation>Navigatie</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Vandaag</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <source>Opening your workspace…</source>
        <translation>Uw werkmap wordt geopend…</translation>
    </message>
    <message>
        <source>Signed in as</source>
        <translation>Aangemeld als</translation>
    </message>
    <message>
        <source>Synchronisation status</source>
        <translation>Status synchronisatie</translation>
    </message>
    <message>
        <source>Synchronisation progress</source>
        <translation>Voortgang synchronisatie</translation>
    </message>
    <message>
        <source>Unsynced changes</source>
        <translation>Niet-gesynchroniseerde wijzigingen</translation>
    </message>
    <message>
        <source>&amp;Today</source>
        <translation>&amp;Vandaag</translation>
    </message>
    <message>
        <source>&amp;Cases</source>
        <translation>&amp;Dossiers</translation>
    </message>
    <message>
        <source>Open &amp;visit</source>
        <translation>Bezoek &amp;openen</translation>
    </message>
    <message>
        <source>&amp;Search cases</source>
        <translation>&amp;Zoeken in dossiers</translation>
    </message>
    <message>
        <source>&amp;New case…</source>
        <translation>&amp;Nieuwe zaak…</translation>
    </message>
    <message>
        <source>&amp;Plan visit…</source>
        <translation>Bezoek &amp;plannen…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Ve&amp;rnieuwen</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>&amp;Instellingen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Afsluiten</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Sneltoetsen</translation>
    </message>
    <message>
        <source>&amp;About Inspector</source>
        <translation>&amp;Over Inspector</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Bestand</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>Bee&amp;ld</translation>
    </message>
    <message>
        <source>S&amp;ynchronisation</source>
        <translation>S&amp;ynchronisatie</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Werkbalk</translation>
    </message>
    <message>
        <source>Unsynced changes: %1</source>
        <translation>Niet-gesynchroniseerde wijzigingen: %1</translation>
    </message>
    <message>
        <source>Everything is synchronised</source>
        <translation>Alles is gesynchroniseerd</translation>
    </message>
    <message>
        <source>Case %1 created.</source>
        <translation>Zaak %1 is aangemaakt.</translation>
    </message>
    <message>
        <source>Choose a case first, then plan the visit.</source>
        <translation>Kies eerst een zaak en plan dan het bezoek.</translation>
    </message>
    <message>
        <source>Visit planned for %1.</source>
        <translation>Bezoek gepland op %1.</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Bezoek</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Taal</translation>
    </message>
    <message>
        <source>The new language is used the next time you start Inspector.</source>
        <translation>De nieuwe taal wordt gebruikt zodra u Inspector opnieuw start.</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Sneltoetsen</translation>
    </message>
    <message>
        <source>About Inspector</source>
        <translation>Over Inspector</translation>
    </message>
    <message>
        <source>Inspector %1
Home visits and inspections, offline first.

Workspace: %2</source>
        <translation>Inspector %1
Huisbezoeken en controles, ook zonder netwerk.

Werkmap: %2</translation>
    </message>
</context>
<context>
    <name>NewCaseDialog</name>
    <message>
        <source>New case</source>
        <translation>Nieuwe zaak</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Zaak</translation>
    </message>
    <message>
        <source>Case &amp;number</source>
        <translation>&amp;Zaaknummer</translation>
    </message>
    <message>
        <source>e.g. 2026-0123</source>
        <translation>bijv. 2026-0123</translation>
    </message>
    <message>
        <source>&amp;Domain</source>
        <translation>&amp;Domein</translation>
    </message>
    <message>
        <source>e.g. Intake application</source>
        <translation>bijv. Intake bijstand</translation>
    </message>
    <message>
        <source>Sub&amp;ject</source>
        <translation>&amp;Onderwerp</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliënt</translation>
    </message>
    <message>
        <source>&amp;First names</source>
        <translation>&amp;Voornamen</translation>
    </message>
    <message>
        <source>e.g. van den</source>
        <translation>bijv. van den</translation>
    </message>
    <message>
        <source>Surname pr&amp;efix</source>
        <translation>Voorvoegs&amp;el</translation>
    </message>
    <message>
        <source>S&amp;urname</source>
        <translation>Achter&amp;naam</translation>
    </message>
    <message>
        <source>&amp;BSN</source>
        <translation>&amp;BSN</translation>
    </message>
    <message>
        <source>9 digits</source>
        <translation>9 cijfers</translation>
    </message>
    <message>
        <source>dd-mm-yyyy</source>
        <translation>dd-mm-jjjj</translation>
    </message>
    <message>
        <source>Date of b&amp;irth</source>
        <translation>&amp;Geboortedatum</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adres</translation>
    </message>
    <message>
        <source>&amp;Postcode</source>
        <translation>&amp;Postcode</translation>
    </message>
    <message>
        <source>e.g. 1234 AB</source>
        <translation>bijv. 1234 AB</translation>
    </message>
    <message>
        <source>&amp;House number</source>
        <translation>&amp;Huisnummer</translation>
    </message>
    <message>
        <source>House &amp;letter</source>
        <translation>Huis&amp;letter</translation>
    </message>
    <message>
        <source>Suffi&amp;x</source>
        <translation>&amp;Toevoeging</translation>
    </message>
    <message>
        <source>&amp;Street</source>
        <translation>&amp;Straat</translation>
    </message>
    <message>
        <source>&amp;Town</source>
        <translation>&amp;Woonplaats</translation>
    </message>
    <message>
        <source>&amp;Create case</source>
        <translation>Aan&amp;maken</translation>
    </message>
    <message>
        <source>Enter a case number.</source>
        <translation>Vul een zaaknummer in.</translation>
    </message>
</context>
<context>
    <name>PlanVisitDialog</name>
    <message>
        <source>Plan a visit</source>
        <translation>Bezoek plannen</translation>
    </message>
    <message>
        <source>Visit &amp;type</source>
        <translation>&amp;Bezoektype</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>&amp;Datum</translation>
    </message>
    <message>
        <source>T&amp;ime</source>
        <translation>&amp;Tijd</translation>
    </message>
    <message>
        <source>&amp;Announced (the resident was told in advance)</source>
        <translation>&amp;Aangekondigd (de bewoner is vooraf ingelicht)</translation>
    </message>
    <message>
        <source>Announced</source>
        <translation>Aangekondigd</translation>
    </message>
    <message>
        <source>&amp;Plan visit</source>
        <translation>Bezoek &amp;plannen</translation>
    </message>
    <message>
        <source>There is no visit type for this domain.</source>
        <translation>Er is geen bezoektype voor dit domein.</translation>
    </message>
</context>
<context>
    <name>RestoreOffer</name>
    <message>
        <source>Inspector cannot open your data</source>
        <translation>Inspector kan uw gegevens niet openen</translation>
    </message>
    <message>
        <source>Restore the backup of %1 now?</source>
        <translation>De reservekopie van %1 nu terugzetten?</translation>
    </message>
    <message>
        <source>The damaged file is kept aside; nothing is deleted.</source>
        <translation>Het beschadigde bestand wordt apart bewaard; er wordt niets verwijderd.</translation>
    </message>
    <message>
        <source>&amp;Restore backup</source>
        <translation>&amp;Reservekopie terugzetten</translation>
    </message>
    <message>
        <source>&amp;Close Inspector</source>
        <translation>Inspector &amp;sluiten</translation>
    </message>
    <message>
        <source>The backup %1 was restored.</source>
        <translation>De reservekopie %1 is teruggezet.</translation>
    </message>
    <message>
        <source>The file it replaced is kept as %1.</source>
        <translation>Het bestand dat erdoor is vervangen, is bewaard als %1.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Instellingen</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Toezichthouder</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Naam</translation>
    </message>
    <message>
        <source>&amp;Appointment number</source>
        <translation>&amp;Aanstellingsnummer</translation>
    </message>
    <message>
        <source>&amp;Team</source>
        <translation>&amp;Team</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Taal</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>Taa&amp;l</translation>
    </message>
    <message>
        <source>A different language takes effect when Inspector is started again.</source>
        <translation>Een andere taal gaat in wanneer Inspector opnieuw wordt gestart.</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Rapport</translation>
    </message>
    <message>
        <source>e.g. Municipality of Utrecht</source>
        <translation>bijv. Gemeente Utrecht</translation>
    </message>
    <message>
        <source>&amp;Municipality</source>
        <translation>&amp;Gemeente</translation>
    </message>
    <message>
        <source>Municipality a&amp;ddress</source>
        <translation>A&amp;dres gemeente</translation>
    </message>
    <message>
        <source>Show the full &amp;BSN in reports (otherwise masked)</source>
        <translation>Volledig &amp;BSN tonen in rapporten (anders gemaskeerd)</translation>
    </message>
    <message>
        <source>Show the full BSN in reports</source>
        <translation>Volledig BSN tonen in rapporten</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Foto’s</translation>
    </message>
    <message>
        <source>Ma&amp;ximum photo size (long side)</source>
        <translation>Ma&amp;ximale fotogrootte (lange zijde)</translation>
    </message>
</context>
<context>
    <name>SyncWiring</name>
    <message>
        <source>S&amp;ynchronise</source>
        <translation>S&amp;ynchroniseren</translation>
    </message>
    <message>
        <source>Stop s&amp;ynchronising</source>
        <translation>S&amp;ynchronisatie stoppen</translation>
    </message>
    <message>
        <source>&amp;Server settings…</source>
        <translation>&amp;Serverinstellingen…</translation>
    </message>
    <message>
        <source>&amp;Conflicts…</source>
        <translation>&amp;Conflicten…</translation>
    </message>
    <message>
        <source>Laptop revoked</source>
        <translation>Laptop ingetrokken</translation>
    </message>
    <message>
        <source>The administrator revoked this laptop. Its Inspector data has been removed; Inspector closes now.</source>
        <translation>De beheerder heeft deze laptop ingetrokken. De gegevens van Inspector op deze laptop zijn verwijderd; Inspector wordt nu gesloten.</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>Today</source>
        <translation>Vandaag</translation>
    </message>
    <message>
        <source>&amp;Open visit</source>
        <translation>Bezoek &amp;openen</translation>
    </message>
    <message>
        <source>Open the selected visit</source>
        <translation>Het gekozen bezoek openen</translation>
    </message>
    <message>
        <source>Today&apos;s visits</source>
        <translation>Bezoeken van vandaag</translation>
    </message>
    <message>
        <source>No visits planned for today.</source>
        <translation>Voor vandaag zijn geen bezoeken gepland.</translation>
    </message>
    <message>
        <source>Coming days</source>
        <translation>Komende dagen</translation>
    </message>
    <message>
        <source>Visits of the coming days</source>
        <translation>Bezoeken van de komende dagen</translation>
    </message>
    <message>
        <source>No visits planned for the coming days.</source>
        <translation>Voor de komende dagen zijn geen bezoeken gepland.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Where to start&lt;/b&gt;&lt;br&gt;Create a case with &lt;b&gt;New case&lt;/b&gt; (Ctrl+N), then plan a visit in it (Ctrl+B); on the day it appears here. Does your municipality use a server? Sign in under &lt;b&gt;Synchronisation → Server settings&lt;/b&gt;: your planned visits then come here by themselves.</source>
        <translation>&lt;b&gt;Zo begint u&lt;/b&gt;&lt;br&gt;Maak een zaak aan met &lt;b&gt;Nieuwe zaak&lt;/b&gt; (Ctrl+N) en plan daarin een bezoek (Ctrl+B); op de dag zelf staat het hier. Werkt uw gemeente met een server? Meld u aan via &lt;b&gt;Synchronisatie → Serverinstellingen&lt;/b&gt;: uw geplande bezoeken komen dan vanzelf hierheen.</translation>
    </message>
    <message>
        <source>&amp;New case…</source>
        <translation>&amp;Nieuwe zaak…</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Choose a passphrase</source>
        <translation>Kies een wachtwoordzin</translation>
    </message>
    <message>
        <source>Unlock Inspector</source>
        <translation>Inspector ontgrendelen</translation>
    </message>
    <message>
        <source>Choose a passphrase of at least %1 characters and type it twice. You need it every time you start Inspector; without it nobody, not even the helpdesk, can open the data on this laptop.</source>
        <translation>Kies een wachtwoordzin van minstens %1 tekens en typ hem twee keer. U hebt hem nodig bij elke start van Inspector; zonder wachtwoordzin kan niemand, ook de helpdesk niet, de gegevens op deze laptop openen.</translation>
    </message>
    <message>
        <source>There is no secure keyring on this computer, so the data of this workspace is protected with a passphrase. Enter it to continue.</source>
        <translation>Er is geen beveiligde sleutelbos (keyring) op deze computer. Daarom zijn de gegevens van deze werkmap beveiligd met een wachtwoordzin. Voer die in om verder te gaan.</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>Uitleg</translation>
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation>&amp;Wachtwoordzin</translation>
    </message>
    <message>
        <source>&amp;Repeat passphrase</source>
        <translation>&amp;Herhaal wachtwoordzin</translation>
    </message>
    <message>
        <source>Workspace: %1</source>
        <translation>Werkmap: %1</translation>
    </message>
    <message>
        <source>Opening the workspace</source>
        <translation>Werkmap wordt geopend</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Ontgrendelen</translation>
    </message>
    <message>
        <source>Choose a passphrase of at least %1 characters.</source>
        <translation>Kies een wachtwoordzin van minstens %1 tekens.</translation>
    </message>
    <message>
        <source>The two passphrases differ. Type it again.</source>
        <translation>De twee wachtwoordzinnen verschillen. Typ hem opnieuw.</translation>
    </message>
    <message>
        <source>Enter the passphrase.</source>
        <translation>Voer de wachtwoordzin in.</translation>
    </message>
</context>
<context>
    <name>VisitTableModel</name>
    <message>
        <source>Planned for</source>
        <translation>Gepland op</translation>
    </message>
    <message>
        <source>Visit type</source>
        <translation>Bezoektype</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliënt</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adres</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>Zaaknummer</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Uitkomst</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Inspector cannot open your data</source>
        <translation>Inspector kan uw gegevens niet openen</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Storage problem</source>
        <translation>Probleem met de opslag</translation>
    </message>
    <message>
        <source>Cannot do that</source>
        <translation>Dat kan niet</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>Onverwachte fout</translation>
    </message>
    <message>
        <source>Something went wrong in Inspector. Your saved work is safe. Please send the log file to the helpdesk.</source>
        <translation>Er ging iets mis in Inspector. Uw opgeslagen werk is veilig. Stuur het logbestand naar de helpdesk.</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>Social</source>
        <translation>Sociaal</translation>
    </message>
    <message>
        <source>Physical</source>
        <translation>Fysiek</translation>
    </message>
    <message>
        <source>Public order</source>
        <translation>Openbare orde</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Gesloten</translation>
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
        <source>Synced</source>
        <translation>Gesynchroniseerd</translation>
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
        <source>Co-resident</source>
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
        <source>Interpreter</source>
        <translation>Tolk</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Overig</translation>
    </message>
</context>
</TS>
