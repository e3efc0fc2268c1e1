"""The functions of the fake `hou` and `hdefereval` modules over one FakeHoudiniScene
(tests/hosts/fakes/hou.py): `hou.node`, `hou.frame`, `hou.fps`, `hou.hipFile`, `hou.playbar`,
`hou.ui`, `hou.qt`, `hou.getenv`, `hou.expandString`, ... as HOM documents them. Every call
made from a thread other than the main one is noted in `scene.off_main_thread`.
"""

from __future__ import annotations

import functools
import os
import types
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tests.hosts.fakes import hou_nodes as nodes

if TYPE_CHECKING:
    from tests.hosts.fakes.hou import FakeHoudiniScene

VERSION = (20, 5, 410)


def _recorded(scene: FakeHoudiniScene, name: str, function: Callable[..., Any]) -> Any:
    """`function`, noting in `scene.off_main_thread` each call from another thread."""

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        scene.note_thread(name)
        return function(*args, **kwargs)

    return call


def _namespace(scene: FakeHoudiniScene, qualname: str, /, **members: Any) -> Any:
    space = types.SimpleNamespace(
        **{key: _recorded(scene, f"{qualname}.{key}", value) for key, value in members.items()}
    )
    space.__name__ = qualname
    return space


def fill(module: types.ModuleType, members: dict[str, Any]) -> None:
    for name in [name for name in vars(module) if not name.startswith("__")]:
        delattr(module, name)
    for name, value in members.items():
        setattr(module, name, value)


def hou_members(scene: FakeHoudiniScene) -> dict[str, Any]:
    def set_frame(frame: float) -> None:
        scene.frame = float(frame)

    def set_fps(fps: float) -> None:
        scene.fps = float(fps)
        scene.mark_changed()

    def set_frame_range(start: float, end: float) -> None:
        scene.frame_range = (float(start), float(end))
        scene.mark_changed()

    def set_playback_range(start: float, end: float) -> None:
        scene.playback_range = (float(start), float(end))

    def display_message(
        text: str,
        buttons: tuple[str, ...] = ("OK",),
        severity: int = 0,
        default_choice: int = 0,
        close_choice: int | None = None,
        help: str | None = None,
        title: str | None = None,
        **details: Any,
    ) -> int:
        return scene.display_message(text, buttons, default_choice, title)

    def add_callback(callback: Callable[[], None]) -> None:
        scene.require_ui("hou.ui.addEventLoopCallback")
        scene._callbacks.append(callback)

    def remove_callback(callback: Callable[[], None]) -> None:
        scene.require_ui("hou.ui.removeEventLoopCallback")
        scene._callbacks.remove(callback)

    def putenv(name: str, value: str) -> None:
        scene.env[name] = value

    def unsetenv(name: str) -> None:
        scene.env.pop(name, None)

    def expand_at(text: str, frame: float) -> str:
        return scene.expand(text, frame)

    categories = scene.categories
    members: dict[str, Any] = {
        "node": scene.root.node,
        "root": lambda: scene.root,
        "pwd": lambda: scene._evaluating[-1][0] if scene._evaluating else scene.root.node("/obj"),
        "nodeTypeCategories": lambda: dict(categories),
        "ropNodeTypeCategory": lambda: categories["Driver"],
        "objNodeTypeCategory": lambda: categories["Object"],
        "sopNodeTypeCategory": lambda: categories["Sop"],
        "lopNodeTypeCategory": lambda: categories["Lop"],
        "frame": scene.current_frame,
        "intFrame": lambda: round(scene.current_frame()),
        "setFrame": set_frame,
        "fps": lambda: scene.fps,
        "setFps": set_fps,
        "time": lambda: (scene.current_frame() - 1.0) / scene.fps,
        "getenv": lambda name, default_value=None: _or(scene.getenv(name), default_value),
        "putenv": putenv,
        "unsetenv": unsetenv,
        "expandString": scene.expand,
        "expandStringAtFrame": expand_at,
        "isUIAvailable": lambda: scene.ui_available,
        "applicationVersion": lambda: VERSION,
        "applicationVersionString": lambda: ".".join(map(str, VERSION)),
        "applicationName": lambda: "houdini",
    }
    members = {key: _recorded(scene, f"hou.{key}", value) for key, value in members.items()}
    members["exprLanguage"] = nodes.exprLanguage
    members["severityType"] = nodes.severityType
    members["session"] = types.ModuleType("hou.session")
    members["text"] = _namespace(
        scene, "hou.text", expandString=scene.expand, expandStringAtFrame=expand_at
    )
    members["hipFile"] = _namespace(
        scene,
        "hou.hipFile",
        path=lambda: scene.hip_path,
        basename=lambda: scene.hip_path.rpartition("/")[2],
        name=lambda: os.path.relpath(scene.hip_path),
        isNewFile=lambda: scene.new_file,
        hasUnsavedChanges=lambda: scene.dirty,
        save=lambda file_name=None, save_to_recent_files=True: scene.save_hip(file_name),
    )
    members["playbar"] = _namespace(
        scene,
        "hou.playbar",
        frameRange=lambda: nodes.Vector2(scene.frame_range),
        setFrameRange=set_frame_range,
        playbackRange=lambda: nodes.Vector2(scene.playback_range),
        setPlaybackRange=set_playback_range,
    )
    members["ui"] = _namespace(
        scene,
        "hou.ui",
        displayMessage=display_message,
        addEventLoopCallback=add_callback,
        removeEventLoopCallback=remove_callback,
        eventLoopCallbacks=lambda: tuple(scene._callbacks),
    )
    members["qt"] = _namespace(scene, "hou.qt", mainWindow=scene.main_window)
    for name in (
        "Error",
        "OperationFailed",
        "NotAvailable",
        "ObjectWasDeleted",
        "Vector2",
        "Node",
        "NodeType",
        "NodeTypeCategory",
        "Parm",
        "ParmTuple",
    ):
        members[name] = getattr(nodes, name)
    return members


def _or(value: str | None, default: Any) -> Any:
    return default if value is None else value


def hdefereval_members(scene: FakeHoudiniScene) -> dict[str, Any]:

    def execute_deferred(code: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        scene.submit(code, args, kwargs, wait=False)

    def execute_with_result(code: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return scene.submit(code, args, kwargs, wait=True)

    def execute(code: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        scene.submit(code, args, kwargs, wait=True)

    return {
        "executeDeferred": execute_deferred,
        "executeInMainThreadWithResult": execute_with_result,
        "executeInMainThread": execute,
    }
