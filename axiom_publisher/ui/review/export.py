"""Exports of the Review tab: where to write (file dialogs) and the annotated frame.

The annotated frame is the picture the viewer shows with a caption strip burned in below
it: the version, the shot frame, its timecode and the note being written (or the notes
at that frame). The files themselves are written in workers (loaders.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.core.types import VersionRecord
from axiom_publisher.ui.review.compare import CompareMode
from axiom_publisher.ui.review.loaders import Selection
from axiom_publisher.ui.style import ACCENT, TEXT

# (parent, caption, suggested path, filter) -> the chosen path, or None when cancelled
PathChooser = Callable[[QtWidgets.QWidget, str, Path, str], "Path | None"]
CSV_FILTER = "CSV files (*.csv)"
PNG_FILTER = "PNG images (*.png)"
STRIP_BACKGROUND = "#161616"
DIM = "#9a9a9a"


def ask_save_path(
    parent: QtWidgets.QWidget, caption: str, suggested: Path, file_filter: str
) -> Path | None:
    """The platform's Save dialog; None when the user cancels."""
    chosen, _picked = QtWidgets.QFileDialog.getSaveFileName(
        parent, caption, str(suggested), file_filter
    )
    return Path(chosen) if chosen else None


def export_name(record: VersionRecord, suffix: str) -> str:
    """`demo_sh010_plate_plate_v003_notes.csv` and the like."""
    parts = (record.project, record.entity, record.task, record.product, record.label)
    return "_".join(parts) + suffix


@dataclass(frozen=True, slots=True)
class Caption:
    """What the strip under an exported frame says."""

    version: str  # "demo / sh010 / plate / plate  v003"
    frame: int | None
    timecode: str | None
    note: str = ""
    compare: str = ""  # "wipe with v002", empty when A alone is shown

    @property
    def heading(self) -> str:
        parts = [self.version]
        if self.frame is not None:
            parts.append(f"frame {self.frame}")
        if self.timecode:
            parts.append(self.timecode)
        if self.compare:
            parts.append(self.compare)
        return "   \u00b7   ".join(parts)


def annotated_frame(picture: QtGui.QImage, caption: Caption) -> QtGui.QImage:
    """`picture` with the caption strip added below it (the picture itself is untouched)."""
    width = max(picture.width(), 640)
    scale = max(1.0, width / 1280)
    heading_font = QtGui.QFont()
    heading_font.setPixelSize(round(15 * scale))
    heading_font.setBold(True)
    note_font = QtGui.QFont()
    note_font.setPixelSize(round(14 * scale))
    margin = round(12 * scale)
    text_width = width - 2 * margin
    note_rect = QtCore.QRect(0, 0, text_width, 10_000)
    flags = int(QtCore.Qt.AlignmentFlag.AlignLeft) | int(QtCore.Qt.TextFlag.TextWordWrap)
    heading_height = (
        QtGui.QFontMetrics(heading_font).boundingRect(note_rect, flags, caption.heading).height()
    )
    note_height = 0
    if caption.note:
        note_height = (
            QtGui.QFontMetrics(note_font).boundingRect(note_rect, flags, caption.note).height()
        )
    strip = margin * 2 + heading_height + (note_height + margin // 2 if note_height else 0)

    image = QtGui.QImage(width, picture.height() + strip, QtGui.QImage.Format.Format_RGB32)
    image.fill(QtGui.QColor(STRIP_BACKGROUND))
    painter = QtGui.QPainter(image)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing)
    painter.drawImage(QtCore.QPoint((width - picture.width()) // 2, 0), picture)
    top = picture.height()
    painter.fillRect(QtCore.QRect(0, top, width, max(2, round(2 * scale))), QtGui.QColor(ACCENT))
    painter.setFont(heading_font)
    painter.setPen(QtGui.QColor(TEXT))
    heading = QtCore.QRect(margin, top + margin, text_width, heading_height)
    painter.drawText(heading, flags, caption.heading)
    if caption.note:
        painter.setFont(note_font)
        painter.setPen(QtGui.QColor(DIM))
        body = QtCore.QRect(margin, heading.bottom() + margin // 2, text_width, note_height)
        painter.drawText(body, flags, caption.note)
    painter.end()
    return image


def frame_caption(
    selection: Selection,
    frame: int,
    mode: CompareMode,
    note: str,
) -> Caption:
    """The caption of the frame shown: the note being written, else the notes at that frame."""
    record = selection.record
    if not note:
        note = "\n".join(
            f"{row.note.author}: {row.note.text}"
            for row in selection.notes
            if row.note.version_id == record.id and row.note.frame == frame
        )
    compare = ""
    if mode is not CompareMode.A and selection.compare is not None:
        compare = f"{mode.label} with {selection.compare.label}"
    return Caption(
        version=f"{record.project} / {record.entity} / {record.task} / {record.product}  "
        f"{record.label}",
        frame=frame,
        timecode=selection.timecode(frame),
        note=note,
        compare=compare,
    )
