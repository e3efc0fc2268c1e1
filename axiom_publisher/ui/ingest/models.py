"""Thin item models of the Ingest tab: the plan's items (or a past run's results) and the runs.

The plan model holds one `IngestRow` per item: what was found (name, frames), where it goes
(the matched or assigned context, else why it did not match), whether it is selected, and
once a run reported on it, its `ItemResult`. A past run opens read-only: no checkboxes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from qtpy import QtCore, QtGui

from axiom_publisher.core.frames import compact_frames
from axiom_publisher.core.ingest import IngestItem, IngestPlan, IngestRun, ItemResult, Outcome
from axiom_publisher.core.media import MOVIE_EXTENSIONS
from axiom_publisher.core.types import EntityKind, PublishContext, Source
from axiom_publisher.ui.icons import icon
from axiom_publisher.ui.qtcompat import enum_value
from axiom_publisher.ui.style import DIM_TEXT, QC_COLOURS
from axiom_publisher.ui.table_model import QC_ROLE, AnyIndex, HeaderedTableModel

Role = QtCore.Qt.ItemDataRole
Flag = QtCore.Qt.ItemFlag
OUTCOME_ROLE = Role.UserRole + 10  # an item's Outcome value ("published", ...) for the badge
ALIGN_CENTRE = QtCore.Qt.AlignmentFlag.AlignCenter
UNMATCHED_COLOUR = "#e0a020"
PROGRESS_COLOUR = "#4fa3e0"
OUTCOME_COLOURS: dict[Outcome, str] = {
    Outcome.PUBLISHED: "#3fae5a",
    Outcome.PLANNED: "#4fa3e0",
    Outcome.DUPLICATE: "#b08ae0",
    Outcome.SKIPPED: "#8a8a8a",
    Outcome.FAILED: "#d9443c",
    Outcome.REFUSED: "#e0662c",
}


def source_name(source: Source, root: Path | None = None) -> str:
    """`plates/plate.####.exr` (relative to the delivery folder) or `clip.mov`."""
    display = source.display
    if source.missing_frames:
        display = display.rsplit(" (missing ", 1)[0]
    path = Path(display)
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.name or display


def frames_text(source: Source) -> str:
    """`1001-1100 (100 frames)` with the missing frames; else `movie` or `single file`."""
    if source.frame_range is None:
        movie = source.extension.lower().lstrip(".") in MOVIE_EXTENSIONS
        return "movie" if movie else "single file"
    count = len(source.files)
    text = f"{source.frame_range} ({count} frame{'s' if count != 1 else ''})"
    if source.missing_frames:
        text += f"  missing {compact_frames(source.missing_frames)}"
    return text


def target_text(context: PublishContext | None, refused: bool = False) -> str:
    """`sh010 · plate · plate`, or `unmatched` (`refused`: never read, cannot be assigned)."""
    if context is None:
        return "refused" if refused else "unmatched"
    return f"{context.entity} \u00b7 {context.task} \u00b7 {context.product}"


@dataclass(frozen=True, slots=True)
class IngestRow:
    """One line of the table: an item of the plan or a result of a past run."""

    index: int
    name: str
    frames: str
    context: PublishContext | None
    reason: str = ""  # why the item did not match (a plan) or the result's reason
    tooltip: str = ""
    result: ItemResult | None = None
    display: str = ""  # how the service names the item in its progress messages
    progress: str = ""  # while a run works on it: queued, QC'd, done
    refused: bool = False  # a link out of the delivery, a control character: never read

    @classmethod
    def of_item(cls, item: IngestItem, root: Path | None) -> IngestRow:
        rule = f"matched by {item.rule}" if item.rule else ""
        return cls(
            index=item.index,
            name=item.name or source_name(item.source, root),
            frames=frames_text(item.source),
            context=item.context,
            reason=item.reason if item.context is None else "",
            tooltip="\n".join(part for part in (item.source.display, rule) if part),
            display=item.display,
            refused=item.refused,
        )

    @classmethod
    def of_result(cls, result: ItemResult) -> IngestRow:
        return cls(result.index, result.display, "", result.context, result.reason,
                   result.display, result,
                   refused=result.outcome is Outcome.REFUSED)  # fmt: skip

    @property
    def details(self) -> str:
        """The result's reason, else why the item did not match."""
        if self.result is not None:
            return self.result.reason
        return self.reason


class IngestItemsModel(HeaderedTableModel):
    """The items of a plan (checkable) or the results of a past run (read-only)."""

    HEADERS = ("Item", "Frames", "Target", "Outcome", "QC", "Version", "Details")
    ITEM, FRAMES, TARGET, OUTCOME, QC, VERSION, DETAILS = range(7)
    selection_changed = QtCore.Signal()

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[IngestRow] = []
        self._checked: set[int] = set()
        self.checkable = True

    # ---- content ----------------------------------------------------------------------------

    def set_plan(self, plan: IngestPlan | None) -> None:
        """Show `plan`'s items; matched items start selected, unmatched ones do not."""
        self.beginResetModel()
        items = plan.items if plan is not None else ()
        root = plan.root if plan is not None else None
        self._rows = [IngestRow.of_item(item, root) for item in items]
        self._checked = {item.index for item in items if item.context is not None}
        self.checkable = True
        self.endResetModel()
        self.selection_changed.emit()

    def set_run(self, run: IngestRun) -> None:
        """Show a past run's results, read-only."""
        self.beginResetModel()
        self._rows = [IngestRow.of_result(result) for result in run.results]
        self._checked = set()
        self.checkable = False
        self.endResetModel()
        self.selection_changed.emit()

    def update_item(self, item: IngestItem, root: Path | None) -> None:
        """An item assigned by hand: its new context, selected, any old result dropped."""
        row = self.row_of(item.index)
        if row < 0:
            return
        self._rows[row] = IngestRow.of_item(item, root)
        if item.context is not None:
            self._checked.add(item.index)
        self._changed(row)
        self.selection_changed.emit()

    def apply_results(self, results: Iterable[ItemResult]) -> None:
        """A run's outcomes on the plan's rows (by item index)."""
        for result in results:
            row = self.row_of(result.index)
            if row >= 0:
                self._rows[row] = replace(self._rows[row], result=result, progress="")
                self._changed(row)

    def clear_results(self) -> None:
        """No outcome and no progress on any row (a new run starts, or one stopped)."""
        for row, line in enumerate(self._rows):
            if line.result is not None or line.progress:
                self._rows[row] = replace(line, result=None, progress="")
                self._changed(row)

    def set_progress(self, indices: Iterable[int], text: str) -> None:
        """Where a run is with these items (shown in the Outcome column until the result)."""
        for index in indices:
            row = self.row_of(index)
            if row >= 0:
                self._rows[row] = replace(self._rows[row], progress=text)
                self._changed(row)

    def set_progress_of(self, display: str, text: str) -> None:
        """The same for the item the service names `display`."""
        self.set_progress([line.index for line in self._rows if line.display == display], text)

    # ---- queries ----------------------------------------------------------------------------

    @property
    def rows(self) -> list[IngestRow]:
        return list(self._rows)

    def row(self, row: int) -> IngestRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, index: int) -> int:
        for row, line in enumerate(self._rows):
            if line.index == index:
                return row
        return -1

    def checked(self) -> tuple[int, ...]:
        """The item indices selected for the run, in table order."""
        return tuple(line.index for line in self._rows if line.index in self._checked)

    def set_checked(self, indices: Sequence[int], checked: bool = True) -> None:
        for index in indices:
            row = self.row_of(index)
            if row < 0 or (checked and self._rows[row].context is None):
                continue
            (self._checked.add if checked else self._checked.discard)(index)
            self._changed(row)
        self.selection_changed.emit()

    # ---- Qt ---------------------------------------------------------------------------------

    def row_count(self) -> int:
        return len(self._rows)

    def _changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def flags(self, index: AnyIndex) -> QtCore.Qt.ItemFlag:
        flags = super().flags(index)
        line = self.row(index.row()) if index.isValid() else None
        checkable = line is not None and line.context is not None and self.checkable
        if checkable and index.column() == self.ITEM:
            flags |= Flag.ItemIsUserCheckable
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Role.EditRole) -> bool:  # noqa: N802
        line = self.row(index.row()) if index.isValid() else None
        if line is None or role != Role.CheckStateRole or index.column() != self.ITEM:
            return False
        if not self.checkable or line.context is None:
            return False
        state = value.value if hasattr(value, "value") else value
        self.set_checked([line.index], int(state) == enum_value(QtCore.Qt.CheckState.Checked))
        return True

    def data(self, index: AnyIndex, role: int = Role.DisplayRole) -> Any:
        line = self.row(index.row()) if index.isValid() else None
        if line is None:
            return None
        column = index.column()
        result = line.result
        if role == Role.DisplayRole:
            return self._text(line, column)
        if role == Role.CheckStateRole and column == self.ITEM and self.checkable:
            if line.context is None:
                return QtCore.Qt.CheckState.Unchecked
            checked = line.index in self._checked
            return QtCore.Qt.CheckState.Checked if checked else QtCore.Qt.CheckState.Unchecked
        if role == Role.DecorationRole and column == self.TARGET and line.context is not None:
            asset = line.context.entity_kind is EntityKind.ASSET
            return icon("asset" if asset else "shot")
        if role == Role.ForegroundRole:
            return self._colour(line, column)
        if role == Role.ToolTipRole:
            return line.details if column == self.DETAILS and line.details else line.tooltip
        if role == Role.TextAlignmentRole and column in (self.OUTCOME, self.QC, self.VERSION):
            return ALIGN_CENTRE
        if role == OUTCOME_ROLE and column == self.OUTCOME and result is not None:
            return result.outcome.value
        if role == QC_ROLE and column == self.QC and result is not None and result.qc:
            return result.qc.value
        return None

    def _text(self, line: IngestRow, column: int) -> str:
        result = line.result
        if column == self.ITEM:
            return line.name
        if column == self.FRAMES:
            return line.frames
        if column == self.TARGET:
            return target_text(line.context, line.refused)
        if column == self.DETAILS:
            return line.details
        if result is None:
            return line.progress if column == self.OUTCOME else ""
        if column == self.OUTCOME:
            return result.outcome.value
        if column == self.QC:
            return result.qc.value if result.qc is not None else ""
        if column == self.VERSION:
            return result.version_label or ""
        return ""

    def _colour(self, line: IngestRow, column: int) -> QtGui.QColor | None:
        if column == self.OUTCOME and line.result is None and line.progress:
            return QtGui.QColor(PROGRESS_COLOUR)
        if column in (self.TARGET, self.DETAILS) and line.refused:
            return QtGui.QColor(OUTCOME_COLOURS[Outcome.REFUSED])
        if column == self.TARGET and line.context is None:
            return QtGui.QColor(UNMATCHED_COLOUR)
        if column == self.DETAILS and line.result is not None:
            if line.result.outcome is Outcome.FAILED:
                return QtGui.QColor(OUTCOME_COLOURS[Outcome.FAILED])
            return QtGui.QColor(DIM_TEXT)
        if column == self.DETAILS and line.context is None:
            return QtGui.QColor(UNMATCHED_COLOUR)
        if column == self.QC and line.result is not None and line.result.qc is not None:
            return QtGui.QColor(QC_COLOURS[line.result.qc])
        return None
