"""The bootstraps with the real AXIOM (axiom_publisher.ui.launch and the host adapters) in the
stateful fakes of tests/hosts/fakes: each host ends up with the AXIOM menu (Publish…, Review…),
built when that host's UI is ready, as the plugin files run at start-up."""

from __future__ import annotations

import runpy
import sys
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.plugins.harness import PLUGINS, ROOT

LABELS = ["Publish…", "Review…"]


@pytest.fixture(autouse=True)
def start_up(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """AXIOM_ROOT is the checkout; sys.path, the bootstrap module and launch's adapters are
    restored afterwards."""
    from axiom_publisher.ui import launch

    monkeypatch.setenv("AXIOM_ROOT", str(ROOT))
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setattr(launch, "_hosts", {})
    yield
    launch.close_all()
    sys.modules.pop("axiom_bootstrap", None)


def test_nuke_init_and_menu_build_the_axiom_menu(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.hosts.fakes import nuke as fake_nuke

    monkeypatch.setitem(sys.modules, "nuke", fake_nuke)
    fake_nuke.reset()
    try:
        runpy.run_path(str(PLUGINS / "nuke" / "init.py"))
        assert str(PLUGINS / "common") in sys.path
        runpy.run_path(str(PLUGINS / "nuke" / "menu.py"))
        menu = fake_nuke.menu("Nuke").findItem("AXIOM")
        assert menu is not None
        assert [item.name() for item in menu.items()] == LABELS
    finally:
        fake_nuke.close_main_window(fake_nuke.session())


def test_maya_user_setup_builds_the_menu_once_the_ui_is_up(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.hosts.fakes import maya as fake_maya

    scene = fake_maya.install(monkeypatch)
    try:
        scene.start_up()
        runpy.run_path(str(PLUGINS / "maya" / "scripts" / "userSetup.py"))
        assert not scene.menus  # deferred: Maya's main window does not exist yet
        scene.finish_start_up()
        (menu,) = [menu for menu in scene.menus.values() if menu.label == "AXIOM"]
        assert [item.label for item in menu.items] == LABELS
    finally:
        scene.close()


def test_houdini_pythonrc_registers_the_commands_when_the_ui_is_ready(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.hosts.fakes import hou as fake_hou

    houdini = fake_hou.install(monkeypatch)
    from axiom_publisher.hosts import houdini as adapter

    monkeypatch.setattr(adapter, "_MENUS", {})  # what earlier tests registered
    try:
        runpy.run_path(str(PLUGINS / "houdini" / "scripts" / "python" / "pythonrc.py"))
        assert adapter.commands() == ()  # deferred until Houdini's event loop runs
        qtbot.waitUntil(lambda: [c.label for c in adapter.commands()] == LABELS, timeout=5000)
    finally:
        houdini.close()
