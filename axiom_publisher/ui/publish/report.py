"""The final report of a publish: the versions made, links to their folders and proxies."""

from __future__ import annotations

import html
from collections.abc import Sequence

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.core.types import VersionRecord


def version_line(version: VersionRecord) -> str:
    """One version as rich text: its label, a link to its folder and its proxy."""
    where = f"{version.project} / {version.entity} / {version.task} / {version.product}"
    folder = QtCore.QUrl.fromLocalFile(str(version.path)).toString()
    parts = [
        f"<b>{html.escape(version.label)}</b> {html.escape(where)}",
        f'<a href="{html.escape(folder)}">Open folder</a>',
    ]
    if version.proxy is not None:
        proxy = QtCore.QUrl.fromLocalFile(str(version.proxy)).toString()
        parts.append(f'proxy: <a href="{html.escape(proxy)}">{html.escape(version.proxy.name)}</a>')
    if version.qc_override_reason:
        parts.append(f"QC overridden: {html.escape(version.qc_override_reason)}")
    return " &nbsp;·&nbsp; ".join(parts)


class ReportPanel(QtWidgets.QLabel):
    """Rich text with links; a click opens the folder or proxy with the desktop's handler."""

    url_opened = QtCore.Signal(QtCore.QUrl)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("publishReport")
        self.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setOpenExternalLinks(False)
        self.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.LinksAccessibleByMouse
            | QtCore.Qt.TextInteractionFlag.LinksAccessibleByKeyboard
            | QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.setMargin(6)
        self.setAlignment(QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignTop)
        self.linkActivated.connect(self.open_link)
        self.versions: tuple[VersionRecord, ...] = ()
        self.show_versions((), "")

    def show_versions(self, versions: Sequence[VersionRecord], note: str) -> None:
        self.versions = tuple(versions)
        lines = [version_line(version) for version in versions]
        if versions:
            count = len(versions)
            lines.insert(0, f"<b>Published {count} version{'s' if count != 1 else ''}:</b>")
        if note:
            lines.append(html.escape(note))
        self.setText("<br>".join(lines) if lines else "<i>Nothing published yet.</i>")

    def open_link(self, link: str) -> None:
        url = QtCore.QUrl(link)
        self.url_opened.emit(url)
        QtGui.QDesktopServices.openUrl(url)
