"""What may go into a log file or a crash report: no BSN, no surname, no note.

``redact`` blanks every 8- or 9-digit number, and every 9-digit one written with separators
("999-900-006", "9999 00 006", "999.900.006"), but not a date ("01-05-2026 9:00"). Exception *texts* are not
logged at all: an error message can quote what the user typed (a surname, a note, a street), so an
exception is described by its type, its error code (``InspectorError.code``, SQLite's error name, the
OS errno name) and where it happened (``describe``, ``traceback_text``).
"""

from __future__ import annotations

import errno as errno_names
import re
from types import TracebackType

_SEP = r"[ \u00a0.\-/_]"
# 8 or 9 digits in a row, or 9 digits with separators (a BSN written in groups is written in full; a
# case number such as 2026-0001 has 8 digits and stays readable).
_BSN_LIKE = re.compile(rf"(?<![0-9])(?:[0-9]{{8,9}}|(?:[0-9]{_SEP}?){{8}}[0-9])(?![0-9])")
_DATE = re.compile(r"(?:[0-9]{4}([-/.])(?:0[1-9]|1[0-2])\1(?:0[1-9]|[12][0-9]|3[01])"
                   r"|(?:0[1-9]|[12][0-9]|3[01])([-/.])(?:0[1-9]|1[0-2])\2[0-9]{4})")
MASK = "*********"


def _blank(match: re.Match[str]) -> str:
    found = match.group(0)
    if _DATE.match(found):  # a date, perhaps followed by the hour: 01-05-2026 9:00
        return found
    return MASK


def redact(text: str) -> str:
    """Blank out every number that could be a BSN (8 or 9 digits, with or without separators)."""
    return _BSN_LIKE.sub(_blank, text)


def describe(exc: BaseException) -> str:
    """An exception as its type and code, never its text: ``StorageError[disk_full]``."""
    name = type(exc).__qualname__
    code = getattr(exc, "code", None)
    if not isinstance(code, str):
        code = getattr(exc, "sqlite_errorname", None)
    number = getattr(exc, "errno", None)
    if not isinstance(code, str) and isinstance(number, int):
        code = errno_names.errorcode.get(number, str(number))
    return f"{name}[{code}]" if isinstance(code, str) and code else name


def traceback_text(exc_type: type[BaseException], exc: BaseException,
                   tb: TracebackType | None) -> str:
    """A traceback with every frame but, for each exception in the chain, only ``describe`` of it."""
    import traceback  # only when something went wrong: kept off the app's start-up path

    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_tb(current.__traceback__ if current is not exc else tb))
        parts.append(f"Traceback (most recent call last):\n{frames}{describe(current)} "
                     "(message left out of the log)\n")
        if current.__cause__ is not None:
            link = "\nThe above exception was the direct cause of the following exception:\n\n"
            current = current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            link = "\nDuring handling of the above exception, another exception occurred:\n\n"
            current = current.__context__
        else:
            current = None
            link = ""
        parts.append(link)
    return redact("".join(reversed(parts)).strip("\n") + "\n")
