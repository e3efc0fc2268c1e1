"""The contract harness (tests/hosts/fakes `FakeHostScene`) over the fake Maya: what an
artist does in Maya, done through maya.cmds and the scene's helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.host import Host
from tests.hosts.fakes.maya.scene import FakeMayaScene

_UNITS = {15.0: "game", 24.0: "film", 25.0: "pal", 30.0: "ntsc", 48.0: "show", 50.0: "palf"}
_UNITS[60.0] = "ntscf"


def _cmds() -> Any:
    import maya.cmds

    return maya.cmds


class MayaScene:
    """`add_render(name, ...)` makes a Render Setup layer `name` whose images go to
    `<folder>/<name>/<name>.####.exr` (the images file rule points at `folder`); the master
    layer stops rendering, as artists set it up; `frames` sets the scene's render range."""

    name = "maya"
    has_scene = True
    workfile_suffix = ".ma"

    def __init__(self, host: Host, scene: FakeMayaScene) -> None:
        self.host = host
        self.scene = scene

    def main_window(self) -> object:
        return self.scene.main_window_widget()

    def save_as(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)  # Save As can make the folder
        _cmds().file(rename=str(path))
        _cmds().file(save=True, type="mayaAscii")

    def modify(self) -> None:
        _cmds().setAttr("persp.visibility", False)

    def set_scene_settings(self, fps: float, width: int, height: int) -> None:
        _cmds().currentUnit(time=_UNITS.get(fps, f"{fps:g}fps"))
        _cmds().setAttr("defaultResolution.width", width)
        _cmds().setAttr("defaultResolution.height", height)

    def load(self, path: str) -> None:
        """A file texture node reading `path` (Maya writes `<f>` or `####` for a sequence)."""
        number = len(_cmds().ls(type="file")) + 1
        self.scene.add_node(f"file{number}", "file", {"fileTextureName": path})

    def add_render(
        self, name: str, folder: Path, frames: FrameRange | None, *, enabled: bool = True
    ) -> None:
        cmds = _cmds()
        self.scene.file_rules["images"] = folder.as_posix()
        cmds.setAttr("defaultRenderLayer.renderable", False)
        cmds.setAttr(
            "defaultRenderGlobals.imageFilePrefix", "<RenderLayer>/<RenderLayer>", type="string"
        )
        cmds.setAttr("defaultRenderGlobals.imageFormat", 40)
        cmds.setAttr("defaultRenderGlobals.extensionPadding", 4)
        cmds.setAttr("defaultRenderGlobals.animation", True)
        if frames is not None:
            cmds.setAttr("defaultRenderGlobals.startFrame", float(frames.first))
            cmds.setAttr("defaultRenderGlobals.endFrame", float(frames.last))
        self.scene.add_render_layer(name, renderable=enabled)

    def menu_entries(self, title: str) -> list[list[str]]:
        self.scene.process_idle()  # what Maya defers runs at its next idle time
        menus = [menu for menu in self.scene.menus.values() if menu.label == title]
        return [[item.label for item in menu.items] for menu in menus]
