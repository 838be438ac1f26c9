"""Tests for inspector.validation: BSN, postcode, house number, dates, names, KvK."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector.errors import ValidationError
from inspector.validation import (
    PartialDate,
    PersonName,
    format_date,
    format_house_number,
    format_postcode,
    is_valid_bsn,
    make_test_bsn,
    mask_bsn,
    normalize_bsn,
    normalize_kvk,
    normalize_postcode,
    parse_date,
    split_surname,
    validate_house_number,
    validate_name,
)

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def _raises(code: str, field: str, func, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        func(*args, **kwargs)
    err = info.value
    assert err.code == code
    assert err.field == field
    assert err.nl and err.en and err.nl != err.en
    return err


# --- BSN ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("bsn", ["111222333", "999993653"])
def test_bsn_known_valid_vectors_pass(bsn):
    """The DOMAIN.md vectors 111222333 and 999993653 pass the 11-proef."""
    assert normalize_bsn(bsn) == bsn
    assert is_valid_bsn(bsn) is True


def test_bsn_123456789_fails_checksum():
    """123456789 fails the 11-proef with code bsn_checksum and a masked message."""
    err = _raises("bsn_checksum", "bsn", normalize_bsn, "123456789")
    assert err.nl == "Dit BSN (******789) klopt niet: de elfproef faalt. Controleer de cijfers."
    assert err.en == "This BSN (******789) is not valid: it fails the eleven test. Check the digits."
    assert is_valid_bsn("123456789") is False


def test_bsn_eight_digits_get_leading_zero():
    """An 8-digit BSN is padded with a leading 0."""
    assert normalize_bsn("12345672") == "012345672"
    assert normalize_bsn("1234.5672") == "012345672"
    assert is_valid_bsn("012345672") is True


def test_bsn_all_zeros_rejected():
    """000000000 (and 8 zeros) is rejected with bsn_zero although its weighted sum is 0."""
    _raises("bsn_zero", "bsn", normalize_bsn, "000000000")
    _raises("bsn_zero", "bsn", normalize_bsn, "00000000")


@pytest.mark.parametrize("raw", ["9999.93.653", "999 993 653", "999-993-653", " 9999 93653 "])
def test_bsn_formatting_characters_stripped(raw):
    """Spaces, dots and dashes are removed before checking."""
    assert normalize_bsn(raw) == "999993653"


@pytest.mark.parametrize("raw", ["", "   ", None])
def test_bsn_empty(raw):
    """Empty input gives bsn_empty."""
    _raises("bsn_empty", "bsn", normalize_bsn, raw)


@pytest.mark.parametrize("raw", ["1234567", "1234567890", "99999365a", "999/993/653", "٩٩٩٩٩٣٦٥٣"])
def test_bsn_format(raw):
    """Wrong length, letters, other separators and non-ASCII digits give bsn_format."""
    _raises("bsn_format", "bsn", normalize_bsn, raw)


@pytest.mark.parametrize("raw", ["123456789", "999993654", "12345678", "999993653x"])
def test_bsn_errors_never_contain_full_number(raw):
    """No BSN error message contains the full number that was entered."""
    with pytest.raises(ValidationError) as info:
        normalize_bsn(raw)
    digits = "".join(c for c in raw if c.isdigit())
    for text in (info.value.nl, info.value.en, str(info.value)):
        assert digits not in text


eight_digits = st.lists(st.integers(0, 9), min_size=8, max_size=8)


def _complete(first8: list[int]) -> str | None:
    check = sum(w * d for w, d in zip(WEIGHTS, first8, strict=False)) % 11
    return None if check == 10 else "".join(map(str, first8)) + str(check)


@given(eight_digits)
def test_bsn_property_every_weighted_sum_multiple_of_11_accepted(first8):
    """Every 9-digit string with weighted sum ≡ 0 (mod 11), except all zeros, is accepted."""
    bsn = _complete(first8)
    if bsn is None or bsn == "000000000":
        return
    assert normalize_bsn(bsn) == bsn


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_bsn_property_acceptance_equals_eleven_test(digits):
    """For any 9 digits, is_valid_bsn is exactly 'weighted sum ≡ 0 (mod 11) and not all zeros'."""
    expected = sum(w * int(d) for w, d in zip(WEIGHTS, digits, strict=True)) % 11 == 0
    assert is_valid_bsn(digits) is (expected and digits != "000000000")


@given(eight_digits, st.integers(0, 8), st.integers(1, 9))
def test_bsn_property_one_changed_digit_invalidates(first8, position, delta):
    """Changing any single digit of a valid BSN makes it invalid."""
    bsn = _complete(first8)
    if bsn is None or bsn == "000000000":
        return
    changed = bsn[:position] + str((int(bsn[position]) + delta) % 10) + bsn[position + 1:]
    assert changed != bsn
    assert is_valid_bsn(changed) is False


def test_make_test_bsn_first_values():
    """make_test_bsn is deterministic and starts at 999900006, 999900018."""
    assert make_test_bsn(0) == "999900006"
    assert make_test_bsn(1) == "999900018"
    assert make_test_bsn(8513) == "999993653"
    assert make_test_bsn(9090) == "999999990"


def test_make_test_bsn_valid_distinct_in_test_range():
    """All generated test BSNs are valid, distinct and in the 9999xxxxx range."""
    values = [make_test_bsn(n) for n in range(9091)]
    assert len(set(values)) == 9091
    assert values == sorted(values)
    assert all(v.startswith("9999") and len(v) == 9 and is_valid_bsn(v) for v in values)


@pytest.mark.parametrize("n", [-1, 9091, 100_000])
def test_make_test_bsn_exhausted(n):
    """make_test_bsn raises ValueError outside the range 0..9090."""
    with pytest.raises(ValueError):
        make_test_bsn(n)


@pytest.mark.parametrize(("raw", "masked"), [
    ("999993653", "******653"), ("9999.93.653", "******653"), ("12345672", "******672"),
    ("", ""), (None, ""), ("  ", ""), ("12", "**"), ("abc", "***"),
    ("BSN 123456789", "******789"), ("12345", "**345"),
])
def test_mask_bsn(raw, masked):
    """mask_bsn shows only the last 3 digits and never raises, also on garbage."""
    assert mask_bsn(raw) == masked


# --- Postcode ----------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["1234AB", "1234 AB", "1234ab", " 1234 ab ", "1234  aB"])
def test_postcode_normalized(raw):
    """Postcodes accept lower case and spaces and normalise to 1234AB."""
    assert normalize_postcode(raw) == "1234AB"
    assert format_postcode(raw) == "1234 AB"


@pytest.mark.parametrize("letters", ["SA", "SD", "SS", "sa", "sd", "ss"])
def test_postcode_forbidden_letters(letters):
    """SA, SD and SS are not allowed as postcode letters."""
    _raises("postcode_letters", "postcode", normalize_postcode, f"1234{letters}")


@pytest.mark.parametrize("raw", ["0123AB", "123AB", "12345AB", "1234A", "1234ABC", "1234-AB", "ABCD12",
                                 "1234ÄB", "1234ß"])
def test_postcode_format(raw):
    """A leading 0, wrong lengths, separators and non-ASCII letters give postcode_format."""
    _raises("postcode_format", "postcode", normalize_postcode, raw)


def test_postcode_empty():
    """An empty postcode gives postcode_empty."""
    _raises("postcode_empty", "postcode", normalize_postcode, "  ")


def test_postcode_sb_allowed():
    """Only SA, SD and SS are forbidden; SB and AS are fine."""
    assert normalize_postcode("9999 sb") == "9999SB"
    assert normalize_postcode("1000AS") == "1000AS"


# --- House number ------------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "expected"), [
    ((12,), (12, None, None)),
    (("12",), (12, None, None)),
    ((" 1 ", "", ""), (1, None, None)),
    ((99999, "a", "bis"), (99999, "A", "bis")),
    ((7, None, "2"), (7, None, "2")),
    ((7, " z ", "IV12"), (7, "Z", "IV12")),
])
def test_house_number_valid(args, expected):
    """Valid number, letter (upper-cased) and suffix; empty strings become None."""
    assert validate_house_number(*args) == expected


@pytest.mark.parametrize("number", [0, 100000, "0", "100000", -1])
def test_house_number_range(number):
    """House numbers outside 1..99999 give huisnummer_range."""
    _raises("huisnummer_range", "huisnummer", validate_house_number, number)


@pytest.mark.parametrize("number", ["", "12a", "1.5", "twaalf", "-3", True])
def test_house_number_format(number):
    """Non-numeric house numbers give huisnummer_format."""
    _raises("huisnummer_format", "huisnummer", validate_house_number, number)


@pytest.mark.parametrize("letter", ["AB", "1", "é", "-"])
def test_house_letter_format(letter):
    """A house letter must be exactly one letter A-Z."""
    _raises("huisletter_format", "huisletter", validate_house_number, 12, letter)


@pytest.mark.parametrize("suffix", ["12345", "a b", "-bis", "3/4"])
def test_house_suffix_format(suffix):
    """A suffix is at most 4 letters or digits."""
    _raises("toevoeging_format", "toevoeging", validate_house_number, 12, None, suffix)


@pytest.mark.parametrize(("args", "text"), [
    ((12, "a", "bis"), "12A bis"), ((12, None, "bis"), "12 bis"), ((12, "b", None), "12B"),
    (("5", "", ""), "5"),
])
def test_format_house_number(args, text):
    """House numbers display as number+LETTER, then a space and the suffix."""
    assert format_house_number(*args) == text


# --- Dates -------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["15-07-1980", "15/07/1980", "15.07.1980", "1980-07-15", " 15-7-1980 "])
def test_parse_full_date(raw):
    """Full dates parse in dd-mm-jjjj (-, /, .) and ISO forms."""
    date = parse_date(raw)
    assert date == PartialDate(1980, 7, 15)
    assert date.iso() == "1980-07-15"
    assert date.display() == "15-07-1980"


def test_parse_one_digit_day_and_month():
    """One-digit day and month are accepted."""
    assert parse_date("1-2-2000").iso() == "2000-02-01"
    assert parse_date("2000-2-1").iso() == "2000-02-01"


@pytest.mark.parametrize(("raw", "iso", "shown"), [
    ("00-07-1980", "1980-07-00", "00-07-1980"),
    ("00-00-1980", "1980-00-00", "00-00-1980"),
    ("1980", "1980-00-00", "00-00-1980"),
    ("1980-07-00", "1980-07-00", "00-07-1980"),
])
def test_parse_partial_date_allowed(raw, iso, shown):
    """With allow_partial, unknown day/month (00) and a bare year are accepted."""
    date = parse_date(raw, allow_partial=True)
    assert date.iso() == iso
    assert date.display() == shown
    assert date.is_complete is False


@pytest.mark.parametrize("raw", ["00-07-1980", "00-00-1980", "1980"])
def test_parse_partial_date_refused(raw):
    """Without allow_partial a partial date gives date_partial."""
    _raises("date_partial", "date", parse_date, raw)


@pytest.mark.parametrize("raw", ["31-02-2020", "2020-02-30", "29-02-2019", "15-13-1980", "32-01-2000",
                                 "15-00-1980", "01-01-1849", "01-01-2201"])
def test_parse_invalid_date(raw):
    """Non-existent dates, day without month and years outside 1850..2200 give date_invalid."""
    _raises("date_invalid", "date", parse_date, raw, allow_partial=True)


def test_parse_leap_day():
    """29 February exists in leap years."""
    assert parse_date("29-02-2020").iso() == "2020-02-29"


@pytest.mark.parametrize("raw", ["15-07-80", "15-07/1980", "15 juli 1980", "1980/07/15", "x", "19800715"])
def test_parse_date_format(raw):
    """Unrecognised date forms give date_format."""
    _raises("date_format", "date", parse_date, raw)


def test_parse_date_empty():
    """An empty date gives date_empty."""
    _raises("date_empty", "date", parse_date, " ")


def test_partial_date_rules():
    """PartialDate: 0 means unknown, unknown month implies unknown day, calendar checked."""
    assert PartialDate(1980, 0, 0) == PartialDate(1980)
    assert PartialDate(1980, 7).to_date() is None
    assert PartialDate(1980, 7, 15).to_date().isoformat() == "1980-07-15"
    _raises("date_invalid", "date", PartialDate, 1980, None, 3)
    _raises("date_invalid", "date", PartialDate, 2021, 4, 31)
    _raises("date_invalid", "date", PartialDate, 1849)


@pytest.mark.parametrize(("iso", "shown"), [
    ("1980-07-15", "15-07-1980"), ("1980-07-00", "00-07-1980"), ("1980-00-00", "00-00-1980"),
    ("1980-07", "00-07-1980"), ("1980", "00-00-1980"),
])
def test_format_date_and_from_iso(iso, shown):
    """format_date shows ISO dates, also partial ones, as dd-mm-jjjj."""
    assert format_date(iso) == shown
    assert PartialDate.from_iso(iso).display() == shown


def test_from_iso_rejects_dutch_form():
    """from_iso only takes ISO; dd-mm-jjjj gives date_format."""
    _raises("date_format", "date", PartialDate.from_iso, "15-07-1980")


# --- Names -------------------------------------------------------------------------------------

def test_person_name_forms():
    """Initials, display and sort name follow the Dutch convention."""
    name = PersonName("Test Proef", "van den", "Berg")
    assert name.initials() == "T.P."
    assert name.display() == "T.P. van den Berg"
    assert name.sort_name() == "Berg, T.P. van den"


def test_person_name_edge_cases():
    """Hyphenated and IJ first names, missing parts and capitalised voorvoegsel."""
    assert PersonName("Test-Demo", "", "Bakker").initials() == "T.D."
    assert PersonName("IJstest  apart", "", "Smit").initials() == "IJ.A."
    assert PersonName("", "van den", "Berg").display() == "Van den Berg"
    assert PersonName("", "van den", "Berg").sort_name() == "Berg, van den"
    assert PersonName("Exempel", "", "Jansen").sort_name() == "Jansen, E."
    assert PersonName("", "", "Jansen").sort_name() == "Jansen"
    assert PersonName("Kaart", "'t", "Hart").display() == "K. 't Hart"


def test_sort_names_on_surname_ignoring_case_and_diacritics():
    """Sorting uses the surname (not the voorvoegsel), ignoring case and diacritics, then first names."""
    people = [PersonName("Joker", "van den", "Berg"), PersonName("Alfa", "", "Ödemiş"),
              PersonName("Alias", "", "Bakker"), PersonName("Proef", "de", "Vries"),
              PersonName("Echo", "", "Çelik"), PersonName("Bravo", "", "celik"), PersonName("Code", "", "Oz")]
    ordered = [p.sort_name() for p in sorted(people, key=PersonName.sort_key)]
    assert ordered == ["Bakker, A.", "Berg, J. van den", "celik, B.", "Çelik, E.", "Ödemiş, A.", "Oz, C.",
                       "Vries, P. de"]


def test_sort_key_is_case_and_diacritics_insensitive():
    """Names differing only in case/diacritics have the same leading key parts."""
    accented = PersonName("Zoëtest", "", "Ödemiş").sort_key()[:3]
    assert accented == PersonName("zoetest", "", "odemis").sort_key()[:3]


@pytest.mark.parametrize(("full", "parts"), [
    ("van den Berg", ("van den", "Berg")),
    ("Van Den Berg", ("Van Den", "Berg")),
    ("van der Meer", ("van der", "Meer")),
    ("van Dam", ("van", "Dam")),
    ("de Vries", ("de", "Vries")),
    ("den Hartog", ("den", "Hartog")),
    ("in 't Veld", ("in 't", "Veld")),
    ("'t Hart", ("'t", "Hart")),
    ("op de Beek", ("op de", "Beek")),
    ("uit den Bogaard", ("uit den", "Bogaard")),
    ("von Bismarck", ("von", "Bismarck")),
    ("d'Ancona", ("d'", "Ancona")),
    ("de la Fuente", ("de la", "Fuente")),
    ("  van   der  Laan ", ("van der", "Laan")),
    ("Bakker", ("", "Bakker")),
    ("Vandenberg", ("", "Vandenberg")),
    ("Van", ("", "Van")),
    ("Devries", ("", "Devries")),
    ("", ("", "")),
])
def test_split_surname(full, parts):
    """split_surname finds the longest known voorvoegsel and keeps capitalisation."""
    assert split_surname(full) == parts


@pytest.mark.parametrize(("raw", "clean"), [
    ("Berg", "Berg"), ("  Çelik ", "Çelik"), ("O'Neill", "O'Neill"), ("Smit-de  Jong", "Smit-de Jong"),
    ("Ødegård", "Ødegård"), ("Zoë", "Zoë"),
])
def test_validate_name_accepts(raw, clean):
    """Letters with diacritics, apostrophes, hyphens and spaces are allowed."""
    assert validate_name(raw, "geslachtsnaam") == clean


@pytest.mark.parametrize("raw", ["Berg2", "Ber\tg", "Berg\x00", "Berg@home", "J.P."])
def test_validate_name_rejects_characters(raw):
    """Digits, control characters and other symbols give name_chars."""
    _raises("name_chars", "geslachtsnaam", validate_name, raw, "geslachtsnaam")


def test_validate_name_empty():
    """An empty geslachtsnaam gives name_empty; empty voornamen are allowed unless required."""
    _raises("name_empty", "geslachtsnaam", validate_name, "  ", "geslachtsnaam")
    assert validate_name("", "voornamen") == ""
    _raises("name_empty", "voornamen", validate_name, "", "voornamen", required=True)


# --- KvK ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["12345678", "1234 5678", "12.34.56.78"])
def test_kvk_valid(raw):
    """A KvK number is 8 digits; spaces and dots are removed."""
    assert normalize_kvk(raw) == "12345678"


@pytest.mark.parametrize("raw", ["", "1234567", "123456789", "000012345678", "1234567a"])
def test_kvk_format(raw):
    """Anything other than 8 digits gives kvk_format."""
    _raises("kvk_format", "kvk", normalize_kvk, raw)


# --- Single-line identifiers -------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["2026-\u202e0001", "2026\t0001", "2026\n0001", "2026\x1b[31m",
                                 "2026\u200b01", "2026\u2066x\u2069", "20\u202826", "\u200f2026", "2026\x00",
                                 "2026\ufeff"])
def test_case_number_with_control_or_direction_characters_is_refused(workspace, raw):
    """A case number with a control, invisible or direction-override character is refused, in the core,
    naming the field; nothing is stored."""
    with pytest.raises(ValidationError) as info:
        workspace.cases.create(raw, "sociaal")
    assert (info.value.code, info.value.field) == ("line_chars", "number")
    assert "zaaknummer" in info.value.nl and "case number" in info.value.en
    assert workspace.cases.find() == []


def test_other_single_line_fields_refuse_control_characters(workspace):
    """Team, street, town, title, first names and the profile refuse them too; normal text passes."""
    case = workspace.cases.create(" 2026-0001 ", "sociaal", straat="Coördinatiestraat",
                                  woonplaats="'s-Hertogenbosch", team="Team Zuid-Oost",
                                  title="Melding (LAA) – 2e keer")
    assert workspace.cases.get(case.id).number == "2026-0001"
    for call in (lambda: workspace.cases.create("2026-0002", "sociaal", straat="Kerk\u202estraat"),
                 lambda: workspace.cases.create("2026-0003", "sociaal", team="Team\nZuid"),
                 lambda: workspace.cases.update(case.id, title="a\u202eb"),
                 lambda: workspace.cases.add_person(case.id, "Berg", voornamen="De\u200bmo"),
                 lambda: workspace.settings.set_profile("Toezicht\u202ehouder", "TH-1")):
        with pytest.raises(ValidationError) as info:
            call()
        assert info.value.code == "line_chars"


def test_registry_refuses_a_pushed_case_number_with_control_characters():
    """The registry (and so the server's check of pushed records) refuses such a case number too."""
    from inspector import records

    with pytest.raises(records.Invalid) as info:
        records.validate("cases", {"number": "2026\u202e01", "domain": "sociaal"}, creating=True)
    assert info.value.code == "invalid_text"
    fine = records.validate("cases", {"number": "2026-01", "domain": "sociaal"}, creating=True)
    assert fine["number"] == "2026-01"


# --- Messages ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("func", "args"), [
    (normalize_bsn, ("",)), (normalize_bsn, ("12",)), (normalize_bsn, ("000000000",)),
    (normalize_bsn, ("123456789",)), (normalize_postcode, ("",)), (normalize_postcode, ("0123AB",)),
    (normalize_postcode, ("1234SS",)), (validate_house_number, (0,)), (validate_house_number, ("x",)),
    (validate_house_number, (1, "ab")), (validate_house_number, (1, None, "abcde")),
    (parse_date, ("",)), (parse_date, ("x",)), (parse_date, ("31-02-2020",)), (parse_date, ("1980",)),
    (validate_name, ("", "geslachtsnaam")), (validate_name, ("B1", "voornamen")), (normalize_kvk, ("1",)),
])
def test_every_error_has_dutch_and_english_sentence(func, args):
    """Each error carries a distinct Dutch and English sentence ending in a full stop."""
    with pytest.raises(ValidationError) as info:
        func(*args)
    err = info.value
    assert err.message("nl") == err.nl and err.message("en") == err.en
    assert err.nl != err.en
    for text in (err.nl, err.en):
        assert text[0].isupper() and text.endswith(".")
