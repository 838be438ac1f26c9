<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>ReportPanel</name>
    <message>
        <source>Open PDF</source>
        <translation>PDF openen</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Map openen</translation>
    </message>
    <message>
        <source>Could not open %1: no program for it on this computer.</source>
        <translation>Kan %1 niet openen: er is geen programma voor op deze computer.</translation>
    </message>
    <message>
        <source>This visit is finalized: the summary and conclusion can no longer be changed. Add an addendum to correct something.</source>
        <translation>Dit bezoek is afgerond: de samenvatting en conclusie kunnen niet meer worden gewijzigd. Voeg een aanvulling toe om iets te corrigeren.</translation>
    </message>
    <message>
        <source>&amp;Summary</source>
        <translation>&amp;Samenvatting</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Samenvatting</translation>
    </message>
    <message>
        <source>C&amp;onclusion</source>
        <translation>C&amp;onclusie</translation>
    </message>
    <message>
        <source>Conclusion</source>
        <translation>Conclusie</translation>
    </message>
    <message>
        <source>Save state</source>
        <translation>Opslagstatus</translation>
    </message>
    <message>
        <source>Standard &amp;text blocks</source>
        <translation>Standaard&amp;teksten</translation>
    </message>
    <message>
        <source>Standard text blocks</source>
        <translation>Standaardteksten</translation>
    </message>
    <message>
        <source>&amp;Insert</source>
        <translation>&amp;Invoegen</translation>
    </message>
    <message>
        <source>Insert the chosen text block at the cursor</source>
        <translation>De gekozen standaardtekst invoegen bij de cursor</translation>
    </message>
    <message>
        <source>Report &amp;language</source>
        <translation>&amp;Taal van het rapport</translation>
    </message>
    <message>
        <source>Report language</source>
        <translation>Taal van het rapport</translation>
    </message>
    <message>
        <source>Dutch</source>
        <translation>Nederlands</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Engels</translation>
    </message>
    <message>
        <source>Updating the report</source>
        <translation>Rapport wordt bijgewerkt</translation>
    </message>
    <message>
        <source>Save &amp;as…</source>
        <translation>Opslaan &amp;als…</translation>
    </message>
    <message>
        <source>Save the report as a PDF file</source>
        <translation>Het rapport opslaan als pdf-bestand</translation>
    </message>
    <message>
        <source>Report preview</source>
        <translation>Voorbeeld van het rapport</translation>
    </message>
    <message>
        <source>Changes not saved yet…</source>
        <translation>Wijzigingen nog niet opgeslagen…</translation>
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
        <source>Not saved: %1</source>
        <translation>Niet opgeslagen: %1</translation>
    </message>
    <message>
        <source>The preview cannot be shown.</source>
        <translation>Het voorbeeld kan niet worden getoond.</translation>
    </message>
    <message>
        <source>The preview could not be made: %1</source>
        <translation>Het voorbeeld kon niet worden gemaakt: %1</translation>
    </message>
    <message>
        <source>Save report as</source>
        <translation>Rapport opslaan als</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Pdf-bestanden (*.pdf)</translation>
    </message>
    <message>
        <source>Report saved: %1</source>
        <translation>Rapport opgeslagen: %1</translation>
    </message>
</context>
</TS>
