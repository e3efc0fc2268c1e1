"""The standalone app as a host: no scene, nothing to collect, Qt's main thread."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from axiom_publisher.core.errors import HostError
from axiom_publisher.core.host import CollectedOutput, MenuCommand
from axiom_publisher.hosts.base import QtMainThreadRunner, on_main_thread

T = TypeVar("T")


class StandaloneHost:
    """The AXIOM app itself. `main_window` is the window given (the app's), if any; there is
    no scene to save, collect returns nothing (files are chosen by hand), and menus belong
    to the app's own window, so `add_menu` only remembers what it was asked for."""

    identifier = "com.axiom.standalone"
    display_name = "AXIOM Publisher"

    def __init__(self, main_window: object | None = None) -> None:
        self._main_window = main_window
        self._runner: QtMainThreadRunner | None = None
        self.menus: dict[str, tuple[MenuCommand, ...]] = {}

    def main_window(self) -> object | None:
        return self._main_window

    def scene_path(self) -> Path | None:
        return None

    def scene_modified(self) -> bool:
        return False

    def save_scene(self) -> Path:
        raise HostError("the standalone app has no scene to save; choose the files to publish")

    def scene_fps(self) -> float | None:
        return None

    def scene_resolution(self) -> tuple[int, int] | None:
        return None

    def collect(self) -> list[CollectedOutput]:
        return []

    def run_in_main_thread(self, function: Callable[[], T]) -> T:
        if on_main_thread():
            return function()
        if self._runner is None:
            self._runner = QtMainThreadRunner()
        return self._runner(function)

    def add_menu(self, title: str, commands: Sequence[MenuCommand]) -> None:
        self.menus[title] = tuple(commands)
