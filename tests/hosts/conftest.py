"""Fixtures for the host adapters: the fake DCC modules installed in `sys.modules`, and the
`scene` / `host` pair the contract suite runs over every adapter.

`fake_nuke` installs tests/hosts/fakes/nuke.py as `nuke` (undone after the test) with a
fresh untitled script and a main window; `fake_maya` installs the fake `maya` packages
(fakes/maya), `fake_hou` the fake `hou` (fakes/hou.py). `scene` is parametrized over every
adapter, each through its `FakeHostScene` harness (fakes/nuke_scene.py,
fakes/maya/harness.py, fakes/houdini_scene.py); `host` is its adapter.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtWidgets

from axiom_publisher.core.host import Host
from tests.hosts.fakes import FakeHostScene
from tests.hosts.fakes import hou as fake_hou_module
from tests.hosts.fakes import maya as fake_maya_package
from tests.hosts.fakes import nuke as fake_nuke_module
from tests.hosts.fakes.hou import FakeHoudiniScene
from tests.hosts.fakes.maya import FakeMayaScene

HOSTS = ("standalone", "nuke", "maya", "houdini")


@pytest.fixture
def fake_nuke(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The fake `nuke` as `sys.modules["nuke"]`, with a fresh untitled script."""
    monkeypatch.setitem(sys.modules, "nuke", fake_nuke_module)
    fake_nuke_module.reset()
    yield fake_nuke_module
    fake_nuke_module.close_main_window(fake_nuke_module.session())


@pytest.fixture
def fake_maya(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeMayaScene]:
    """The fake `maya` packages in `sys.modules`: a fresh untitled interactive session."""
    maya_scene = fake_maya_package.install(monkeypatch)
    yield maya_scene
    maya_scene.close()


@pytest.fixture
def maya_scene(fake_maya: FakeMayaScene) -> FakeHostScene:
    from axiom_publisher.hosts.maya import MayaHost
    from tests.hosts.fakes.maya.harness import MayaScene

    return MayaScene(MayaHost(), fake_maya)


@pytest.fixture
def fake_hou(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHoudiniScene]:
    """The fake `hou` (and `hdefereval`) in `sys.modules`: a fresh, empty Houdini session."""
    houdini = fake_hou_module.install(monkeypatch)
    yield houdini
    houdini.close()


@pytest.fixture
def houdini_scene(fake_hou: FakeHoudiniScene) -> FakeHostScene:
    from axiom_publisher.hosts.houdini import HoudiniHost
    from tests.hosts.fakes.houdini_scene import HoudiniScene

    return HoudiniScene(HoudiniHost(), fake_hou)


class StandaloneScene:
    """The standalone app: no scene; its main window is the one it was given."""

    name = "standalone"
    has_scene = False
    workfile_suffix = ""

    def __init__(self, qtbot: QtBot) -> None:
        from axiom_publisher.hosts.standalone import StandaloneHost

        self.window = QtWidgets.QMainWindow()
        qtbot.addWidget(self.window)
        self.host: Host = StandaloneHost(main_window=self.window)

    def main_window(self) -> object:
        return self.window

    def save_as(self, path: Path) -> None:
        raise AssertionError("the standalone app has no scene")

    def modify(self) -> None:
        pass  # nothing to change: there is no scene

    def set_scene_settings(self, fps: float, width: int, height: int) -> None:
        pass

    def add_render(self, *args: object, **kwargs: object) -> None:
        pass

    def load(self, path: str) -> None:
        pass  # the standalone app has no scene to read anything

    def menu_entries(self, title: str) -> list[list[str]]:
        from axiom_publisher.hosts.standalone import StandaloneHost

        assert isinstance(self.host, StandaloneHost)
        menu = self.host.menus.get(title)
        return [] if menu is None else [[command.label for command in menu]]


@pytest.fixture(params=HOSTS)
def scene(request: pytest.FixtureRequest, qtbot: QtBot) -> FakeHostScene:
    """One fake host session per adapter, with the adapter under test as `scene.host`."""
    if request.param == "standalone":
        return StandaloneScene(qtbot)
    if request.param == "nuke":
        request.getfixturevalue("fake_nuke")
        from axiom_publisher.hosts.nuke import NukeHost
        from tests.hosts.fakes.nuke_scene import NukeScene

        return NukeScene(NukeHost())
    if request.param == "maya":
        return request.getfixturevalue("maya_scene")
    if request.param == "houdini":
        return request.getfixturevalue("houdini_scene")
    raise AssertionError(f"no harness for {request.param}")


@pytest.fixture
def host(scene: FakeHostScene) -> Host:
    return scene.host
