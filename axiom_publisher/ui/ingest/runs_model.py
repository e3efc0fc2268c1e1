"""The Ingest tab's history table: the runs of a project, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qtpy import QtCore, QtGui

from axiom_publisher.core.ingest import IngestRun, Outcome
from axiom_publisher.ui.browser.models import shown_time
from axiom_publisher.ui.ingest.models import ALIGN_CENTRE, OUTCOME_COLOURS, Role
from axiom_publisher.ui.style import DIM_TEXT
from axiom_publisher.ui.table_model import AnyIndex, HeaderedTableModel


def counts_text(run: IngestRun) -> str:
    """`7 published, 1 failed, 1 duplicate, 2 skipped` (and what a dry run planned)."""
    text = f"{run.published} published, {run.failed} failed, {run.duplicate} duplicate, "
    text += f"{run.skipped} skipped"
    if run.refused:
        text += f", {run.refused} refused"
    return f"{run.planned} planned, {text}" if run.dry_run else text


class RunsModel(HeaderedTableModel):
    """The ingest runs of a project, newest first."""

    HEADERS = ("Started", "User", "Source folder", "Published", "Failed", "Duplicate",
               "Skipped", "Mode")  # fmt: skip
    STARTED, USER, SOURCE, PUBLISHED, FAILED, DUPLICATE, SKIPPED, MODE = range(8)

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._runs: list[IngestRun] = []

    def set_runs(self, runs: Sequence[IngestRun]) -> None:
        self.beginResetModel()
        self._runs = list(runs)
        self.endResetModel()

    @property
    def runs(self) -> list[IngestRun]:
        return list(self._runs)

    def run(self, row: int) -> IngestRun | None:
        return self._runs[row] if 0 <= row < len(self._runs) else None

    def row_of(self, run_id: int) -> int:
        for row, run in enumerate(self._runs):
            if run.id == run_id:
                return row
        return -1

    def row_count(self) -> int:
        return len(self._runs)

    def data(self, index: AnyIndex, role: int = Role.DisplayRole) -> Any:
        run = self.run(index.row()) if index.isValid() else None
        if run is None:
            return None
        column = index.column()
        counts = {
            self.PUBLISHED: (run.published, Outcome.PUBLISHED),
            self.FAILED: (run.failed, Outcome.FAILED),
            self.DUPLICATE: (run.duplicate, Outcome.DUPLICATE),
            self.SKIPPED: (run.skipped, Outcome.SKIPPED),
        }
        if role == Role.DisplayRole:
            if column in counts:
                return str(counts[column][0])
            return {
                self.STARTED: shown_time(run.started_at),
                self.USER: run.user,
                self.SOURCE: str(run.source_dir),
                self.MODE: "dry run" if run.dry_run else "ingest",
            }.get(column)
        if role == Role.ForegroundRole:
            if column in counts and counts[column][0]:
                return QtGui.QColor(OUTCOME_COLOURS[counts[column][1]])
            if column in counts or (column == self.MODE and run.dry_run):
                return QtGui.QColor(DIM_TEXT)
            return None
        if role == Role.TextAlignmentRole and (column in counts or column == self.MODE):
            return ALIGN_CENTRE
        if role == Role.ToolTipRole and column == self.SOURCE:
            return str(run.source_dir)
        return None
