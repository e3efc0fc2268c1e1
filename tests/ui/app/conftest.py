"""A demo database published once per session, and main windows over it.

The demo (publish.demo.run_demo, twice: v001 and v002 of every product) goes into a
temporary embedded database and publish root; settings are built from an explicit
environment, so no user or studio configuration leaks in. QSettings write to tmp_path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore, QtWidgets

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.publish.demo import run_demo
from axiom_publisher.ui.main_window import MainWindow
from axiom_publisher.ui.publish_tab import placeholder
from axiom_publisher.ui.workers import WorkerPool

# Qt's offscreen platform warns whenever a shown top-level window's size limits change
# (QPlatformWindow::propagateSizeHints is not implemented there). Not a problem of the app:
# the test modules here ignore exactly that message (`pytestmark = OFFSCREEN`).
OFFSCREEN = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("demo-home")
    settings = demo_settings_for(home)
    for run in range(2):
        run_demo(settings, log=lambda line: None, again=run > 0)
    return home


def demo_settings_for(home: Path) -> Settings:
    env = {"AXIOM_DATA_DIR": str(home / "data"), "AXIOM_USER_CONFIG": str(home / "none.toml")}
    return load_settings(env=env)


@pytest.fixture
def demo_settings(demo_home: Path) -> Settings:
    return demo_settings_for(demo_home)


@pytest.fixture(autouse=True)
def user_state_in_tmp(tmp_path: Path) -> None:
    """QSettings' user scope points into tmp_path: tests never touch the real user's state."""
    QtCore.QSettings.setPath(
        QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope, str(tmp_path / "qs")
    )


@pytest.fixture
def state(tmp_path: Path) -> QtCore.QSettings:
    return QtCore.QSettings(str(tmp_path / "state.ini"), QtCore.QSettings.Format.IniFormat)


def placeholder_publish(
    settings: Settings, pool: WorkerPool, parent: QtWidgets.QWidget | None
) -> QtWidgets.QWidget:
    """A Publish tab without the publish dialog: these tests are about the window."""
    return placeholder("Publish", "not under test here", "publish")


MakeWindow = Callable[..., MainWindow]


@pytest.fixture
def make_window(
    qtbot: QtBot, demo_settings: Settings, state: QtCore.QSettings
) -> Iterator[MakeWindow]:
    windows: list[MainWindow] = []

    def make(settings: Settings | None = None, **options: object) -> MainWindow:
        options.setdefault("state", state)
        options.setdefault("publish_factory", placeholder_publish)
        window = MainWindow(settings or demo_settings, **options)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.pool.wait(10_000)


@pytest.fixture
def window(qtbot: QtBot, make_window: MakeWindow) -> MainWindow:
    """A shown main window whose product tree has loaded."""
    window = make_window()
    window.show()
    qtbot.waitUntil(lambda: window.browser.products.rowCount() > 0, timeout=10_000)
    return window
