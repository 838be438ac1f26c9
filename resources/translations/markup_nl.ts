<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>MarkupDialog</name>
    <message>
        <source>Mark up photo {n}</source>
        <translation>Foto {n} markeren</translation>
    </message>
    <message>
        <source>Loading the photo…</source>
        <translation>De foto wordt geladen…</translation>
    </message>
    <message>
        <source>Photo to mark up</source>
        <translation>Foto om te markeren</translation>
    </message>
    <message>
        <source>Drag to draw. Space puts a shape in the middle; the arrow keys move the last shape, Shift with an arrow key changes its size; Delete removes it.</source>
        <translation>Sleep om te tekenen. Spatie zet een vorm in het midden; de pijltoetsen verplaatsen de laatste vorm, Shift met een pijltoets verandert de grootte; Delete verwijdert hem.</translation>
    </message>
    <message>
        <source>This visit is finalized: the mark-up can be viewed, not changed.</source>
        <translation>Dit bezoek is afgerond: de markering kan worden bekeken, niet gewijzigd.</translation>
    </message>
    <message>
        <source>Draw with the mouse or a finger. Blur makes a face or a document unrecognizable in the report. The original photo is kept unchanged as evidence.</source>
        <translation>Teken met de muis of met een vinger. Vervagen maakt een gezicht of een document onherkenbaar in het rapport. De originele foto blijft ongewijzigd bewaard als bewijs.</translation>
    </message>
    <message>
        <source>Save mark-up</source>
        <translation>Markering opslaan</translation>
    </message>
    <message>
        <source>&amp;Arrow</source>
        <translation>&amp;Pijl</translation>
    </message>
    <message>
        <source>&amp;Circle</source>
        <translation>&amp;Cirkel</translation>
    </message>
    <message>
        <source>&amp;Rectangle</source>
        <translation>&amp;Rechthoek</translation>
    </message>
    <message>
        <source>&amp;Blur</source>
        <translation>&amp;Vervagen</translation>
    </message>
    <message>
        <source>Red</source>
        <translation>Rood</translation>
    </message>
    <message>
        <source>Yellow</source>
        <translation>Geel</translation>
    </message>
    <message>
        <source>Blue</source>
        <translation>Blauw</translation>
    </message>
    <message>
        <source>Colour: {name}</source>
        <translation>Kleur: {name}</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Ongedaan maken</translation>
    </message>
    <message>
        <source>Remove &amp;all</source>
        <translation>&amp;Alles wissen</translation>
    </message>
    <message>
        <source>The photo cannot be shown.</source>
        <translation>De foto kan niet worden getoond.</translation>
    </message>
    <message>
        <source>The photo&apos;s image is not on this laptop (yet). Synchronize, then try again.</source>
        <translation>De afbeelding van deze foto staat (nog) niet op deze laptop. Synchroniseer en probeer het daarna opnieuw.</translation>
    </message>
    <message>
        <source>Discard mark-up?</source>
        <translation>Markering weggooien?</translation>
    </message>
    <message>
        <source>The mark-up you drew has not been saved. Discard it?</source>
        <translation>De markering die u tekende is niet opgeslagen. Weggooien?</translation>
    </message>
    <message>
        <source>Show mark-up…</source>
        <translation>Markering bekijken…</translation>
    </message>
    <message>
        <source>Mark up…</source>
        <translation>Markeren…</translation>
    </message>
    <message>
        <source>arrow</source>
        <translation>pijl</translation>
    </message>
    <message>
        <source>circle</source>
        <translation>cirkel</translation>
    </message>
    <message>
        <source>rectangle</source>
        <translation>rechthoek</translation>
    </message>
    <message>
        <source>blur</source>
        <translation>vervaging</translation>
    </message>
    <message>
        <source>Marked up: {kinds}</source>
        <translation>Bewerkt: {kinds}</translation>
    </message>
</context>
</TS>
