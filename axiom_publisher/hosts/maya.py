"""Maya as an AXIOM host: render outputs of each renderable layer and camera, the scene as a
work file, fps from the time unit, the AXIOM menu on Maya's main window.

Only this module (with the other adapters) imports `maya`; it does so when a MayaHost is
made, so importing it outside Maya fails only then (the registry turns that into a
HostError). Every method except `run_in_main_thread` must run on Maya's main thread.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from axiom_publisher.core.errors import HostError
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.host import CollectedOutput, MenuCommand, OutputKind
from axiom_publisher.hosts.base import (
    ordered_outputs,
    product_name,
    unique_products,
    workfile_output,
)

# Node types that read a file, and the attribute that names it.
LOADING_NODES = (("file", "fileTextureName"), ("AlembicNode", "abc_File"))
T = TypeVar("T")

# `currentUnit -q -time` -> frames per second (the NTSC rates exactly, as Maya keeps them);
# hour / min / sec / millisec are not frame rates a shot is delivered at: no fps for those.
TIME_UNIT_FPS: dict[str, float] = {
    "game": 15.0,
    "film": 24.0,
    "pal": 25.0,
    "ntsc": 30.0,
    "show": 48.0,
    "palf": 50.0,
    "ntscf": 60.0,
    "23.976fps": 24000 / 1001,
    "29.97fps": 30000 / 1001,
    "29.97df": 30000 / 1001,
    "47.952fps": 48000 / 1001,
    "59.94fps": 60000 / 1001,
}
_FPS_UNIT = re.compile(r"(\d+(?:\.\d+)?)fps")
_GLOBALS = "defaultRenderGlobals"
_NO_CAMERA = "no renderable camera: make one renderable in Render Settings > Common"


def fps_from_time_unit(unit: str) -> float | None:
    """`film` -> 24.0, `23.976fps` -> 24000/1001, `12fps` -> 12.0, `sec` -> None."""
    if unit in TIME_UNIT_FPS:
        return TIME_UNIT_FPS[unit]
    match = _FPS_UNIT.fullmatch(unit)
    return float(match.group(1)) if match else None


def layer_label(layer: str) -> str:
    """The name Maya gives a render layer in image names (<RenderLayer>): the default layer
    is `masterLayer`, a Render Setup layer's node `rs_beauty` is `beauty`."""
    if layer == "defaultRenderLayer":
        return "masterLayer"
    return layer[3:] if layer.startswith("rs_") else layer


def frame_pattern(first: str, last: str, first_frame: int, last_frame: int, padding: int) -> str:
    """`first` (the first image's path) with its frame number replaced by `#` x padding.

    The frame is the digit run in the file name that reads `first_frame` at that padding and
    turns `first` into `last` when it reads `last_frame` (the right-most such run wins).
    HostError when there is none (a name Maya did not number as its settings say).
    """
    head, sep, name = first.replace("\\", "/").rpartition("/")
    last_name = last.replace("\\", "/").rpartition("/")[2]
    digits = f"{first_frame:0{padding}d}"
    token = "#" * max(padding, 1)
    runs = list(re.finditer(rf"(?<!\d){re.escape(digits)}(?!\d)", name))
    for run in reversed(runs):
        before, after = name[: run.start()], name[run.end() :]
        if f"{before}{last_frame:0{padding}d}{after}" == last_name:
            return f"{first[: len(head) + len(sep)]}{before}{token}{after}"
    raise HostError(f"frame {first_frame} is not in the image name {first!r}")


class MayaHost:
    """Autodesk Maya (2022+, PySide2 or PySide6) as AXIOM sees it."""

    identifier = "com.autodesk.maya"
    display_name = "Maya"

    def __init__(self) -> None:
        import maya.cmds
        import maya.mel
        import maya.OpenMayaUI
        import maya.utils

        # Bound per host (not at import) so each fake session in the tests is its own; typed
        # by the public stubs when installed (maya-stubs, types-maya), else Any.
        self._cmds = maya.cmds
        self._mel = maya.mel
        self._ui = maya.OpenMayaUI
        self._utils = maya.utils

    # --- the scene --------------------------------------------------------------------------

    def main_window(self) -> object | None:
        """Maya's main window wrapped for the binding qtpy uses (None in batch mode)."""
        pointer = self._ui.MQtUtil.mainWindow()
        if pointer is None:
            return None
        from qtpy import QtWidgets, shiboken

        window: object = shiboken.wrapInstance(int(pointer), QtWidgets.QMainWindow)
        return window

    def scene_path(self) -> Path | None:
        name = self._cmds.file(query=True, sceneName=True)  # "" while untitled
        return Path(name) if isinstance(name, str) and name else None

    def scene_modified(self) -> bool:
        return bool(self._cmds.file(query=True, modified=True))

    def save_scene(self) -> Path:
        path = self.scene_path()
        if path is None:
            raise HostError(
                "the Maya scene has never been saved: save it with File > Save Scene As, "
                "then publish again"
            )
        try:
            saved = self._cmds.file(save=True)
        except RuntimeError as error:
            raise HostError(f"Maya could not save {path}: {error}") from error
        return Path(saved) if isinstance(saved, str) and saved else path

    def scene_fps(self) -> float | None:
        return fps_from_time_unit(str(self._cmds.currentUnit(query=True, time=True)))

    def scene_resolution(self) -> tuple[int, int] | None:
        width = self._cmds.getAttr("defaultResolution.width")
        height = self._cmds.getAttr("defaultResolution.height")
        return (int(width), int(height)) if width and height else None

    # --- collect ----------------------------------------------------------------------------

    def collect(self) -> list[CollectedOutput]:
        """One render output per render layer and renderable camera (layers that do not
        render come disabled, saying why), then the scene itself as the work file."""
        return ordered_outputs(unique_products([*self._renders(), self._workfile()]))

    def _renders(self) -> list[CollectedOutput]:
        cmds = self._cmds
        layers = [layer for layer in cmds.ls(type="renderLayer") or [] if ":" not in layer]
        cameras = [
            self._transform(shape)
            for shape in cmds.ls(type="camera") or []
            if cmds.getAttr(f"{shape}.renderable")
        ]
        frames, frames_note = self._frames()
        colorspace = self._colorspace()
        outputs: list[CollectedOutput] = []
        for layer in layers:
            renderable = bool(cmds.getAttr(f"{layer}.renderable"))
            label = layer_label(layer)
            for camera in cameras or [""]:
                notes = [frames_note] if frames_note else []
                if not renderable:
                    notes.insert(0, f"render layer {label} is not renderable (Render Setup)")
                path = ""
                try:
                    path = self._image_path(layer, camera, frames) if camera else ""
                except HostError as error:
                    notes.insert(0, str(error))
                if not camera:
                    notes.insert(0, _NO_CAMERA)
                several = len(cameras) > 1
                outputs.append(
                    CollectedOutput(
                        node=f"{label} ({camera})" if camera else label,
                        kind=OutputKind.RENDER,
                        path=path,
                        product=product_name(f"{label}_{camera}" if several else label),
                        frame_range=frames,
                        colorspace=colorspace,
                        enabled=renderable and bool(path),
                        note="; ".join(notes),
                    )
                )
        return outputs

    def _transform(self, shape: str) -> str:
        parents = self._cmds.listRelatives(shape, parent=True)
        return str(parents[0]) if parents else shape

    def _frames(self) -> tuple[FrameRange, str]:
        """The frames the render settings render, and a note when they are unusual."""
        cmds = self._cmds
        if not cmds.getAttr(f"{_GLOBALS}.animation"):
            frame = round(cmds.currentTime(query=True))
            return FrameRange(frame, frame), "a single frame (animation is off)"
        start = float(cmds.getAttr(f"{_GLOBALS}.startFrame"))
        end = float(cmds.getAttr(f"{_GLOBALS}.endFrame"))
        step = float(cmds.getAttr(f"{_GLOBALS}.byFrameStep"))
        notes = []
        if step != 1:
            notes.append(f"renders every {step:g} frames")
        if not (start.is_integer() and end.is_integer()):
            notes.append(f"fractional frame range {start:g}-{end:g}")
        first, last = round(start), round(end)
        return FrameRange(first, max(first, last)), "; ".join(notes)

    def _image_path(self, layer: str, camera: str, frames: FrameRange) -> str:
        """The first image's full path as Maya names it, its frame number written `#`s."""
        cmds = self._cmds
        names = cmds.renderSettings(firstImageName=True, fullPath=True, layer=layer, camera=camera)
        if not names:
            raise HostError(f"Maya names no image for layer {layer} and camera {camera}")
        first = str(names[0])
        if not cmds.getAttr(f"{_GLOBALS}.animation"):
            return first  # one image, no frame number in its name
        last = cmds.renderSettings(lastImageName=True, fullPath=True, layer=layer, camera=camera)
        padding = int(cmds.getAttr(f"{_GLOBALS}.extensionPadding"))
        return frame_pattern(first, str(last[0]), frames.first, frames.last, padding)

    def _colorspace(self) -> str | None:
        """What rendered images hold: the renderer's output transform when it is on, else
        the rendering space; None without colour management."""
        prefs = self._cmds.colorManagementPrefs
        if not prefs(query=True, cmEnabled=True):
            return None
        if prefs(query=True, outputTransformEnabled=True, outputTarget="renderer"):
            name = prefs(query=True, outputTransformName=True, outputTarget="renderer")
        else:
            name = prefs(query=True, renderingSpaceName=True)
        return str(name) if name else None

    def _workfile(self) -> CollectedOutput:
        path = self.scene_path()
        return workfile_output(
            path,
            untitled="untitled",
            how_to_save="the scene was never saved: save it (File > Save Scene As)",
            modified=path is not None and self.scene_modified(),
            loads=self._loaded_files(),
        )

    def _loaded_files(self) -> list[str]:
        """Referenced scenes (without their `{2}` copy numbers), file textures and Alembic
        caches the scene reads."""
        cmds = self._cmds
        found = [
            re.sub(r"\{\d+\}$", "", str(reference))
            for reference in cmds.file(query=True, reference=True) or []
        ]
        for node_type, attribute in LOADING_NODES:
            found += [
                str(cmds.getAttr(f"{n}.{attribute}") or "") for n in cmds.ls(type=node_type) or []
            ]
        return found

    # --- threads and menus ------------------------------------------------------------------

    def run_in_main_thread(self, function: Callable[[], T]) -> T:
        """maya.utils.executeInMainThreadWithResult: at once on the main thread, else at
        Maya's next idle time while the calling thread waits."""
        result: T = self._utils.executeInMainThreadWithResult(function)
        return result

    def add_menu(self, title: str, commands: Sequence[MenuCommand]) -> None:
        """Build (or rebuild) the `title` menu on Maya's main window. Called from
        userSetup.py, before the main window exists, the build is deferred to Maya's idle
        time; in batch mode there is no menu."""
        if self._cmds.about(batch=True):
            return
        name = re.sub(r"\W", "_", title) + "Menu"
        items = tuple(commands)

        def build() -> None:
            parent = self._main_window_name()
            if not parent:
                return  # still no main window (mayapy, -prompt): nothing to add to
            if self._cmds.menu(name, exists=True):
                self._cmds.deleteUI(name, menu=True)
            menu = self._cmds.menu(name, parent=parent, label=title, tearOff=True)
            for command in items:
                self._cmds.menuItem(
                    label=command.label,
                    command=_menu_callback(command.action),
                    parent=menu,
                    **_shortcut_flags(command.shortcut),
                )

        if self._main_window_name():
            build()
        else:
            self._cmds.evalDeferred(build, lowestPriority=True)

    def _main_window_name(self) -> str:
        """`$gMainWindow` once Maya's main window exists, else "" (during start-up)."""
        try:
            name = str(self._mel.eval("$axiomMainWindow = $gMainWindow") or "")
        except RuntimeError:  # MelError: not declared yet while Maya starts
            return ""
        return name if name and self._cmds.window(name, exists=True) else ""


def _menu_callback(action: Callable[[], None]) -> Callable[..., None]:
    """Maya calls a menu item's Python command with the item's checked state."""

    def run(*_state: Any) -> None:
        action()

    return run


def _shortcut_flags(shortcut: str) -> dict[str, Any]:
    """`Ctrl+Alt+P` -> keyEquivalent="p", ctrlModifier=True, altModifier=True (Shift makes
    the key upper case, as Maya reads it)."""
    parts = [part.strip() for part in shortcut.split("+") if part.strip()]
    if not parts:
        return {}
    *modifiers, key = parts
    lowered = {modifier.lower() for modifier in modifiers}
    flags: dict[str, Any] = {"keyEquivalent": key.upper() if "shift" in lowered else key.lower()}
    if "ctrl" in lowered:
        flags["ctrlModifier"] = True
    if "alt" in lowered:
        flags["altModifier"] = True
    if lowered & {"cmd", "meta"}:
        flags["commandModifier"] = True
    return flags
