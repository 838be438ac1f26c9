"""Foto's: import from files or by drag-and-drop (decoded in the background), thumbnails, captions."""

from __future__ import annotations

import os

from PySide6.QtCore import QItemSelection, QModelIndex, QSize, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inspector.model import Attachment, Changes
from inspector.workspace import Workspace
from ui import photo_markup
from ui.errors import error_text
from ui.visit.context import VisitContext, VisitState
from ui.visit.forms import ConfirmBar, InlineMessage, WriteFn, line_edit, nav, set_text, small
from ui.visit.page import StepPage
from ui.visit.photo_model import RECORD_ROLE, THUMB_SIZE, PhotoImporter, PhotoModel, update_photo_item

IMAGE_FILTER = "*.jpg *.jpeg *.png *.webp *.tif *.tiff *.bmp *.gif *.JPG *.JPEG *.PNG"


def _delete(ws: Workspace, visit_id: str, photo: Attachment) -> Changes:
    changes = ws.visits.delete_photo(photo.id)
    if photo.item_id:
        update_photo_item(ws, visit_id, photo.item_id)
    return changes | Changes.ANSWERS


class PhotosPage(StepPage):
    """The visit's photos; only with photo consent (the core refuses otherwise and says why)."""

    step = "photos"

    def __init__(self, ctx: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent=parent)
        self.setAcceptDrops(True)
        self.model = PhotoModel(ctx, self)
        self.importer = PhotoImporter(ctx, self)
        self.importer.progressed.connect(self._progress)
        self.importer.failed.connect(self._import_failed)
        self.importer.finished.connect(self._import_finished)
        self._errors: list[str] = []
        self._build_toolbar()
        self._build_list()
        self.body.addStretch(0)

    def _build_toolbar(self) -> None:
        row = QHBoxLayout()
        self.import_button = QPushButton(self.tr("Import photos…"))
        self.import_button.setObjectName("photos_import")
        self.import_button.clicked.connect(lambda: self.choose_files(""))
        row.addWidget(self.import_button)
        row.addWidget(small(self.tr("or drag photo files onto this page. Photos should not show people.")), 1)
        self.progress = QProgressBar()
        self.progress.setObjectName("photos_progress")
        self.progress.setAccessibleName(self.tr("Import progress"))
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        row.addWidget(self.progress)
        self.body.addLayout(row)
        self.consent_notice = InlineMessage(kind="info")
        self.consent_notice.setObjectName("photos_consent_notice")
        self.body.addWidget(self.consent_notice)
        self.errors = InlineMessage()
        self.errors.setObjectName("photos_errors")
        self.body.addWidget(self.errors)

    def _build_list(self) -> None:
        row = QHBoxLayout()
        self.view = QListView()
        self.view.setObjectName("photos_list")
        self.view.setAccessibleName(self.tr("Photos of this visit"))
        self.view.setModel(self.model)
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setIconSize(QSize(THUMB_SIZE, THUMB_SIZE))
        self.view.setGridSize(QSize(THUMB_SIZE + 30, THUMB_SIZE + 44))
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setWordWrap(True)
        self.view.setUniformItemSizes(True)
        self.view.setMinimumHeight(380)
        self.view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.view.setProperty("visit_nav", True)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.dataChanged.connect(self._thumbnail_changed)
        self.empty = QLabel(self.tr("No photos yet.\n\nUse “Import photos…” or drag photo files here. "
                                    "Only photos that support the case; no people in the picture."))
        self.empty.setObjectName("photos_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setMinimumHeight(380)
        self.empty.setStyleSheet("QLabel { border: 2px dashed #b8c0ca; color: #555; background: white; "
                                 "padding: 24px; }")
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.empty)
        self.list_stack.addWidget(self.view)
        row.addWidget(self.list_stack, 3)
        row.addWidget(self._build_detail(), 2)
        self.body.addLayout(row, 1)

    def _build_detail(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self.preview = QLabel(self.tr("Select a photo to add a caption."))
        self.preview.setObjectName("photo_preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(260, 200)
        self.preview.setWordWrap(True)
        self.preview.setStyleSheet("background: #f3f6fa; color: #555;")
        layout.addWidget(self.preview)
        form = QFormLayout()
        self.caption = line_edit("photo_caption", self.tr("Caption of the selected photo"),
                                 self.tr("what the photo shows, where"))
        self.caption.setEnabled(False)
        form.addRow(self.tr("Caption:"), self.caption)
        self.item_label = QLabel()
        form.addRow(self.tr("Checklist item:"), self.item_label)
        layout.addLayout(form)
        self.caption_message = InlineMessage()
        layout.addWidget(self.caption_message)
        self.caption_save = self.autosave(self._save_caption, self.caption_message)
        self.caption_save.watch_text(self.caption)
        self.markup_note = small("")
        layout.addWidget(self.markup_note)
        buttons = QHBoxLayout()
        self.markup_button = nav(QPushButton(photo_markup.button_text(False)))
        self.markup_button.setObjectName("photo_markup")
        self.markup_button.setEnabled(False)
        self.markup_button.clicked.connect(self.open_markup)
        buttons.addWidget(self.markup_button)
        self.delete_button = QPushButton(self.tr("Delete photo"))
        self.delete_button.setObjectName("photo_delete")
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(lambda: self.confirm_delete.ask())
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.confirm_delete = ConfirmBar(self.tr("Delete this photo? The audit trail keeps that it existed."),
                                         self.tr("Delete"), "photo_delete_confirm")
        self.confirm_delete.confirmed.connect(self.delete_selected)
        layout.addWidget(self.confirm_delete)
        self.delete_message = InlineMessage()
        layout.addWidget(self.delete_message)
        layout.addStretch(1)
        return panel

    # --- importing ------------------------------------------------------------------------
    def choose_files(self, item_id: str = "") -> None:
        """Ask for photo files (several at once) and import them, for a checklist item if given."""
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Import photos"), "",
                                                self.tr("Images ({patterns})").format(patterns=IMAGE_FILTER))
        if paths:
            self.import_files(paths, item_id)

    def import_files(self, paths: list[str | os.PathLike[str]], item_id: str = "") -> None:
        """Import files in the background; each bad file gets its own message, the rest still import."""
        if not self.importer.busy:
            self._errors = []
            self.errors.clear_message()
        self.importer.import_files(list(paths), item_id)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if not self.read_only and event.mimeData().hasUrls() and any(
                u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and not self.read_only:
            event.acceptProposedAction()
            self.import_files(paths)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(self.tr("%v of %m imported"))
        self.progress.setVisible(done < total)

    def _import_failed(self, name: str, message: str) -> None:
        if message not in self._errors:
            self._errors.append(message)
        self.errors.show_message("\n".join(self._errors))

    def _import_finished(self, ok: int, failed: int) -> None:
        self.progress.hide()

    # --- selection, caption, delete ---------------------------------------------------------
    def selected(self) -> Attachment | None:
        rows = self.view.selectionModel().selectedIndexes()
        return rows[0].data(RECORD_ROLE) if rows else None

    def select_row(self, row: int) -> None:
        self.view.setCurrentIndex(self.model.index(row))

    def _selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self.caption_save.flush()
        self.caption_save.reset()
        self.caption_message.clear_message()
        self._show_selected()

    def _show_selected(self) -> None:
        photo = self.selected()
        self.caption.setEnabled(photo is not None and not self.read_only)
        self.delete_button.setEnabled(photo is not None and not self.read_only)
        self.markup_button.setEnabled(photo is not None)
        self.markup_button.setText(photo_markup.button_text(self._locked()))
        self.markup_note.setText(photo_markup.summary(photo))
        if photo is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("Select a photo to add a caption."))
            set_text(self.caption, "")
            self.item_label.setText("")
            return
        self._show_preview(photo)
        if not self.caption.hasFocus() and not self.caption_save.busy:
            set_text(self.caption, photo.caption)
        self.item_label.setText(self._item_name(photo.item_id))
        self.caption.setProperty("attachment_id", photo.id)

    def _show_preview(self, photo: Attachment) -> None:
        thumb = self.model.thumbnail(photo)
        if thumb is not None:
            self.preview.setPixmap(QPixmap.fromImage(thumb))

    def _thumbnail_changed(self, top: QModelIndex, bottom: QModelIndex, roles: list[int]) -> None:
        """A thumbnail made in the background (e.g. after a mark-up was saved) also reaches the
        preview of the selected photo."""
        photo = self.selected()
        if photo is None or (roles and Qt.ItemDataRole.DecorationRole not in roles):
            return
        row = self.model.row_of(photo.id)
        if top.row() <= row <= bottom.row():
            self._show_preview(self.model.photos[row])

    def _item_name(self, item_id: str) -> str:
        state = self.ctx.state
        if not item_id or state is None:
            return self.tr("(none)")
        item = next((i for i in state.template.items if i.id == item_id), None)
        return self.ctx.text(item.label) if item else item_id

    def _save_caption(self) -> WriteFn | None:
        attachment_id = self.caption.property("attachment_id")
        if not attachment_id:
            return None
        caption = self.caption.text()
        return lambda ws: ws.visits.set_caption(attachment_id, caption)

    def open_markup(self) -> photo_markup.MarkupDialog | None:
        """The mark-up editor of the selected photo (read-only on a finalized visit)."""
        photo = self.selected()
        return None if photo is None else photo_markup.open_editor(self.ctx, photo, self._locked(), self)

    def _locked(self) -> bool:
        return self.read_only or (self.ctx.state is not None and self.ctx.state.locked)

    def delete_selected(self) -> None:
        photo = self.selected()
        if photo is None:
            return
        vid = self.ctx.visit_id
        self.delete_message.clear_message()
        self.ctx.write(lambda ws: _delete(ws, vid, photo), changes=Changes.ATTACHMENTS,
                       on_error=lambda exc: self.delete_message.show_message(error_text(exc)))

    # --- showing --------------------------------------------------------------------------
    def apply_state(self, state: VisitState) -> None:
        self.model.set_photos(state.photos)
        self.list_stack.setCurrentWidget(self.view if state.photos else self.empty)
        consent = state.visit.consent
        if not consent.photo_consent and not state.locked:
            self.consent_notice.show_message(self.tr(
                "No consent for photos has been recorded (Access and consent). Without it, photos "
                "cannot be added."))
        else:
            self.consent_notice.clear_message()
        self._show_selected()
