"""The report step: the inspector's summary and conclusion beside a live preview of the PDF.

Left: two editors (autosaved on the DB lane shortly after typing pauses; read-only once the
visit is finalized) and the municipality's standard text blocks, inserted filled in at the cursor.
Right: the rapport van bevindingen in a QPdfView. A preview is collected on the DB lane and
rendered on the IO lane; a generation counter drops any result that a newer edit overtook, so
the window never waits and never shows an older text over a newer one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QObject,
    QPointF,
    QStandardPaths,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from inspector import textblocks
from inspector.errors import InspectorError
from inspector.ids import short_id
from inspector.model import Changes
from inspector.workspace import Workspace
from ui.bus import Bus
from ui.errors import error_text, show_error, ui_lang
from ui.print_versions import keep_made, read_prints
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)

AUTOSAVE_MS = 600  # the editors are saved this long after the last keystroke
REFRESH_MS = 300  # a change from elsewhere re-renders the preview after this pause
PREVIEW_ON = Changes.VISITS | Changes.ANSWERS | Changes.ATTACHMENTS | Changes.SETTINGS | Changes.PERSONS
BLOCK_ROLE = Qt.ItemDataRole.UserRole


@dataclass
class PanelState:
    """What the panel shows of one visit, read on the DB lane."""

    visit_id: str
    summary: str
    conclusion: str
    locked: bool
    case_number: str
    blocks: list[textblocks.TextBlock] = field(default_factory=list)
    blocks_error: str = ""
    context: dict[str, str] = field(default_factory=dict)


def load_panel_state(ws: Workspace, visit_id: str, lang: str) -> PanelState:
    """Read the visit's report texts, its text blocks and their placeholder values (DB lane)."""
    visit = ws.visits.get(visit_id)
    state = PanelState(visit_id, visit.summary, visit.conclusion, visit.is_locked,
                       ws.cases.get(visit.case_id).number)
    try:
        state.blocks = textblocks.list_blocks(visit.template_id, lang, textblocks.blocks_path(ws))
    except InspectorError as exc:
        state.blocks_error = exc.message(lang)
    state.context = textblocks.context_for(ws, visit_id, lang)
    return state


class ReportPanel(QWidget):
    """Summary and conclusion editors, standard text blocks, a live PDF preview and Save as…."""

    preview_updated = Signal(int)  # pages in the preview just loaded
    exported = Signal(str)  # the path a report was saved to

    def __init__(self, workspace: Workspace, runner: TaskRunner, bus: Bus,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.runner, self.bus = workspace, runner, bus
        self.visit_id = ""
        self.state: PanelState | None = None
        self._filling = False  # editors are being filled from the database: no autosave
        self._dirty = False
        self._own_changes = False
        self._generation = 0
        self._busy_jobs = 0
        self._buffer: QBuffer | None = None
        self._keep_page = 0
        self._target: QPlainTextEdit | None = None
        self._read_only = False  # forced by the visit view (e.g. while finalizing)
        self._stale = ""  # "load" or "preview": what a change made while hidden left to do
        self._dialog: QFileDialog | None = None
        self._part = ""  # "summary" or "conclusion": the part being edited, the preview shows it
        self._part_pages: dict[str, int] = {}  # page (from 0) each part starts on in the preview shown
        self._loading_pages: dict[str, int] = {}  # the same for the preview being loaded
        self._autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._autosave.timeout.connect(self.flush)
        self._refresh = QTimer(self, singleShot=True, interval=REFRESH_MS)
        self._refresh.timeout.connect(self.refresh_preview)
        self._build()
        bus.changed.connect(self._on_changes)

    # --- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_bar())  # above both halves: "Save as…" is never cut off
        layout.addWidget(self._build_exported())
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        editors = QScrollArea()  # a small window scrolls the editors instead of squeezing them
        editors.setWidgetResizable(True)
        editors.setFrameShape(QFrame.Shape.NoFrame)
        editors.setWidget(self._build_editors())
        editors.setMinimumWidth(220)
        splitter.addWidget(editors)
        splitter.addWidget(self._build_preview())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)

    def _build_exported(self) -> QWidget:
        """After an export: where it went, and the two things one does next."""
        self.exported_row = QFrame()
        self.exported_row.setObjectName("report_exported")
        self.exported_row.setStyleSheet("QFrame#report_exported { background: #eef6ee; border-radius: 4px; }")
        row = QHBoxLayout(self.exported_row)
        row.setContentsMargins(8, 2, 4, 2)
        self.exported_label = QLabel()
        self.exported_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.exported_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(self.exported_label, 1)
        self.open_pdf_button = QPushButton(self.tr("Open PDF"))
        self.open_pdf_button.setObjectName("report_open_pdf")
        self.open_pdf_button.clicked.connect(lambda: self._open_url(self.exported_path))
        self.open_folder_button = QPushButton(self.tr("Open folder"))
        self.open_folder_button.setObjectName("report_open_folder")
        self.open_folder_button.clicked.connect(lambda: self._open_url(str(Path(self.exported_path).parent)))
        row.addWidget(self.open_pdf_button)
        row.addWidget(self.open_folder_button)
        self.exported_path = ""
        self.exported_row.setVisible(False)
        return self.exported_row

    def _open_url(self, path: str) -> None:
        """Open a file or folder with the desktop's own program (PDF viewer, file manager)."""
        if path and not QDesktopServices.openUrl(QUrl.fromLocalFile(path)):
            self._show_message(self.tr("Could not open %1: no program for it on this computer.")
                               .replace("%1", path))

    def _editor(self, name: str, accessible: str) -> QPlainTextEdit:
        editor = QPlainTextEdit()
        editor.setObjectName(name)
        editor.setAccessibleName(accessible)
        editor.setTabChangesFocus(True)
        editor.textChanged.connect(self._on_edited)
        editor.installEventFilter(self)
        return editor

    def _build_editors(self) -> QWidget:
        left = QWidget()
        layout = QVBoxLayout(left)
        self.locked_note = QLabel(self.tr("This visit is finalized: the summary and conclusion can no longer "
                                          "be changed. Add an addendum to correct something."))
        self.locked_note.setWordWrap(True)
        self.locked_note.setVisible(False)
        layout.addWidget(self.locked_note)
        summary_label = QLabel(self.tr("&Summary"))
        self.summary_edit = self._editor("report_summary", self.tr("Summary"))
        summary_label.setBuddy(self.summary_edit)
        layout.addWidget(summary_label)
        line = self.summary_edit.fontMetrics().lineSpacing()
        self.summary_edit.setMinimumHeight(8 * line)  # usable at 150 % on a 768 px screen too
        layout.addWidget(self.summary_edit, 3)
        conclusion_label = QLabel(self.tr("C&onclusion"))
        self.conclusion_edit = self._editor("report_conclusion", self.tr("Conclusion"))
        conclusion_label.setBuddy(self.conclusion_edit)
        layout.addWidget(conclusion_label)
        self.conclusion_edit.setMinimumHeight(5 * line)
        layout.addWidget(self.conclusion_edit, 2)
        self.save_state = QLabel()
        self.save_state.setObjectName("report_save_state")
        self.save_state.setAccessibleName(self.tr("Save state"))
        layout.addWidget(self.save_state)

        blocks_label = QLabel(self.tr("Standard &text blocks"))
        self.blocks = QListWidget()
        self.blocks.setObjectName("report_blocks")
        self.blocks.setAccessibleName(self.tr("Standard text blocks"))
        self.blocks.setWordWrap(True)
        self.blocks.itemDoubleClicked.connect(lambda _item: self.insert_block())
        self.blocks.currentItemChanged.connect(lambda *_: self._update_insert())
        blocks_label.setBuddy(self.blocks)
        layout.addWidget(blocks_label)
        self.blocks.setMinimumHeight(4 * line)
        layout.addWidget(self.blocks, 2)
        self.blocks_error = QLabel()
        self.blocks_error.setWordWrap(True)
        self.blocks_error.setVisible(False)
        layout.addWidget(self.blocks_error)
        self.insert_button = QPushButton(self.tr("&Insert"))
        self.insert_button.setObjectName("report_insert")
        self.insert_button.setAccessibleName(self.tr("Insert the chosen text block at the cursor"))
        self.insert_button.clicked.connect(self.insert_block)
        self.insert_button.setEnabled(False)
        layout.addWidget(self.insert_button, 0, Qt.AlignmentFlag.AlignLeft)
        return left

    def _build_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        language_label = QLabel(self.tr("Report &language"))
        self.language = QComboBox()
        self.language.setObjectName("report_language")
        self.language.setAccessibleName(self.tr("Report language"))
        self.language.addItem(self.tr("Dutch"), "nl")
        self.language.addItem(self.tr("English"), "en")
        self.language.setCurrentIndex(1 if ui_lang() == "en" else 0)
        self.language.currentIndexChanged.connect(self._language_changed)
        language_label.setBuddy(self.language)
        bar.addWidget(language_label)
        bar.addWidget(self.language)
        self.busy = QProgressBar()
        self.busy.setObjectName("report_busy")
        self.busy.setAccessibleName(self.tr("Updating the report"))
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(90)
        self.busy.setMaximumHeight(12)
        self.busy.setVisible(False)
        bar.addWidget(self.busy)
        bar.addStretch(1)
        self.save_as_button = QPushButton(self.tr("Save &as…"))
        self.save_as_button.setObjectName("report_save_as")
        self.save_as_button.setAccessibleName(self.tr("Save the report as a PDF file"))
        self.save_as_button.clicked.connect(self.save_as)
        self.save_as_button.setEnabled(False)
        bar.addWidget(self.save_as_button)
        return bar

    def _build_preview(self) -> QWidget:
        right = QWidget()
        layout = QVBoxLayout(right)
        layout.setContentsMargins(0, 0, 0, 0)
        self.message = QLabel()
        self.message.setObjectName("report_message")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        layout.addWidget(self.message)
        self.document = QPdfDocument(self)
        self.document.statusChanged.connect(self._document_status)
        self.view = QPdfView(self)
        self.view.setObjectName("report_preview")
        self.view.setAccessibleName(self.tr("Report preview"))
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        layout.addWidget(self.view, 1)
        return right

    # --- loading a visit ----------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return str(self.language.currentData())

    def set_visit(self, visit_id: str) -> None:
        """Show ``visit_id``: its texts, its text blocks and a fresh preview."""
        self.flush()
        self.visit_id = visit_id
        self.state = None
        self._set_editable(False)
        self.save_as_button.setEnabled(False)
        self._load()

    def _load(self) -> None:
        ws, vid, lang = self.ws, self.visit_id, self.lang
        self.runner.run_db(lambda: load_panel_state(ws, vid, lang), self._loaded, self._load_failed)

    def _loaded(self, state: PanelState) -> None:
        if state.visit_id != self.visit_id:
            return
        keep_texts = self.state is not None and self._dirty
        self.state = state
        if not keep_texts:
            self._fill(self.summary_edit, state.summary)
            self._fill(self.conclusion_edit, state.conclusion)
        self._set_editable(not state.locked and not self._read_only)
        self.locked_note.setVisible(state.locked)
        self.blocks.clear()
        for block in state.blocks:
            item = QListWidgetItem(block.title)
            item.setData(BLOCK_ROLE, block)
            item.setToolTip(textblocks.fill(block, state.context))
            self.blocks.addItem(item)
        self.blocks_error.setText(state.blocks_error)
        self.blocks_error.setVisible(bool(state.blocks_error))
        if self.blocks.count():
            self.blocks.setCurrentRow(0)
        self._update_insert()
        self.save_as_button.setEnabled(True)
        self.refresh_preview()

    def _load_failed(self, exc: BaseException) -> None:
        self._show_message(error_text(exc))
        if not isinstance(exc, InspectorError):
            log.error("loading the report panel failed: %s", exc)

    def _fill(self, editor: QPlainTextEdit, value: str) -> None:
        if editor.toPlainText() == value:
            return
        self._filling = True
        try:
            editor.setPlainText(value)
        finally:
            self._filling = False

    def _set_editable(self, editable: bool) -> None:
        for editor in (self.summary_edit, self.conclusion_edit):
            editor.setReadOnly(not editable)
        self.blocks.setEnabled(editable)
        self._update_insert()

    def set_read_only(self, read_only: bool) -> None:
        """Make the editors read-only (the visit view calls this around finalizing)."""
        self._read_only = read_only
        if read_only:
            self.flush()
        self._set_editable(not read_only and self.state is not None and not self.state.locked)

    def _update_insert(self) -> None:
        editable = self.state is not None and not self.state.locked and not self._read_only
        self.insert_button.setEnabled(editable and self.blocks.currentItem() is not None)

    # --- editing and autosave -----------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.FocusIn and watched in (self.summary_edit, self.conclusion_edit):
            self._target = watched  # type: ignore[assignment]
            self.follow("summary" if watched is self.summary_edit else "conclusion")
        return super().eventFilter(watched, event)

    def _on_edited(self) -> None:
        if self._filling or self.state is None or self.state.locked or self._read_only:
            return
        self._dirty = True
        self.save_state.setText(self.tr("Changes not saved yet…"))
        self._autosave.start()

    def flush(self) -> None:
        """Save the editors now if they changed (also when switching visits)."""
        self._autosave.stop()
        if not self._dirty or not self.visit_id:
            return
        self._dirty = False
        ws, vid = self.ws, self.visit_id
        summary, conclusion = self.summary_edit.toPlainText(), self.conclusion_edit.toPlainText()
        self.save_state.setText(self.tr("Saving…"))
        self.runner.run_db(lambda: ws.visits.set_report_text(vid, summary=summary, conclusion=conclusion),
                           lambda changes: self._saved(vid, changes),
                           lambda exc: self._save_failed(vid, exc))

    def _saved(self, visit_id: str, changes: Changes) -> None:
        if visit_id == self.visit_id and not self._dirty:
            self.save_state.setText(self.tr("Saved"))
        self._own_changes = True
        try:
            self.bus.emit_changes(changes)
        finally:
            self._own_changes = False
        if visit_id == self.visit_id:
            self.refresh_preview()

    def _save_failed(self, visit_id: str, exc: BaseException) -> None:
        if visit_id == self.visit_id:
            self._dirty = True  # the text stays in the editors; the next edit tries again
            self.save_state.setText(self.tr("Not saved: %1").replace("%1", error_text(exc)))
        if not isinstance(exc, InspectorError):
            show_error(self, exc)

    def insert_block(self) -> None:
        """Insert the chosen text block, filled in, at the cursor of the editor last used."""
        item = self.blocks.currentItem()
        if item is None or self.state is None or self.state.locked or self._read_only:
            return
        block: textblocks.TextBlock = item.data(BLOCK_ROLE)
        editor = self._target or (self.conclusion_edit if block.field == "conclusion" else self.summary_edit)
        text = textblocks.fill(block, self.state.context)
        cursor = editor.textCursor()
        before = editor.toPlainText()[:cursor.position()]
        if before and not before[-1].isspace():
            text = " " + text
        cursor.insertText(text)
        editor.setTextCursor(cursor)
        editor.setFocus()

    # --- preview ------------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        """Collect on the DB lane, render on the IO lane, show the newest result only."""
        if not self.visit_id:
            return
        self._refresh.stop()
        self._generation += 1
        generation, ws, vid, lang = self._generation, self.ws, self.visit_id, self.lang
        self._job(+1)

        def collected(data: Any) -> None:
            if generation != self._generation:
                self._job(-1)  # overtaken by a newer edit: skip the render
                return
            def rendered(result: tuple[bytes, dict[str, int]]) -> None:
                self._rendered(generation, *result)
                keep_made(self.runner, ws, data)  # print versions it had to make, for the next time

            read_prints(self.runner, ws, data)  # the renderer draws each photo once it is read
            self.runner.run_io(lambda: ws.reports.render_with_pages(data), rendered,
                               lambda exc: self._preview_failed(generation, exc))

        self.runner.run_db(lambda: ws.reports.collect(vid, lang, prints_later=True), collected,
                           lambda exc: self._preview_failed(generation, exc))

    def _rendered(self, generation: int, pdf: bytes, part_pages: dict[str, int]) -> None:
        self._job(-1)
        if generation != self._generation:
            return
        self._show_message("")
        self._loading_pages = part_pages  # the renderer says where each part starts: no text search here
        self._keep_page = self.view.pageNavigator().currentPage()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        old, self._buffer = self._buffer, buffer
        self.document.load(buffer)
        if old is not None:
            old.close()
            old.deleteLater()

    def follow(self, part: str) -> None:
        """Show the page of the report where ``part`` (summary, conclusion) is printed."""
        self._part = part
        page = self._part_pages.get(part)
        if page is not None and page != self.view.pageNavigator().currentPage():
            navigator = self.view.pageNavigator()
            navigator.jump(page, QPointF(), navigator.currentZoom())

    def _document_status(self, status: QPdfDocument.Status) -> None:
        if status == QPdfDocument.Status.Ready:
            pages = self.document.pageCount()
            self._part_pages = self._loading_pages
            if self._part in self._part_pages:
                self._keep_page = self._part_pages[self._part]
            if 0 < self._keep_page < pages:
                navigator = self.view.pageNavigator()
                navigator.jump(self._keep_page, QPointF(), navigator.currentZoom())
            self.preview_updated.emit(pages)
        elif status == QPdfDocument.Status.Error:
            self._show_message(self.tr("The preview cannot be shown."))

    def _preview_failed(self, generation: int, exc: BaseException) -> None:
        self._job(-1)
        if generation != self._generation:
            return
        self._show_message(self.tr("The preview could not be made: %1").replace("%1", error_text(exc)))
        if not isinstance(exc, InspectorError):
            log.error("report preview failed: %s", getattr(exc, "__traceback_text__", exc))

    def _job(self, delta: int) -> None:
        self._busy_jobs = max(0, self._busy_jobs + delta)
        self.busy.setVisible(self._busy_jobs > 0)

    @property
    def busy_jobs(self) -> int:
        return self._busy_jobs

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _language_changed(self) -> None:
        if self.visit_id:
            self._load()  # blocks in the new language, then a new preview

    def _on_changes(self, changes: object) -> None:
        if self._own_changes or not self.visit_id or not isinstance(changes, Changes):
            return
        if not changes & PREVIEW_ON:
            return
        todo = "load" if changes & Changes.VISITS else "preview"  # e.g. finalized elsewhere
        if not self.isVisible():  # nothing to show now: catch up when shown
            self._stale = "load" if "load" in (todo, self._stale) else todo
            return
        if todo == "load":
            self._load()
        else:
            self._refresh.start()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        todo, self._stale = self._stale, ""
        if todo == "load" and self.visit_id:
            self._load()
        elif todo == "preview":
            self.refresh_preview()

    # --- export -------------------------------------------------------------------------------
    def suggested_name(self) -> str:
        """A file name without personal data: case number and the short visit id."""
        number = self.state.case_number if self.state else "rapport"
        safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in number)
        return f"rapport-{safe}-{short_id(self.visit_id)}.pdf"

    def save_as(self) -> None:
        """Ask where to save, then export in the chosen language off the GUI thread."""
        if not self.visit_id:
            return
        dialog = self._save_dialog()
        dialog.selectFile(self.suggested_name())
        path = dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self.export_to(path)

    def _save_dialog(self) -> QFileDialog:
        """Qt's own file dialog, made once: it speaks the UI's language (the desktop's native one follows
        the system's) and opens at once (the native route can wait seconds on a desktop portal)."""
        if self._dialog is None:
            folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            dialog = QFileDialog(self, self.tr("Save report as"), folder, self.tr("PDF files (*.pdf)"))
            dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setFileMode(QFileDialog.FileMode.AnyFile)
            dialog.setDefaultSuffix("pdf")
            self._dialog = dialog
        return self._dialog

    def export_to(self, path: str) -> None:
        """Save the report to ``path`` (collect on the DB lane, render and write on the IO lane)."""
        self.flush()
        ws, vid, lang = self.ws, self.visit_id, self.lang
        self._job(+1)
        self.save_as_button.setEnabled(False)

        def collected(data: Any) -> None:
            def exported(saved: str) -> None:
                self._exported(saved)
                keep_made(self.runner, ws, data)

            read_prints(self.runner, ws, data)
            self.runner.run_io(lambda: str(ws.reports.write_pdf(ws.reports.render(data), path)), exported,
                               self._export_failed)

        self.runner.run_db(lambda: ws.reports.collect(vid, lang, prints_later=True), collected,
                           self._export_failed)

    def _exported(self, path: str) -> None:
        self._job(-1)
        self.save_as_button.setEnabled(True)
        self.bus.status_message.emit(self.tr("Report saved: %1").replace("%1", path))
        self.exported_path = path
        self.exported_label.setText(self.tr("Report saved: %1").replace("%1", path))
        self.exported_label.setToolTip(path)
        self.exported_row.setVisible(True)
        self.exported.emit(path)

    def _export_failed(self, exc: BaseException) -> None:
        self._job(-1)
        self.save_as_button.setEnabled(True)
        show_error(self, exc)
