"""Validation and formatting of the data that must be right (DOMAIN.md §7).

BSN, postcode, house number, (partial) dates, names and KvK numbers. Every rule
violation raises :class:`~inspector.errors.ValidationError` with a stable ``code``,
the ``field`` it concerns and a helpful message in Dutch and English. Messages
never echo personal data; a BSN is only ever shown masked.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
from dataclasses import dataclass

from inspector.errors import ValidationError

_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
_BSN_SEPARATORS = re.compile(r"[\s.\-]+")

# Message catalogue: key -> (nl, en). The error code is the key up to any ":".
_MESSAGES: dict[str, tuple[str, str]] = {
    "bsn_empty": ("Vul een BSN in. Een BSN bestaat uit 9 cijfers.",
                  "Enter a BSN. A BSN consists of 9 digits."),
    "bsn_format": ("Een BSN bestaat uit 9 cijfers (bij 8 cijfers komt er een 0 voor). Controleer de invoer.",
                   "A BSN consists of 9 digits (8 digits get a leading 0). Check what you entered."),
    "bsn_zero": ("Een BSN met alleen nullen bestaat niet. Vul het echte BSN in.",
                 "A BSN of only zeros does not exist. Enter the real BSN."),
    "bsn_checksum": ("Dit BSN ({masked}) klopt niet: de elfproef faalt. Controleer de cijfers.",
                     "This BSN ({masked}) is not valid: it fails the eleven test. Check the digits."),
    "postcode_empty": ("Vul een postcode in, bijvoorbeeld 1234 AB.",
                       "Enter a postcode, for example 1234 AB."),
    "postcode_format": ("Een postcode bestaat uit 4 cijfers (niet beginnend met 0) en 2 letters, "
                        "bijvoorbeeld 1234 AB.", "A postcode consists of 4 digits (not starting with 0) "
                        "and 2 letters, for example 1234 AB."),
    "postcode_letters": ("Postcodes met de letters SA, SD of SS bestaan niet. Controleer de postcode.",
                         "Postcodes with the letters SA, SD or SS do not exist. Check the postcode."),
    "huisnummer_format": ("Vul het huisnummer in met alleen cijfers, bijvoorbeeld 12. Een huisletter of "
                          "toevoeging hoort in een eigen veld.", "Enter the house number using digits "
                          "only, for example 12. A house letter or suffix goes in its own field."),
    "huisnummer_range": ("Een huisnummer ligt tussen 1 en 99999. Controleer het nummer.",
                         "A house number must be between 1 and 99999. Check the number."),
    "huisletter_format": ("Een huisletter is precies één letter (A-Z). Zet andere tekens bij de toevoeging.",
                          "A house letter is exactly one letter (A-Z). Put other characters in the suffix."),
    "toevoeging_format": ("Een toevoeging heeft hoogstens 4 letters of cijfers, zonder spaties of tekens.",
                          "A suffix has at most 4 letters or digits, without spaces or symbols."),
    "date_empty": ("Vul een datum in als dd-mm-jjjj, bijvoorbeeld 01-07-1980.",
                   "Enter a date as dd-mm-yyyy, for example 01-07-1980."),
    "date_format": ("Deze datum wordt niet herkend. Schrijf hem als dd-mm-jjjj, bijvoorbeeld 01-07-1980.",
                    "This date is not recognised. Write it as dd-mm-yyyy, for example 01-07-1980."),
    "date_format:iso": ("Deze datum heeft niet de vorm jjjj-mm-dd. Controleer de opgeslagen waarde.",
                        "This date is not in the form yyyy-mm-dd. Check the stored value."),
    "date_partial": ("Vul een volledige datum in: dag, maand en jaar.",
                     "Enter a complete date: day, month and year."),
    "date_invalid": ("Deze datum bestaat niet (de maand heeft niet zoveel dagen). Controleer dag en maand.",
                     "This date does not exist (the month has fewer days). Check the day and month."),
    "date_invalid:year": ("Het jaar moet tussen 1850 en 2200 liggen. Controleer het jaartal.",
                          "The year must be between 1850 and 2200. Check the year."),
    "date_invalid:month": ("De maand moet tussen 1 en 12 liggen. Controleer de datum.",
                           "The month must be between 1 and 12. Check the date."),
    "date_invalid:day": ("Een dag zonder maand kan niet. Vul de maand in of maak de dag 00.",
                         "A day without a month is not possible. Enter the month or make the day 00."),
    "name_empty": ("Vul {nl} in; dit veld is verplicht.", "Enter {en}; this field is required."),
    "name_chars": ("Er staan tekens in {nl} die niet in een naam horen, zoals cijfers. "
                   "Gebruik alleen letters, spaties, apostroffen en koppeltekens.",
                   "{En} contains characters that do not belong in a name, such as digits. "
                   "Use only letters, spaces, apostrophes and hyphens."),
    "line_chars": ("Er staat een onzichtbaar teken of stuurteken in {nl} (zoals een tab, een regeleinde of "
                   "een teken dat de schrijfrichting omdraait). Typ het opnieuw, zonder zulke tekens.",
                   "{En} contains an invisible or control character (such as a tab, a line break or a "
                   "character that reverses the writing direction). Type it again, without such characters."),
    "too_long": ("{Nl} is te lang ({n_nl} tekens; hoogstens {max}). Maak het korter.",
                 "{En} is too long ({n_en} characters; at most {max}). Make it shorter."),
    "line_empty": ("Vul {nl} in; dit veld is verplicht.", "Enter {en}; this field is required."),
    "ground_facts_thin": (
        "De feiten van de redelijke grond zijn te summier. Beschrijf concreet wat is vastgesteld, in "
        "minstens {words} woorden en {letters} letters (nu {have_words} woorden, {have_letters} letters).",
        "The facts of the reasonable ground are too thin. Describe concretely what was established, in "
        "at least {words} words and {letters} letters (now {have_words} words, {have_letters} letters)."),
    "ground_why_thin": (
        "Waarom een lichter middel niet volstaat is te summier uitgelegd. Schrijf het in minstens {words} "
        "woorden en {letters} letters (nu {have_words} woorden, {have_letters} letters).",
        "Why a lighter means does not suffice is explained too briefly. Write it in at least {words} "
        "words and {letters} letters (now {have_words} words, {have_letters} letters)."),
    "ground_source_thin": (
        "Vul de bron van de redelijke grond in (bijvoorbeeld LAA-signaal, Inlichtingenbureau, melding "
        "buren); minstens {letters} letters.",
        "Enter the source of the reasonable ground (for example an LAA signal, the Inlichtingenbureau, a "
        "neighbour's report); at least {letters} letters."),
    "ground_date_empty": (
        "Vul de datum van de redelijke grond in: de dag waarop de feiten bekend werden.",
        "Enter the date of the reasonable ground: the day the facts became known."),
    "ground_date_after_start": (
        "De datum van de redelijke grond ({date}) ligt na het begin van het bezoek ({start}). De grond moet "
        "uiterlijk bij het begin van het bezoek bekend zijn.",
        "The date of the reasonable ground ({date}) is after the start of the visit ({start}). The ground "
        "must be known at the latest when the visit starts."),
    "moment_format": (
        "Dit tijdstip wordt niet herkend. Schrijf het als dd-mm-jjjj uu:mm, bijvoorbeeld 03-12-2026 09:30.",
        "This time is not recognised. Write it as dd-mm-yyyy hh:mm, for example 03-12-2026 09:30."),
    "kvk_format": ("Een KvK-nummer bestaat uit 8 cijfers. Controleer het nummer (het vestigingsnummer van "
                   "12 cijfers is iets anders).", "A KvK (Chamber of Commerce) number consists of 8 digits. "
                   "Check the number (the 12-digit branch number is something else)."),
}


def _fail(key: str, field: str, **values: str) -> ValidationError:
    nl, en = _MESSAGES[key]
    return ValidationError(key.split(":")[0], nl.format(**values), en.format(**values), field=field)


# --- BSN ---------------------------------------------------------------------------------------

def _bsn_sum(digits: str) -> int:
    return sum(w * int(d) for w, d in zip(_BSN_WEIGHTS, digits, strict=True))


def normalize_bsn(value: str) -> str:
    """Return ``value`` as a 9-digit BSN that passes the 11-proef, or raise ValidationError.

    Spaces, dots and dashes are removed; an 8-digit number gets a leading 0.
    """
    compact = _BSN_SEPARATORS.sub("", value or "")
    if not compact:
        raise _fail("bsn_empty", "bsn")
    if not re.fullmatch(r"[0-9]{8,9}", compact):
        raise _fail("bsn_format", "bsn")
    bsn = compact.zfill(9)
    if bsn == "000000000":
        raise _fail("bsn_zero", "bsn")
    if _bsn_sum(bsn) % 11:
        raise _fail("bsn_checksum", "bsn", masked=mask_bsn(bsn))
    return bsn


def is_valid_bsn(value: str) -> bool:
    """True when :func:`normalize_bsn` accepts ``value``."""
    try:
        normalize_bsn(value)
    except ValidationError:
        return False
    return True


def mask_bsn(value: str | None) -> str:
    """Mask a BSN for display: ``"999993653"`` -> ``"******653"``. Never raises.

    Only digits survive (an 8-digit number is padded to 9); all but the last 3 become
    stars. Input with at most 3 digits is masked completely; empty input gives "".
    """
    compact = _BSN_SEPARATORS.sub("", value or "")
    digits = "".join(c for c in compact if c in "0123456789")
    if len(digits) == 8 and len(compact) == 8:
        digits = "0" + digits
    if len(digits) <= 3:
        return "*" * len(compact)
    return "*" * (len(digits) - 3) + digits[-3:]


@functools.cache
def _test_bsns() -> tuple[str, ...]:
    heads = (f"9999{n:04d}" for n in range(10_000))  # d9 must equal the weighted sum of d1..d8 mod 11
    return tuple(h + str(c) for h in heads if (c := _bsn_sum(h + "0") % 11) < 10)


def make_test_bsn(n: int) -> str:
    """The ``n``-th (from 0) valid test BSN in the 9999xxxxx range, in ascending order.

    Raises ValueError for a negative ``n`` or when the range is exhausted.
    """
    pool = _test_bsns()
    if not 0 <= n < len(pool):
        raise ValueError(f"test BSN index {n} outside 0..{len(pool) - 1}")
    return pool[n]


# --- Postcode and house number -----------------------------------------------------------------

def normalize_postcode(value: str) -> str:
    """Return the postcode as ``"1234AB"``; accepts lower case and spaces."""
    compact = re.sub(r"\s+", "", value or "")
    if not compact:
        raise _fail("postcode_empty", "postcode")
    if not re.fullmatch(r"[1-9][0-9]{3}[A-Za-z]{2}", compact):
        raise _fail("postcode_format", "postcode")
    postcode = compact.upper()
    if postcode[4:] in ("SA", "SD", "SS"):
        raise _fail("postcode_letters", "postcode")
    return postcode


def format_postcode(value: str) -> str:
    """Return the postcode for display: ``"1234 AB"``."""
    postcode = normalize_postcode(value)
    return f"{postcode[:4]} {postcode[4:]}"


def validate_house_number(number: int | str, letter: str | None = None,
                          suffix: str | None = None) -> tuple[int, str | None, str | None]:
    """Check house number (1-99999), letter (one of A-Z) and suffix (up to 4 letters/digits).

    Returns ``(number, LETTER, suffix)``; the letter in upper case, the suffix as typed,
    empty strings as None.
    """
    text = number.strip() if isinstance(number, str) else number
    if isinstance(text, bool) or not (isinstance(text, int) or re.fullmatch(r"[0-9]{1,9}", text)):
        raise _fail("huisnummer_format", "huisnummer")
    value = int(text)
    if not 1 <= value <= 99999:
        raise _fail("huisnummer_range", "huisnummer")
    letter = (letter or "").strip() or None
    if letter is not None and not re.fullmatch(r"[A-Za-z]", letter):
        raise _fail("huisletter_format", "huisletter")
    suffix = (suffix or "").strip() or None
    if suffix is not None and not re.fullmatch(r"[A-Za-z0-9]{1,4}", suffix):
        raise _fail("toevoeging_format", "toevoeging")
    return value, letter.upper() if letter else None, suffix


def format_house_number(number: int | str, letter: str | None = None, suffix: str | None = None) -> str:
    """Display form: letter attached, suffix after a space: (12, "a", "bis") -> ``"12A bis"``."""
    value, letter, suffix = validate_house_number(number, letter, suffix)
    return f"{value}{letter or ''}" + (f" {suffix}" if suffix else "")


# --- Dates -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PartialDate:
    """A date as the BRP knows it: day, or day and month, may be unknown (None; 0 is accepted)."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "month", self.month or None)
        object.__setattr__(self, "day", self.day or None)
        if not 1850 <= self.year <= 2200:
            raise _fail("date_invalid:year", "date")
        if self.month is None:
            if self.day is not None:
                raise _fail("date_invalid:day", "date")
        elif not 1 <= self.month <= 12:
            raise _fail("date_invalid:month", "date")
        elif self.day is not None:
            try:
                _dt.date(self.year, self.month, self.day)
            except ValueError:
                raise _fail("date_invalid", "date") from None

    @property
    def is_complete(self) -> bool:
        """True when day and month are known."""
        return self.day is not None

    def to_date(self) -> _dt.date | None:
        """The :class:`datetime.date`, or None when the date is partial."""
        return _dt.date(self.year, self.month, self.day) if self.month and self.day else None

    def iso(self) -> str:
        """ISO form with 00 for unknown parts: ``"1980-07-00"``."""
        return f"{self.year:04d}-{self.month or 0:02d}-{self.day or 0:02d}"

    def display(self) -> str:
        """Dutch display form dd-mm-jjjj with 00 for unknown parts: ``"00-07-1980"``."""
        return f"{self.day or 0:02d}-{self.month or 0:02d}-{self.year:04d}"

    @classmethod
    def from_iso(cls, s: str) -> PartialDate:
        """Parse ``"jjjj-mm-dd"`` (00 for unknown parts), ``"jjjj-mm"`` or ``"jjjj"``."""
        m = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", (s or "").strip())
        if not m:
            raise _fail("date_format:iso", "date")
        return cls(int(m[1]), int(m[2] or 0), int(m[3] or 0))


_DMY = re.compile(r"([0-9]{1,2})([-/.])([0-9]{1,2})\2([0-9]{4})")
_YMD = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def parse_date(value: str, *, allow_partial: bool = False) -> PartialDate:
    """Parse dd-mm-jjjj (separator -, / or .; one-digit day/month allowed) or ISO jjjj-mm-dd.

    With ``allow_partial``, 00 marks an unknown day or month and a bare year is accepted.
    """
    text = (value or "").strip()
    if not text:
        raise _fail("date_empty", "date")
    if m := _DMY.fullmatch(text):
        day, month, year = int(m[1]), int(m[3]), int(m[4])
    elif m := _YMD.fullmatch(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif re.fullmatch(r"[0-9]{4}", text):
        year, month, day = int(text), 0, 0
    else:
        raise _fail("date_format", "date")
    date = PartialDate(year, month, day)
    if not allow_partial and not date.is_complete:
        raise _fail("date_partial", "date")
    return date


def format_date(iso: str) -> str:
    """dd-mm-jjjj from an ISO date, also a partial one: ``"1980-07-00"`` -> ``"00-07-1980"``."""
    return PartialDate.from_iso(iso).display()


# --- Names -------------------------------------------------------------------------------------

_VOORVOEGSELS = sorted({
    "van", "van de", "van den", "van der", "van het", "van 't", "van ter", "van la", "van de l'",
    "de", "den", "der", "des", "het", "'t", "'s", "te", "ten", "ter", "in 't", "in de", "in den",
    "in der", "in het", "op de", "op den", "op der", "op het", "op 't", "op ten", "uit de", "uit den",
    "uit het", "uit 't", "uit ten", "uijt de", "uijt den", "aan de", "aan den", "aan het", "aan 't",
    "bij de", "bij den", "bij het", "bij 't", "onder de", "onder den", "onder het", "over de",
    "over den", "voor de", "voor den", "voor 't", "von", "von der", "von den", "von dem", "vom", "zu",
    "zum", "zur", "auf dem", "auf den", "auf der", "aus dem", "aus den", "aus der", "vor der", "d'",
    "l'", "da", "das", "di", "del", "della", "do", "dos", "du", "la", "las", "le", "les", "lo", "los",
    "de la", "de las", "de los", "de l'", "de le",
}, key=lambda p: (-len(p), p))


def split_surname(full: str) -> tuple[str, str]:
    """Split a full surname into (voorvoegsel, geslachtsnaam): "van den Berg" -> ("van den", "Berg").

    Longest known voorvoegsel first, case-insensitive, keeping the user's capitalisation.
    A name that is only a voorvoegsel (e.g. "Van") is not split.
    """
    text = " ".join((full or "").split())
    for prefix in _VOORVOEGSELS:
        head = text[:len(prefix)]
        if head.lower().replace("\u2019", "'") != prefix:
            continue
        rest = text[len(prefix):]
        if not prefix.endswith("'") and not rest.startswith(" "):
            continue
        rest = rest.strip()
        if any(c.isalpha() for c in rest):
            return head, rest
    return "", text


_FOLD = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th"})


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _initial(part: str) -> str:
    for i, c in enumerate(part):
        if c.isalpha():
            return "IJ." if part[i:i + 2] == "IJ" else c.upper() + "."
    return ""


@dataclass(frozen=True)
class PersonName:
    """A name as the BRP stores it: first names, voorvoegsel and surname apart."""

    voornamen: str
    voorvoegsel: str
    geslachtsnaam: str

    def initials(self) -> str:
        """Initials of the first names: "Test Proef" -> "T.P.", "Test-Demo" -> "T.D."."""
        return "".join(_initial(p) for p in re.split(r"[\s\-]+", self.voornamen or ""))

    def display(self) -> str:
        """Display form "T.P. van den Berg"; with no initials the prefix is capitalised: "Van den Berg"."""
        initials, prefix = self.initials(), self.voorvoegsel or ""
        if prefix and not initials:
            prefix = prefix[0].upper() + prefix[1:]
        return " ".join(p for p in (initials, prefix, self.geslachtsnaam) if p)

    def sort_name(self) -> str:
        """Surname first, for lists: "Berg, T.P. van den"."""
        rest = " ".join(p for p in (self.initials(), self.voorvoegsel) if p)
        return f"{self.geslachtsnaam}, {rest}" if rest else self.geslachtsnaam

    def sort_key(self) -> tuple[str, ...]:
        """Case- and diacritics-insensitive key: surname, then voorvoegsel, then first names."""
        parts = (self.geslachtsnaam or "", self.voorvoegsel or "", self.voornamen or "")
        return tuple(_fold(p) for p in parts) + parts


_NAME_LABELS = {"geslachtsnaam": ("de achternaam", "the surname"),
                "voornamen": ("de voornamen", "the first names"),
                "voorvoegsel": ("het voorvoegsel", "the surname prefix")}
_NAME_PUNCT = set(" '\u2019\u2018-\u2010")


def validate_name(value: str, field: str = "geslachtsnaam", *, required: bool | None = None) -> str:
    """Check a name part and return it NFC-normalised with single spaces.

    Letters (with diacritics), spaces, apostrophes and hyphens are allowed; digits, control
    characters and other symbols are not. ``required`` defaults to True only for the geslachtsnaam.
    """
    labels = _labels(*_NAME_LABELS.get(field, ("de naam", "the name")))
    text = unicodedata.normalize("NFC", value or "")
    if any(not (c.isalpha() or unicodedata.combining(c) or c in _NAME_PUNCT) for c in text):
        raise _fail("name_chars", field, **labels)
    text = " ".join(text.split())
    _check_length(text, field, labels, LINE_MAX)
    if (field == "geslachtsnaam" if required is None else required) and not any(c.isalpha() for c in text):
        raise _fail("name_empty", field, **labels)
    return text


# --- single-line identifiers (case number, team, street …) ------------------------------------------
# Control characters (tab, newline, escape), format characters (right-to-left and other direction
# overrides, zero-width characters), line and paragraph separators, surrogates, private-use and
# unassigned code points: invisible or misleading in a list, a report or a file name.
LINE_MAX = 200  # a name, a case number, a street: records.NAME_MAX
_LINE_LIMITS = {"title": 500, "bag_id": 40}  # as in records.py
_NOT_IN_A_LINE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_LINE_LABELS = {"number": ("het zaaknummer", "the case number"), "team": ("het team", "the team"),
                "assigned_to": ("de behandelaar", "the person assigned"), "name": ("de naam", "the name"),
                "appointment": ("het aanstellingsnummer", "the appointment number"),
                "straat": ("de straat", "the street"), "woonplaats": ("de woonplaats", "the town"),
                "bag_id": ("het BAG-id", "the BAG id"), "title": ("de titel", "the title")}


def line_problem(value: str) -> bool:
    """True when ``value`` holds a character that does not belong in a single line of text."""
    return any(unicodedata.category(c) in _NOT_IN_A_LINE for c in value)


def _labels(nl_label: str, en_label: str) -> dict[str, str]:
    return {"nl": nl_label, "en": en_label, "Nl": nl_label[0].upper() + nl_label[1:],
            "En": en_label[0].upper() + en_label[1:]}


def _check_length(text: str, field: str, labels: dict[str, str], max_len: int) -> None:
    if len(text) > max_len:
        n = f"{len(text):,}"
        raise _fail("too_long", field, n_nl=n.replace(",", "."), n_en=n, max=str(max_len), **labels)


def single_line(value: str, field: str, *, required: bool = False) -> str:
    """A one-line identifier or label, stripped and NFC-normalised (an "é" typed as "e" and an accent
    is the same "é"); refuses control, direction-override and other invisible characters, and more
    characters than the field holds (records.py), with a message naming the field."""
    labels = _labels(*_LINE_LABELS.get(field, ("dit veld", "this field")))
    text = (value or "").strip()
    if line_problem(text):
        raise _fail("line_chars", field, **labels)
    text = unicodedata.normalize("NFC", text)
    _check_length(text, field, labels, _LINE_LIMITS.get(field, LINE_MAX))
    if required and not text:
        raise _fail("line_empty", field, **labels)
    return text


# --- The reasonable ground ---------------------------------------------------------------------
# A ground is concrete facts (DOMAIN.md §1): "." or "zie dossier" is not one. The rule, by counting:
# the facts at least 5 words and 25 letters, why a lighter means does not suffice at least 3 words and
# 15 letters, the source at least 2 letters (LAA, IB); a word is a run of characters holding a letter.
GROUND_FACTS_MIN = (5, 25)
GROUND_WHY_MIN = (3, 15)
GROUND_SOURCE_MIN_LETTERS = 2


def _words_letters(text: str) -> tuple[int, int]:
    words = [w for w in (text or "").split() if any(c.isalpha() for c in w)]
    return len(words), sum(1 for c in text or "" if c.isalpha())


def ground_problems(facts: str, source: str, date: str, why_not_lighter: str,
                    start: _dt.date | None = None) -> list[ValidationError]:
    """Why a reasonable ground does not hold up (empty when it does), in field order: facts too thin,
    no source, no complete date or a date after ``start`` (the day the visit starts), and why a lighter
    means does not suffice too thin. Every error names its field (``ground_facts`` …)."""
    out: list[ValidationError] = []
    for field, text, (words, letters), key in (
            ("ground_facts", facts, GROUND_FACTS_MIN, "ground_facts_thin"),
            ("ground_why_not_lighter", why_not_lighter, GROUND_WHY_MIN, "ground_why_thin")):
        have_words, have_letters = _words_letters(text)
        if have_words < words or have_letters < letters:
            out.append(_fail(key, field, words=str(words), letters=str(letters),
                             have_words=str(have_words), have_letters=str(have_letters)))
    if _words_letters(source)[1] < GROUND_SOURCE_MIN_LETTERS:
        out.append(_fail("ground_source_thin", "ground_source", letters=str(GROUND_SOURCE_MIN_LETTERS)))
    try:
        day = PartialDate.from_iso(date).to_date() if (date or "").strip() else None
    except ValidationError:
        day = None
    if day is None:
        out.append(_fail("ground_date_empty", "ground_date"))
    elif start is not None and day > start:
        out.append(_fail("ground_date_after_start", "ground_date", date=day.strftime("%d-%m-%Y"),
                         start=start.strftime("%d-%m-%Y")))
    order = ("ground_facts", "ground_source", "ground_date", "ground_why_not_lighter")
    return sorted(out, key=lambda e: order.index(e.field or ""))


# --- Moments (an observed time: rang the bell, entered, left, the caution) -------------------------
_MOMENT_DMY = re.compile(r"([0-9]{1,2})([-/.])([0-9]{1,2})\2([0-9]{4})[ T]+([0-9]{1,2})[:.]([0-9]{2})")


def parse_moment(value: str, zone: _dt.tzinfo | None = None) -> str:
    """A moment typed as dd-mm-jjjj uu:mm in ``zone`` (None: this computer's zone), or an ISO 8601
    stamp, as a stored UTC stamp ``jjjj-mm-ddTuu:mm:ssZ``. Raises ValidationError (field "moment")."""
    text = (value or "").strip()
    if m := _MOMENT_DMY.fullmatch(text):
        try:
            local = _dt.datetime(int(m[4]), int(m[3]), int(m[1]), int(m[5]), int(m[6]))
        except ValueError:
            raise _fail("moment_format", "moment") from None
    else:
        try:
            local = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise _fail("moment_format", "moment") from None
        if len(text) <= 10:
            raise _fail("moment_format", "moment")
    if not 1850 <= local.year <= 2200:
        raise _fail("moment_format", "moment")
    if local.tzinfo is None:
        local = local.replace(tzinfo=zone) if zone is not None else local.astimezone()
    return local.astimezone(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def moment_value(iso: str) -> _dt.datetime | None:
    """A stored moment as an aware datetime (a stamp without zone taken as UTC), None when empty or
    unreadable."""
    try:
        moment = _dt.datetime.fromisoformat((iso or "").replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=_dt.UTC)


# --- KvK ---------------------------------------------------------------------------------------

def normalize_kvk(value: str) -> str:
    """Return the KvK number as 8 digits; spaces and dots are removed."""
    compact = re.sub(r"[\s.]+", "", value or "")
    if not re.fullmatch(r"[0-9]{8}", compact):
        raise _fail("kvk_format", "kvk")
    return compact
