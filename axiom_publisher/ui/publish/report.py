"""The final report of a publish: the versions made, links to their folders and proxies."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.core.types import VersionRecord
from axiom_publisher.publish.identical import identical_text
from axiom_publisher.ui.desktop import open_local
from axiom_publisher.ui.style import LINK

THUMBNAIL = QtCore.QSize(96, 54)


def _link(url: QtCore.QUrl, text: str) -> str:
    """A link in the studio's link colour: rich text takes the APPLICATION palette's link
    colour, which inside a host (Maya, Nuke...) may be a dark blue."""
    return f'<a style="color: {LINK}" href="{html.escape(url.toString())}">{html.escape(text)}</a>'


def version_line(version: VersionRecord) -> str:
    """One version as rich text: its label, a link to its folder and its proxy."""
    where = f"{version.project} / {version.entity} / {version.task} / {version.product}"
    parts = [
        f"<b>{html.escape(version.label)}</b> {html.escape(where)}",
        _link(QtCore.QUrl.fromLocalFile(str(version.path)), "Open folder"),
    ]
    if version.proxy is not None:
        proxy = QtCore.QUrl.fromLocalFile(str(version.proxy))
        parts.append(f"proxy: {_link(proxy, version.proxy.name)}")
    if version.qc_override_reason:
        parts.append(f"QC overridden: {html.escape(version.qc_override_reason)}")
    identical = identical_text(version)
    if identical is not None:  # [publish] identical = "warn"
        parts.append(f"<b>{html.escape(identical[:1].upper() + identical[1:])}</b>")
    parts.extend(f"warning: {html.escape(warning)}" for warning in version.plugin_warnings)
    return " &nbsp;·&nbsp; ".join(parts)


class ReportPanel(QtWidgets.QWidget):
    """A heading, then one line per version made: its thumbnail (the analysed picture) and
    rich text with links; a click opens the folder or proxy with the desktop's handler."""

    url_opened = QtCore.Signal(QtCore.QUrl)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("publishReport")
        self.heading = self._label()
        self._layout = QtWidgets.QGridLayout(self)
        self._layout.setContentsMargins(6, 6, 6, 6)
        self._layout.setHorizontalSpacing(10)
        self._layout.addWidget(self.heading, 0, 0, 1, 2)
        self._rows: list[QtWidgets.QWidget] = []
        self.versions: tuple[VersionRecord, ...] = ()
        self.show_versions((), "")

    def _label(self, text: str = "") -> QtWidgets.QLabel:
        label = QtWidgets.QLabel(text)
        label.setTextFormat(QtCore.Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setOpenExternalLinks(False)
        label.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.LinksAccessibleByMouse
            | QtCore.Qt.TextInteractionFlag.LinksAccessibleByKeyboard
            | QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
        )
        label.setAlignment(QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignVCenter)
        label.linkActivated.connect(self.open_link)
        return label

    def show_versions(
        self,
        versions: Sequence[VersionRecord],
        note: str,
        thumbnails: Sequence[QtGui.QImage | None] = (),
    ) -> None:
        """Show the versions made (with the pictures of the items they came from) and a note."""
        for widget in self._rows:
            self._layout.removeWidget(widget)
            widget.deleteLater()
        self._rows = []
        self.versions = tuple(versions)
        count = len(versions)
        heading = f"<b>Published {count} version{'s' if count != 1 else ''}:</b>" if count else ""
        if note:
            heading = f"{heading}<br>{html.escape(note)}" if heading else html.escape(note)
        self.heading.setText(heading or "<i>Nothing published yet.</i>")
        pictures = list(thumbnails) + [None] * (count - len(thumbnails))
        for row, (version, picture) in enumerate(zip(versions, pictures, strict=False), start=1):
            thumbnail = QtWidgets.QLabel()
            thumbnail.setFixedSize(THUMBNAIL)
            thumbnail.setObjectName("reportThumbnail")
            if picture is not None and not picture.isNull():
                scaled = picture.scaled(
                    THUMBNAIL,
                    QtCore.Qt.AspectRatioMode.KeepAspectRatio,
                    QtCore.Qt.TransformationMode.SmoothTransformation,
                )
                thumbnail.setPixmap(QtGui.QPixmap.fromImage(scaled))
            line = self._label(version_line(version))
            self._layout.addWidget(thumbnail, row, 0)
            self._layout.addWidget(line, row, 1)
            self._rows += [thumbnail, line]
        self._layout.setRowStretch(self._layout.rowCount(), 1)
        self._layout.setColumnStretch(1, 1)

    def text(self) -> str:
        """The report as rich text: the heading and every version's line."""
        lines = [self.heading.text()]
        lines += [widget.text() for widget in self._rows if isinstance(widget, QtWidgets.QLabel)]
        return "<br>".join(line for line in lines if line)

    def open_link(self, link: str) -> None:
        url = QtCore.QUrl(link)
        self.url_opened.emit(url)
        if url.isLocalFile():  # where no launcher can show it, a message offers the path
            open_local(self, Path(url.toLocalFile()))
        else:
            QtGui.QDesktopServices.openUrl(url)
