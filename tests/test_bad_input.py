"""The laptop's bad-input corpus: corrupt, huge and odd photos through the photo import, visit bundles
that are traversing, bombs, tampered or malformed (through the core and the CLI), odd Unicode in case
numbers, names and notes, a wrong BSN. Each time a clear message in Dutch and English, and the
workspace unchanged: every table (photos are blobs in the database) and the files of its folder are
the same before and after. The fixtures are made here, not kept as binary files."""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import keyring
import pytest
from PIL import Image

from inspector import bundle, cli, evidence
from inspector.errors import ValidationError
from inspector.workspace import Workspace
from tests.memory_keyring import MemoryKeyring
from tests.test_sync import finalized_visit, make_case, started_visit


# --- the workspace and its dump ------------------------------------------------------------------
@contextmanager
def opened(directory: Path) -> Iterator[Workspace]:
    ws = Workspace.open(directory)
    try:
        yield ws
    finally:
        ws.close()


def dump(directory: Path) -> tuple[dict[str, list[str]], list[str]]:
    """Every row of every table, and the files of the workspace folder (not the open database's
    -wal/-shm, its check marker or the logs, which a plain open and close touch)."""
    with opened(directory) as ws:
        tables = [r[0] for r in ws.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows = {t: sorted(repr(tuple(r)) for r in ws.db.execute(f"SELECT * FROM [{t}]").fetchall())
                for t in tables}
    files = sorted(str(p.relative_to(directory)) for p in directory.rglob("*")
                   if not p.name.endswith(("-wal", "-shm", ".health")) and "logs" not in p.parts)
    return rows, files


@pytest.fixture
def visit_ws(tmp_path: Path) -> tuple[Path, str]:
    """A closed workspace with a social case and a started visit with photo consent."""
    directory = tmp_path / "ws"
    with opened(directory) as ws:
        ws.settings.set_profile("Toezichthouder Test", "TH-0042", "Team Zuid")
        visit_id = started_visit(ws, make_case(ws).id)
    return directory, visit_id


def refused_unchanged(directory: Path, action: Callable[[Workspace], Any]) -> ValidationError:
    """Run ``action`` on the opened workspace: it must raise a ValidationError and change nothing."""
    before = dump(directory)
    with opened(directory) as ws, pytest.raises(ValidationError) as refused:
        action(ws)
    assert dump(directory) == before
    return refused.value


# --- photos ------------------------------------------------------------------------------------------
def _save(img: Image.Image, fmt: str, **options: Any) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **options)
    return buf.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(width: int, height: int, depth: int, color: int, raw: bytes) -> bytes:
    head = struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", head) + _png_chunk(b"IDAT", zlib.compress(raw))
            + _png_chunk(b"IEND", b""))


def _jpeg(size: tuple[int, int] = (640, 480)) -> bytes:
    img = Image.new("RGB", size)
    img.putdata([((x * 7) % 256, (y * 5) % 256, 90) for y in range(size[1]) for x in range(size[0])])
    return _save(img, "JPEG", quality=90)


def _broken_png() -> bytes:
    good = _save(Image.new("RGB", (300, 200), (0, 128, 255)), "PNG")
    at = good.index(b"IDAT") + 20
    return good[:at] + bytes(b ^ 0x5A for b in good[at:at + 40]) + good[at + 40:]


def _with_orientation(value: int) -> bytes:
    img = Image.new("RGB", (60, 30), (200, 10, 10))
    exif = img.getexif()
    exif[0x0112] = value
    return _save(img, "JPEG", exif=exif.tobytes())


REFUSED_PHOTOS = [  # (file name, bytes, code, Dutch text, English text)
    ("leeg.jpg", lambda: b"", "photo_empty", "De foto ‘leeg.jpg’ is leeg. Kies een andere foto.",
     "The photo ‘leeg.jpg’ is empty. Choose another photo."),
    ("brief.jpg", lambda: b"Geachte heer, mevrouw,\n" * 40, "photo_not_image",
     "De foto ‘brief.jpg’ is geen afbeelding die Inspector kan openen (JPEG, PNG, WEBP, TIFF, BMP of GIF).",
     "The photo ‘brief.jpg’ is not an image Inspector can open (JPEG, PNG, WEBP, TIFF, BMP or GIF)."),
    ("half.jpg", lambda: _jpeg()[:9000], "photo_corrupt",
     "De foto ‘half.jpg’ is beschadigd of onvolledig. Kopieer het bestand opnieuw van het toestel",
     "The photo ‘half.jpg’ is damaged or incomplete. Copy the file from the device again"),
    ("kapot.png", _broken_png, "photo_corrupt", "De foto ‘kapot.png’ is beschadigd of onvolledig.",
     "The photo ‘kapot.png’ is damaged or incomplete."),
    ("bom.png", lambda: _png(100_000, 100_000, 8, 2, b"\0" * 64), "photo_bomb",
     "De foto ‘bom.png’ heeft te veel beeldpunten (meer dan 100 miljoen).",
     "The photo ‘bom.png’ has too many pixels (more than 100 million)."),
    ("zwart.png", lambda: _save(Image.new("1", (10_001, 10_001)), "PNG"), "photo_bomb",
     "De foto ‘zwart.png’ heeft te veel beeldpunten", "The photo ‘zwart.png’ has too many pixels"),
    ("IMG_0001.HEIC", lambda: b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + os.urandom(4000), "photo_heic",
     "De foto ‘IMG_0001.HEIC’ is een HEIC-foto (iPhone); die kan Inspector niet openen. Sla de foto op "
     "als JPEG", "The photo ‘IMG_0001.HEIC’ is a HEIC photo (iPhone), which Inspector cannot open."),
]


@pytest.mark.parametrize(("name", "make", "code", "nl", "en"), REFUSED_PHOTOS,
                         ids=[p[0] for p in REFUSED_PHOTOS])
def test_a_bad_photo_is_refused_with_a_message_and_changes_nothing(visit_ws, tmp_path, name, make, code,
                                                                   nl, en) -> None:
    """Empty, not an image, truncated, damaged, pixel bombs (claimed and real), HEIC: refused by the
    photo import with what to do, nothing stored."""
    directory, visit_id = visit_ws
    photo = tmp_path / name
    photo.write_bytes(make())
    error = refused_unchanged(directory, lambda ws: ws.visits.add_photo(visit_id, photo))
    assert error.code == code and error.field == "photo"
    assert nl in error.nl and en in error.en


def test_a_huge_or_vanished_photo_file_is_refused_without_reading_it(visit_ws, tmp_path) -> None:
    """A 61 MB file (sparse: nothing is read) and a file that is not there."""
    directory, visit_id = visit_ws
    huge = tmp_path / "groot.jpg"
    with open(huge, "wb") as f:
        f.truncate(61_000_000)
    error = refused_unchanged(directory, lambda ws: ws.visits.add_photo(visit_id, huge))
    assert error.nl == ("De foto ‘groot.jpg’ is te groot (61,0 MB, maximaal 60 MB). Verklein het bestand "
                        "of kies een andere foto.")
    assert error.en.startswith("The photo ‘groot.jpg’ is too large (61.0 MB, at most 60 MB).")
    error = refused_unchanged(directory, lambda ws: ws.visits.add_photo(visit_id, tmp_path / "weg.jpg"))
    assert error.code == "photo_unreadable" and "Controleer of het bestand nog bestaat" in error.nl


ODD_PHOTOS = [  # (name, bytes, stored size, a pixel as stored)
    ("CMYK", lambda: _save(Image.new("CMYK", (50, 40), (0, 255, 255, 0)), "JPEG"), (50, 40), (254, 0, 0)),
    ("16-bit grey", lambda: _save(Image.new("I;16", (50, 40), 32768), "PNG"), (50, 40), (128, 128, 128)),
    ("16-bit grey TIFF", lambda: _save(Image.new("I;16", (50, 40), 16384), "TIFF"), (50, 40), (64, 64, 64)),
    ("floating-point TIFF", lambda: _save(Image.new("F", (50, 40), 0.5), "TIFF"), (50, 40), (127, 127, 127)),
    ("16-bit colour", lambda: _png(30, 20, 16, 2, b"".join(b"\0" + struct.pack(">HHH", 32768, 0, 65535) * 30
                                                           for _ in range(20))), (30, 20), (127, 0, 255)),
    ("EXIF rotated 90°", lambda: _with_orientation(6), (30, 60), (200, 10, 12)),
    ("EXIF orientation 9 (invalid)", lambda: _with_orientation(9), (60, 30), (200, 10, 12)),
    ("transparent palette", lambda: _save(Image.new("P", (20, 20), 0), "PNG", transparency=0), (20, 20),
     (255, 255, 255)),
    ("60000 × 1 strip", lambda: _save(Image.new("RGB", (1, 60_000), (10, 20, 30)), "PNG"), (1, 2560),
     (10, 20, 30)),
]


@pytest.mark.parametrize(("label", "make", "size", "pixel"), ODD_PHOTOS, ids=[p[0] for p in ODD_PHOTOS])
def test_an_odd_but_real_photo_is_stored_as_it_looks(visit_ws, label, make, size, pixel) -> None:
    """CMYK, 16-bit grey and colour, floating point, EXIF-rotated (also with an invalid value),
    transparent, extreme proportions: stored as an upright RGB JPEG that looks like the original
    (16-bit mid-grey stays mid-grey instead of turning white)."""
    directory, visit_id = visit_ws
    with opened(directory) as ws:
        att = ws.visits.add_photo(visit_id, make())
        stored = Image.open(io.BytesIO(ws.visits.blob(att.sha256)))
    assert (stored.format, stored.mode, stored.size, (att.width, att.height)) == ("JPEG", "RGB", size, size)
    assert all(abs(a - b) <= 3 for a, b in zip(stored.getpixel((0, 0)), pixel, strict=True)), label


# --- odd Unicode, a wrong BSN -----------------------------------------------------------------------
LINE_CHARS_NL = "Er staat een onzichtbaar teken of stuurteken in het zaaknummer"
LINE_CHARS_EN = "The case number contains an invisible or control character"
ODD_NUMBERS = [
    ("right-to-left override", "2026-\u202e0001", LINE_CHARS_NL, LINE_CHARS_EN),
    ("zero-width space", "2026\u200b-0001", LINE_CHARS_NL, LINE_CHARS_EN),
    ("NUL", "2026\x00-0001", LINE_CHARS_NL, LINE_CHARS_EN),
    ("lone surrogate", "2026-\ud800", LINE_CHARS_NL, LINE_CHARS_EN),
    ("byte order mark", "\ufeff2026-0001", LINE_CHARS_NL, LINE_CHARS_EN),
    ("100 000 characters", "9" * 100_000, "Het zaaknummer is te lang (100.000 tekens; hoogstens 200).",
     "The case number is too long (100,000 characters; at most 200)."),
]


@pytest.mark.parametrize(("label", "number", "nl", "en"), ODD_NUMBERS, ids=[n[0] for n in ODD_NUMBERS])
def test_an_odd_case_number_is_refused(visit_ws, label, number, nl, en) -> None:
    """Direction overrides, invisible characters, NUL, lone surrogates and 100 000 characters."""
    directory, _ = visit_ws
    error = refused_unchanged(directory, lambda ws: ws.cases.create(number, "fysiek"))
    assert nl in error.nl and en in error.en, label


def test_combining_characters_are_stored_composed(visit_ws) -> None:
    """"é" typed as "e" + a combining accent is the same case number and name as a precomposed "é"
    (NFC), so the same number cannot exist twice looking the same."""
    directory, _ = visit_ws
    with opened(directory) as ws:
        case = ws.cases.create("2026-Cafe\u0301", "fysiek", title="Cafe\u0301 de Hoek")
        person = ws.cases.add_person(case.id, "Bre\u0301e", voornamen="Rene\u0301")
        assert (case.number, case.title) == ("2026-Café", "Café de Hoek")
        assert (person.geslachtsnaam, person.voornamen) == ("Brée", "René")
    error = refused_unchanged(directory, lambda ws: ws.cases.create("2026-Café", "fysiek"))
    assert error.code == "case_number_taken"


NAMES = [  # (surname, first names, code, Dutch, English)
    ("Berg\u202e", "Jan", "name_chars", "Er staan tekens in de achternaam die niet in een naam horen",
     "The surname contains characters that do not belong in a name"),
    ("Be\u200brg", "Jan", "name_chars", "Er staan tekens in de achternaam", "The surname contains"),
    ("Berg", "Jan\x00", "line_chars", "Er staat een onzichtbaar teken of stuurteken in de naam",
     "The name contains an invisible or control character"),
    ("Berg", "J\ud800n", "line_chars", "Er staat een onzichtbaar teken", "invisible or control character"),
    ("B" * 100_000, "Jan", "too_long", "De achternaam is te lang (100.000 tekens; hoogstens 200).",
     "The surname is too long (100,000 characters; at most 200)."),
    ("Berg", "\u2067Jan\u2069", "line_chars", "stuurteken in de naam", "control character"),
]


@pytest.mark.parametrize(("surname", "first", "code", "nl", "en"), NAMES)
def test_an_odd_name_is_refused(visit_ws, surname, first, code, nl, en) -> None:
    """Direction overrides and isolates, zero-width characters, NUL, surrogates, 100 000 letters."""
    directory, _ = visit_ws

    def add(ws: Workspace) -> None:
        case = ws.cases.find()[0]
        ws.cases.add_person(case.id, surname, voornamen=first)

    error = refused_unchanged(directory, add)
    assert error.code == code and nl in error.nl and en in error.en


NOTES = [
    ("NUL", "Bewoner\x00 zegt", "invalid_text", "Deze tekst bevat een teken dat niet kan worden bewaard",
     "This text holds a character that cannot be stored"),
    ("lone surrogate", "Bewoner \udc00 zegt", "invalid_text", "een NUL-teken of een losse surrogaat",
     "a NUL character or an unpaired surrogate"),
    ("100 000 characters", "n" * 100_000, "too_long",
     "Deze tekst is te lang (100.000 tekens; hoogstens 20.000). Maak hem korter.",
     "This text is too long (100,000 characters; at most 20,000). Make it shorter."),
]


@pytest.mark.parametrize(("label", "text", "code", "nl", "en"), NOTES, ids=[n[0] for n in NOTES])
def test_an_unstorable_note_is_refused(visit_ws, label, text, code, nl, en) -> None:
    """A summary or statement the server could never take is refused where it is typed (not later,
    in the quarantine of the next sync)."""
    directory, visit_id = visit_ws
    for write in (lambda ws: ws.visits.set_report_text(visit_id, summary=text),
                  lambda ws: ws.visits.record_statement(visit_id, text, read_back=True, signed=False,
                                                        not_signed_reason="Wilde niet tekenen.")):
        error = refused_unchanged(directory, write)
        assert error.code == code and nl in error.nl and en in error.en, label


def test_free_text_keeps_right_to_left_and_combining_characters(visit_ws) -> None:
    """A note in Arabic or Hebrew needs direction marks: free text keeps what was typed."""
    directory, visit_id = visit_ws
    text = "Bewoner zegt: \u202bמשפט בעברית\u202c en \u0627\u0644\u0639\u0631\u0628\u064a\u0629, cafe\u0301"
    with opened(directory) as ws:
        ws.visits.set_report_text(visit_id, summary=text)
        assert ws.visits.get(visit_id).summary == text


def test_a_wrong_bsn_is_refused(visit_ws) -> None:
    """The 11-proef fails: the message masks the BSN and says to check the digits."""
    directory, _ = visit_ws
    error = refused_unchanged(
        directory, lambda ws: ws.cases.add_person(ws.cases.find()[0].id, "Berg", bsn="123456789"))
    assert error.nl == "Dit BSN (******789) klopt niet: de elfproef faalt. Controleer de cijfers."
    assert error.en.startswith("This BSN (******789) is not valid")
    error = refused_unchanged(
        directory, lambda ws: ws.cases.add_person(ws.cases.find()[0].id, "Berg", bsn="９９９９９３６５３"))
    assert error.code == "bsn_format" and "Een BSN bestaat uit 9 cijfers" in error.nl


# --- visit bundles -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def good_bundle(tmp_path_factory) -> Path:
    """A finalized visit with three photos and a signature, exported (made once, with its own keyring)."""
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        base = tmp_path_factory.mktemp("source")
        with opened(base / "ws") as ws:
            ws.settings.set_profile("Toezichthouder Test", "TH-0042", "Team Zuid")
            visit_id = finalized_visit(ws, make_case(ws).id)
            return bundle.export_visit(ws, visit_id, base / "visit.zip")
    finally:
        keyring.set_keyring(previous)


def _files(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _zip(target: Path, files: dict[str, bytes] | list[tuple[str, bytes]],
         method: int = zipfile.ZIP_DEFLATED) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about a duplicate name, which is the point
        with zipfile.ZipFile(target, "w", method) as zf:
            for name, data in (files.items() if isinstance(files, dict) else files):
                zf.writestr(name, data)
    return target


def _with_doc(source: Path, target: Path, change: Callable[[dict[str, Any]], Any]) -> Path:
    files = _files(source)
    doc = json.loads(files["bundle.json"])
    change(doc)
    files["bundle.json"] = json.dumps(doc).encode("ascii")  # a lone surrogate as its \\u escape
    return _zip(target, files)


def _patch_sizes(path: Path, new_size: Callable[[int], int]) -> Path:
    """Rewrite the uncompressed sizes an attachment's ZIP headers claim (a lying directory)."""
    data = bytearray(path.read_bytes())
    for signature, at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_at = start + (46 if signature == b"PK\x01\x02" else 30)
            if data[name_at:name_at + 12] == b"attachments/":
                size = struct.unpack_from("<I", data, start + at)[0]
                struct.pack_into("<I", data, start + at, new_size(size))
            start += 4
    path.write_bytes(bytes(data))
    return path


def _resealed_answer(doc: dict[str, Any]) -> None:
    """Change an answer in the rows and in the frozen document, and recompute the fingerprint."""
    frozen = json.loads(doc["visit"]["snapshot"])
    answer = next(a for a in frozen["answers"] if isinstance(a.get("value"), str))
    answer["value"] = "Anders dan ter plaatse vastgelegd"
    next(a for a in doc["answers"] if a["id"] == answer["id"])["value"] = answer["value"]
    doc["visit"]["snapshot"] = evidence.canonical(frozen).decode("utf-8")
    doc["visit"]["fingerprint"] = evidence.fingerprint_of(evidence.canonical(frozen))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _bomb_members() -> list[tuple[str, bytes]]:
    """Twenty photos-to-be of 300 KB each, which the directory will claim are 55 MB each (1.1 GB)."""
    return [(f"attachments/{_sha(bytes([i]))}", os.urandom(300_000)) for i in range(20)]


Maker = Callable[[Path, Path], Path]  # (the good bundle, where to write) -> the bad bundle


def _added(name: str, data: bytes) -> Maker:
    return lambda good, t: _zip(t, {**_files(good), name: data})


def _json(text: bytes) -> Maker:
    return lambda good, t: _zip(t, {**_files(good), "bundle.json": text})


def _doc(change: Callable[[dict[str, Any]], Any]) -> Maker:
    return lambda good, t: _with_doc(good, t, change)


def _written(data: bytes | None) -> Maker:
    def make(_good: Path, t: Path) -> Path:
        if data is not None:
            t.write_bytes(data)
        return t
    return make


def _total_bomb(good: Path, t: Path) -> Path:
    return _patch_sizes(_zip(t, [*_files(good).items(), *_bomb_members()], zipfile.ZIP_STORED),
                        lambda _n: 55_000_000)


def _lying_directory(good: Path, t: Path) -> Path:
    return _patch_sizes(_zip(t, _files(good), zipfile.ZIP_STORED), lambda n: n // 2)


def _photo_missing(good: Path, t: Path) -> Path:
    return _zip(t, {n: d for n, d in _files(good).items() if n != max(_files(good))})


def _without_json(good: Path, t: Path) -> Path:
    return _zip(t, {n: d for n, d in _files(good).items() if n != "bundle.json"})


def _json_twice(good: Path, t: Path) -> Path:
    return _zip(t, [*_files(good).items(), ("bundle.json", _files(good)["bundle.json"])])


def _photos_damaged(good: Path, t: Path) -> Path:
    return _zip(t, {n: d[:-10] + b"0123456789" if n.startswith("attachments/") else d
                    for n, d in _files(good).items()})


def _nan(good: Path, t: Path) -> Path:
    return _json(_files(good)["bundle.json"].replace(b'"version": 2', b'"version": NaN'))(good, t)


EXTRA = _sha(b"extra")
BAD_BUNDLES: list[tuple[str, Maker, str, str]] = [
    ("path traversal", _added("attachments/../../../.bashrc", b"rm -rf ~"),
     "het bevat een bestand dat niet in een bundel hoort: 'attachments/../../../.bashrc'.",
     "it holds a file that does not belong in a bundle: 'attachments/../../../.bashrc'."),
    ("absolute name", _added("/etc/cron.d/x", b"* * * * * root x"), "hoort: '/etc/cron.d/x'.",
     "bundle: '/etc/cron.d/x'."),
    ("control characters in a name", _added("a\u202egpj.exe", b"MZ"), "hoort: 'a\\u202egpj.exe'.",
     "bundle: 'a\\u202egpj.exe'."),
    ("zip bomb by ratio", _added(f"attachments/{'0' * 64}", b"\0" * 50_000_000),
     "het pakt uit tot veel meer dan het weegt (een 'zip-bom'); er is niets uitgepakt.",
     "it unpacks to far more than it weighs (a 'zip bomb'); nothing was unpacked."),
    ("zip bomb by total", _total_bomb, "een 'zip-bom'", "a 'zip bomb'"),
    ("directory smaller than the data", _lying_directory,
     "het is geen geldige bundel (ZIP met bundle.json).", "it is not a valid bundle (ZIP with bundle.json)."),
    ("answer changed, fingerprint recomputed", _doc(_resealed_answer),
     "De handtekening van het apparaat klopt niet.", "The device's signature does not match."),
    ("answer changed in the rows only", _doc(lambda d: d["answers"][0].update(value="Iets anders")),
     "de antwoorden, foto's of vervolgacties in de bundel wijken af van het vastgelegde bezoek.",
     "the answers, photos or follow-up actions in the bundle differ from the recorded visit."),
    ("visit moved to another case",
     _doc(lambda d: d["visit"].update(case_id="00000000-0000-4000-8000-000000000000")),
     "de onderdelen van bundle.json horen niet bij elkaar",
     "the parts of bundle.json do not belong together"),
    ("malformed JSON", _json(b'{"format": "inspector-'),
     "het is geen geldige bundel (ZIP met bundle.json).", "it is not a valid bundle (ZIP with bundle.json)."),
    ("NaN in JSON", _nan, "geen geldige bundel", "not a valid bundle"),
    ("JSON nested 100 000 deep", _json(b"[" * 100_000), "geen geldige bundel", "not a valid bundle"),
    ("rows of the wrong shape", _doc(lambda d: d.update(audit="alles", persons=5)),
     "er ontbreken onderdelen in bundle.json of ze hebben een verkeerde vorm.",
     "parts of bundle.json are missing or have the wrong shape."),
    ("a visit that is a list", _doc(lambda d: d.update(visit=[])), "verkeerde vorm", "wrong shape"),
    ("NUL in a field", _doc(lambda d: d["case"].update(title="Intake\x00")),
     "bundle.json bevat een teken dat niet kan worden bewaard", "bundle.json holds a character that cannot"),
    ("lone surrogate in a field", _doc(lambda d: d["case"].update(title="\ud800")),
     "een NUL-teken of een losse surrogaat", "a NUL character or an unpaired surrogate"),
    ("newer version", _doc(lambda d: d.update(version=99)),
     "gemaakt door een nieuwere versie van Inspector; werk Inspector bij.",
     "made by a newer version of Inspector; update Inspector."),
    ("photo missing", _photo_missing, "ontbreekt.", "is missing."),
    ("bundle.json missing", _without_json, "bundle.json ontbreekt.", "bundle.json is missing."),
    ("file twice", _json_twice, "het bevat 'bundle.json' twee keer.", "it holds 'bundle.json' twice."),
    ("unreferenced attachment", _added(f"attachments/{EXTRA}", b"extra"),
     f"bestand attachments/{EXTRA[:12]}… hoort bij geen bijlage in bundle.json.",
     f"file attachments/{EXTRA[:12]}… belongs to no attachment in bundle.json."),
    ("photo damaged", _photos_damaged, "is beschadigd.", "is damaged."),
    ("not a ZIP", _written(b"PK\x03\x04 not really"), "het is geen geldige bundel", "not a valid bundle"),
    ("empty file", _written(b""), "het is geen geldige bundel", "not a valid bundle"),
    ("no such file", _written(None), "het bestand bestaat niet.", "the file does not exist."),
]


@pytest.mark.parametrize(("label", "make", "nl", "en"), BAD_BUNDLES, ids=[b[0] for b in BAD_BUNDLES])
def test_a_bad_bundle_is_refused_by_the_core_and_the_cli(visit_ws, good_bundle, tmp_path, capsys, label,
                                                         make, nl, en) -> None:
    """Traversal and odd names, zip bombs (ratio, total, a lying directory), a re-fingerprinted or
    changed answer, parts that do not belong together, malformed or wrongly shaped JSON, unstorable
    characters, missing and unreferenced files: refused with the reason, in both languages, by
    import_bundle and by `inspector import-bundle` (exit 1), and the workspace is unchanged."""
    directory, _ = visit_ws
    bad = make(good_bundle, tmp_path / "bad.zip")
    error = refused_unchanged(directory, lambda ws: bundle.import_bundle(ws, bad))
    assert error.nl.startswith("Dit bundelbestand is niet bruikbaar: ") and nl in error.nl, error.nl
    assert error.en.startswith("This bundle file cannot be used: ") and en in error.en, error.en
    before = dump(directory)
    for lang, text in (("nl", nl), ("en", en)):
        code = cli.main(["--lang", lang, "--workspace", str(directory), "import-bundle", str(bad)])
        out, err = capsys.readouterr()
        assert code == cli.EXIT_INPUT and text in err and "Traceback" not in err
        assert "importe" not in out.lower()  # never "geïmporteerd" / "imported"
    assert dump(directory) == before


def test_a_bundle_imported_twice_says_so_and_changes_nothing(visit_ws, good_bundle, capsys) -> None:
    """The first import says imported; the second says the visit was already there (not "imported")
    and changes nothing."""
    directory, _ = visit_ws
    target = directory.parent / "other"  # the source's case number is taken in visit_ws
    assert cli.main(["--workspace", str(target), "import-bundle", str(good_bundle)]) == 0
    out = capsys.readouterr().out
    assert "geïmporteerd." in out and "(zaak 2026-0001)" in out
    before = dump(target)
    assert cli.main(["--workspace", str(target), "import-bundle", str(good_bundle)]) == 0
    out = capsys.readouterr().out
    assert "stond hier al; er is niets gewijzigd." in out and "geïmporteerd" not in out
    assert cli.main(["--lang", "en", "--workspace", str(target), "import-bundle", str(good_bundle)]) == 0
    out = capsys.readouterr().out
    assert "was already here; nothing was changed." in out and "imported" not in out
    assert dump(target) == before
    with opened(target) as ws:
        (visit_id,) = ws.visits.ids()
        assert ws.evidence.verify(visit_id, photos=True).ok
        assert len(ws.visits.attachments(visit_id, "photo")) == 3
        assert len(ws.visits.attachments(visit_id, "signature")) == 1


def test_a_bundle_whose_case_number_is_taken_here_is_refused(visit_ws, good_bundle, capsys) -> None:
    """Another case with the same number exists: refused, nothing changed."""
    directory, _ = visit_ws
    error = refused_unchanged(directory, lambda ws: bundle.import_bundle(ws, good_bundle))
    assert "zaaknummer 2026-0001 bestaat hier al als andere zaak." in error.nl
    assert "case number 2026-0001 already exists here as another case." in error.en
