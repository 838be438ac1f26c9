"""Photo decoding in helper processes, called from the IO lane.

Measured with benchmarks/bench_photo_import.py: Pillow keeps the GIL for stretches of 10–20 ms while
it scales a 12 MP photo, and two such threads stalled the GUI thread for 60–130 ms. A helper process
has its own GIL, so the GUI thread stays responsive; the IO-lane worker just waits for the result.
This module must not import Qt: the helper processes import it.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from inspector import attachments, markup
from inspector.errors import InspectorError, ValidationError
from inspector.model import MarkupShape

log = logging.getLogger(__name__)
THUMB_SIZE = 160
_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_disabled = False
_workers: int | None = None  # None: one per core, at most two

Result = tuple[attachments.ImportedImage, bytes]


def _error_tuple(exc: InspectorError) -> tuple[str, str, str, str, str | None]:
    # InspectorError does not survive pickling with its code and both languages: send the parts
    return ("error", exc.code, exc.nl, exc.en, exc.field)


def _raise(parts: tuple[str, str, str, str, str | None]) -> None:
    _, code, nl, en, field = parts
    raise ValidationError(code, nl, en, field=field)


def decode_here(path: str, settings: attachments.ImportSettings) -> Result:
    """Decode, orient, scale and hash a photo, make its print version and its thumbnail (in this
    process)."""
    image = attachments.import_photo(path, settings)
    return image, attachments.make_thumbnail(image.data, THUMB_SIZE)


def _decode_child(path: str, settings: attachments.ImportSettings) -> object:
    try:
        return decode_here(path, settings)
    except InspectorError as exc:
        return _error_tuple(exc)


def thumbnail_here(data: bytes, shapes: Sequence[MarkupShape] = ()) -> bytes:
    """The thumbnail of stored photo bytes, with its mark-up drawn over it when it has one (in this
    process). The mark-up scales with the picture, so the thumbnail shows what the report prints."""
    thumb = attachments.make_thumbnail(data, THUMB_SIZE)
    return markup.render(thumb, shapes, 80) if shapes else thumb


def _thumb_child(data: bytes, shapes: Sequence[MarkupShape]) -> object:
    try:
        return thumbnail_here(data, shapes)
    except InspectorError as exc:
        return _error_tuple(exc)


PARENT_CHECK_S = 0.5


def _watch_parent(parent: int) -> None:
    """End this helper once the app is gone (also when it was killed and could not shut us down).

    A thread polling the parent's pid rather than Linux's parent-death signal: that signal follows the
    *thread* that started the helper, and the app's pool threads come and go."""
    while True:
        time.sleep(PARENT_CHECK_S)
        if os.getppid() != parent:
            os._exit(0)


def _helper_start(parent: int) -> None:
    """In each helper: yield the CPU to the GUI thread (and the rest of the machine), and watch the app."""
    if hasattr(os, "nice"):
        try:
            os.nice(10)
        except OSError:
            pass
    threading.Thread(target=_watch_parent, args=(parent,), name="watch-parent", daemon=True).start()


def _get_pool() -> ProcessPoolExecutor | None:
    global _pool, _disabled
    with _lock:
        if _pool is None and not _disabled:
            try:
                workers = _workers or max(1, min(2, os.cpu_count() or 1))
                _pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_helper_start, initargs=(os.getpid(),))
            except (OSError, ValueError, NotImplementedError) as exc:  # no processes here: use threads
                log.warning("photo helper processes unavailable, decoding in threads: %s", exc)
                _disabled = True
        return _pool


def _reset_pool(broken: ProcessPoolExecutor) -> None:
    global _pool
    with _lock:
        if _pool is broken:
            _pool = None
    broken.shutdown(wait=False, cancel_futures=True)


def _run(fn, *args):  # type: ignore[no-untyped-def]
    pool = _get_pool()
    if pool is None:
        return None
    try:
        return pool.submit(fn, *args).result()
    except BrokenProcessPool:
        # the helper died on this input (or was killed): a new pool serves the next photo
        _reset_pool(pool)
        raise


def decode_photo(path: str | os.PathLike[str], settings: attachments.ImportSettings) -> Result:
    """Import a photo file in a helper process (blocking; call it on the IO lane).

    Raises the core's ValidationError for a bad file, with its Dutch and English message."""
    try:
        result = _run(_decode_child, str(path), settings)
    except BrokenProcessPool:
        raise attachments._error("photo_corrupt", Path(path).name) from None  # the core's own message
    if result is None:
        return decode_here(str(path), settings)
    if isinstance(result, tuple) and result and result[0] == "error":
        _raise(result)  # type: ignore[arg-type]
    return result  # type: ignore[return-value]


def thumbnail(data: bytes, shapes: Sequence[MarkupShape] = ()) -> bytes:
    """A thumbnail of stored photo bytes, marked up with ``shapes`` if any, made in a helper process
    (blocking; IO lane)."""
    try:
        result = _run(_thumb_child, data, list(shapes))
    except BrokenProcessPool:
        result = None
    if result is None:
        return thumbnail_here(data, shapes)
    if isinstance(result, tuple):
        _raise(result)  # type: ignore[arg-type]
    return result  # type: ignore[return-value]


def _print_child(data: bytes, width: int, height: int, target: int, quality: int) -> object:
    try:
        return attachments.make_print_version(data, width, height, target, quality)
    except InspectorError:
        return None


def print_version(data: bytes, width: int, height: int, target: int,
                  quality: int) -> attachments.PrintVersion | None:
    """The print version of a stored photo (``attachments.make_print_version``), made in a helper
    process (blocking; IO lane); None when the photo cannot be decoded."""
    try:
        result = _run(_print_child, data, width, height, target, quality)
    except BrokenProcessPool:
        return None
    if result is None and _get_pool() is None:
        result = _print_child(data, width, height, target, quality)
    return result if isinstance(result, attachments.PrintVersion) else None


def _markup_child(data: bytes, side: int) -> object:
    try:
        return markup.editing_images(data, side)
    except InspectorError as exc:
        return _error_tuple(exc)


def markup_images(data: bytes, side: int) -> tuple[tuple[int, int], bytes, bytes]:
    """The photo and its mosaic for the mark-up editor (``markup.editing_images``), made in a helper
    process (blocking; IO lane)."""
    try:
        result = _run(_markup_child, data, side)
    except BrokenProcessPool:
        result = None
    if result is None:
        return markup.editing_images(data, side)
    if isinstance(result, tuple) and result and result[0] == "error":
        _raise(result)  # type: ignore[arg-type]
    return result  # type: ignore[return-value]


def configure(workers: int | None) -> None:
    """Use ``workers`` helper processes (None: the default; 0: decode in the IO-lane threads)."""
    global _workers, _disabled
    shutdown()
    with _lock:
        _disabled = workers == 0
        _workers = workers or None


def shutdown() -> None:
    """Stop the helper processes (at exit)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


atexit.register(shutdown)
