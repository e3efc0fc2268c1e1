"""The main window's Publish tab: the publish widget where it imports, else a placeholder
(a centred empty state saying what will be there)."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from qtpy import QtCore, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.ui.icons import icon
from axiom_publisher.ui.workers import WorkerPool

# Where the publish widget may live (the publish dialog issue); the first that imports wins.
PUBLISH_WIDGET_MODULES = ("axiom_publisher.ui.publish_widget", "axiom_publisher.ui.publish")

PublishFactory = Callable[[Settings, WorkerPool, "QtWidgets.QWidget | None"], QtWidgets.QWidget]


def placeholder(title: str, text: str, icon_name: str) -> QtWidgets.QWidget:
    """A centred empty state: icon, title and one line saying what will be here."""
    widget = QtWidgets.QWidget()
    picture = QtWidgets.QLabel()
    picture.setPixmap(icon(icon_name).pixmap(QtCore.QSize(56, 56)))
    picture.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
    heading = QtWidgets.QLabel(title)
    heading.setProperty("role", "title")
    heading.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
    line = QtWidgets.QLabel(text)
    line.setProperty("role", "subtitle")
    line.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
    line.setWordWrap(True)
    layout = QtWidgets.QVBoxLayout(widget)
    layout.addStretch(1)
    for part in (picture, heading, line):
        layout.addWidget(part)
    layout.addStretch(2)
    return widget


def publish_tab_factory(
    settings: Settings, pool: WorkerPool, parent: QtWidgets.QWidget | None = None
) -> QtWidgets.QWidget:
    """The publish dialog's PublishWidget(settings, pool), or a placeholder until it lands."""
    for name in PUBLISH_WIDGET_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        widget_class = getattr(module, "PublishWidget", None)
        if widget_class is not None:
            widget: QtWidgets.QWidget = widget_class(settings, pool)
            widget.setParent(parent)
            return widget
    fallback = placeholder(
        "Publish",
        "The publish dialog arrives with the publish dialog issue; "
        "until then publish with `axiom publish`.",
        "publish",
    )
    fallback.setParent(parent)
    return fallback
