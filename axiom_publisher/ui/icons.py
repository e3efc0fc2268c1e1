"""Icons shipped as SVG package data (resources/icons), loaded by name."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from qtpy import QtGui

ICON_NAMES = (
    "app",
    "publish",
    "review",
    "ingest",
    "farm",
    "refresh",
    "folder",
    "shot",
    "asset",
    "product",
    # the review player's transport
    "play",
    "pause",
    "step-back",
    "step-forward",
    "first",
    "last",
    "fullscreen",
    "zoom-fit",
    "zoom-actual",
)


def icon_path(name: str) -> Path:
    """The file of icon `name` (an SVG in the installed package data)."""
    if name not in ICON_NAMES:
        raise KeyError(f"no icon named {name!r}; known: {', '.join(ICON_NAMES)}")
    folder = resources.files("axiom_publisher.resources").joinpath("icons")
    return Path(str(folder.joinpath(f"{name}.svg")))


@cache
def icon(name: str) -> QtGui.QIcon:
    """The QIcon of `name` (cached: icons are immutable and shared)."""
    return QtGui.QIcon(str(icon_path(name)))
