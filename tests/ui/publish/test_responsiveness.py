"""The main thread stays live while a 1080p clip is analysed and published."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.config import Settings
from axiom_publisher.media.synth import write_clip
from axiom_publisher.ui.publish_widget import PublishWidget

from .conftest import choose, drop, wait_analysed


@pytest.mark.slow
def test_the_main_thread_is_never_blocked_for_long(
    qtbot: QtBot, widget: PublishWidget, settings: Settings, tmp_path: Path
) -> None:
    clip = write_clip(tmp_path / "hd.mov", frames=240, width=1920, height=1080)
    choose(qtbot, widget, project="big")
    ticks: list[float] = []
    timer = QtCore.QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    started = time.perf_counter()
    drop(widget, clip)
    wait_analysed(qtbot, widget)
    analysed = time.perf_counter()
    with qtbot.waitSignal(widget.published, timeout=120_000):
        qtbot.mouseClick(widget.publish_button, QtCore.Qt.MouseButton.LeftButton)
    timer.stop()
    gaps = [(later - earlier) * 1000 for earlier, later in zip(ticks, ticks[1:], strict=False)]
    worst, median = max(gaps), statistics.median(gaps)
    p99 = sorted(gaps)[int(len(gaps) * 0.99)]
    print(
        f"\nmain thread over {time.perf_counter() - started:.1f} s "
        f"(analysis {analysed - started:.1f} s): {len(gaps)} gaps between 10 ms ticks, "
        f"max {worst:.1f} ms, p99 {p99:.1f} ms, median {median:.1f} ms"
    )
    assert len(gaps) > 50
    assert worst < 500, f"the main thread was blocked for {worst:.0f} ms"
