"""Verklaring: the client's statement, read back, signed on the pad or the reason it was not signed."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ui.visit.context import VisitContext, VisitState
from ui.visit.forms import InlineMessage, WriteFn, line_edit, set_checked, set_text, small, text_edit
from ui.visit.page import StepPage
from ui.widgets.signature_pad import SignaturePad

PAD_DELAY_MS = 700  # a signature is saved this long after the last stroke


class StatementPage(StepPage):
    """One record_statement call carries the whole statement; the signature only when it changed."""

    step = "statement"

    def __init__(self, ctx: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent=parent)
        self._pad_changed = False
        self._shown_sha = ""
        self.message = InlineMessage()
        self.save = self.autosave(self._build_save, self.message)
        self.pad_save = self.autosave(self._build_save, self.message, PAD_DELAY_MS)
        self._build_text()
        self._build_signature()
        self.body.addWidget(self.message)
        self.body.addStretch(1)

    def _build_text(self) -> None:
        box = QGroupBox(self.tr("The client's statement"))
        layout = QVBoxLayout(box)
        layout.addWidget(small(self.tr("Write down the client's own words. Read the statement back before "
                                       "it is signed.")))
        self.text = text_edit("statement_text", self.tr("Statement text"), 150)
        self.text.setMaximumHeight(260)
        self.save.watch_text(self.text)
        layout.addWidget(self.text)
        self.read_back = QCheckBox(self.tr("The statement was read back to the client"))
        self.read_back.setObjectName("statement_read_back")
        self.read_back.setAccessibleName(self.read_back.text())
        self.save.watch_now(self.read_back.toggled)
        layout.addWidget(self.read_back)
        self.body.addWidget(box)

    def _build_signature(self) -> None:
        box = QGroupBox(self.tr("Signature"))
        layout = QVBoxLayout(box)
        radios = QHBoxLayout()
        self.signed_group = QButtonGroup(self)
        self.signed = QRadioButton(self.tr("Signed by the client"))
        self.signed.setObjectName("statement_signed")
        self.not_signed = QRadioButton(self.tr("Not signed"))
        self.not_signed.setObjectName("statement_not_signed")
        for button in (self.signed, self.not_signed):
            button.setAccessibleName(button.text())
            self.signed_group.addButton(button)
            radios.addWidget(button)
        radios.addStretch(1)
        self.save.watch_now(self.signed_group.buttonClicked)
        layout.addLayout(radios)
        self.pad = SignaturePad()
        self.pad.changed.connect(self._pad_stroked)
        layout.addWidget(self.pad)
        self.reason = line_edit("statement_not_signed_reason", self.tr("Why the statement was not signed"),
                                self.tr("why the client did not sign"))
        self.save.watch_text(self.reason)
        layout.addWidget(self.reason)
        self.copy_given = QCheckBox(self.tr("The client received a copy"))
        self.copy_given.setObjectName("statement_copy_given")
        self.copy_given.setAccessibleName(self.copy_given.text())
        self.save.watch_now(self.copy_given.toggled)
        layout.addWidget(self.copy_given)
        self.body.addWidget(box)

    def _pad_stroked(self) -> None:
        self._pad_changed = True
        set_checked(self.signed, not self.pad.is_empty())
        if self.pad.is_empty() and not self.not_signed.isChecked():
            self.signed_group.setExclusive(False)
            set_checked(self.signed, False)
            self.signed_group.setExclusive(True)
        self.pad_save.schedule()

    def _build_save(self) -> WriteFn | None:
        text, read_back = self.text.toPlainText(), self.read_back.isChecked()
        signed = self.signed.isChecked() and not self.pad.is_empty()
        png = self.pad.to_png() if signed and self._pad_changed else None
        self._pad_changed = False if png is not None or not signed else self._pad_changed
        reason, copy_given, vid = self.reason.text(), self.copy_given.isChecked(), self.ctx.visit_id
        return lambda ws: ws.visits.record_statement(vid, text, read_back=read_back, signed=signed,
                                              signature_png=png, not_signed_reason=reason,
                                              copy_given=copy_given)

    def flush(self) -> None:
        self.pad_save.flush()
        self.save.flush()

    def apply_state(self, state: VisitState) -> None:
        st = state.visit.statement
        if self.save.busy or self.pad_save.busy:
            return
        if not self.text.hasFocus():
            set_text(self.text, st.text)
        if not self.reason.hasFocus():
            set_text(self.reason, st.not_signed_reason)
        set_checked(self.read_back, st.read_back)
        set_checked(self.copy_given, st.copy_given)
        if st.signed:
            set_checked(self.signed, True)
        elif st.not_signed_reason:
            set_checked(self.not_signed, True)
        if st.signature_sha256 != self._shown_sha and not self._pad_changed:
            self._shown_sha = st.signature_sha256
            self.pad.set_png(state.signature_png if st.signed else None)
