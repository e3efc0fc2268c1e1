"""The QC page beside the player: why the open version's QC passed, warned or failed.

The checks are shown by the publish widget's ChecksModel (failures first); a click on a
check that names frames asks the player for its first frame.
"""

from __future__ import annotations

import html
from typing import Any

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.core.qc import QCCheck, QCStatus
from axiom_publisher.core.types import VersionRecord
from axiom_publisher.ui.publish.checks_panel import (
    FRAMES_COLUMN,
    ID_COLUMN,
    MESSAGE_COLUMN,
    STATUS_COLUMN,
    ChecksModel,
)
from axiom_publisher.ui.publish.items_model import Index
from axiom_publisher.ui.style import DIM_TEXT, QC_COLOURS


def verdict_html(record: VersionRecord) -> str:
    """One line: the verdict in its colour and how many checks warned or failed."""
    report = record.qc
    if report is None:
        return f"<span style='color:{DIM_TEXT}'>No QC report for {record.label}</span>"
    verdict = report.verdict
    counts = []
    for status, word in ((QCStatus.FAIL, "failed"), (QCStatus.WARN, "warned")):
        count = sum(1 for check in report.checks if check.status is status)
        if count:
            counts.append(f"{count} {word}")
    total = len(report.checks)
    summary = ", ".join(counts) + f" of {total}" if counts else f"all {total} passed"
    text = (
        f"<b style='color:{QC_COLOURS[verdict]}'>QC {verdict.value.upper()}</b>"
        f" <span style='color:{DIM_TEXT}'>\u00b7 {summary} check{'s' if total != 1 else ''}"
        "</span>"
    )
    if record.qc_override_reason:
        reason = html.escape(record.qc_override_reason)
        text += f"<br><span style='color:{DIM_TEXT}'>Override:</span> {reason}"
    return text


class ReviewChecksModel(ChecksModel):
    """The publish widget's checks model; a row's tooltip names the check and its frames."""

    def data(self, index: Index, role: int = QtCore.Qt.ItemDataRole.DisplayRole) -> Any:
        if role == QtCore.Qt.ItemDataRole.ToolTipRole and index.isValid():
            checks = self.checks
            if 0 <= index.row() < len(checks):
                check = checks[index.row()]
                where = f"\nClick to see frame {min(check.frames)}" if check.frames else ""
                return f"{check.id}: {check.message}{where}"
        return super().data(index, role)


class QCPage(QtWidgets.QWidget):
    """The verdict, then each check (status, id, frames, message); a click goes to a frame."""

    frame_requested = QtCore.Signal(int)  # the shot frame of the check clicked

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.verdict = QtWidgets.QLabel()
        self.verdict.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.verdict.setWordWrap(True)
        self.model = ReviewChecksModel(self)
        self.table = QtWidgets.QTableView()
        self.table.setObjectName("reviewChecks")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setShowGrid(False)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        for column in (STATUS_COLUMN, FRAMES_COLUMN):
            header.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(MESSAGE_COLUMN, QtWidgets.QHeaderView.ResizeMode.Stretch)
        # The column is narrow: the message says what the check is (its id is in the tooltip).
        self.table.setColumnHidden(ID_COLUMN, True)
        # Rows as tall as their wrapped message, once the columns have their final widths.
        self._fit_rows = QtCore.QTimer(self)
        self._fit_rows.setSingleShot(True)
        self._fit_rows.setInterval(0)
        self._fit_rows.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_: self._fit_rows.start())
        self.hint = QtWidgets.QLabel("Click a check with frames to see its first frame")
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)

        self.empty = QtWidgets.QLabel("No version open")
        self.empty.setProperty("role", "hint")
        self.empty.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.verdict)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.empty, 1)  # no version open, or no checks: said in the middle
        self.table.clicked.connect(self._on_clicked)
        self.show_version(None)

    def show_version(self, record: VersionRecord | None) -> None:
        self.verdict.setVisible(record is not None)
        if record is not None:
            self.verdict.setText(verdict_html(record))
        checks = record.qc.checks if record is not None and record.qc is not None else ()
        self.model.set_checks(checks)
        self.table.setVisible(bool(checks))
        self.empty.setVisible(not checks)
        self.empty.setText("No version open" if record is None else "No QC checks to show")
        with_frames = any(check.frames for check in checks)
        self.table.setColumnHidden(FRAMES_COLUMN, not with_frames)
        self.hint.setVisible(with_frames)
        self._fit_rows.start()

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit_rows.start()

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._fit_rows.start()

    def check(self, row: int) -> QCCheck | None:
        checks = self.model.checks
        return checks[row] if 0 <= row < len(checks) else None

    def _on_clicked(self, index: QtCore.QModelIndex) -> None:
        check = self.check(index.row())
        if check is not None and check.frames:
            self.frame_requested.emit(min(check.frames))
