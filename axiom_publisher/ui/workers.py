"""QThreadPool workers: a job with its signals (a QObject) and its cancel token.

All heavy work (database, media, publishing) runs here, never on the main thread. A job is a
plain callable `job(progress, cancel) -> result` from the publish layer; the worker emits
`progress(ProgressEvent)`, then exactly one of `finished(result)` or `failed(error)` (an
AxiomError or, for bugs, any exception), or `cancelled()`. Cancel is cooperative: it sets
the job's CancelToken, which the publish layer checks between steps.

Lifetimes: the pool runs `worker.run` as a plain callable, so Qt owns (and deletes) the
QRunnable that calls it and no Python-owned runnable can be collected while it runs. The
pool keeps each worker until its `done` signal reaches the main thread, and deletes the
signals object there with deleteLater(), but only once the pool thread has returned from
emitting `done`: a queued signal can reach the main thread while `emit` is still running
on the sending thread, and deleting a QObject while another thread is inside one of its
signals is undefined (it crashed in QObject::~QObject now and then).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from qtpy import QtCore

from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import CancelledError
from axiom_publisher.core.types import ProgressEvent

Job = Callable[[Callable[[ProgressEvent], None], CancelToken], Any]
RETURN_WAIT_S = 5.0  # for a pool thread to come back from emitting `done` (microseconds, usually)


class WorkerSignals(QtCore.QObject):
    progress = QtCore.Signal(object)  # ProgressEvent
    finished = QtCore.Signal(object)  # the job's result
    failed = QtCore.Signal(object)  # the exception
    cancelled = QtCore.Signal()
    done = QtCore.Signal(object)  # the Worker, after any of the three above


class Worker:
    """One job for the pool: the callable, its signals and its cancel token."""

    def __init__(self, job: Job, name: str = "") -> None:
        self.job = job
        self.name = name
        self.cancel_token = CancelToken()
        self.signals = WorkerSignals()
        self.returned = threading.Event()  # set once run() no longer touches the signals

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def run(self) -> None:
        """Called on a pool thread; the signals reach their receivers' threads queued."""
        try:
            self.cancel_token.raise_if_cancelled()
            result = self.job(self.signals.progress.emit, self.cancel_token)
        except CancelledError:
            self.signals.cancelled.emit()
        except BaseException as error:  # noqa: BLE001 - every failure reaches the UI
            self.signals.failed.emit(error)
        else:
            self.signals.finished.emit(result)
        finally:
            try:
                self.signals.done.emit(self)
            finally:
                self.returned.set()


class WorkerPool(QtCore.QObject):
    """Starts workers on a QThreadPool and keeps them alive until they are done."""

    def __init__(self, parent: QtCore.QObject | None = None, max_threads: int = 0) -> None:
        super().__init__(parent)
        self._pool = QtCore.QThreadPool(self)
        if max_threads:
            self._pool.setMaxThreadCount(max_threads)
        self._running: set[Worker] = set()

    def start(self, worker: Worker) -> Worker:
        self._running.add(worker)
        worker.signals.setParent(self)  # deleted on this (the main) thread, never by a pool thread
        worker.signals.done.connect(self._on_done)  # a bound slot: queued to this thread
        self._pool.start(worker.run)
        return worker

    @QtCore.Slot(object)
    def _on_done(self, worker: Worker) -> None:
        self._running.discard(worker)
        if worker.returned.wait(RETURN_WAIT_S):
            worker.signals.deleteLater()
        # else: a pool thread is stuck inside emit; leave the signals to their parent (the pool)

    def submit(
        self,
        job: Job,
        name: str = "",
        *,
        progress: Callable[[Any], None] | None = None,
        finished: Callable[[Any], None] | None = None,
        failed: Callable[[Any], None] | None = None,
        cancelled: Callable[[], None] | None = None,
        done: Callable[[], None] | None = None,
    ) -> Worker:
        """Wrap `job` in a Worker, connect the handlers, THEN start it, and return it.

        Handlers must be given here: a signal emitted before a connection exists reaches
        nobody, and a quick job can finish before `submit` returns.
        """
        worker = Worker(job, name)
        signals = worker.signals
        for signal, handler in (
            (signals.progress, progress),
            (signals.finished, finished),
            (signals.failed, failed),
            (signals.cancelled, cancelled),
            (signals.done, done),
        ):
            if handler is not None:
                signal.connect(handler)
        return self.start(worker)

    @property
    def running(self) -> frozenset[Worker]:
        return frozenset(self._running)

    def cancel_all(self) -> None:
        for worker in list(self._running):
            worker.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Wait for every worker to finish (for shutdown and tests)."""
        return bool(self._pool.waitForDone(msecs))
