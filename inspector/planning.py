"""Import planned visits exported from a back-office system (CSV).

Columns (header row required; separator ``;``, ``,`` or tab, read from the header row; UTF-8, with or
without BOM — Excel's "CSV UTF-8"):

=====================  ========  ==========================================================
column                 required  meaning
=====================  ========  ==========================================================
zaaknummer             yes       case number; an existing case gets the visit added
domein                 yes       sociaal | fysiek | oov
bezoektype             yes       template id, e.g. S1, F2, O2
gepland                yes       dd-mm-jjjj uu:mm (or ISO 8601 with a time); a date alone is refused
aangekondigd           no        ja | nee (empty: nee); anything else is refused
geslachtsnaam          no        client's surname (without voorvoegsel)
voorvoegsel, voornamen no        only together with geslachtsnaam
bsn                    no        checked with the 11-proef; only together with geslachtsnaam
geboortedatum          no        dd-mm-jjjj, partial allowed (00-00-1980)
postcode, huisnummer   no        1234 AB / 12
huisletter, toevoeging no
straat, woonplaats     no
bag_id, team           no
grond_feiten, grond_bron, grond_datum, grond_lichter_middel   the reasonable ground
=====================  ========  ==========================================================

Each row is checked whole before anything is written and imported in its own transaction: a bad
row is reported by its line number and imported not at all; good rows are imported. A row that
only repeats what is there (same case, type and time, same data) is counted as already present, so
importing the same file twice changes nothing. A row for an existing case never changes what the
case says: where it names another client, address or ground than the case holds, it is refused with
both values named (a wrong case number or an outdated export; the case is corrected in the app, with
its audit trail). Where the case lacks a value the row gives, the row completes it (audited). Rows
holding nothing (Excel's trailing ``;;;;``) are ignored. A storage problem (a full disk) stops the
import with a ``StorageError`` that says how many rows were saved before it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import templates, validation
from .errors import InspectorError, StorageError, ValidationError
from .model import Domain, Person

if TYPE_CHECKING:
    from .workspace import Workspace

REQUIRED = ("zaaknummer", "domein", "bezoektype", "gepland")
PERSON = ("geslachtsnaam", "voorvoegsel", "voornamen", "bsn", "geboortedatum")
ADDRESS = ("postcode", "huisnummer", "huisletter", "toevoeging", "straat", "woonplaats", "bag_id")
GROUND = {"grond_feiten": "ground_facts", "grond_bron": "ground_source", "grond_datum": "ground_date",
          "grond_lichter_middel": "ground_why_not_lighter"}
KNOWN = REQUIRED + ("aangekondigd",) + PERSON + ADDRESS + ("team",) + tuple(GROUND)
YES = ("ja", "j", "yes", "y", "1", "true", "waar")
NO = ("nee", "n", "no", "0", "false", "onwaar", "")
DELIMITERS = (";", ",", "\t")
_PLANNED_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T](\d{1,2})[:.](\d{2}))?")
_PLANNED_YMD = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2})?)?")


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
    completed: int = 0  # rows that filled in what an existing case lacked (audited)
    problems: list[RowProblem] = field(default_factory=list)


@dataclass
class PlannedRow:
    """One row, checked and normalised; nothing written yet."""

    number: str
    domain: str
    template_id: str
    planned: str
    announced: bool
    person: dict[str, str] | None
    address: dict[str, Any]  # only the columns the row fills
    ground: dict[str, str]  # case field → value, only those the row fills
    team: str


def _refuse(code: str, nl: str, en: str, column: str = "") -> ValidationError:
    return ValidationError(code, nl, en, field=column)


def _in_column(column: str, exc: ValidationError) -> ValidationError:
    return _refuse(exc.code, f"kolom '{column}': {exc.nl}", f"column '{column}': {exc.en}", column)


def parse_planned(value: str) -> str:
    """'dd-mm-jjjj uu:mm' or ISO with a time → 'YYYY-MM-DDTHH:MM'. A date without a time is refused:
    a visit at midnight is never what a planner meant."""
    text = value.strip()
    m = _PLANNED_DMY.fullmatch(text)
    parts = (m[3], m[2], m[1], m[4], m[5]) if m else None
    if parts is None and (m := _PLANNED_YMD.fullmatch(text)):
        parts = (m[1], m[2], m[3], m[4], m[5])
    if parts is not None and parts[3] is None:
        raise _refuse("planned_no_time",
                      f"kolom 'gepland': '{text}' heeft geen tijd; schrijf dd-mm-jjjj uu:mm, bijvoorbeeld "
                      f"'{text} 09:30'.",
                      f"column 'gepland': '{text}' has no time; write dd-mm-yyyy hh:mm, for example "
                      f"'{text} 09:30'.", "gepland")
    try:
        if parts is None:
            raise ValueError(text)
        y, mo, d, h, mi = (int(p) for p in parts)
        moment = datetime(y, mo, d, h, mi)
    except ValueError as exc:
        raise _refuse("planned_invalid",
                      f"kolom 'gepland': '{text}' is geen geldig tijdstip; gebruik dd-mm-jjjj uu:mm.",
                      f"column 'gepland': '{text}' is not a valid time; use dd-mm-yyyy hh:mm.",
                      "gepland") from exc
    return moment.strftime("%Y-%m-%dT%H:%M")


def parse_announced(value: str) -> bool:
    """ja / nee (and their usual spellings); anything else is refused, never read as "nee"."""
    text = value.strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise _refuse("announced_invalid",
                  f"kolom 'aangekondigd': '{value.strip()}' is geen geldige waarde; gebruik ja of nee "
                  "(leeg betekent nee).",
                  f"column 'aangekondigd': '{value.strip()}' is not a valid value; use ja (yes) or nee "
                  "(no); empty means nee.", "aangekondigd")


# --- reading the file ------------------------------------------------------------------------
def decode(data: bytes) -> str:
    """The file's text; an empty file or one not saved as UTF-8 is refused with what to do."""
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise _refuse("csv_empty_file", "Het bestand is leeg (leeg bestand): er staat geen kopregel in.",
                      "The file is empty: it holds no header row.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse(
            "csv_not_utf8",
            "Het bestand is niet als UTF-8 opgeslagen (waarschijnlijk Windows-1252, Excels gewone "
            "'CSV'). Open het in Excel, kies Opslaan als → 'CSV UTF-8 (door komma's gescheiden)' en "
            "importeer het opnieuw; er is niets geïmporteerd.",
            "The file is not saved as UTF-8 (probably Windows-1252, Excel's plain 'CSV'). Open it in "
            "Excel, choose Save As → 'CSV UTF-8 (Comma delimited)' and import it again; nothing was "
            "imported.") from exc


def _delimiter(header_line: str) -> str:
    """The separator that splits the header into the most known column names (the header holds no
    free text, so a ';' file with commas in its notes is still read as ';')."""
    def known(sep: str) -> int:
        return sum(1 for name in header_line.split(sep) if name.strip().strip('"').lower() in KNOWN)
    return max(DELIMITERS, key=lambda sep: (known(sep), header_line.count(sep)))


def read_rows(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header (lower case) and the rows with their line numbers; rows holding nothing are left
    out (a spreadsheet's trailing ';;;;')."""
    text = decode(data)
    first = text.lstrip("\r\n").splitlines()[0] if text.strip() else ""
    reader = csv.DictReader(io.StringIO(text), delimiter=_delimiter(first), strict=True)
    rows = []
    start = 1  # the line the row being read begins on
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        reader.fieldnames = header
        start = reader.line_num + 1
        for row in reader:
            values = {k: (v if isinstance(v, str) else "").strip() for k, v in row.items() if k}
            if any(values.values()):
                rows.append((start, values))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise _unreadable(start, str(exc)) from exc
    return header, rows


def _unreadable(line: int, reason: str) -> ValidationError:
    """A row the CSV reader cannot split, named by its line: an opening quote that is never closed
    would otherwise swallow the rest of the file into one field."""
    if "end of data" in reason:
        return _refuse(
            "csv_unclosed_quote",
            f"Regel {line}: een aanhalingsteken (\") wordt geopend maar niet gesloten, zodat de rest van "
            "het bestand als één veld zou worden gelezen. Sluit het aanhalingsteken of haal het weg en "
            "importeer opnieuw; er is niets geïmporteerd.",
            f"Line {line}: a quote (\") is opened but never closed, so the rest of the file would be read "
            "as one field. Close the quote or remove it and import again; nothing was imported.")
    return _refuse(
        "csv_invalid",
        f"Regel {line}: deze regel kan niet in kolommen worden gesplitst (aanhalingstekens midden in een "
        "veld?). Zet een veld met aanhalingstekens helemaal tussen aanhalingstekens en verdubbel die erin "
        "(\"\"); er is niets geïmporteerd.",
        f"Line {line}: this line cannot be split into columns (quotes in the middle of a field?). Put a "
        "field holding quotes wholly between quotes and double the quotes inside it (\"\"); nothing was "
        "imported.")


def check_header(header: list[str]) -> None:
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        found = ", ".join(h for h in header if h) or "–"
        raise _refuse("csv_columns",
                      f"Verplichte kolommen ontbreken: {', '.join(missing)}. Gevonden kolommen: {found}.",
                      f"Required columns are missing: {', '.join(missing)}. Columns found: {found}.")


# --- one row ---------------------------------------------------------------------------------
def parse_row(row: dict[str, str]) -> PlannedRow:
    """Check a row whole and normalise it; raises ValidationError naming the column."""
    for col in REQUIRED:
        if not row.get(col):
            raise _refuse("csv_empty", f"kolom '{col}' is leeg.", f"column '{col}' is empty.", col)
    domain = row["domein"].lower()
    domains = [d.value for d in Domain]
    if domain not in domains:
        raise _refuse("domain_unknown",
                      f"kolom 'domein': onbekend domein '{row['domein']}'; geldig: {', '.join(domains)}.",
                      f"column 'domein': unknown domain '{row['domein']}'; valid: {', '.join(domains)}.",
                      "domein")
    tpl = _template(row["bezoektype"], domain)
    planned = parse_planned(row["gepland"])
    announced = parse_announced(row.get("aangekondigd", ""))
    return PlannedRow(row["zaaknummer"], domain, tpl.id, planned, announced, _person(row),
                      _address(row), _ground(row), row.get("team", ""))


def _template(value: str, domain: str) -> templates.Template:
    available = templates.load_templates()
    valid = ", ".join(t for t, tpl in available.items() if tpl.domain == domain)
    tpl = available.get(value.strip().upper())
    if tpl is None:
        every = ", ".join(available)
        raise _refuse("template_unknown",
                      f"kolom 'bezoektype': onbekend bezoektype '{value}'; geldige bezoektypen: {every}.",
                      f"column 'bezoektype': unknown visit type '{value}'; valid visit types: {every}.",
                      "bezoektype")
    if tpl.domain != domain:
        raise _refuse("template_domain",
                      f"kolom 'bezoektype': {tpl.id} hoort bij domein {tpl.domain}, niet bij {domain}; "
                      f"bezoektypen van {domain}: {valid}.",
                      f"column 'bezoektype': {tpl.id} belongs to domain {tpl.domain}, not {domain}; "
                      f"visit types of {domain}: {valid}.", "bezoektype")
    return tpl


def _person(row: dict[str, str]) -> dict[str, str] | None:
    given = {c: row.get(c, "") for c in PERSON if row.get(c)}
    if not given:
        return None
    if "bsn" in given:
        try:
            given["bsn"] = validation.normalize_bsn(given["bsn"])
        except ValidationError as exc:
            raise _in_column("bsn", exc) from exc
    if "geboortedatum" in given:
        try:
            given["geboortedatum"] = validation.parse_date(given["geboortedatum"], allow_partial=True).iso()
        except ValidationError as exc:
            raise _in_column("geboortedatum", exc) from exc
    if "geslachtsnaam" not in given:
        named = ", ".join(c for c in PERSON if c in given)
        raise _refuse("person_without_name",
                      f"kolom 'geslachtsnaam' is leeg terwijl {named} is ingevuld; een persoon zonder "
                      "geslachtsnaam kan niet worden vastgelegd.",
                      f"column 'geslachtsnaam' is empty while {named} is filled in; a person without a "
                      "surname cannot be recorded.", "geslachtsnaam")
    try:
        given["geslachtsnaam"] = validation.validate_name(given["geslachtsnaam"])
    except ValidationError as exc:
        raise _in_column("geslachtsnaam", exc) from exc
    return given


def _address(row: dict[str, str]) -> dict[str, Any]:
    given: dict[str, Any] = {c: row[c] for c in ADDRESS if row.get(c)}
    try:
        if "postcode" in given:
            given["postcode"] = validation.normalize_postcode(given["postcode"])
    except ValidationError as exc:
        raise _in_column("postcode", exc) from exc
    if given.keys() & {"huisnummer", "huisletter", "toevoeging"}:
        if "huisnummer" not in given:
            raise _refuse("csv_empty", "kolom 'huisnummer' is leeg terwijl huisletter of toevoeging is "
                          "ingevuld.", "column 'huisnummer' is empty while huisletter or toevoeging is "
                          "filled in.", "huisnummer")
        try:
            number, letter, suffix = validation.validate_house_number(
                given["huisnummer"], given.get("huisletter"), given.get("toevoeging"))
        except ValidationError as exc:
            raise _in_column("huisnummer", exc) from exc
        given.update(huisnummer=number, **{k: v for k, v in (("huisletter", letter),
                                                            ("toevoeging", suffix)) if v})
    return given


def _ground(row: dict[str, str]) -> dict[str, str]:
    given = {case_field: row[col] for col, case_field in GROUND.items() if row.get(col)}
    if "ground_date" in given:
        try:
            given["ground_date"] = validation.parse_date(given["ground_date"]).iso()
        except ValidationError as exc:
            raise _in_column("grond_datum", exc) from exc
    return given


# --- importing -------------------------------------------------------------------------------
def import_planning(ws: Workspace, path: Path | str) -> ImportResult:
    """Import a planning CSV into ``ws``; never leaves a row half-written, never drops a value."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError("file_unreadable", f"Het bestand kan niet worden gelezen: {exc.strerror}.",
                              f"The file cannot be read: {exc.strerror}.") from exc
    header, rows = read_rows(data)
    check_header(header)
    result = ImportResult()
    for line, row in rows:
        try:
            planned = parse_row(row)
            with ws.repo.transaction():
                outcome = _import_row(ws, planned, line)
        except StorageError as exc:  # the disk, not the row: stop, and say what was really saved
            raise _stopped(exc, line, result) from exc
        except InspectorError as exc:
            result.problems.append(RowProblem(line, exc.code, exc.nl, exc.en))
            continue
        # Counted only once the row's transaction has committed (and so is on the disk).
        if outcome == "skipped":
            result.skipped += 1
        else:
            result.imported += outcome in ("imported", "completed+imported")
            result.completed += outcome.startswith("completed")
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


def _import_row(ws: Workspace, row: PlannedRow, line: int) -> str:
    case = ws.cases.by_number(row.number)
    completed = False
    if case is None:
        a = row.address
        case = ws.cases.create(
            row.number, row.domain, postcode=a.get("postcode", ""), huisnummer=a.get("huisnummer"),
            huisletter=a.get("huisletter"), toevoeging=a.get("toevoeging"), straat=a.get("straat", ""),
            woonplaats=a.get("woonplaats", ""), bag_id=a.get("bag_id"), team=row.team,
            **row.ground)
        if row.person:
            _add_client(ws, case.id, row.person)
    else:
        completed = _reconcile(ws, case, row, line)
    same = ws.repo.find("visits", case_id=case.id, template_id=row.template_id, planned_at=row.planned)
    if same:
        if bool(same[0]["announced"]) != row.announced:
            was = "ja" if same[0]["announced"] else "nee"
            when = row.planned.replace("T", " ")
            raise _refuse(
                "visit_differs",
                f"zaak {case.number} heeft dit bezoek ({row.template_id}, {when}) al, met aangekondigd = "
                f"{was}; de regel zegt iets anders. Pas het bezoek aan in Inspector als het gewijzigd is.",
                f"case {case.number} already has this visit ({row.template_id}, {when}) with aangekondigd "
                f"= {was}; the row says otherwise. Change the visit in Inspector if it has changed.",
                "aangekondigd")
        return "completed" if completed else "skipped"
    ws.visits.plan(case.id, row.template_id, row.planned, announced=row.announced)
    return "completed+imported" if completed else "imported"


def _add_client(ws: Workspace, case_id: str, p: dict[str, str]) -> None:
    ws.cases.add_person(case_id, p["geslachtsnaam"], voorvoegsel=p.get("voorvoegsel", ""),
                        voornamen=p.get("voornamen", ""), bsn=p.get("bsn", ""),
                        birth_date=p.get("geboortedatum", ""))


_PERSON_FIELD = {"geslachtsnaam": "geslachtsnaam", "voorvoegsel": "voorvoegsel", "voornamen": "voornamen",
                 "bsn": "bsn", "geboortedatum": "birth_date"}
_LABELS = {"ground_facts": "grond_feiten", "ground_source": "grond_bron", "ground_date": "grond_datum",
           "ground_why_not_lighter": "grond_lichter_middel"}


def _same(a: Any, b: Any) -> bool:
    return " ".join(str(a).split()).casefold() == " ".join(str(b).split()).casefold()


def _shown(column: str, value: Any) -> str:
    text = validation.mask_bsn(str(value)) if column == "bsn" else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _reconcile(ws: Workspace, case: Any, row: PlannedRow, line: int) -> bool:
    """Compare the row with the existing case: refuse a contradiction (naming both values), fill in
    what the case lacks (audited). Returns whether anything was filled in."""
    if case.domain != row.domain:
        raise _refuse("csv_domain",
                      f"zaak {case.number} bestaat al in domein {case.domain}, de regel zegt {row.domain}.",
                      f"case {case.number} already exists in domain {case.domain}, the row says "
                      f"{row.domain}.",
                      "domein")
    differs: list[tuple[str, Any, Any]] = []
    address = ws.repo.get("addresses", case.address_id) if case.address_id else None
    if address is None and row.address:
        raise _refuse("case_without_address",
                      f"zaak {case.number} heeft in Inspector geen adresrecord; de regel noemt een adres. "
                      "Vul het adres in bij de zaak en importeer opnieuw.",
                      f"case {case.number} has no address record in Inspector; the row names an address. "
                      "Fill in the case's address and import again.")
    fill_address = {}
    for col, value in row.address.items():
        stored = (address or {}).get(col)
        if stored in (None, ""):
            fill_address[col] = value
        elif not _same(stored, value):
            differs.append((col, stored, value))
    fill_case = {}
    for name, value in row.ground.items():
        stored = getattr(case, name)
        if not stored:
            fill_case[name] = value
        elif not _same(stored, value):
            differs.append((_LABELS[name], stored, value))
    client, fill_person = _match_client(ws.cases.persons(case.id), row.person, differs)
    if differs:
        nl = "; ".join(f"{c}: in Inspector '{_shown(c, old)}', in de regel '{_shown(c, new)}'"
                       for c, old, new in differs)
        en = "; ".join(f"{c}: in Inspector '{_shown(c, old)}', in the row '{_shown(c, new)}'"
                       for c, old, new in differs)
        raise _refuse("case_differs",
                      f"zaak {case.number} bestaat al met andere gegevens ({nl}). De regel is niet "
                      "geïmporteerd: controleer het zaaknummer, of corrigeer de zaak in Inspector.",
                      f"case {case.number} already exists with other data ({en}). The row was not "
                      "imported: check the case number, or correct the case in Inspector.")
    reason = f"planning-import regel {line}"
    if fill_address:
        ws.cases.update_address(case.id, **fill_address)
    if fill_case:
        ws.cases.update(case.id, reason=reason, **fill_case)
    if row.person and client is None:
        _add_client(ws, case.id, row.person)
    elif client is not None and fill_person:
        ws.cases.update_person(client.id, **fill_person)
    return bool(fill_address or fill_case or fill_person or (row.person and client is None))


def _match_client(persons: list[Person], given: dict[str, str] | None,
                  differs: list[tuple[str, Any, Any]]) -> tuple[Person | None, dict[str, str]]:
    """The case's client the row names, and what the row adds to it; a different client is a
    difference (a case whose client is not yet known gets the row's)."""
    clients = [p for p in persons if p.role == "client"]
    if not given or not clients:
        return None, {}
    best: tuple[int, Person, list[tuple[str, Any, Any]], dict[str, str]] | None = None
    for p in clients:
        wrong, fill = [], {}
        for col, value in given.items():
            stored = getattr(p, _PERSON_FIELD[col])
            if not stored:
                fill[_PERSON_FIELD[col]] = value
            elif not _same(stored, value):
                wrong.append((col, stored, value))
        if best is None or len(wrong) < best[0]:
            best = (len(wrong), p, wrong, fill)
    assert best is not None
    differs += best[2]
    return best[1], best[3]


def example_csv() -> str:
    """A small example file with the documented columns (used by docs and tests)."""
    bsn = validation.make_test_bsn(0)
    return ("zaaknummer;domein;bezoektype;gepland;aangekondigd;geslachtsnaam;voorvoegsel;voornamen;"
            "bsn;postcode;huisnummer;straat;woonplaats;grond_feiten;grond_bron;grond_datum;"
            "grond_lichter_middel\n"
            f"2026-0001;sociaal;S1;02-12-2026 10:00;nee;Berg;van den;Demo;{bsn};3511 AB;12;"
            "Kerkstraat;Utrecht;Post van derden;LAA-melding;01-11-2026;Gesprek gaf geen uitsluitsel\n")
