"""The visit as guided steps: a header, the step list with what is missing, and one page per step."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPainter, QPixmap, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inspector.model import ConsentStatus, VisitStatus
from inspector.workspace import Workspace
from ui.bus import Bus
from ui.tasks import TaskRunner
from ui.visit.access import AccessPage
from ui.visit.checklist import ChecklistPage
from ui.visit.context import VisitContext, VisitState
from ui.visit.finalize import FinalizePage
from ui.visit.forms import heading, nav
from ui.visit.outcome import OutcomePage
from ui.visit.page import StepPage, step_titles
from ui.visit.photos import PhotosPage
from ui.visit.preparation import PreparationPage
from ui.visit.statement import StatementPage

NOT_AFTER_REFUSAL = ("checklist", "photos", "statement")


_DOTS: dict[str, QIcon] = {}


def _dot(color: str) -> QIcon:
    """A small filled circle (cached: the step list is marked on every refresh)."""
    if color in _DOTS:
        return _DOTS[color]
    pixmap = QPixmap(QSize(12, 12))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    _DOTS[color] = QIcon(pixmap)
    return _DOTS[color]


class ReportPage(QWidget):
    """Wraps the report panel as the 'Rapport' step (loaded when first shown)."""

    step = "report"

    def __init__(self, ctx: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_report")
        self.ctx = ctx
        self.title = step_titles()[self.step]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(heading(self.title))
        from ui.report_panel import ReportPanel  # QtPdf is loaded with the first visit, not at start-up

        self.panel = ReportPanel(ctx.ws, ctx.runner, ctx.bus, self)
        layout.addWidget(self.panel, 1)
        self._loaded = False

    def activate(self) -> None:
        if not self._loaded:
            self._loaded = True
            self.panel.set_visit(self.ctx.visit_id)

    def flush(self) -> None:
        if hasattr(self.panel, "flush"):
            self.panel.flush()

    def set_read_only(self, read_only: bool) -> None:
        if hasattr(self.panel, "set_read_only"):
            self.panel.set_read_only(read_only)


class VisitView(QWidget):
    """One visit from planned to finalized. Emits ``closed`` when the user closes it."""

    closed = Signal()

    def __init__(self, workspace: Workspace, runner: TaskRunner, bus: Bus, visit_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visit_view")
        self.ctx = VisitContext(workspace, runner, bus, visit_id)
        self.visit_id = visit_id
        self._restored = False
        self._requested_step = ""
        self._locked = False
        self._refused = False
        self.pages: dict[str, QWidget] = {}  # the step pages built so far (see ``page``)
        self.titles = step_titles()
        self._holders: dict[str, QVBoxLayout] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._build_header())
        self.save_problem = QLabel()  # why the last save failed: on screen, not only in a tooltip
        self.save_problem.setObjectName("save_problem")
        self.save_problem.setWordWrap(True)
        self.save_problem.setStyleSheet("QLabel#save_problem { background: #fde7e9; color: #a4000f; "
                                        "border-bottom: 1px solid #d13438; padding: 4px 16px; }")
        self.save_problem.hide()
        outer.addWidget(self.save_problem)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        self.step_list = QListWidget()
        self.step_list.setObjectName("visit_steps")
        self.step_list.setAccessibleName(self.tr("Steps of the visit"))
        self.step_list.setFixedWidth(260)
        self.step_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.step_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.step_list.setIconSize(QSize(12, 12))
        self.step_list.setStyleSheet("QListWidget { font-size: 10.5pt; } QListWidget::item { padding: 7px; }")
        self.stack = QStackedWidget()
        body.addWidget(self.step_list)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self._build_steps()
        self._build_shortcuts()
        self.setTabOrder(self.step_list, self.stack)
        self.step_list.currentRowChanged.connect(self._row_changed)
        self.ctx.state_changed.connect(self._apply)
        self.ctx.save_status.connect(self._save_status)
        self.ctx.navigate_requested.connect(self._navigate)
        self.ctx.load_failed.connect(self._load_failed)
        self.destroyed.connect(self.ctx.close)
        self.step_list.setCurrentRow(0)
        self.ctx.reload()

    # --- building -------------------------------------------------------------------------
    def _build_header(self) -> QWidget:
        header = QFrame()
        header.setObjectName("visit_header")
        header.setStyleSheet("QFrame#visit_header { background: #1f3b5c; } "
                             "QFrame#visit_header QLabel { color: white; }")
        row = QHBoxLayout(header)
        row.setContentsMargins(16, 8, 16, 8)
        text = QVBoxLayout()
        self.title_label = QLabel()
        self.title_label.setObjectName("visit_title")
        self.title_label.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.detail_label = QLabel()
        self.detail_label.setObjectName("visit_details")
        text.addWidget(self.title_label)
        text.addWidget(self.detail_label)
        row.addLayout(text, 1)
        self.status_label = QLabel()
        self.status_label.setObjectName("visit_status")
        self.status_label.setStyleSheet("background: #e8eef5; color: #1f3b5c; border-radius: 9px; "
                                        "padding: 3px 10px; font-weight: 600;")
        row.addWidget(self.status_label, 0, Qt.AlignmentFlag.AlignVCenter)
        self.save_label = QLabel()
        self.save_label.setObjectName("save_indicator")
        self.save_label.setMinimumWidth(130)
        self.save_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.save_label.setText(self.tr("Saved automatically"))
        self.save_label.setWordWrap(True)
        self.save_label.setMaximumWidth(220)
        row.addWidget(self.save_label)
        self.close_button = QPushButton(self.tr("Close visit"))
        self.close_button.setObjectName("visit_close")
        self.close_button.clicked.connect(self.close_visit)
        row.addWidget(nav(self.close_button))
        return header

    def _build_steps(self) -> None:
        """The step list and an empty holder per step; a page is built when it is first shown, the
        others afterwards a few at a time (building all eight at once froze the window)."""
        for n, (step, title) in enumerate(self.titles.items()):
            holder = QWidget()
            holder.setObjectName(f"holder_{step}")
            layout = QVBoxLayout(holder)
            layout.setContentsMargins(0, 0, 0, 0)
            self._holders[step] = layout
            self.stack.addWidget(holder)
            item = QListWidgetItem(f"{n + 1}. {title}")
            item.setData(Qt.ItemDataRole.UserRole, step)
            item.setIcon(_dot("#00000000"))
            self.step_list.addItem(item)

    def page(self, step: str) -> QWidget:
        """The page of ``step``, built now if it was not yet."""
        page = self.pages.get(step)
        if page is None:
            page = self._make_page(step)
        if isinstance(page, StepPage) and (page.later or page.shown_state is not self.ctx.state):
            self._show_state(page)  # built whole and shown now
        return page

    def _make_page(self, step: str) -> QWidget:
        ctx = self.ctx
        makers = {"preparation": PreparationPage, "access": AccessPage, "checklist": ChecklistPage,
                  "photos": PhotosPage, "statement": StatementPage, "outcome": OutcomePage,
                  "report": ReportPage, "finalize": FinalizePage}
        page: QWidget = makers[step](ctx)
        self.pages[step] = page
        if isinstance(page, FinalizePage):
            page.report_requested.connect(lambda: self.go_to_step("report"))
            page.before_finalize = self.flush
        if isinstance(page, ChecklistPage):
            page.photos_requested.connect(lambda item_id: self.page("photos").choose_files(item_id))  # type: ignore[attr-defined]
        steps = self.steps
        if step != steps[-1]:
            self._add_next_button(page, self.titles[steps[steps.index(step) + 1]])
        self._holders[step].addWidget(page)
        if self._locked and hasattr(page, "set_read_only"):
            page.set_read_only(True)
        return page

    def _show_state(self, page: QWidget) -> None:
        """Give a page built after the state arrived that state (once; the page is completed first)."""
        if not isinstance(page, StepPage):
            return
        state = self.ctx.state
        if state is not None:
            page._on_state(state)
        else:
            page.finish_building()

    def _build_rest_later(self) -> None:
        """Build the pages not shown yet in idle turns: the page, each of its sections, then its first
        state, one job each (a job that returns True is run again in the next turn)."""
        self.ctx.slices.run([lambda s=step: self._build_part(s) for step in self.steps
                             if step not in self.pages])

    def _build_part(self, step: str) -> bool:
        page = self.pages.get(step)
        if page is None:
            self._make_page(step)
            return True
        if isinstance(page, StepPage) and page.build_next():
            return True
        if not isinstance(page, StepPage) or page.shown_state is not self.ctx.state:
            self._show_state(page)
        return False

    @property
    def checklist_page(self) -> ChecklistPage:
        return self.page("checklist")  # type: ignore[return-value]

    @property
    def photos_page(self) -> PhotosPage:
        return self.page("photos")  # type: ignore[return-value]

    @property
    def finalize_page(self) -> FinalizePage:
        return self.page("finalize")  # type: ignore[return-value]

    def _add_next_button(self, page: QWidget, title: str) -> None:
        """'Next step' at the bottom of a step, below its scrolling body (after a refusal at the door it
        skips the inside steps)."""
        button = QPushButton(self.tr("Next step: %1").replace("%1", title) + "  →")
        button.setObjectName(f"next_{page.step}")  # type: ignore[attr-defined]
        button.setMinimumHeight(40)
        button.clicked.connect(lambda: self.move(1))
        row = QHBoxLayout()
        row.setContentsMargins(0, 4, 12, 0)
        row.addStretch(1)
        row.addWidget(nav(button))
        page.layout().addLayout(row)  # type: ignore[union-attr]  # below the scrolling body: always in view
        page.next_button = button  # type: ignore[attr-defined]

    def _build_shortcuts(self) -> None:
        for keys, delta in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda d=delta: self.move(d))
        for n in range(len(self.titles)):
            shortcut = QShortcut(QKeySequence(f"Alt+{n + 1}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda row=n: self.step_list.setCurrentRow(row))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        # The step list keeps a sensible share of a narrow window (1024 px, or 150 % scaling).
        self.step_list.setFixedWidth(max(150, min(260, self.width() // 5)))

    # --- steps ----------------------------------------------------------------------------
    @property
    def steps(self) -> list[str]:
        return list(self.titles)

    def current_step(self) -> str:
        """The code of the step shown now (preparation, access, checklist, … finalize)."""
        row = self.stack.currentIndex()
        return self.steps[row] if 0 <= row < len(self.steps) else ""

    def go_to_step(self, step: str) -> None:
        """Show ``step``; unknown codes are ignored. Asked before the visit has loaded, it wins over
        the step remembered from last time."""
        if step in self.titles:
            if not self._restored:
                self._requested_step = step
            self.step_list.setCurrentRow(self.steps.index(step))

    def move(self, delta: int) -> None:
        """Next or previous step; after a refusal at the door the inside steps are skipped."""
        row = self.step_list.currentRow() + delta
        while 0 <= row < len(self.steps) and self._refused and self.steps[row] in NOT_AFTER_REFUSAL:
            row += delta
        if 0 <= row < len(self.steps):
            self.step_list.setCurrentRow(row)

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        if not self._restored:
            return  # the page is built when the state is there (the step may still change)
        self._activate(self.steps[row])
        if self._restored:
            ws, vid, step = self.ctx.ws, self.visit_id, self.steps[row]
            self.ctx.runner.run_db(lambda: (ws.settings.set("ui_last_visit", vid),
                                            ws.settings.set("ui_last_step", step)))

    def _activate(self, step: str) -> None:
        page = self.page(step)
        if hasattr(page, "activate"):
            page.activate()

    def _navigate(self, step: str, item_id: str, room: str) -> None:
        self.go_to_step(step)
        if step == "checklist" and item_id:
            self.checklist_page.focus_item(item_id, room)

    # --- state ----------------------------------------------------------------------------
    def _apply(self, state: VisitState) -> None:
        visit = state.visit
        client = state.client or self.tr("(no client)")
        self.title_label.setText(f"{state.case_number} · {client}")
        self.detail_label.setText(f"{state.address} · {state.template.id} "
                                  f"{self.ctx.text(state.template.title)}")
        self.status_label.setText(self._status_text(visit.status))
        self._refused = visit.consent.status == ConsentStatus.REFUSED.value
        self._mark_steps(state)
        if not self._restored:
            self._restored = True
            step = self._requested_step or (state.last_step if state.last_step in self.titles
                                            else self._default_step(visit.status))
            self.go_to_step(step)
            self._activate(self.current_step())  # built and shown also when the row stayed the same
            self._build_rest_later()
            ws, vid, current = self.ctx.ws, self.visit_id, self.current_step()
            self.ctx.runner.run_db(lambda: (ws.settings.set("ui_last_visit", vid),
                                            ws.settings.set("ui_last_step", current)))
        if state.locked and not self._locked:
            self._locked = True
            self.save_label.setText(self.tr("Locked"))
            self.save_label.setToolTip(self.tr("A finalized visit cannot be changed; corrections go in an "
                                               "addendum."))
            for page in self.pages.values():
                if hasattr(page, "set_read_only"):
                    page.set_read_only(True)

    @staticmethod
    def _default_step(status: str) -> str:
        if status == VisitStatus.PLANNED.value:
            return "preparation"
        if status == VisitStatus.IN_PROGRESS.value:
            return "access"
        return "finalize"

    def _status_text(self, status: str) -> str:
        names = {"planned": self.tr("Planned"), "in_progress": self.tr("In progress"),
                 "finalized": self.tr("Finalized"), "synced": self.tr("Finalized and synced")}
        return names.get(status, status)

    def _mark_steps(self, state: VisitState) -> None:
        missing_dot, done_dot, idle_dot = _dot("#d13438"), _dot("#2f8a3b"), _dot("#b8c0ca")
        planned = state.visit.status == VisitStatus.PLANNED.value
        for row, step in enumerate(self.steps):
            item = self.step_list.item(row)
            count = len(state.missing) if step == "finalize" else len(state.missing_for(step))
            title = f"{row + 1}. {self.titles[step]}"
            if state.locked:
                item.setIcon(done_dot)
                item.setText(title)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, title)
            elif self._refused and step in NOT_AFTER_REFUSAL:
                item.setIcon(idle_dot)
                item.setText(title + " " + self.tr("(n/a)"))
                item.setData(Qt.ItemDataRole.AccessibleTextRole,
                             self.tr("{step}: not applicable, access refused").format(step=title))
            elif planned and step not in ("preparation", "access", "finalize"):
                item.setIcon(idle_dot)
                item.setText(title)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, title)
            elif count:
                item.setIcon(missing_dot)
                item.setText(f"{title} ({count})")
                item.setData(Qt.ItemDataRole.AccessibleTextRole,
                             self.tr("{step}: missing {n}").format(step=title, n=count))
            else:
                item.setIcon(done_dot if step != "report" else idle_dot)
                item.setText(title)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, title)
            item.setData(Qt.ItemDataRole.UserRole + 1, count)

    def missing_count(self, step: str) -> int:
        """How many missing things the step list marks for ``step``."""
        row = self.steps.index(step)
        return int(self.step_list.item(row).data(Qt.ItemDataRole.UserRole + 1) or 0)

    def _save_status(self, status: str, message: str) -> None:
        if self._locked and status != "failed":
            return
        if status == "saving":
            self.save_label.setText(self.tr("Saving…"))
            self.save_label.setToolTip("")
        elif status == "saved":
            self.save_label.setText(self.tr("Saved"))
            self.save_label.setToolTip("")
        else:
            self.save_label.setText(self.tr("Not saved"))
            self.save_label.setToolTip(message)
            self.save_problem.setText(self.tr("Not saved: %1").replace("%1", message or self.tr(
                "the last change could not be stored. It stays on screen; try again.")))
            self.save_problem.show()
            return
        self.save_problem.hide()

    def _load_failed(self, message: str) -> None:
        self.save_label.setText(self.tr("Cannot load"))
        self.save_label.setToolTip(message)

    # --- closing --------------------------------------------------------------------------
    def flush(self) -> None:
        """Save every edit that waits for a pause in typing (writes keep their order)."""
        for page in self.pages.values():
            if hasattr(page, "flush"):
                page.flush()

    def close_visit(self) -> None:
        """Save what is pending and tell the owner the visit is closed."""
        self.flush()
        self.closed.emit()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt override
        self.flush()
        super().closeEvent(event)

    def is_loaded(self) -> bool:
        """Every page is built and shows the state (the checklist builds its editors a few at a time)."""
        checklist = self.pages.get("checklist")
        return (self.ctx.state is not None and len(self.pages) == len(self.titles)
                and not self.ctx.slices.busy
                and isinstance(checklist, ChecklistPage) and not checklist.building)


__all__ = ["VisitView", "StepPage"]
