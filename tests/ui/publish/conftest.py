"""Publish widget fixtures: a real database with projects the generated media meets,
generated clips and sequences, and a PublishWidget on its own WorkerPool."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore, QtGui

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.core.types import EntityKind, EntitySpec, ProjectSpec
from axiom_publisher.media.synth import write_clip, write_sequence
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.ui.publish.rows import ItemRow, RowState
from axiom_publisher.ui.publish_widget import PublishWidget
from axiom_publisher.ui.workers import WorkerPool
from tests.roots import publish_root

ANALYSIS_TIMEOUT = 60_000
# Read at import: the axiom_env fixture removes every AXIOM_* variable during a test.
SHOTS = os.environ.get("AXIOM_UI_SHOTS")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform says so whenever a top-level widget is shown; not our warning.
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.qt_log_ignore("does not support propagateSizeHints"))


def make_settings(url: str, root: Path, env: dict[str, str]) -> Settings:
    """Settings on `url` with three projects: `proj` (64x36, the small media), `mid`
    (640x360) and `big` (1920x1080), each with a shot sh010 (no cut range) and an asset."""
    settings = load_settings(
        dict(env, AXIOM_LEASE_SECONDS="30"), db_url=url, publish_root=publish_root(root)
    )
    with open_catalog_database(settings) as database:
        for code, width, height in (("proj", 64, 36), ("mid", 640, 360), ("big", 1920, 1080)):
            spec = ProjectSpec(code=code, name=code.title(), width=width, height=height)
            catalog.create_project(database, spec)
            catalog.create_entity(database, EntitySpec(code, "sh010", EntityKind.SHOT))
            catalog.create_entity(database, EntitySpec(code, "hero", EntityKind.ASSET))
    return settings


@pytest.fixture
def settings(sqlite_url: str, tmp_path: Path, axiom_env: dict[str, str]) -> Settings:
    return make_settings(sqlite_url, tmp_path / "publish", axiom_env)


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Small generated media shared by the widget tests (read-only by convention)."""
    root = tmp_path_factory.mktemp("widget-media")
    write_clip(root / "clip.mov", frames=24, width=64, height=36)
    write_clip(root / "wide.mov", frames=24, width=80, height=36)  # wrong resolution
    write_sequence(root / "gap", "plate", 1001, 1006, width=64, height=36, skip=frozenset({1003}))
    return root


@pytest.fixture(scope="session")
def mid_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_clip(tmp_path_factory.mktemp("mid") / "mid.mov", frames=120, width=640, height=360)


WidgetFactory = Callable[[Settings], PublishWidget]


@pytest.fixture
def make_widget(qtbot: QtBot) -> Iterator[WidgetFactory]:
    """PublishWidgets on their own pools; closed and their workers drained afterwards."""
    made: list[tuple[PublishWidget, WorkerPool]] = []

    def make(settings: Settings) -> PublishWidget:
        pool = WorkerPool()
        widget = PublishWidget(settings, pool)
        qtbot.addWidget(widget)
        widget.resize(1120, 780)
        widget.show()
        made.append((widget, pool))
        return widget

    yield make
    for widget, pool in made:
        widget.close()
        assert pool.wait(60_000)


@pytest.fixture
def widget(make_widget: WidgetFactory, settings: Settings) -> PublishWidget:
    return make_widget(settings)


def drop(widget: PublishWidget, *paths: Path) -> None:
    """What a drag and drop of files from a file manager delivers to the widget."""
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(path)) for path in paths])
    position = QtCore.QPointF(widget.width() / 2, widget.height() / 2)
    event = QtGui.QDropEvent(
        position,
        QtCore.Qt.DropAction.CopyAction,
        mime,
        QtCore.Qt.MouseButton.LeftButton,
        QtCore.Qt.KeyboardModifier.NoModifier,
    )
    widget.dropEvent(event)
    assert event.isAccepted()


def choose(qtbot: QtBot, widget: PublishWidget, project: str = "proj", **names: str) -> None:
    """Select project / sh010 / comp / plate (or the given names) once they are loaded."""
    entity = names.get("entity", "sh010")
    task, product = names.get("task", "comp"), names.get("product", "plate")
    widget.set_context(project, entity, task, product)
    qtbot.waitUntil(lambda: widget.picker.context() is not None, timeout=10_000)
    context = widget.picker.context()
    assert context is not None
    assert (context.project, context.entity, context.task, context.product) == (
        project, entity, task, product,
    )  # fmt: skip


def wait_analysed(qtbot: QtBot, widget: PublishWidget, count: int = 1) -> list[ItemRow]:
    def ready() -> bool:
        rows = widget.rows
        return len(rows) == count and all(
            row.state in (RowState.READY, RowState.ERROR) for row in rows
        )

    qtbot.waitUntil(ready, timeout=ANALYSIS_TIMEOUT)
    qtbot.waitUntil(lambda: not widget.busy, timeout=10_000)
    return widget.rows


def shots_dir() -> Path | None:
    """Where screenshots are also saved for review (AXIOM_UI_SHOTS), if anywhere."""
    return Path(SHOTS) if SHOTS else None
