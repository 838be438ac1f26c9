from __future__ import annotations

import hashlib
import io
import random
import struct
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from inspector.attachments import (
    ImportedImage,
    ImportSettings,
    import_photo,
    import_signature,
    make_thumbnail,
    print_version,
    sha256_hex,
)
from inspector.errors import ValidationError


def _image_bytes(size: tuple[int, int], fmt: str = "JPEG", mode: str = "RGB", color: object = "red",
                 exif: Image.Exif | None = None) -> bytes:
    """An image of one colour encoded in ``fmt``, with optional EXIF."""
    buf = io.BytesIO()
    extra = {"exif": exif.tobytes()} if exif is not None else {}
    Image.new(mode, size, color).save(buf, fmt, **extra)
    return buf.getvalue()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestCam"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (52.0, 5.0, 0.0),
        ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (4.0, 18.0, 0.0),
    }
    return exif


def _opened(result: ImportedImage) -> Image.Image:
    return Image.open(io.BytesIO(result.data))


def _error(source: bytes | Path, settings: ImportSettings | None = None) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        import_photo(source, settings or ImportSettings())
    assert info.value.field == "photo"
    return info.value


def test_exif_orientation_6_is_applied(tmp_path: Path) -> None:
    """A photo taken in portrait (EXIF orientation 6) comes out upright, with no EXIF left."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    path = _write(tmp_path, "portrait.jpg", _image_bytes((400, 300), exif=exif))
    result = import_photo(path)
    assert (result.width, result.height) == (300, 400)
    assert _opened(result).size == (300, 400)
    assert "exif" not in _opened(result).info


def test_large_jpeg_is_downscaled(tmp_path: Path) -> None:
    """A 6000×4000 JPEG is scaled down to a long side of 2560 px."""
    result = import_photo(_write(tmp_path, "big.jpg", _image_bytes((6000, 4000))))
    assert (result.width, result.height) == (2560, 1707)
    assert result.mime == "image/jpeg"
    assert _opened(result).format == "JPEG"


def test_small_image_is_not_upscaled() -> None:
    """A photo smaller than the limit keeps its size."""
    result = import_photo(_image_bytes((640, 480)))
    assert (result.width, result.height) == (640, 480)


def test_max_long_side_setting_is_used() -> None:
    """The long side follows ImportSettings.max_long_side, also for portrait photos."""
    result = import_photo(_image_bytes((1000, 2000)), ImportSettings(max_long_side=500))
    assert (result.width, result.height) == (250, 500)


def test_gps_is_stripped_by_default() -> None:
    """Without keep_location no EXIF at all (so no GPS) is written."""
    result = import_photo(_image_bytes((320, 240), exif=_gps_exif()))
    img = _opened(result)
    assert "exif" not in img.info
    assert dict(img.getexif()) == {}


def test_gps_is_kept_with_keep_location() -> None:
    """With keep_location the original EXIF, GPS included, is kept with orientation 1."""
    exif = _gps_exif()
    exif[ExifTags.Base.Orientation] = 8
    result = import_photo(_image_bytes((320, 240), exif=exif), ImportSettings(keep_location=True))
    kept = _opened(result).getexif()
    assert (result.width, result.height) == (240, 320)
    assert kept[ExifTags.Base.Make] == "TestCam"
    assert kept[ExifTags.Base.Orientation] == 1
    gps = kept.get_ifd(ExifTags.IFD.GPSInfo)
    assert gps[ExifTags.GPS.GPSLatitudeRef] == "N"
    assert gps[ExifTags.GPS.GPSLatitude] == (52.0, 5.0, 0.0)


def test_date_time_original_becomes_taken_at() -> None:
    """EXIF DateTimeOriginal becomes taken_at in ISO 8601 while the EXIF itself is dropped."""
    exif = Image.Exif()
    exif[ExifTags.IFD.Exif] = {ExifTags.Base.DateTimeOriginal: "2024:03:05 14:30:00"}
    result = import_photo(_image_bytes((320, 240), exif=exif))
    assert result.taken_at == "2024-03-05T14:30:00"
    assert "exif" not in _opened(result).info


def test_taken_at_includes_offset_time() -> None:
    """OffsetTimeOriginal, when present, is appended to taken_at."""
    exif = Image.Exif()
    exif[ExifTags.IFD.Exif] = {ExifTags.Base.DateTimeOriginal: "2024:07:01 09:05:59",
                               ExifTags.Base.OffsetTimeOriginal: "+02:00"}
    assert import_photo(_image_bytes((32, 24), exif=exif)).taken_at == "2024-07-01T09:05:59+02:00"


def test_no_date_gives_no_taken_at() -> None:
    """A photo without DateTimeOriginal has taken_at None."""
    assert import_photo(_image_bytes((32, 24))).taken_at is None


def test_empty_file_is_refused(tmp_path: Path) -> None:
    """An empty file gives photo_empty with a Dutch message naming only the file."""
    error = _error(_write(tmp_path, "leeg.jpg", b""))
    assert error.code == "photo_empty"
    assert error.nl == "De foto ‘leeg.jpg’ is leeg. Kies een andere foto."
    assert error.en == "The photo ‘leeg.jpg’ is empty. Choose another photo."
    assert str(tmp_path) not in error.nl


def test_text_file_renamed_jpg_is_refused(tmp_path: Path) -> None:
    """A text file with a .jpg name gives photo_not_image."""
    error = _error(_write(tmp_path, "notitie.jpg", b"Dit is geen foto.\n" * 50))
    assert error.code == "photo_not_image"
    assert error.nl.startswith("De foto ‘notitie.jpg’ is geen afbeelding die Inspector kan openen")


def test_truncated_jpeg_is_refused(tmp_path: Path) -> None:
    """A JPEG cut in half gives photo_corrupt."""
    rng = random.Random(7)
    noise = Image.frombytes("RGB", (400, 300), rng.randbytes(400 * 300 * 3))
    buf = io.BytesIO()
    noise.save(buf, "JPEG")
    data = buf.getvalue()
    error = _error(_write(tmp_path, "half.jpg", data[: len(data) // 2]))
    assert error.code == "photo_corrupt"
    assert error.nl.startswith("De foto ‘half.jpg’ is beschadigd of onvolledig.")


def test_random_bytes_are_refused() -> None:
    """Random bytes give photo_not_image, without a file name in the message."""
    error = _error(random.Random(1).randbytes(5000))
    assert error.code == "photo_not_image"
    assert error.nl.startswith("De foto is geen afbeelding")


def test_missing_file_is_refused(tmp_path: Path) -> None:
    """A path that does not exist gives photo_unreadable."""
    assert _error(tmp_path / "weg.jpg").code == "photo_unreadable"


def test_too_big_file_is_refused(tmp_path: Path) -> None:
    """A file over max_bytes gives photo_too_big, with a Dutch decimal comma."""
    error = _error(_write(tmp_path, "groot.png", bytes(2500)), ImportSettings(max_bytes=1000))
    assert error.code == "photo_too_big"
    assert error.nl == ("De foto ‘groot.png’ is te groot (0,0 MB, maximaal 0,001 MB). "
                        "Verklein het bestand of kies een andere foto.")


def test_png_header_claiming_huge_size_is_a_bomb(tmp_path: Path) -> None:
    """A PNG whose header claims 50000×50000 pixels gives photo_bomb before any decoding."""
    ihdr = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 2, 0, 0, 0)
    chunks = b"".join(struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
                      for kind, body in [(b"IHDR", ihdr), (b"IDAT", zlib.compress(b"")), (b"IEND", b"")])
    error = _error(_write(tmp_path, "bom.png", b"\x89PNG\r\n\x1a\n" + chunks))
    assert error.code == "photo_bomb"
    assert error.nl == ("De foto ‘bom.png’ heeft te veel beeldpunten (meer dan 100 miljoen). "
                        "Verklein de afbeelding of kies een andere foto.")


def test_image_over_max_pixels_is_a_bomb() -> None:
    """A real image over a lowered max_pixels gives photo_bomb, also between 1× and 2× the limit."""
    data = _image_bytes((1500, 1000), "PNG")
    assert _error(data, ImportSettings(max_pixels=1_000_000)).code == "photo_bomb"
    assert _error(data, ImportSettings(max_pixels=500_000)).code == "photo_bomb"
    assert import_photo(data, ImportSettings(max_pixels=1_500_000)).width == 1500


def test_rgba_png_is_flattened_onto_white() -> None:
    """A transparent PNG becomes an RGB JPEG with white where it was transparent."""
    img = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    img.paste((0, 0, 255, 255), (100, 0, 200, 100))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    out = _opened(import_photo(buf.getvalue()))
    assert (out.format, out.mode) == ("JPEG", "RGB")
    assert all(channel >= 250 for channel in out.getpixel((10, 50)))
    red, green, blue = out.getpixel((190, 50))
    assert red < 10 and green < 10 and blue > 245


def test_sha256_is_of_output_and_stable() -> None:
    """sha256 is the hash of the output bytes and the same for the same input."""
    data = _image_bytes((800, 600), exif=_gps_exif())
    first, second = import_photo(data), import_photo(data)
    assert first.sha256 == hashlib.sha256(first.data).hexdigest() == sha256_hex(first.data)
    assert first.sha256 != sha256_hex(data)
    assert second == first
    assert len(first.sha256) == 64


def test_signature_keeps_transparency() -> None:
    """A signature-pad PNG stays a PNG with alpha and is limited to 2000 px."""
    pad = Image.new("RGBA", (3000, 1000), (0, 0, 0, 0))
    pad.paste((0, 0, 0, 255), (500, 480, 2500, 520))
    buf = io.BytesIO()
    pad.save(buf, "PNG")
    result = import_signature(buf.getvalue())
    out = _opened(result)
    assert (result.mime, result.width, result.height, result.taken_at) == ("image/png", 2000, 667, None)
    assert (out.format, out.mode) == ("PNG", "RGBA")
    assert out.getpixel((5, 5))[3] == 0
    assert out.getpixel((1000, 333))[3] == 255


def test_signature_must_be_png() -> None:
    """A JPEG or empty input given as signature is refused with a signature message."""
    with pytest.raises(ValidationError) as info:
        import_signature(_image_bytes((300, 100)))
    assert info.value.code == "photo_not_image"
    assert info.value.nl.startswith("De handtekening is geen afbeelding")
    with pytest.raises(ValidationError) as info:
        import_signature(b"")
    assert info.value.code == "photo_empty"


def test_thumbnail_size() -> None:
    """make_thumbnail gives a JPEG with a long side of 256 px."""
    thumb = Image.open(io.BytesIO(make_thumbnail(_image_bytes((4000, 3000)))))
    assert (thumb.format, thumb.size) == ("JPEG", (256, 192))
    small = Image.open(io.BytesIO(make_thumbnail(_image_bytes((100, 300), "PNG"), size=64)))
    assert small.size == (21, 64)


def test_print_version_size() -> None:
    """print_version scales large photos to 1600 px and returns small bare JPEGs unchanged."""
    large = Image.open(io.BytesIO(print_version(_image_bytes((4000, 3000)))))
    assert (large.format, large.size) == ("JPEG", (1600, 1200))
    small = _image_bytes((1200, 900))
    assert print_version(small) is small
    png = Image.open(io.BytesIO(print_version(_image_bytes((500, 400), "PNG"))))
    assert (png.format, png.size) == ("JPEG", (500, 400))


def test_print_version_drops_metadata() -> None:
    """A small JPEG with GPS EXIF is re-encoded for print, upright and without EXIF."""
    exif = _gps_exif()
    exif[ExifTags.Base.Orientation] = 6
    out = Image.open(io.BytesIO(print_version(_image_bytes((400, 300), exif=exif))))
    assert (out.format, out.size) == ("JPEG", (300, 400))
    assert "exif" not in out.info


def test_imported_photo_prints_unchanged() -> None:
    """An imported photo that fits the print size goes into the report as it is."""
    imported = import_photo(_image_bytes((1600, 1200)))
    assert print_version(imported.data) == imported.data
