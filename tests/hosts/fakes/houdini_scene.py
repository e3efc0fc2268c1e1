"""The contract harness (`FakeHostScene`) over the fake `hou` (tests/hosts/fakes/hou.py).

fake = fake_hou.install(monkeypatch)   # then, in the `scene` fixture:
HoudiniScene(HoudiniHost(), fake)      # and fake.close() when the test ends
"""

from __future__ import annotations

from pathlib import Path

from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.host import Host
from tests.hosts.fakes.hou import FakeHoudiniScene


class HoudiniScene:
    name = "houdini"
    has_scene = True
    workfile_suffix = ".hip"

    def __init__(self, host: Host, fake: FakeHoudiniScene) -> None:
        self.host = host
        self.fake = fake
        self.hou = fake.module

    def main_window(self) -> object:
        window: object = self.fake.main_window()
        return window

    def save_as(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)  # the artist makes the folder in the dialog
        self.hou.hipFile.save(str(path))

    def modify(self) -> None:
        self.hou.node("/obj").createNode("geo")

    def set_scene_settings(self, fps: float, width: int, height: int) -> None:
        self.hou.setFps(fps)
        camera = self.hou.node("/obj/cam1") or self.hou.node("/obj").createNode("cam", "cam1")
        camera.parm("resx").set(width)
        camera.parm("resy").set(height)

    def load(self, path: str) -> None:
        """A File SOP reading `path` in /obj/inputs (a geo node made on first use)."""
        if self.fake.root.node("/obj/inputs") is None:
            self.fake.create("/obj", "geo", "inputs")
        self.fake.create("/obj/inputs", "file", file=path.replace("####", "$F4"))

    def add_render(
        self, name: str, folder: Path, frames: FrameRange | None, *, enabled: bool = True
    ) -> None:
        """A Mantra ROP in /out (bypassed when not enabled); without `frames` it renders the
        global range (`$FSTART`-`$FEND`), as Render Frame Range with the defaults."""
        parms: dict[str, object] = {"vm_picture": f"{folder}/{name}.$F4.exr", "trange": 1}
        if frames is not None:
            parms.update(f1=frames.first, f2=frames.last)
        self.fake.create("/out", "ifd", name, bypassed=not enabled, **parms)

    def menu_entries(self, title: str) -> list[list[str]]:
        from axiom_publisher.hosts.houdini import commands

        registered = commands(title)
        return [[command.label for command in registered]] if registered else []
