"""Nuke as a host: Write nodes and the script itself; the dialog parents to Nuke's window.

Every method that reads the script runs on Nuke's main thread (the UI calls them there, a
worker goes through `run_in_main_thread`, which uses `nuke.executeInMainThreadWithResult`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import nuke

from axiom_publisher.core.errors import HostError
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.host import CollectedOutput, MenuCommand, OutputKind
from axiom_publisher.hosts.base import (
    find_top_level_widget,
    is_geometry_path,
    on_main_thread,
    ordered_outputs,
    product_name,
    run_through,
    unique_products,
    workfile_output,
)

T = TypeVar("T")

MAIN_WINDOW_CLASS = "Foundry::UI::DockMainWindow"  # the class Nuke's main window reports
WRITE_CLASSES = ("Write", "WriteGeo")
READ_CLASSES = ("Read", "DeepRead", "ReadGeo", "ReadGeo2", "Camera2", "Camera3")
_DEFAULT_COLORSPACE = re.compile(r"^default\s*\((.*)\)$")


class NukeHost:
    """The running Nuke session (GUI or `nuke -t`)."""

    identifier = "com.foundry.nuke"
    display_name = "Nuke"

    def main_window(self) -> object | None:
        return find_top_level_widget(MAIN_WINDOW_CLASS)

    def scene_path(self) -> Path | None:
        try:
            name = nuke.scriptName()
        except RuntimeError:  # Nuke's answer while the script is untitled
            return None
        return Path(name) if name else None

    def scene_modified(self) -> bool:
        return bool(nuke.root().modified())

    def save_scene(self) -> Path:
        path = self.scene_path()
        if path is None:
            raise HostError(
                "the Nuke script has never been saved: save it once with File > Save Script As "
                "(in the shot's work folder), then publish again"
            )
        try:
            saved = nuke.scriptSave()
        except RuntimeError as error:
            raise HostError(f"Nuke could not save {path}: {error}") from error
        if saved is False:
            raise HostError(f"saving {path} was cancelled; the script was not saved")
        return path

    def scene_fps(self) -> float | None:
        value = _knob_value(nuke.root(), "fps")
        return float(value) if isinstance(value, int | float) and value > 0 else None

    def scene_resolution(self) -> tuple[int, int] | None:
        value = _knob_value(nuke.root(), "format")
        if value is None:
            return None
        return int(value.width()), int(value.height())

    def collect(self) -> list[CollectedOutput]:
        root_range = _root_range()
        outputs = [
            _write_output(node, root_range)
            # from the root, whatever group the artist has open; nodes inside groups too
            for node in nuke.allNodes(group=nuke.root(), recurseGroups=True)
            if node.Class() in WRITE_CLASSES
        ]
        outputs.append(self._workfile(root_range))
        return unique_products(ordered_outputs(outputs))

    def _workfile(self, root_range: FrameRange | None) -> CollectedOutput:
        return workfile_output(
            self.scene_path(),
            untitled="untitled script",
            how_to_save="save the script (File > Save Script As)",
            frame_range=root_range,
            loads=_loaded_files(),
        )

    def run_in_main_thread(self, function: Callable[[], T]) -> T:
        if on_main_thread():
            return function()
        execute: Callable[..., object] = nuke.executeInMainThreadWithResult  # untyped in stubs
        return run_through(execute, function, "Nuke")

    def add_menu(self, title: str, commands: Sequence[MenuCommand]) -> None:
        menubar = nuke.menu("Nuke")
        existing = menubar.findItem(title)
        if existing is not None:
            existing.clearMenu()  # rebuilt in place: the menu keeps its position
        menu = existing if existing is not None else menubar.addMenu(title)
        for command in commands:
            menu.addCommand(command.label, command.action, command.shortcut)


def _loaded_files() -> list[str]:
    """The `file` knob of every enabled Read-like node (images, geometry, cameras, deep),
    as written (`plate.####.exr`): AXIOM matches the version folder, not the frame."""
    return [
        str(_knob_value(node, "file") or "")
        for node in nuke.allNodes(group=nuke.root(), recurseGroups=True)
        if node.Class() in READ_CLASSES and not _knob_value(node, "disable")
    ]


def _knob_value(node: Any, name: str) -> Any:
    knob = node.knob(name)
    return None if knob is None else knob.value()


def _root_range() -> FrameRange | None:
    root = nuke.root()
    return _range(_knob_value(root, "first_frame"), _knob_value(root, "last_frame"))


def _range(first: Any, last: Any) -> FrameRange | None:
    try:
        return FrameRange(int(first), int(last))
    except (TypeError, ValueError):
        return None


def _write_output(node: Any, root_range: FrameRange | None) -> CollectedOutput:
    name = str(node.fullName())
    file_type = str(_knob_value(node, "file_type") or "")
    notes: list[str] = []
    try:
        path = nuke.filename(node) or ""  # TCL expanded, `####` / `%04d` kept
    except RuntimeError as error:
        path = ""
        notes.append(f"its file path cannot be evaluated: {error}")
    if not path and not notes:
        notes.append("its file knob is empty")
    if _knob_value(node, "disable"):
        notes.insert(0, "the node is disabled")
    frame_range = root_range
    if _knob_value(node, "use_limit"):
        frame_range = _range(_knob_value(node, "first"), _knob_value(node, "last")) or root_range
    geometry = node.Class() == "WriteGeo" or is_geometry_path(path, file_type)
    return CollectedOutput(
        node=name,
        kind=OutputKind.CACHE if geometry else OutputKind.RENDER,
        path=path,
        product=product_name(node.name(), fallback="cache" if geometry else "render"),
        frame_range=frame_range,
        colorspace=_colorspace(_knob_value(node, "colorspace")),
        enabled=not notes,
        note="; ".join(notes),
    )


def _colorspace(value: Any) -> str | None:
    """`default (scene_linear)` -> `scene_linear`; empty -> None."""
    text = str(value or "").strip()
    match = _DEFAULT_COLORSPACE.match(text)
    return (match.group(1).strip() if match else text) or None
