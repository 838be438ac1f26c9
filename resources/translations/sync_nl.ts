<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>AddendumDialog</name>
    <message>
        <source>Addendum to the finalized visit</source>
        <translation>Aanvulling bij het afgeronde bezoek</translation>
    </message>
    <message>
        <source>&amp;Text of the addendum (edit it as needed)</source>
        <translation>&amp;Tekst van de aanvulling (pas aan waar nodig)</translation>
    </message>
    <message>
        <source>&amp;Record addendum</source>
        <translation>Aanvulling &amp;vastleggen</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <source>&amp;Remove case from this laptop</source>
        <translation>&amp;Zaak van deze laptop verwijderen</translation>
    </message>
    <message>
        <source>For a case that now belongs to another team: removes it from this laptop, with the changes the server refused.</source>
        <translation>Voor een zaak die nu bij een ander team hoort: verwijdert haar van deze laptop, met de wijzigingen die de server weigerde.</translation>
    </message>
    <message>
        <source>This visit is finalized and says %1 for “%2”. This laptop had %3, the server %4. A finalized visit no longer changes: mark this as seen, or record the difference in an addendum.</source>
        <translation>Dit bezoek is afgerond en vermeldt %1 bij „%2”. Deze laptop had %3, de server %4. Een afgerond bezoek verandert niet meer: markeer dit als gezien, of leg het verschil vast in een aanvulling.</translation>
    </message>
    <message>
        <source>After finalizing it turned out that another laptop had recorded %1 for “%2”; this finalized visit says %3.</source>
        <translation>Na het afronden bleek dat een andere laptop bij „%2” %1 had vastgelegd; dit afgeronde bezoek vermeldt %3.</translation>
    </message>
    <message>
        <source>This laptop had recorded %1 for “%2”, the server %3; the finalized visit says %4.</source>
        <translation>Op deze laptop was bij „%2” %1 vastgelegd, op de server %3; het afgeronde bezoek vermeldt %4.</translation>
    </message>
    <message>
        <source>Case %1, “%2”. The addendum is signed by this laptop, linked to the fingerprint of the finalized visit and printed with its report; the conflict is then settled.</source>
        <translation>Zaak %1, „%2”. De aanvulling wordt ondertekend door deze laptop, gekoppeld aan de vingerafdruk van het afgeronde bezoek en afgedrukt bij het rapport; daarmee is het conflict afgehandeld.</translation>
    </message>
    <message>
        <source>The addendum was recorded and the conflict settled.</source>
        <translation>De aanvulling is vastgelegd en het conflict is afgehandeld.</translation>
    </message>
    <message>
        <source>Remove case from this laptop</source>
        <translation>Zaak van deze laptop verwijderen</translation>
    </message>
    <message>
        <source>Case %1 belongs to a team you are not in. Remove it from this laptop? The changes the server refused are lost; the server keeps the case as it has it.</source>
        <translation>Zaak %1 hoort bij een team waar u geen lid van bent. Van deze laptop verwijderen? De wijzigingen die de server weigerde gaan verloren; de server houdt de zaak zoals die daar staat.</translation>
    </message>
    <message>
        <source>Sync conflicts</source>
        <translation>Synchronisatieconflicten</translation>
    </message>
    <message>
        <source>Keep &amp;mine</source>
        <translation>&amp;Mijn waarde houden</translation>
    </message>
    <message>
        <source>Keep the &amp;server&apos;s</source>
        <translation>Waarde van de &amp;server houden</translation>
    </message>
    <message>
        <source>Make an &amp;addendum…</source>
        <translation>&amp;Aanvulling maken…</translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation>&amp;Opnieuw proberen</translation>
    </message>
    <message>
        <source>Both values are kept until you choose. Your choice is recorded in the audit trail.</source>
        <translation>Beide waarden blijven bewaard tot u kiest. Uw keuze wordt vastgelegd in het audittrail.</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Conflicten</translation>
    </message>
    <message>
        <source>The server refused these records. They wait here and do not block anything else.</source>
        <translation>De server heeft deze records geweigerd. Ze wachten hier en houden verder niets tegen.</translation>
    </message>
    <message>
        <source>Refused by the server</source>
        <translation>Geweigerd door de server</translation>
    </message>
    <message>
        <source>&amp;Seen</source>
        <translation>&amp;Gezien</translation>
    </message>
    <message>
        <source>&amp;Seen — the finalized visit stays as it is</source>
        <translation>&amp;Gezien — het afgeronde bezoek blijft zoals het is</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(leeg)</translation>
    </message>
    <message>
        <source>The server sent a finalized visit that did not pass the check: its fingerprint or the signature of the device that finalized it does not hold. It was not taken; this laptop keeps what it had. Report this to the application manager.</source>
        <translation>De server stuurde een afgerond bezoek dat niet door de controle kwam: de vingerafdruk of de handtekening van het apparaat dat het afrondde klopt niet. Het is niet overgenomen; deze laptop houdt wat hij had. Meld dit bij de functioneel beheerder.</translation>
    </message>
    <message>
        <source>This visit was finalized on this laptop and says %1 for “%2”. Another laptop had recorded %3. A finalized visit no longer changes: mark this as seen, or record the other value in an addendum.</source>
        <translation>Dit bezoek is op deze laptop afgerond en vermeldt %1 bij „%2”. Een andere laptop had %3 vastgelegd. Een afgerond bezoek verandert niet meer: markeer dit als gezien, of leg de andere waarde vast in een aanvulling.</translation>
    </message>
    <message>
        <source>The server already had another value and kept it. Choose which value stays.</source>
        <translation>De server had al een andere waarde en heeft die gehouden. Kies welke waarde blijft.</translation>
    </message>
    <message>
        <source>Select a conflict first.</source>
        <translation>Kies eerst een conflict.</translation>
    </message>
</context>
<context>
    <name>ConflictsModel</name>
    <message>
        <source>Case</source>
        <translation>Zaak</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Veld</translation>
    </message>
    <message>
        <source>My value</source>
        <translation>Mijn waarde</translation>
    </message>
    <message>
        <source>Server&apos;s value</source>
        <translation>Waarde van de server</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Soort</translation>
    </message>
    <message>
        <source>finalized visit, fingerprint %1</source>
        <translation>afgerond bezoek, vingerafdruk %1</translation>
    </message>
    <message>
        <source>Finalized visit kept its value</source>
        <translation>Afgerond bezoek hield zijn waarde</translation>
    </message>
    <message>
        <source>Not taken: did not pass the check</source>
        <translation>Niet overgenomen: controle mislukt</translation>
    </message>
    <message>
        <source>Server kept its value; visit finalized</source>
        <translation>Server hield zijn waarde; bezoek afgerond</translation>
    </message>
    <message>
        <source>Server kept its value</source>
        <translation>Server hield zijn waarde</translation>
    </message>
</context>
<context>
    <name>QuarantineModel</name>
    <message>
        <source>Case</source>
        <translation>Zaak</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reden</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Sinds</translation>
    </message>
</context>
<context>
    <name>ServerSettingsDialog</name>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>https://inspector.example.nl</source>
        <translation>https://inspector.gemeente.nl</translation>
    </message>
    <message>
        <source>Server &amp;address</source>
        <translation>Server&amp;adres</translation>
    </message>
    <message>
        <source>&amp;Username</source>
        <translation>&amp;Gebruikersnaam</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Wachtwoord</translation>
    </message>
    <message>
        <source>Log &amp;in</source>
        <translation>&amp;Inloggen</translation>
    </message>
    <message>
        <source>Log &amp;out</source>
        <translation>&amp;Uitloggen</translation>
    </message>
    <message>
        <source>Logged in as %1 on %2.</source>
        <translation>Ingelogd als %1 op %2.</translation>
    </message>
    <message>
        <source>Not logged in.</source>
        <translation>Niet ingelogd.</translation>
    </message>
    <message>
        <source>Enter your username and password.</source>
        <translation>Vul uw gebruikersnaam en wachtwoord in.</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>Bezig met inloggen…</translation>
    </message>
    <message>
        <source>There is no secure keyring on this computer: the login lasts until Inspector is closed.</source>
        <translation>Er is geen beveiligde sleutelbos (keyring) op deze computer: de aanmelding geldt tot Inspector wordt gesloten.</translation>
    </message>
    <message>
        <source>Logged out. The data on this laptop is kept.</source>
        <translation>Uitgelogd. De gegevens op deze laptop blijven bewaard.</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <source>Syncing…</source>
        <translation>Bezig met synchroniseren…</translation>
    </message>
    <message>
        <source>Not connected to a server</source>
        <translation>Niet verbonden met een server</translation>
    </message>
    <message>
        <source>Logged out</source>
        <translation>Uitgelogd</translation>
    </message>
    <message>
        <source>Server not reachable</source>
        <translation>Server niet bereikbaar</translation>
    </message>
    <message>
        <source>Last synced %1</source>
        <translation>Laatst gesynchroniseerd %1</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>Nog niet gesynchroniseerd</translation>
    </message>
    <message>
        <source>1 change waiting</source>
        <translation>1 wijziging wacht</translation>
    </message>
    <message>
        <source>%1 changes waiting</source>
        <translation>%1 wijzigingen wachten</translation>
    </message>
    <message>
        <source>1 conflict to resolve</source>
        <translation>1 conflict op te lossen</translation>
    </message>
    <message>
        <source>%1 conflicts to resolve</source>
        <translation>%1 conflicten op te lossen</translation>
    </message>
    <message>
        <source>%1 refused</source>
        <translation>%1 geweigerd</translation>
    </message>
    <message>
        <source>1 finalized visit without a receipt</source>
        <translation>1 afgerond bezoek zonder ontvangstbewijs</translation>
    </message>
    <message>
        <source>%1 finalized visits without a receipt</source>
        <translation>%1 afgeronde bezoeken zonder ontvangstbewijs</translation>
    </message>
    <message>
        <source>Moved to another team and removed from this laptop: %1</source>
        <translation>Overgedragen aan een ander team en van deze laptop verwijderd: %1</translation>
    </message>
    <message>
        <source>This laptop was revoked by the administrator; its data has been removed.</source>
        <translation>Deze laptop is door de beheerder ingetrokken; de gegevens zijn verwijderd.</translation>
    </message>
    <message>
        <source>Sync cancelled; nothing was lost.</source>
        <translation>Synchronisatie afgebroken; er is niets verloren.</translation>
    </message>
    <message>
        <source>Sync failed: %1</source>
        <translation>Synchronisatie mislukt: %1</translation>
    </message>
</context>
<context>
    <name>SyncLabels</name>
    <message>
        <source>Case</source>
        <translation>Zaak</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adres</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Persoon</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Bezoek</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Antwoord</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <source>Addendum</source>
        <translation>Aanvulling</translation>
    </message>
    <message>
        <source>Audit entry</source>
        <translation>Auditregel</translation>
    </message>
    <message>
        <source>whole record</source>
        <translation>hele record</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>Bijschrift</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Samenvatting</translation>
    </message>
    <message>
        <source>Conclusion</source>
        <translation>Conclusie</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Uitkomst</translation>
    </message>
    <message>
        <source>Follow-up date</source>
        <translation>Datum hercontrole of vervolg</translation>
    </message>
    <message>
        <source>Follow-up note</source>
        <translation>Toelichting vervolg</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>Verklaring</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Toestemming</translation>
    </message>
    <message>
        <source>Rooms</source>
        <translation>Ruimtes</translation>
    </message>
    <message>
        <source>Caution</source>
        <translation>Cautie</translation>
    </message>
    <message>
        <source>Referrals</source>
        <translation>Doorverwijzingen</translation>
    </message>
    <message>
        <source>Signals</source>
        <translation>Signalen</translation>
    </message>
    <message>
        <source>Causes (Tafel van Elf)</source>
        <translation>Oorzaken (Tafel van Elf)</translation>
    </message>
    <message>
        <source>LHS cell</source>
        <translation>LHS-cel</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>Aanwezig</translation>
    </message>
    <message>
        <source>Reasonable ground</source>
        <translation>Redelijke grond</translation>
    </message>
</context>
</TS>
