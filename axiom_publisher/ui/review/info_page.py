"""The Info page beside the player: the open version's media facts, its content hash and its
folder (with an Open folder link). Long values (paths, hashes) are elided to the column's
width, never widening it; their tooltips hold all of them and a Copy link copies them."""

from __future__ import annotations

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.core.frames import compact_frames
from axiom_publisher.core.types import VersionRecord
from axiom_publisher.ui.browser.models import shown_time
from axiom_publisher.ui.review.dependencies_info import DependenciesInfo
from axiom_publisher.ui.review.tracker_info import TrackerInfo
from axiom_publisher.ui.style import DIM_TEXT

FACTS = (
    "Resolution", "Frame rate", "Codec", "Frames", "Timecode", "Colour",
    "Published", "Content hash", "Folder",
)  # fmt: skip
UNKNOWN = "unknown"


def media_facts(record: VersionRecord) -> dict[str, str]:
    """The text of each of FACTS for `record` (UNKNOWN where the database has nothing)."""
    media = record.media
    size = UNKNOWN
    if media is not None and media.width and media.height:
        size = f"{media.width} \u00d7 {media.height}"
        if media.pixel_aspect and abs(media.pixel_aspect - 1.0) > 1e-6:
            size += f" (pixel aspect {media.pixel_aspect:g})"
    fps = f"{media.fps:g} fps" if media is not None and media.fps else UNKNOWN
    codec = UNKNOWN
    if media is not None:
        parts = [media.codec, media.container, media.pix_fmt]
        codec = " \u00b7 ".join(part for part in parts if part) or UNKNOWN
    frames = UNKNOWN
    if record.frame_range is not None:
        frames = f"{record.frame_range} ({record.frame_range.count} frames)"
        if record.missing_frames:
            frames += f", missing {compact_frames(record.missing_frames)}"
    colour = UNKNOWN
    if media is not None:
        tags = [media.color_primaries, media.transfer, media.matrix]
        colour = " / ".join(tag for tag in tags if tag) or "not tagged"
    timecode = media.timecode if media is not None else None
    timecode = timecode or "none in the media (the player counts from the frame number)"
    published = shown_time(record.published_at or record.created_at)
    if record.author:
        published += f" by {record.author}" + (f" via {record.host}" if record.host else "")
    return {
        "Resolution": size,
        "Frame rate": fps,
        "Codec": codec,
        "Frames": frames,
        "Timecode": timecode,
        "Colour": colour,
        "Published": published,
        "Content hash": record.content_hash or UNKNOWN,
        "Folder": str(record.path),
    }


class ElidedLabel(QtWidgets.QLabel):
    """A one-line label that elides its text to its width (the tooltip holds all of it)."""

    def __init__(
        self, mode: QtCore.Qt.TextElideMode, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._mode = mode
        self._full = ""
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred
        )

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(0, self.contentsRect().width())
        self.setText(self.fontMetrics().elidedText(self._full, self._mode, width))


class InfoPage(QtWidgets.QWidget):
    """Media facts as a form; the hash and the folder each with a link (Copy, Open folder)."""

    open_folder_requested = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: dict[str, QtWidgets.QLabel] = {}
        form = QtWidgets.QFormLayout()
        # Captions beside the first line of a value that wraps (the timecode's note).
        form.setLabelAlignment(
            QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignTop
        )
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(4)
        for name in FACTS:
            if name == "Content hash":
                value: QtWidgets.QLabel = ElidedLabel(QtCore.Qt.TextElideMode.ElideRight)
            elif name == "Folder":
                value = ElidedLabel(QtCore.Qt.TextElideMode.ElideMiddle)
            else:
                value = QtWidgets.QLabel()
                value.setWordWrap(True)
                value.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
            caption = QtWidgets.QLabel(name)
            caption.setStyleSheet(f"color: {DIM_TEXT};")
            form.addRow(caption, value)
            self.values[name] = value
        self.copy_link = self._link("Copy hash", "Copy the full content hash (SHA-256)")
        self.folder_link = self._link("Open folder", "Open the version's folder")
        links = QtWidgets.QHBoxLayout()
        links.addWidget(self.folder_link)
        links.addWidget(self.copy_link)
        links.addStretch(1)
        self.empty = QtWidgets.QLabel("No version open")
        self.empty.setProperty("role", "hint")
        self.empty.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)

        self.body = QtWidgets.QWidget()
        body_layout = QtWidgets.QVBoxLayout(self.body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addLayout(form)
        body_layout.addLayout(links)
        self.tracker = TrackerInfo()
        body_layout.addWidget(self.tracker)
        self.dependencies = DependenciesInfo()
        body_layout.addWidget(self.dependencies)
        body_layout.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.empty, 1)
        self.folder_link.linkActivated.connect(lambda _link: self.open_folder_requested.emit())
        self.copy_link.linkActivated.connect(lambda _link: self.copy_hash())
        self.show_version(None)

    @staticmethod
    def _link(text: str, tip: str) -> QtWidgets.QLabel:
        label = QtWidgets.QLabel(f"<a href='#'>{text}</a>")
        label.setTextFormat(QtCore.Qt.TextFormat.RichText)
        label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.LinksAccessibleByMouse)
        label.setToolTip(tip)
        return label

    def show_version(self, record: VersionRecord | None) -> None:
        self.body.setVisible(record is not None)
        self.empty.setVisible(record is None)
        self.tracker.show_version(record)
        self.dependencies.show_version(record)
        if record is None:
            return
        for name, text in media_facts(record).items():
            value = self.values[name]
            if isinstance(value, ElidedLabel):
                value.set_full_text(text)
            else:
                value.setText(text)
        self.copy_link.setVisible(record.content_hash is not None)

    def text(self, name: str) -> str:
        """The full text of fact `name` (also where the label elides it)."""
        value = self.values[name]
        return value.full_text() if isinstance(value, ElidedLabel) else value.text()

    def copy_hash(self) -> None:
        QtWidgets.QApplication.clipboard().setText(self.text("Content hash"))
