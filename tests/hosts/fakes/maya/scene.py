"""The state of one fake Maya session: the scene's nodes and file, the workspace, the UI
(main window, menus) and the idle queue that `evalDeferred` / `maya.utils` feed.

Everything a test arranges goes through `FakeMayaScene`'s helpers (`add_render_layer`,
`add_camera`, `set_render_range`, ...); the code under test only sees the `maya` modules
built in `modules.py`, which read and change this state the way Maya's commands do.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAIN_WINDOW_NAME = "MayaWindow"
MAYA_VERSION = "2025"

# Idle queue priorities: `evalDeferred(evaluateNext=True)` first, then the usual ones
# (`evalDeferred`, `executeDeferred`, calls from other threads), then low, then lowest.
NEXT, NORMAL, LOW, LOWEST = 0, 1, 2, 3


@dataclass
class Node:
    """A dependency node: its type, its attributes and (for DAG shapes) its parent."""

    name: str
    type: str
    attrs: dict[str, Any] = field(default_factory=dict)
    parent: str | None = None


@dataclass
class MenuItem:
    name: str  # the full path, "MayaWindow|AXIOMMenu|menuItem3"
    label: str
    command: Callable[..., Any] | str | None
    divider: bool = False
    key_equivalent: str = ""
    modifiers: tuple[str, ...] = ()

    def invoke(self) -> Any:
        """What Maya does when the item is chosen: a Python command gets the item's checked
        state (False for a plain item) as its one argument."""
        if callable(self.command):
            return self.command(False)
        if isinstance(self.command, str):
            exec(self.command, {"__name__": "__main__"})
        return None


@dataclass
class Menu:
    name: str  # the short name, unique under its parent
    parent: str
    label: str
    tear_off: bool
    items: list[MenuItem] = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"{self.parent}|{self.name}"

    def item(self, label: str) -> MenuItem:
        for item in self.items:
            if item.label == label:
                return item
        raise KeyError(f"no menu item {label!r} in {self.name}: {[i.label for i in self.items]}")


@dataclass
class _Idle:
    priority: int
    function: Callable[[], Any]
    text: str


class FakeMayaScene:
    """One interactive Maya session with a fresh, untitled scene (as Maya opens).

    Defaults follow a new Maya scene: frames 1-10 with `animation` off, padding 1, the
    `iff` format, the `persp` camera renderable, the `defaultRenderLayer` only, time unit
    `film`, colour management on with the `ACEScg` rendering space, the UI built. Set
    `batch = True` for `maya -batch`, or call `start_up()` to be inside userSetup.py (no
    main window until `finish_start_up()`, which also runs the deferred commands).
    """

    def __init__(self, workspace: str = "/projects/default") -> None:
        self.main_thread = threading.current_thread()
        self.scene_name = ""  # "" while untitled, as `file -q -sceneName` answers
        self.modified = False
        self.saved_paths: list[str] = []  # every path `file -save` wrote, in order
        self.references: list[str] = []  # `file -q -reference`: referenced files, `{2}` on copies
        self.workspace_root = workspace.rstrip("/") + "/"
        self.file_rules: dict[str, str] = {"images": "images", "scene": "scenes"}
        self.time_unit = "film"
        self.current_time = 1.0
        self.current_layer = "defaultRenderLayer"
        self.color_management: dict[str, Any] = {
            "cmEnabled": True,
            "renderingSpaceName": "ACEScg",
            "viewTransformName": "ACES 1.0 SDR-video (sRGB)",
            "outputTransformEnabled": {"renderer": False, "playblast": True},
            "outputTransformName": {
                "renderer": "ACES 1.0 SDR-video (sRGB)",
                "playblast": "ACES 1.0 SDR-video (sRGB)",
            },
        }
        self.batch = False
        self.ui_built = True
        self.menus: dict[str, Menu] = {}  # short name -> menu
        self.menu_item_count = 0
        self.nodes: dict[str, Node] = {}
        self._idle: list[_Idle] = []
        self._idle_lock = threading.Lock()
        self._window: Any = None
        self._pump: Any = None
        self._add_defaults()

    # --- arranging a scene (test helpers, not Maya API) ----------------------------------

    def _add_defaults(self) -> None:
        self.add_node("defaultRenderGlobals", "renderGlobals", {
            "startFrame": 1.0, "endFrame": 10.0, "byFrameStep": 1.0, "animation": False,
            "imageFilePrefix": None, "extensionPadding": 1, "imageFormat": 7,
            "imfPluginKey": None, "currentRenderer": "mayaSoftware",
        })  # fmt: skip
        self.add_node("defaultResolution", "resolution", {"width": 640, "height": 480})
        self.add_node("defaultRenderLayer", "renderLayer", {"renderable": True})
        for camera, renderable in (("persp", True), ("top", False), ("front", False)):
            self.add_camera(camera, renderable=renderable)
        self.add_camera("side", renderable=False)
        self.modified = False

    def add_node(self, name: str, type_: str, attrs: dict[str, Any] | None = None) -> Node:
        if name in self.nodes:
            raise ValueError(f"a node named {name!r} exists already")
        node = Node(name, type_, dict(attrs or {}))
        self.nodes[name] = node
        self.modified = True
        return node

    def add_camera(self, transform: str, renderable: bool = True) -> str:
        """A camera transform and its shape (`<transform>Shape`); returns the shape's name."""
        self.add_node(transform, "transform", {"visibility": True})
        shape = self.add_node(f"{transform}Shape", "camera", {"renderable": renderable})
        shape.parent = transform
        return shape.name

    def add_render_layer(self, name: str, renderable: bool = True) -> str:
        """A Render Setup layer: its renderLayer node is `rs_<name>`, which is returned."""
        return self.add_node(f"rs_{name}", "renderLayer", {"renderable": renderable}).name

    def set_render_range(
        self, first: float, last: float, padding: int = 4, animation: bool = True
    ) -> None:
        self.set_globals(
            startFrame=float(first),
            endFrame=float(last),
            extensionPadding=padding,
            animation=animation,
        )

    def set_globals(self, **attrs: Any) -> None:
        """Set attributes of defaultRenderGlobals (`imageFilePrefix="<Scene>/<RenderLayer>"`)."""
        self.nodes["defaultRenderGlobals"].attrs.update(attrs)
        self.modified = True

    def set_scene_name(self, path: str | Path) -> None:
        """As if the scene had been opened from `path` (nothing is read)."""
        self.scene_name = Path(path).as_posix()
        self.modified = False

    def menu(self, name: str) -> Menu:
        """The menu whose short name (or full path) is `name`."""
        return self.menus[name.rsplit("|", 1)[-1]]

    # --- Maya's rules ----------------------------------------------------------------------

    def check_main_thread(self, command: str) -> None:
        """Maya commands raise when called outside the main thread."""
        if threading.current_thread() is not self.main_thread:
            raise RuntimeError(
                f"{command}: Maya commands can only be run from the main thread "
                f"(called from {threading.current_thread().name})"
            )
        self.ensure_idle_pump()

    @property
    def main_window_name(self) -> str:
        return MAIN_WINDOW_NAME if self.ui_built and not self.batch else ""

    def start_up(self) -> None:
        """Maya is starting: userSetup.py runs before the main window and its menus exist."""
        self.ui_built = False

    def finish_start_up(self) -> None:
        """The main window is built; Maya then runs what was deferred while starting."""
        self.ui_built = True
        self.process_idle()

    # --- the idle queue ------------------------------------------------------------------

    def defer(self, function: Callable[[], Any], priority: int = NORMAL, text: str = "") -> None:
        """Queue `function` for the next idle time (from any thread)."""
        with self._idle_lock:
            self._idle.append(_Idle(priority, function, text or repr(function)))
        self._wake_pump()

    def pending(self, priority: int | None = None) -> list[str]:
        with self._idle_lock:
            return [i.text for i in self._idle if priority is None or i.priority == priority]

    def process_idle(self, limit: int = 10_000) -> int:
        """Run the idle queue until it is empty, most urgent first (lowest priority only when
        nothing else waits); returns how many ran. Called on the main thread only."""
        if threading.current_thread() is not self.main_thread:
            raise RuntimeError("idle events run on Maya's main thread only")
        ran = 0
        while ran < limit:
            with self._idle_lock:
                if not self._idle:
                    return ran
                entry = min(self._idle, key=lambda i: i.priority)  # first of the most urgent
                self._idle.remove(entry)
            ran += 1
            entry.function()
        raise RuntimeError(f"the idle queue did not empty after {limit} calls")

    def ensure_idle_pump(self) -> None:
        """With a QApplication, Maya's idle events run from the Qt event loop: posted events
        make the main thread run the idle queue whenever it spins its loop."""
        if self._pump is None:
            from tests.hosts.fakes.maya.qt import make_idle_pump

            self._pump = make_idle_pump(self)

    def _wake_pump(self) -> None:
        if self._pump is None:
            self.ensure_idle_pump()
        if self._pump is not None:
            from tests.hosts.fakes.maya.qt import wake

            wake(self._pump)

    # --- the main window -------------------------------------------------------------------

    def main_window_widget(self) -> Any:
        """The real QMainWindow (objectName "MayaWindow") that MQtUtil.mainWindow() points at;
        made on first use, on the main thread, which needs a QApplication."""
        if self._window is None:
            from tests.hosts.fakes.maya.qt import make_main_window

            self._window = make_main_window(self)
        return self._window

    def close(self) -> None:
        """Delete the main window and the idle pump (a fixture's teardown)."""
        from tests.hosts.fakes.maya.qt import dispose

        for obj in (self._window, self._pump):
            if obj is not None:
                dispose(obj)
        self._window = self._pump = None
