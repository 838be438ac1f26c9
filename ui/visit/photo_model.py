"""The photos of a visit as a list model, and the background import that feeds it."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage

from inspector import attachments
from inspector.errors import InspectorError
from inspector.model import Attachment, Changes, MarkupShape
from inspector.workspace import Workspace
from ui.errors import error_text
from ui.visit import decoder
from ui.visit.context import VisitContext

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
THUMB_SIZE = decoder.THUMB_SIZE
AnyIndex = QModelIndex | QPersistentModelIndex


def _qimage(jpeg: bytes) -> QImage:
    """A QImage from thumbnail bytes (built in a worker: QImage, unlike QPixmap, may live off the GUI
    thread)."""
    image = QImage()
    image.loadFromData(jpeg)
    return image


def _thumbnail(data: bytes, shapes: list[MarkupShape]) -> QImage:
    return _qimage(decoder.thumbnail(data, shapes))


def thumb_key(photo: Attachment) -> str:
    """The key of a photo's thumbnail in ``VisitContext.thumbs``: its content hash, and for a marked-up
    photo also its mark-up (a new mark-up is a new thumbnail; the original's stays for the others)."""
    if not photo.markup:
        return photo.sha256
    shapes = json.dumps([vars(s) for s in photo.markup], sort_keys=True)
    return f"{photo.sha256}:{hashlib.sha256(shapes.encode()).hexdigest()[:16]}"


class PhotoModel(QAbstractListModel):
    """One row per photo: number and caption, the thumbnail, and the Attachment in RECORD_ROLE."""

    def __init__(self, ctx: VisitContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.photos: list[Attachment] = []
        self._requested: set[str] = set()
        self._placeholder = QImage(QSize(THUMB_SIZE, THUMB_SIZE * 3 // 4), QImage.Format.Format_RGB32)
        self._placeholder.fill(QColor("#d8dde3"))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(self.photos)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.photos) or index.column() != 0:
            return None
        photo = self.photos[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{photo.number}. {photo.caption}" if photo.caption else f"{photo.number}."
        if role == Qt.ItemDataRole.EditRole:
            return photo.caption
        if role == Qt.ItemDataRole.DecorationRole:
            thumb = self.thumbnail(photo)
            return self._placeholder if thumb is None else thumb
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{photo.number}. {photo.caption} ({photo.width}×{photo.height})"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{photo.number}. {photo.caption}"
        if role == RECORD_ROLE:
            return photo
        return None

    def set_photos(self, photos: list[Attachment]) -> None:
        """Show ``photos``: rows are inserted, removed or changed one by one (no reset, keeps selection)."""
        new_ids = [p.id for p in photos]
        for row in reversed(range(len(self.photos))):
            if self.photos[row].id not in new_ids:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.photos[row]
                self.endRemoveRows()
        for row, photo in enumerate(photos):
            if row < len(self.photos) and self.photos[row].id == photo.id:
                if self.photos[row] != photo:
                    self.photos[row] = photo
                    self.dataChanged.emit(self.index(row), self.index(row))
            else:
                self.beginInsertRows(QModelIndex(), row, row)
                self.photos.insert(row, photo)
                self.endInsertRows()
        del self.photos[len(photos):]  # only reached with duplicate ids, which the store forbids
        for photo in photos:
            self._request_thumbnail(photo)

    def thumbnail(self, photo: Attachment) -> QImage | None:
        """What the list shows of ``photo``: its marked-up thumbnail, or while that is being made (just
        after the mark-up changed) the one of the photo as taken; None while neither is there yet."""
        thumb = self.ctx.thumbs.get(thumb_key(photo))
        return self.ctx.thumbs.get(photo.sha256) if thumb is None else thumb

    def _request_thumbnail(self, photo: Attachment) -> None:
        key, sha = thumb_key(photo), photo.sha256
        if key in self.ctx.thumbs or key in self._requested:
            return
        self._requested.add(key)
        runner, shapes = self.ctx.runner, list(photo.markup)

        def got_blob(data: bytes | None) -> None:
            if data:
                runner.run_io(lambda: _thumbnail(data, shapes), lambda image: self.set_thumbnail(key, image))

        self.ctx.read(lambda ws: ws.visits.blob(sha), got_blob)

    def set_thumbnail(self, key: str, image: QImage) -> None:
        """Keep the thumbnail made for ``key`` (see ``thumb_key``) and redraw the rows that show it."""
        if not self.ctx.alive:
            return
        self.ctx.thumbs[key] = image
        for row, photo in enumerate(self.photos):
            if thumb_key(photo) == key:
                self.dataChanged.emit(self.index(row), self.index(row), [Qt.ItemDataRole.DecorationRole])

    def row_of(self, attachment_id: str) -> int:
        return next((n for n, p in enumerate(self.photos) if p.id == attachment_id), -1)


def _store(ws: Workspace, visit_id: str,
           batch: list[tuple[attachments.ImportedImage, str]]) -> list[Attachment]:
    """Store photos imported together (DB lane): numbered in the order they were taken, whatever order
    their decoding finished in; a photo-type item's answer lists the photos it holds."""
    groups: dict[str, list[attachments.ImportedImage]] = {}
    for image, item_id in sorted(batch, key=lambda b: attachments.photo_order(b[0])):
        groups.setdefault(item_id, []).append(image)
    stored: list[Attachment] = []
    for item_id, images in groups.items():
        stored += ws.visits.add_imported_photos(visit_id, images, item_id=item_id)
        if item_id:
            update_photo_item(ws, visit_id, item_id)
    return stored


def update_photo_item(ws: Workspace, visit_id: str, item_id: str) -> None:
    """Set a photo-type item's answer to the ids of its photos (DB lane)."""
    tpl = ws.visits.template(ws.visits.get(visit_id))
    item = next((i for i in tpl.items if i.id == item_id), None)
    if item is not None and item.type == "photo":
        ids = [a.id for a in ws.visits.attachments(visit_id) if a.item_id == item_id]
        ws.visits.answer(visit_id, item_id, ids or None)


class PhotoImporter(QObject):
    """Decode on the IO lane (in parallel), then store the whole batch on the DB lane at once, so the
    photos are numbered by the moment taken and not by which decode finished first; errors per file."""

    progressed = Signal(int, int)  # done, total
    failed = Signal(str, str)  # file name, message
    imported = Signal(object)  # Attachment
    finished = Signal(int, int)  # imported, failed

    def __init__(self, ctx: VisitContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.total = self.done = self.ok = self.errors = 0
        self._decoded_count = 0
        self._batch: list[tuple[Path, attachments.ImportedImage, str]] = []

    @property
    def busy(self) -> bool:
        return self.done < self.total

    def import_files(self, paths: list[str | os.PathLike[str]], item_id: str = "") -> None:
        """Import ``paths``; each file succeeds or fails on its own."""
        if not self.busy:
            self.total = self.done = self.ok = self.errors = self._decoded_count = 0
        self.total += len(paths)
        self.progressed.emit(self.done, self.total)
        state = self.ctx.state
        settings = state.import_settings if state else attachments.ImportSettings()
        for path in paths:
            self._start(Path(path), settings, item_id)

    def _start(self, path: Path, settings: attachments.ImportSettings, item_id: str) -> None:
        def decode() -> tuple[attachments.ImportedImage, QImage]:
            image, thumb = decoder.decode_photo(path, settings)
            return image, _qimage(thumb)

        self.ctx.runner.run_io(decode, lambda result: self._decoded(path, result, item_id),
                               lambda exc: self._failed(path, exc))

    def _decoded(self, path: Path, result: tuple[attachments.ImportedImage, QImage], item_id: str) -> None:
        image, thumb = result
        self.ctx.thumbs[image.sha256] = thumb
        self._batch.append((path, image, item_id))
        self._decoded_one()

    def _decoded_one(self) -> None:
        self._decoded_count += 1
        if self._decoded_count < self.total or not self._batch:
            return
        batch, self._batch = self._batch, []
        vid = self.ctx.visit_id
        pairs = [(image, item_id) for _path, image, item_id in batch]
        self.ctx.write(lambda ws: _store(ws, vid, pairs), on_done=self._stored,
                       on_error=lambda exc: self._store_failed([p for p, _i, _t in batch], exc),
                       changes=Changes.ATTACHMENTS | Changes.ANSWERS)

    def _stored(self, photos: list[Attachment]) -> None:
        for photo in photos:
            self.ok += 1
            self.imported.emit(photo)
            self._step()

    def _store_failed(self, paths: list[Path], exc: BaseException) -> None:
        for path in paths:
            self.errors += 1
            self.failed.emit(path.name, error_text(exc))
            self._step()

    def _failed(self, path: Path, exc: BaseException) -> None:
        self.errors += 1
        self.failed.emit(path.name, error_text(exc))
        if not isinstance(exc, InspectorError):  # a bug, not a bad file: tell the crash handler
            self.ctx.runner.default_error(exc)
        self._step()
        self._decoded_one()

    def _step(self) -> None:
        self.done += 1
        self.progressed.emit(self.done, self.total)
        if self.done == self.total:
            self.finished.emit(self.ok, self.errors)
