"""hosts.base: frame tokens, product names, output order, the Qt main-thread runner."""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from axiom_publisher.core.host import CollectedOutput, OutputKind
from axiom_publisher.core.names import validate_name
from axiom_publisher.hosts.base import (
    QtMainThreadRunner,
    find_top_level_widget,
    has_frame_token,
    is_geometry_path,
    ordered_outputs,
    product_name,
    unique_products,
)
from axiom_publisher.hosts.base import (
    sequence_pattern as pattern,
)


@pytest.mark.parametrize(
    ("host_path", "expected"),
    [
        ("/r/sh010.####.exr", "/r/sh010.%04d.exr"),
        ("/r/sh010.#.exr", "/r/sh010.%d.exr"),
        ("/r/sh010.%04d.exr", "/r/sh010.%04d.exr"),
        ("/r/sh010.%4d.exr", "/r/sh010.%04d.exr"),
        ("/r/sh010.%d.exr", "/r/sh010.%d.exr"),
        ("$HIP/render/beauty.$F4.exr", "$HIP/render/beauty.%04d.exr"),
        ("/r/beauty.${F3}.exr", "/r/beauty.%03d.exr"),
        ("/r/beauty.$F.exr", "/r/beauty.%d.exr"),
        ("/r/beauty_<f>.exr", "/r/beauty_%04d.exr"),
        ("/r/beauty_<F5>.exr", "/r/beauty_%05d.exr"),
        ("/r/review.mov", "/r/review.mov"),
        ("/r/v#1/a.exr", "/r/v#1/a.exr"),  # only the file name is a pattern
        (r"C:\r\sh010.####.exr", r"C:\r\sh010.%04d.exr"),
    ],
)
def test_sequence_pattern(host_path: str, expected: str) -> None:
    assert pattern(host_path) == expected


def test_float_frames_and_fps_are_not_frame_tokens() -> None:
    assert not has_frame_token("/r/a.$FF.exr") and not has_frame_token("/r/$FPS/a.exr")
    assert pattern("/r/a.$FF.exr") == "/r/a.$FF.exr"
    assert has_frame_token("/r/a.$F4.exr") and has_frame_token("/r/a.####.exr")
    assert not has_frame_token("/r/shot#1/a.exr")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write1", "Write1"),
        ("/out/mantra_beauty", "mantra_beauty"),
        ("rs beauty:main", "rs_beauty_main"),
        ("__hidden__", "hidden"),
        ("a..b", "a.b"),
        ("CON", "CON_"),
        ("", "render"),
        ("###", "render"),
        ("é", "render"),
        ("x" * 80, "x" * 64),
    ],
)
def test_product_name_is_always_valid(text: str, expected: str) -> None:
    assert product_name(text) == expected
    assert validate_name(expected, "product") == expected


def test_geometry_paths() -> None:
    assert is_geometry_path("/c/cam.abc") and is_geometry_path("/c/fx.$F4.bgeo.sc")
    assert is_geometry_path("/c/anything", "abc")
    assert not is_geometry_path("/r/beauty.####.exr", "exr") and not is_geometry_path("/r/x.mov")


def _out(node: str, kind: OutputKind = OutputKind.RENDER, enabled: bool = True) -> CollectedOutput:
    return CollectedOutput(node=node, kind=kind, path="", product=node, enabled=enabled)


def test_order_and_unique_products() -> None:
    items = [
        _out("workfile", OutputKind.WORKFILE),
        _out("off", enabled=False),
        _out("beauty"),
        _out("cache", OutputKind.CACHE),
    ]
    assert [item.node for item in ordered_outputs(items)] == ["beauty", "cache", "off", "workfile"]
    twins = unique_products([_out("beauty"), _out("Beauty"), _out("beauty")])
    assert [item.product for item in twins] == ["beauty", "Beauty_2", "beauty_3"]


def test_runner_from_threads_and_on_the_main_thread(qtbot: QtBot) -> None:
    runner = QtMainThreadRunner()
    assert runner(lambda: threading.current_thread() is threading.main_thread()) is True
    results: list[object] = []

    def worker() -> None:
        results.append(runner(lambda: threading.current_thread() is threading.main_thread()))
        try:
            runner(lambda: 1 / 0)
        except ZeroDivisionError as error:
            results.append(error)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    qtbot.waitUntil(lambda: len(results) == 6, timeout=10_000)
    for thread in threads:
        thread.join()
    assert results.count(True) == 3
    assert sum(isinstance(item, ZeroDivisionError) for item in results) == 3


def test_runner_made_on_a_worker_thread_still_runs_on_the_main_thread(qtbot: QtBot) -> None:
    made: list[QtMainThreadRunner] = []
    results: list[bool] = []

    def worker() -> None:
        made.append(QtMainThreadRunner())
        results.append(made[0](lambda: threading.current_thread() is threading.main_thread()))

    thread = threading.Thread(target=worker)
    thread.start()
    qtbot.waitUntil(lambda: results == [True], timeout=10_000)
    thread.join()


def test_find_top_level_widget(qtbot: QtBot) -> None:
    from qtpy import QtWidgets

    window = QtWidgets.QMainWindow()
    window.setObjectName("HostMain")
    qtbot.addWidget(window)
    assert find_top_level_widget("NoSuchClass", "HostMain") is window
    assert find_top_level_widget("QMainWindow") is not None
    assert find_top_level_widget("NoSuchClass", "NoSuchName") is None
