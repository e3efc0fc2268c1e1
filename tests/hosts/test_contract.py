"""The one contract every host adapter keeps (core.host.Host), run against each adapter over
its fake host (tests/hosts/conftest.py: `scene` is parametrized over every adapter)."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.core.errors import HostError
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.host import (
    WORKFILE_PRODUCT,
    CollectedOutput,
    Host,
    MenuCommand,
    OutputKind,
)
from axiom_publisher.core.names import validate_name
from axiom_publisher.hosts.base import has_frame_token
from tests.hosts.fakes import FakeHostScene

IDENTIFIER = re.compile(r"[a-z0-9]+(\.[a-z0-9-]+)+")


def test_identity(host: Host) -> None:
    assert isinstance(host, Host)
    assert IDENTIFIER.fullmatch(host.identifier), host.identifier
    assert host.display_name.strip() == host.display_name and host.display_name


def test_main_window_is_the_hosts_window(scene: FakeHostScene) -> None:
    window = scene.main_window()
    assert window is not None
    assert scene.host.main_window() is window


def test_scene_path_none_until_saved_then_the_saved_path(
    scene: FakeHostScene, tmp_path: Path
) -> None:
    host = scene.host
    assert host.scene_path() is None
    with pytest.raises(HostError) as raised:
        host.save_scene()  # untitled (or, standalone, no scene at all): nowhere to save
    assert str(raised.value)
    if not scene.has_scene:
        assert host.scene_modified() is False
        return
    path = tmp_path / "work" / f"sh010_comp_v001{scene.workfile_suffix}"
    scene.save_as(path)
    assert host.scene_path() == path
    assert host.scene_modified() is False
    scene.modify()
    assert host.scene_modified() is True
    assert host.save_scene() == path
    assert host.scene_modified() is False
    assert path.is_file() and path.stat().st_size > 0


def test_fps_and_resolution_types(scene: FakeHostScene) -> None:
    if not scene.has_scene:
        assert scene.host.scene_fps() is None and scene.host.scene_resolution() is None
        return
    scene.set_scene_settings(25.0, 2048, 858)
    fps = scene.host.scene_fps()
    resolution = scene.host.scene_resolution()
    assert isinstance(fps, float) and fps == 25.0
    assert resolution == (2048, 858)
    assert resolution is not None and all(type(side) is int for side in resolution)


def test_collect_renders_first_then_disabled_then_the_work_file(
    scene: FakeHostScene, tmp_path: Path
) -> None:
    if not scene.has_scene:
        assert scene.host.collect() == []
        return
    renders = tmp_path / "renders"
    scene.add_render("matte", renders, None, enabled=False)
    scene.add_render("beauty", renders, FrameRange(1001, 1010))
    work = tmp_path / f"sh010_lgt_v002{scene.workfile_suffix}"
    scene.save_as(work)

    outputs = scene.host.collect()

    assert all(isinstance(item, CollectedOutput) for item in outputs)
    for item in outputs:
        assert validate_name(item.product, "product") == item.product
    assert [item.kind for item in outputs][-1] is OutputKind.WORKFILE
    enabled_renders = [item for item in outputs[:-1] if item.enabled]
    assert outputs[: len(enabled_renders)] == enabled_renders  # enabled ones come first
    beauty = _one(outputs, "beauty")
    assert beauty.enabled and beauty.kind is OutputKind.RENDER
    assert beauty.frame_range == FrameRange(1001, 1010)
    assert has_frame_token(beauty.path) and beauty.path.startswith(str(renders))
    assert beauty.path.endswith(".exr")
    matte = _one(outputs, "matte")
    assert not matte.enabled and matte.note
    workfile = outputs[-1]
    assert workfile.product == WORKFILE_PRODUCT and workfile.enabled
    assert Path(workfile.path) == work
    assert len({item.product for item in outputs}) == len(outputs)


def test_an_untitled_scene_lists_its_work_file_switched_off(scene: FakeHostScene) -> None:
    outputs = scene.host.collect()
    if not scene.has_scene:
        assert outputs == []
        return
    workfile = outputs[-1]
    assert workfile.kind is OutputKind.WORKFILE and workfile.product == WORKFILE_PRODUCT
    assert not workfile.enabled and workfile.note  # says to save the scene first


def _one(outputs: list[CollectedOutput], name: str) -> CollectedOutput:
    found = [item for item in outputs if name in item.node]
    assert len(found) == 1, [item.node for item in outputs]
    return found[0]


def _record_thread() -> tuple[str, bool]:
    return "value", threading.current_thread() is threading.main_thread()


@pytest.mark.parametrize("worker", ["thread", "qthreadpool"])
def test_run_in_main_thread_from_a_worker(host: Host, qtbot: QtBot, worker: str) -> None:
    results: list[object] = []

    def job() -> None:
        results.append(threading.current_thread() is threading.main_thread())
        results.append(host.run_in_main_thread(_record_thread))
        try:
            host.run_in_main_thread(_fail)
        except LookupError as error:
            results.append(error)

    if worker == "thread":
        thread = threading.Thread(target=job)
        thread.start()
        qtbot.waitUntil(lambda: len(results) == 3, timeout=10_000)
        thread.join()
    else:
        pool = QtCore.QThreadPool()
        runnable = _Runnable(job)  # PySide2's start() takes no plain callable
        pool.start(runnable)
        qtbot.waitUntil(lambda: len(results) == 3, timeout=10_000)
        assert pool.waitForDone(10_000)

    assert results[0] is False  # the job ran on a worker thread
    assert results[1] == ("value", True)  # the callable ran on the main thread
    assert isinstance(results[2], LookupError) and str(results[2]) == "no such thing"


class _Runnable(QtCore.QRunnable):
    def __init__(self, job: Callable[[], None]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python keeps it until the pool is done
        self._job = job

    def run(self) -> None:
        self._job()


def _fail() -> None:
    raise LookupError("no such thing")


def test_run_in_main_thread_on_the_main_thread_calls_directly(host: Host) -> None:
    assert host.run_in_main_thread(_record_thread) == ("value", True)


def test_add_menu_is_idempotent(scene: FakeHostScene) -> None:
    calls: list[str] = []
    commands = [
        MenuCommand("Publish...", lambda: calls.append("publish"), "Ctrl+Shift+P"),
        MenuCommand("Review", lambda: calls.append("review")),
    ]
    scene.host.add_menu("AXIOM", commands)
    scene.host.add_menu("AXIOM", commands)
    assert scene.menu_entries("AXIOM") == [["Publish...", "Review"]]
    scene.host.add_menu("AXIOM", commands[:1])
    assert scene.menu_entries("AXIOM") == [["Publish..."]]
