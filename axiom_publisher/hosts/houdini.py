"""Houdini as a host: render and cache ROPs and the hip file; dialogs parent to
`hou.qt.mainWindow()`.

Every method that reads the scene runs on Houdini's main thread (the UI calls them there; a
worker goes through `run_in_main_thread`, which uses `hdefereval.executeInMainThreadWithResult`
in a graphical session). Houdini's menus are XML (MainMenuCommon.xml in the plugin package),
so `add_menu` registers the commands here and the menu's scripts run them with
`run_command(label, title)`.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import hou

from axiom_publisher.core.errors import HostError
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.host import CollectedOutput, MenuCommand, OutputKind
from axiom_publisher.hosts.base import (
    on_main_thread,
    ordered_outputs,
    product_name,
    run_through,
    sequence_pattern,
    unique_products,
    workfile_output,
)

T = TypeVar("T")

MENU_TITLE = "AXIOM"
# Node type -> the parameter naming the file it reads.
LOADING_PARMS = {
    "file": "file",
    "alembic": "fileName",
    "reference::2.0": "filepath1",
    "sublayer": "filepath1",
}
NETWORKS = ("/out", "/obj", "/stage")  # where ROPs live: /out, ROP networks, SOP/LOP ROPs
_PROBE_FRAME = 123456789  # evaluated at this frame, a path shows where its frame number goes
_FLIPBOOKS = frozenset({"ip", "md", "imdisplay"})  # Mantra's "render to MPlay" outputs
_VARIABLE = re.compile(r"\$\{?[A-Za-z_]\w*\}?")  # one Houdini could not expand


@dataclass(frozen=True, slots=True)
class RopType:
    """What a ROP type writes: its output parameter, the kind, its camera parameter."""

    output_parm: str
    kind: OutputKind
    camera_parm: str = ""


_RENDER, _CACHE = OutputKind.RENDER, OutputKind.CACHE

# (node type category, type name without namespace or version) -> what it writes
ROP_TYPES: dict[tuple[str, str], RopType] = {
    ("Driver", "ifd"): RopType("vm_picture", _RENDER, "camera"),  # Mantra
    ("Driver", "karma"): RopType("picture", _RENDER, "camera"),
    ("Driver", "usdrender"): RopType("outputimage", _RENDER),
    ("Driver", "arnold"): RopType("ar_picture", _RENDER, "camera"),
    ("Driver", "opengl"): RopType("picture", _RENDER, "camera"),
    ("Driver", "comp"): RopType("copoutput", _RENDER),
    ("Driver", "Redshift_ROP"): RopType("RS_outputFileNamePrefix", _RENDER, "RS_renderCamera"),
    ("Driver", "geometry"): RopType("sopoutput", _CACHE),
    ("Driver", "alembic"): RopType("filename", _CACHE),
    ("Driver", "usd"): RopType("lopoutput", _CACHE),
    ("Driver", "filmboxfbx"): RopType("sopoutput", _CACHE),
    ("Sop", "rop_geometry"): RopType("sopoutput", _CACHE),
    ("Sop", "rop_alembic"): RopType("filename", _CACHE),
    ("Sop", "rop_fbx"): RopType("sopoutput", _CACHE),
    ("Lop", "usdrender_rop"): RopType("outputimage", _RENDER),
    ("Lop", "usd_rop"): RopType("lopoutput", _CACHE),
}

# title -> the commands the menu XML runs (Houdini builds the menu itself from the XML)
_MENUS: dict[str, tuple[MenuCommand, ...]] = {}


class HoudiniHost:
    """The running Houdini session (graphical or hython). Made on the main thread."""

    identifier = "com.sidefx.houdini"
    display_name = "Houdini"

    def __init__(self) -> None:
        self._graphical = bool(hou.isUIAvailable())  # read here: no HOM call off the main thread

    def main_window(self) -> object | None:
        if not self._graphical:
            return None
        window: object | None = hou.qt.mainWindow()
        return window

    def scene_path(self) -> Path | None:
        if hou.hipFile.isNewFile():  # never saved: path() is <cwd>/untitled.hip
            return None
        return Path(hou.hipFile.path())

    def scene_modified(self) -> bool:
        return bool(hou.hipFile.hasUnsavedChanges())

    def save_scene(self) -> Path:
        path = self.scene_path()
        if path is None:
            raise HostError(
                "the hip file has never been saved: save it once with File > Save As (in the "
                "shot's work folder), then publish again"
            )
        try:
            hou.hipFile.save()
        except hou.Error as error:
            raise HostError(f"Houdini could not save {path}: {_message(error)}") from error
        return path

    def scene_fps(self) -> float | None:
        fps = float(hou.fps())
        return fps if fps > 0 else None

    def scene_resolution(self) -> tuple[int, int] | None:
        """The first render camera's resx/resy (of the render ROPs in order, else the first
        camera in /obj); a ROP's own resolution override is not read."""
        for camera in _cameras():
            resx, resy = camera.parm("resx"), camera.parm("resy")
            if resx is not None and resy is not None:
                return int(resx.eval()), int(resy.eval())
        return None

    def collect(self) -> list[CollectedOutput]:
        outputs = [_rop_output(node, rop_type) for node, rop_type in _rops()]
        outputs.append(self._workfile())
        return unique_products(ordered_outputs(outputs))

    def _workfile(self) -> CollectedOutput:
        try:
            frame_range = _range(*hou.playbar.frameRange())  # the global animation range
        except hou.Error:  # hou.NotAvailable, should a session have no playbar
            frame_range = None
        return workfile_output(
            self.scene_path(),
            untitled="untitled.hip",
            how_to_save="save the hip file (File > Save As)",
            frame_range=frame_range,
            loads=_loaded_files(),
        )

    def run_in_main_thread(self, function: Callable[[], T]) -> T:
        if on_main_thread() or not self._graphical:
            return function()  # hython has no event loop to post to; HOM locks for itself
        hdefereval = importlib.import_module("hdefereval")  # graphical sessions only
        return run_through(hdefereval.executeInMainThreadWithResult, function, "Houdini")

    def add_menu(self, title: str, commands: Sequence[MenuCommand]) -> None:
        _MENUS[title] = tuple(commands)


def commands(title: str = MENU_TITLE) -> tuple[MenuCommand, ...]:
    """The commands registered for the menu `title` (empty before AXIOM has loaded)."""
    return _MENUS.get(title, ())


def run_command(label: str, title: str = MENU_TITLE) -> None:
    """Run the command `label` of the menu `title`: what MainMenuCommon.xml's scripts call."""
    for command in commands(title):
        if command.label == label:
            command.action()
            return
    raise HostError(f"AXIOM has no {title!r} command {label!r}: is AXIOM loaded in Houdini?")


def _loaded_files() -> list[str]:
    """What the scene's File SOPs, Alembic SOPs and USD Reference / Sublayer LOPs read (at
    the current frame), bypassed nodes left out."""
    root: Any = hou.node("/")
    found = []
    nodes: tuple[Any, ...] = root.allSubChildren() if root is not None else ()
    for node in nodes:
        parm_name = LOADING_PARMS.get(node.type().name())
        parm = node.parm(parm_name) if parm_name else None
        bypassed = getattr(node, "isBypassed", None)  # SOPs and LOPs have it, not every node
        if parm is not None and not (bypassed is not None and bypassed()):
            found.append(str(parm.eval()))
    return found


def _rops() -> Iterator[tuple[Any, RopType]]:
    for network_path in NETWORKS:
        network = hou.node(network_path)
        if network is None:
            continue
        for node in network.allSubChildren():
            node_type = node.type()
            key = (node_type.category().name(), node_type.nameComponents()[2])
            rop_type = ROP_TYPES.get(key)
            if rop_type is not None:
                yield node, rop_type


def _cameras() -> Iterator[Any]:
    for node, rop_type in _rops():
        parm = node.parm(rop_type.camera_parm) if rop_type.camera_parm else None
        camera = node.node(parm.evalAsString()) if parm is not None else None
        if camera is not None and not node.isBypassed():
            yield camera
    obj = hou.node("/obj")
    if obj is not None:
        yield from (node for node in obj.allSubChildren() if node.type().name() == "cam")


def _rop_output(node: Any, rop_type: RopType) -> CollectedOutput:
    owner = _owner(node)
    bypassed = node.isBypassed() or (owner is not node and owner.isBypassed())
    problems: list[str] = ["the ROP is bypassed"] if bypassed else []
    remarks: list[str] = []
    path = ""
    parm = node.parm(rop_type.output_parm)
    if parm is None:
        problems.append(f"it has no {rop_type.output_parm} parameter")
    else:
        try:
            path = _output_path(parm)
        except (hou.Error, HostError) as error:
            problems.append(f"its output path cannot be read: {_message(error)}")
        else:
            path, problem = _checked(path, rop_type.output_parm)
            problems += [problem] if problem else []
    frame_range, step = _rop_range(node)
    if frame_range is None and node.parm("trange") is not None:
        problems.append("its frame range ends before it starts")
    if step != 1:
        remarks.append(f"it writes every {step:g} frames")
    kind = rop_type.kind
    return CollectedOutput(
        node=owner.path(),
        kind=kind,
        path=path,
        product=product_name(owner.name(), fallback="cache" if kind is _CACHE else "render"),
        frame_range=frame_range,
        enabled=not problems,
        note="; ".join(problems + remarks),
    )


def _checked(path: str, parm_name: str) -> tuple[str, str]:
    """The path made absolute (Houdini writes a relative one in its current folder) and
    what makes it unpublishable, if anything."""
    if not path:
        return path, f"its output ({parm_name}) is empty"
    if path in _FLIPBOOKS:
        return path, f"it renders to MPlay ({path}), not to a file"
    unexpanded = _VARIABLE.search(path)
    if unexpanded and re.fullmatch(r"\$\{?F\d*\}?", unexpanded.group(0)):
        return path, "the frame number is in a folder name; publish files of one folder"
    if unexpanded:
        return path, f"its path holds {unexpanded.group(0)}, which this session does not set"
    return os.path.abspath(path) if not os.path.isabs(path) else path, ""


def _owner(node: Any) -> Any:
    """What the artist knows a ROP by: the outermost locked asset around it (the ROP inside a
    File Cache SOP or a Karma LOP), else the ROP itself."""
    if not node.isInsideLockedHDA():
        return node
    owner, parent = node, node.parent()
    while parent is not None:
        if parent.isLockedHDA():
            owner = parent
        parent = parent.parent()
    return owner


def _output_path(parm: Any) -> str:
    """The parm's path with its frame number as a `%0Nd` token (`$F4` -> `%04d`): evaluated
    at a frame no path holds literally and at frame 1, the difference shows the token and
    its padding, whatever expression (`$F4`, `${F}`, `padzero`, Python) wrote it."""
    at_probe = str(parm.evalAsStringAtFrame(_PROBE_FRAME))
    at_one = str(parm.evalAsStringAtFrame(1))
    if at_probe == at_one:
        return at_probe  # one file for every frame
    parts = at_probe.split(str(_PROBE_FRAME))
    match = re.fullmatch(r"(\d+)".join(map(re.escape, parts)), at_one) if len(parts) > 1 else None
    if match is None:
        raise HostError(f"{at_one!r} changes with the frame in a way AXIOM cannot follow")
    tokens = ["$F" if len(digits) == 1 else f"$F{len(digits)}" for digits in match.groups()]
    path = parts[0] + "".join(token + part for token, part in zip(tokens, parts[1:], strict=True))
    return sequence_pattern(path)


def _rop_range(node: Any) -> tuple[FrameRange | None, float]:
    """The frames a ROP writes (`trange` 0: the current frame only) and its step."""
    trange, frames = node.parm("trange"), node.parmTuple("f")
    if trange is None or frames is None:
        return None, 1.0
    if int(trange.eval()) == 0:
        frame = round(float(hou.frame()))
        return FrameRange(frame, frame), 1.0
    start, end, step = (float(value) for value in frames.eval())
    return _range(start, end), step


def _range(start: float, end: float) -> FrameRange | None:
    first, last = round(float(start)), round(float(end))
    return FrameRange(first, last) if last >= first else None


def _message(error: BaseException) -> str:
    """HOM exceptions carry their text in instanceMessage(); others in str()."""
    instance_message = getattr(error, "instanceMessage", None)
    text = instance_message() if callable(instance_message) else ""
    return str(text or error).strip() or type(error).__name__
