"""The selected version's facts beside a larger preview: path, frames, media, QC checks."""

from __future__ import annotations

import html

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.core.qc import QCStatus
from axiom_publisher.core.types import VersionRecord
from axiom_publisher.ui.browser.models import shown_time
from axiom_publisher.ui.style import DIM_TEXT, QC_COLOURS

PREVIEW = QtCore.QSize(320, 180)


def _row(name: str, value: str) -> str:
    return (
        f"<tr><td style='color:{DIM_TEXT}; padding-right:12px'>{html.escape(name)}</td>"
        f"<td>{html.escape(value)}</td></tr>"
    )


def facts_html(record: VersionRecord) -> str:
    rows = [
        _row("Version", f"{record.product} {record.label}  ({record.status.value})"),
        _row("Published", shown_time(record.published_at or record.created_at)),
        _row("Author", f"{record.author} via {record.host}" if record.host else record.author),
    ]
    if record.frame_range is not None:
        frames = f"{record.frame_range.first}-{record.frame_range.last}"
        frames += f" ({record.frame_range.count} frames)"
        if record.missing_frames:
            frames += f", missing {', '.join(map(str, record.missing_frames[:8]))}"
        rows.append(_row("Frames", frames))
    media = record.media
    if media is not None:
        picture = [
            f"{media.width}x{media.height}" if media.width and media.height else "",
            f"{media.fps:g} fps" if media.fps else "",
            media.codec or "",
            media.pix_fmt or "",
        ]
        rows.append(_row("Media", "  \u00b7  ".join(part for part in picture if part)))
    rows.append(_row("Files", str(len(record.files))))
    rows.append(_row("Folder", str(record.path)))
    if record.comment:
        rows.append(_row("Comment", record.comment))
    if record.qc_override_reason:
        rows.append(_row("QC override", record.qc_override_reason))
    return "<table cellspacing='0' cellpadding='2'>" + "".join(rows) + "</table>"


def qc_html(record: VersionRecord) -> str:
    if record.qc is None:
        return f"<span style='color:{DIM_TEXT}'>No QC report</span>"
    lines = []
    # Problems first: the panel may be short, and a failing check is what people look for.
    for check in sorted(record.qc.checks, key=lambda check: -check.status.rank):
        colour = QC_COLOURS.get(check.status, DIM_TEXT)
        frames = ""
        if check.frames:
            shown = ", ".join(map(str, check.frames[:6]))
            frames = f" <span style='color:{DIM_TEXT}'>[{shown}]</span>"
        lines.append(
            f"<tr><td style='color:{colour}; font-weight:600; padding-right:8px'>"
            f"{check.status.value.upper()}</td><td>{html.escape(check.message)}{frames}</td></tr>"
        )
    if not any(check.status is not QCStatus.PASS for check in record.qc.checks):
        lines.insert(0, f"<tr><td colspan='2'>All {len(record.qc.checks)} checks passed</td></tr>")
    return "<table cellspacing='0' cellpadding='2'>" + "".join(lines) + "</table>"


def _scrolling(label: QtWidgets.QLabel) -> QtWidgets.QScrollArea:
    area = QtWidgets.QScrollArea()
    area.setWidget(label)
    area.setWidgetResizable(True)
    area.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }")
    return area


class VersionDetails(QtWidgets.QFrame):
    """Preview, facts and QC checks of one version (nothing loads here: it is handed in)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "panel")
        self.preview = QtWidgets.QLabel()
        self.preview.setFixedSize(PREVIEW)
        self.setMinimumHeight(PREVIEW.height() + 24)
        self.preview.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: #161616; border: 1px solid #1b1b1b;")
        self.facts = self._text_label()
        self.checks = self._text_label()
        qc_title = QtWidgets.QLabel("QC checks")
        qc_title.setProperty("role", "section")
        facts_title = QtWidgets.QLabel("Version")
        facts_title.setProperty("role", "section")

        facts_column = QtWidgets.QVBoxLayout()
        facts_column.addWidget(facts_title)
        facts_column.addWidget(_scrolling(self.facts), 1)
        checks_column = QtWidgets.QVBoxLayout()
        checks_column.addWidget(qc_title)
        checks_column.addWidget(_scrolling(self.checks), 1)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(16)
        layout.addWidget(self.preview, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        layout.addLayout(facts_column, 1)
        layout.addLayout(checks_column, 1)
        self.show_version(None)

    @staticmethod
    def _text_label() -> QtWidgets.QLabel:
        label = QtWidgets.QLabel()
        label.setTextFormat(QtCore.Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setAlignment(QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignTop)
        label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def show_version(
        self, record: VersionRecord | None, preview: QtGui.QImage | None = None
    ) -> None:
        if record is None:
            self.preview.setPixmap(QtGui.QPixmap())
            self.preview.setText(f"<span style='color:{DIM_TEXT}'>No version selected</span>")
            self.facts.setText(
                f"<span style='color:{DIM_TEXT}'>Select a version to see its facts.</span>"
            )
            self.checks.setText("")
            return
        if preview is not None:
            self.preview.setPixmap(QtGui.QPixmap.fromImage(preview))
        else:
            self.preview.setPixmap(QtGui.QPixmap())
            self.preview.setText(f"<span style='color:{DIM_TEXT}'>No thumbnail</span>")
        self.facts.setText(facts_html(record))
        self.checks.setText(qc_html(record))
