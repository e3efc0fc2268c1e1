"""The Override QC question: why publish an item whose QC failed (the reason is recorded).

A window-modal dialog opened without a nested event loop; OK with no reason keeps it open
and says why, instead of closing as if nothing had been asked.
"""

from __future__ import annotations

from qtpy import QtCore, QtWidgets

from axiom_publisher.core.qc import QCStatus
from axiom_publisher.ui.style import QC_COLOURS

NO_REASON = "Type why it may be published although QC failed: the reason is recorded."


class OverrideDialog(QtWidgets.QDialog):
    """Asks for the reason to publish `name` despite QC; `reason_given(str)` on OK."""

    reason_given = QtCore.Signal(str)

    def __init__(self, name: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("axiomOverrideQC")
        self.setWindowTitle("Override QC")
        # One line each, never wrapped: a wrapped label in a dialog can lose its last line.
        question = QtWidgets.QLabel(f"Why publish {name} although QC failed?")
        recorded = QtWidgets.QLabel("The reason is recorded on the version.")
        recorded.setProperty("role", "subtitle")
        self.reason = QtWidgets.QLineEdit()
        self.reason.setPlaceholderText("e.g. the client approved this framing")
        self.reason.setMinimumWidth(460)  # the dialog's own minimum is its layout's: no cut text
        self.problem = QtWidgets.QLabel()
        self.problem.setObjectName("overrideProblem")
        self.problem.setStyleSheet(f"color: {QC_COLOURS[QCStatus.FAIL]};")
        self.problem.hide()
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.ok_button
        ok.setText("Override")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(lambda _text: self.problem.hide())
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(recorded)
        layout.addWidget(self.reason)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    @property
    def ok_button(self) -> QtWidgets.QPushButton:
        button = self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def accept(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.problem.setText(NO_REASON)
            self.problem.show()
            self.reason.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
            return
        super().accept()
        self.reason_given.emit(reason)
