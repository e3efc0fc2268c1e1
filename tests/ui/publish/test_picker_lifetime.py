"""A context picker deleted (with its window) while a query runs drops the late result."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.types import ProgressCallback
from axiom_publisher.ui.publish.context_picker import ContextPicker
from axiom_publisher.ui.workers import WorkerPool


def test_a_result_arriving_after_the_picker_was_deleted_is_dropped(
    qtbot: QtBot, settings: Settings
) -> None:
    pool = WorkerPool(max_threads=1)
    gate = threading.Event()

    def blocker(progress: ProgressCallback, cancel: CancelToken) -> None:
        assert gate.wait(30)

    pool.submit(blocker, "blocker")  # the one thread is busy: the picker's query waits
    picker = ContextPicker(settings, pool)
    picker.refresh()  # the projects query, queued behind the blocker
    assert picker.loading
    deleted: list[bool] = []
    picker.destroyed.connect(lambda *_: deleted.append(True))
    picker.deleteLater()
    qtbot.waitUntil(lambda: bool(deleted), timeout=10_000)

    gate.set()  # now the query runs and its result reaches the main thread
    qtbot.waitUntil(lambda: not pool.running, timeout=30_000)
    # pytest-qt fails the test if a handler raised in the event loop (a deleted combo box)
    assert pool.wait(10_000)
