"""Photo and signature import: validate, orient, downscale, strip metadata, hash; and the photos'
print versions for the report (``print_version``, made at import and on demand: one function).

Pure Python + Pillow. Everything a user hands us is untrusted: only a few formats are opened,
decompression bombs are refused before decoding, and every failure becomes a ``ValidationError``
with a Dutch and English message the UI can show next to the photo field.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import struct
import threading
import warnings
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import cast

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from inspector.errors import ValidationError

# Only these plugins are tried (less attack surface); "JPEG" also opens MPO multi-picture camera files.
PHOTO_FORMATS = ("JPEG", "PNG", "WEBP", "TIFF", "BMP", "GIF")
SIGNATURE_MAX_SIDE = 2000
# ISO base media brands of HEIF/HEIC and AVIF photos (phones); Pillow cannot open them, we say so.
HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif")
# Pillow raises a zoo of exception types on malformed input; all of them mean "broken file" here.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError,
                  struct.error, ZeroDivisionError)
# Image.MAX_IMAGE_PIXELS is a process-wide global; the lock keeps concurrent imports from
# seeing each other's limit while Image.open (header only, cheap) checks it.
_LIMIT_LOCK = threading.Lock()


@dataclass(frozen=True)
class ImportSettings:
    """How photos are imported; the defaults suit A4 reports and keep the database small."""

    max_long_side: int = 2560
    keep_location: bool = False
    jpeg_quality: int = 85
    max_pixels: int = 100_000_000
    max_bytes: int = 60_000_000
    # The report's print size setting (snapshot.report_settings): the print version is made at import.
    print_max_side: int = 1600
    print_quality: int = 80


@dataclass(frozen=True)
class PrintVersion:
    """A photo at print resolution (``print_version``) for the print size setting ``target`` and
    ``quality``, at long side ``side`` (``print_side``); ``data`` is the stored photo itself when that
    prints as it is."""

    target: int
    quality: int
    side: int
    data: bytes


@dataclass(frozen=True)
class ImportedImage:
    """An image ready to store content-addressed: ``sha256`` is the hash of ``data``."""

    data: bytes
    sha256: str
    mime: str
    width: int
    height: int
    taken_at: str | None
    name: str = ""  # the file's base name: it orders photos taken in the same second (photo_order)
    printed: PrintVersion | None = None  # made at import, stored with the photo


def photo_order(image: ImportedImage) -> tuple[bool, str, str, str]:
    """The order photos imported together are numbered in: by the moment taken (EXIF
    DateTimeOriginal, as the camera wrote it), then by file name; photos without that moment after
    the others. Decoding order plays no part, so the same photos always get the same numbers."""
    taken = (image.taken_at or "")[:19]
    return (not taken, taken, image.name.casefold(), image.name)


_SUBJECT = {"photo": ("De foto", "The photo"), "signature": ("De handtekening", "The signature")}
_RETRY = {"photo": ("Kies een andere foto.", "Choose another photo."),
          "signature": ("Laat de handtekening opnieuw zetten.", "Ask for the signature again.")}
_MESSAGES = {  # code: (Dutch, English); {s} names the file, {retry} says what to do instead
    "photo_empty": (
        "{s} is leeg. {retry}",
        "{s} is empty. {retry}"),
    "photo_too_big": (
        "{s} is te groot ({size} MB, maximaal {limit} MB). Verklein het bestand of {retry_l}",
        "{s} is too large ({size} MB, at most {limit} MB). Make the file smaller or {retry_l}"),
    "photo_unreadable": (
        "{s} kan niet worden gelezen. Controleer of het bestand nog bestaat en probeer het opnieuw.",
        "{s} cannot be read. Check that the file still exists and try again."),
    "photo_not_image": (
        "{s} is geen afbeelding die Inspector kan openen (JPEG, PNG, WEBP, TIFF, BMP of GIF). {retry}",
        "{s} is not an image Inspector can open (JPEG, PNG, WEBP, TIFF, BMP or GIF). {retry}"),
    "photo_heic": (
        "{s} is een HEIC-foto (iPhone); die kan Inspector niet openen. Sla de foto op als JPEG (op de "
        "iPhone: Instellingen > Camera > Formaten > Meest compatibel) of {retry_l}",
        "{s} is a HEIC photo (iPhone), which Inspector cannot open. Save the photo as JPEG (on the "
        "iPhone: Settings > Camera > Formats > Most Compatible) or {retry_l}"),
    "photo_corrupt": (
        "{s} is beschadigd of onvolledig. Kopieer het bestand opnieuw van het toestel of {retry_l}",
        "{s} is damaged or incomplete. Copy the file from the device again or {retry_l}"),
    "photo_bomb": (
        "{s} heeft te veel beeldpunten (meer dan {limit} miljoen). Verklein de afbeelding of {retry_l}",
        "{s} has too many pixels (more than {limit} million). Make the image smaller or {retry_l}"),
}


def _error(code: str, name: str, kind: str = "photo", exc: BaseException | None = None,
           **values: str) -> ValidationError:
    """A ValidationError for ``code`` naming the file by its base name only."""
    texts = []
    for lang, template in enumerate(_MESSAGES[code]):
        subject = _SUBJECT[kind][lang] + (f" ‘{name}’" if name else "")
        retry = _RETRY[kind][lang]
        texts.append(template.format(s=subject, retry=retry, retry_l=retry[0].lower() + retry[1:],
                                     **{k: v.replace(".", ",") if lang == 0 else v
                                        for k, v in values.items()}))
    return ValidationError(code, texts[0], texts[1], field="photo",
                           details=None if exc is None else f"{type(exc).__name__}: {exc}")


def sha256_hex(data: bytes) -> str:
    """Lower-case hex SHA-256 of ``data`` (the content address of a blob)."""
    return hashlib.sha256(data).hexdigest()


def _read(source: bytes | str | os.PathLike[str], max_bytes: int, kind: str) -> tuple[bytes, str]:
    """The raw bytes and the base name (empty for bytes), refusing empty and oversized input."""
    name = ""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        size = len(data)
    else:
        path = Path(source)
        name = path.name
        try:
            size = path.stat().st_size
            with path.open("rb") as file:  # capped: a device or a growing file cannot exhaust memory
                data = file.read(max_bytes + 1) if size <= max_bytes else b""
        except OSError as exc:  # not passed on as details: its text holds the full path
            raise _error("photo_unreadable", name, kind) from exc
        size = max(size, len(data))
    if size > max_bytes:
        raise _error("photo_too_big", name, kind, size=f"{size / 1e6:.1f}", limit=f"{max_bytes / 1e6:g}")
    if not data:
        raise _error("photo_empty", name, kind)
    return data, name


def _open(data: bytes, name: str, max_pixels: int, formats: tuple[str, ...], kind: str) -> Image.Image:
    """Identify the image from its header without decoding pixels; refuse bombs and odd formats."""
    limit = f"{max_pixels / 1e6:g}"
    with _LIMIT_LOCK, warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        saved, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, max_pixels
        try:
            img = Image.open(io.BytesIO(data), formats=list(formats))
            if img.format == "PNG":  # its decoder skips the checksums: damaged data would pass as a picture
                Image.open(io.BytesIO(data), formats=["PNG"]).verify()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _error("photo_bomb", name, kind, exc, limit=limit) from exc
        except UnidentifiedImageError as exc:
            heif = data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS
            raise _error("photo_heic" if heif else "photo_not_image", name, kind, exc) from exc
        except _DECODE_ERRORS as exc:
            raise _error("photo_corrupt", name, kind, exc) from exc
        finally:
            Image.MAX_IMAGE_PIXELS = saved
    if img.width * img.height > max_pixels:
        raise _error("photo_bomb", name, kind, limit=limit)
    return img


def _fit(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    """``size`` scaled so its long side is at most ``max_side`` (never enlarged)."""
    factor = max_side / max(size)
    if factor >= 1:
        return size
    return max(1, int(size[0] * factor)), max(1, int(size[1] * factor))


def _decode(img: Image.Image, name: str, max_side: int, kind: str = "photo",
            max_pixels: int = ImportSettings.max_pixels) -> Image.Image:
    """Fully decode (so truncation shows up now), apply EXIF orientation and downscale."""
    try:
        if img.format in ("JPEG", "MPO"):
            # The JPEG decoder scales by 1/2..1/8 while decoding: far cheaper than full size.
            img.draft("RGB", _fit(img.size, max_side))
        img.load()
        ImageOps.exif_transpose(img, in_place=True)
        img.thumbnail((max_side, max_side), Image.Resampling.BICUBIC)
    except Image.DecompressionBombError as exc:
        raise _error("photo_bomb", name, kind, exc, limit=f"{max_pixels / 1e6:g}") from exc
    except _DECODE_ERRORS as exc:
        raise _error("photo_corrupt", name, kind, exc) from exc
    return img


def _eight_bit(img: Image.Image) -> Image.Image:
    """Grey of more than 8 bits (16-bit PNG and TIFF, 32-bit integer, floating point) as 8-bit grey.
    Pillow's own conversion clips these at 255: a mid-grey 16-bit photo came out white."""
    if img.mode == "I" or img.mode.startswith("I;16"):
        return img.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    low, high = cast("tuple[float, float]", img.getextrema())  # one band: (lowest, highest)
    if 0 <= low and high <= 1:  # the usual range of a floating-point image
        return img.point(lambda v: v * 255).convert("L")
    span = (high - low) or 1
    return img.point(lambda v: (v - low) * (255 / span)).convert("L")


def _flatten(img: Image.Image) -> Image.Image:
    """RGB with any transparency composited onto white, and no inherited metadata."""
    if img.mode in ("I", "F") or img.mode.startswith("I;16"):
        img = _eight_bit(img)
    if img.has_transparency_data:
        rgba = img.convert("RGBA")
        out = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("RGB")
    else:
        out = img if img.mode == "RGB" else img.convert("RGB")
    out.info = {}  # Pillow would otherwise copy a JPEG comment or XMP into the output
    return out


def _jpeg(img: Image.Image, quality: int, exif: bytes = b"", icc: bytes | None = None) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=False, progressive=False, exif=exif, icc_profile=icc)
    return buf.getvalue()


def _taken_at(img: Image.Image) -> str | None:
    """EXIF DateTimeOriginal (with OffsetTimeOriginal if present) as ISO 8601, else None."""
    try:
        sub = img.getexif().get_ifd(ExifTags.IFD.Exif)
        raw, offset = sub.get(ExifTags.Base.DateTimeOriginal), sub.get(ExifTags.Base.OffsetTimeOriginal)
        stamp = datetime.strptime(str(raw).strip("\0 "), "%Y:%m:%d %H:%M:%S")
    except _DECODE_ERRORS:
        return None
    offset = str(offset or "").strip("\0 ")
    return stamp.isoformat() + (offset if re.fullmatch(r"[+-]\d\d:\d\d", offset) else "")


def _kept_exif(img: Image.Image) -> bytes:
    """The original EXIF (GPS included) of a decoded image, orientation 1 as its pixels are upright."""
    try:
        exif = img.getexif()
        if not exif:
            return b""
        exif[ExifTags.Base.Orientation] = 1
        return exif.tobytes()
    except _DECODE_ERRORS:
        return b""  # unreadable metadata is not worth refusing the photo for


def import_photo(source: bytes | str | os.PathLike[str],
                 settings: ImportSettings = ImportSettings()) -> ImportedImage:
    """Validate a photo (path or bytes) and return it as an upright, downscaled JPEG, with its print
    version for the print size setting of ``settings`` (made from the JPEG, as on demand later).

    No EXIF is written unless ``settings.keep_location``; ``taken_at`` comes from DateTimeOriginal.
    Raises ValidationError (field "photo") with code photo_empty, photo_too_big, photo_unreadable,
    photo_not_image, photo_heic, photo_corrupt or photo_bomb.
    """
    data, name = _read(source, settings.max_bytes, "photo")
    img = _open(data, name, settings.max_pixels, PHOTO_FORMATS, "photo")
    taken_at = _taken_at(img)
    icc = img.info.get("icc_profile")
    icc = icc if isinstance(icc, bytes) and icc[16:20] == b"RGB " else None
    img = _decode(img, name, settings.max_long_side, "photo", settings.max_pixels)
    exif = _kept_exif(img) if settings.keep_location else b""
    out = _flatten(img)
    jpeg = _jpeg(out, settings.jpeg_quality, exif, icc)
    # From the stored bytes, exactly as on demand later (not from ``out``): the same print version.
    printed = make_print_version(jpeg, out.width, out.height, settings.print_max_side, settings.print_quality)
    return ImportedImage(jpeg, sha256_hex(jpeg), "image/jpeg", out.width, out.height, taken_at, name,
                         printed)


def import_signature(png_bytes: bytes) -> ImportedImage:
    """Validate a signature-pad PNG and re-encode it as PNG with transparency, at most 2000 px."""
    defaults = ImportSettings()
    data, name = _read(png_bytes, defaults.max_bytes, "signature")
    img = _decode(_open(data, name, defaults.max_pixels, ("PNG",), "signature"), name,
                  SIGNATURE_MAX_SIDE, "signature").convert("RGBA")
    img.info = {}
    buf = io.BytesIO()
    img.save(buf, "PNG")
    png = buf.getvalue()
    return ImportedImage(png, sha256_hex(png), "image/png", img.width, img.height, None)


def make_thumbnail(data: bytes, size: int = 256) -> bytes:
    """A JPEG whose long side is at most ``size`` px, for list views."""
    defaults = ImportSettings()
    img = _open(data, "", defaults.max_pixels, PHOTO_FORMATS, "photo")
    return _jpeg(_flatten(_decode(img, "", size)), 80)


def jpeg_size(data: bytes) -> tuple[int, int] | None:
    """The pixel size of the JPEG ``data`` as its header says (nothing decoded); None when ``data`` is
    not a readable JPEG."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            return img.size if img.format == "JPEG" else None
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def print_side(width: int, height: int, target: int) -> int:
    """The long side to print a ``width``×``height`` photo at: about ``target`` px (``target`` when
    the size is not known).

    When the JPEG decoder can reach a size between 3/4 of ``target`` and ``target`` by scaling
    1/2, 1/4 or 1/8 while decoding, that size is used: no resampling pass, several times faster
    (a 2560 px stored photo prints at 1280 px).
    """
    long_side = max(width, height)
    if not width or not height or long_side <= target:
        return target
    for scale in (2, 4, 8):
        scaled = -(-long_side // scale)
        if scaled <= target:
            return scaled if scaled * 4 >= target * 3 else target
    return target


def print_version(data: bytes, max_long_side: int = 1600, quality: int = 80) -> bytes:
    """A JPEG at print resolution for the PDF report, without any metadata: THE print version, made
    the same way at import, on demand, on the laptop and on the server (the same bytes in, the same
    bytes out: the report of a finalized visit stays byte for byte the same).

    ``data`` itself is returned when it is a JPEG that already fits and carries no EXIF, XMP or
    comment (reportlab embeds JPEG files as they are, GPS included). Transparency is flattened onto white.
    """
    img = _open(data, "", ImportSettings().max_pixels, PHOTO_FORMATS, "photo")
    bare = not any(key in img.info for key in ("exif", "xmp", "comment", "photoshop"))
    if img.format == "JPEG" and max(img.size) <= max_long_side and bare:
        return data
    return _jpeg(_flatten(_decode(img, "", max_long_side)), quality)


def make_print_version(data: bytes, width: int, height: int, target: int, quality: int) -> PrintVersion:
    """The print version of the stored photo ``data`` (``width``×``height`` as its record says) for the
    print size setting ``target``/``quality``."""
    side = print_side(width, height, target)
    return PrintVersion(target, quality, side, print_version(data, side, quality))
