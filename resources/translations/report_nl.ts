<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>ReportPanel</name>
    <message>
        <location filename="../../ui/report_panel.py" line="143"/>
        <source>This visit is finalized: the summary and conclusion can no longer be changed. Add an addendum to correct something.</source>
        <translation>Dit bezoek is afgerond: de samenvatting en conclusie kunnen niet meer worden gewijzigd. Voeg een aanvulling toe om iets te corrigeren.</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="148"/>
        <source>&amp;Summary</source>
        <translation>&amp;Samenvatting</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="149"/>
        <source>Summary</source>
        <translation>Samenvatting</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="153"/>
        <source>C&amp;onclusion</source>
        <translation>C&amp;onclusie</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="154"/>
        <source>Conclusion</source>
        <translation>Conclusie</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="160"/>
        <source>Save state</source>
        <translation>Opslagstatus</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="163"/>
        <source>Standard &amp;text blocks</source>
        <translation>Standaard&amp;teksten</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="166"/>
        <source>Standard text blocks</source>
        <translation>Standaardteksten</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="177"/>
        <source>&amp;Insert</source>
        <translation>&amp;Invoegen</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="179"/>
        <source>Insert the chosen text block at the cursor</source>
        <translation>De gekozen standaardtekst invoegen bij de cursor</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="189"/>
        <source>Report &amp;language</source>
        <translation>&amp;Taal van het rapport</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="192"/>
        <source>Report language</source>
        <translation>Taal van het rapport</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="193"/>
        <source>Dutch</source>
        <translation>Nederlands</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="194"/>
        <source>English</source>
        <translation>Engels</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="202"/>
        <source>Updating the report</source>
        <translation>Rapport wordt bijgewerkt</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="210"/>
        <source>Save &amp;as…</source>
        <translation>Opslaan &amp;als…</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="212"/>
        <source>Save the report as a PDF file</source>
        <translation>Het rapport opslaan als pdf-bestand</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="226"/>
        <source>Report preview</source>
        <translation>Voorbeeld van het rapport</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="316"/>
        <source>Changes not saved yet…</source>
        <translation>Wijzigingen nog niet opgeslagen…</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="327"/>
        <source>Saving…</source>
        <translation>Opslaan…</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="334"/>
        <source>Saved</source>
        <translation>Opgeslagen</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="346"/>
        <source>Not saved: %1</source>
        <translation>Niet opgeslagen: %1</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="409"/>
        <source>The preview cannot be shown.</source>
        <translation>Het voorbeeld kan niet worden getoond.</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="415"/>
        <source>The preview could not be made: %1</source>
        <translation>Het voorbeeld kon niet worden gemaakt: %1</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="469"/>
        <source>Save report as</source>
        <translation>Rapport opslaan als</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="471"/>
        <source>PDF files (*.pdf)</source>
        <translation>Pdf-bestanden (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/report_panel.py" line="493"/>
        <source>Report saved: %1</source>
        <translation>Rapport opgeslagen: %1</translation>
    </message>
</context>
</TS>
