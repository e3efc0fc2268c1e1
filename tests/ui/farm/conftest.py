"""Farm panel and "Publish on the farm" fixtures: a Redis child of the test's own, a database
with the publish widget tests' projects, real `axiom worker` processes, styled screenshots."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtGui, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.farm.probe import serving_workers
from axiom_publisher.publish.jobs.runner import SLOW_STEPS
from axiom_publisher.ui.farm.panel import FarmPanel
from axiom_publisher.ui.style import apply_dark_style
from axiom_publisher.ui.workers import WorkerPool
from tests.farm.conftest import redis_child  # noqa: F401 - the fixture, one definition
from tests.redis_server import RedisChild
from tests.ui.publish.conftest import make_settings, make_widget, media  # noqa: F401

REPO = Path(__file__).resolve().parents[3]
PanelFactory = Callable[[Settings], FarmPanel]
SHOTS = Path("/tmp/axiom")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.qt_log_ignore("does not support propagateSizeHints"))


def farm_settings(
    db_url: str, tmp_path: Path, env: dict[str, str], redis: RedisChild, over_mb: float = 500
) -> Settings:
    """The publish widget tests' projects on `db_url`, the farm on this test's Redis."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    config = tmp_path / "studio.toml"
    config.write_text(f"[farm]\nfarm_over_mb = {over_mb}\nretries = 0\n")
    env = dict(env, AXIOM_FARM_REDIS_URL=redis.url, AXIOM_STUDIO_CONFIG=str(config))
    return make_settings(db_url, tmp_path / "publish", env)


def start_worker(
    settings: Settings, host: str, *flags: str, step_seconds: float = 0.0
) -> subprocess.Popen[bytes]:
    """A real `axiom worker` process standing in for render node `host`; its output goes
    to worker-HOST.log beside the publish root (a pipe nobody reads would fill up)."""
    environment = dict(os.environ, AXIOM_WORKER_HOST=host,
                       AXIOM_FARM_REDIS_URL=settings.farm.redis_url)  # fmt: skip
    if step_seconds:
        environment[SLOW_STEPS] = str(step_seconds)
    log = worker_log(settings, host)
    with log.open("ab") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "axiom_publisher", "--db", settings.db_url, "--root",
             str(settings.publish_root), "worker", *flags],
            env=environment, cwd=REPO, start_new_session=True,
            stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip


def wait_serving(qtbot: QtBot, settings: Settings, count: int = 1) -> None:
    """Until `count` workers have registered on the farm's queue (a worker process takes a
    moment to start, longer on a busy machine)."""
    qtbot.waitUntil(lambda: serving_workers(settings.farm) == count, timeout=120_000)


def worker_log(settings: Settings, host: str) -> Path:
    return settings.publish_root.parent / f"worker-{host}.log"


def finish(
    settings: Settings, worker: subprocess.Popen[bytes], host: str, qtbot: QtBot,
    timeout: float = 180,
) -> str:  # fmt: skip
    """Wait (running the Qt event loop) for burst worker `host` to exit 0; its output."""
    qtbot.waitUntil(lambda: worker.poll() is not None, timeout=int(timeout * 1000))
    output = worker_log(settings, host).read_text(errors="replace")
    assert worker.returncode == 0, output
    return output


def stop(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


@pytest.fixture
def make_panel(qtbot: QtBot) -> Iterator[PanelFactory]:
    """FarmPanels on their own pools, shown; stopped and their workers drained afterwards."""
    made: list[tuple[FarmPanel, WorkerPool]] = []

    def make(settings: Settings) -> FarmPanel:
        pool = WorkerPool()
        panel = FarmPanel(settings, pool)
        qtbot.addWidget(panel)
        panel.resize(1500, 520)
        panel.show()
        panel.start()
        made.append((panel, pool))
        return panel

    yield make
    for panel, pool in made:
        panel.shutdown()
        assert pool.wait(60_000)


@pytest.fixture
def dark_app(qapp: QtWidgets.QApplication) -> Iterator[None]:
    """The app's look (Fusion, the dark palette, the style sheet) for a screenshot, as
    `axiom gui` sets it; the test application's own look again afterwards."""
    style, palette, sheet = qapp.style().name(), QtGui.QPalette(qapp.palette()), qapp.styleSheet()
    apply_dark_style(qapp)
    try:
        yield
    finally:
        qapp.setStyleSheet(sheet)
        qapp.setPalette(palette)
        qapp.setStyle(style)


def screenshot(widget: QtWidgets.QWidget, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    assert widget.grab().save(str(path))
    return path
