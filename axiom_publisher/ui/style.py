"""The dark studio look: Fusion with a dark QPalette, the packaged style sheet, QC colours."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from qtpy import QtGui, QtWidgets

from axiom_publisher.core.qc import QCStatus

BACKGROUND = "#2b2b2b"
BASE = "#232323"
ALTERNATE = "#272727"
TEXT = "#dcdcdc"
DIM_TEXT = "#8a8a8a"
ACCENT = "#f0a030"  # the studio-tool orange: current tab, primary actions
HIGHLIGHT = "#2f6b99"  # selection
LINK = "#4fa3e0"

QC_COLOURS: dict[QCStatus, str] = {
    QCStatus.PASS: "#3fae5a",
    QCStatus.SKIP: "#8a8a8a",
    QCStatus.WARN: "#e0a020",
    QCStatus.FAIL: "#d9443c",
}
STATUS_COLOURS: dict[str, str] = {
    "published": "#bdbdbd",
    "staging": "#4fa3e0",
    "failed": "#d9443c",
}


def qc_colour(status: QCStatus) -> QtGui.QColor:
    return QtGui.QColor(QC_COLOURS[status])


def dark_palette() -> QtGui.QPalette:
    """A dark palette for Fusion (also right where the style sheet does not reach)."""
    role = QtGui.QPalette.ColorRole
    group = QtGui.QPalette.ColorGroup
    palette = QtGui.QPalette()
    colours = {
        role.Window: BACKGROUND,
        role.WindowText: TEXT,
        role.Base: BASE,
        role.AlternateBase: ALTERNATE,
        role.ToolTipBase: "#1e1e1e",
        role.ToolTipText: TEXT,
        role.Text: TEXT,
        role.Button: "#3a3a3a",
        role.ButtonText: TEXT,
        role.BrightText: "#ffffff",
        role.Highlight: HIGHLIGHT,
        role.HighlightedText: "#ffffff",
        role.Link: LINK,
        role.PlaceholderText: "#6f6f6f",
        role.Light: "#4a4a4a",
        role.Midlight: "#3c3c3c",
        role.Mid: "#303030",
        role.Dark: "#1b1b1b",
        role.Shadow: "#111111",
    }
    for colour_role, value in colours.items():
        palette.setColor(colour_role, QtGui.QColor(value))
    for colour_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, colour_role, QtGui.QColor("#6a6a6a"))
    return palette


def style_sheet() -> str:
    """The packaged style sheet, its `@ICONS@` placeholders pointing at the packaged icons."""
    folder = resources.files("axiom_publisher.resources")
    icons = Path(str(folder.joinpath("icons"))).as_posix()
    return folder.joinpath("style.qss").read_text(encoding="utf-8").replace("@ICONS@", icons)


def apply_dark_style(app: QtWidgets.QApplication) -> None:
    """Fusion + the dark palette + the packaged style sheet, on the whole application."""
    app.setStyle("Fusion")
    app.setPalette(dark_palette())
    app.setStyleSheet(style_sheet())
