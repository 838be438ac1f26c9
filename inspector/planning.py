"""Import planned visits exported from a back-office system (CSV).

Columns (header row required; separator ``;`` or ``,``; UTF-8, with or without BOM):

=====================  ========  ==========================================================
column                 required  meaning
=====================  ========  ==========================================================
zaaknummer             yes       case number; an existing case gets the visit added
domein                 yes       sociaal | fysiek | oov
bezoektype             yes       template id, e.g. S1, F2, O2
gepland                yes       dd-mm-jjjj HH:MM (or ISO 8601)
aangekondigd           no        ja | nee (default nee)
geslachtsnaam          no        client's surname (without voorvoegsel)
voorvoegsel, voornamen no
bsn                    no        checked with the 11-proef
geboortedatum          no        dd-mm-jjjj, partial allowed (00-00-1980)
postcode, huisnummer   no        1234 AB / 12
huisletter, toevoeging no
straat, woonplaats     no
bag_id, team           no
grond_feiten, grond_bron, grond_datum, grond_lichter_middel   the reasonable ground
=====================  ========  ==========================================================

Each row is imported in its own transaction: a bad row is reported by its line number and
imported not at all; good rows are imported; a row already imported (same case, type and
time) is skipped, so importing the same file twice changes nothing. A storage problem (a full
disk) stops the import with a ``StorageError`` that says how many rows were saved before it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from . import templates, validation
from .errors import InspectorError, StorageError, ValidationError

if TYPE_CHECKING:
    from .workspace import Workspace

REQUIRED = ("zaaknummer", "domein", "bezoektype", "gepland")
KNOWN = REQUIRED + ("aangekondigd", "geslachtsnaam", "voorvoegsel", "voornamen", "bsn",
                    "geboortedatum", "postcode", "huisnummer", "huisletter", "toevoeging", "straat",
                    "woonplaats", "bag_id", "team", "grond_feiten", "grond_bron", "grond_datum",
                    "grond_lichter_middel")


@dataclass
class RowProblem:
    line: int
    code: str
    nl: str
    en: str

    def message(self, lang: str = "nl") -> str:
        return f"{'regel' if lang != 'en' else 'line'} {self.line}: {self.en if lang == 'en' else self.nl}"


@dataclass
class ImportResult:
    imported: int = 0
    skipped: int = 0
    problems: list[RowProblem] = field(default_factory=list)


def parse_planned(value: str) -> str:
    """'dd-mm-jjjj HH:MM' or ISO → 'YYYY-MM-DDTHH:MM'."""
    text = value.strip()
    m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T](\d{1,2}):(\d{2}))?", text)
    try:
        if m:
            d, mo, y, h, mi = m.groups()
            moment = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0))
        else:
            moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError("planned_invalid",
                              f"'{text}' is geen geldig tijdstip; gebruik dd-mm-jjjj uu:mm.",
                              f"'{text}' is not a valid time; use dd-mm-yyyy hh:mm.",
                              field="gepland") from exc
    return moment.strftime("%Y-%m-%dT%H:%M")


def read_rows(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    text = data.decode("utf-8-sig")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    rows = []
    for row in reader:
        rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}))
    return header, rows


def import_planning(ws: Workspace, path: Path | str) -> ImportResult:
    """Import a planning CSV into ``ws``; never leaves a row half-written."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError("file_unreadable", f"Het bestand kan niet worden gelezen: {exc.strerror}.",
                              f"The file cannot be read: {exc.strerror}.") from exc
    try:
        header, rows = read_rows(data)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ValidationError("csv_invalid", "Dit is geen leesbaar CSV-bestand (UTF-8).",
                              "This is not a readable CSV file (UTF-8).") from exc
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ValidationError("csv_columns", f"Verplichte kolommen ontbreken: {', '.join(missing)}.",
                              f"Required columns are missing: {', '.join(missing)}.")
    result = ImportResult()
    for line, row in rows:
        try:
            with ws.repo.transaction():
                added = _import_row(ws, row)
        except StorageError as exc:  # the disk, not the row: stop, and say what was really saved
            raise _stopped(exc, line, result) from exc
        except InspectorError as exc:
            result.problems.append(RowProblem(line, exc.code, exc.nl, exc.en))
            continue
        # Counted only once the row's transaction has committed (and so is on the disk).
        if added:
            result.imported += 1
        else:
            result.skipped += 1
    return result


def _stopped(exc: StorageError, line: int, result: ImportResult) -> StorageError:
    return StorageError(
        exc.code,
        f"{exc.nl} Het importeren is gestopt bij regel {line}: {result.imported} bezoeken zijn "
        "geïmporteerd en bewaard, de rest niet. Importeer hetzelfde bestand opnieuw zodra het "
        "probleem is verholpen; wat al is geïmporteerd, wordt dan overgeslagen.",
        f"{exc.en} The import stopped at line {line}: {result.imported} visits were imported and "
        "saved, the rest were not. Import the same file again once the problem is solved; what was "
        "imported already is skipped then.", details=result)


def _import_row(ws: Workspace, row: dict[str, str]) -> bool:
    for col in REQUIRED:
        if not row.get(col):
            raise ValidationError("csv_empty", f"kolom '{col}' is leeg.", f"column '{col}' is empty.")
    planned = parse_planned(row["gepland"])
    try:
        tpl = templates.get_template(row["bezoektype"].upper())
    except InspectorError:
        raise
    except (KeyError, LookupError, ValueError) as exc:
        raise ValidationError("template_unknown", f"onbekend bezoektype '{row['bezoektype']}'.",
                              f"unknown visit type '{row['bezoektype']}'.") from exc
    case = ws.cases.by_number(row["zaaknummer"])
    if case is None:
        case = ws.cases.create(
            row["zaaknummer"], row["domein"].lower(), postcode=row.get("postcode", ""),
            huisnummer=row.get("huisnummer") or None, huisletter=row.get("huisletter") or None,
            toevoeging=row.get("toevoeging") or None, straat=row.get("straat", ""),
            woonplaats=row.get("woonplaats", ""), bag_id=row.get("bag_id") or None,
            team=row.get("team", ""), ground_facts=row.get("grond_feiten", ""),
            ground_source=row.get("grond_bron", ""), ground_date=row.get("grond_datum", ""),
            ground_why_not_lighter=row.get("grond_lichter_middel", ""))
        if row.get("geslachtsnaam"):
            ws.cases.add_person(case.id, row["geslachtsnaam"], voorvoegsel=row.get("voorvoegsel", ""),
                          voornamen=row.get("voornamen", ""), bsn=row.get("bsn", ""),
                          birth_date=row.get("geboortedatum", ""))
    elif case.domain != row["domein"].lower():
        raise ValidationError("csv_domain", f"zaak {case.number} hoort bij domein {case.domain}.",
                              f"case {case.number} belongs to domain {case.domain}.")
    if ws.repo.find("visits", case_id=case.id, template_id=tpl.id, planned_at=planned):
        return False
    announced = row.get("aangekondigd", "").lower() in ("ja", "j", "yes", "1", "true")
    ws.visits.plan(case.id, tpl.id, planned, announced=announced)
    return True


def example_csv() -> str:
    """A small example file with the documented columns (used by docs and tests)."""
    bsn = validation.make_test_bsn(0)
    return ("zaaknummer;domein;bezoektype;gepland;aangekondigd;geslachtsnaam;voorvoegsel;voornamen;"
            "bsn;postcode;huisnummer;straat;woonplaats;grond_feiten;grond_bron;grond_datum;"
            "grond_lichter_middel\n"
            f"2026-0001;sociaal;S1;02-12-2026 10:00;nee;Berg;van den;Demo;{bsn};3511 AB;12;"
            "Kerkstraat;Utrecht;Post van derden;LAA-melding;01-11-2026;Gesprek gaf geen uitsluitsel\n")
