"""``ws.prints``: each photo's print version for the report, stored encrypted with the photo.

Made at import (``attachments.import_photo``, off the GUI thread) and stored with the photo in one
transaction, so the first report embeds them without decoding a single photo. Made on demand when
missing: the report renders them from the photo (``report.pdf``) and ``keep`` stores those; after a
pull (photos from another laptop) or a change of the print size setting, ``missing`` → ``make`` →
``keep`` fills them in the background. Every way runs the one ``attachments.print_version``, so they
are the same bytes, and a finalized visit's report stays byte for byte what it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..attachments import print_side
from ..snapshot import PHOTO_MAX_SIDE, PHOTO_QUALITY
from ..store import prints
from ..store.prints import Stored, Wanted
from .part import Part

if TYPE_CHECKING:
    from ..attachments import PrintVersion
    from ..report.data import Photo, PrintSlot

__all__ = ["Prints", "Wanted"]


class Prints(Part):
    def setting(self) -> tuple[int, int]:
        """The print size setting a report made now uses: (target long side, JPEG quality); the same
        settings ``snapshot.report_settings`` freezes into a finalized visit's document."""
        return (int(self.repo.setting("report_photo_max_side", PHOTO_MAX_SIDE)),
                int(self.repo.setting("report_photo_quality", PHOTO_QUALITY)))

    def stored(self, sha256: str, target: int, quality: int, side: int) -> Stored | None:
        """The stored print version of photo ``sha256`` and its hash (checked), or None."""
        return prints.get(self.repo, sha256, target, quality, side)

    def slot(self, sha256: str, target: int, quality: int, side: int) -> PrintSlot | Stored | None:
        """A slot for the stored print version of photo ``sha256``, its bytes to be read by ``fill``;
        the print version itself (read now, checked) when its size is not known; None without one."""
        from ..report.data import PrintSlot  # not at import: the report package brings reportlab

        noted = prints.noted(self.repo, sha256, target, quality, side)
        if noted is None:
            return self.stored(sha256, target, quality, side)
        return PrintSlot(*noted)

    def fill(self, photos: list[Photo], target: int, quality: int) -> None:
        """Read the print versions of ``photos`` (slots from ``slot``; database lane), a visit's photos in
        one statement (``prints.get_many``), and mark each slot done once its photo has its print
        version or, when that is gone or not what was stored, the photo itself to make it from. When
        reading fails, every slot not yet done gets the error, and it is raised."""
        waiting = [p for p in photos if p.pending is not None and not p.pending.is_done]
        try:
            sides = [(p.sha256, print_side(p.width, p.height, target)) for p in waiting]
            read = prints.get_many(self.repo, sides, target, quality)
            for photo, stored in zip(waiting, read, strict=True):
                if stored is not None:
                    photo.printed, photo.printed_sha256 = stored
                else:
                    photo.data = self.ws.visits.blob(photo.sha256) or b""
                photo.pending.done()  # type: ignore[union-attr]  # in waiting: it has one
        except BaseException as exc:
            for photo in waiting:
                if not photo.pending.is_done:  # type: ignore[union-attr]
                    photo.pending.done(exc)  # type: ignore[union-attr]
            raise

    def keep(self, made: list[tuple[str, PrintVersion]]) -> None:
        """Store print versions made elsewhere: (photo hash, print version) pairs (database lane)."""
        with self.repo.transaction():
            for sha256, version in made:
                prints.put(self.repo, sha256, version)

    def missing(self) -> list[Wanted]:
        """The stored photos without a print version at the current print size setting."""
        return prints.missing(self.repo, *self.setting())

    def originals(self, wanted: list[Wanted]) -> list[tuple[Wanted, bytes]]:
        """The stored photos of ``wanted`` (database lane); hand a few at a time to ``make``."""
        found = [(w, self.ws.visits.blob(w.sha256)) for w in wanted]
        return [(w, data) for w, data in found if data is not None]

    @staticmethod
    def make(originals: list[tuple[Wanted, bytes]]) -> list[tuple[str, PrintVersion]]:
        """Print versions of ``originals`` (any lane but the GUI thread: this decodes photos). A photo
        that cannot be decoded gets none: its report says so, as it always did."""
        from ..attachments import make_print_version
        from ..errors import InspectorError

        made = []
        for w, data in originals:
            try:
                made.append((w.sha256, make_print_version(data, w.width, w.height, w.target, w.quality)))
            except InspectorError:
                continue
        return made

    def make_missing(self, batch: int = 8) -> int:
        """Make and store every missing print version here and now (CLI, scripts, tests: the app runs
        the three steps on its lanes). Returns how many were made."""
        count = 0
        wanted = self.missing()
        for start in range(0, len(wanted), batch):
            made = self.make(self.originals(wanted[start:start + batch]))
            self.keep(made)
            count += len(made)
        return count
