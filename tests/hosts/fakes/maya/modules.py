"""The fake `maya` modules (maya, maya.cmds, maya.mel, maya.OpenMayaUI, maya.utils), built
over one FakeMayaScene."""

from __future__ import annotations

import re
import threading
import types
from collections.abc import Callable
from typing import Any

from tests.hosts.fakes.maya.cmds_scene import SceneCommands
from tests.hosts.fakes.maya.cmds_ui import UICommands
from tests.hosts.fakes.maya.scene import NORMAL, FakeMayaScene

MAIN_THREAD_WAIT_S = 60.0  # Maya would wait forever; a test that forgets the idle loop fails
_MAIN_WINDOW_MEL = re.compile(r"\s*(?:\$\w+\s*=\s*)?\$gMainWindow\s*;?\s*")


class MelError(RuntimeError):
    """maya.mel.MelError: a MEL statement failed."""


def build_modules(scene: FakeMayaScene) -> dict[str, types.ModuleType]:
    maya = types.ModuleType("maya")
    maya.__path__ = []  # a package, so `import maya.cmds` works
    cmds = types.ModuleType("maya.cmds")
    for commands in (SceneCommands(scene), UICommands(scene)):
        for name in dir(commands):
            if not name.startswith("_"):
                setattr(cmds, name, getattr(commands, name))
    mel = types.ModuleType("maya.mel")
    mel.MelError = MelError  # type: ignore[attr-defined]
    mel.eval = _mel_eval(scene)  # type: ignore[attr-defined]
    open_maya_ui = types.ModuleType("maya.OpenMayaUI")
    open_maya_ui.MQtUtil = _mqtutil(scene)  # type: ignore[attr-defined]
    utils = types.ModuleType("maya.utils")
    utils.executeInMainThreadWithResult = _in_main_thread(scene)  # type: ignore[attr-defined]
    utils.executeDeferred = _deferred(scene)  # type: ignore[attr-defined]
    utils.processIdleEvents = scene.process_idle  # type: ignore[attr-defined]
    modules = {"maya": maya, "maya.cmds": cmds, "maya.mel": mel}
    modules |= {"maya.OpenMayaUI": open_maya_ui, "maya.utils": utils}
    for full_name, module in modules.items():
        if "." in full_name:
            setattr(maya, full_name.split(".", 1)[1], module)
    return modules


def _mel_eval(scene: FakeMayaScene) -> Callable[[str], Any]:
    def eval(statement: str) -> Any:  # noqa: A001 - maya.mel.eval
        scene.check_main_thread("mel.eval")
        if _MAIN_WINDOW_MEL.fullmatch(statement):
            if not scene.main_window_name:  # declared when Maya builds its main window
                raise MelError("line 1: $gMainWindow is an undeclared variable.")
            return scene.main_window_name
        raise MelError(f"the fake MEL knows only $gMainWindow, not: {statement}")

    return eval


def _mqtutil(scene: FakeMayaScene) -> type:
    class MQtUtil:
        @staticmethod
        def mainWindow() -> int | None:  # noqa: N802 - Maya's name
            """The main window's address (None in batch mode or before it is built)."""
            if not scene.main_window_name:
                return None
            from tests.hosts.fakes.maya.qt import pointer

            return pointer(scene.main_window_widget())

    return MQtUtil


def _call(function: Callable[..., Any] | str, args: Any, kwargs: Any) -> Callable[[], Any]:
    if isinstance(function, str):
        code = function
        return lambda: exec(code, {"__name__": "__main__"})
    return lambda: function(*args, **kwargs)


def _in_main_thread(scene: FakeMayaScene) -> Callable[..., Any]:
    def executeInMainThreadWithResult(function: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N802
        """On the main thread: run now. Elsewhere: queue for the next idle time and wait;
        an exception raised there is raised here."""
        call = _call(function, args, kwargs)
        if threading.current_thread() is scene.main_thread:
            return call()
        done = threading.Event()
        outcome: dict[str, Any] = {}

        def run() -> None:
            try:
                outcome["result"] = call()
            except BaseException as error:  # handed to the waiting thread
                outcome["error"] = error
            finally:
                done.set()

        scene.defer(run, NORMAL, f"executeInMainThreadWithResult({function!r})")
        if not done.wait(MAIN_THREAD_WAIT_S):
            raise RuntimeError("nothing ran Maya's idle queue (no Qt event loop or idle call)")
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("result")

    return executeInMainThreadWithResult


def _deferred(scene: FakeMayaScene) -> Callable[..., None]:
    def executeDeferred(function: Any, *args: Any, **kwargs: Any) -> None:  # noqa: N802
        scene.defer(_call(function, args, kwargs), NORMAL, f"executeDeferred({function!r})")

    return executeDeferred
