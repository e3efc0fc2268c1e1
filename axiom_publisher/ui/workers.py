"""QThreadPool workers: a QRunnable paired with a QObject that carries its signals.

All heavy work (database, media, publishing) runs here, never on the main thread. A job is a
plain callable `job(progress, cancel) -> result` from the publish layer; the worker emits
`progress(ProgressEvent)`, then exactly one of `finished(result)` or `failed(error)` (an
AxiomError or, for bugs, any exception), or `cancelled()`. Cancel is cooperative: it sets
the job's CancelToken, which the publish layer checks between steps.

The pool keeps a reference to every running worker (Qt does not), so signals are never
emitted from a collected object.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qtpy import QtCore

from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import CancelledError
from axiom_publisher.core.types import ProgressEvent

Job = Callable[[Callable[[ProgressEvent], None], CancelToken], Any]


class WorkerSignals(QtCore.QObject):
    progress = QtCore.Signal(object)  # ProgressEvent
    finished = QtCore.Signal(object)  # the job's result
    failed = QtCore.Signal(object)  # the exception
    cancelled = QtCore.Signal()
    done = QtCore.Signal()  # after any of the three above


class Worker(QtCore.QRunnable):
    """Runs one job on a pool thread; emits its signals (queued to the receivers' threads)."""

    def __init__(self, job: Job, name: str = "") -> None:
        super().__init__()
        self.setAutoDelete(False)  # the pool's reference decides its lifetime
        self.job = job
        self.name = name
        self.cancel_token = CancelToken()
        self.signals = WorkerSignals()

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def run(self) -> None:
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
            self.signals.done.emit()


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
        worker.signals.done.connect(lambda: self._running.discard(worker))
        self._pool.start(worker)
        return worker

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
