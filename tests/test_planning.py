"""The planning CSV: every value either imported, or refused with a reason naming the column; never
dropped without a word. Through the command as a coordinator types it, and through the core."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector import cli, planning
from inspector.errors import ValidationError
from inspector.validation import make_test_bsn
from inspector.workspace import Workspace

HEADER = "zaaknummer;domein;bezoektype;gepland;aangekondigd;geslachtsnaam;bsn;postcode;huisnummer;straat;" \
         "woonplaats;grond_feiten;grond_bron;grond_datum;grond_lichter_middel\n"
BSN = make_test_bsn(3)
OTHER_BSN = make_test_bsn(4)
ROW = f"Z-1;sociaal;S1;02-12-2026 10:00;nee;Jansen;{BSN};3511 AB;12;Kerkstraat;Utrecht;" \
      "Post van derden;LAA-melding;01-11-2026;Gesprek gaf geen uitsluitsel\n"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, text: str, name: str = "planning.csv", encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


@pytest.fixture
def folder(tmp_path: Path, capsys) -> str:
    """A workspace folder with a profile set through the command, as a coordinator would."""
    path = str(tmp_path / "ws")
    code, out, _ = run(capsys, "--workspace", path, "profile", "--name", "Toezichthouder Test",
                       "--number", "TH-0042")
    assert code == 0 and "Profiel opgeslagen" in out
    return path


def import_file(capsys, folder: str, file: str, lang: str = "nl") -> tuple[int, str, str]:
    return run(capsys, "--workspace", folder, "--lang", lang, "import-planning", file)


# --- an existing case ------------------------------------------------------------------------
def test_other_client_for_an_existing_case_is_refused_naming_both(folder, tmp_path, capsys) -> None:
    """A row for an existing case number with another client is refused, both names given, BSN masked;
    the case keeps its client and gets no visit under the wrong person."""
    other = f"Z-1;sociaal;S1;09-12-2026 10:00;nee;Bakker;{OTHER_BSN};3511 AB;12;Kerkstraat;Utrecht;;;;\n"
    code, out, err = import_file(capsys, folder, write(tmp_path, HEADER + ROW + other))
    assert code == cli.EXIT_PARTIAL
    assert "1 bezoeken geïmporteerd, 0 al aanwezig, 1 regels geweigerd" in out
    assert err.startswith("regel 3: zaak Z-1 bestaat al met andere gegevens")
    assert "geslachtsnaam: in Inspector 'Jansen', in de regel 'Bakker'" in err
    assert OTHER_BSN not in err and BSN not in err and f"******{OTHER_BSN[-3:]}" in err
    ws = Workspace.open(folder)
    case = ws.cases.by_number("Z-1")
    assert [p.geslachtsnaam for p in ws.cases.persons(case.id)] == ["Jansen"]
    assert [v.planned_at for v in ws.visits.find(case_id=case.id)] == ["2026-12-02T10:00"]
    ws.close()


def test_other_address_or_ground_is_refused_in_english_too(folder, tmp_path, capsys) -> None:
    """Another address or another ground for an existing case is refused with both values, in English
    with --lang en; a repeat of the same row counts as already present."""
    moved = ROW.replace("3511 AB;12", "1234 AB;7").replace("10:00", "11:00")
    ground = ROW.replace("LAA-melding", "Anonieme tip").replace("10:00", "12:00")
    code, out, err = import_file(capsys, folder, write(tmp_path, HEADER + ROW + moved + ground + ROW), "en")
    assert code == cli.EXIT_PARTIAL
    assert "1 visits imported, 1 already present, 2 rows refused" in out
    lines = err.splitlines()
    assert lines[0].startswith("line 3: case Z-1 already exists with other data")
    assert "postcode: in Inspector '3511AB', in the row '1234AB'" in lines[0]
    assert "huisnummer: in Inspector '12', in the row '7'" in lines[0]
    assert lines[1].startswith("line 4:") and "grond_bron: in Inspector 'LAA-melding', in the row " \
        "'Anonieme tip'" in lines[1]


def test_missing_data_of_an_existing_case_is_completed_with_an_audit_entry(folder, tmp_path, capsys) -> None:
    """A case without a ground or client gets them from a later row; the audit says it was the import."""
    bare = "Z-1;sociaal;S1;02-12-2026 10:00;nee;;;3511 AB;12;Kerkstraat;Utrecht;;;;\n"
    code, _, _ = import_file(capsys, folder, write(tmp_path, HEADER + bare, "a.csv"))
    assert code == 0
    code, out, err = import_file(capsys, folder, write(tmp_path, HEADER + ROW, "b.csv"))
    assert (code, err) == (0, "")
    assert "0 bezoeken geïmporteerd, 0 al aanwezig, 1 zaken aangevuld, 0 regels geweigerd" in out
    ws = Workspace.open(folder)
    case = ws.cases.by_number("Z-1")
    assert case.ground_source == "LAA-melding" and case.ground_date == "2026-11-01"
    assert [(p.geslachtsnaam, p.bsn) for p in ws.cases.persons(case.id)] == [("Jansen", BSN)]
    trail = ws.visits.audit_trail(case.id)
    assert {"ground_source", "ground_date"} <= {e["field"] for e in trail}
    assert all(e["reason"] == "planning-import regel 2" for e in trail if e["field"] == "ground_source")
    ws.close()


def test_same_visit_with_another_announced_value_is_refused(folder, tmp_path, capsys) -> None:
    """The same case, type and time with aangekondigd changed is not counted as already present."""
    import_file(capsys, folder, write(tmp_path, HEADER + ROW, "a.csv"))
    changed = write(tmp_path, HEADER + ROW.replace(";nee;", ";ja;"), "b.csv")
    code, _, err = import_file(capsys, folder, changed)
    assert code == cli.EXIT_PARTIAL and "aangekondigd = nee" in err


# --- values ----------------------------------------------------------------------------------
def test_bsn_is_checked_without_surname_and_for_an_existing_case(folder, tmp_path, capsys) -> None:
    """A wrong BSN is refused when the surname is empty and when the case exists; a BSN without a
    surname is refused rather than dropped."""
    rows = (ROW + "Z-1;sociaal;S1;05-12-2026 10:00;nee;Jansen;123456789;;;;;;;;\n"
            "Z-2;sociaal;S1;05-12-2026 10:00;nee;;123456789;;;;;;;;\n"
            f"Z-3;sociaal;S1;05-12-2026 10:00;nee;;{BSN};;;;;;;;\n")
    code, _, err = import_file(capsys, folder, write(tmp_path, HEADER + rows))
    lines = err.splitlines()
    assert code == cli.EXIT_PARTIAL
    assert [ln.split(":")[0] for ln in lines] == ["regel 3", "regel 4", "regel 5"]
    assert lines[0].startswith("regel 3: kolom 'bsn':") and lines[1].startswith("regel 4: kolom 'bsn':")
    assert "kolom 'geslachtsnaam' is leeg terwijl bsn is ingevuld" in lines[2]
    assert "123456789" not in err


def test_a_date_without_a_time_is_refused_not_midnight(folder, tmp_path, capsys) -> None:
    """"10-12-2026" in gepland is refused with the column named and an example; nothing at 00:00."""
    code, _, err = import_file(capsys, folder, write(tmp_path, HEADER + ROW.replace("02-12-2026 10:00",
                                                                                   "10-12-2026")))
    assert code == cli.EXIT_PARTIAL
    assert err.strip() == "regel 2: kolom 'gepland': '10-12-2026' heeft geen tijd; schrijf dd-mm-jjjj " \
                          "uu:mm, bijvoorbeeld '10-12-2026 09:30'."
    with pytest.raises(ValidationError) as exc:
        planning.parse_planned("2026-12-10")
    assert exc.value.code == "planned_no_time" and "has no time" in exc.value.en
    assert planning.parse_planned("2026-12-10T08:05") == "2026-12-10T08:05"
    assert planning.parse_planned("1-2-2027 7.45") == "2027-02-01T07:45"


def test_announced_maybe_is_refused_with_the_valid_values(folder, tmp_path, capsys) -> None:
    """aangekondigd "misschien" is refused listing ja and nee, never read as nee."""
    code, _, err = import_file(capsys, folder, write(tmp_path, HEADER + ROW.replace(";nee;", ";misschien;")),
                               "en")
    assert code == cli.EXIT_PARTIAL
    assert "column 'aangekondigd': 'misschien' is not a valid value; use ja (yes) or nee (no)" in err
    assert planning.parse_announced("JA") is True and planning.parse_announced("") is False


def test_wrong_dates_name_their_column(folder, tmp_path, capsys) -> None:
    """A bad geboortedatum or grond_datum is refused naming that column."""
    header = HEADER.replace("grond_lichter_middel", "grond_lichter_middel;geboortedatum")
    rows = (ROW.replace("01-11-2026", "31-02-2026").rstrip("\n") + ";\n"
            + ROW.replace("Z-1", "Z-2").rstrip("\n") + ";45-13-1980\n")
    code, _, err = import_file(capsys, folder, write(tmp_path, header + rows))
    lines = err.splitlines()
    assert code == cli.EXIT_PARTIAL
    assert lines[0].startswith("regel 2: kolom 'grond_datum':")
    assert lines[1].startswith("regel 3: kolom 'geboortedatum':")


def test_unknown_visit_type_says_bezoektype_and_lists_the_valid_ones(folder, tmp_path, capsys) -> None:
    """An unknown visit type names the column and lists every valid type; one of another domain lists
    that domain's types."""
    rows = ROW.replace(";S1;", ";F9;") + ROW.replace("Z-1;sociaal;S1", "Z-2;sociaal;F2")
    code, _, err = import_file(capsys, folder, write(tmp_path, HEADER + rows))
    lines = err.splitlines()
    assert lines[0] == "regel 2: kolom 'bezoektype': onbekend bezoektype 'F9'; geldige bezoektypen: " \
                       "F2, F3, O2, O3, S1, S2, S3."
    assert lines[1] == "regel 3: kolom 'bezoektype': F2 hoort bij domein fysiek, niet bij sociaal; " \
                       "bezoektypen van sociaal: S1, S2, S3."


# --- the file --------------------------------------------------------------------------------
def test_trailing_empty_excel_rows_are_ignored(folder, tmp_path, capsys) -> None:
    """A clean file with Excel's trailing ';;;;' rows imports with exit 0."""
    code, out, err = import_file(capsys, folder, write(tmp_path, HEADER + ROW + ";" * 14 + "\n" + ";;;;\n"))
    assert (code, err) == (0, "") and "1 bezoeken geïmporteerd" in out


def test_semicolon_file_with_comma_heavy_text_is_read_as_semicolons(folder, tmp_path, capsys) -> None:
    """Commas in the notes do not make a ';' file a ',' file."""
    facts = "Post van derden, o.a. brieven, pakketten, een bankpas, twee, drie, vier, vijf, zes namen"
    rows = "".join(ROW.replace("Z-1", f"Z-{n}").replace("Post van derden", facts) for n in range(1, 6))
    code, out, err = import_file(capsys, folder, write(tmp_path, HEADER + rows))
    assert (code, err) == (0, "") and "5 bezoeken geïmporteerd" in out
    ws = Workspace.open(folder)
    assert ws.cases.by_number("Z-3").ground_facts == facts
    ws.close()


def test_missing_columns_are_named(folder, tmp_path, capsys) -> None:
    """A file lacking required columns names them and the columns it does have."""
    code, _, err = import_file(capsys, folder, write(tmp_path, "zaaknummer;domein;datum\nZ-1;sociaal;x\n"))
    assert code == cli.EXIT_INPUT
    assert "Verplichte kolommen ontbreken: bezoektype, gepland. Gevonden kolommen: zaaknummer, domein, " \
           "datum." in err


def test_windows_1252_file_is_told_to_be_saved_as_csv_utf8(folder, tmp_path, capsys) -> None:
    """A file from Excel's plain CSV (Windows-1252) is refused with how to save it; nothing imported."""
    file = write(tmp_path, HEADER + ROW.replace("Jansen", "Öztürk"), encoding="cp1252")
    code, _, err = import_file(capsys, folder, file)
    assert code == cli.EXIT_INPUT and "'CSV UTF-8" in err and "Windows-1252" in err
    code, _, err = import_file(capsys, folder, file, "en")
    assert "Save As → 'CSV UTF-8 (Comma delimited)'" in err


def test_empty_file_says_leeg_bestand(folder, tmp_path, capsys) -> None:
    """An empty file (or one holding only a BOM and blank lines) says so."""
    code, _, err = import_file(capsys, folder, write(tmp_path, "\ufeff\n\n"))
    assert code == cli.EXIT_INPUT and "leeg bestand" in err
    code, _, err = import_file(capsys, folder, write(tmp_path, "", "empty.csv"), "en")
    assert "The file is empty" in err


def test_an_unclosed_quote_is_named_by_its_line_and_nothing_is_imported(folder, tmp_path, capsys) -> None:
    """A quote opened in row 3 and never closed would swallow the rest of the file into one field; the
    import says which line and imports none of the rows (the good row 2 included: the file is whole or
    not at all read)."""
    broken = ROW.replace("Z-1", "Z-2").replace("Kerkstraat", '"Kerkstraat')
    file = write(tmp_path, HEADER + ROW + broken + ROW.replace("Z-1", "Z-3"))
    code, out, err = import_file(capsys, folder, file)
    assert code == cli.EXIT_INPUT
    assert "Regel 3: een aanhalingsteken" in err and "niet gesloten" in err and "niets geïmporteerd" in err
    assert "kolom" not in err  # not the misleading "kolom 'domein' is leeg"
    code, _, err = import_file(capsys, folder, file, "en")
    assert "Line 3: a quote" in err and "nothing was imported" in err
    ws = Workspace.open(folder)
    assert [ws.cases.by_number(n) for n in ("Z-1", "Z-2", "Z-3")] == [None, None, None]
    ws.close()


# --- the profile -----------------------------------------------------------------------------
def test_profile_set_before_the_first_start_gives_imported_visits_an_officer(tmp_path, capsys) -> None:
    """`inspector profile` sets the officer the app would ask for; planned visits carry it. Without a
    profile the import warns that the visits have no officer."""
    bare = str(tmp_path / "bare")
    code, _, err = import_file(capsys, bare, write(tmp_path, HEADER + ROW, "a.csv"))
    assert code == 0 and "er is geen profiel ingesteld" in err
    folder = str(tmp_path / "ws")
    code, out, _ = run(capsys, "--workspace", folder, "profile")
    assert code == 0 and "Nog geen profiel" in out
    code, out, _ = run(capsys, "--workspace", folder, "--lang", "en", "profile", "--name", "A. de Wit",
                       "--number", "BOA-77", "--team", "Team Zuid")
    assert code == 0 and out.splitlines() == ["Profile saved.", "Name: A. de Wit",
                                              "Appointment number: BOA-77", "Team: Team Zuid"]
    code, _, err = run(capsys, "--workspace", folder, "profile", "--number", "")
    assert code == cli.EXIT_INPUT and "aanstellingsnummer" in err
    import_file(capsys, folder, write(tmp_path, HEADER + ROW, "b.csv"))
    ws = Workspace.open(folder)
    assert not ws.settings.needs_profile()
    (visit,) = ws.visits.find()
    assert [(o.name, o.appointment) for o in ws.visits.get(visit.id).officers] == [("A. de Wit", "BOA-77")]
    ws.close()


# --- the core --------------------------------------------------------------------------------
def test_core_parse_row_checks_the_whole_row_before_writing() -> None:
    """parse_row normalises a good row and refuses a bad one without touching a workspace."""
    header, rows = planning.read_rows((HEADER + ROW).encode())
    row = planning.parse_row(rows[0][1])
    assert (row.template_id, row.planned, row.announced) == ("S1", "2026-12-02T10:00", False)
    assert row.person == {"geslachtsnaam": "Jansen", "bsn": BSN}
    assert row.address["postcode"] == "3511AB" and row.address["huisnummer"] == 12
    assert row.ground["ground_date"] == "2026-11-01"
    with pytest.raises(ValidationError) as exc:
        planning.parse_row({**rows[0][1], "domein": "zorg"})
    assert exc.value.nl == "kolom 'domein': onbekend domein 'zorg'; geldig: sociaal, fysiek, oov."


def test_core_import_counts_and_refuses_without_dropping(workspace, tmp_path) -> None:
    """import_planning in the core: a contradicting row is a problem with its line, the rest imports."""
    other = ROW.replace("Jansen", "Bakker").replace("10:00", "11:00")
    result = planning.import_planning(workspace, write(tmp_path, HEADER + ROW + other + ROW))
    assert (result.imported, result.skipped, result.completed) == (1, 1, 0)
    assert [(p.line, p.code) for p in result.problems] == [(3, "case_differs")]
    assert "in the row 'Bakker'" in result.problems[0].message("en")
