"""Workers run jobs off the main thread and report through queued signals."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import SourceNotFoundError
from axiom_publisher.core.types import ProgressEvent
from axiom_publisher.ui.workers import Worker, WorkerPool


@pytest.fixture
def pool(qtbot: QtBot) -> WorkerPool:
    return WorkerPool()


def test_a_job_runs_off_the_main_thread_and_reports(qtbot: QtBot, pool: WorkerPool) -> None:
    main = threading.get_ident()
    seen: list[ProgressEvent] = []

    def job(progress: Callable[[ProgressEvent], None], cancel: CancelToken) -> int:
        for step in range(3):
            progress(ProgressEvent("work", step + 1, 3))
        return threading.get_ident()

    results: list[int] = []
    pool.submit(job, progress=seen.append, finished=results.append)
    qtbot.waitUntil(lambda: len(results) == 1, timeout=5000)
    assert results[0] != main
    qtbot.waitUntil(lambda: len(seen) == 3)
    assert [event.done for event in seen] == [1, 2, 3]
    qtbot.waitUntil(lambda: not pool.running)


def test_errors_arrive_as_failed(qtbot: QtBot, pool: WorkerPool) -> None:
    def job(progress: Callable[[ProgressEvent], None], cancel: CancelToken) -> None:
        raise SourceNotFoundError("/shows/x/plate.####.exr matches nothing")

    errors: list[BaseException] = []
    pool.submit(job, failed=errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=5000)
    assert isinstance(errors[0], SourceNotFoundError)
    assert "plate.####.exr" in str(errors[0])


def test_cancel_stops_a_job_cooperatively(qtbot: QtBot, pool: WorkerPool) -> None:
    started = threading.Event()

    def job(progress: Callable[[ProgressEvent], None], cancel: CancelToken) -> str:
        started.set()
        while True:
            cancel.raise_if_cancelled()
            threading.Event().wait(0.005)

    stopped: list[bool] = []
    worker = pool.submit(job, cancelled=lambda: stopped.append(True))
    assert started.wait(5)
    worker.cancel()
    qtbot.waitUntil(lambda: stopped == [True], timeout=5000)
    assert pool.wait(5000)
    qtbot.waitUntil(lambda: not pool.running)


def test_a_job_that_finishes_at_once_still_reaches_its_handler(
    qtbot: QtBot, pool: WorkerPool
) -> None:
    results: list[str] = []
    for index in range(50):  # instant jobs: the handler must be connected before they run
        pool.submit(lambda progress, cancel, index=index: f"job {index}", finished=results.append)
    qtbot.waitUntil(lambda: len(results) == 50, timeout=5000)
    assert sorted(results) == sorted(f"job {index}" for index in range(50))


def test_signals_are_deleted_only_after_the_pool_thread_left_emit(
    qtbot: QtBot, pool: WorkerPool
) -> None:
    """`done` can arrive on the main thread while the pool thread is still inside emit();
    the signals object must outlive that emit (deleting it there crashed in ~QObject)."""
    worker = Worker(lambda progress, cancel: None, "slow return")
    worker.signals.setParent(pool)
    order: list[str] = []

    def come_back_late() -> None:
        time.sleep(0.05)
        order.append("returned")
        worker.returned.set()

    thread = threading.Thread(target=come_back_late)
    thread.start()
    with qtbot.waitSignal(worker.signals.destroyed, timeout=5_000):
        pool._on_done(worker)
        order.append("released")
    thread.join()
    assert order == ["returned", "released"]


def test_releasing_the_last_handler_may_free_the_pool_that_ran_it(qtbot: QtBot) -> None:
    """A handler (a lambda holding a widget) can hold the last reference to the widget that
    owns the pool: releasing the worker then frees the pool, which must not crash."""
    from qtpy import QtWidgets

    class Owner(QtWidgets.QWidget):
        def __init__(self) -> None:
            super().__init__()
            self.pool = WorkerPool(self)
            self.results: list[int] = []

    owner = Owner()
    destroyed: list[bool] = []
    owner.destroyed.connect(lambda *_: destroyed.append(True))
    pool_gone: list[bool] = []
    owner.pool.destroyed.connect(lambda *_: pool_gone.append(True))
    results = owner.results
    owner.pool.submit(
        lambda progress, cancel: 7, finished=lambda value, held=owner: held.results.append(value)
    )
    del owner  # the handler holds the last reference now
    qtbot.waitUntil(lambda: bool(pool_gone), timeout=5_000)
    assert destroyed == [True]
    assert results == [7]  # the handler ran before its owner went


def test_bindings_without_callable_start_run_jobs_as_runnables(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PySide2's QThreadPool.start takes only a QRunnable: the fallback runs every job too."""
    from axiom_publisher.ui import workers

    monkeypatch.setattr(workers, "_callable_start", False)
    pool = WorkerPool()
    results: list[int] = []
    for number in range(20):
        pool.submit(lambda progress, cancel, n=number: n * n, finished=results.append)
    qtbot.waitUntil(lambda: len(results) == 20, timeout=10_000)
    assert sorted(results) == [n * n for n in range(20)]
    assert pool.wait(5_000)
    qtbot.waitUntil(lambda: not workers._retired, timeout=5_000)  # every runnable released


def test_runnables_outliving_their_deleted_pool_are_released(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A widget (and its WorkerPool) can go while a finished job's runnable still waits for
    the pool's other threads: the release then goes on (the old code raised in the event
    loop on the deleted QThreadPool at every retry)."""
    from qtpy import QtCore

    from axiom_publisher.ui import workers

    monkeypatch.setattr(workers, "_callable_start", False)
    owner = QtCore.QObject()
    pool = WorkerPool(owner)
    gate = threading.Event()
    results: list[str] = []
    pool.submit(lambda progress, cancel: "quick", finished=results.append)
    pool.submit(lambda progress, cancel: gate.wait(10) and "held", finished=results.append)
    qtbot.waitUntil(lambda: results == ["quick"])
    qtbot.waitUntil(lambda: len(workers._retired) == 1)  # kept: a pool thread is busy
    qtbot.wait(3 * workers.RELEASE_RETRY_MS)
    assert len(workers._retired) == 1
    gate.set()
    with qtbot.waitSignal(owner.destroyed, timeout=5_000):
        owner.deleteLater()  # ~QThreadPool waits for the held job
    qtbot.waitUntil(lambda: not workers._retired, timeout=5_000)
