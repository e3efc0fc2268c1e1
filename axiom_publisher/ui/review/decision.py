"""The decision bar: a note at the current frame, and Approve / Needs changes / Reject.

It only asks (`decision_requested`, `note_requested`); the tab writes in a worker. For a
user who may not decide the three buttons are disabled and their tooltips say why; the
version's latest decision is shown to everyone.
"""

from __future__ import annotations

import html

from qtpy import QtCore, QtWidgets

from axiom_publisher.core.review import Decision, ReviewNote
from axiom_publisher.publish.review import note_problem
from axiom_publisher.ui.browser.models import shown_time
from axiom_publisher.ui.review.notes import DECISION_COLOURS
from axiom_publisher.ui.review.transport_parts import tip
from axiom_publisher.ui.style import DIM_TEXT

BUTTONS = (
    (Decision.APPROVED, "&Approve", "Approve this version (the note says what works)"),
    (
        Decision.NEEDS_CHANGES,
        "Needs &changes",
        "Send this version back for changes (the note says which)",
    ),
    (Decision.REJECTED, "Re&ject", "Reject this version (the note says why)"),
)
# Every decision needs a note (publish.review.note_problem): without one, a button asks.
NOTE_HINTS = {
    Decision.APPROVED: "say what works",
    Decision.NEEDS_CHANGES: "say what the artist should do",
    Decision.REJECTED: "say why",
}
# The keys the Review tab binds (ui/review/shortcuts.py), shown in the tooltips.
DECISION_KEYS: dict[Decision, str] = {
    Decision.APPROVED: "Ctrl+Shift+A",
    Decision.NEEDS_CHANGES: "Ctrl+Shift+C",
    Decision.REJECTED: "Ctrl+Shift+R",
}
NOTE_KEY = "N"
PLACEHOLDER = f"Note for the artist\u2026  ({NOTE_KEY})"


class DecisionBar(QtWidgets.QFrame):
    """Note text, the frame it is tied to, Add note and the three decisions."""

    decision_requested = QtCore.Signal(object, str, object)  # Decision, text, frame | None
    note_requested = QtCore.Signal(str, object)  # text, frame | None
    note_needed = QtCore.Signal(object)  # a Decision asked for without the note it needs

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "panel")
        self._frame: int | None = None
        self._may_decide = False
        self._why_not = ""
        self._has_version = False
        self._busy = False

        title = QtWidgets.QLabel("Decision")
        title.setProperty("role", "section")
        self.state_label = QtWidgets.QLabel()
        self.state_label.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.state_label.setWordWrap(True)
        self.frame_check = QtWidgets.QCheckBox()
        self.frame_check.setChecked(True)
        self.frame_check.setToolTip("Tie the note to the frame shown in the player")
        self.text = QtWidgets.QPlainTextEdit()
        self.text.setPlaceholderText(PLACEHOLDER)
        self.text.setToolTip(tip("The note (and the decision's text)", NOTE_KEY))
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(64)
        self.note_button = QtWidgets.QPushButton("Add &note")
        self.note_button.setToolTip("Add the note without a decision")
        self.buttons: dict[Decision, QtWidgets.QPushButton] = {}
        row = QtWidgets.QHBoxLayout()
        row.setSpacing(4)
        for decision, label, _text in BUTTONS:
            button = QtWidgets.QPushButton(label)
            button.setProperty("decision", decision.value)
            colour = DECISION_COLOURS[decision]
            button.setStyleSheet(
                f"QPushButton {{ padding: 5px 6px; }}"
                f"QPushButton:enabled {{ border-color: {colour}; color: {colour}; }}"
            )
            button.clicked.connect(lambda _checked=False, d=decision: self._decide(d))
            self.buttons[decision] = button
            row.addWidget(button, 1)

        note_row = QtWidgets.QHBoxLayout()
        note_row.addWidget(self.frame_check, 1)
        note_row.addWidget(self.note_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(title)
        layout.addWidget(self.state_label)
        layout.addWidget(self.text)
        layout.addLayout(note_row)
        layout.addLayout(row)
        self.note_button.clicked.connect(self._add_note)
        self.text.textChanged.connect(self._update)
        self.set_frame(None)
        self.show_decision(None)
        self._update()

    # ---- state from the tab -------------------------------------------------------------------

    def set_permission(self, may_decide: bool, why_not: str = "") -> None:
        self._may_decide = may_decide
        self._why_not = why_not
        self._update()

    def set_version(self, present: bool) -> None:
        self._has_version = present
        self.text.setPlaceholderText(PLACEHOLDER)  # an older request for a note is stale
        self._update()

    def set_busy(self, busy: bool) -> None:
        """While a decision or note is being written nothing else can be sent."""
        self._busy = busy
        self._update()

    def set_frame(self, frame: int | None, timecode: str | None = None) -> None:
        self._frame = frame
        if frame is None:
            self.frame_check.setText("No frame")
            self.frame_check.setEnabled(False)
            return
        self.frame_check.setEnabled(True)
        suffix = f"  \u00b7  {timecode}" if timecode else ""
        self.frame_check.setText(f"At frame {frame}{suffix}")

    def frame(self) -> int | None:
        """The frame a note written now is tied to (None: the whole version)."""
        return self._frame if self.frame_check.isChecked() else None

    def show_decision(self, note: ReviewNote | None) -> None:
        if note is None or note.decision is None:
            self.state_label.setText(
                f"<span style='color:{DIM_TEXT}'>"
                + ("Waiting for a decision" if self._has_version else "No version open")
                + "</span>"
            )
            return
        colour = DECISION_COLOURS[note.decision]
        where = f" at frame {note.frame}" if note.frame is not None else ""
        self.state_label.setText(
            f"<b style='color:{colour}'>{note.decision.label}</b> "
            f"<span style='color:{DIM_TEXT}'>by {html.escape(note.author)}{where}, "
            f"{shown_time(note.created_at)}</span>"
        )

    # ---- user actions -------------------------------------------------------------------------

    def _update(self) -> None:
        ready = self._has_version and not self._busy
        has_text = bool(self.text.toPlainText().strip())
        self.note_button.setEnabled(ready and has_text)
        for decision, _label, text in BUTTONS:
            button = self.buttons[decision]
            button.setEnabled(ready and self._may_decide)
            key = DECISION_KEYS[decision]
            button.setToolTip(tip(text, key) if self._may_decide else self._why_not)
        self.text.setEnabled(self._has_version)

    def _decide(self, decision: Decision) -> None:
        text = self.text.toPlainText().strip()
        if note_problem(decision, text):
            self.text.setPlaceholderText(
                f"{decision.label}: {NOTE_HINTS[decision]}\u2026  ({NOTE_KEY})"
            )
            self.text.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
            self.note_needed.emit(decision)
            return
        self.decision_requested.emit(decision, text, self.frame())

    def _add_note(self) -> None:
        text = self.text.toPlainText().strip()
        if text:
            self.note_requested.emit(text, self.frame())

    def clear_text(self) -> None:
        self.text.clear()
        self.text.setPlaceholderText(PLACEHOLDER)
