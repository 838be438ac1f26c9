"""What holds of a finalized visit, in plain words: one line per check, each with a clear mark.

The core checks (``ws.evidence.verify``, on the DB lane with the visit's state); this panel only says
what the outcome means for the inspector: the fingerprint, whose device signed, the server's receipt,
and the photos. A check that does not hold is said in red, with what to do about it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from inspector.evidence import ABSENT, FAILED, OK, Check
from ui.errors import ui_lang
from ui.visit.context import EvidenceState
from ui.visit.forms import fmt_moment

CHECKS = ("fingerprint", "signature", "receipt", "photos")
# mark, colour: holds · does not hold · still to come · not there or not to be checked here
MARKS = {"ok": ("✓", "#2f6f3a"), "failed": ("✗", "#a4000f"), "pending": ("○", "#8a5a00"),
         "info": ("–", "#555555")}


class EvidencePanel(QWidget):
    """The checks of a finalized visit. ``line(name)`` is the label of one check (tests, screen readers)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidence_panel")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        self._marks: dict[str, QLabel] = {}
        self._lines: dict[str, QLabel] = {}
        for row, name in enumerate(CHECKS):
            mark = QLabel()
            mark.setObjectName(f"evidence_{name}_mark")
            mark.setFixedWidth(18)
            mark.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            line = QLabel()
            line.setObjectName(f"evidence_{name}")
            line.setWordWrap(True)
            line.setTextFormat(Qt.TextFormat.PlainText)
            line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(mark, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(line, row, 1)
            self._marks[name], self._lines[name] = mark, line

    def line(self, name: str) -> QLabel:
        return self._lines[name]

    def apply(self, state: EvidenceState) -> None:
        verdict = state.verdict
        for name in CHECKS:
            check = next((c for c in verdict.checks if c.name == name), None)
            shown = self._describe(name, check, state)
            mark, line = self._marks[name], self._lines[name]
            mark.setVisible(shown is not None)
            line.setVisible(shown is not None)
            if shown is None:
                line.setText("")
                line.setProperty("state", "")
                continue
            kind, text = shown
            symbol, color = MARKS[kind]
            mark.setText(symbol)
            mark.setStyleSheet(f"color: {color}; font-weight: 700; font-size: 11pt;")
            line.setText(text)
            line.setStyleSheet(f"color: {color};" if kind == "failed" else "")
            line.setProperty("state", check.state if check is not None else "")
            line.setAccessibleName(f"{self._state_word(kind)}: {text}")

    # --- the words ------------------------------------------------------------------------------
    def _describe(self, name: str, check: Check | None, state: EvidenceState) -> tuple[str, str] | None:
        """(mark kind, text) for one check; None when there is nothing to say (e.g. no photos)."""
        if check is None:
            return None
        detail = check.message(ui_lang())
        contact = self.tr("contact the application manager before you use this report.")
        if name == "fingerprint":
            if check.state == OK:
                return "ok", self.tr("Fingerprint matches: the recorded content is unchanged since "
                                     "finalizing.")
            if check.state == FAILED:
                return "failed", self.tr("Warning: the recorded content does not match its fingerprint. "
                                         "It was changed or damaged after finalizing; {contact}\n{detail}"
                                         ).format(contact=contact, detail=detail)
            return "info", detail
        if name == "signature":
            verdict = state.verdict
            if check.state == OK:
                if state.own_key:
                    return "ok", self.tr("Signed by this device '{name}' (key {key}).").format(
                        name=verdict.signing_device, key=verdict.signing_key_id)
                return "ok", self.tr("Signed by another device: '{name}' (key {key}).").format(
                    name=verdict.signing_device, key=verdict.signing_key_id)
            if check.state == FAILED:
                return "failed", self.tr("Warning: the device's signature does not match the recorded "
                                         "content; {contact}\n{detail}").format(contact=contact,
                                                                                detail=detail)
            return "info", self.tr("No signature of the device: finalized before signing existed.")
        if name == "receipt":
            if check.state == OK:
                return "ok", self.tr("Receipt from the server of {when}.").format(
                    when=fmt_moment(state.receipt_at))
            if check.state == ABSENT:
                return "pending", self.tr("No receipt yet: it comes with the next sync.")
            if check.state == FAILED:
                return "failed", self.tr("Warning: the server's receipt does not match this visit; "
                                         "{contact}\n{detail}").format(contact=contact, detail=detail)
            return "info", detail  # present, but only the server can check it
        if check.state == OK:  # photos
            if not state.blob_count:
                return None
            return "ok", self.tr("Photos and signature image unchanged ({n}).").format(n=state.blob_count)
        if check.state == FAILED:
            return "failed", self.tr("Warning: photos or the signature image were damaged after "
                                     "finalizing; {contact}\n{detail}").format(contact=contact, detail=detail)
        return "info", detail  # some photos are not on this laptop

    def _state_word(self, kind: str) -> str:
        return {"ok": self.tr("holds"), "failed": self.tr("does not hold"), "pending": self.tr("pending"),
                "info": self.tr("note")}[kind]
