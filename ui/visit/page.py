"""The base of every visit step page: a heading, what is still missing, a scrolling body."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.visit.context import VisitContext, VisitState
from ui.visit.forms import AutoSave, MissingBanner, heading, scroll_page, set_read_only


def step_titles() -> dict[str, str]:
    """Every step's title in the UI language, in the order of the visit (the step list shows them
    before the pages are built)."""
    return {
        "preparation": QCoreApplication.translate("visit", "Preparation"),
        "access": QCoreApplication.translate("visit", "Access and consent"),
        "checklist": QCoreApplication.translate("visit", "Checklist"),
        "photos": QCoreApplication.translate("visit", "Photos"),
        "statement": QCoreApplication.translate("visit", "Statement"),
        "outcome": QCoreApplication.translate("visit", "Outcome"),
        "report": QCoreApplication.translate("visit", "Report"),
        "finalize": QCoreApplication.translate("visit", "Finalize"),
    }


class StepPage(QWidget):
    """One step of the visit. Subclasses fill ``self.body`` and implement ``apply_state``."""

    step = ""

    def __init__(self, ctx: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(f"page_{self.step}")
        self.title = step_titles()[self.step]
        self.shown_state: VisitState | None = None  # the state last shown (a page built late gets it once)
        self.saves: list[AutoSave] = []
        self.read_only = False
        # Sections of the body not built yet: the view builds them one per idle turn, or all at once
        # when the page is needed (a long page built in one go froze the window).
        self.later: list[Callable[[], object]] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 8)
        self.heading = heading(self.title)
        outer.addWidget(self.heading)
        self.banner = MissingBanner(ctx, self.step)
        outer.addWidget(self.banner)
        self.content = QWidget()
        self.content.setObjectName(f"content_{self.step}")
        self.body = QVBoxLayout(self.content)
        self.body.setContentsMargins(0, 4, 12, 12)
        self.body.setSpacing(10)
        self.scroll = scroll_page(self.content)
        outer.addWidget(self.scroll, 1)
        ctx.state_changed.connect(self._on_state)

    def autosave(self, build, message=None, delay_ms: int | None = None) -> AutoSave:  # type: ignore[no-untyped-def]
        """A new save target owned by this page (flushed when the view closes)."""
        save = AutoSave(self.ctx, build, message, parent=self) if delay_ms is None else \
            AutoSave(self.ctx, build, message, delay_ms, parent=self)
        self.saves.append(save)
        return save

    def build_next(self) -> bool:
        """Build one more section of the page; False once it is complete."""
        if not self.later:
            return False
        self.later.pop(0)()
        if not self.later and self.read_only:
            set_read_only(self.content, True)  # what was built after the page turned read-only
        return True

    def finish_building(self) -> None:
        while self.build_next():
            pass

    def _on_state(self, state: VisitState) -> None:
        self.finish_building()
        if state is self.shown_state:
            return
        self.shown_state = state
        self.banner.apply(state)
        self.apply_state(state)
        if state.locked and not self.read_only:
            self.set_read_only(True)

    def apply_state(self, state: VisitState) -> None:
        """Show ``state`` without overwriting a field the user is editing."""

    def flush(self) -> None:
        for save in self.saves:
            save.flush()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        set_read_only(self.content, read_only)
