"""What uses what, published on the farm from a (fake) Nuke session: the scene reads two
published plates; "Publish on the farm" queues the render, a real `axiom worker` process
publishes the saved scene as the work file (the plates its inputs) and the render made from
it. The same scene then published in-process (the farm unticked) reuses that work file, and
`axiom deps VERSION --json` shows the same links for both renders. A scene saved again
after its job was queued fails the job with the reason (never a work file that did not make
the render). Real Redis child, SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.cli import main
from axiom_publisher.config import Settings
from axiom_publisher.core.farm import FarmJobRecord
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.host import INPUT_DEPENDENCY, WORKFILE_DEPENDENCY, WORKFILE_PRODUCT
from axiom_publisher.core.types import PublishContext, PublishItem, VersionRecord
from axiom_publisher.media.synth import write_sequence
from axiom_publisher.publish import jobs
from axiom_publisher.publish.dependencies import full_name
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source
from axiom_publisher.ui import launch
from axiom_publisher.ui.publish.dialog import PublishDialog
from tests.hosts.fakes import FakeHostScene
from tests.hosts.test_publish_in_host import make_settings, render_frames, settle, wait_ready
from tests.hosts.test_publish_on_farm_in_host import fresh_launch
from tests.redis_server import RedisChild
from tests.ui.farm.conftest import (  # noqa: F401 - a fixture
    redis_child,
    start_worker,
    stop,
    wait_serving,
)

__all__ = ["fresh_launch"]  # a fixture used by name
FRAMES = FrameRange(1001, 1003)
TIMEOUT = 180_000
pytestmark = pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise)")


def plate(settings: Settings, tmp_path: Path, product: str) -> VersionRecord:
    """A published plate sequence (PNG, 64x36) of proj/sh010/plate/<product>."""
    folder = tmp_path / "delivery" / product
    write_sequence(folder, product, 1001, 1003, 64, 36)
    item = PublishItem(
        PublishContext("proj", "sh010", "plate", product),
        (resolve_source(folder / f"{product}.####.png"),),
        qc_override_reason="test plate",
    )
    with PublishService.open(settings) as service:
        return service.publish(item)


def deps(capsys: pytest.CaptureFixture[str], settings: Settings, version: int) -> dict[str, Any]:
    """`axiom deps VERSION --json`, as a user types it."""
    capsys.readouterr()
    root = str(settings.publish_root)
    code = main(["--db", settings.db_url, "--root", root, "deps", str(version), "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    result: dict[str, Any] = json.loads(out)
    return result


def links(found: dict[str, Any]) -> list[tuple[str, str, int]]:
    return sorted((link["name"], link["kind"], link["depth"]) for link in found["links"])


def on_farm(qtbot: QtBot, dialog: PublishDialog) -> FarmJobRecord:
    """Publish on the farm (the default inside Nuke): the one job queued."""
    widget = dialog.widget
    qtbot.waitUntil(lambda: widget.farm_choice.workers == 1, timeout=30_000)
    qtbot.waitUntil(lambda: len(widget.rows) == 1 and not widget.publish_problem(),
                    timeout=60_000)  # fmt: skip
    assert widget.farm_choice.chosen
    with qtbot.waitSignal(widget.farm_submitted, timeout=10_000) as submitted:
        qtbot.mouseClick(widget.publish_button, QtCore.Qt.MouseButton.LeftButton)
    (job,) = submitted.args[0]
    assert isinstance(job, FarmJobRecord)
    return job


def ended(qtbot: QtBot, settings: Settings, job_id: int) -> FarmJobRecord:
    def done() -> bool:
        return jobs.get_job(settings, job_id).status in ("done", "failed", "cancelled")

    qtbot.waitUntil(done, timeout=TIMEOUT)
    return jobs.get_job(settings, job_id)


@pytest.fixture
def nuke_farm(
    scene: FakeHostScene,
    db_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    redis_child: RedisChild,  # noqa: F811 - the fixture
) -> tuple[Settings, QtCore.QSettings, tuple[VersionRecord, VersionRecord]]:
    """proj/sh010 with two published plates, a saved Nuke scene reading them (and a library
    file that is not published), its beauty render on disk, the scene changed since."""
    settings = make_settings(
        db_url, tmp_path, dict(axiom_env, AXIOM_FARM_REDIS_URL=redis_child.url)
    )
    state = QtCore.QSettings(str(tmp_path / "ui.ini"), QtCore.QSettings.Format.IniFormat)
    bg, fg = plate(settings, tmp_path, "bg"), plate(settings, tmp_path, "fg")
    work = tmp_path / "proj" / "sh010" / "comp" / "work" / "sh010_comp_v001.nk"
    scene.add_render("beauty", tmp_path / "renders", FRAMES)
    for read in (bg, fg):  # as the artist reads them: the published sequence's pattern
        scene.load(str(read.path / f"{read.product}.####.png"))
    scene.load(str(tmp_path / "library" / "grain.####.exr"))  # not published: no input
    work.parent.mkdir(parents=True)
    scene.save_as(work)
    (beauty,) = [o for o in scene.host.collect() if "beauty" in o.node]
    render_frames(beauty, FRAMES)
    scene.modify()
    return settings, state, (bg, fg)


@pytest.mark.parametrize("scene", ["nuke"], indirect=True)
def test_a_farm_publish_from_nuke_records_the_same_dependencies_as_in_process(
    qtbot: QtBot,
    scene: FakeHostScene,
    nuke_farm: tuple[Settings, QtCore.QSettings, tuple[VersionRecord, VersionRecord]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings, state, (bg, fg) = nuke_farm
    worker = start_worker(settings, "node-d")
    try:
        wait_serving(qtbot, settings)
        dialog = launch.show_publisher(scene.host, settings, state=state)
        dialog.widget.ask_save = lambda title, text: True
        job = on_farm(qtbot, dialog)
        farm_job = ended(qtbot, settings, job.id)
    finally:
        stop(worker)
    assert farm_job.status == "done", farm_job.error
    assert farm_job.payload["workfile"] == str(scene.host.scene_path())
    assert farm_job.version_id is not None
    farm_render = deps(capsys, settings, farm_job.version_id)
    workfile_links = [link for link in farm_render["links"] if link["kind"] == WORKFILE_DEPENDENCY]
    (workfile,) = workfile_links
    assert workfile["name"] == f"proj/sh010/comp/{WORKFILE_PRODUCT}/v001"
    expected_inputs = {full_name(bg), full_name(fg)}
    inputs = {link["name"] for link in farm_render["links"] if link["kind"] == INPUT_DEPENDENCY}
    assert inputs == expected_inputs
    # the work file the worker published has the plates as its own inputs
    farm_workfile = deps(capsys, settings, workfile["version_id"])
    assert {link["name"] for link in farm_workfile["links"]} == expected_inputs

    # The same scene published in-process: the work file is reused, the links are the same.
    dialog = launch.show_publisher(scene.host, settings, state=state)
    widget = dialog.widget
    qtbot.waitUntil(lambda: len(widget.rows) == 1, timeout=60_000)
    if widget.farm_choice.chosen:
        qtbot.mouseClick(widget.farm_choice.check, QtCore.Qt.MouseButton.LeftButton)
    assert not widget.farm_choice.chosen
    wait_ready(qtbot, dialog, 1)
    published: list[list[VersionRecord]] = []
    widget.published.connect(published.append)
    qtbot.mouseClick(widget.publish_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(published) or not widget.busy, timeout=TIMEOUT)
    assert published, widget.log.toPlainText()  # what the publish said, if it failed
    here = [v for v in published[0] if v.product != WORKFILE_PRODUCT]
    (render,) = here
    assert render.number == 2 and render.id != farm_job.version_id
    assert links(deps(capsys, settings, render.id)) == links(farm_render)
    assert len(links(farm_render)) == 3  # the work file and the two plates
    settle(qtbot)


@pytest.mark.parametrize("scene", ["nuke"], indirect=True)
def test_a_scene_saved_again_before_its_farm_job_runs_fails_the_job_with_the_reason(
    qtbot: QtBot,
    scene: FakeHostScene,
    nuke_farm: tuple[Settings, QtCore.QSettings, tuple[VersionRecord, VersionRecord]],
) -> None:
    settings, state, _ = nuke_farm
    dialog = launch.show_publisher(scene.host, settings, state=state)
    widget = dialog.widget
    widget.ask_save = lambda title, text: True
    qtbot.waitUntil(lambda: widget.farm_choice.workers == 0, timeout=30_000)  # none yet
    qtbot.waitUntil(lambda: len(widget.rows) == 1 and not widget.busy, timeout=60_000)
    assert not widget.farm_choice.chosen
    qtbot.mouseClick(widget.farm_choice.check, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not widget.publish_problem(), timeout=60_000)
    with qtbot.waitSignal(widget.farm_submitted, timeout=10_000) as submitted:
        qtbot.mouseClick(widget.publish_button, QtCore.Qt.MouseButton.LeftButton)
    (job,) = submitted.args[0]
    assert job.payload["workfile_sha256"]
    scene.modify()
    scene.host.save_scene()  # the artist goes on and saves over the scene
    worker = start_worker(settings, "node-f", "--burst")
    try:  # until the queue is empty: RQ's retries ([farm] retries) fail the same way
        qtbot.waitUntil(lambda: worker.poll() is not None, timeout=TIMEOUT)
    finally:
        stop(worker)
    failed = jobs.get_job(settings, job.id)
    assert failed.status == "failed"
    assert "changed after the job was queued" in (failed.error or "")
    assert str(scene.host.scene_path()) in (failed.error or "")
    settle(qtbot)


@pytest.mark.parametrize("scene", ["nuke"], indirect=True)
def test_two_renders_run_at_once_on_two_nodes_share_one_work_file(
    qtbot: QtBot,
    scene: FakeHostScene,
    nuke_farm: tuple[Settings, QtCore.QSettings, tuple[VersionRecord, VersionRecord]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings, state, _ = nuke_farm
    scene.add_render("matte", tmp_path / "renders", FRAMES)
    (matte,) = [o for o in scene.host.collect() if "matte" in o.node]
    render_frames(matte, FRAMES)
    # slowed down, so that both nodes are deciding the work file at the same time
    nodes = [start_worker(settings, f"node-{n}", step_seconds=0.05) for n in "gh"]
    try:
        wait_serving(qtbot, settings, 2)
        dialog = launch.show_publisher(scene.host, settings, state=state)
        widget = dialog.widget
        widget.ask_save = lambda title, text: True
        qtbot.waitUntil(lambda: widget.farm_choice.workers == 2, timeout=30_000)
        qtbot.waitUntil(lambda: len(widget.rows) == 2 and not widget.publish_problem(),
                        timeout=60_000)  # fmt: skip
        assert widget.farm_choice.chosen
        with qtbot.waitSignal(widget.farm_submitted, timeout=10_000) as submitted:
            qtbot.mouseClick(widget.publish_button, QtCore.Qt.MouseButton.LeftButton)
        queued = submitted.args[0]
        assert len(queued) == 2
        ends = [ended(qtbot, settings, job.id) for job in queued]
    finally:
        for node in nodes:
            stop(node)
    assert [job.status for job in ends] == ["done", "done"], [job.error for job in ends]
    assert {job.worker_host for job in ends} == {"node-g", "node-h"}  # at once, on two nodes
    workfiles = set()
    for job in ends:
        assert job.version_id is not None
        found = deps(capsys, settings, job.version_id)["links"]
        workfiles |= {link["name"] for link in found if link["kind"] == WORKFILE_DEPENDENCY}
    assert workfiles == {f"proj/sh010/comp/{WORKFILE_PRODUCT}/v001"}
    code = main(["--db", settings.db_url, "--root", str(settings.publish_root), "versions",
                 "--project", "proj", "--product", WORKFILE_PRODUCT, "--json"])  # fmt: skip
    assert code == 0
    assert len(json.loads(capsys.readouterr().out)) == 1  # the scene published once
    settle(qtbot)
