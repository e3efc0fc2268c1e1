"""Stateful fakes of the DCC modules (`nuke`, `maya.*`, `hou`) and the harness the contract
suite (tests/hosts/test_contract.py) drives every adapter through.

A `FakeHostScene` is one fake host session seen from outside the adapter: the adapter under
test (`host`), and what a person would do in the real host (save the scene under a name,
change it, add a render output, look at its menus). Each host implements it over its own
fake (`nuke_scene.py`, ...); only the fakes know the host's API, the suite knows this.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.host import Host


class FakeHostScene(Protocol):
    name: str  # "nuke", "maya", "houdini", "standalone"
    host: Host  # the adapter under test, bound to this fake session
    has_scene: bool  # False for the standalone app (no work file)
    workfile_suffix: str  # ".nk", ".ma", ".hip"; "" without a scene

    def main_window(self) -> object:
        """The fake host's own main window widget (what dialogs must parent to)."""
        ...

    def save_as(self, path: Path) -> None:
        """The artist saves the scene under `path` (File > Save As) in the host."""
        ...

    def modify(self) -> None:
        """The artist changes the scene (it becomes modified)."""
        ...

    def set_scene_settings(self, fps: float, width: int, height: int) -> None:
        """The scene's frame rate and image resolution."""
        ...

    def load(self, path: str) -> None:
        """The scene reads `path` (a Read node, a file texture, a File SOP), as written
        there (`plate.####.exr`, `$F4`)."""
        ...

    def add_render(
        self, name: str, folder: Path, frames: FrameRange | None, *, enabled: bool = True
    ) -> None:
        """A render output called `name` writing an EXR sequence into `folder` (with the
        host's own frame token), limited to `frames` when given; `enabled=False` is the
        host's way of switching it off (a disabled Write, a non-renderable layer, a bypassed
        ROP)."""
        ...

    def menu_entries(self, title: str) -> list[list[str]]:
        """For each menu titled `title` in the host's main menu bar, its entries' labels
        (after the host has run anything it defers)."""
        ...
