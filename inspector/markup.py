"""A photo's mark-up rendered over it: arrows, ellipses and rectangles drawn in colour, and regions
(a face, a document that should not be in the file) pixelated beyond recognition.

One pure function, ``render``: image bytes + mark-up → JPEG bytes. Pillow only, no randomness, no
metadata, so every laptop and the server make the same bytes from the same photo and shapes (the
report of a finalized visit is byte for byte the same wherever it is printed). The stored photo is
never changed: it stays in the file as evidence; only its printed version is marked up.

Coordinates are per ten-thousand of the image's width and height (``model.MARKUP_SCALE``), so the
same mark-up fits the stored photo, a print version and a preview alike. Line widths, arrow heads and
mosaic blocks scale with the image's long side: the marked-up picture looks the same at any size.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from typing import Any

from PIL import Image, ImageDraw

from .errors import ValidationError
from .model import MARKUP_KINDS, MARKUP_SCALE, MarkupShape, to_jsonable

MAX_PIXELS = 100_000_000
LINE = 1 / 110  # line width as a part of the long side
BLOCK = 1 / 36  # a mosaic block of a blurred region as a part of the long side
_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError, ZeroDivisionError)

Shape = MarkupShape | Mapping[str, Any]


def _plain(shape: Shape) -> dict[str, Any]:
    return dict(shape) if isinstance(shape, Mapping) else dict(to_jsonable(shape))


def kinds(shapes: Sequence[Shape]) -> list[str]:
    """The kinds of mark-up on a photo, each once, in the order of ``model.MARKUP_KINDS``."""
    present = {_plain(s)["kind"] for s in shapes}
    return [k for k in MARKUP_KINDS if k in present]


def _box(s: Mapping[str, Any], w: int, h: int) -> tuple[int, int, int, int]:
    """A shape's box in pixels (corners in any order), at least one pixel."""
    xs = sorted((s["x1"] * w // MARKUP_SCALE, s["x2"] * w // MARKUP_SCALE))
    ys = sorted((s["y1"] * h // MARKUP_SCALE, s["y2"] * h // MARKUP_SCALE))
    return xs[0], ys[0], max(xs[1], xs[0] + 1), max(ys[1], ys[0] + 1)


def mosaic(img: Image.Image) -> Image.Image:
    """``img`` as a coarse mosaic: each block the average of its pixels, fine detail gone for good."""
    block = max(4, round(max(img.size) * BLOCK))
    cells = (max(1, -(-img.width // block)), max(1, -(-img.height // block)))
    small = img.resize(cells, Image.Resampling.BOX)
    return small.resize(img.size, Image.Resampling.NEAREST)


def _arrow(draw: ImageDraw.ImageDraw, s: Mapping[str, Any], w: int, h: int, width: int) -> None:
    x1, y1 = s["x1"] * w // MARKUP_SCALE, s["y1"] * h // MARKUP_SCALE
    x2, y2 = s["x2"] * w // MARKUP_SCALE, s["y2"] * h // MARKUP_SCALE
    length = math.hypot(x2 - x1, y2 - y1)
    head = min(width * 4.5, length * 0.6) if length else 0
    if head <= 0:
        draw.ellipse((x2 - width, y2 - width, x2 + width, y2 + width), fill=s["colour"])
        return
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    base = (x2 - ux * head, y2 - uy * head)
    half = head * 0.55
    draw.line((x1, y1, round(base[0]), round(base[1])), fill=s["colour"], width=width)
    draw.polygon([(x2, y2), (round(base[0] - uy * half), round(base[1] + ux * half)),
                  (round(base[0] + uy * half), round(base[1] - ux * half))], fill=s["colour"])


def _open(data: bytes, max_side: int = 0) -> Image.Image:
    """The stored image decoded as RGB; with ``max_side``, a JPEG is decoded at a reduced size (at least
    ``max_side``) where the decoder can (much cheaper than full size)."""
    try:
        img = Image.open(io.BytesIO(data), formats=["JPEG", "PNG"])
        if img.width * img.height > MAX_PIXELS:
            raise ValueError("too many pixels")
        if max_side and img.format == "JPEG":
            img.draft("RGB", (max_side, max_side))
        img.load()
        return img.convert("RGB")
    except _ERRORS as exc:
        raise ValidationError("photo_corrupt", "De opgeslagen foto kan niet worden gelezen; de markering is "
                              "niet getekend.", "The stored photo cannot be read; the mark-up was not drawn.",
                              field="photo", details=f"{type(exc).__name__}: {exc}") from exc


def apply(img: Image.Image, shapes: Sequence[Shape]) -> Image.Image:
    """``img`` (RGB) with ``shapes`` on it: blurred regions first, then what is drawn, in order, on
    top (an arrow may point into a blurred region)."""
    plain = [_plain(s) for s in shapes]
    out = img.copy()
    w, h = out.size
    blurs = [_box(s, w, h) for s in plain if s["kind"] == "blur"]
    if blurs:
        coarse = mosaic(img)
        for box in blurs:
            out.paste(coarse.crop(box), box[:2])
    width = max(2, round(max(w, h) * LINE))
    draw = ImageDraw.Draw(out)
    for s in plain:
        if s["kind"] == "arrow":
            _arrow(draw, s, w, h, width)
        elif s["kind"] == "ellipse":
            draw.ellipse(_box(s, w, h), outline=s["colour"], width=width)
        elif s["kind"] == "rectangle":
            draw.rectangle(_box(s, w, h), outline=s["colour"], width=width)
    return out


def render(data: bytes, shapes: Sequence[Shape], quality: int = 85) -> bytes:
    """The photo ``data`` (JPEG or PNG bytes) with its mark-up, as a JPEG without metadata; the same
    input gives the same bytes. Raises ``ValidationError`` when the image cannot be read."""
    out = apply(_open(data), shapes)
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=quality, optimize=False, progressive=False)
    return buf.getvalue()


def editing_images(data: bytes, max_side: int = 1600) -> tuple[tuple[int, int], bytes, bytes]:
    """The photo at most ``max_side`` px and its mosaic (what a blurred region shows), for the mark-up
    editor to show: their size and their pixels as plain RGB bytes (no encoding on the way, nothing
    for the editor to decode). Built off the GUI thread."""
    img = _open(data, max_side)
    img.thumbnail((max_side, max_side), Image.Resampling.BICUBIC)
    return img.size, img.tobytes(), mosaic(img).tobytes()
