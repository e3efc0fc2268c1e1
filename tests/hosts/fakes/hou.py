"""A small, stateful fake of Houdini's `hou` module (and of `hdefereval`), faithful to the
documented HOM API for what AXIOM uses. Houdini cannot be installed here; this can.

Public names (for fixtures and the contract suite)::

    from tests.hosts.fakes import hou as fake_hou

    scene = fake_hou.install(monkeypatch)        # FakeHoudiniScene: a fresh, empty scene
    hou = scene.module                           # the same object as sys.modules["hou"]
    rop = hou.node("/out").createNode("ifd", "beauty")
    rop.parm("vm_picture").set("$HIP/render/$OS.$F4.exr")
    scene.create("/out", "geometry", "sim", trange=1, f1=1001, f2=1010)  # create + set parms
    hou.hipFile.save(str(tmp_path / "shot.hip"))  # a new scene is <cwd>/untitled.hip

`install(monkeypatch, ui=True)` puts `hou` and `hdefereval` in `sys.modules` (monkeypatch
undoes it). `ui=False` is hython: `hou.isUIAvailable()` is False, `hou.qt.mainWindow()`
is None, and `hou.ui.*` and `hdefereval.*` raise `hou.NotAvailable`.

FakeHoudiniScene: `module`, `hdefereval`, `create(parent, type, name=None, bypassed=False,
**parms)`, `main_window()` (made on first use), `close()` (call when the test ends: closes
the main window), `messages` (each `hou.ui.displayMessage` as a `Message`), `message_answers`
(button indices that answer the next messages; else the default choice),
`process_events()` (runs the `hou.ui.addEventLoopCallback` callbacks once, main thread
only), `main_thread_calls` (how many hdefereval calls ran), `off_main_thread` (the HOM
calls made from another thread: Houdini allows them, AXIOM must not make them),
`ui_available`. Houdini runs event-loop callbacks from its Qt event loop; here a
`hdefereval` call also wakes the callbacks through a queued Qt signal, so a Qt loop
spinning on the main thread (`qtbot.waitUntil`) serves it, or call `process_events()`.

Node types are in tests/hosts/fakes/hou_types.py (ROPs in /out, /obj ROP networks, SOP and
LOP ROPs, cameras, and two locked assets with a ROP inside: `filecache::2.0`, the Karma
LOP), nodes and parms in hou_nodes.py, the modules' functions in hou_api.py.
Stricter than Houdini: `hdefereval.executeInMainThreadWithResult` on the main thread raises
RuntimeError (Houdini would hang).
"""

from __future__ import annotations

import functools
import os
import queue
import sys
import threading
import types
import weakref
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.hosts.fakes import hou_api
from tests.hosts.fakes import hou_nodes as nodes
from tests.hosts.fakes.hou_api import VERSION
from tests.hosts.fakes.hou_types import NODE_TYPES, ExpandContext, expand

# One module object each for the whole test run (so `import hou` at an adapter's top level
# keeps working); install() fills them with a fresh scene's functions.
MODULE = types.ModuleType("hou", "Fake Houdini Object Model (tests/hosts/fakes/hou.py)")
HDEFEREVAL = types.ModuleType("hdefereval", "Fake of Houdini's hdefereval (main-thread calls)")


class FakeHoudiniScene:
    """One Houdini session: the node tree, the hip file, time, the UI and the event loop."""

    def __init__(self, ui_available: bool = True) -> None:
        self.ui_available = ui_available
        self.categories = {name: nodes.NodeTypeCategory(name) for name in NODE_TYPES}
        self.root = nodes.Node(self, None, "", nodes.NodeType("root", self.categories["Director"]))
        for name in ("obj", "out", "stage", "mat"):
            self.root.createNode(name, name)
        self.hip_path = (Path.cwd() / "untitled.hip").as_posix()
        self.new_file, self.dirty = True, False
        self.frame, self.fps = 1.0, 24.0
        self.frame_range = self.playback_range = (1.0, 240.0)
        self.env: dict[str, str] = {"JOB": self.hip_path.rpartition("/")[0]}
        self.messages: list[nodes.Message] = []
        self.message_answers: deque[int] = deque()
        self.main_thread_calls = 0
        self.off_main_thread: list[str] = []
        self._evaluating: list[tuple[nodes.Node, float]] = []
        self._callbacks: list[Callable[[], None]] = []
        self._requests: queue.SimpleQueue[_Request] = queue.SimpleQueue()
        self._main_window: Any = None
        self._waker: Any = _make_waker(weakref.ref(self)) if ui_available else None
        self.module, self.hdefereval = MODULE, HDEFEREVAL
        if ui_available:
            self._callbacks.append(self._run_requests)

    # --- for tests --------------------------------------------------------------------

    def create(
        self,
        parent: str,
        type_name: str,
        name: str | None = None,
        *,
        bypassed: bool = False,
        **parms: object,
    ) -> nodes.Node:
        """`hou.node(parent).createNode(type_name, name)` with parms set (and bypassed)."""
        parent_node = self.root.node(parent)
        if parent_node is None:
            raise nodes.OperationFailed(f"no node {parent}")
        node = parent_node.createNode(type_name, name)
        for parm_name, value in parms.items():
            parm = node.parm(parm_name)
            if parm is None:
                raise KeyError(f"{type_name} has no parm {parm_name!r}")
            parm.set(value)
        node.bypass(bypassed)
        return node

    def close(self) -> None:
        """Close the main window (if one was made); call at the end of a test."""
        if self._main_window is not None:
            self._main_window.close()
            self._main_window.deleteLater()
            self._main_window = None

    def process_events(self) -> None:
        """One turn of Houdini's event loop: every event-loop callback runs once."""
        if threading.current_thread() is not threading.main_thread():
            raise RuntimeError("the event loop runs on the main thread")
        for callback in list(self._callbacks):
            callback()

    # --- used by the node classes -----------------------------------------------------

    def mark_changed(self) -> None:
        self.dirty = True

    def note_thread(self, call: str) -> None:
        if threading.current_thread() is not threading.main_thread():
            self.off_main_thread.append(call)

    def current_frame(self) -> float:
        return self._evaluating[-1][1] if self._evaluating else self.frame

    def expand(self, text: str, frame: float | None = None, node: nodes.Node | None = None) -> str:
        context = ExpandContext(
            frame=self.current_frame() if frame is None else frame,
            node_name=None if node is None else node.name(),
            hip_path=self.hip_path,
            frame_range=self.frame_range,
            fps=self.fps,
            getenv=self.getenv,
        )
        return expand(text, context)

    def evaluate_python(self, text: str, node: nodes.Node, frame: float) -> object:
        """A Python parameter expression: `hou.frame()` and `hou.pwd()` are its frame and node."""
        with self._evaluate(node, frame):
            return eval(text, {"hou": self.module})

    def getenv(self, name: str) -> str | None:
        if name in ("HIP", "HIPNAME", "HIPFILE", "FPS", "FSTART", "FEND"):
            return self.expand(f"${name}")
        return self.env.get(name, os.environ.get(name))

    @contextmanager
    def _evaluate(self, node: nodes.Node, frame: float) -> Iterator[None]:
        self._evaluating.append((node, frame))
        try:
            yield
        finally:
            self._evaluating.pop()

    def main_window(self) -> Any:
        if not self.ui_available:
            return None
        if self._main_window is None:
            from qtpy import QtWidgets

            self._main_window = QtWidgets.QMainWindow()
            self._main_window.setWindowTitle("Houdini FX")
        return self._main_window

    def require_ui(self, what: str) -> None:
        if not self.ui_available:
            raise nodes.NotAvailable(f"{what} needs the graphical Houdini (no UI in hython)")

    def save_hip(self, file_name: str | None) -> None:
        target = Path(file_name).absolute() if file_name else Path(self.hip_path)
        if not target.parent.is_dir():
            raise nodes.OperationFailed(f"cannot save {target}: no folder {target.parent}")
        lines = [f"# fake hip {'.'.join(map(str, VERSION))}", f"fps {self.fps}"]
        for node in self.root.allSubChildren():
            lines.append(f"node {node.path()} {node.type().name()} bypass={node.isBypassed()}")
            lines += [f"parm {parm.name()} {parm._value!r}" for parm in node.parms()]
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.hip_path, self.new_file, self.dirty = target.as_posix(), False, False

    def display_message(self, text: str, buttons: tuple[str, ...], default: int, title: Any) -> int:
        self.require_ui("hou.ui.displayMessage")
        answer = self.message_answers.popleft() if self.message_answers else default
        self.messages.append(nodes.Message(text, tuple(buttons), title, answer))
        return answer

    # --- hdefereval -------------------------------------------------------------------

    def submit(self, function: Callable[..., Any], args: Any, kwargs: Any, wait: bool) -> Any:
        self.require_ui("hdefereval")
        if wait and threading.current_thread() is threading.main_thread():
            raise RuntimeError("executeInMainThreadWithResult on the main thread would hang")
        request = _Request(functools.partial(function, *args, **kwargs))
        self._requests.put(request)
        if self._waker is not None:
            self._waker.wake.emit()
        if not wait:
            return None
        request.done.wait()
        return request.outcome()

    def _run_requests(self) -> None:
        while True:
            try:
                request = self._requests.get_nowait()
            except queue.Empty:
                return
            self.main_thread_calls += 1
            request.run()


class _Request:
    def __init__(self, function: Callable[[], Any]) -> None:
        self.function, self.done = function, threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.function()
        except BaseException as error:  # raised again in the waiting thread
            self.error = error
        finally:
            self.done.set()

    def outcome(self) -> Any:
        if self.error is not None:
            raise self.error
        return self.result


def _make_waker(scene_ref: weakref.ref[FakeHoudiniScene]) -> Any:
    """A QObject on the main thread whose queued `wake` signal turns the event loop once."""
    from qtpy import QtCore

    class EventLoopWaker(QtCore.QObject):
        wake = QtCore.Signal()

        def __init__(self) -> None:
            super().__init__()
            self.wake.connect(self.turn, QtCore.Qt.ConnectionType.QueuedConnection)

        @QtCore.Slot()
        def turn(self) -> None:
            scene = scene_ref()
            if scene is not None:
                scene.process_events()

    return EventLoopWaker()


def install(monkeypatch: pytest.MonkeyPatch, *, ui: bool = True) -> FakeHoudiniScene:
    """A fresh, empty Houdini scene whose `hou` and `hdefereval` modules are in sys.modules
    until the test ends. `ui=False` behaves as hython (no UI, hdefereval unavailable)."""
    scene = FakeHoudiniScene(ui_available=ui)
    hou_api.fill(MODULE, hou_api.hou_members(scene))
    hou_api.fill(HDEFEREVAL, hou_api.hdefereval_members(scene))
    monkeypatch.setitem(sys.modules, "hou", scene.module)
    monkeypatch.setitem(sys.modules, "hdefereval", scene.hdefereval)
    return scene


Message = nodes.Message
OperationFailed = nodes.OperationFailed
NotAvailable = nodes.NotAvailable
