"""The side panel: the selected item's QC checks and its media facts."""

from __future__ import annotations

from typing import Any

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.core.frames import compact_frames
from axiom_publisher.core.media import MediaFacts, MediaKind
from axiom_publisher.core.qc import QCCheck, QCStatus
from axiom_publisher.ui.publish.colour_field import colour_text
from axiom_publisher.ui.publish.items_model import BADGE_COLOURS, Index, badge_colour
from axiom_publisher.ui.publish.rows import ItemRow, RowState
from axiom_publisher.ui.review.info_page import ElidedLabel
from axiom_publisher.ui.table_model import HeaderedTableModel

CHECK_HEADERS = ("Status", "Check", "Frames", "Message")
STATUS_COLUMN, ID_COLUMN, FRAMES_COLUMN, MESSAGE_COLUMN = range(4)


class ChecksModel(HeaderedTableModel):
    """A table over a QC report's checks (failures first, then warnings, then the rest)."""

    HEADERS = CHECK_HEADERS

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._checks: list[QCCheck] = []

    def set_checks(self, checks: tuple[QCCheck, ...]) -> None:
        self.beginResetModel()
        self._checks = sorted(checks, key=lambda check: -check.status.rank)
        self.endResetModel()

    @property
    def checks(self) -> list[QCCheck]:
        return list(self._checks)

    def row_count(self) -> int:
        return len(self._checks)

    def data(self, index: Index, role: int = QtCore.Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._checks):
            return None
        check = self._checks[index.row()]
        column = index.column()
        if role in (QtCore.Qt.ItemDataRole.DisplayRole, QtCore.Qt.ItemDataRole.ToolTipRole):
            if column == STATUS_COLUMN:
                return check.status.value.upper()
            if column == ID_COLUMN:
                return check.id
            if column == FRAMES_COLUMN:
                return compact_frames(check.frames) if check.frames else ""
            if column == MESSAGE_COLUMN:
                return check.message
        if (
            role == QtCore.Qt.ItemDataRole.ForegroundRole
            and column == STATUS_COLUMN
            and check.status in (QCStatus.FAIL, QCStatus.WARN)
        ):
            return QtGui.QBrush(BADGE_COLOURS[check.status])
        if role == QtCore.Qt.ItemDataRole.FontRole and column == STATUS_COLUMN:
            font = QtGui.QFont()
            font.setBold(check.status in (QCStatus.FAIL, QCStatus.WARN))
            return font
        return None


FACT_NAMES = (
    "Resolution", "Frame rate", "Codec", "Pixel format", "Frames",
    "Timecode", "Duration", "Audio", "Colour space", "Kind",
)  # fmt: skip


def facts_text(facts: MediaFacts) -> dict[str, str]:
    """The media facts shown for an item, by FACT_NAMES."""
    info = facts.info
    media = facts.kind is not MediaKind.OTHER
    size = f"{info.width} x {info.height}" if info.width and info.height else "unknown"
    if info.pixel_aspect and abs(info.pixel_aspect - 1.0) > 1e-6:
        size += f" (PAR {info.pixel_aspect:g})"
    if facts.frame_range is not None:
        frames = f"{facts.frame_range} ({facts.decoded_frames} decoded)"
    else:
        frames = f"{facts.decoded_frames} decoded" if facts.decoded_frames else "none"
    if facts.missing_frames:
        frames += f", missing {compact_frames(facts.missing_frames)}"
    audio = ", ".join(f"{track.codec} {track.channels or '?'} ch" for track in info.audio)
    codec = " / ".join(part for part in (info.codec, info.container) if part)
    na = "n/a"
    return {
        "Resolution": size if media else na,
        "Frame rate": (f"{info.fps:g} fps" if info.fps else "unknown") if media else na,
        "Codec": (codec or "unknown") if media else na,
        "Pixel format": (info.pix_fmt or "unknown") if media else na,
        "Frames": frames,
        "Timecode": (info.timecode or "none") if media else na,
        "Duration": f"{info.duration:.2f} s" if info.duration else "unknown",
        "Audio": (audio or "none") if media else na,
        "Colour space": colour_text(facts),
        "Kind": facts.kind.value,
    }


# Single-line checks (most pass) take one text line: a failing item's every check fits.
COMPACT_ROWS = "QTableView::item { padding: 0px 4px; }"
ROW_PADDING = 2
MESSAGE_MARGINS = 16  # of a cell's width, its padding and the style's text margins


class ChecksPanel(QtWidgets.QWidget):
    """Shows one ItemRow: its verdict, checks (what failed and how to fix it) and facts."""

    override_requested = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QtWidgets.QLabel("Select an item to see its QC checks")
        self.title.setWordWrap(True)
        self.title.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.verdict = QtWidgets.QLabel()
        self.verdict.setMargin(4)
        self.verdict.hide()
        self.message = QtWidgets.QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.override_button = QtWidgets.QPushButton("Override QC…")
        self.override_button.setToolTip(
            "Publish this item despite its QC failures; the reason you give is recorded"
        )
        self.override_button.clicked.connect(self.override_requested)
        self.override_button.hide()

        facts_box = QtWidgets.QGroupBox("Media")
        grid = QtWidgets.QGridLayout(facts_box)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        self.fact_labels: dict[str, ElidedLabel] = {}
        for position, name in enumerate(FACT_NAMES):
            row, pair = divmod(position, 2)
            caption = QtWidgets.QLabel(f"{name}:")
            caption.setAlignment(
                QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter
            )
            # Elided to its column (all of it in the tooltip): a long colour space never
            # widens the items' column nor wraps the facts taller.
            value = ElidedLabel(QtCore.Qt.TextElideMode.ElideRight)
            value.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(caption, row, pair * 2)
            grid.addWidget(value, row, pair * 2 + 1)
            self.fact_labels[name] = value
        grid.setColumnStretch(1, 3)  # resolution, codec, frames, duration, colour space
        grid.setColumnStretch(3, 2)  # the shorter ones: rate, pixel format, timecode, audio
        self.facts_box = facts_box
        facts_box.hide()

        self.model = ChecksModel(self)
        self.table = QtWidgets.QTableView()
        self.table.setModel(self.model)
        self.table.setObjectName("qcChecks")
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column in (STATUS_COLUMN, ID_COLUMN, FRAMES_COLUMN):
            header.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.sectionResized.connect(lambda *_: self.fit_rows())
        # The stretched Message column follows the table's width without sectionResized.
        self.table.viewport().installEventFilter(self)

        self.table.setStyleSheet(COMPACT_ROWS)

        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.override_button)
        top.addWidget(self.verdict)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(facts_box)  # a layout may give it a place of its own (PublishLayout)

    def show_row(self, row: ItemRow | None) -> None:
        if row is None:
            self.title.setText("Select an item to see its QC checks")
            for widget in (self.verdict, self.message, self.override_button, self.facts_box):
                widget.hide()
            self.model.set_checks(())
            return
        self.title.setText(row.title)
        self.verdict.setText(f" {row.status_text} ")
        colour = badge_colour(row).name()
        self.verdict.setStyleSheet(
            f"background: {colour}; color: white; font-weight: bold; border-radius: 3px;"
        )
        self.verdict.show()
        self.message.setText(self._message(row))
        self.message.setVisible(bool(self.message.text()))
        self.override_button.setVisible(row.blocking_fail)
        inspection = row.inspection
        if inspection is None:
            self.facts_box.hide()
            self.model.set_checks(())
            return
        for name, text in facts_text(inspection.primary.facts).items():
            self.fact_labels[name].set_full_text(text)
        self.facts_box.show()
        self.model.set_checks(inspection.report.checks)
        self.fit_rows()

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        if event.type() == QtCore.QEvent.Type.Resize and watched is self.table.viewport():
            QtCore.QTimer.singleShot(0, self.fit_rows)  # once the columns have their widths
        return False

    def fit_rows(self) -> None:
        """Each row as tall as its message wrapped in the Message column. Measured here:
        resizeRowsToContents would make every row as tall as a padded header section (31 px
        for a one-line check), and the delegate's size hint wraps without the cell padding,
        so a message one word too long was elided instead of getting its second line."""
        table, metrics = self.table, self.table.fontMetrics()
        width = max(1, table.columnWidth(MESSAGE_COLUMN) - MESSAGE_MARGINS)
        flags = int(QtCore.Qt.TextFlag.TextWordWrap)
        for row, check in enumerate(self.model.checks):
            text = metrics.boundingRect(QtCore.QRect(0, 0, width, 100_000), flags, check.message)
            height = max(metrics.height(), text.height()) + ROW_PADDING
            if table.rowHeight(row) != height:
                table.setRowHeight(row, height)

    @staticmethod
    def _message(row: ItemRow) -> str:
        if row.state is RowState.ERROR:
            return row.error
        if row.state is RowState.WAITING:
            return "Choose a project and a shot or asset: the analysis starts then."
        if row.state is RowState.CANCELLED:
            return "The analysis was cancelled: use Analyse again to restart it."
        if row.override_reason and row.verdict is QCStatus.FAIL:
            return f"QC override: {row.override_reason}"
        if row.blocking_fail:
            return (
                "QC failed: fix the media as the failing checks say and add it again, "
                "or override QC with a reason (it is recorded on the version)."
            )
        return ""
