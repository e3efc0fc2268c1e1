"""The contract harness (`FakeHostScene`) over the fake `nuke` module."""

from __future__ import annotations

from pathlib import Path

from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.host import Host
from tests.hosts.fakes import nuke as fake_nuke
from tests.hosts.fakes.nuke_menu import Menu
from tests.hosts.fakes.nuke_objects import Format


class NukeScene:
    name = "nuke"
    has_scene = True
    workfile_suffix = ".nk"

    def __init__(self, host: Host) -> None:
        self.host = host
        self.session = fake_nuke.session()

    def main_window(self) -> object:
        return self.session.main_window

    def save_as(self, path: Path) -> None:
        fake_nuke.scriptSaveAs(str(path))

    def modify(self) -> None:
        fake_nuke.createNode("Blur")

    def set_scene_settings(self, fps: float, width: int, height: int) -> None:
        root = fake_nuke.root()
        root["fps"].setValue(fps)
        root["format"].setValue(Format(width, height, f"{width}x{height}"))

    def load(self, path: str) -> None:
        fake_nuke.nodes.Read(file=path)

    def add_render(
        self, name: str, folder: Path, frames: FrameRange | None, *, enabled: bool = True
    ) -> None:
        write = fake_nuke.nodes.Write(name=name, file=f"{folder}/{name}.####.exr")
        write["disable"].setValue(not enabled)
        if frames is not None:
            write["use_limit"].setValue(True)
            write["first"].setValue(frames.first)
            write["last"].setValue(frames.last)

    def menu_entries(self, title: str) -> list[list[str]]:
        menus = [item for item in fake_nuke.menu("Nuke").items() if item.name() == title]
        return [
            [entry.name() for entry in menu.items()] for menu in menus if isinstance(menu, Menu)
        ]
