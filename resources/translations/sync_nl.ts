<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>ConflictsDialog</name>
    <message>
        <location filename="../../ui/sync_ui.py" line="507"/>
        <source>&amp;Remove case from this laptop</source>
        <translation>&amp;Zaak van deze laptop verwijderen</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="508"/>
        <source>For a case that now belongs to another team: removes it from this laptop, with the changes the server refused.</source>
        <translation>Voor een zaak die nu bij een ander team hoort: verwijdert haar van deze laptop, met de wijzigingen die de server weigerde.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="597"/>
        <source>Remove case from this laptop</source>
        <translation>Zaak van deze laptop verwijderen</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="598"/>
        <source>Case %1 belongs to a team you are not in. Remove it from this laptop? The changes the server refused are lost; the server keeps the case as it has it.</source>
        <translation>Zaak %1 hoort bij een team waar u geen lid van bent. Van deze laptop verwijderen? De wijzigingen die de server weigerde gaan verloren; de server houdt de zaak zoals die daar staat.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="471"/>
        <source>Sync conflicts</source>
        <translation>Synchronisatieconflicten</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="476"/>
        <source>Keep &amp;mine</source>
        <translation>&amp;Mijn waarde houden</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="477"/>
        <source>Keep the &amp;server&apos;s</source>
        <translation>Waarde van de &amp;server houden</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="478"/>
        <source>&amp;Try again</source>
        <translation>&amp;Opnieuw proberen</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="485"/>
        <source>Both values are kept until you choose. Your choice is recorded in the audit trail.</source>
        <translation>Beide waarden blijven bewaard tot u kiest. Uw keuze wordt vastgelegd in het audittrail.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="487"/>
        <source>Conflicts</source>
        <translation>Conflicten</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="488"/>
        <source>The server refused these records. They wait here and do not block anything else.</source>
        <translation>De server heeft deze records geweigerd. Ze wachten hier en houden verder niets tegen.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="490"/>
        <source>Refused by the server</source>
        <translation>Geweigerd door de server</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="546"/>
        <source>Select a conflict first.</source>
        <translation>Kies eerst een conflict.</translation>
    </message>
</context>
<context>
    <name>ConflictsModel</name>
    <message>
        <location filename="../../ui/sync_ui.py" line="431"/>
        <source>Case</source>
        <translation>Zaak</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="431"/>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="431"/>
        <source>Field</source>
        <translation>Veld</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="431"/>
        <source>My value</source>
        <translation>Mijn waarde</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="432"/>
        <source>Server&apos;s value</source>
        <translation>Waarde van de server</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="440"/>
        <source>whole record</source>
        <translation>hele record</translation>
    </message>
</context>
<context>
    <name>QuarantineModel</name>
    <message>
        <location filename="../../ui/sync_ui.py" line="451"/>
        <source>Case</source>
        <translation>Zaak</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="451"/>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="451"/>
        <source>Reason</source>
        <translation>Reden</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="451"/>
        <source>Since</source>
        <translation>Sinds</translation>
    </message>
</context>
<context>
    <name>ServerSettingsDialog</name>
    <message>
        <location filename="../../ui/sync_ui.py" line="283"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="285"/>
        <source>https://inspector.example.nl</source>
        <translation>https://inspector.gemeente.nl</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="290"/>
        <source>Server &amp;address</source>
        <translation>Server&amp;adres</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="291"/>
        <source>&amp;Username</source>
        <translation>&amp;Gebruikersnaam</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="292"/>
        <source>&amp;Password</source>
        <translation>&amp;Wachtwoord</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="296"/>
        <source>Log &amp;in</source>
        <translation>&amp;Inloggen</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="297"/>
        <source>Log &amp;out</source>
        <translation>&amp;Uitloggen</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="321"/>
        <location filename="../../ui/sync_ui.py" line="344"/>
        <source>Logged in as %1 on %2.</source>
        <translation>Ingelogd als %1 op %2.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="324"/>
        <source>Not logged in.</source>
        <translation>Niet ingelogd.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="333"/>
        <source>Enter your username and password.</source>
        <translation>Vul uw gebruikersnaam en wachtwoord in.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="336"/>
        <source>Logging in…</source>
        <translation>Bezig met inloggen…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="346"/>
        <source>There is no secure keyring on this computer: the login lasts until Inspector is closed.</source>
        <translation>Er is geen beveiligde sleutelbos (keyring) op deze computer: de aanmelding geldt tot Inspector wordt gesloten.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="359"/>
        <source>Logged out. The data on this laptop is kept.</source>
        <translation>Uitgelogd. De gegevens op deze laptop blijven bewaard.</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../ui/sync_ui.py" line="125"/>
        <source>Syncing…</source>
        <translation>Bezig met synchroniseren…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="161"/>
        <source>Not connected to a server</source>
        <translation>Niet verbonden met een server</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="163"/>
        <source>Logged out</source>
        <translation>Uitgelogd</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="165"/>
        <source>Server not reachable</source>
        <translation>Server niet bereikbaar</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="167"/>
        <source>Last synced %1</source>
        <translation>Laatst gesynchroniseerd %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="169"/>
        <source>Not synced yet</source>
        <translation>Nog niet gesynchroniseerd</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="171"/>
        <source>1 change waiting</source>
        <translation>1 wijziging wacht</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="173"/>
        <source>%1 changes waiting</source>
        <translation>%1 wijzigingen wachten</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="175"/>
        <source>1 conflict to resolve</source>
        <translation>1 conflict op te lossen</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="177"/>
        <source>%1 conflicts to resolve</source>
        <translation>%1 conflicten op te lossen</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="179"/>
        <source>%1 refused</source>
        <translation>%1 geweigerd</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="182"/>
        <source>1 finalized visit without a receipt</source>
        <translation>1 afgerond bezoek zonder ontvangstbewijs</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="184"/>
        <source>%1 finalized visits without a receipt</source>
        <translation>%1 afgeronde bezoeken zonder ontvangstbewijs</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="203"/>
        <source>Moved to another team and removed from this laptop: %1</source>
        <translation>Overgedragen aan een ander team en van deze laptop verwijderd: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="200"/>
        <source>This laptop was revoked by the administrator; its data has been removed.</source>
        <translation>Deze laptop is door de beheerder ingetrokken; de gegevens zijn verwijderd.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="207"/>
        <source>Sync cancelled; nothing was lost.</source>
        <translation>Synchronisatie afgebroken; er is niets verloren.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="213"/>
        <location filename="../../ui/sync_ui.py" line="216"/>
        <source>Sync failed: %1</source>
        <translation>Synchronisatie mislukt: %1</translation>
    </message>
</context>
<context>
    <name>SyncLabels</name>
    <message>
        <location filename="../../ui/sync_ui.py" line="372"/>
        <source>Case</source>
        <translation>Zaak</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="372"/>
        <source>Address</source>
        <translation>Adres</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="372"/>
        <source>Person</source>
        <translation>Persoon</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="373"/>
        <source>Visit</source>
        <translation>Bezoek</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="373"/>
        <source>Answer</source>
        <translation>Antwoord</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="373"/>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="374"/>
        <source>Addendum</source>
        <translation>Aanvulling</translation>
    </message>
    <message>
        <location filename="../../ui/sync_ui.py" line="374"/>
        <source>Audit entry</source>
        <translation>Auditregel</translation>
    </message>
</context>
</TS>
