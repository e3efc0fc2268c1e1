"""Open a folder or file with the desktop's launcher, or say why not and offer its path.

Qt hands a local URL to the platform: on Linux desktops to `xdg-open` (found on PATH), and
the offscreen and minimal platforms have no launcher at all; either way `openUrl` then just
returns False. Instead of doing nothing visible, `open_local` then shows a message with the
path and a Copy path button (window-modal, without a nested event loop).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qtpy import QtCore, QtGui, QtWidgets

OpenUrl = Callable[[QtCore.QUrl], bool]
NOT_SHOWN = "No program could be started to show this {what}:\n{path}"
NO_LAUNCHER = (
    "This desktop has no file launcher (on Linux, install xdg-utils for xdg-open). "
    "Copy the path to open it yourself."
)
COPY_PATH = "Copy path"


def open_local(
    parent: QtWidgets.QWidget,
    path: Path,
    open_url: OpenUrl | None = None,
) -> QtWidgets.QMessageBox | None:
    """Show `path` in the file manager (a file: with its program; `open_url` defaults to
    QDesktopServices.openUrl); None when that worked, else the message box opened over
    `parent` that offers to copy the path."""
    launch = open_url or QtGui.QDesktopServices.openUrl
    if launch(QtCore.QUrl.fromLocalFile(str(path))):
        return None
    box = QtWidgets.QMessageBox(parent)
    box.setObjectName("axiomNoLauncher")
    box.setIcon(QtWidgets.QMessageBox.Icon.Information)
    what = "folder" if path.is_dir() else "file"
    box.setWindowTitle(f"Cannot open the {what}")
    box.setText(NOT_SHOWN.format(what=what, path=path))
    box.setInformativeText(NO_LAUNCHER)
    box.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
    copy = box.addButton(COPY_PATH, QtWidgets.QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QtWidgets.QMessageBox.StandardButton.Close)
    box.setDefaultButton(copy)

    def clicked(button: QtWidgets.QAbstractButton) -> None:
        if button is copy:
            clipboard = QtGui.QGuiApplication.clipboard()
            if clipboard is not None:
                clipboard.setText(str(path))

    box.buttonClicked.connect(clicked)
    box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
